import {
  eventFormatters,
  fanOut,
  formatDuration,
  formatEvent,
  type RunEvent,
} from '../../../src/logging/events';
import { consoleFormatters } from '../../../src/logging/console-renderer';
import { configMgrLogDir, defaultLogDir, defaultReportDir, intuneLogDir } from '../../../src/logging/paths';

describe('default folders', () => {
  it('uses %ProgramData%\\winre-fix on Windows, whatever the case of the variable', () => {
    expect(defaultLogDir({ ProgramData: 'D:\\PD' }, 'win32')).toBe('D:\\PD\\winre-fix\\Logs');
    expect(defaultReportDir({ PROGRAMDATA: 'C:\\ProgramData' }, 'win32')).toBe(
      'C:\\ProgramData\\winre-fix\\Reports',
    );
    expect(defaultLogDir({}, 'win32')).toBe('C:\\ProgramData\\winre-fix\\Logs');
  });

  it('uses the XDG state directory elsewhere, ignoring a relative XDG_STATE_HOME', () => {
    expect(defaultLogDir({ XDG_STATE_HOME: '/var/state', HOME: '/home/a' }, 'linux')).toBe(
      '/var/state/winre-fix/logs',
    );
    expect(defaultLogDir({ XDG_STATE_HOME: 'rel', HOME: '/home/a' }, 'linux')).toBe(
      '/home/a/.local/state/winre-fix/logs',
    );
    expect(defaultReportDir({ HOME: '/root' }, 'linux')).toBe('/root/.local/state/winre-fix/reports');
  });

  it('knows where Intune and ConfigMgr collect logs', () => {
    expect(intuneLogDir({ ProgramData: 'C:\\ProgramData' })).toBe(
      'C:\\ProgramData\\Microsoft\\IntuneManagementExtension\\Logs',
    );
    expect(configMgrLogDir({ windir: 'C:\\WINDOWS' })).toBe('C:\\WINDOWS\\CCM\\Logs');
  });
});

describe('run events', () => {
  it('has a log formatter and a console formatter for exactly the same kinds', () => {
    expect(Object.keys(consoleFormatters).sort()).toEqual(Object.keys(eventFormatters).sort());
  });

  it('logs the time WinRE was disabled and for how long, at the right levels', () => {
    expect(formatEvent({ kind: 'winre-disabled', at: '2026-11-25T20:00:00.000Z' })).toMatchObject({
      level: 'warn',
      fields: { at: '2026-11-25T20:00:00.000Z' },
    });
    const enabled = formatEvent({
      kind: 'winre-enabled',
      at: '2026-11-25T20:01:00.000Z',
      disabledForMs: 60_000,
    });
    expect(enabled.message).toContain('disabled for 1m 00s');
    expect(enabled.fields).toMatchObject({ disabledForMs: 60_000 });
    const finished = formatEvent({
      kind: 'run-finished',
      verdict: 'degraded',
      exitCode: 23,
      durationMs: 5,
      reasons: [],
    });
    expect(finished.level).toBe('error');
  });

  it('keeps extra fields an emitter attaches', () => {
    const record = formatEvent({
      kind: 'step-started',
      stepId: 's',
      stepKind: 'k',
      description: 'd',
      fields: { disk: 0 },
    });
    expect(record.fields).toMatchObject({ stepId: 's', disk: 0 });
  });

  it('fans out to every listener even when one throws, then reports the failure', () => {
    const seen: string[] = [];
    const listener = fanOut(
      () => {
        throw new Error('broken listener');
      },
      (e: RunEvent) => seen.push(e.kind),
    );
    expect(() => listener({ kind: 'note', level: 'info', message: 'hi' })).toThrow('broken listener');
    expect(seen).toEqual(['note']);
  });

  it('formats durations for people', () => {
    expect([450, 1500, 61_000, 3_725_000].map(formatDuration)).toEqual([
      '450 ms',
      '1.5 s',
      '1m 01s',
      '1h 02m',
    ]);
  });
});

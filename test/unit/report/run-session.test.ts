import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startRunSession } from '../../../src/logging/run-session';
import { RunRecorder } from '../../../src/report/run-recorder';
import { validatorFor } from '../../../src/schemas/validators';
import { parseCmTrace } from '../logging/cmtrace-parser';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-session-'));
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

class Sink {
  text = '';
  readonly isTTY = false;
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/** A clock that moves on by one second per call, so durations are exact. */
function steppingClock(startMs: number): () => Date {
  let t = startMs;
  return () => new Date((t += 1000));
}

const T0 = Date.UTC(2026, 10, 25, 20, 0, 0);
const iso = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();

describe('run recorder', () => {
  const identity = {
    runId: 'r1',
    command: 'fix',
    computerName: 'PC-1',
    toolVersion: '0.1.0',
    simulated: true,
    startedAt: new Date(T0),
  };
  const paths = { cmtrace: null, jsonl: null, extraCmtrace: null };

  it('derives steps, the failed step, bytes from C: and the WinRE-disabled time from events', () => {
    const r = new RunRecorder(identity);
    r.onEvent({
      kind: 'plan-ready',
      verdict: 'needs-fix',
      reasons: [],
      steps: ['s1', 's2', 's3'].map((id) => ({ id, kind: 'k', description: id })),
    });
    r.onEvent({
      kind: 'step-completed',
      stepId: 's1',
      stepKind: 'shrink',
      durationMs: 1,
      fields: { bytesTakenFromOs: 262_144_000 },
    });
    r.onEvent({ kind: 'winre-disabled', at: iso(10) });
    r.onEvent({ kind: 'step-completed', stepId: 's2', stepKind: 'k', durationMs: 1 });
    r.onEvent({ kind: 'winre-enabled', at: iso(52) });
    r.onEvent({
      kind: 'step-failed',
      stepId: 's3',
      stepKind: 'k',
      durationMs: 1,
      error: { code: 'X', message: 'x' },
      machineChanged: true,
    });
    const report = r.toReport(
      { verdict: 'degraded', exitCode: 23, reasons: [{ code: 'WINRE_ON_OS', message: 'm' }] },
      new Date(T0 + 60_000),
      paths,
    );
    expect(report.outcome).toEqual({
      stepsPlanned: 3,
      stepsCompleted: ['s1', 's2'],
      failedStep: 's3',
      winreDisabledMs: 42_000,
      bytesTakenFromOs: 262_144_000,
      recoveryPartitionBytesBefore: null,
      recoveryPartitionBytesAfter: null,
      rebootRequired: false,
    });
    expect(report.durationMs).toBe(60_000);
    expect(validatorFor('run-report')(report)).toBe(true);
  });

  it('counts a window still open at the end, and prefers the executor-measured duration after a reboot', () => {
    const open = new RunRecorder(identity);
    open.onEvent({ kind: 'winre-disabled', at: iso(10) });
    expect(
      open.toReport({ verdict: 'error', exitCode: 23, reasons: [] }, new Date(T0 + 25_000), paths).outcome
        .winreDisabledMs,
    ).toBe(15_000);

    const resumed = new RunRecorder(identity);
    resumed.onEvent({ kind: 'winre-enabled', at: iso(5), disabledForMs: 120_000 });
    resumed.onEvent({ kind: 'reboot-required', reason: 'r', hard: false });
    const report = resumed.toReport(
      { verdict: 'fixed', exitCode: 0, reasons: [] },
      new Date(T0 + 6000),
      paths,
    );
    expect(report.outcome.winreDisabledMs).toBe(120_000);
    expect(report.outcome.rebootRequired).toBe(true);

    const never = new RunRecorder(identity);
    expect(
      never.toReport({ verdict: 'compliant', exitCode: 0, reasons: [] }, new Date(T0), paths).outcome
        .winreDisabledMs,
    ).toBeNull();
  });
});

describe('run session', () => {
  it('logs, renders and reports one run, then closes the logs', async () => {
    const stdout = new Sink();
    const stderr = new Sink();
    const logDir = path.join(root, 'Logs');
    const reportDir = path.join(root, 'Reports');
    const run = startRunSession({
      command: 'fix',
      computerName: 'PC-9',
      toolVersion: '0.1.0',
      simulated: true,
      runId: '20261125T200000Z-aaaaaa',
      logDir,
      reportDir,
      stdout,
      stderr,
      env: {},
      clock: steppingClock(T0),
    });
    run.emit({ kind: 'winre-disabled', at: iso(2) });
    run.emit({ kind: 'winre-enabled', at: iso(3) });
    const { report, reportPath } = await run.finish({ verdict: 'fixed', exitCode: 0, reasons: [] });

    expect(reportPath).toBe(path.join(reportDir, 'PC-9-20261125T200000Z-aaaaaa.json'));
    expect(JSON.parse(fs.readFileSync(reportPath as string, 'utf8'))).toEqual(report);
    expect(report).toMatchObject({
      startedAt: iso(1),
      finishedAt: iso(5), // the clock also stamps the three log entries in between
      durationMs: 4000,
      verdict: 'fixed',
      outcome: { winreDisabledMs: 1000 },
      logPaths: { cmtrace: path.join(logDir, 'winre-fix.log'), jsonl: path.join(logDir, 'winre-fix.jsonl') },
    });
    const entries = parseCmTrace(fs.readFileSync(path.join(logDir, 'winre-fix.log'), 'utf8'));
    expect(entries.map((e) => e.message.split('\r\n')[0])).toEqual([
      expect.stringContaining('winre-fix 0.1.0 fix started on PC-9'),
      expect.stringContaining('WinRE DISABLED'),
      expect.stringContaining('WinRE enabled'),
      expect.stringContaining('Finished: fixed, exit code 0'),
    ]);
    expect(entries.at(-1)?.message).toContain(`reportPath: ${reportPath}`);
    expect(stdout.text).toBe('FIXED: exit 0\n');
    expect(stderr.text).toContain('winre-fix 0.1.0 fix on PC-9 (SIMULATED PC)');
    // finish is once only
    await expect(run.finish({ verdict: 'error', exitCode: 22, reasons: [] })).resolves.toMatchObject({
      report,
    });
  });

  it('--no-log writes no log, no report and creates no folder', async () => {
    const run = startRunSession({
      command: 'audit',
      computerName: 'PC-9',
      toolVersion: '0.1.0',
      simulated: false,
      noLog: true,
      logDir: path.join(root, 'Logs'),
      reportDir: path.join(root, 'Reports'),
      stdout: new Sink(),
      stderr: new Sink(),
      env: {},
    });
    const { reportPath, report } = await run.finish({ verdict: 'compliant', exitCode: 0, reasons: [] });
    expect(reportPath).toBeNull();
    expect(report.logPaths).toEqual({ cmtrace: null, jsonl: null, extraCmtrace: null });
    expect(fs.readdirSync(root)).toEqual([]);
  });
});

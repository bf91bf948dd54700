import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunEvent } from '../../../src/logging/events';
import { createRunLogger, flushAndClose, newRunId } from '../../../src/logging/run-logger';
import { projectRoot } from '../../../src/project-root';
import { parseCmTrace, unescapeCmTrace } from './cmtrace-parser';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-log-'));
});
afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

const clock = (): Date => new Date(2026, 10, 25, 20, 15, 30, 123);

const REAGENTC_INFO = [
  '',
  'Windows Recovery Environment (Windows RE) and system reset configuration',
  'Information:',
  '',
  '    Windows RE status:         Enabled',
  '    Windows RE location:       \\\\?\\GLOBALROOT\\device\\harddisk0\\partition4\\Recovery\\WindowsRE',
  '    Boot Configuration Data (BCD) identifier: 5b3d3a2c-1111-11ee-9d5a-000d3a1b2c3d',
  '',
  'REAGENTC.EXE: Operation Successful.',
  '',
].join('\r\n');

const PARTITIONS_BEFORE = [
  { number: 1, type: 'System', offsetBytes: 1048576, sizeBytes: 104857600, guid: '{aaa}' },
  { number: 2, type: 'Reserved', offsetBytes: 105906176, sizeBytes: 16777216, guid: '{bbb}' },
  { number: 3, type: 'Basic', offsetBytes: 122683392, sizeBytes: 126696095744, guid: '{ccc}' },
  { number: 4, type: 'Recovery', offsetBytes: 126818779136, sizeBytes: 554696704, guid: '{ddd}' },
];

const events: RunEvent[] = [
  {
    kind: 'run-started',
    runId: 'r-1',
    command: 'fix',
    toolVersion: '0.1.0',
    computerName: 'PC-001',
    simulated: true,
  },
  {
    kind: 'fact-gathered',
    fact: 'reagentc-info',
    summary: 'WinRE enabled on partition 4',
    invocation: { command: 'reagentc.exe /info', exitCode: 0, output: REAGENTC_INFO },
  },
  {
    kind: 'fact-gathered',
    fact: 'partition-table-before',
    summary: 'Disk 0: GPT, 4 partitions',
    data: PARTITIONS_BEFORE,
  },
  {
    kind: 'winre-disabled',
    at: '2026-11-25T20:15:31.000Z',
    invocation: {
      command: 'reagentc.exe /disable',
      exitCode: 0,
      output: 'REAGENTC.EXE: Operation Successful.\r\n',
    },
  },
  {
    kind: 'step-failed',
    stepId: 's4',
    stepKind: 'create-recovery-partition',
    durationMs: 2500,
    error: { code: 'SCRIPT_FAILED', message: 'New-Partition: not enough space ]LOG]!> 空间不足' },
    machineChanged: true,
  },
];

function logEvents(logDir: string, extra: Partial<Parameters<typeof createRunLogger>[0]> = {}) {
  const logger = createRunLogger({ logDir, component: 'fix', runId: 'r-1', clock, ...extra });
  for (const e of events) logger.onEvent(e);
  return logger;
}

describe('run logger', () => {
  it('writes every event to the CMTrace log, with raw tool output and tables in full', async () => {
    const logger = logEvents(root);
    await logger.close();
    const raw = fs.readFileSync(path.join(root, 'winre-fix.log'));
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const entries = parseCmTrace(raw.toString('utf8'));
    expect(entries).toHaveLength(events.length);
    expect(entries.map((e) => e.type)).toEqual([1, 1, 1, 2, 3]);
    expect(entries.every((e) => e.component === 'fix' && e.thread === String(process.pid))).toBe(true);
    expect(entries[0]?.time.startsWith('20:15:30.123')).toBe(true);
    expect(entries[0]?.date).toBe('11-25-2026');

    const reagentc = unescapeCmTrace(entries[1]?.message ?? '');
    for (const line of REAGENTC_INFO.split('\r\n').filter(Boolean)) expect(reagentc).toContain(line);
    expect(reagentc).toContain('exitCode: 0');

    const table = unescapeCmTrace(entries[2]?.message ?? '');
    for (const p of PARTITIONS_BEFORE) {
      expect(table).toMatch(
        new RegExp(`${p.number} +\\| ${p.type} +\\| ${p.offsetBytes} +\\| ${p.sizeBytes} `),
      );
    }
    expect(unescapeCmTrace(entries[3]?.message ?? '')).toContain(
      'WinRE DISABLED at 2026-11-25T20:15:31.000Z',
    );
    expect(unescapeCmTrace(entries[4]?.message ?? '')).toContain('not enough space ]LOG]!> 空间不足');
  });

  it('writes the same events as JSON lines with the structured fields', async () => {
    const logger = logEvents(root);
    await logger.close();
    const lines = fs.readFileSync(path.join(root, 'winre-fix.jsonl'), 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records).toHaveLength(events.length);
    expect(records[0]).toMatchObject({
      time: clock().toISOString(),
      level: 'info',
      component: 'fix',
      runId: 'r-1',
      fields: { computerName: 'PC-001', simulated: true },
    });
    expect(records[1]).toMatchObject({ fields: { invocation: { output: REAGENTC_INFO, exitCode: 0 } } });
    expect(records[2]).toMatchObject({ fields: { fact: 'partition-table-before', data: PARTITIONS_BEFORE } });
    expect(records[3]).toMatchObject({ level: 'warn', fields: { at: '2026-11-25T20:15:31.000Z' } });
    expect(records[4]).toMatchObject({ level: 'error', fields: { machineChanged: true } });
    expect(logger.logPaths).toEqual({
      cmtrace: path.join(root, 'winre-fix.log'),
      jsonl: path.join(root, 'winre-fix.jsonl'),
      extraCmtrace: null,
    });
  });

  it('rolls X.log over to X.lo_ at the set size, replacing the old .lo_, and loses no recent entry', async () => {
    const maxBytes = 3000;
    fs.writeFileSync(path.join(root, 'winre-fix.lo_'), 'stale history');
    const logger = createRunLogger({ logDir: root, component: 'fix', runId: 'r-2', clock, maxBytes });
    const sizes: number[] = [];
    for (let i = 0; i < 120; i++) {
      logger.info(`entry ${String(i).padStart(3, '0')} ${'x'.repeat(i % 40)}`);
      sizes.push(fs.statSync(path.join(root, 'winre-fix.log')).size);
    }
    await logger.close();
    expect(Math.max(...sizes)).toBeLessThanOrEqual(maxBytes);
    // It did roll over, more than once (the size dropped back).
    expect(sizes.filter((s, i) => i > 0 && s < (sizes[i - 1] ?? 0)).length).toBeGreaterThan(1);

    const old = fs.readFileSync(path.join(root, 'winre-fix.lo_'), 'utf8');
    expect(old).not.toContain('stale history');
    const previous = parseCmTrace(old).map((e) => e.message);
    const current = parseCmTrace(fs.readFileSync(path.join(root, 'winre-fix.log'), 'utf8')).map(
      (e) => e.message,
    );
    const all = [...previous, ...current].map((m) => Number(m.slice(6, 9)));
    // The two files hold the latest entries, contiguous, up to the last one.
    expect(all.at(-1)).toBe(119);
    expect(all).toEqual(all.map((_, i) => 120 - all.length + i));
    expect(fs.statSync(path.join(root, 'winre-fix.lo_')).size).toBeGreaterThan(maxBytes - 200);

    const jsonl = fs.readFileSync(path.join(root, 'winre-fix.jsonl'), 'utf8');
    expect(fs.statSync(path.join(root, 'winre-fix.jsonl')).size).toBeLessThanOrEqual(maxBytes);
    expect(fs.existsSync(path.join(root, 'winre-fix.1.jsonl'))).toBe(true);
    expect(jsonl.trimEnd().split('\n').at(-1)).toContain('entry 119');
  });

  it('two runs sharing the log (an audit beside a fix) roll it over without losing recent entries', async () => {
    const maxBytes = 3000;
    const a = createRunLogger({ logDir: root, component: 'audit', runId: 'a', clock, maxBytes });
    const b = createRunLogger({ logDir: root, component: 'fix', runId: 'b', clock, maxBytes });
    for (let i = 0; i < 120; i++)
      (i % 2 ? b : a).info(`entry ${String(i).padStart(3, '0')} ${'y'.repeat(i % 30)}`);
    await flushAndClose(a, b);
    const old = parseCmTrace(fs.readFileSync(path.join(root, 'winre-fix.lo_'), 'utf8'));
    const current = parseCmTrace(fs.readFileSync(path.join(root, 'winre-fix.log'), 'utf8'));
    const all = [...old, ...current].map((e) => Number(e.message.slice(6, 9)));
    expect(all.at(-1)).toBe(119);
    expect(all).toEqual(all.map((_, i) => 120 - all.length + i));
    expect(fs.statSync(path.join(root, 'winre-fix.log')).size).toBeLessThanOrEqual(maxBytes);
  });

  it('puts a single entry larger than the limit in a file of its own rather than dropping it', async () => {
    const logger = createRunLogger({ logDir: root, component: 'fix', runId: 'r', clock, maxBytes: 500 });
    logger.info('small');
    logger.info('big '.repeat(300));
    logger.info('after');
    await logger.close();
    expect(parseCmTrace(fs.readFileSync(path.join(root, 'winre-fix.lo_'), 'utf8'))[0]?.message).toMatch(
      /^big /,
    );
    expect(parseCmTrace(fs.readFileSync(path.join(root, 'winre-fix.log'), 'utf8'))[0]?.message).toBe('after');
  });

  it('appends to an existing log (one log file across runs, like ConfigMgr components)', async () => {
    for (const runId of ['run-a', 'run-b']) {
      const logger = createRunLogger({ logDir: root, component: 'audit', runId, clock });
      logger.info(`hello from ${runId}`);
      await logger.close();
    }
    const text = fs.readFileSync(path.join(root, 'winre-fix.log'), 'utf8');
    expect(text.indexOf('\uFEFF')).toBe(0);
    expect(text.lastIndexOf('\uFEFF')).toBe(0);
    expect(parseCmTrace(text).map((e) => e.message)).toEqual(['hello from run-a', 'hello from run-b']);
  });

  it('--no-log creates no file and no folder', async () => {
    const logDir = path.join(root, 'not-created');
    const logger = logEvents(logDir, { noLog: true, extraCopyDir: root });
    logger.warn('dropped');
    await logger.close();
    expect(fs.existsSync(logDir)).toBe(false);
    expect(fs.readdirSync(root)).toEqual([]);
    expect(logger.logPaths).toEqual({ cmtrace: null, jsonl: null, extraCmtrace: null });
  });

  it('copies the CMTrace log into an existing collector folder, and never creates a missing one', async () => {
    const ime = path.join(root, 'IntuneManagementExtension', 'Logs');
    fs.mkdirSync(ime, { recursive: true });
    const logger = logEvents(path.join(root, 'own'), { extraCopyDir: ime });
    await logger.close();
    expect(logger.logPaths.extraCmtrace).toBe(path.join(ime, 'winre-fix.log'));
    expect(fs.readFileSync(path.join(ime, 'winre-fix.log'), 'utf8')).toBe(
      fs.readFileSync(path.join(root, 'own', 'winre-fix.log'), 'utf8'),
    );

    const ccm = path.join(root, 'Windows', 'CCM', 'Logs');
    const second = createRunLogger({
      logDir: path.join(root, 'own2'),
      component: 'fix',
      runId: 'r',
      extraCopyDir: ccm,
    });
    await second.close();
    expect(fs.existsSync(ccm)).toBe(false);
    expect(second.logPaths.extraCmtrace).toBeNull();
    expect(second.problems.join()).toContain(ccm);
    expect(fs.readFileSync(path.join(root, 'own2', 'winre-fix.log'), 'utf8')).toContain(
      `no log copy in ${ccm}`,
    );
  });

  it('does not write every entry twice when the collector folder is the log folder itself', async () => {
    const logger = createRunLogger({
      logDir: root,
      component: 'fix',
      runId: 'r',
      clock,
      extraCopyDir: `${root}/`,
    });
    logger.info('once');
    await logger.close();
    expect(logger.logPaths.extraCmtrace).toBeNull();
    const messages = parseCmTrace(fs.readFileSync(path.join(root, 'winre-fix.log'), 'utf8')).map(
      (e) => e.message,
    );
    expect(messages).toEqual([`Logging: no log copy in ${root}/: it is the log folder itself`, 'once']);
  });

  it('never falls back to another folder (as SYSTEM that would be a user-writable Temp): it says why in the copy', async () => {
    const blocker = path.join(root, 'a-file');
    fs.writeFileSync(blocker, '');
    const copy = path.join(root, 'copy');
    fs.mkdirSync(copy);
    const before = fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('winre-fix-logs'));
    const logger = createRunLogger({
      logDir: path.join(blocker, 'Logs'),
      extraCopyDir: copy,
      component: 'fix',
      runId: 'r',
    });
    logger.info('still logged');
    await logger.close();
    expect(logger.logPaths.cmtrace).toBeNull();
    expect(fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith('winre-fix-logs'))).toEqual(before);
    const entries = parseCmTrace(fs.readFileSync(path.join(copy, 'winre-fix.log'), 'utf8'));
    expect(entries[0]).toMatchObject({ type: 2 });
    expect(entries[0]?.message).toContain(`cannot write logs in ${path.join(blocker, 'Logs')}`);
    expect(entries[1]?.message).toBe('still logged');
  });

  it('deferred files: nothing is created before openFiles(true), then every kept entry is written in order', async () => {
    const dir = path.join(root, 'Logs');
    const logger = createRunLogger({ logDir: dir, component: 'fix', runId: 'r', clock, deferFiles: true });
    logger.info('before the gate');
    expect(fs.existsSync(dir)).toBe(false);
    logger.openFiles(true);
    logger.info('after the gate');
    await logger.close();
    const messages = parseCmTrace(fs.readFileSync(path.join(dir, 'winre-fix.log'), 'utf8')).map(
      (e) => e.message,
    );
    expect(messages).toEqual(['before the gate', 'after the gate']);
    expect(fs.readFileSync(path.join(dir, 'winre-fix.jsonl'), 'utf8').trim().split('\n')).toHaveLength(2);
  });

  it('deferred files given up (untrusted folder): no file and no folder is ever created there', async () => {
    const dir = path.join(root, 'Logs');
    const logger = createRunLogger({ logDir: dir, component: 'fix', runId: 'r', clock, deferFiles: true });
    logger.info('kept');
    logger.openFiles(false);
    logger.info('dropped');
    logger.openFiles(true); // once only: a later "true" cannot undo the verdict
    await logger.close();
    expect(fs.existsSync(dir)).toBe(false);
    expect(logger.logPaths.cmtrace).toBeNull();
  });

  it('compact (detect): no facts and no fields, so daily detection cannot roll a fix out of the log', async () => {
    const logger = logEvents(root, { compact: true });
    await logger.close();
    const entries = parseCmTrace(fs.readFileSync(path.join(root, 'winre-fix.log'), 'utf8'));
    // run-started, winre-disabled, step-failed: the two fact-gathered events are left out.
    expect(entries.map((e) => e.type)).toEqual([1, 2, 3]);
    const text = entries.map((e) => unescapeCmTrace(e.message)).join('\n');
    expect(text).not.toContain('REAGENTC');
    expect(text).not.toMatch(/runId:|exitCode:/); // no rendered fields
    expect(fs.statSync(path.join(root, 'winre-fix.log')).size).toBeLessThan(1500);
  });

  it('a run log holds this run alone, in full, beside the shared log', async () => {
    const runLogPath = path.join(root, 'runs', 'r-1-fix.log');
    const logger = logEvents(root, { runLogPath });
    await logger.close();
    expect(logger.logPaths.runLog).toBe(runLogPath);
    const shared = parseCmTrace(fs.readFileSync(path.join(root, 'winre-fix.log'), 'utf8'));
    const own = parseCmTrace(fs.readFileSync(runLogPath, 'utf8'));
    expect(own.map((e) => e.message)).toEqual(shared.map((e) => e.message));
    expect(own).toHaveLength(events.length);
  });

  it('close() is idempotent and later log calls are ignored, not thrown', async () => {
    const logger = createRunLogger({ logDir: root, component: 'fix', runId: 'r', clock });
    logger.info('one');
    await Promise.all([logger.close(), flushAndClose(logger)]);
    expect(() => logger.error('after close')).not.toThrow();
    await logger.close();
    expect(parseCmTrace(fs.readFileSync(path.join(root, 'winre-fix.log'), 'utf8'))).toHaveLength(1);
  });

  it('makes sortable, unique run ids that are safe in file names', () => {
    const id = newRunId(new Date(Date.UTC(2026, 10, 25, 20, 10, 41, 999)), () => 'abc123');
    expect(id).toBe('20261125T201041Z-abc123');
    expect(newRunId()).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/);
    expect(newRunId()).not.toBe(newRunId());
  });
});

// With winston's stock File transport the 'exit' case loses every line (measured: 2,001 lines logged, 0 written), which
// is why the run logger writes through its own synchronous transport and the CLI awaits flushAndClose.
describe('the last line survives the end of the process', () => {
  const child = path.join(projectRoot(), 'test', 'unit', 'logging', 'children', 'log-then-exit.ts');

  it.each([
    ['sets process.exitCode = 22 and returns', 'exitCode'],
    ['calls process.exit(22) right after flushAndClose resolves', 'exit'],
  ])('when the process %s', (_name, mode) => {
    const result = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), child, root, mode], {
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(22);
    const entries = parseCmTrace(fs.readFileSync(path.join(root, 'winre-fix.log'), 'utf8'));
    expect(entries).toHaveLength(501);
    expect(entries.at(-1)).toMatchObject({ message: 'LAST LINE before exit 22', type: 3 });
    const jsonl = fs.readFileSync(path.join(root, 'winre-fix.jsonl'), 'utf8').trimEnd().split('\n');
    expect(jsonl).toHaveLength(501);
    expect(JSON.parse(jsonl.at(-1) ?? '{}')).toMatchObject({
      message: 'LAST LINE before exit 22',
      level: 'error',
    });
  });
});

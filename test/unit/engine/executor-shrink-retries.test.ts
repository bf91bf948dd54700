/**
 * The shrink retry ladder in the executor (src/engine/shrink-retries.ts, src/domain/shrink-retry.ts), without pwsh:
 * a refusal because of files Windows cannot move (Size Not Supported, StorageWMI 4097) is tried again at once, after
 * the pause (the sleep port: nothing sleeps) and after `defrag C: /X`, each recorded in the journal BEFORE it runs;
 * the refusal after the last one lists every attempt and changes nothing (failed-safe, exit 22).
 */
import type { Journal } from '../../../src/contracts/generated/journal';
import { plan } from '../../../src/domain/planner';
import { DEFAULT_SHRINK_RETRY_POLICY } from '../../../src/domain/shrink-retry';
import { ShrinkRefusedError } from '../../../src/errors';
import { exitCodeForError } from '../../../src/app/error-exit';
import { outcomeExitCode } from '../../../src/app/fix';
import { ExitCode } from '../../../src/contracts/exit-codes';
import { changeOutcome } from '../../../src/app/run-report';
import { defaultSnapshot } from '../../builders/snapshot-builder';
import { FakePc, harness, scriptError } from './fake-pc';

const s = defaultSnapshot();
const sizeNotSupported = scriptError(
  'Resize-OsPartition',
  'StorageWMI 4097,Resize-Partition',
  'Size Not Supported',
);
type Rec = Journal['steps'][number];
const resizeOf = (o: { journal: Journal } | Journal): Rec => {
  const j = 'journal' in o ? o.journal : o;
  return j.steps.find((r) => r.kind === 'resize-os-partition')!;
};

describe('executor: the shrink retry ladder', () => {
  it('refused twice, then possible after the pause: fixed, with both refusals in the journal and the report', async () => {
    const h = harness(new FakePc(s).fail('Resize-OsPartition', sizeNotSupported, 2));
    const outcome = await h.executor.apply(plan(s), s);
    expect(outcome.kind).toBe('fixed');
    expect(h.pc.callsOf('Resize-OsPartition')).toBe(3);
    expect(h.pc.callsOf('Optimize-OsVolume')).toBe(0);
    // One pause, of the policy's length (the retry pause of other steps is 30 s in this harness).
    expect(h.pauses).toEqual([DEFAULT_SHRINK_RETRY_POLICY.pauseMs]);
    const rec = resizeOf(outcome);
    expect(rec.attempts).toBe(3);
    expect(rec.retries?.map((r) => [r.afterAttempt, r.remedy])).toEqual([
      [1, 'at-once'],
      [2, 'pause'],
    ]);
    expect(rec.retries?.every((r) => r.finishedAt !== undefined)).toBe(true);
    // A refusal the ladder tries again is a warning that says what comes next, not a failed step.
    expect(h.events.filter((e) => e.kind === 'step-failed')).toEqual([]);
    const warned = h.events.filter((e) => e.kind === 'note' && e.level === 'warn');
    expect(warned.map((e) => (e.kind === 'note' ? e.message : ''))).toEqual([
      expect.stringMatching(/attempt 1 of at most 4: .*Size Not Supported.*\); trying again at once$/),
      expect.stringMatching(
        /attempt 2 of at most 4: .*Size Not Supported.*\); trying again after a 30 s pause$/,
      ),
    ]);
    const report = changeOutcome({ stepsPlanned: outcome.journal.steps.length, outcome });
    expect(report.shrinkAttempts).toMatchObject({ attempts: 3, shrunk: true });
    expect(report.shrinkAttempts?.tries.map((t) => t.remedy)).toEqual(['at-once', 'pause']);
  });

  it('runs defrag /X before the last attempt, with the time limit of the policy, and goes on when it helps', async () => {
    const h = harness(new FakePc(s).fail('Resize-OsPartition', sizeNotSupported, 3));
    const outcome = await h.executor.apply(plan(s), s);
    expect(outcome.kind).toBe('fixed');
    const defrag = h.pc.calls.filter((c) => c.script === 'Optimize-OsVolume');
    expect(defrag).toHaveLength(1);
    expect(defrag[0]!.params['TimeLimitSeconds']).toBe(DEFAULT_SHRINK_RETRY_POLICY.defragTimeLimitMs / 1000);
    expect(defrag[0]!.params['DiskUniqueId']).toBe(plan(s).target.disk?.uniqueId);
    // The defrag sits between the third and the fourth attempt.
    const order = h.pc.calls
      .map((c) => c.script)
      .filter((x) => x === 'Resize-OsPartition' || x === 'Optimize-OsVolume');
    expect(order).toEqual([
      'Resize-OsPartition',
      'Resize-OsPartition',
      'Resize-OsPartition',
      'Optimize-OsVolume',
      'Resize-OsPartition',
    ]);
    expect(resizeOf(outcome).retries?.[2]?.defrag?.exitCode).toBe(0);
  });

  it('gives up after the last rung with nothing changed: failed-safe (22), the reason lists every attempt', async () => {
    const pc = new FakePc(s).fail('Resize-OsPartition', sizeNotSupported, 10);
    pc.defragExitCode = null; // stopped at its time limit
    const h = harness(pc);
    const outcome = await h.executor.apply(plan(s), s);
    expect(outcome.kind).toBe('failed-safe');
    expect(outcomeExitCode(outcome)).toBe(ExitCode.FailedSafe);
    expect(h.pc.callsOf('Resize-OsPartition')).toBe(4);
    expect(h.pc.calls.map((c) => c.script)).not.toContain('Disable-WinRe');
    expect(outcome.error).toBeInstanceOf(ShrinkRefusedError);
    expect(exitCodeForError(outcome.error)).toBe(ExitCode.FailedSafe);
    const message = outcome.error!.message;
    expect(message).toContain('all 4 attempts');
    expect(message).toContain('attempt 2 again at once');
    expect(message).toContain('attempt 3 after a 30 s pause');
    expect(message).toContain('attempt 4 after defrag /X (exit none, stopped at its time limit)');
    expect(message).toContain('Nothing was changed');
    expect(resizeOf(outcome).status).toBe('failed');
    // Only the last refusal is a failed step.
    expect(
      h.events.filter((e) => e.kind === 'step-failed' && e.stepKind === 'resize-os-partition'),
    ).toHaveLength(1);
  });

  it('records each refusal and its remedy in the journal before the remedy runs', async () => {
    const h = harness(new FakePc(s).fail('Resize-OsPartition', sizeNotSupported, 3));
    await h.executor.apply(plan(s), s);
    const defragStarted = h.journal.writes.find((j) => {
      const r = resizeOf(j).retries?.[2];
      return r?.remedy === 'defrag' && r.finishedAt === undefined;
    });
    expect(defragStarted).toBeDefined();
  });

  it('a resume after a cut inside defrag /X runs it again before the attempt', async () => {
    const first = harness(new FakePc(s).fail('Resize-OsPartition', sizeNotSupported, 3));
    await first.executor.apply(plan(s), s);
    const cut = first.journal.writes.find((j) => {
      const r = resizeOf(j).retries?.[2];
      return r?.remedy === 'defrag' && r.finishedAt === undefined;
    })!;
    // The PC as it was at that write: C: not shrunk (every attempt was refused).
    const again = harness(new FakePc(s));
    const outcome = await again.executor.resume(JSON.parse(JSON.stringify(cut)));
    expect(outcome.kind).toBe('fixed');
    expect(again.pc.calls.map((c) => c.script).slice(0, 2)).toEqual([
      'Optimize-OsVolume',
      'Resize-OsPartition',
    ]);
    expect(resizeOf(outcome).retries?.[2]?.finishedAt).toBeDefined();
  });

  it('other Resize-Partition failures keep the one retry after the ordinary pause', async () => {
    const busy = scriptError('Resize-OsPartition', 'StorageWMI 40000,Resize-Partition', 'busy');
    const h = harness(new FakePc(s).fail('Resize-OsPartition', busy, 2));
    const outcome = await h.executor.apply(plan(s), s);
    expect(outcome.kind).toBe('failed-safe');
    expect(h.pc.callsOf('Resize-OsPartition')).toBe(2);
    expect(h.pc.callsOf('Optimize-OsVolume')).toBe(0);
    expect(h.pauses).toEqual([30_000]);
  });

  it('follows a smaller policy from the ports (no defrag, no pause): two attempts', async () => {
    const h = harness(new FakePc(s).fail('Resize-OsPartition', sizeNotSupported, 5), {
      shrinkRetry: { ...DEFAULT_SHRINK_RETRY_POLICY, pausedRetries: 0, defrag: false },
    });
    const outcome = await h.executor.apply(plan(s), s);
    expect(outcome.kind).toBe('failed-safe');
    expect(h.pc.callsOf('Resize-OsPartition')).toBe(2);
    expect(h.pauses).toEqual([]);
  });
});

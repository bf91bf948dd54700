/**
 * The executor driven through its ports, without pwsh: a fake script runner over an in-memory PC and an in-memory
 * journal (./fake-pc.ts). Retry rules by structured error id, roll-back, last resort, phases and resume.
 */
import type { Journal } from '../../../src/contracts/generated/journal';
import { plan } from '../../../src/domain/planner';
import type { Snapshot } from '../../../src/domain/snapshot';
import {
  PowerShellExitedError,
  PowerShellTimeoutError,
  RestartLoopError,
  RestartPendingError,
  SimulatedPowerCutError,
} from '../../../src/errors';
import { MAX_RESTART_PARKS } from '../../../src/engine/executor';
import { exitCodeForError } from '../../../src/app/error-exit';
import { ExitCode } from '../../../src/contracts/exit-codes';
import { defaultSnapshot, layout, snapshotWith } from '../../builders/snapshot-builder';
import { FakePc, harness, scriptError } from './fake-pc';

const withBitLocker = (): Snapshot =>
  snapshotWith((s) => {
    s.bitLocker.push({
      mountPoint: 'C:',
      volumeStatus: 1,
      protectionStatus: 1,
      lockStatus: 0,
      encryptionPercentage: 100,
      keyProtectors: ['Tpm'],
    });
  });

function kinds(records: Journal['steps']): string[] {
  return records.map((r) => r.kind);
}

describe('executor: the whole plan', () => {
  it('applies the grow plan step by step and ends fixed, with WinRE on the new partition', async () => {
    const s = defaultSnapshot();
    const p = plan(s);
    expect(p.case).toBe('grow-recovery-after-os');
    const h = harness(new FakePc(s));
    const outcome = await h.executor.apply(p, s);
    expect(outcome.kind).toBe('fixed');
    expect(h.pc.calls.map((c) => c.script)).toEqual(p.steps.map((x) => x.script));
    expect(outcome.journal.phase).toBe('done');
    expect(outcome.journal.steps.every((r) => r.status === 'completed' && r.attempts === 1)).toBe(true);
    const newOffset = p.target.newRecoveryPartition!.offset;
    const enabledOn = h.pc.snapshot.disks[0]!.partitions.find(
      (x) => x.number === h.pc.snapshot.winre.reagentc.location?.partitionNumber,
    );
    expect(enabledOn?.offset).toBe(newOffset);
    expect(h.pauses).toEqual([]);
    expect(outcome.mutationsWhileDisabled).toBe(3); // delete, create, format
  });

  it('records how long WinRE was disabled as a journal field, not only as an event text', async () => {
    const s = defaultSnapshot();
    const h = harness(new FakePc(s));
    const outcome = await h.executor.apply(plan(s), s);
    expect(outcome.winreDisabledMs).toEqual(expect.any(Number));
    expect(outcome.winreDisabledMs).toBeGreaterThan(0);
    expect(outcome.journal.winreDisabledMs).toBe(outcome.winreDisabledMs);
    expect(outcome.journal.schemaVersion).toBe(3);
    // While WinRE is disabled the field is null (not yet known).
    const disabledWrite = h.journal.writes.find((w) => w.winreDisabledAt != null);
    expect(disabledWrite?.winreDisabledMs).toBeNull();
  });

  it('adds the backup folder of the run to the steps that use it, and to nothing else', async () => {
    const s = defaultSnapshot();
    const h = harness(new FakePc(s));
    await h.executor.apply(plan(s), s);
    const withFolder = h.pc.calls.filter((c) => 'StateFolder' in c.params).map((c) => c.script);
    expect(withFolder).toEqual(['Backup-RecoveryFiles', 'Restore-RecoveryFiles', 'Remove-WinReFixBackup']);
    expect(String(h.pc.calls[0]!.params['StateFolder'])).toMatch(/0123456789abcdef/);
  });
});

describe('executor: retry rules by structured error id', () => {
  const s = defaultSnapshot();

  it('IdentityMismatch is never retried: one call, no pause, then the roll-back', async () => {
    // What the bridge delivers: "<script> failed: IdentityMismatch: ... [WinReFix.IdentityMismatch]".
    const wrongDisk = scriptError(
      'Remove-RecoveryPartition',
      'WinReFix.IdentityMismatch',
      'IdentityMismatch: the partition at offset 1 is a boot or system partition; it is never deleted.',
    );
    expect(wrongDisk.message).toMatch(/^Remove-RecoveryPartition failed: IdentityMismatch:/);
    const h = harness(new FakePc(s).fail('Remove-RecoveryPartition', wrongDisk, 2));
    const outcome = await h.executor.apply(plan(s), s);
    expect(h.pc.callsOf('Remove-RecoveryPartition')).toBe(1);
    expect(h.pauses).toEqual([]);
    const rec = outcome.journal.steps.find((r) => r.kind === 'remove-recovery-partition')!;
    expect(rec).toMatchObject({ status: 'failed', attempts: 1 });
    expect(outcome.kind).toBe('rolled-back');
  });

  it('UnexpectedState is never retried either', async () => {
    const neither = scriptError('Format-RecoveryVolume', 'WinReFix.UnexpectedState', 'UnexpectedState: x');
    const h = harness(new FakePc(s).fail('Format-RecoveryVolume', neither, 1));
    const outcome = await h.executor.apply(plan(s), s);
    const rec = outcome.journal.steps.find((r) => r.kind === 'format-recovery-volume')!;
    expect(rec).toMatchObject({ status: 'failed', attempts: 1 });
    expect(h.pauses).toEqual([]);
    expect(outcome.kind).toBe('rolled-back');
  });

  it('RestartPending stops the run without a roll-back: the step stays started for the run after the restart', async () => {
    const pending = scriptError('Enable-WinRe', 'WinReFix.RestartPending', 'RestartPending: x');
    const h = harness(new FakePc(s).fail('Enable-WinRe', pending, 1, true));
    await expect(h.executor.apply(plan(s), s)).rejects.toBeInstanceOf(RestartPendingError);
    expect(h.pc.callsOf('Enable-WinRe')).toBe(1);
    expect(h.pauses).toEqual([]);
    const last = h.journal.writes[h.journal.writes.length - 1]!;
    expect(last.phase).toBe('applying');
    expect(last.rollback).toEqual([]);
    expect(last.steps.find((r) => r.kind === 'enable-winre')).toMatchObject({
      status: 'started',
      attempts: 1,
    });
    // The next run resumes it: the step runs again (idempotent) and the fix completes.
    const outcome = await harness(h.pc).executor.resume(last);
    expect(outcome.kind).toBe('fixed');
  });

  it('stops asking for restarts after MAX_RESTART_PARKS runs of a step /info never shows: 23, nothing rolled back', async () => {
    const pending = scriptError('Enable-WinRe', 'WinReFix.RestartPending', 'RestartPending: x');
    const pc = new FakePc(s).fail('Enable-WinRe', pending, 100, true);
    const first = harness(pc);
    await expect(first.executor.apply(plan(s), s)).rejects.toBeInstanceOf(RestartPendingError);
    let journal = first.journal.writes[first.journal.writes.length - 1]!;
    for (let run = 2; run < MAX_RESTART_PARKS; run++) {
      const h = harness(pc);
      await expect(h.executor.resume(journal)).rejects.toBeInstanceOf(RestartPendingError);
      journal = h.journal.writes[h.journal.writes.length - 1]!;
    }
    const last = harness(pc);
    const error = await last.executor.resume(journal).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RestartLoopError);
    expect(exitCodeForError(error)).toBe(ExitCode.FailedDegraded);
    expect((error as Error).message).toMatch(new RegExp(`waited for a restart in ${MAX_RESTART_PARKS} runs`));
    const end = last.journal.writes[last.journal.writes.length - 1]!;
    expect(end.phase).toBe('applying');
    expect(end.rollback).toEqual([]);
    expect(pc.callsOf('Enable-WinRe')).toBe(MAX_RESTART_PARKS);
  });

  it("decides by the error id, not the message: a Windows error that quotes a refusal's words is retried", async () => {
    const windows = scriptError('Format-RecoveryVolume', 'StorageWMI 4,Format-Volume', 'IdentityMismatch: x');
    const h = harness(new FakePc(s).fail('Format-RecoveryVolume', windows, 1));
    const outcome = await h.executor.apply(plan(s), s);
    expect(h.pc.callsOf('Format-RecoveryVolume')).toBe(2);
    expect(outcome.kind).toBe('fixed');
  });

  it('retries a failed retryable step once after the pause, and goes on when the retry works', async () => {
    const busy = scriptError(
      'Resize-OsPartition',
      'StorageWMI 40000,Resize-Partition',
      'The volume is busy.',
    );
    const h = harness(new FakePc(s).fail('Resize-OsPartition', busy, 1));
    const outcome = await h.executor.apply(plan(s), s);
    expect(outcome.kind).toBe('fixed');
    expect(h.pauses).toEqual([30_000]);
    expect(outcome.journal.steps.find((r) => r.kind === 'resize-os-partition')?.attempts).toBe(2);
  });

  it('rolls back when the retry fails too (two attempts, never three)', async () => {
    const busy = scriptError('New-RecoveryPartition', 'StorageWMI 40000,New-Partition', 'busy');
    const h = harness(new FakePc(s).fail('New-RecoveryPartition', busy, 2));
    const outcome = await h.executor.apply(plan(s), s);
    expect(outcome.journal.steps.find((r) => r.kind === 'new-recovery-partition')?.attempts).toBe(2);
    expect(h.pc.callsOf('New-RecoveryPartition')).toBe(2 + 1); // two tries, then the roll-back's own
    expect(outcome.kind).toBe('rolled-back');
  });

  it('never retries a check (verify-staged-image)', async () => {
    const bad = scriptError('Test-StagedWinReImage', 'WinReFix.ImageMismatch', 'hash differs');
    const h = harness(new FakePc(s).fail('Test-StagedWinReImage', bad, 2));
    await h.executor.apply(plan(s), s);
    expect(h.pc.callsOf('Test-StagedWinReImage')).toBe(1);
    expect(h.pauses).toEqual([]);
  });
});

describe('executor: roll-back', () => {
  it('before WinRE left its partition: deletes the backup, resumes BitLocker, ends failed-safe', async () => {
    const s = withBitLocker();
    const p = plan(s);
    expect(p.steps[0]!.kind).toBe('suspend-bitlocker');
    const busy = scriptError('Resize-OsPartition', 'StorageWMI 40000,Resize-Partition', 'busy');
    const h = harness(new FakePc(s).fail('Resize-OsPartition', busy, 2));
    const outcome = await h.executor.apply(p, s);
    expect(outcome.kind).toBe('failed-safe');
    expect(kinds(outcome.journal.rollback)).toEqual(['remove-backup', 'resume-bitlocker']);
    expect(outcome.journal.rollback.every((r) => r.status === 'completed')).toBe(true);
    expect(h.pc.snapshot.bitLocker[0]!.protectionStatus).toBe(1);
    expect(outcome.rebootRequired).toBe(false);
    expect(h.pc.calls.map((c) => c.script)).not.toContain('Disable-WinRe');
  });

  it('after the old partition was deleted: recreates it where it was and puts WinRE back on it', async () => {
    const s = defaultSnapshot();
    const busy = scriptError('Format-RecoveryVolume', 'StorageWMI 40000,Format-Volume', 'busy');
    // The format of the NEW partition fails twice; the roll-back's format of the recreated one works.
    const h = harness(new FakePc(s).fail('Format-RecoveryVolume', busy, 2));
    const outcome = await h.executor.apply(plan(s), s);
    expect(outcome.kind).toBe('rolled-back');
    expect(kinds(outcome.journal.rollback)).toEqual([
      'remove-recovery-partition',
      'new-recovery-partition',
      'format-recovery-volume',
      'enable-winre',
      'restore-recovery-files',
      'remove-backup',
    ]);
    const disk = h.pc.snapshot.disks[0]!;
    const back = disk.partitions.find((x) => x.offset === layout.RE_OFFSET);
    expect(back?.size).toBe(layout.RE_SIZE);
    expect(back?.volume?.label).toBe('Windows RE tools');
    expect(h.pc.snapshot.winre.reagentc.status).toBe('Enabled');
    expect(h.pc.snapshot.winre.reagentc.location?.partitionNumber).toBe(back?.number);
    expect(outcome.journal.phase).toBe('rolled-back');
  });

  it('when the roll-back fails too: WinRE on the Windows volume as the last resort, degraded', async () => {
    const s = defaultSnapshot();
    const busy = scriptError('New-RecoveryPartition', 'StorageWMI 40000,New-Partition', 'busy');
    // Twice in the fix, and twice more when the roll-back recreates the original partition.
    const h = harness(new FakePc(s).fail('New-RecoveryPartition', busy, 4));
    const outcome = await h.executor.apply(plan(s), s);
    expect(outcome.kind).toBe('degraded');
    expect(outcome.journal.rollback.at(-1)).toMatchObject({
      kind: 'enable-winre-on-os-volume',
      status: 'completed',
    });
    expect(h.pc.snapshot.winre.reagentc.status).toBe('Enabled');
    // A degraded PC keeps its backup: the removal never ran.
    expect(outcome.journal.rollback.find((r) => r.kind === 'remove-backup')?.status).toBe('skipped');
  });

  it('a backup that cannot be deleted at the end is a note, not a roll-back', async () => {
    const s = defaultSnapshot();
    const denied = scriptError('Remove-WinReFixBackup', 'UnauthorizedAccess', 'denied');
    const h = harness(new FakePc(s).fail('Remove-WinReFixBackup', denied, 1));
    const outcome = await h.executor.apply(plan(s), s);
    expect(outcome.kind).toBe('fixed');
    expect(outcome.journal.steps.at(-1)).toMatchObject({ kind: 'remove-backup', status: 'skipped' });
    expect(outcome.journal.events.some((e) => /could not be removed/.test(e.message))).toBe(true);
  });
});

describe('executor: postconditions and lost answers', () => {
  it('a script that says it worked but did not (postcondition not met) is retried, then rolled back', async () => {
    const s = defaultSnapshot();
    const pc = new FakePc(s);
    pc.idle.add('Resize-OsPartition');
    const h = harness(pc);
    const outcome = await h.executor.apply(plan(s), s);
    const rec = outcome.journal.steps.find((r) => r.kind === 'resize-os-partition')!;
    expect(rec.error).toMatch(/postcondition not met: C: is \d+ bytes, expected \d+/);
    expect(rec.attempts).toBe(2);
    expect(outcome.kind).toBe('failed-safe');
  });

  it('a lost answer whose work was done (fresh read) completes the step without a retry', async () => {
    const s = defaultSnapshot();
    const lost = new PowerShellTimeoutError('Enable-WinRe did not answer within its limit.');
    const h = harness(new FakePc(s).fail('Enable-WinRe', lost, 1, true));
    const outcome = await h.executor.apply(plan(s), s);
    expect(outcome.kind).toBe('fixed');
    expect(h.pc.callsOf('Enable-WinRe')).toBe(1);
    expect(outcome.journal.steps.find((r) => r.kind === 'enable-winre')?.result).toEqual({
      answerLost: 'POWERSHELL_TIMEOUT',
      postconditionMet: true,
    });
  });

  it('a lost answer of a step with nothing to re-read is retried (its script checks its own work)', async () => {
    const s = defaultSnapshot();
    const lost = new PowerShellTimeoutError('Backup-RecoveryFiles did not answer within its limit.');
    const h = harness(new FakePc(s).fail('Backup-RecoveryFiles', lost, 1, true));
    const outcome = await h.executor.apply(plan(s), s);
    expect(outcome.kind).toBe('fixed');
    expect(h.pc.callsOf('Backup-RecoveryFiles')).toBe(2);
  });

  it('the final health check fails the run when two partitions hold a WinRE image, without a retry', async () => {
    const s = defaultSnapshot();
    const pc = new FakePc(s);
    pc.healthOverride = { winrePartitionOffsets: [1, 2] };
    const h = harness(pc);
    const outcome = await h.executor.apply(plan(s), s);
    const rec = outcome.journal.steps.find((r) => r.kind === 'verify-winre')!;
    expect(rec).toMatchObject({ status: 'failed', attempts: 1 });
    expect(rec.error).toMatch(/final check failed: 2 partitions hold a WinRE image/);
    expect(outcome.kind).toBe('rolled-back');
  });
});

describe('executor: phases and resume', () => {
  /**
   * Runs until the `n`-th script call cuts the power (the script did its work, then its PowerShell died, as the
   * simulator's power cut does); the ports are wrapped as --simulate wraps them. Returns the journal a restart finds.
   */
  async function cutAt(s: Snapshot, n: number): Promise<{ pc: FakePc; journal: Journal }> {
    const pc = new FakePc(s);
    let calls = 0;
    let off = false;
    let writesAtCut = -1;
    const runner = {
      run: async <T>(script: string, params?: Record<string, unknown>): Promise<T> => {
        calls += 1;
        const result = await pc.runner.run<T>(script, params);
        if (calls === n) {
          off = true;
          writesAtCut = h.journal.writes.length;
          throw new PowerShellExitedError('PowerShell exited with the power-cut code.');
        }
        return result;
      },
    };
    const h = harness(pc, { runner }, () => off);
    await expect(h.executor.apply(plan(s), s)).rejects.toThrow(SimulatedPowerCutError);
    // Nothing is written after the cut: no failed step, no roll-back, no final phase.
    expect(h.journal.writes).toHaveLength(writesAtCut);
    expect(h.journal.last.steps.filter((r) => r.status === 'started')).toHaveLength(1);
    return { pc, journal: h.journal.last };
  }

  it('an interrupted run rolls forward from the step it was in, and ends fixed', async () => {
    const s = defaultSnapshot();
    const { pc, journal } = await cutAt(s, 5); // after remove-recovery-partition did its work
    expect(journal.phase).toBe('applying');
    const started = journal.steps.find((r) => r.status === 'started')!;
    expect(started.kind).toBe('remove-recovery-partition');
    const before = pc.calls.length;
    const h = harness(pc);
    const outcome = await h.executor.resume(journal);
    expect(outcome.kind).toBe('fixed');
    // The interrupted step runs again (its script finds its work done), then the rest; nothing earlier.
    expect(pc.calls.slice(before)[0]!.script).toBe('Remove-RecoveryPartition');
    expect(pc.calls.slice(before).map((c) => c.script)).not.toContain('Disable-WinRe');
  });

  it('an interrupted roll-back goes on rolling back', async () => {
    const s = defaultSnapshot();
    const pc = new FakePc(s);
    const busy = scriptError('Format-RecoveryVolume', 'StorageWMI 40000,Format-Volume', 'busy');
    pc.fail('Format-RecoveryVolume', busy, 2);
    let off = false;
    let rollbackCalls = 0;
    const runner = {
      run: async <T>(script: string, params?: Record<string, unknown>): Promise<T> => {
        const result = await pc.runner.run<T>(script, params);
        if (script === 'Remove-RecoveryPartition' && (rollbackCalls += 1) === 2) {
          off = true; // the roll-back's first step (remove the new partition) did its work, then the power went
          throw new PowerShellExitedError('PowerShell exited with the power-cut code.');
        }
        return result;
      },
    };
    const first = harness(pc, { runner }, () => off);
    await expect(first.executor.apply(plan(s), s)).rejects.toThrow(SimulatedPowerCutError);
    const journal = first.journal.last;
    expect(journal.phase).toBe('rolling-back');
    const outcome = await harness(pc).executor.resume(journal);
    expect(outcome.kind).toBe('rolled-back');
    expect(pc.snapshot.winre.reagentc.status).toBe('Enabled');
  });

  it('reports how long WinRE was disabled from the journal field, never from an event text', async () => {
    const s = defaultSnapshot();
    const p = plan(s);
    // Cut during set-recovery-attributes, after enable-winre completed.
    const { pc, journal } = await cutAt(
      s,
      p.steps.findIndex((x) => x.kind === 'set-recovery-attributes') + 1,
    );
    expect(journal.winreDisabledMs).toEqual(expect.any(Number));
    const withoutText = {
      ...journal,
      events: journal.events.filter((e) => !/WinRE enabled after/.test(e.message)),
    };
    expect(withoutText.events.length).toBeLessThan(journal.events.length);
    const outcome = await harness(pc).executor.resume(withoutText);
    expect(outcome.kind).toBe('fixed');
    expect(outcome.winreDisabledMs).toBe(journal.winreDisabledMs);
  });

  it('a finished journal is reported as it ended, running nothing', async () => {
    const s = defaultSnapshot();
    const h = harness(new FakePc(s));
    const done = await h.executor.apply(plan(s), s);
    const calls = h.pc.calls.length;
    const again = await harness(h.pc).executor.resume(done.journal);
    expect(again.kind).toBe('fixed');
    expect(h.pc.calls.length).toBe(calls);
  });

  it('a journal for another disk is refused before anything runs', async () => {
    const s = defaultSnapshot();
    const { pc, journal } = await cutAt(s, 3);
    const before = pc.calls.length;
    const other = { ...journal, disk: { ...journal.disk, uniqueId: 'ANOTHER-DISK' } };
    await expect(harness(pc).executor.resume(other)).rejects.toThrow(/was written for/);
    expect(pc.calls.length).toBe(before);
  });
});

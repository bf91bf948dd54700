/**
 * The fix use case (`winre-fix fix` and `winre-fix resume`): apply the plan crash-safely, or continue an
 * unfinished run. One run at a time (lock; 1618 when held). A person at a terminal sees the plan and confirms
 * before the first change (the CLI supplies the prompt; without one nothing ever waits for input: SYSTEM from
 * Intune/ConfigMgr). The use case never prints and never ends the process: it hands the CLI what to show through
 * FixPorts and returns the exit code.
 * Exit codes: 0 fixed (or nothing to do), 3010 fixed but a restart must follow (BitLocker resumes then),
 * 21 refused, 22 failed with the PC as it was (or rolled back to it), 23 degraded, 1618 busy, 27 journal refused.
 */
import { randomBytes } from 'node:crypto';
import type { BackupCleanup, RunVerdict } from '../contracts/generated/run-report';
import type { Plan, SuppliedImage, WinRePatchLevel } from '../contracts/generated/plan';
import { DEFAULT_SHRINK_RETRY_POLICY } from '../domain/shrink-retry';
import { ExitCode, type ExitCodeValue } from '../contracts/exit-codes';
import { plan as makePlan } from '../domain/planner';
import { reasonMessage, type Language } from '../domain/reasons';
import { fixedResult } from '../domain/result';
import type { Snapshot, SnapshotPart } from '../domain/snapshot';
import { backupLeftBehind, keptBackupOf, keptBackupText, sweepOrphanedBackups } from '../engine/backup-sweep';
import { Executor, type Outcome } from '../engine/executor';
import { JournalStore } from '../engine/journal';
import { RunLock } from '../engine/lock';
import { registerResumeTask, removeResumeTask } from '../engine/resume-task';
import { untrustedStateFolderError } from '../engine/state-folder';
import { writeStatusRecord } from '../engine/status-record';
import { errorText, noteEvent, rebootRequiredEvent } from '../logging/notes';
import { RestartLoopError, RestartPendingError, SimulatedPowerCutError } from '../errors';
import { journalPowerCutHook } from '../simulation/journal-power-cut';
import { withPowerCuts } from '../simulation/power-cut';
import { toolVersion } from '../version';
import { verdictExitCode } from './audit';
import { exitCodeForError } from './error-exit';
import { nothingToResume } from './resume';
import { judgePatchLevel } from '../domain/winre-patch-level';
import { openRun, plannerOptions, type OpenRunOptions, type RunArgs, type RunContext } from './run-context';
import { readPlannerOptions } from './planner-options';
import { runReportBody, type ReportReason } from './run-report';
import { plannerOptionsWithShrinkMemo, recordShrinkLadder } from './shrink-memo';
import { planningSnapshot } from './supplied-image';

export interface FixArgs extends RunArgs {
  'retry-pause-seconds': number;
  /** `--retry-shrink`: climb the whole shrink retry ladder, defrag included, whatever a memo says. */
  'retry-shrink'?: boolean;
}

/** What a fix or resume ended with, handed to the CLI before the run's summary line. */
export interface FixResult {
  readonly exitCode: ExitCodeValue;
  readonly verdict: RunVerdict;
  /** In the PC's language (the console's, and --json's). */
  readonly reasons: readonly ReportReason[];
  /** What the executor did, when it ran. */
  readonly outcome?: Outcome;
  /** `resume` with nothing to resume: the PC's verdict instead (compliant, needs-fix or refused). */
  readonly nothingToResume?: boolean;
  /** The operator did not confirm the plan: nothing was changed. */
  readonly notConfirmed?: boolean;
  /** The error the run stopped on. */
  readonly error?: unknown;
}

/** What the CLI supplies: how to show things, and whom to ask. */
export interface FixPorts {
  /** Shows the plan before anything changes. */
  readonly showPlan: (plan: Plan, snapshot: Snapshot, language: Language) => void;
  /** Shows how the run ended; not called after a (simulated) power cut, when nothing more happens. */
  readonly present: (result: FixResult) => void;
  /**
   * Asks the operator to confirm the plan. Absent when nobody can answer (no terminal, --yes): the plan is then
   * applied without waiting for input.
   */
  readonly confirm?: (question: string) => Promise<boolean>;
  /** Told at once, from the PowerShell exit event, when the simulated PC loses power (the CLI ends the process). */
  readonly onPowerCut?: () => void;
}

/** Where the run and its journal come from (tests replace them: a warm shared process, a hooked journal). */
export interface FixDeps {
  readonly openRun?: (options: OpenRunOptions) => RunContext;
  readonly journalStore?: (path: string) => JournalStore;
}

export function outcomeExitCode(outcome: Outcome): ExitCodeValue {
  switch (outcome.kind) {
    case 'fixed':
      return outcome.rebootRequired ? ExitCode.SoftReboot : ExitCode.Success;
    case 'rolled-back':
    case 'failed-safe':
      return ExitCode.FailedSafe;
    case 'degraded':
      return ExitCode.FailedDegraded;
  }
}

function outcomeVerdict(outcome: Outcome): RunVerdict {
  if (outcome.kind === 'fixed') return outcome.rebootRequired ? 'reboot-pending' : 'fixed';
  return outcome.kind === 'failed-safe' ? 'error' : outcome.kind;
}

export async function fix(
  args: FixArgs,
  command: 'fix' | 'resume',
  ports: FixPorts,
  deps: FixDeps = {},
): Promise<ExitCodeValue> {
  const ctx = (deps.openRun ?? openRun)({
    command,
    args,
    readOnly: false,
    ...(ports.onPowerCut ? { onPowerCut: ports.onPowerCut } : {}),
  });
  // Held by the run's PowerShell process (src/engine/lock.ts); taken below, before anything reads the PC.
  const lock = new RunLock(ctx.paths.lock, ctx.session);
  let code: ExitCodeValue = ExitCode.Success;
  let outcome: Outcome | undefined;
  let verdict: RunVerdict = 'error';
  let flags: { nothingToResume?: boolean; notConfirmed?: boolean; error?: unknown } = {};
  // Backups of earlier runs deleted by this one (reported); see src/engine/backup-sweep.ts.
  let backupCleanup: BackupCleanup | undefined;
  const sweep = async (snapshot: Snapshot): Promise<void> => {
    backupCleanup = await sweepOrphanedBackups({ runner: ctx.runner, emit: ctx.emit }, snapshot, null);
  };
  // The plan's reasons keep their parameters so each reader gets its language: the run report (rolled up across a
  // fleet) in English, like audit's; the console, the log and --json in the PC's UI language once it is known.
  // The WinRE patch level of the plan this run made or resumed: the status record keeps it.
  let patchLevel: WinRePatchLevel | undefined;
  let suppliedImage: SuppliedImage | undefined;
  let planReasons: readonly { code: string; params: Parameters<typeof reasonMessage>[1] }[] = [];
  const reasons: ReportReason[] = [];
  let language: Language | undefined;
  const reasonsIn = (lang?: Language): ReportReason[] => [
    ...planReasons.map((r) => ({ code: r.code, message: reasonMessage(r.code, r.params, lang) })),
    ...reasons,
  ];
  let planned = 0;
  let snapshot: Snapshot | undefined;
  const removeTaskOrWarn = async (): Promise<void> => {
    try {
      await removeResumeTask(ctx);
    } catch (error) {
      if (error instanceof SimulatedPowerCutError || ctx.poweredOff) throw error;
      ctx.emit(noteEvent('warn', { key: 'startup-task-not-removed', params: { error: errorText(error) } }));
    }
  };
  try {
    // Trust the folder before opening anything in it, the lock file included (docs/security.md).
    const trust = await ctx.stateFolder;
    if (!trust.trusted) throw untrustedStateFolderError(trust);
    // Then the lock, before the journal, the facts or BitLocker are read (never judge a PC another run is
    // changing): a second run answers 1618 here without reading anything of a PC another run is changing.
    await lock.acquire();
    // --simulate only: the machine file may declare a power cut in the middle of a journal write.
    const simulatedCut = (path: string) =>
      ctx.simulate
        ? journalPowerCutHook(ctx.simulate, path, () => {
            ctx.poweredOff = true;
            ports.onPowerCut?.();
          })
        : undefined;
    const store = (deps.journalStore ?? ((path: string) => new JournalStore(path, simulatedCut(path))))(
      ctx.paths.journal,
    );
    const executorPorts = {
      runner: ctx.runner,
      gather: () => ctx.gather(),
      refresh: (previous: Snapshot, parts: readonly SnapshotPart[]) => ctx.refresh(previous, parts),
      store,
      sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
    };
    const executor = new Executor({
      // --simulate only: after a simulated power cut every port fails at once (src/simulation/power-cut.ts).
      ...(ctx.simulate ? withPowerCuts(executorPorts, () => ctx.poweredOff) : executorPorts),
      now: () => new Date().toISOString(),
      emit: ctx.emit,
      retryPauseMs: Math.max(0, args['retry-pause-seconds']) * 1000,
      // The shrink retry ladder's pause is the run's one retry pause (src/domain/shrink-retry.ts).
      shrinkRetry: {
        ...DEFAULT_SHRINK_RETRY_POLICY,
        pauseMs: Math.max(0, args['retry-pause-seconds']) * 1000,
      },
      toolVersion: toolVersion(),
      newRunId: () => randomBytes(8).toString('hex'),
    });
    const journal = store.load();
    const unfinished = journal && (journal.phase === 'applying' || journal.phase === 'rolling-back');
    if (!unfinished) {
      // Nothing to resume, so no startup task may stay: the power can go after a run registered it and before
      // its first journal write, or after a run ended and before it removed it (both found by the power-cut
      // matrix: `winre-fix resume` then ran at every boot). Idempotent: nothing changes when there is none.
      await removeTaskOrWarn();
    }
    if (journal && unfinished) {
      planned = journal.plan.steps.length;
      patchLevel = journal.plan.winrePatchLevel;
      suppliedImage = journal.plan.suppliedImage;
      outcome = await executor.resume(journal);
    } else if (command === 'resume') {
      const look = await nothingToResume(ctx, args, sweep);
      ({ snapshot, language, verdict, code } = look);
      planReasons = look.plan.reasons;
      patchLevel = look.plan.winrePatchLevel;
      suppliedImage = look.plan.suppliedImage;
      flags = { nothingToResume: true };
      return code;
    } else {
      if (journal) store.archive(journal);
      snapshot = await planningSnapshot(ctx);
      // A failed shrink ladder remembered for this C: (src/app/shrink-memo.ts): the plan then skips defrag.
      const { options } = plannerOptionsWithShrinkMemo(ctx, snapshot, await readPlannerOptions(ctx, args), {
        force: args['retry-shrink'] === true,
        clear: true,
      });
      const plan = makePlan(snapshot, options);
      planned = plan.steps.length;
      planReasons = plan.reasons;
      patchLevel = plan.winrePatchLevel;
      suppliedImage = plan.suppliedImage;
      language = ctx.language(snapshot);
      ports.showPlan(plan, snapshot, language);
      if (plan.verdict === 'compliant') {
        await sweep(snapshot);
        verdict = 'compliant';
        return (code = ExitCode.Success);
      }
      if (plan.verdict === 'refused') {
        verdict = 'refused';
        // Not elevated is the environment, not the PC: the code the packaged return-code tables give it (25).
        // A PC still in Windows setup is deferred (30), any other refusal is 21.
        return (code = snapshot.os.isElevated ? verdictExitCode(plan) : ExitCode.Environment);
      }
      if (ports.confirm && !(await ports.confirm('Apply this plan now? [y/N] '))) {
        verdict = 'refused';
        planReasons = [];
        reasons.push({ code: 'NOT_CONFIRMED', message: 'The operator did not confirm the plan.' });
        flags = { notConfirmed: true };
        return (code = ExitCode.Refused);
      }
      // Before the new backup: the space earlier runs left is what Backup-RecoveryFiles needs now.
      await sweep(snapshot);
      await registerResumeTask(ctx, snapshot.os.systemDrive);
      outcome = await executor.apply(plan, snapshot);
    }
    await removeTaskOrWarn();
    code = outcomeExitCode(outcome);
    recordShrinkLadder(ctx, outcome, snapshot);
    // The last line Intune and ConfigMgr show states the result (new size, verified free space, restart), not
    // the problem the PC had: that stays in the plan, the log and the journal.
    const fixed = outcome.kind === 'fixed' ? fixedResult(outcome.journal) : undefined;
    if (fixed) planReasons = [fixed];
    // After a Safe OS patch the plan's patch level is the image from before: judge the image WinRE runs now.
    const patched =
      outcome.kind === 'fixed' && outcome.journal.steps.some((s) => s.kind === 'build-patched-image');
    if (patched && outcome.lastSnapshot) {
      const baseline = plannerOptions(args).winreBaseline;
      patchLevel = judgePatchLevel(outcome.lastSnapshot, baseline, { verdict: 'compliant' });
    }
    verdict = outcomeVerdict(outcome);
    if (outcome.error) reasons.push({ code: outcome.error.code, message: outcome.error.message });
    const left = backupLeftBehind(outcome.journal);
    if (left) reasons.push({ code: 'BACKUP_LEFT', message: left });
    const kept = keptBackupOf(outcome.journal);
    if (kept) {
      // --keep-backup: the last line Intune and ConfigMgr show names the kept copy (and the log and report).
      reasons.push({ code: 'BACKUP_KEPT', message: keptBackupText(kept) });
      ctx.emit(
        noteEvent('info', {
          key: 'backup-kept',
          params: {
            folder: kept.folder,
            files: kept.files,
            bytes: kept.totalBytes,
            sha256: kept.manifestSha256,
          },
        }),
      );
    }
    if (outcome.rebootRequired) {
      ctx.emit(rebootRequiredEvent('bitlocker-suspended', false));
    }
    return code;
  } catch (error) {
    if (error instanceof SimulatedPowerCutError || ctx.poweredOff) return (code = ExitCode.SimulatedPowerCut);
    code = exitCodeForError(error);
    if (error instanceof RestartPendingError) {
      // Parked, not failed: the journal stays unfinished and the startup task resumes it after the restart.
      verdict = 'reboot-pending';
      reasons.push({ code: error.code, message: error.message });
      return code;
    }
    if (error instanceof RestartLoopError) {
      // Parked too often: no more restarts asked for (23); the journal stays unfinished, nothing rolled back.
      verdict = 'degraded';
      reasons.push({ code: error.code, message: error.message });
      return code;
    }
    reasons.push({
      code: error instanceof Error && 'code' in error ? String(error.code) : 'INTERNAL',
      message: error instanceof Error ? error.message : String(error),
    });
    flags = { error };
    return code;
  } finally {
    await writeStatusRecord(ctx, {
      verdict,
      exitCode: code,
      reasonCodes: reasonsIn().map((r) => r.code),
      snapshot: outcome?.lastSnapshot ?? snapshot,
      patchLevel,
    });
    if (ctx.poweredOff) {
      // Nothing survives a power cut: no report, no journal, no lock clean-up (the lock dies with the process).
      await ctx.session.dispose();
      await ctx.logger.close();
    } else {
      await finish(ctx, lock, ports, {
        exitCode: code,
        verdict,
        reasons: reasonsIn(),
        localReasons: reasonsIn(language),
        stepsPlanned: planned,
        outcome,
        backupCleanup,
        flags,
        patchLevel,
        suppliedImage,
      });
    }
  }
}

/** The end of a run that did not lose power: the lock, the report, what the CLI shows, the summary line. */
async function finish(
  ctx: RunContext,
  lock: RunLock,
  ports: FixPorts,
  run: {
    readonly exitCode: ExitCodeValue;
    readonly verdict: RunVerdict;
    readonly reasons: readonly ReportReason[];
    readonly localReasons: readonly ReportReason[];
    readonly stepsPlanned: number;
    readonly outcome: Outcome | undefined;
    readonly backupCleanup: BackupCleanup | undefined;
    readonly flags: { nothingToResume?: boolean; notConfirmed?: boolean; error?: unknown };
    readonly patchLevel: WinRePatchLevel | undefined;
    readonly suppliedImage: SuppliedImage | undefined;
  },
): Promise<void> {
  try {
    await lock.release();
  } catch (error) {
    // The process ending releases it anyway (ctx.close below); say so and go on.
    ctx.emit(noteEvent('warn', { key: 'lock-not-released', params: { error: errorText(error) } }));
  }
  ctx.writeReport(
    runReportBody(ctx, {
      kind: 'change',
      exitCode: run.exitCode,
      verdict: run.verdict,
      reasons: run.reasons,
      stepsPlanned: run.stepsPlanned,
      outcome: run.outcome,
      backupCleanup: run.backupCleanup,
      patchLevel: run.patchLevel,
      suppliedImage: run.suppliedImage,
    }),
  );
  ports.present({
    exitCode: run.exitCode,
    verdict: run.verdict,
    reasons: run.localReasons,
    ...(run.outcome ? { outcome: run.outcome } : {}),
    ...run.flags,
  });
  ctx.emit({
    kind: 'run-finished',
    verdict: run.verdict,
    exitCode: run.exitCode,
    durationMs: Date.now() - ctx.startedAt.getTime(),
    reasons: [...run.localReasons],
  });
  await ctx.close();
}

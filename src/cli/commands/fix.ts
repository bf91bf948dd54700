/**
 * `winre-fix fix` and `winre-fix resume`: apply the plan crash-safely, or continue an unfinished run.
 * One run at a time (lock; 1618 when held). A person at a terminal sees the plan and confirms before the first
 * change; without a terminal (SYSTEM from Intune/ConfigMgr) nothing ever waits for input.
 * Exit codes: 0 fixed (or nothing to do), 3010 fixed but a restart must follow (BitLocker resumes then),
 * 21 refused, 22 failed with the PC as it was (or rolled back to it), 23 degraded, 1618 busy, 27 journal refused.
 */
import * as readline from 'node:readline';
import type { CommandModule } from 'yargs';
import { plan as makePlan } from '../../domain/planner';
import { reasonMessage, type Language } from '../../domain/reasons';
import { fixedResult } from '../../domain/result';
import { Executor, type Outcome } from '../../engine/executor';
import { JournalStore, type WriteHook } from '../../engine/journal';
import type { SharedPowerShellProcess } from '../../adapters/powershell/session';
import { RunLock } from '../../engine/lock';
import { untrustedStateFolderError } from '../../engine/state-folder';
import { registerResumeTask, removeResumeTask } from '../../engine/resume-task';
import { backupLeftBehind, sweepOrphanedBackups } from '../../engine/backup-sweep';
import type { BackupCleanup } from '../../contracts/generated/run-report';
import { writeStatusRecord } from '../../engine/status-record';
import type { Snapshot, SnapshotPart } from '../../domain/snapshot';
import { withPowerCuts } from '../../simulation/power-cut';
import { LockHeldError, SimulatedPowerCutError, UsageError } from '../../errors';
import { toolVersion } from '../../version';
import { setExitCode } from '../command-result';
import { exitCodeForError } from '../error-exit';
import { ExitCode, type ExitCodeValue } from '../exit-codes';
import { renderPlan } from '../render-plan';
import { openRun, plannerOptions, POWER_CUT_EXIT, withGlobalOptions, type GlobalArgs } from '../run-context';
import { randomBytes } from 'node:crypto';

interface FixArgs extends GlobalArgs {
  yes: boolean;
  'retry-pause-seconds': number;
}

function fixBuilder<T>(y: import('yargs').Argv<T>) {
  return withGlobalOptions(y)
    .option('yes', {
      type: 'boolean',
      default: false,
      alias: 'y',
      describe: 'Do not ask for confirmation at a terminal.',
    })
    .option('retry-pause-seconds', {
      type: 'number',
      default: 30,
      coerce: (value: unknown) => {
        const n = Number(value);
        if (!Number.isFinite(n) || n < 0 || n > 3600)
          throw new UsageError(
            `--retry-pause-seconds must be 0 to 3600, not ${Number.isNaN(n) ? 'a number' : String(value)}.`,
          );
        return n;
      },
      describe: 'Pause before the one retry of a failed step.',
    });
}

export const fixCommand: CommandModule<object, FixArgs> = {
  command: 'fix',
  describe: 'Fix this PC (or continue an unfinished fix): grow the WinRE partition safely, resumably.',
  builder: (y) => fixBuilder(y) as never,
  handler: async (args) => {
    setExitCode(await runFix(args, 'fix'));
  },
};

export const resumeCommand: CommandModule<object, FixArgs> = {
  command: 'resume',
  describe: 'Continue an unfinished fix from its journal (after a reboot, a kill or a power cut).',
  builder: (y) => fixBuilder(y) as never,
  handler: async (args) => {
    setExitCode(await runFix(args, 'resume'));
  },
};

async function confirm(question: string): Promise<boolean> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await new Promise<string>((resolve) => rl.question(question, resolve));
    return /^(y|yes|j|ja|是|好)$/i.test(answer.trim());
  } finally {
    rl.close();
  }
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

export interface FixOptions {
  /**
   * The CLI ends the process at once when the simulated PC loses power (no journal write, no log flush, no
   * clean-up: it is a power cut). In-process tests pass false and get exit code 29 back instead; the executor
   * writes nothing after the cut either way.
   */
  readonly exitProcessOnPowerCut?: boolean;
  /** Test seam (crash-state capture): called at each stage of every journal write. */
  readonly journalWriteHook?: WriteHook;
  /** Tests only: run in this warm, reset PowerShell process (the power-cut matrix). */
  readonly sharedProcess?: SharedPowerShellProcess;
}

export async function runFix(
  args: FixArgs,
  command: 'fix' | 'resume',
  options: FixOptions = {},
): Promise<ExitCodeValue> {
  const exitOnCut = options.exitProcessOnPowerCut ?? true;
  const ctx = openRun({
    command,
    args,
    readOnly: false,
    ...(options.sharedProcess ? { sharedProcess: options.sharedProcess } : {}),
    onPowerCut: () => {
      if (exitOnCut) process.exit(POWER_CUT_EXIT);
    },
  });
  // Held by the run's PowerShell process (src/engine/lock.ts); taken below, before anything reads the PC.
  const lock = new RunLock(ctx.paths.lock, ctx.session);
  let code: ExitCodeValue = ExitCode.Success;
  let outcome: Outcome | undefined;
  let verdict:
    | 'compliant'
    | 'needs-fix'
    | 'refused'
    | 'error'
    | 'fixed'
    | 'rolled-back'
    | 'degraded'
    | 'reboot-pending' = 'error';
  // Backups of earlier runs deleted by this one (reported); see src/engine/backup-sweep.ts.
  let backupCleanup: BackupCleanup | undefined;
  const sweep = async (snapshot: Parameters<typeof sweepOrphanedBackups>[1]): Promise<void> => {
    backupCleanup = await sweepOrphanedBackups(
      { runner: ctx.runner, emit: ctx.emit, poweredOff: () => ctx.poweredOff },
      snapshot,
      null,
    );
  };
  // The plan's reasons keep their parameters so each reader gets its language: the run report (rolled up across a
  // fleet) in English, like audit's; the console, the log and --json in the PC's UI language once it is known.
  let planReasons: readonly { code: string; params: Parameters<typeof reasonMessage>[1] }[] = [];
  const reasons: { code: string; message: string }[] = [];
  let language: Language | undefined;
  const reasonsIn = (lang?: Language) => [
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
      ctx.emit({
        kind: 'note',
        level: 'warn',
        message: `could not remove the startup task: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  };
  try {
    // Trust the folder before opening anything in it, the lock file included (docs/security.md).
    const trust = await ctx.stateFolder;
    if (!trust.trusted) throw untrustedStateFolderError(trust);
    // Then the lock, before the journal, the facts or BitLocker are read (never judge a PC another run is changing): a second run answers 1618
    // here without reading anything of a PC another run is changing.
    await lock.acquire();
    const store = new JournalStore(ctx.paths.journal, options.journalWriteHook);
    const ports = {
      runner: ctx.runner,
      gather: () => ctx.gather(),
      refresh: (previous: Snapshot, parts: readonly SnapshotPart[]) => ctx.refresh(previous, parts),
      store,
      sleep: (ms: number) => new Promise<void>((r) => setTimeout(r, ms)),
    };
    const executor = new Executor({
      // --simulate only: after a simulated power cut every port fails at once (src/simulation/power-cut.ts).
      ...(ctx.simulate ? withPowerCuts(ports, () => ctx.poweredOff) : ports),
      now: () => new Date().toISOString(),
      emit: ctx.emit,
      retryPauseMs: Math.max(0, args['retry-pause-seconds']) * 1000,
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
      outcome = await executor.resume(journal);
    } else if (command === 'resume') {
      // Nothing to resume says nothing about the PC: look at it (read-only) and say what it needs.
      snapshot = await ctx.gather();
      const plan = makePlan(snapshot, plannerOptions(args));
      planReasons = plan.reasons;
      language = ctx.language(snapshot);
      if (plan.verdict !== 'refused') await sweep(snapshot);
      verdict = plan.verdict;
      if (!args.json)
        process.stdout.write(
          plan.verdict === 'needs-fix'
            ? 'winre-fix: no unfinished fix to resume, but this PC needs the fix: `winre-fix fix` applies it.\n'
            : `winre-fix: no unfinished fix to resume; this PC is ${plan.verdict}.\n`,
        );
      return (code =
        plan.verdict === 'compliant'
          ? ExitCode.Success
          : plan.verdict === 'needs-fix'
            ? ExitCode.AuditNeedsFix
            : ExitCode.Refused);
    } else {
      if (journal) store.archive(journal);
      snapshot = await ctx.gather();
      const plan = makePlan(snapshot, plannerOptions(args));
      planned = plan.steps.length;
      planReasons = plan.reasons;
      language = ctx.language(snapshot);
      if (!args.json && !args.quiet)
        process.stdout.write(`${renderPlan(plan, snapshot, language).join('\n')}\n`);
      if (plan.verdict === 'compliant') {
        await sweep(snapshot);
        verdict = 'compliant';
        return (code = ExitCode.Success);
      }
      if (plan.verdict === 'refused') {
        verdict = 'refused';
        // Not elevated is the environment, not the PC: the code the packaged return-code tables give it (25).
        return (code = snapshot.os.isElevated ? ExitCode.Refused : ExitCode.Environment);
      }
      if (process.stdin.isTTY && !args.yes && !(await confirm('Apply this plan now? [y/N] '))) {
        process.stdout.write('winre-fix: not confirmed; nothing was changed.\n');
        verdict = 'refused';
        planReasons = [];
        reasons.push({ code: 'NOT_CONFIRMED', message: 'The operator did not confirm the plan.' });
        return (code = ExitCode.Refused);
      }
      // Before the new backup: the space earlier runs left is what Backup-RecoveryFiles needs now.
      await sweep(snapshot);
      await registerResumeTask(ctx, snapshot.os.systemDrive);
      outcome = await executor.apply(plan, snapshot);
    }
    await removeTaskOrWarn();
    code = outcomeExitCode(outcome);
    // The last line Intune and ConfigMgr show states the result (new size, verified free space, restart), not
    // the problem the PC had: that stays in the plan, the log and the journal.
    const fixed = outcome.kind === 'fixed' ? fixedResult(outcome.journal) : undefined;
    if (fixed) planReasons = [fixed];
    verdict =
      outcome.kind === 'fixed'
        ? outcome.rebootRequired
          ? 'reboot-pending'
          : 'fixed'
        : outcome.kind === 'failed-safe'
          ? 'error'
          : outcome.kind;
    if (outcome.error) reasons.push({ code: outcome.error.code, message: outcome.error.message });
    const left = backupLeftBehind(outcome.journal);
    if (left) reasons.push({ code: 'BACKUP_LEFT', message: left });
    if (outcome.rebootRequired) {
      ctx.emit({
        kind: 'reboot-required',
        reason: 'BitLocker protection was suspended for exactly one restart.',
        hard: false,
      });
    }
    return code;
  } catch (error) {
    if (error instanceof SimulatedPowerCutError || ctx.poweredOff) {
      if (exitOnCut) process.exit(POWER_CUT_EXIT);
      return (code = ExitCode.SimulatedPowerCut);
    }
    code = error instanceof LockHeldError ? ExitCode.Retry : exitCodeForError(error);
    reasons.push({
      code: error instanceof Error && 'code' in error ? String(error.code) : 'INTERNAL',
      message: error instanceof Error ? error.message : String(error),
    });
    if (!args.json)
      process.stderr.write(`winre-fix: ${error instanceof Error ? error.message : String(error)}\n`);
    return code;
  } finally {
    await writeStatusRecord(ctx, {
      verdict,
      exitCode: code,
      reasonCodes: reasonsIn().map((r) => r.code),
      snapshot: outcome?.lastSnapshot ?? snapshot,
    });
    if (ctx.poweredOff) {
      // Nothing survives a power cut: no report, no journal, no lock clean-up (the lock dies with the process).
      await ctx.session.dispose();
      await ctx.logger.close();
    } else {
      try {
        await lock.release();
      } catch (error) {
        // The process ending releases it anyway (ctx.close below); say so and go on.
        ctx.emit({
          kind: 'note',
          level: 'warn',
          message: `the run lock was not released: ${error instanceof Error ? error.message : String(error)}`,
        });
      }
      const journal = outcome?.journal;
      ctx.writeReport({
        computerName: journal?.computerName ?? ctx.computerName,
        exitCode: code,
        verdict,
        reasons: reasonsIn(),
        outcome: {
          stepsPlanned: planned,
          stepsCompleted: (journal?.steps ?? [])
            .filter((s) => s.status === 'completed')
            .map((s) => `${s.id}:${s.kind}`),
          failedStep: journal?.steps.find((s) => s.status === 'failed')?.kind ?? null,
          winreDisabledMs: outcome?.winreDisabledMs ?? null,
          bytesTakenFromOs: journal?.steps.some(
            (s) => s.kind === 'resize-os-partition' && s.status === 'completed',
          )
            ? journal.plan.sizing.shrinkOsBy
            : 0,
          recoveryPartitionBytesBefore: journal?.original.recoveryPartition?.size ?? null,
          recoveryPartitionBytesAfter:
            outcome?.kind === 'fixed' ? (journal?.plan.target.newRecoveryPartition?.size ?? null) : null,
          rebootRequired: outcome?.rebootRequired ?? false,
          ...(backupCleanup ? { backupCleanup } : {}),
        },
      });
      if (args.json) {
        process.stdout.write(
          `${JSON.stringify({
            exitCode: code,
            verdict,
            reasons: reasonsIn(language),
            outcome: outcome
              ? {
                  kind: outcome.kind,
                  rebootRequired: outcome.rebootRequired,
                  winreDisabledMs: outcome.winreDisabledMs,
                  mutationsWhileDisabled: outcome.mutationsWhileDisabled,
                  runId: outcome.journal.runId,
                }
              : null,
          })}\n`,
        );
      }
      ctx.emit({
        kind: 'run-finished',
        verdict,
        exitCode: code,
        durationMs: Date.now() - ctx.startedAt.getTime(),
        reasons: reasonsIn(language),
      });
      await ctx.close();
    }
  }
}

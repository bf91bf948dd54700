/**
 * `winre-fix audit`: look, decide, explain; change nothing (Terraform plan). Read-only by construction: its
 * script runner refuses every mutating verb before PowerShell sees it, and it takes no lock and writes no state.
 * It first probes the run lock (Test-RunLock, read-only): a PC that a fix or resume is changing right now is not
 * judged (exit 1618, verdict in-progress, with the live journal's phase), and a PC whose journal shows a run that
 * stopped mid-way with nobody holding the lock is reported unfinished (exit 23), never compliant.
 * Exit codes: 0 compliant, 20 needs fix, 21 refused, 1618 in progress, 23 unfinished, or the error's code.
 */
import type { CommandModule } from 'yargs';
import type { AuditReport } from '../../contracts/generated/audit-report';
import type { Journal } from '../../contracts/generated/journal';
import type { Plan } from '../../contracts/generated/plan';
import type { RunReport } from '../../contracts/generated/run-report';
import type { WinReFixBackups } from '../../contracts/generated/get-win-re-fix-backups';
import type { RunLockProbe } from '../../contracts/generated/test-run-lock';
import { backupRootOnPc } from '../../engine/backup-sweep';
import { JournalStore } from '../../engine/journal';
import { plan as makePlan } from '../../domain/planner';
import { reasonMessage, reasonRemedy, type Language } from '../../domain/reasons';
import type { Snapshot } from '../../domain/snapshot';
import type { StateFolderTrust } from '../../domain/state-folder-trust';
import { JournalRejectedError, WinReFixError } from '../../errors';
import { readOnlyRunRecord, writeStatusRecord } from '../../engine/status-record';
import { assertValid } from '../../schemas/validators';
import { toolVersion } from '../../version';
import { setExitCode } from '../command-result';
import { exitCodeForError } from '../error-exit';
import { ExitCode, type ExitCodeValue } from '../exit-codes';
import { renderPlan } from '../render-plan';
import { openRun, plannerOptions, withGlobalOptions, type GlobalArgs, type RunContext } from '../run-context';

/** A fix or resume running now (it holds the run lock), or one that stopped mid-way with nobody holding it. */
export interface ActiveRun {
  readonly state: 'in-progress' | 'unfinished';
  /** The live journal's phase; null when there is none (yet) or it cannot be read. */
  readonly phase: string | null;
  readonly runId: string | null;
}

/**
 * Read-only: is a run in progress (Test-RunLock: the lock file is held) or unfinished (the journal is applying or
 * rolling back, and nobody holds the lock)? Audit, detect and status ask this before judging the PC: a PC in
 * the middle of a fix is neither compliant nor in need of a new one. The probe never creates the lock file.
 */
export async function findActiveRun(ctx: RunContext): Promise<ActiveRun | undefined> {
  const probe = await ctx.runner.run<RunLockProbe>('Test-RunLock', { Path: ctx.paths.lock });
  if (probe.state === 'not-a-file') {
    throw new JournalRejectedError(`The run lock ${ctx.paths.lock} is a folder, not a file.`, {
      hint: 'Something other than winre-fix made it: inspect and remove it.',
    });
  }
  const held = probe.state === 'held';
  let journal: Journal | undefined;
  try {
    journal = new JournalStore(ctx.paths.journal).load();
  } catch (error) {
    // The holder is writing it; what matters now is that a run is in progress.
    if (!held) throw error;
  }
  if (held) return { state: 'in-progress', phase: journal?.phase ?? null, runId: journal?.runId ?? null };
  if (journal && (journal.phase === 'applying' || journal.phase === 'rolling-back'))
    return { state: 'unfinished', phase: journal.phase, runId: journal.runId };
  return undefined;
}

/** One sentence about an active run, for the console, the report and detect's line. */
export function describeActiveRun(run: ActiveRun): string {
  const which = `${run.runId ? `run ${run.runId}` : 'a run'}${run.phase ? ` (phase ${run.phase})` : ''}`;
  return run.state === 'in-progress'
    ? `A winre-fix fix is in progress on this PC now: ${which}; the PC was not judged while it changes. Ask again when it has ended.`
    : `A winre-fix fix stopped before it finished: ${which}; \`winre-fix fix\` (or \`resume\`) continues it.`;
}

export function activeRunExitCode(run: ActiveRun): ExitCodeValue {
  return run.state === 'in-progress' ? ExitCode.Retry : ExitCode.FailedDegraded;
}

export interface AuditResult {
  readonly snapshot: Snapshot;
  readonly plan: Plan;
}

/** The run report's outcome of a check (audit, detect): what a fix would do; nothing was done. */
export function checkOutcome(result: AuditResult | undefined): RunReport['outcome'] {
  return {
    stepsPlanned: result?.plan.steps.length ?? 0,
    stepsCompleted: [],
    failedStep: null,
    winreDisabledMs: null,
    bytesTakenFromOs: 0,
    recoveryPartitionBytesBefore: result?.plan.target.recoveryPartition?.size ?? null,
    recoveryPartitionBytesAfter: null,
    rebootRequired: false,
  };
}

/** Gathers and plans with a read-only context: shared by audit and detect. */
export async function auditWith(ctx: RunContext): Promise<AuditResult> {
  const snapshot = await ctx.gather();
  const plan = makePlan(snapshot, plannerOptions(ctx.args));
  ctx.emit({
    kind: 'plan-ready',
    verdict: plan.verdict,
    reasons: plan.reasons.map((r) => ({
      code: r.code,
      message: reasonMessage(r.code, r.params, ctx.language(snapshot)),
    })),
    steps: plan.steps.map((s) => ({ id: String(s.id), kind: s.kind, description: s.reason })),
    bytesFromOs: plan.sizing.shrinkOsBy,
    fields: { plan },
  });
  return { snapshot, plan };
}

export function verdictExitCode(plan: Plan): ExitCodeValue {
  return plan.verdict === 'compliant'
    ? ExitCode.Success
    : plan.verdict === 'needs-fix'
      ? ExitCode.AuditNeedsFix
      : ExitCode.Refused;
}

export function auditReport(
  result: AuditResult | undefined,
  language: Language,
  error?: WinReFixError | Error,
  extras: { stateFolder?: StateFolderTrust; leftoverBackups?: WinReFixBackups; active?: ActiveRun } = {},
): AuditReport {
  const reasons: AuditReport['reasons'] = result
    ? result.plan.reasons.map((r) => {
        const remedy = reasonRemedy(r.code, r.params, language);
        return {
          code: r.code,
          severity: r.severity,
          message: reasonMessage(r.code, r.params, language),
          ...(remedy ? { remedy } : {}),
        };
      })
    : [];
  const active = extras.active;
  if (active && !error) {
    reasons.push({
      code: active.state === 'in-progress' ? 'RUN_IN_PROGRESS' : 'RUN_UNFINISHED',
      severity: active.state === 'in-progress' ? 'info' : 'error',
      message: describeActiveRun(active),
    });
  }
  if (error) {
    reasons.push({
      code: error instanceof WinReFixError ? error.code : 'INTERNAL',
      severity: 'error',
      message: error.message,
      ...(error instanceof WinReFixError && error.hint ? { remedy: error.hint } : {}),
    });
  }
  const report: AuditReport = {
    schemaVersion: 1,
    toolVersion: toolVersion(),
    computerName: result?.snapshot.os.computerName ?? '',
    takenAt: result?.snapshot.takenAt ?? new Date().toISOString(),
    simulated: result?.snapshot.simulated ?? false,
    verdict: error ? 'error' : (active?.state ?? result?.plan.verdict ?? 'error'),
    reasons,
    plan: (result?.plan ?? null) as AuditReport['plan'],
    evidence: (result?.snapshot ?? null) as AuditReport['evidence'],
    ...(extras.leftoverBackups ? { leftoverBackups: extras.leftoverBackups } : {}),
    ...(extras.stateFolder
      ? {
          stateFolder: {
            path: extras.stateFolder.path,
            exists: extras.stateFolder.exists,
            trusted: extras.stateFolder.trusted,
            problems: [...extras.stateFolder.problems],
          },
        }
      : {}),
    ...(active && !error ? { run: { state: active.state, phase: active.phase, runId: active.runId } } : {}),
  };
  return assertValid<AuditReport>('audit-report', report, 'audit report');
}

/** The backups earlier runs left on C: (read-only); undefined when they cannot be read (never fails the audit). */
async function listBackups(ctx: RunContext, systemDrive: string): Promise<WinReFixBackups | undefined> {
  try {
    return await ctx.runner.run<WinReFixBackups>('Get-WinReFixBackups', {
      BackupRoot: backupRootOnPc(systemDrive),
    });
  } catch (error) {
    ctx.emit({
      kind: 'note',
      level: 'warn',
      message: `could not list the backups of earlier runs: ${error instanceof Error ? error.message : String(error)}`,
    });
    return undefined;
  }
}

export interface AuditArgs extends GlobalArgs {
  /** Write the status record (HKLM\SOFTWARE\winre-fix): the one change audit makes, only when asked. */
  'status-record'?: boolean;
}

export const auditCommand: CommandModule<object, AuditArgs> = {
  command: 'audit',
  describe:
    'Diagnose this PC: is WinRE why KB5034441/KB5034439 fail, and what would the fix do? Changes nothing.',
  builder: (y) =>
    withGlobalOptions(y).option('status-record', {
      type: 'boolean',
      default: false,
      describe: 'Also write the status record HKLM\\SOFTWARE\\winre-fix (the only change audit then makes).',
    }),
  handler: async (args) => {
    setExitCode(await runAudit(args));
  },
};

export async function runAudit(args: AuditArgs): Promise<ExitCodeValue> {
  // --no-log also means no report file: audit promises to create nothing but its log.
  const ctx = openRun({
    command: 'audit',
    args: { ...args, report: args.report && args.log },
    readOnly: true,
  });
  let result: AuditResult | undefined;
  let active: ActiveRun | undefined;
  let code: ExitCodeValue;
  let failure: Error | undefined;
  let stateFolder: StateFolderTrust | undefined;
  let backups: WinReFixBackups | undefined;
  try {
    // An untrusted state folder does not stop a diagnosis (it reads nothing there); it only means nothing is
    // written there, which the report and the console say.
    stateFolder = await ctx.stateFolder;
    // A run in progress (or left unfinished) is reported, not judged: the PC is mid-change. Its journal is read
    // only from a trusted folder.
    active = stateFolder.trusted ? await findActiveRun(ctx) : undefined;
    if (active) {
      code = activeRunExitCode(active);
    } else {
      result = await auditWith(ctx);
      code = verdictExitCode(result.plan);
      backups = await listBackups(ctx, result.snapshot.os.systemDrive);
    }
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
    code = exitCodeForError(error);
  }
  const language = ctx.language(result?.snapshot);
  if (args.json) {
    process.stdout.write(
      `${JSON.stringify(
        auditReport(result, language, failure, {
          ...(stateFolder ? { stateFolder } : {}),
          ...(backups ? { leftoverBackups: backups } : {}),
          ...(active ? { active } : {}),
        }),
        null,
        2,
      )}\n`,
    );
  } else if (result) {
    process.stdout.write(`${renderPlan(result.plan, result.snapshot, language).join('\n')}\n`);
    if (backups && backups.runs.length > 0)
      process.stdout.write(
        `Backups left by earlier runs on C: ${backups.runs.length} folder(s), ${backups.totalBytes} bytes in ${backups.backupRoot} (the next fix or resume deletes them once WinRE is healthy).\n`,
      );
  } else if (active && !failure) {
    process.stdout.write(`winre-fix ${active.state.toUpperCase()}: ${describeActiveRun(active)}\n`);
  }
  if (failure && !args.json) process.stderr.write(`winre-fix: ${failure.message}\n`);
  if (stateFolder && !stateFolder.trusted && !args.json) {
    process.stderr.write(
      `winre-fix: the state folder ${stateFolder.path} is not trusted (${stateFolder.problems.join('; ')}); this audit wrote nothing there.\n`,
    );
  }
  // The run report's verdicts (a fleet roll-up counts them): a run in progress is a retry, like fix's 1618
  // ('error' with its reason), and an unfinished one is a PC left changed ('degraded') until it is resumed.
  const verdict =
    failure || active?.state === 'in-progress'
      ? 'error'
      : active?.state === 'unfinished'
        ? 'degraded'
        : (result?.plan.verdict ?? 'error');
  ctx.writeReport({
    computerName: result?.snapshot.os.computerName ?? ctx.computerName,
    exitCode: code,
    verdict,
    reasons: active
      ? [
          {
            code: active.state === 'in-progress' ? 'RUN_IN_PROGRESS' : 'RUN_UNFINISHED',
            message: describeActiveRun(active),
          },
        ]
      : (result?.plan.reasons ?? []).map((r) => ({
          code: r.code,
          message: reasonMessage(r.code, r.params),
        })),
    outcome: checkOutcome(result),
  });
  ctx.emit({
    kind: 'run-finished',
    verdict,
    exitCode: code,
    durationMs: Date.now() - ctx.startedAt.getTime(),
    reasons: [],
  });
  // A run in progress or unfinished writes its own record when it ends; the audit does not judge it.
  if (args['status-record'] && !active)
    await writeStatusRecord(ctx, readOnlyRunRecord(result, code, failure));
  await ctx.close();
  return code;
}

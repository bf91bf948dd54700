/**
 * The audit use case (`winre-fix audit`): look, decide, explain; change nothing (Terraform plan). Read-only by
 * construction: its script runner refuses every mutating verb before PowerShell sees it, and it takes no lock and
 * writes no state. It first probes the run lock (Test-RunLock, read-only): a PC that a fix or resume is changing
 * right now is not judged (exit 1618, verdict in-progress, with the live journal's phase), and a PC whose journal
 * shows a run that stopped mid-way with nobody holding the lock is reported unfinished (exit 23), never compliant.
 * Exit codes: 0 compliant, 20 needs fix, 21 refused, 1618 in progress, 23 unfinished, or the error's code.
 * auditWith (gather and plan) is shared with detect. The CLI (src/cli/commands/
 * audit.ts) prints what `present` hands it.
 */
import type { AuditReport } from '../contracts/generated/audit-report';
import type { Plan } from '../contracts/generated/plan';
import type { WinReFixBackups } from '../contracts/generated/get-win-re-fix-backups';
import { backupRootOnPc } from '../engine/backup-sweep';
import { plan as makePlan } from '../domain/planner';
import { reasonMessage, reasonRemedy, type Language } from '../domain/reasons';
import type { Snapshot } from '../domain/snapshot';
import type { StateFolderTrust } from '../domain/state-folder-trust';
import { WinReFixError } from '../errors';
import { readOnlyRunRecord, writeStatusRecord } from '../engine/status-record';
import { assertValid } from '../schemas/validators';
import { toolVersion } from '../version';
import { exitCodeForError } from './error-exit';
import { isDeferral } from '../domain/planning/blockers';
import { planningSnapshot } from './supplied-image';
import { isKeepBackupRefusal } from '../domain/keep-backup';
import { readPlannerOptions } from './planner-options';
import { plannerOptionsWithShrinkMemo } from './shrink-memo';
import { ExitCode, type ExitCodeValue } from '../contracts/exit-codes';
import { openRun, type OpenRunOptions, type RunArgs, type RunContext } from './run-context';
import { activeRunExitCode, describeActiveRun, findActiveRun, type ActiveRun } from './active-run';
import { activeRunReasons, planReasonsInEnglish, runReportBody } from './run-report';
import { noteEvent, errorText } from '../logging/notes';

export interface AuditResult {
  readonly snapshot: Snapshot;
  readonly plan: Plan;
}

/** Gathers and plans with a read-only context: shared by audit and detect. */
export async function auditWith(ctx: RunContext): Promise<AuditResult> {
  const snapshot = await planningSnapshot(ctx);
  // Read-only: a memo that applies shows in the plan (as fix would act on it); one that does not is left as it is.
  const { options } = plannerOptionsWithShrinkMemo(ctx, snapshot, await readPlannerOptions(ctx, ctx.args), {
    force: false,
    clear: false,
  });
  const plan = makePlan(snapshot, options);
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

/** The exit code of a plan that is not applied: audit, resume with nothing to resume, and a refused fix. */
export function verdictExitCode(plan: Plan): ExitCodeValue {
  if (plan.verdict === 'compliant') return ExitCode.Success;
  if (plan.verdict === 'needs-fix') return ExitCode.AuditNeedsFix;
  // A PC still in Windows setup is not refused for good: the deployment tool retries later (exit 30).
  if (isDeferral(plan.reasons)) return ExitCode.Deferred;
  // The image given with --wim is what is wrong, not the PC: the admin fixes the share or the path (exit 31).
  if (plan.suppliedImage?.status === 'rejected') return ExitCode.ImageRejected;
  // Only the --keep-backup folder stands in the way: its own code (the PC itself could be fixed).
  return isKeepBackupRefusal(plan.reasons) ? ExitCode.KeepBackupRefused : ExitCode.Refused;
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
    ctx.emit(noteEvent('warn', { key: 'backups-unlisted', params: { error: errorText(error) } }));
    return undefined;
  }
}

export interface AuditArgs extends RunArgs {
  /** Write the status record (HKLM\SOFTWARE\winre-fix): the one change audit makes, only when asked. */
  'status-record'?: boolean;
}

/** What an audit found, handed to the CLI to print before the run's last line. */
export interface AuditFindings {
  readonly exitCode: ExitCodeValue;
  readonly language: Language;
  readonly result?: AuditResult;
  readonly active?: ActiveRun;
  readonly failure?: Error;
  readonly stateFolder?: StateFolderTrust;
  readonly backups?: WinReFixBackups;
  /** The audit report (schemas/audit-report.schema.json), built and validated when asked (--json). */
  report(): AuditReport;
}

export interface AuditPorts {
  /** Shows the findings; called once, before the run's summary line. */
  readonly present: (findings: AuditFindings) => void;
  /** Opens the run (default openRun); tests open it their way. */
  readonly openRun?: (options: OpenRunOptions) => RunContext;
}

export async function audit(args: AuditArgs, ports: AuditPorts): Promise<ExitCodeValue> {
  // --no-log also means no report file: audit promises to create nothing but its log.
  const ctx = (ports.openRun ?? openRun)({
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
  ports.present({
    exitCode: code,
    language,
    ...(result ? { result } : {}),
    ...(active ? { active } : {}),
    ...(failure ? { failure } : {}),
    ...(stateFolder ? { stateFolder } : {}),
    ...(backups ? { backups } : {}),
    report: () =>
      auditReport(result, language, failure, {
        ...(stateFolder ? { stateFolder } : {}),
        ...(backups ? { leftoverBackups: backups } : {}),
        ...(active ? { active } : {}),
      }),
  });
  // The run report's verdicts (a fleet roll-up counts them): a run in progress is a retry, like fix's 1618
  // ('error' with its reason), and an unfinished one is a PC left changed ('degraded') until it is resumed.
  const verdict =
    failure || active?.state === 'in-progress'
      ? 'error'
      : active?.state === 'unfinished'
        ? 'degraded'
        : (result?.plan.verdict ?? 'error');
  ctx.writeReport(
    runReportBody(ctx, {
      kind: 'check',
      result,
      exitCode: code,
      verdict,
      reasons: active ? activeRunReasons(active) : planReasonsInEnglish(result?.plan),
    }),
  );
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

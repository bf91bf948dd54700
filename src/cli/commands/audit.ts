/**
 * `winre-fix audit`: look, decide, explain; change nothing (Terraform plan). Read-only by construction: its
 * script runner refuses every mutating verb before PowerShell sees it, and it takes no lock and writes no state.
 * Exit codes: 0 compliant, 20 needs fix, 21 refused, or the error's code.
 */
import type { CommandModule } from 'yargs';
import type { AuditReport } from '../../contracts/generated/audit-report';
import type { Plan } from '../../contracts/generated/plan';
import type { WinReFixBackups } from '../../contracts/generated/get-win-re-fix-backups';
import { backupRootOnPc } from '../../engine/backup-sweep';
import { plan as makePlan } from '../../domain/planner';
import { reasonMessage, reasonRemedy, type Language } from '../../domain/reasons';
import type { Snapshot } from '../../domain/snapshot';
import type { StateFolderTrust } from '../../domain/state-folder-trust';
import { WinReFixError } from '../../errors';
import { readOnlyRunRecord, writeStatusRecord } from '../../engine/status-record';
import { assertValid } from '../../schemas/validators';
import { toolVersion } from '../../version';
import { setExitCode } from '../command-result';
import { exitCodeForError } from '../error-exit';
import { ExitCode, type ExitCodeValue } from '../exit-codes';
import { renderPlan } from '../render-plan';
import { openRun, plannerOptions, withGlobalOptions, type GlobalArgs, type RunContext } from '../run-context';

export interface AuditResult {
  readonly snapshot: Snapshot;
  readonly plan: Plan;
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
  extras: { stateFolder?: StateFolderTrust; leftoverBackups?: WinReFixBackups } = {},
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
    verdict: error ? 'error' : (result?.plan.verdict ?? 'error'),
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
  let code: ExitCodeValue;
  let failure: Error | undefined;
  let stateFolder: StateFolderTrust | undefined;
  let backups: WinReFixBackups | undefined;
  try {
    // An untrusted state folder does not stop a diagnosis (it reads nothing there); it only means nothing is
    // written there, which the report and the console say.
    stateFolder = await ctx.stateFolder;
    result = await auditWith(ctx);
    code = verdictExitCode(result.plan);
    backups = await listBackups(ctx, result.snapshot.os.systemDrive);
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
    code = exitCodeForError(error);
  }
  const language = ctx.language(result?.snapshot);
  if (args.json) {
    process.stdout.write(
      `${JSON.stringify(auditReport(result, language, failure, { ...(stateFolder ? { stateFolder } : {}), ...(backups ? { leftoverBackups: backups } : {}) }), null, 2)}\n`,
    );
  } else if (result) {
    process.stdout.write(`${renderPlan(result.plan, result.snapshot, language).join('\n')}\n`);
    if (backups && backups.runs.length > 0)
      process.stdout.write(
        `Backups left by earlier runs on C: ${backups.runs.length} folder(s), ${backups.totalBytes} bytes in ${backups.backupRoot} (the next fix or resume deletes them once WinRE is healthy).\n`,
      );
  }
  if (failure && !args.json) process.stderr.write(`winre-fix: ${failure.message}\n`);
  if (stateFolder && !stateFolder.trusted && !args.json) {
    process.stderr.write(
      `winre-fix: the state folder ${stateFolder.path} is not trusted (${stateFolder.problems.join('; ')}); this audit wrote nothing there.\n`,
    );
  }
  const verdict = failure ? 'error' : (result?.plan.verdict ?? 'error');
  ctx.writeReport({
    computerName: result?.snapshot.os.computerName ?? ctx.computerName,
    exitCode: code,
    verdict,
    reasons: (result?.plan.reasons ?? []).map((r) => ({
      code: r.code,
      message: reasonMessage(r.code, r.params),
    })),
    outcome: {
      stepsPlanned: result?.plan.steps.length ?? 0,
      stepsCompleted: [],
      failedStep: null,
      winreDisabledMs: null,
      bytesTakenFromOs: 0,
      recoveryPartitionBytesBefore: result?.plan.target.recoveryPartition?.size ?? null,
      recoveryPartitionBytesAfter: null,
      rebootRequired: false,
    },
  });
  ctx.emit({
    kind: 'run-finished',
    verdict,
    exitCode: code,
    durationMs: Date.now() - ctx.startedAt.getTime(),
    reasons: [],
  });
  if (args['status-record']) await writeStatusRecord(ctx, readOnlyRunRecord(result, code, failure));
  await ctx.close();
  return code;
}

/**
 * The body of the JSON run report (schemas/run-report.schema.json), built in one place for every command that
 * writes one: a check (audit, detect) says what a fix would do and that nothing was done; a change (fix, resume)
 * says what the executor did, from its journal. RunContext.writeReport adds the run's identity and timing.
 * Reasons in the report are English (a fleet roll-up reads them); the console and --json speak the PC's language.
 */
import type { Journal } from '../contracts/generated/journal';
import type {
  BackupCleanup,
  RunReport,
  RunVerdict,
  SafeOsPatchRecord,
  ShrinkAttempts,
} from '../contracts/generated/run-report';
import type { Plan, SuppliedImage, WinRePatchLevel } from '../contracts/generated/plan';
import { reasonMessage } from '../domain/reasons';
import type { Outcome } from '../engine/executor';
import { keptBackupOf } from '../engine/backup-sweep';
import { describeActiveRun, type ActiveRun } from './active-run';
import type { AuditResult } from './audit';
import type { RunContext } from './run-context';

export type RunReportBody = Parameters<RunContext['writeReport']>[0];

export interface ReportReason {
  readonly code: string;
  readonly message: string;
}

interface ReportBase {
  readonly exitCode: number;
  readonly verdict: RunVerdict;
  readonly reasons: readonly ReportReason[];
}

/** A check (audit, detect): the plan it made, if it got that far. */
export interface CheckReport extends ReportBase {
  readonly kind: 'check';
  readonly result: AuditResult | undefined;
}

/** A change (fix, resume): how many steps were planned and what the executor did, if it ran. */
export interface ChangeReport extends ReportBase {
  readonly kind: 'change';
  readonly stepsPlanned: number;
  readonly outcome: Outcome | undefined;
  /** Backups of earlier runs this run deleted (src/engine/backup-sweep.ts). */
  readonly backupCleanup?: BackupCleanup | undefined;
  /** The WinRE patch level of the plan the run made or resumed. */
  readonly patchLevel?: WinRePatchLevel | undefined;
  /** The image given with --wim, as the plan the run made or resumed judged it. */
  readonly suppliedImage?: SuppliedImage | undefined;
}

/** The plan's reasons as the report keeps them (English). */
export function planReasonsInEnglish(plan: Plan | undefined): ReportReason[] {
  return (plan?.reasons ?? []).map((r) => ({ code: r.code, message: reasonMessage(r.code, r.params) }));
}

/** The one reason of a run found in progress or unfinished. */
export function activeRunReasons(active: ActiveRun): ReportReason[] {
  return [
    {
      code: active.state === 'in-progress' ? 'RUN_IN_PROGRESS' : 'RUN_UNFINISHED',
      message: describeActiveRun(active),
    },
  ];
}

/** The run report's outcome of a check: what a fix would do; nothing was done. */
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

/** The run report's outcome of a change, from the executor's journal. */
export function changeOutcome(input: Omit<ChangeReport, keyof ReportBase | 'kind'>): RunReport['outcome'] {
  const { outcome, backupCleanup } = input;
  const journal = outcome?.journal;
  const kept = journal ? keptBackupOf(journal) : null;
  return {
    stepsPlanned: input.stepsPlanned,
    stepsCompleted: (journal?.steps ?? [])
      .filter((s) => s.status === 'completed')
      .map((s) => `${s.id}:${s.kind}`),
    failedStep: journal?.steps.find((s) => s.status === 'failed')?.kind ?? null,
    winreDisabledMs: outcome?.winreDisabledMs ?? null,
    bytesTakenFromOs: journal?.steps.some((s) => s.kind === 'resize-os-partition' && s.status === 'completed')
      ? journal.plan.sizing.shrinkOsBy
      : 0,
    recoveryPartitionBytesBefore: journal?.original.recoveryPartition?.size ?? null,
    recoveryPartitionBytesAfter:
      outcome?.kind === 'fixed' ? (journal?.plan.target.newRecoveryPartition?.size ?? null) : null,
    rebootRequired: outcome?.rebootRequired ?? false,
    ...shrinkAttemptsOf(journal),
    ...(backupCleanup ? { backupCleanup } : {}),
    ...(kept ? { keptBackup: kept } : {}),
  };
}

/** The shrink retry ladder as the report shows it, when Windows refused the shrink at least once. */
function shrinkAttemptsOf(journal: Journal | undefined): { shrinkAttempts?: ShrinkAttempts } {
  const rec = journal?.steps.find((s) => s.kind === 'resize-os-partition');
  if (!rec?.retries?.length) return {};
  return {
    shrinkAttempts: {
      attempts: rec.attempts,
      shrunk: rec.status === 'completed',
      tries: rec.retries.map((r) => ({
        afterAttempt: r.afterAttempt,
        refusal: r.refusal,
        remedy: r.remedy,
        ...(r.pauseMs !== undefined ? { pauseMs: r.pauseMs } : {}),
        ...(r.defrag
          ? {
              defragExitCode: r.defrag.exitCode,
              defragTimedOut: r.defrag.timedOut,
              defragMs: r.defrag.durationMs,
            }
          : {}),
      })),
    },
  };
}

/**
 * The report's body. The PC's name is the one the run read (the snapshot, or the journal of the run resumed),
 * else the name the run knew before anything could fail.
 */
export function runReportBody(
  run: { readonly computerName: string },
  report: CheckReport | ChangeReport,
): RunReportBody {
  const base = { exitCode: report.exitCode, verdict: report.verdict, reasons: [...report.reasons] };
  if (report.kind === 'check') {
    const level = report.result?.plan.winrePatchLevel;
    const supplied = report.result?.plan.suppliedImage;
    return {
      computerName: report.result?.snapshot.os.computerName ?? run.computerName,
      ...base,
      outcome: checkOutcome(report.result),
      ...(level ? { winre: level } : {}),
      ...(supplied ? { suppliedImage: supplied } : {}),
    };
  }
  const level = report.patchLevel;
  const patch = report.outcome ? safeOsPatchRecord(report.outcome.journal) : null;
  const supplied = report.suppliedImage;
  return {
    computerName: report.outcome?.journal.computerName ?? run.computerName,
    ...base,
    outcome: changeOutcome(report),
    ...(patch ? { safeosPatch: patch } : {}),
    ...(level ? { winre: level } : {}),
    ...(supplied ? { suppliedImage: supplied } : {}),
  };
}

/**
 * What a Safe OS patch did, from the journal: the package and the image before (the plan's), the verified copy
 * (Build-PatchedWinReImage's result) and the image WinRE runs at the end (Test-PatchedWinReImage's result).
 */
export function safeOsPatchRecord(journal: Journal): SafeOsPatchRecord | null {
  const build = journal.steps.find((s) => s.kind === 'build-patched-image');
  if (!build) return null;
  const p = build.params as Record<string, unknown>;
  const built = build.status === 'completed' ? (build.result as Record<string, unknown> | null) : null;
  const proof = journal.steps.find((s) => s.kind === 'verify-patched-winre' && s.status === 'completed');
  const after = proof?.result as Record<string, unknown> | null | undefined;
  return {
    packagePath: String(p['packagePath']),
    kb: typeof p['kb'] === 'string' ? p['kb'] : null,
    packageSha256: String(p['packageSha256']),
    before: { version: String(p['fromVersion']), sha256: String(p['sourceSha256']) },
    built: built
      ? {
          version: String(built['toVersion']),
          sha256: String(built['toSha256']),
          size: Number(built['toSize']),
        }
      : null,
    after: after ? { version: String(after['version']), sha256: String(after['sha256']) } : null,
  };
}

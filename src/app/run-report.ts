/**
 * The body of the JSON run report (schemas/run-report.schema.json), built in one place for every command that
 * writes one: a check (audit, detect) says what a fix would do and that nothing was done; a change (fix, resume)
 * says what the executor did, from its journal. RunContext.writeReport adds the run's identity and timing.
 * Reasons in the report are English (a fleet roll-up reads them); the console and --json speak the PC's language.
 */
import type { BackupCleanup, RunReport, RunVerdict } from '../contracts/generated/run-report';
import type { Plan, WinRePatchLevel } from '../contracts/generated/plan';
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
    ...(backupCleanup ? { backupCleanup } : {}),
    ...(kept ? { keptBackup: kept } : {}),
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
    return {
      computerName: report.result?.snapshot.os.computerName ?? run.computerName,
      ...base,
      outcome: checkOutcome(report.result),
      ...(level ? { winre: level } : {}),
    };
  }
  const level = report.patchLevel;
  return {
    computerName: report.outcome?.journal.computerName ?? run.computerName,
    ...base,
    outcome: changeOutcome(report),
    ...(level ? { winre: level } : {}),
  };
}

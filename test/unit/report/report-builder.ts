/** Builds valid run reports for tests and for bench/report-rollup.ts: realistic defaults plus overrides. */
import type { RunReport, RunVerdict } from '../../../src/contracts/generated/run-report';

export interface ReportOverrides extends Partial<Omit<RunReport, 'outcome' | 'logPaths'>> {
  outcome?: Partial<RunReport['outcome']>;
  logPaths?: Partial<RunReport['logPaths']>;
}

/** Exit codes per verdict, as src/contracts/exit-codes.ts defines them for a fix run (audit: needs-fix is 20). */
const EXIT: Record<RunVerdict, number> = {
  compliant: 0,
  fixed: 0,
  'reboot-pending': 3010,
  'needs-fix': 20,
  refused: 21,
  error: 22,
  'rolled-back': 22,
  degraded: 23,
};

const REASONS: Partial<Record<RunVerdict, { code: string; message: string }[]>> = {
  'needs-fix': [
    {
      code: 'WINRE_PARTITION_TOO_SMALL',
      message: 'The recovery partition has 87 MiB free; 250 MiB are needed.',
    },
  ],
  refused: [
    { code: 'WINRE_BEFORE_OS', message: 'The recovery partition is before C:, so C: cannot grow into it.' },
  ],
  error: [{ code: 'SCRIPT_FAILED', message: 'Get-Partition failed: "Access denied", run as SYSTEM' }],
  'rolled-back': [{ code: 'SHRINK_FAILED', message: 'C: could not be shrunk, the layout was restored.' }],
  degraded: [{ code: 'WINRE_ON_OS', message: 'WinRE was restored on C:, not on a recovery partition.' }],
  'reboot-pending': [{ code: 'REBOOT_REQUIRED', message: 'Restart to finish.' }],
};

export function buildReport(overrides: ReportOverrides = {}): RunReport {
  const verdict = overrides.verdict ?? 'compliant';
  const finishedAt = overrides.finishedAt ?? '2026-11-20T10:00:05.000Z';
  const startedAt = overrides.startedAt ?? new Date(Date.parse(finishedAt) - 5000).toISOString();
  const { outcome, logPaths, ...rest } = overrides;
  return {
    schemaVersion: 1,
    toolVersion: '0.1.0',
    runId: '20261120T100000Z-000001',
    command: verdict === 'needs-fix' ? 'audit' : 'fix',
    computerName: 'PC-0001',
    startedAt,
    finishedAt,
    durationMs: Date.parse(finishedAt) - Date.parse(startedAt),
    exitCode: EXIT[verdict],
    verdict,
    reasons: REASONS[verdict] ?? [],
    simulated: false,
    ...rest,
    outcome: {
      stepsPlanned: verdict === 'fixed' ? 9 : 0,
      stepsCompleted: verdict === 'fixed' ? ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9'] : [],
      failedStep: null,
      winreDisabledMs: verdict === 'fixed' ? 41_250 : null,
      bytesTakenFromOs: verdict === 'fixed' ? 262_144_000 : 0,
      recoveryPartitionBytesBefore: 554_696_704,
      recoveryPartitionBytesAfter: verdict === 'fixed' ? 816_840_704 : 554_696_704,
      rebootRequired: verdict === 'reboot-pending',
      ...outcome,
    },
    logPaths: {
      cmtrace: 'C:\\ProgramData\\winre-fix\\Logs\\winre-fix.log',
      jsonl: 'C:\\ProgramData\\winre-fix\\Logs\\winre-fix.jsonl',
      extraCmtrace: 'C:\\ProgramData\\Microsoft\\IntuneManagementExtension\\Logs\\winre-fix.log',
      ...logPaths,
    },
  };
}

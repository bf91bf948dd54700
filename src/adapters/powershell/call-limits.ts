/**
 * How long one PowerShell call may take before the session kills the process: THE one place where a script's
 * limit is declared. The runner asks `callLimitFor(script)` for every call (src/adapters/powershell/script-runner.ts);
 * the session enforces it (src/adapters/powershell/session.ts): on expiry the process (and, on Windows, what it
 * started) is killed, the caller gets PowerShellTimeoutError and the next call starts a new process. The executor
 * then re-reads the PC before it decides anything (src/engine/executor.ts).
 *
 * Why the numbers (each is a generous multiple of the normal duration: a limit exists to end a HANG, not to race
 * a slow disk):
 *  - reads (Get-, Test-, ...): reagentc /info, Storage cmdlets, the Windows Update history, SHA256 of one
 *    ~500 MB Winre.wim (a few seconds on an SSD, well under a minute on a slow HDD): 5 minutes.
 *  - reagentc steps: `reagentc /disable` and `/enable` copy Winre.wim (~500 MB; KB5028997 sizes the partition for
 *    it: https://support.microsoft.com/help/5028997) between C:\Windows\System32\Recovery and the recovery
 *    partition and rewrite the WinRE BCD entry (https://learn.microsoft.com/windows-hardware/manufacture/desktop/reagentc-command-line-options).
 *    Even at 20 MB/s that is under a minute: 10 minutes. The same for the file copies that move that WIM
 *    (Backup-/Restore-RecoveryFiles copy every file of the ~1 GB partition and hash each copy).
 *  - other mutations: diskpart/Storage partition operations, a quick NTFS format of a ~1 GB partition
 *    (Format-Volume / `format quick`: writes only the metadata), BitLocker suspend/resume, a scheduled task:
 *    seconds each: 5 minutes.
 *  - the shrink of C: (Resize-Partition) moves data below the new end and can take many minutes on a large,
 *    fragmented or slow volume (https://learn.microsoft.com/windows-server/storage/disk-management/shrink-a-basic-volume):
 *    30 minutes, the limit every call had before. WinRE is still enabled while it runs (docs/cases.md); the
 *    executor logs "still running" every 30 s meanwhile.
 *  - `defrag C: /X` (Optimize-OsVolume, the shrink retry ladder's last rung, src/domain/shrink-retry.ts): the script
 *    kills defrag.exe at the policy's time limit (30 min by default); the call's limit is that plus 5 minutes, so
 *    it ends only a hung script, never a defrag that is still within its own limit. WinRE is still enabled.
 *  - the Safe OS patch build (Build-PatchedWinReImage: copy Winre.wim, mount it, add the package, ResetBase,
 *    commit, export): "seconds (less than a minute)" for the package itself but mounts of a ~500 MB image take
 *    "tens of seconds to minutes" and antivirus makes them "very slow" (docs/reference/winre-version.md#adding-a-safe-os-update):
 *    30 minutes, as the shrink. WinRE is still enabled and untouched while it runs (a copy is patched).
 *    Swapping the staged image (Install-/Restore-StagedWinReImage) copies one Winre.wim: the copy limit.
 *  - session start (the language probe, the bridge and the libraries): a cold Windows PowerShell 5.1 under
 *    load starts in seconds: 2 minutes. A ConstrainedLanguage session does not need it: it answers the probe at
 *    once and is refused (PowerShellConstrainedError).
 * A worst case while WinRE is disabled is therefore bounded by the reagentc/file-copy limit per attempt, not by
 * the 30 minutes of the shrink (test/powershell/fix/hung-call.test.ts measures it).
 */
import { UsageError } from '../../errors';

/** Verbs whose scripts never change the machine. Every other verb is treated as mutating. */
const READ_ONLY_VERBS = new Set(['Get', 'Test', 'Measure', 'Find', 'Read', 'ConvertFrom', 'Resolve']);

/** False for a read-only verb (the read-only runner of audit/detect runs only those), true for any other. */
export function isMutating(script: string): boolean {
  return !READ_ONLY_VERBS.has(script.split('-')[0] ?? '');
}

const MINUTE = 60_000;

/** The kinds of calls, each with its limit in ms. */
export const CALL_LIMIT_MS = {
  read: 5 * MINUTE,
  mutation: 5 * MINUTE,
  reagentc: 10 * MINUTE,
  copy: 10 * MINUTE,
  shrink: 30 * MINUTE,
  defrag: 35 * MINUTE,
  dism: 30 * MINUTE,
  sessionStart: 2 * MINUTE,
} as const;

export type CallKind = keyof typeof CALL_LIMIT_MS;

/**
 * Scripts whose kind is not the default of their verb (read-only verbs -> `read`, any other -> `mutation`).
 * Keyed by script name (ps-scripts/<name>.ps1); test/unit/call-limits.test.ts checks every key names a script.
 */
export const SCRIPT_CALL_KIND: Readonly<Record<string, CallKind>> = {
  'Resize-OsPartition': 'shrink',
  'Optimize-OsVolume': 'defrag',
  'Disable-WinRe': 'reagentc',
  'Enable-WinRe': 'reagentc',
  'Enable-WinReOnOsVolume': 'reagentc',
  'Backup-RecoveryFiles': 'copy',
  'Restore-RecoveryFiles': 'copy',
  'Build-PatchedWinReImage': 'dism',
  'Install-PatchedWinReImage': 'copy',
  'Restore-StagedWinReImage': 'copy',
  // The image given with --wim (~500 MB), maybe over the network: read whole for its SHA-256, then copied and
  // hashed again.
  'Read-SuppliedWinReImage': 'copy',
  'Copy-SuppliedWinReImage': 'copy',
  // --keep-backup: the same ~1 GB of files copied again (to the administrator's folder) and hashed on both sides.
  'Copy-WinReFixBackup': 'copy',
};

export function callKindOf(script: string): CallKind {
  return SCRIPT_CALL_KIND[script] ?? (isMutating(script) ? 'mutation' : 'read');
}

/** Limits by script name or kind (`sessionStart` included), replacing the table's; see callLimitsFromEnv. */
export type CallLimitOverrides = Readonly<Record<string, number>>;

export function callLimitFor(script: string, overrides: CallLimitOverrides = {}): number {
  return overrides[script] ?? overrides[callKindOf(script)] ?? CALL_LIMIT_MS[callKindOf(script)];
}

export function sessionStartLimit(overrides: CallLimitOverrides = {}): number {
  return overrides['sessionStart'] ?? CALL_LIMIT_MS.sessionStart;
}

/**
 * Simulation and tests only: WINREFIX_CALL_TIMEOUTS_MS, a JSON object of limits in ms keyed by script name or
 * kind, e.g. `{"Enable-WinRe": 4000}`, so a test can hang one call without waiting 10 minutes. Read here and
 * only here, and only for a session on a simulated PC (src/app/open-session.ts): a run on a real PC always uses the
 * table above. A value that is not such an object is refused rather than ignored.
 */
export const CALL_LIMITS_ENV = 'WINREFIX_CALL_TIMEOUTS_MS';

export function callLimitsFromEnv(env: NodeJS.ProcessEnv): CallLimitOverrides {
  const raw = env[CALL_LIMITS_ENV];
  if (raw === undefined || raw === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  const ok =
    typeof parsed === 'object' &&
    parsed !== null &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((v) => typeof v === 'number' && Number.isInteger(v) && v > 0);
  if (!ok) {
    throw new UsageError(
      `${CALL_LIMITS_ENV} must be a JSON object of positive whole milliseconds by script name or kind, got ${raw}.`,
    );
  }
  return parsed as CallLimitOverrides;
}

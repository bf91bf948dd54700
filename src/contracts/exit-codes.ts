/**
 * The one table of exit codes for the whole tool (docs/exit-codes.md mirrors it; a test keeps them equal).
 * 0, 3010, 1641 and 1618 are the codes Intune Win32 apps and ConfigMgr script deployment types understand
 * by default (docs/reference/fleet-tools.md#intune-win32-return-codes, docs/reference/fleet-tools.md#configmgr-return-codes). Everything else is a failure to them, which is what we want for
 * "refused" and "failed": the admin must see it. Codes 20-39 are ours and each has one meaning.
 */
export const ExitCode = {
  /** Done: compliant, fixed, or nothing to do. */
  Success: 0,
  /** `detect` only: remediation is needed (Intune Remediations runs the remediation on exit 1). */
  RemediationNeeded: 1,
  /** Work is complete or safely parked, and a restart is needed to finish (soft reboot). */
  SoftReboot: 3010,
  /** A restart is needed before anything else is installed (hard reboot). */
  HardReboot: 1641,
  /** Another winre-fix run holds the lock: retry later. Nothing was changed. (`audit`, `status`: a fix is in progress.) */
  Retry: 1618,
  /**
   * `audit`, and `resume` with nothing to resume: the PC needs the fix and it can be applied (like terraform plan
   * -detailed-exitcode 2); `winre-fix fix` applies it.
   */
  AuditNeedsFix: 20,
  /** Refused: the layout or state is one winre-fix will not touch. Nothing was changed. */
  Refused: 21,
  /** Failed before any change: the machine is as it was. */
  FailedSafe: 22,
  /** Failed after changes: WinRE is restored but not as planned (e.g. on C:), or a resume is needed. */
  FailedDegraded: 23,
  /** Bad command-line usage. */
  Usage: 24,
  /**
   * The environment is not usable: PowerShell missing, not startable or in ConstrainedLanguage (App Control /
   * AppLocker script enforcement), not elevated, unsupported OS. Nothing was changed.
   */
  Environment: 25,
  /** A tool's output or a stored document broke its schema. Nothing was changed because of it. */
  ContractViolation: 26,
  /**
   * The checkpoint journal is truncated, tampered with, of another version or for another disk, or the state
   * folder cannot be trusted (a link in it, a foreign owner, a DACL others can write).
   */
  JournalRejected: 27,
  /** A defect of winre-fix. */
  Internal: 28,
  /** The simulated machine "lost power" (only with --simulate; see docs/simulation.md). */
  SimulatedPowerCut: 29,
  /**
   * Deferred: Windows setup has not finished (audit mode, OOBE, Autopilot enrollment), where reagentc /enable
   * fails. Nothing was changed; the packaged return-code tables make it a retry.
   */
  Deferred: 30,
  /**
   * The image given with `--wim` cannot be used: not found, share unreachable or denied, not a WinRE image, wrong
   * architecture or build family, damaged. Nothing was changed; the admin fixes the share or the path.
   */
  ImageRejected: 31,
  /**
   * `fix --keep-backup <folder>` refused the folder (relative, UNC, through a link, inside the state folder, on the
   * recovery partition, not empty and not winre-fix's for this PC, no room, not NTFS): the PC itself could be fixed.
   * Nothing was changed.
   */
  KeepBackupRefused: 32,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

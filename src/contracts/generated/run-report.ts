/* Generated from schemas/run-report.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * compliant: nothing to do. needs-fix: audit found a fixable PC. refused: left alone on purpose. error: failed, nothing changed. fixed: done. rolled-back: a fix failed and the original layout was restored. degraded: WinRE works but not as planned (e.g. on C:). reboot-pending: a restart is needed to finish.
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "verdict".
 */
export type RunVerdict =
  'compliant' | 'needs-fix' | 'refused' | 'error' | 'fixed' | 'rolled-back' | 'degraded' | 'reboot-pending';

/**
 * One JSON report per winre-fix run, written as <computerName>-<runId>.json under %ProgramData%\winre-fix\Reports. Collected from a fleet and rolled up by `winre-fix report <folder>`.
 */
export interface RunReport {
  /**
   * Bumped when a field changes meaning; readers refuse other versions.
   */
  schemaVersion: 1;
  toolVersion: string;
  /**
   * Unique per run; safe in a file name.
   */
  runId: string;
  /**
   * The CLI command that ran: audit, detect, fix, resume, ...
   */
  command: string;
  /**
   * The PC's name (COMPUTERNAME); no characters a file name cannot hold.
   */
  computerName: string;
  deviceIds?: DeviceIds;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  /**
   * The process exit code (src/contracts/exit-codes.ts).
   */
  exitCode: number;
  verdict: RunVerdict;
  /**
   * Why the verdict, as stable codes (translatable) with a message; empty when compliant with nothing to say.
   *
   * @maxItems 100
   */
  reasons: Reason[];
  outcome: RunOutcome;
  safeosPatch?: SafeOsPatchRecord;
  winre?: WinRePatchLevel;
  suppliedImage?: SuppliedImage;
  /**
   * True when the run was against the simulated PC (--simulate).
   */
  simulated: boolean;
  logPaths: RunLogPaths;
}
/**
 * The PC's stable identifiers (each null when the PC has none or the run ended before reading it); absent in reports of older winre-fix versions. The roll-up keys a PC on smbiosUuid, else machineGuid, else computerName.
 */
export interface DeviceIds {
  /**
   * Win32_ComputerSystemProduct.UUID (the hardware id of Intune, ConfigMgr, Autopilot), upper case; null for none, all zeros or all F.
   */
  smbiosUuid: string | null;
  /**
   * HKLM\SOFTWARE\Microsoft\Cryptography MachineGuid, lower case (one per OS install).
   */
  machineGuid: string | null;
  /**
   * EntDMID of the 'MS DM Server' (Intune) enrollment.
   */
  intuneDeviceId: string | null;
  /**
   * root\ccm CCM_Client.ClientId ('GUID:...').
   */
  configMgrClientId: string | null;
}
/**
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "reason".
 */
export interface Reason {
  code: string;
  message: string;
}
/**
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "outcome".
 */
export interface RunOutcome {
  stepsPlanned: number;
  /**
   * Ids of the steps this run completed, in order.
   *
   * @maxItems 200
   */
  stepsCompleted: string[];
  /**
   * Id of the step that failed, or null.
   */
  failedStep: string | null;
  /**
   * How long WinRE was disabled during this run; null when it never was.
   */
  winreDisabledMs: number | null;
  /**
   * Bytes the OS partition (C:) shrank by.
   */
  bytesTakenFromOs: number;
  recoveryPartitionBytesBefore: number | null;
  recoveryPartitionBytesAfter: number | null;
  rebootRequired: boolean;
  shrinkAttempts?: ShrinkAttempts;
  backupCleanup?: BackupCleanup;
  keptBackup?: KeptBackup;
}
/**
 * How the shrink of C: went when Windows refused it at least once (the retry ladder, src/domain/shrink-retry.ts); absent otherwise.
 */
export interface ShrinkAttempts {
  /**
   * Resize-Partition attempts, the last included.
   */
  attempts: number;
  shrunk: boolean;
  tries: {
    afterAttempt: number;
    refusal: string;
    remedy: 'at-once' | 'pause' | 'defrag';
    pauseMs?: number;
    defragExitCode?: number | null;
    defragTimedOut?: boolean;
    defragMs?: number;
  }[];
}
/**
 * Backup folders of earlier runs (rolled back, failed, degraded, cut off) this run deleted from C:; absent when it looked at none (the PC was not safe to, or nothing was swept).
 */
export interface BackupCleanup {
  /**
   * @maxItems 200
   */
  removed: RemovedBackup[];
  /**
   * @maxItems 200
   */
  skipped: SkippedBackupPath[];
  /**
   * C: space given back, in bytes.
   */
  bytesReclaimed: number;
}
/**
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "removedBackup".
 */
export interface RemovedBackup {
  runId: string;
  path: string;
  files: number;
  bytes: number;
  /**
   * False when a junction or symbolic link inside was left (never followed), and with it the folders above it.
   */
  complete: boolean;
}
/**
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "skippedBackupPath".
 */
export interface SkippedBackupPath {
  path: string;
  reason: string;
}
/**
 * `fix --keep-backup`: where this run kept the verified backup of the old recovery partition; absent without the option or before the copy was verified.
 */
export interface KeptBackup {
  /**
   * The run's own folder under the administrator's.
   */
  folder: string;
  manifestPath: string;
  /**
   * SHA256 of manifest.json, which lists every kept file with its SHA256.
   */
  manifestSha256: string;
  files: number;
  totalBytes: number;
}
/**
 * fix --safeos-package (docs/safeos-patch.md): the package and the WinRE image before and after, from the run's journal. Absent when the run patched nothing.
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "safeosPatch".
 */
export interface SafeOsPatchRecord {
  packagePath: string;
  kb: string | null;
  packageSha256: string;
  before: {
    version: string;
    sha256: string;
  };
  /**
   * The verified patched copy, once built (null: the build did not finish, e.g. DISM found the package not applicable).
   */
  built: {
    version: string;
    sha256: string;
    size: number;
  } | null;
  /**
   * The image WinRE runs at the end, proven from its own header (null: the patch did not complete; WinRE runs the old image).
   */
  after: {
    version: string;
    sha256: string;
  } | null;
}
/**
 * The WinRE image version against the baseline the run used (docs/winre-patch-level.md); absent when the run made no plan.
 */
export interface WinRePatchLevel {
  /**
   * current: at or above the family's minimum; outdated: below it; unknown: no readable version, or no minimum for the family; damaged: the WIM header says a write never finished.
   */
  status: 'current' | 'outdated' | 'unknown' | 'damaged';
  /**
   * The version judged: the image's own metadata first, else reagentc's Windows RE Version line, else the WinREVersion registry value.
   */
  version: string | null;
  /**
   * Where `version` comes from.
   */
  source: 'active-image' | 'staged-image' | 'reagentc' | 'registry' | null;
  /**
   * The WinRE build family (the third part of the version).
   */
  family: number | null;
  /**
   * The baseline's minimum for the family; null when it has none.
   */
  minimum: string | null;
  /**
   * The update that brings the family to its minimum.
   */
  kb: string | null;
  baseline: {
    name: string;
    published: string;
  };
  /**
   * Whether a WinRE update has room to install: now (compliant), after winre-fix fixes the PC, or no (refused).
   */
  room: 'now' | 'after-fix' | 'no';
  evidence: {
    /**
     * From the WIM metadata of the image in use (active when enabled, else staged).
     */
    imageVersion: string | null;
    /**
     * reagentc /info's Windows RE Version line (24H2+ only; 0.0.0.0 counts as absent).
     */
    reagentcVersion: string | null;
    /**
     * HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion WinREVersion: evidence only, spoofable and stale after a manual patch.
     */
    registryVersion: string | null;
  };
}
/**
 * The image given with --wim: path, version, family, architecture, SHA-256 and what the plan made of it (accepted, rejected, not-needed); absent without --wim or when the run made no plan.
 */
export interface SuppliedImage {
  path: string;
  /**
   * accepted: the fix stages it; rejected: the plan is refused (exit 31); not-needed: the PC has a usable image, --wim is ignored (not read).
   */
  status: 'accepted' | 'rejected' | 'not-needed';
  /**
   * Who the file server saw (UNC paths).
   */
  account: string | null;
  size: number | null;
  sha256: string | null;
  version: string | null;
  /**
   * The image's WinRE build family (BUILD of its version).
   */
  family: number | null;
  /**
   * The family the PC's OS build carries (src/domain/winre-family.ts).
   */
  expectedFamily: number | null;
  architecture: string | null;
  expectedArchitecture: string | null;
}
/**
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "logPaths".
 */
export interface RunLogPaths {
  /**
   * The CMTrace log; null with --no-log.
   */
  cmtrace: string | null;
  jsonl: string | null;
  /**
   * The copy in the Intune or ConfigMgr log folder, if any.
   */
  extraCmtrace: string | null;
  /**
   * This run's own CMTrace log (fix, resume: Logs\runs\<runId>-<command>.log), the full evidence of a change.
   */
  runLog?: string | null;
}
/**
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "shrinkAttempts".
 */
export interface ShrinkAttempts1 {
  /**
   * Resize-Partition attempts, the last included.
   */
  attempts: number;
  shrunk: boolean;
  tries: {
    afterAttempt: number;
    refusal: string;
    remedy: 'at-once' | 'pause' | 'defrag';
    pauseMs?: number;
    defragExitCode?: number | null;
    defragTimedOut?: boolean;
    defragMs?: number;
  }[];
}
/**
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "keptBackup".
 */
export interface KeptBackup1 {
  /**
   * The run's own folder under the administrator's.
   */
  folder: string;
  manifestPath: string;
  /**
   * SHA256 of manifest.json, which lists every kept file with its SHA256.
   */
  manifestSha256: string;
  files: number;
  totalBytes: number;
}
/**
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "backupCleanup".
 */
export interface BackupCleanup1 {
  /**
   * @maxItems 200
   */
  removed: RemovedBackup[];
  /**
   * @maxItems 200
   */
  skipped: SkippedBackupPath[];
  /**
   * C: space given back, in bytes.
   */
  bytesReclaimed: number;
}
/**
 * The identifiers fleet tools key a PC on (ps-scripts/Get-OsFacts.ps1 Get-WinReFixDeviceIds); null when the PC has none.
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "DeviceIds".
 */
export interface DeviceIds1 {
  /**
   * Win32_ComputerSystemProduct.UUID (the hardware id of Intune, ConfigMgr, Autopilot), upper case; null for none, all zeros or all F.
   */
  smbiosUuid: string | null;
  /**
   * HKLM\SOFTWARE\Microsoft\Cryptography MachineGuid, lower case (one per OS install).
   */
  machineGuid: string | null;
  /**
   * EntDMID of the 'MS DM Server' (Intune) enrollment.
   */
  intuneDeviceId: string | null;
  /**
   * root\ccm CCM_Client.ClientId ('GUID:...').
   */
  configMgrClientId: string | null;
}
/**
 * The WinRE image's version against the baseline (src/domain/winre-patch-level.ts; docs/winre-patch-level.md). Information: it never changes the verdict.
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "winrePatchLevel".
 */
export interface WinRePatchLevel1 {
  /**
   * current: at or above the family's minimum; outdated: below it; unknown: no readable version, or no minimum for the family; damaged: the WIM header says a write never finished.
   */
  status: 'current' | 'outdated' | 'unknown' | 'damaged';
  /**
   * The version judged: the image's own metadata first, else reagentc's Windows RE Version line, else the WinREVersion registry value.
   */
  version: string | null;
  /**
   * Where `version` comes from.
   */
  source: 'active-image' | 'staged-image' | 'reagentc' | 'registry' | null;
  /**
   * The WinRE build family (the third part of the version).
   */
  family: number | null;
  /**
   * The baseline's minimum for the family; null when it has none.
   */
  minimum: string | null;
  /**
   * The update that brings the family to its minimum.
   */
  kb: string | null;
  baseline: {
    name: string;
    published: string;
  };
  /**
   * Whether a WinRE update has room to install: now (compliant), after winre-fix fixes the PC, or no (refused).
   */
  room: 'now' | 'after-fix' | 'no';
  evidence: {
    /**
     * From the WIM metadata of the image in use (active when enabled, else staged).
     */
    imageVersion: string | null;
    /**
     * reagentc /info's Windows RE Version line (24H2+ only; 0.0.0.0 counts as absent).
     */
    reagentcVersion: string | null;
    /**
     * HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion WinREVersion: evidence only, spoofable and stale after a manual patch.
     */
    registryVersion: string | null;
  };
}
/**
 * The image given with --wim and what the planner made of it (src/domain/supplied-image.ts). Absent without --wim.
 *
 * This interface was referenced by `RunReport`'s JSON-Schema
 * via the `definition` "suppliedImage".
 */
export interface SuppliedImage1 {
  path: string;
  /**
   * accepted: the fix stages it; rejected: the plan is refused (exit 31); not-needed: the PC has a usable image, --wim is ignored (not read).
   */
  status: 'accepted' | 'rejected' | 'not-needed';
  /**
   * Who the file server saw (UNC paths).
   */
  account: string | null;
  size: number | null;
  sha256: string | null;
  version: string | null;
  /**
   * The image's WinRE build family (BUILD of its version).
   */
  family: number | null;
  /**
   * The family the PC's OS build carries (src/domain/winre-family.ts).
   */
  expectedFamily: number | null;
  architecture: string | null;
  expectedArchitecture: string | null;
}

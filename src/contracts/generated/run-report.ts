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
  winre?: WinRePatchLevel;
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
  backupCleanup?: BackupCleanup;
  keptBackup?: KeptBackup;
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

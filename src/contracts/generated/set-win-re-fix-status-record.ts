/* Generated from schemas/set-win-re-fix-status-record.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * What ps-scripts/Set-WinReFixStatusRecord.ps1 wrote under HKLM\SOFTWARE\winre-fix, read back after the writes.
 */
export interface SetWinReFixStatusRecordResult {
  key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\winre-fix';
  /**
   * The key did not exist before.
   */
  created: boolean;
  changed: boolean;
  /**
   * Values (re)written by this call.
   */
  written: string[];
  /**
   * Values removed because they are unknown now.
   */
  removed: string[];
  values: StatusRecordValues;
}
/**
 * This interface was referenced by `SetWinReFixStatusRecordResult`'s JSON-Schema
 * via the `definition` "statusRecordValues".
 */
export interface StatusRecordValues {
  /**
   * REG_DWORD: the record's layout version.
   */
  SchemaVersion: 1;
  /**
   * REG_SZ: the run's verdict (run report verdicts).
   */
  Verdict: string;
  /**
   * REG_SZ: reason codes joined with ';' (empty: none).
   */
  ReasonCodes: string;
  /**
   * REG_DWORD: the exit code the run meant (docs/exit-codes.md).
   */
  ExitCode: number;
  /**
   * REG_SZ: when the run ended, ISO 8601 UTC.
   */
  LastRunUtc: string;
  /**
   * REG_SZ: fix, resume, detect or audit.
   */
  Command: string;
  /**
   * REG_SZ: the run id (log and report names).
   */
  RunId: string;
  /**
   * REG_SZ: the winre-fix version.
   */
  ToolVersion: string;
  /**
   * REG_SZ: the PC's name as the run knew it.
   */
  ComputerName: string;
  /**
   * REG_SZ: the SMBIOS UUID, else the MachineGuid; absent when neither is known.
   */
  DeviceId?: string;
  /**
   * REG_DWORD: free MiB on the partition WinRE is on; absent when unknown.
   */
  WinReFreeMiB?: number;
  /**
   * REG_DWORD: 1 when reagentc reported WinRE enabled; absent when unknown.
   */
  WinReEnabled?: 0 | 1;
  /**
   * REG_SZ: the WinRE image version (docs/winre-patch-level.md); absent when unknown.
   */
  WinReVersion?: string;
  /**
   * REG_SZ: the WinRE image against the run's WinRE baseline; absent when the run made no plan.
   */
  WinRePatchStatus?: 'current' | 'outdated' | 'unknown' | 'damaged';
}

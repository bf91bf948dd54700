/* Generated from schemas/get-win-re-fix-backups.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

export interface WinReFixBackups {
  backupRoot: string;
  /**
   * @maxItems 500
   */
  runs: WinReFixBackupFolder[];
  /**
   * Entries under backup\ that are not run folders, or links; never deleted.
   */
  others: SkippedBackupPath[];
  /**
   * C: space the run folders take.
   */
  totalBytes: number;
}
export interface WinReFixBackupFolder {
  runId: string;
  path: string;
  files: number;
  bytes: number;
  /**
   * Junctions or symbolic links inside (not followed).
   */
  links: string[];
}
/**
 * This interface was referenced by `WinReFixBackups`'s JSON-Schema
 * via the `definition` "skippedBackupPath".
 */
export interface SkippedBackupPath {
  path: string;
  reason: string;
}

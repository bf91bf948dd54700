/* Generated from schemas/remove-win-re-fix-orphaned-backups.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

export interface RemoveWinReFixOrphanedBackupsResult {
  changed: boolean;
  backupRoot: string;
  /**
   * Run folders deleted (complete) or emptied as far as possible (a link inside stays).
   */
  removed: RemovedBackup[];
  /**
   * What was left and why: the unfinished run's backup, links, anything that is not a run folder.
   */
  skipped: SkippedBackupPath[];
  bytesReclaimed: number;
}
/**
 * This interface was referenced by `RemoveWinReFixOrphanedBackupsResult`'s JSON-Schema
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
 * This interface was referenced by `RemoveWinReFixOrphanedBackupsResult`'s JSON-Schema
 * via the `definition` "skippedBackupPath".
 */
export interface SkippedBackupPath {
  path: string;
  reason: string;
}

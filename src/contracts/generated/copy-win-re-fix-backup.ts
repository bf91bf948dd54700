/* Generated from schemas/copy-win-re-fix-backup.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * The kept copy of a run's verified backup (Copy-WinReFixBackup.ps1, step keep-backup): where it is, what it holds, its manifest's hash.
 */
export interface CopyWinReFixBackupResult {
  changed: boolean;
  /**
   * The run's folder under the administrator's folder: <folder>\<computer>_<UTC date-time>_<runId>.
   */
  folder: string;
  manifestPath: string;
  manifestSha256: string;
  /**
   * Files kept (every file of the old recovery partition).
   */
  files: number;
  totalBytes: number;
  /**
   * Get-Acl's SDDL of the run's folder, judged by the step's result check.
   */
  folderSddl: string;
}

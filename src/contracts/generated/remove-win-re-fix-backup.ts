/* Generated from schemas/remove-win-re-fix-backup.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

export interface RemoveWinReFixBackupResult {
  changed: boolean;
  removedFiles: number;
  /**
   * Bytes of the files deleted (C: space given back).
   */
  removedBytes: number;
  /**
   * Junctions or symbolic links found and left alone (never followed): the folder above them stays.
   */
  skippedLinks: string[];
}

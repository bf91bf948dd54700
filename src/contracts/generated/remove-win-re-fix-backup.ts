/* Generated from schemas/remove-win-re-fix-backup.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

export interface RemoveWinReFixBackupResult {
  changed: boolean;
  removedFiles: number;
}

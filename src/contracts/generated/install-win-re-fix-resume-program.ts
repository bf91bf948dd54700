/* Generated from schemas/install-win-re-fix-resume-program.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

export interface InstallWinReFixResumeProgramResult {
  changed: boolean;
  /**
   * The copy the startup task will run.
   */
  path: string;
  sha256: string;
  size: number;
  /**
   * Get-Acl's .Sddl of the folder holding the copy.
   */
  folderSddl: string;
  /**
   * Get-Acl's .Sddl of the copy itself.
   */
  fileSddl: string;
}

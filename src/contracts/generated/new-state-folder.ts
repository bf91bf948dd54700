/* Generated from schemas/new-state-folder.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * What New-StateFolder answers: whether it created winre-fix's state folder (already restricted to SYSTEM and Administrators) or found something at that path, which it left untouched for the caller to judge.
 */
export interface NewStateFolder {
  path: string;
  /**
   * true: this call created the folder with the protected DACL; false: something already existed at the path and was neither adopted nor changed (Get-StateFolderSecurity judges it).
   */
  created: boolean;
}

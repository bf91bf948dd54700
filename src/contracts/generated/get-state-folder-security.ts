/* Generated from schemas/get-state-folder-security.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

export interface StateFolderSecurity {
  path: string;
  exists: boolean;
  /**
   * Get-Acl's .Sddl (owner, group, DACL); empty when the folder does not exist.
   */
  sddl: string;
}

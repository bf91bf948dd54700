/* Generated from schemas/get-state-folder-security.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

export interface StateFolderSecurity {
  path: string;
  exists: boolean;
  /**
   * What the path itself is; 'link' = a reparse point (symbolic link, junction, mount point).
   */
  kind: 'missing' | 'directory' | 'file' | 'link';
  /**
   * Get-Acl's .Sddl (owner, group, DACL); empty unless kind is 'directory'.
   */
  sddl: string;
  /**
   * Reparse points at or below the folder ('.' = the folder itself), never descended into.
   *
   * @maxItems 100
   */
  links: {
    relativePath: string;
    /**
     * PowerShell's LinkType (SymbolicLink, Junction, HardLink...) or 'ReparsePoint'.
     */
    linkType: string;
  }[];
  /**
   * The folder's top-level entries and what each is.
   *
   * @maxItems 1000
   */
  entries: {
    name: string;
    kind: 'file' | 'directory' | 'link';
  }[];
  /**
   * Entries walked at all depths.
   */
  entriesTotal: number;
  /**
   * The walk stopped at its limit: the rest of the tree is unknown (not trusted).
   */
  truncated: boolean;
}

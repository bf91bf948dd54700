/* Generated from schemas/copy-supplied-win-re-image.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * Output of ps-scripts/Copy-SuppliedWinReImage.ps1: the verified image staged as %windir%\System32\Recovery\Winre.wim.
 */
export interface CopySuppliedWinReImageOutput {
  /**
   * false: the verified image was already staged.
   */
  changed: boolean;
  path: string;
  size: number;
  sha256: string;
  /**
   * The file was copied from the source in this call (false: a verified temporary copy of an interrupted run was renamed).
   */
  copied: boolean;
  /**
   * A damaged staged Winre.wim (write in progress, unreadable) was deleted to make room.
   */
  replacedDamaged: boolean;
}

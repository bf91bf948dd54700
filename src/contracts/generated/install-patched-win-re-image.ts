/* Generated from schemas/install-patched-win-re-image.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * Output of ps-scripts/Install-PatchedWinReImage.ps1: the staged Winre.wim is the verified patched image; the old one is kept in the run's backup folder.
 */
export interface InstallPatchedWinReImageOutput {
  changed: boolean;
  stagedPath: string;
  sha256: string;
  size: number;
  version: string;
  backupPath: string;
  fromSha256: string;
  fromVersion: string;
}

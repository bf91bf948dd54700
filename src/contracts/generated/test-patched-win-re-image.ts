/* Generated from schemas/test-patched-win-re-image.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * Output of ps-scripts/Test-PatchedWinReImage.ps1 (read-only proof; a mismatch is an UnexpectedState error, not ok=false): the enabled WinRE image after a Safe OS patch.
 */
export interface TestPatchedWinReImageOutput {
  changed: false;
  ok: true;
  path: string;
  version: string;
  sha256: string;
  size: number;
  architecture: number | null;
  editionId: string | null;
  fromVersion: string;
  fromSha256: string;
}

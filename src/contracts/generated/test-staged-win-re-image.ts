/* Generated from schemas/test-staged-win-re-image.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * Output of ps-scripts/Test-StagedWinReImage.ps1 (read-only gate; a mismatch is an UnexpectedState error, not ok=false).
 */
export interface TestStagedWinReImageOutput {
  changed: false;
  ok: true;
  path: string;
  size: number;
  sha256: string;
  hashChecked: boolean;
  sizeChecked: boolean;
}

/* Generated from schemas/restore-staged-win-re-image.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * Output of ps-scripts/Restore-StagedWinReImage.ps1 (roll-back of a Safe OS patch): the staged Winre.wim is the image from before the run.
 */
export interface RestoreStagedWinReImageOutput {
  changed: boolean;
  stagedPath: string;
  sha256: string;
  /**
   * WinRE was enabled with the patched image and was disabled first.
   */
  disabledFirst: boolean;
  reagentc: {
    exitCode: number;
    stdout: string[];
    stderr: string[];
  }[];
}

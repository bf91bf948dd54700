/* Generated from schemas/disable-win-re.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * Output of ps-scripts/Disable-WinRe.ps1.
 */
export interface DisableWinReOutput {
  /**
   * True when the step changed the PC; false when it found its work already done (resume-safe).
   */
  changed: boolean;
  statusBefore: 'Enabled' | 'Disabled';
  status: 'Disabled';
  /**
   * A native command run (reagentc or diskpart) with its RAW lines, kept for the logs.
   */
  disable: {
    exitCode: number;
    stdout: string[];
    stderr: string[];
  } | null;
  /**
   * A native command run (reagentc or diskpart) with its RAW lines, kept for the logs.
   */
  info: {
    exitCode: number;
    stdout: string[];
    stderr: string[];
  };
  /**
   * A file's presence, size and SHA256 (Get-FileHash).
   */
  stagedImage: {
    path: string;
    present: boolean;
    size: number | null;
    sha256: string | null;
  };
  /**
   * The ReAgent.xml ImageLocation element this step blanked before reagentc /disable (as Microsoft's KB5028997 sample does), or null when it was already empty.
   */
  clearedImageLocation: string | null;
}

/* Generated from schemas/enable-win-re.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * Output of ps-scripts/Enable-WinRe.ps1: where WinRE landed and the image hash there.
 */
export interface EnableWinReOutput {
  /**
   * True when the step changed the PC; false when it found its work already done (resume-safe).
   */
  changed: boolean;
  /**
   * none: already enabled there; enable: plain reagentc /enable; setreimage: image copied, /setreimage then /enable.
   */
  route: 'none' | 'enable' | 'setreimage';
  statusBefore: 'Enabled' | 'Disabled';
  status: 'Enabled';
  /**
   * Where reagentc /info says WinRE is, mapped to disk UniqueId and offset.
   */
  landed: {
    diskUniqueId: string;
    diskNumber: number;
    partitionNumber: number;
    offset: number;
    /**
     * WinRE landed on the running Windows' partition (the silent C: fallback).
     */
    isOsVolume: boolean;
    onTarget: boolean;
    /**
     * The GLOBALROOT path reagentc /info printed.
     */
    path: string;
  };
  image: {
    size: number;
    sha256: string;
  };
  /**
   * Items: A native command run (reagentc or diskpart) with its RAW lines, kept for the logs.
   */
  reagentc: {
    exitCode: number;
    stdout: string[];
    stderr: string[];
  }[];
  /**
   * A native command run (reagentc or diskpart) with its RAW lines, kept for the logs.
   */
  info: {
    exitCode: number;
    stdout: string[];
    stderr: string[];
  };
}

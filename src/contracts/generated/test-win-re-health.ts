/* Generated from schemas/test-win-re-health.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * Output of ps-scripts/Test-WinReHealth.ps1: the final check, read-only; healthy = every check ok.
 */
export interface TestWinReHealthOutput {
  changed: false;
  healthy: boolean;
  status: 'Enabled' | 'Disabled';
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
  } | null;
  /**
   * A partition as the step saw it (StepCommon.ps1 ConvertTo-StepPartitionFacts).
   */
  partition: {
    diskNumber: number;
    /**
     * Number at the time of the step; not stable across reboots.
     */
    partitionNumber: number;
    offset: number;
    size: number;
    /**
     * GPT partition GUID in braces, lower case; null on MBR.
     */
    guid: string | null;
    gptType: string | null;
    mbrType: number | null;
    /**
     * Get-Partition Type display string.
     */
    type: string;
  } | null;
  gptAttributes: string | null;
  /**
   * The volume on the partition (Get-Volume).
   */
  volume: {
    fileSystem: string;
    label: string;
    size: number;
    sizeRemaining: number;
    path: string;
  } | null;
  image: {
    present: boolean;
    size: number | null;
    sha256: string | null;
  } | null;
  /**
   * Offsets of the partitions on the disk holding Recovery\WindowsRE\Winre.wim.
   */
  winrePartitionOffsets: number[];
  checks: {
    name: string;
    ok: boolean;
    detail: string;
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

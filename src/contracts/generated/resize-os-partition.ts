/* Generated from schemas/resize-os-partition.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * Output of ps-scripts/Resize-OsPartition.ps1.
 */
export interface ResizeOsPartitionOutput {
  /**
   * True when the step changed the PC; false when it found its work already done (resume-safe).
   */
  changed: boolean;
  /**
   * C: size found before the step (fromSize when it shrank, toSize when already done).
   */
  sizeBefore: number;
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
  };
}

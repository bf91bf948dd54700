/* Generated from schemas/restore-recovery-files.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * Output of ps-scripts/Restore-RecoveryFiles.ps1.
 */
export interface RestoreRecoveryFilesOutput {
  /**
   * True when the step changed the PC; false when it found its work already done (resume-safe).
   */
  changed: boolean;
  manifestPath: string;
  copied: {
    path: string;
    size: number;
    sha256: string;
  }[];
  /**
   * Already on the new volume with the same hash.
   */
  present: string[];
  /**
   * Never restored (Winre.wim placed by /enable, reagentc's marker).
   */
  skipped: string[];
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

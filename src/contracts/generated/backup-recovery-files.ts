/* Generated from schemas/backup-recovery-files.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * Output of ps-scripts/Backup-RecoveryFiles.ps1: every file of the old recovery volume copied into the state folder and hash-verified; manifest.json there lists them.
 */
export interface BackupRecoveryFilesOutput {
  /**
   * True when the step changed the PC; false when it found its work already done (resume-safe).
   */
  changed: boolean;
  manifestPath: string;
  totalBytes: number;
  files: {
    /**
     * Relative to the volume root, no leading backslash.
     */
    path: string;
    size: number;
    sha256: string;
    hidden: boolean;
  }[];
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
}

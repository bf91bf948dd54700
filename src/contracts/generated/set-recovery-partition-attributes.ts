/* Generated from schemas/set-recovery-partition-attributes.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

export interface SetRecoveryPartitionAttributesResult {
  changed: boolean;
  /**
   * Read back after the step.
   */
  gptAttributes: string;
  partitionNumber: number;
  /**
   * Every diskpart run, raw, for the logs.
   */
  diskpart: {
    exitCode: number;
    stdout: string[];
    stderr: string[];
  }[];
}

/* Generated from schemas/shrink-memo.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * The memo of a shrink retry ladder that failed with its defrag rung (shrink-ladder-memo.json in the state folder; src/engine/shrink-memo.ts writes it atomically, src/domain/shrink-memo.ts decides when it applies). Read back only after the state-file trust check, this schema and its checksum; a memo that fails any of them is ignored with a warning. A memo that applies only removes the defrag rung from the ladder: it never makes a run change more.
 */
export interface ShrinkMemo {
  schemaVersion: 1;
  toolVersion: string;
  /**
   * When the refused run ended (UTC); the cooldown counts from here.
   */
  recordedAt: string;
  runId: string;
  /**
   * C: as the refused run saw it.
   */
  volume: {
    diskUniqueId: string;
    partitionOffset: number;
    partitionSize: number;
    /**
     * Get-Volume SizeRemaining.
     */
    freeBytes: number;
    /**
     * Get-PartitionSupportedSize SizeMin.
     */
    sizeMin: number;
  };
  /**
   * SHA-256 of the canonical JSON of the rest: a hand-edited memo is ignored.
   */
  checksum: string;
}

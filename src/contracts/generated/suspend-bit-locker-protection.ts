/* Generated from schemas/suspend-bit-locker-protection.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * Output of ps-scripts/Suspend-BitLockerProtection.ps1. Enums are numbers (docs/reference/bitlocker.md#volume-status-and-protection).
 */
export interface SuspendBitLockerProtectionOutput {
  /**
   * True when the step changed the PC; false when it found its work already done (resume-safe).
   */
  changed: boolean;
  mountPoint: string;
  rebootCount: number;
  /**
   * 0 FullyDecrypted, 1 FullyEncrypted.
   */
  volumeStatus: number;
  /**
   * 0 Off, 1 On, 2 Unknown, before the step.
   */
  protectionBefore: number;
  /**
   * After the step: always 0 (Off).
   */
  protectionStatus: number;
  lockStatus: number;
  encryptionPercentage: number;
}

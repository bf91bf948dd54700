/* Generated from schemas/resume-bit-locker-protection.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

export interface ResumeBitLockerProtectionResult {
  changed: boolean;
  /**
   * 0 Off, 1 On, 2 Unknown (after the script).
   */
  protectionStatus: number;
}

/* Generated from schemas/get-bit-locker-status.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * Output of ps-scripts/Get-BitLockerStatus.ps1: BitLocker state of the formatted volumes of the OS disk, the EFI system partition excepted.
 */
export interface GetBitLockerStatusOutput {
  /**
   * Get-BitLockerVolume exists (the BitLocker feature is installed).
   */
  available: boolean;
  /**
   * The OS disk (of the system drive).
   */
  diskNumber: number;
  volumes: {
    /**
     * C: or \\?\Volume{GUID}\ when the volume has no letter.
     */
    mountPoint: string;
    volumeStatus: number;
    protectionStatus: number;
    lockStatus: number;
    encryptionPercentage: number;
    keyProtectors: string[];
  }[];
  /**
   * Volumes Get-BitLockerVolume could not read: any volume when not elevated, other volumes than the system drive when elevated (an unreadable system drive while elevated fails the script).
   */
  unreadable: {
    mountPoint: string;
    message: string;
  }[];
}

/* Generated from schemas/get-os-facts.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * Output of ps-scripts/Get-OsFacts.ps1: the OsFacts of the snapshot, as is.
 */
export interface GetOsFactsOutput {
  /**
   * Win32_OperatingSystem CSName.
   */
  computerName: string;
  /**
   * Win32_OperatingSystem Caption, e.g. 'Microsoft Windows 11 Pro'.
   */
  caption: string;
  /**
   * CurrentVersion EditionID, e.g. 'Professional', 'ServerStandard'.
   */
  edition: string;
  /**
   * CurrentVersion CurrentBuildNumber.
   */
  build: number;
  /**
   * CurrentVersion UBR (update build revision).
   */
  ubr: number;
  /**
   * CurrentVersion DisplayVersion (e.g. 23H2), else ReleaseId, else ''.
   */
  displayVersion: string;
  /**
   * First Win32_OperatingSystem MUILanguages entry, e.g. 'zh-CN'.
   */
  uiLanguage: string;
  systemDrive: string;
  isElevated: boolean;
  /**
   * CurrentVersion InstallationType is 'Server Core'.
   */
  isServerCore: boolean;
  /**
   * Setup\State ImageState, e.g. IMAGE_STATE_COMPLETE; '' when absent.
   */
  imageState: string;
  pendingRebootReasons: (
    'CBS RebootPending' | 'WindowsUpdate RebootRequired' | 'PendingFileRenameOperations'
  )[];
  deviceIds: DeviceIds;
}
/**
 * The identifiers fleet tools key a PC on (ps-scripts/Get-OsFacts.ps1 Get-WinReFixDeviceIds); null when the PC has none.
 *
 * This interface was referenced by `GetOsFactsOutput`'s JSON-Schema
 * via the `definition` "DeviceIds".
 */
export interface DeviceIds {
  /**
   * Win32_ComputerSystemProduct.UUID (the hardware id of Intune, ConfigMgr, Autopilot), upper case; null for none, all zeros or all F.
   */
  smbiosUuid: string | null;
  /**
   * HKLM\SOFTWARE\Microsoft\Cryptography MachineGuid, lower case (one per OS install).
   */
  machineGuid: string | null;
  /**
   * EntDMID of the 'MS DM Server' (Intune) enrollment.
   */
  intuneDeviceId: string | null;
  /**
   * root\ccm CCM_Client.ClientId ('GUID:...').
   */
  configMgrClientId: string | null;
}

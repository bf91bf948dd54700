/**
 * Which identifier names a PC across the fleet. The SMBIOS UUID is the hardware id Intune, ConfigMgr and Autopilot
 * key on (Win32_ComputerSystemProduct.UUID); the OS install's MachineGuid stands in when the firmware gives none.
 * The computer name is only the last resort: names are reused, and two PCs of the same name are two PCs.
 */
import type { DeviceIds } from '../contracts/generated/get-os-facts';

/** No identifier known (the run ended before the PC was read, or the PC has none). */
export const NO_DEVICE_IDS: DeviceIds = Object.freeze({
  smbiosUuid: null,
  machineGuid: null,
  intuneDeviceId: null,
  configMgrClientId: null,
});

/** The device id a fleet keys a PC on: the SMBIOS UUID, else the MachineGuid; null when neither is known. */
export function primaryDeviceId(ids: DeviceIds | null | undefined): string | null {
  return ids?.smbiosUuid ?? ids?.machineGuid ?? null;
}

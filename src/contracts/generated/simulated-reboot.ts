/* Generated from schemas/simulated-reboot.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * What a simulated reboot did to the machine file (Invoke-SimReboot in simulator/70-Reboot.ps1; docs/simulation.md).
 */
export interface SimulatedReboot {
  /**
   * Partitions whose number changed, e.g. 'disk 0 partition 5->4'.
   */
  renumbered: string[];
  /**
   * Disks whose number changed, e.g. '0->1'.
   */
  diskNumbers: string[];
  /**
   * Volumes whose suspension ran out, so protection resumed.
   */
  bitLockerResumed: string[];
  /**
   * Volumes still suspended, one reboot fewer to go.
   */
  bitLockerCountedDown: string[];
  /**
   * trace.boots after this reboot.
   */
  boots: number;
}

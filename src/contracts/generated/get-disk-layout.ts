/* Generated from schemas/get-disk-layout.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * Lower-case GUID in braces, as the Storage cmdlets print it (docs/reference/storage-cmdlets.md#get-partition).
 *
 * This interface was referenced by `GetDiskLayoutOutput`'s JSON-Schema
 * via the `definition` "bracedGuid".
 */
export type BracedGuid = string;
/**
 * This interface was referenced by `GetDiskLayoutOutput`'s JSON-Schema
 * via the `definition` "PartitionStyle".
 */
export type PartitionStyle = 'GPT' | 'MBR' | 'RAW';
/**
 * This interface was referenced by `GetDiskLayoutOutput`'s JSON-Schema
 * via the `definition` "bytes".
 */
export type Bytes = number;

/**
 * Output of ps-scripts/Get-DiskLayout.ps1: every disk (or the one asked for) with its partitions in offset order, each with its volume, supported sizes and, for GPT recovery partitions when elevated, the GPT attribute bits from diskpart. gptAttributes is null on MBR, on non-recovery partitions (no Storage cmdlet exposes the bits and only the recovery partition needs them: docs/reference/storage-cmdlets.md#type-guids-mbr-ids-and-gpt-attributes), when not elevated (diskpart refuses) and when diskpart gave no answer for that offset.
 */
export interface GetDiskLayoutOutput {
  /**
   * Test-WinReFixElevated when the script ran (diskpart was only run when true).
   */
  elevated: boolean;
  /**
   * Where volume.dirty came from; unavailable: every dirty bit is null.
   */
  dirtyBitSource: 'Win32_Volume' | 'unavailable';
  disks: DiskFacts[];
}
/**
 * This interface was referenced by `GetDiskLayoutOutput`'s JSON-Schema
 * via the `definition` "DiskFacts".
 */
export interface DiskFacts {
  number: number;
  uniqueId: string;
  /**
   * GPT disk GUID.
   */
  guid: BracedGuid | null;
  /**
   * MBR disk signature.
   */
  signature: number | null;
  partitionStyle: PartitionStyle;
  size: Bytes;
  logicalSectorSize: number;
  busType: string;
  friendlyName: string;
  isBoot: boolean;
  isSystem: boolean;
  isOffline: boolean;
  isReadOnly: boolean;
  /**
   * LDM dynamic disk: partitions are not managed by the basic-disk rules.
   */
  isDynamic: boolean;
  /**
   * Largest free extent the disk can place a new partition in.
   */
  largestFreeExtent: number;
  /**
   * Partitions in OFFSET order (numbers may be out of order until a reboot).
   */
  partitions: PartitionFacts[];
}
/**
 * This interface was referenced by `GetDiskLayoutOutput`'s JSON-Schema
 * via the `definition` "PartitionFacts".
 */
export interface PartitionFacts {
  number: number;
  offset: Bytes;
  size: Bytes;
  /**
   * Get-Partition's display Type: Basic, System, Reserved, Recovery, Unknown, IFS, ...
   */
  type: string;
  /**
   * Lower-case braced GUID, GPT only.
   */
  gptType: BracedGuid | null;
  /**
   * MBR partition id, MBR only (0x27 = 39 recovery).
   */
  mbrType: number | null;
  /**
   * Partition GUID, GPT only.
   */
  guid: BracedGuid | null;
  driveLetter: string | null;
  accessPaths: string[];
  isBoot: boolean;
  isSystem: boolean;
  isActive: boolean;
  isHidden: boolean;
  /**
   * GPT attribute bits as 0x-prefixed 16-digit hex when known (diskpart `detail partition`).
   */
  gptAttributes: string | null;
  /**
   * Get-PartitionSupportedSize; null where Windows cannot tell (no or unknown file system).
   */
  supportedSize: {
    min: Bytes;
    max: Bytes;
  } | null;
  volume: VolumeFacts | null;
}
/**
 * This interface was referenced by `GetDiskLayoutOutput`'s JSON-Schema
 * via the `definition` "VolumeFacts".
 */
export interface VolumeFacts {
  /**
   * `\\?\Volume{GUID}\`
   */
  path: string;
  /**
   * NTFS, FAT32, ReFS, RAW, or '' when Windows reports none.
   */
  fileSystem: string;
  label: string;
  size: Bytes;
  sizeRemaining: Bytes;
  /**
   * Healthy, Warning, Unhealthy (Get-Volume display string).
   */
  healthStatus: string;
  /**
   * Dirty bit (chkdsk pending): a shrink fails with 42008. `null` when it could not be read.
   */
  dirty: boolean | null;
}

/**
 * Fixture builder: turns a compact layout description (MachineSpec) into a complete simulated-machine file with
 * Windows' arithmetic done the way Windows does it. Every number a fixture carries is computed here, and every
 * inconsistent input throws a FixtureError, so a fixture cannot describe a PC that could not exist.
 *
 * Sources are cited beside each rule as docs/reference/<page>.md#<section>, where each fact names its public
 * source. What no source settles is marked ASSUMPTION here and in docs/fixtures.md.
 */
import { createHash } from 'node:crypto';
import { GPT_TYPE } from '../../src/domain/gpt-types';
import type {
  BitLocker,
  Disk,
  Event,
  Fault,
  File as MachineFile,
  Os,
  Partition,
  PowerCut,
  SimulatedMachine,
  UpdateEntry,
  Volume,
} from '../../src/contracts/generated/simulated-machine';

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;
/** Whole MiB in bytes. */
export const mib = (n: number): number => Math.round(n * MiB);
export const gib = (n: number): number => Math.round(n * GiB);

export class FixtureError extends Error {
  constructor(machine: string, message: string) {
    super(`fixture ${machine}: ${message}`);
    this.name = 'FixtureError';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Constants from the facts

/** GPT partition type GUIDs: the one TypeScript copy (src/domain/gpt-types.ts), re-exported for the library. */
export { GPT_TYPE };

/**
 * GPT attributes (docs/reference/storage-cmdlets.md#type-guids-mbr-ids-and-gpt-attributes, raw dump in tenox7/listdisk): recovery = required + no drive letter; ESP and MSR = no
 * drive letter; C: = 0. OEM partitions commonly carry the same bits as recovery.
 */
export const GPT_ATTR = {
  recovery: '0x8000000000000001',
  noDriveLetter: '0x8000000000000000',
  none: '0x0000000000000000',
} as const;

/** MBR partition ids (docs/reference/storage-cmdlets.md#type-guids-mbr-ids-and-gpt-attributes): 0x07 IFS/NTFS, 0x0C FAT32, 0x27 recovery, 0x42 LDM. */
export const MBR_TYPE = { ifs: 0x07, fat32: 0x0c, recovery: 0x27, ldm: 0x42 } as const;

/** Windows aligns partitions to 1 MiB and starts the first one at 1,048,576 (docs/reference/storage-cmdlets.md#alignment-and-disk-end). */
export const ALIGNMENT = MiB;
export const FIRST_PARTITION_OFFSET = MiB;

/** hresult of 0x80070643 as a signed Int32 (docs/reference/update-failure.md#the-0x80070643-code). */
export const HRESULT_INSTALL_FAILURE = -2147023293;

/** Titles of the January 2024 WinRE updates as users reported them (docs/reference/update-failure.md#windows-update-client-events). */
export const KB_TITLE = {
  KB5034441: '2024-01 Security Update for Windows 10 Version 22H2 for x64-based Systems (KB5034441)',
  KB5034439:
    '2024-01 Security Update for Microsoft server operating system version 21H2 for x64-based Systems (KB5034439)',
} as const;
export type FailingKb = keyof typeof KB_TITLE;

// ---------------------------------------------------------------------------------------------------------------
// Deterministic identifiers: derived from a hash of the machine name and a role, never random, so regenerating
// gives byte-identical files.

export function sha256Hex(...parts: (string | number)[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex');
}

function guidFromHex(hex: string, version: number): string {
  const b = Buffer.from(hex.slice(0, 32), 'hex');
  b[6] = ((b[6] ?? 0) & 0x0f) | (version << 4);
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Lower-case braced GUID (version 4 shape, like the random GUIDs Windows writes), stable per machine + role. */
export function deterministicGuid(machine: string, role: string): string {
  return `{${guidFromHex(sha256Hex('guid', machine, role), 4)}}`;
}

/**
 * WinRE BCD identifier: bare, lower-case, time-based (version 1) like `57bbe585-98c6-11ee-931f-e7071dc38554`
 * (docs/reference/reagentc.md#info-output-when-enabled): the time_hi field `11ee` dates it to 2023-2024, as on the captured machines.
 */
export function bcdIdentifier(machine: string): string {
  const g = guidFromHex(sha256Hex('bcd', machine), 1);
  return `${g.slice(0, 14)}11ee${g.slice(18)}`;
}

export const ZERO_GUID = '{00000000-0000-0000-0000-000000000000}';

/**
 * Partition UniqueId: `{00000000-0000-0000-` + the Offset as 8 little-endian bytes in the last two groups + `}` +
 * the disk UniqueId. Checked against three captures: 135,266,304 -> `0000-100800000000`, 63,794,315,264 ->
 * `0000-70da0e000000`, 16,777,216 -> `0000-000100000000` (docs/reference/storage-cmdlets.md#captured-get-partition-output).
 */
export function partitionUniqueId(offset: number, diskUniqueId: string): string {
  const le = Buffer.alloc(8);
  le.writeBigUInt64LE(BigInt(offset));
  const h = le.toString('hex');
  return `{00000000-0000-0000-${h.slice(0, 4)}-${h.slice(4)}}${diskUniqueId}`;
}

/**
 * MBR volume GUID in the form seen on real MBR data volumes: `{<signature>-0000-0000-<offset LE>}`, e.g.
 * `{c466e9e6-0000-0000-0000-100000000000}` for offset 1 MiB (docs/reference/storage-cmdlets.md#captured-get-partition-output, GitHub runner and community.windows #622).
 */
export function mbrVolumeGuid(signature: number, offset: number): string {
  const le = Buffer.alloc(8);
  le.writeBigUInt64LE(BigInt(offset));
  const h = le.toString('hex');
  return `{${signature.toString(16).padStart(8, '0')}-0000-0000-${h.slice(0, 4)}-${h.slice(4)}}`;
}

/** Non-zero 32-bit MBR disk signature. */
export function mbrSignature(machine: string, disk: string): number {
  const n = parseInt(sha256Hex('mbr-signature', machine, disk).slice(0, 8), 16);
  return n === 0 ? 1 : n;
}

/** Upper-case hex as Get-FileHash prints it. Stands for a file's content (same image -> same hash). */
export function contentHash(...parts: (string | number)[]): string {
  return sha256Hex('content', ...parts).toUpperCase();
}

export function alignDown(value: number, alignment: number): number {
  return Math.floor(value / alignment) * alignment;
}
export function alignUp(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

// ---------------------------------------------------------------------------------------------------------------
// Disk and volume arithmetic

/**
 * Exclusive end of the space partitions may use. GPT keeps a backup header + 16 KiB entry array at the end:
 * 33 sectors on 512-byte disks (the GitHub runner's C: ends exactly 16,896 bytes before the disk end, docs/reference/storage-cmdlets.md#captured-json-from-a-github-runner /
 * docs/reference/storage-cmdlets.md#get-partitionsupportedsize), 5 sectors on 4Kn disks (1 header sector + 16 KiB of entries; same rule, inferred). MBR keeps nothing.
 */
export function usableEnd(style: 'GPT' | 'MBR', diskSize: number, sectorSize: number): number {
  if (style === 'MBR') return diskSize;
  return diskSize - (1 + (128 * 128) / sectorSize) * sectorSize;
}

/**
 * Where a partition that "takes the rest" ends when Windows creates it: whole MiB, so the last partial MiB stays
 * unused (diskpart `list disk` shows `Free 1024 KB` on a full GPT disk, docs/reference/storage-cmdlets.md#alignment-and-disk-end; the ASUS disk of docs/reference/partition-layouts.md#captured-layouts leaves
 * 1,065,472 bytes = 1 MiB + 33 sectors after its last partition).
 */
export function alignedUsableEnd(style: 'GPT' | 'MBR', diskSize: number, sectorSize: number): number {
  return alignDown(usableEnd(style, diskSize, sectorSize), ALIGNMENT);
}

/**
 * NTFS volume capacity: the last sector of the partition holds the backup boot sector and the capacity is whole
 * 4 KiB clusters. A 674 MiB partition gives a 706,736,128-byte volume (docs/reference/storage-cmdlets.md#cmdlets-that-change-partitions / docs/reference/partition-layouts.md#real-layouts, pastebin bFDBdWgs) and a
 * 10,000 MiB partition a 10,485,755,904-byte volume (docs/reference/storage-cmdlets.md#get-volume): both are partition - 4096.
 */
export function ntfsVolumeSize(partitionSize: number, sectorSize: number): number {
  return alignDown(partitionSize - sectorSize, 4096);
}

/**
 * FAT32 volume capacity = data clusters x cluster size, after 32 reserved sectors and two FATs (FAT spec,
 * fatgen103). Cluster sizes are Windows' format defaults (Microsoft "Default cluster size for NTFS, FAT, and
 * exFAT": 1 KiB up to 128 MB, 2 KiB up to 256 MB, 4 KiB up to 8 GB). ASSUMPTION: Get-Volume Size reports exactly
 * this for an ESP (no capture of an ESP's byte size was found).
 */
export function fat32VolumeSize(partitionSize: number, sectorSize: number): number {
  const clusterBytes = Math.max(
    sectorSize,
    partitionSize <= 128 * 1000 * 1000 ? 1024 : partitionSize <= 256 * 1000 * 1000 ? 2048 : 4096,
  );
  const sectors = Math.floor(partitionSize / sectorSize);
  const perCluster = clusterBytes / sectorSize;
  const reserved = 32;
  let clusters = Math.floor((sectors - reserved) / perCluster);
  for (;;) {
    const fatSectors = Math.ceil(((clusters + 2) * 4) / sectorSize);
    const fit = Math.floor((sectors - reserved - 2 * fatSectors) / perCluster);
    if (fit >= clusters) break;
    clusters = fit;
  }
  return clusters * clusterBytes;
}

// ---------------------------------------------------------------------------------------------------------------
// ReAgent.xml (docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml)

export interface ReAgentXmlInput {
  enabled: boolean;
  bcdId: string; // bare
  /** WinRE partition offset and its disk when enabled. */
  location?: { offset: number; diskGuid?: string; mbrSignature?: number };
  isServer: boolean;
  /** A staged image's location left in the file (ImageLocation); empty when absent. */
  imageLocation?: { path: string; id: number; offset: number };
}

/**
 * The text of C:\Windows\System32\Recovery\ReAgent.xml as Get-Content returns it (no BOM). The element set and
 * order are those of the Windows 11-era capture docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml: single-quoted declaration, blank line, two-space indent,
 * self-closing elements, CRLF line ends (ASSUMPTION: the capture does not show line ends). On GPT `id="0"` and
 * `guid` = the disk GUID (docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml, inferred); on MBR `id` = the disk signature in decimal and a zero guid (docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml).
 * Disabled: no real capture exists (docs/reference/partition-layouts.md#what-no-capture-shows); ASSUMPTION: InstallState 0, WinreLocation cleared, the BCD id kept,
 * which is what `reagentc /info` shows while disabled on most captures (docs/reference/reagentc.md#what-stays-the-same-in-every-language).
 */
export function reagentXml(input: ReAgentXmlInput): string {
  const zeroLoc = `path="" id="0" offset="0" guid="${ZERO_GUID}"`;
  let winreLocation = zeroLoc;
  if (input.enabled) {
    if (!input.location) throw new Error('reagentXml: enabled needs a location');
    const { offset, diskGuid, mbrSignature: sig } = input.location;
    winreLocation =
      sig !== undefined
        ? `path="\\Recovery\\WindowsRE" id="${sig}" offset="${offset}" guid="${ZERO_GUID}"`
        : `path="\\Recovery\\WindowsRE" id="0" offset="${offset}" guid="${diskGuid ?? ZERO_GUID}"`;
  }
  const lines = [
    "<?xml version='1.0' encoding='utf-8'?>",
    '',
    '<WindowsRE version="2.0">',
    `  <WinreBCD id="{${input.bcdId}}"/>`,
    `  <WinreLocation ${winreLocation}/>`,
    input.imageLocation
      ? `  <ImageLocation path="${input.imageLocation.path}" id="${input.imageLocation.id}" offset="${input.imageLocation.offset}" guid="${ZERO_GUID}"/>`
      : `  <ImageLocation ${zeroLoc}/>`,
    `  <PBRImageLocation ${zeroLoc} index="0"/>`,
    `  <PBRCustomImageLocation ${zeroLoc} index="0"/>`,
    `  <InstallState state="${input.enabled ? 1 : 0}"/>`,
    '  <OsInstallAvailable state="0"/>',
    '  <CustomImageAvailable state="0"/>',
    '  <IsAutoRepairOn state="1"/>',
    '  <WinREStaged state="0"/>',
    '  <OperationParam path=""/>',
    '  <OperationPermanent state="0"/>',
    '  <OsBuildVersion path=""/>',
    '  <OemTool state="0"/>',
    `  <IsServer state="${input.isServer ? 1 : 0}"/>`,
    `  <DownlevelWinreLocation ${zeroLoc}/>`,
    '  <IsWimBoot state="0"/>',
    '  <NarratorScheduled state="0"/>',
    '  <ScheduledOperation state="4"/>',
    '</WindowsRE>',
    '',
  ];
  return lines.join('\r\n');
}

/** Bytes on disk of a text file Windows writes as UTF-8 with a BOM (ReAgent.xml starts with EF BB BF, docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml). */
export function utf8BomBytes(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
}

// ---------------------------------------------------------------------------------------------------------------
// Specs

export type PartKind =
  | 'esp'
  | 'msr'
  | 'os'
  | 'recovery' // Microsoft recovery type (GPT) or 0x27 (MBR)
  | 'data' // basic data / 0x07 NTFS with a letter
  | 'system-reserved' // MBR active 0x07 "System Reserved"
  | 'oem' // OEM partition typed as basic data, hidden by attributes (Dell DELLSUPPORT ...)
  | 'ldm-metadata'
  | 'ldm-data';

export interface FileSpec {
  path: string;
  size: number;
  /** Stable content id; the hash derives from it (two machines with the same content id share the hash). */
  contentId?: string;
  hidden?: boolean;
  system?: boolean;
  content?: string;
}

export interface BitLockerSpec {
  volumeStatus: 0 | 1 | 2 | 3 | 4 | 5;
  protectionStatus: 0 | 1 | 2;
  encryptionPercentage: number;
  encryptionMethod?: number;
  keyProtectors?: BitLocker['keyProtectors'];
  deviceEncryption?: boolean;
  suspendedRebootCount?: number;
}

export interface PartSpec {
  /** Unique within the machine; used for GUIDs and to point at the partition (e.g. the WinRE location). */
  role: string;
  kind: PartKind;
  /**
   * Bytes; 'rest' = up to the MiB-aligned usable end; 'last-usable' = exactly to the last usable byte; 'fill' =
   * whatever leaves room for the partitions (and gaps) that follow it, which end at the MiB-aligned usable end
   * (how Setup leaves C: between the MSR and a recovery partition at the end of the disk).
   */
  size: number | 'rest' | 'last-usable' | 'fill';
  /** Unallocated bytes left before this partition (whole MiB). */
  gapBefore?: number;
  /**
   * Starts exactly where the previous partition ends, even off a MiB boundary (sector aligned only). OEM imaging
   * tools lay out partitions this way: the ASUS disk of docs/reference/partition-layouts.md#captured-layouts has C: = 484,989,804,032 bytes (not whole MiB)
   * with WinRE right behind it.
   */
  contiguous?: boolean;
  /** PartitionNumber when it is not the position in offset order (e.g. created in a gap, not yet renumbered). */
  number?: number;
  label?: string;
  driveLetter?: string;
  fileSystem?: Volume['fileSystem'];
  gptType?: string;
  gptAttributes?: string;
  mbrType?: number;
  isActive?: boolean;
  isHidden?: boolean;
  /** Volume bytes used by everything not in `files` (metadata, user data). Give this or freeBytes. */
  usedBytes?: number;
  /** Free bytes on the volume; usedBytes is then computed. */
  freeBytes?: number;
  files?: FileSpec[];
  unmovableBoundary?: number;
  dirty?: boolean;
  healthStatus?: Volume['healthStatus'];
  bitLocker?: BitLockerSpec;
  /** No volume at all (MSR, LDM metadata). */
  noVolume?: boolean;
}

export interface DiskSpec {
  role: string;
  number: number;
  numberAfterReboot?: number;
  style: 'GPT' | 'MBR';
  size: number;
  logicalSectorSize?: 512 | 4096;
  physicalSectorSize?: 512 | 4096;
  busType: string;
  friendlyName: string;
  uniqueId?: string;
  isDynamic?: boolean;
  partitions: PartSpec[];
}

export interface OsPreset {
  caption: string;
  edition: string;
  build: number;
  ubr: number;
  displayVersion: string;
  isServer: boolean;
  /** WinRE version of a machine that has not taken the January 2024 WinRE update. */
  winreVersion: string;
  /** Typical Winre.wim size for that WinRE version. */
  wimSize: number;
}

export type Verdict = 'compliant' | 'needs-fix' | 'refused';
export const REASONS = [
  'WINRE_PARTITION_TOO_SMALL',
  'WINRE_HAS_ENOUGH_SPACE',
  'WINRE_DISABLED_WIM_STAGED',
  'WINRE_DISABLED_WIM_MISSING',
  'WINRE_ON_OS_VOLUME',
  'WINRE_ON_ENCRYPTED_OS_VOLUME',
  'RECOVERY_BEFORE_OS',
  'PARTITION_BETWEEN_OS_AND_RECOVERY',
  'RECOVERY_ON_OTHER_DISK',
  'OEM_RECOVERY_PARTITION_LARGE',
  'BITLOCKER_CONVERSION_IN_PROGRESS',
  'INSUFFICIENT_SHRINK_SPACE',
  'VOLUME_DIRTY',
  'MBR_NO_FREE_SLOT',
  'DYNAMIC_DISK',
  'SERVER_CORE',
  'NOT_ELEVATED',
  'PENDING_REBOOT',
  'SETUP_NOT_COMPLETE',
] as const;
export type Reason = (typeof REASONS)[number];

export interface Expectation {
  verdict: Verdict;
  reason: Reason;
  /** A fix is expected to succeed (used by the power-cut matrix). */
  fixable: boolean;
}

export interface MachineSpec {
  name: string;
  summary: string;
  source: string;
  notes: string;
  expect: Expectation;
  os: OsPreset & {
    uiLanguage: string;
    isElevated?: boolean;
    isServerCore?: boolean;
    computerName?: string;
    imageState?: string;
    pendingRebootReasons?: string[];
  };
  disks: DiskSpec[];
  winre: {
    status: 'Enabled' | 'Disabled';
    /** Role of the partition WinRE is registered on (Enabled). The OS partition means C:\Recovery\WindowsRE. */
    partition?: string;
    /** Disabled: where the WIM is. 'system32' = staged in C:\Windows\System32\Recovery (docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml). */
    wim?: 'system32' | 'missing';
    wimSize?: number;
    version?: string;
    /** Disabled: the BCD id /info shows (old id kept, or zeros as on Server 2025 right after /disable, docs/reference/storage-cmdlets.md#diskpart-detail-partition). */
    bcd?: 'kept' | 'zero';
    reagentXmlMissing?: boolean;
    /** A stale ImageLocation kept in ReAgent.xml (an image captured on another PC), as reagentc wrote it. */
    staleImageLocation?: { path: string; id: number; offset: number };
  };
  reagentc: {
    /** A built-in text table (en-US, de-DE, zh-CN, ru-RU), or any language with a `transcript`. */
    outputLanguage: string;
    showsVersionLine?: boolean;
    versionLineWhenDisabled?: boolean;
    /** reagentc output pasted from a real PC (docs/simulation.md, "reagentc transcripts"). */
    transcript?: SimulatedMachine['reagentc']['transcript'];
    /** /enable succeeds but /info says Disabled until a reboot (simulator/30-ReAgentC.ps1). */
    enableDeferredUntilReboot?: boolean;
  };
  deviceEncryption?: boolean;
  /** Failed January 2024 WinRE update attempts (one entry + events per attempt). */
  failures?: { kb?: FailingKb; attempts: number; firstDate: string };
  faults?: Fault[];
  powerCut?: PowerCut;
  /** A power cut in the middle of the run's Nth journal write (src/simulation/journal-power-cut.ts). */
  journalPowerCut?: SimulatedMachine['journalPowerCut'];
  pendingRenumber?: boolean;
}

// ---------------------------------------------------------------------------------------------------------------
// Building

interface Placed {
  spec: PartSpec;
  offset: number;
  size: number;
  number: number;
}

function placePartitions(m: string, d: DiskSpec, sector: number): Placed[] {
  const end = usableEnd(d.style, d.size, sector);
  const alignedEnd = alignedUsableEnd(d.style, d.size, sector);
  let cursor = FIRST_PARTITION_OFFSET;
  const placed: Placed[] = [];
  d.partitions.forEach((p, i) => {
    const gap = p.gapBefore ?? 0;
    if (gap % ALIGNMENT !== 0) throw new FixtureError(m, `${p.role}: gapBefore ${gap} is not whole MiB`);
    const prev = placed[placed.length - 1];
    if (p.contiguous && (!prev || gap !== 0))
      throw new FixtureError(m, `${p.role}: contiguous needs a previous partition and no gap`);
    const offset = p.contiguous && prev ? prev.offset + prev.size : cursor + gap;
    let size: number;
    if (p.size === 'fill') {
      const after = d.partitions.slice(i + 1);
      let tail = 0;
      for (const q of after) {
        if (typeof q.size !== 'number')
          throw new FixtureError(m, `${p.role}: 'fill' needs fixed sizes after it`);
        tail += q.size + (q.gapBefore ?? 0);
      }
      size = alignedEnd - offset - tail;
    } else if (p.size === 'rest') size = alignedEnd - offset;
    else if (p.size === 'last-usable') size = end - offset;
    else size = p.size;
    if (size <= 0) throw new FixtureError(m, `${p.role}: no room left on disk ${d.role}`);
    if (offset % (p.contiguous ? sector : ALIGNMENT) !== 0)
      throw new FixtureError(
        m,
        `${p.role}: offset ${offset} not ${p.contiguous ? 'sector' : '1 MiB'} aligned`,
      );
    if (p.size !== 'last-usable' && size % sector !== 0)
      throw new FixtureError(m, `${p.role}: size ${size} is not whole sectors`);
    if (offset + size > end)
      throw new FixtureError(
        m,
        `${p.role}: ends at ${offset + size}, past the usable end ${end} of ${d.role}`,
      );
    placed.push({ spec: p, offset, size, number: p.number ?? i + 1 });
    cursor = alignUp(offset + size, ALIGNMENT);
  });
  return placed;
}

function fileOf(machine: string, f: FileSpec): MachineFile {
  if (!f.path.startsWith('\\')) throw new FixtureError(machine, `file path ${f.path} must start with \\`);
  const out: MachineFile = { path: f.path, size: f.size, sha256: '' };
  if (f.content !== undefined) {
    const bytes = utf8BomBytes(f.content);
    if (bytes.length !== f.size)
      throw new FixtureError(machine, `${f.path}: size ${f.size} != ${bytes.length}`);
    out.sha256 = createHash('sha256').update(bytes).digest('hex').toUpperCase();
  } else {
    out.sha256 = contentHash(f.contentId ?? `${machine}:${f.path}`, f.size);
  }
  if (f.hidden) out.hidden = true;
  if (f.system) out.system = true;
  if (f.content !== undefined) out.content = f.content;
  return out;
}

function diskUniqueId(machine: string, d: DiskSpec, computerName: string): string {
  if (d.uniqueId) return d.uniqueId;
  const h = sha256Hex('disk-uid', machine, d.role).toUpperCase();
  // ASSUMPTION (shapes from real captures, values derived): NVMe disks report an EUI-64 ("eui." + 16 hex); VMware
  // NAA ids start 6000C29 (docs/reference/storage-cmdlets.md#captured-get-partition-output); Hyper-V/Azure virtual disks use Microsoft's NAA prefix 60022480; QEMU
  // and other SCSI disks without a page-83 id report the PnP path + ":" + host name (docs/reference/storage-cmdlets.md#get-disk); SATA an NAA-5 WWN.
  if (d.busType === 'NVMe') return `eui.${h.slice(0, 16)}`;
  if (/vmware/i.test(d.friendlyName)) return `6000C29${h.slice(0, 25)}`;
  if (/qemu/i.test(d.friendlyName))
    return `SCSI\\DISK&VEN_QEMU&PROD_HARDDISK\\4&${h.slice(0, 8)}&0&00000${d.number}:${computerName}`;
  if (/msft virtual/i.test(d.friendlyName)) return `60022480${h.slice(0, 24)}`;
  return `5${h.slice(0, 15)}`;
}

interface BuiltVolumeCtx {
  machine: string;
  disk: DiskSpec;
  sector: number;
  signature?: number;
}

function buildVolume(
  ctx: BuiltVolumeCtx,
  pl: Placed,
  partGuid: string | undefined,
  extra: MachineFile[],
): Volume {
  const p = pl.spec;
  const m = ctx.machine;
  const fs: Volume['fileSystem'] = p.fileSystem ?? (p.kind === 'esp' ? 'FAT32' : 'NTFS');
  const size =
    fs === 'FAT32'
      ? fat32VolumeSize(pl.size, ctx.sector)
      : fs === 'RAW'
        ? pl.size
        : ntfsVolumeSize(pl.size, ctx.sector);
  if (size > pl.size) throw new FixtureError(m, `${p.role}: volume larger than partition`);
  const files = [...(p.files ?? []).map((f) => fileOf(m, f)), ...extra];
  const paths = new Set<string>();
  for (const f of files) {
    const k = f.path.toLowerCase();
    if (paths.has(k)) throw new FixtureError(m, `${p.role}: duplicate file ${f.path}`);
    paths.add(k);
  }
  const filesBytes = files.reduce((s, f) => s + f.size, 0);
  let used: number;
  if (p.freeBytes !== undefined && p.usedBytes !== undefined)
    throw new FixtureError(m, `${p.role}: give usedBytes or freeBytes, not both`);
  if (p.freeBytes !== undefined) used = size - filesBytes - p.freeBytes;
  else used = p.usedBytes ?? defaultUsed(p.kind, size);
  if (used < 0)
    throw new FixtureError(m, `${p.role}: files (${filesBytes}) + free exceed the volume (${size})`);
  if (used + filesBytes > size)
    throw new FixtureError(m, `${p.role}: used ${used} + files ${filesBytes} exceed the volume size ${size}`);
  const guid =
    ctx.disk.style === 'GPT'
      ? (partGuid as string) // GPT volume GUID = partition GUID (docs/reference/storage-cmdlets.md#captured-get-partition-output)
      : mbrVolumeGuid(ctx.signature as number, pl.offset);
  const vol: Volume = {
    guid,
    fileSystem: fs,
    label: p.label ?? '',
    size,
    usedBytes: used,
    dirty: p.dirty ?? false,
    healthStatus: p.healthStatus ?? (p.dirty ? 'Warning' : 'Healthy'),
    files,
  };
  if (p.kind === 'os' || p.kind === 'data') {
    const boundary = p.unmovableBoundary ?? defaultUnmovable(used + filesBytes, size);
    if (boundary > size) throw new FixtureError(m, `${p.role}: unmovableBoundary beyond the volume`);
    if (boundary < used + filesBytes && p.unmovableBoundary !== undefined)
      throw new FixtureError(m, `${p.role}: unmovableBoundary below the data it must hold`);
    vol.unmovableBoundary = boundary;
    vol.dataFingerprint = sha256Hex('user-data', m, p.role).toUpperCase();
  }
  if (p.bitLocker) vol.bitLocker = bitLockerOf(m, p.role, p.bitLocker);
  else if (p.kind === 'os')
    vol.bitLocker = bitLockerOf(m, p.role, { volumeStatus: 0, protectionStatus: 0, encryptionPercentage: 0 });
  return vol;
}

/**
 * ASSUMPTION: bytes used by NTFS/FAT metadata and small system files when a spec gives no number. NTFS "may
 * reserve 5-15MB or more on a 750MB partition" (docs/reference/storage-cmdlets.md#cmdlets-that-change-partitions, configure-uefigpt); we use 12 MiB on recovery/OEM
 * volumes (which also hold boot.sdi, 3 MiB) and 30 MiB on an ESP (boot manager files).
 */
function defaultUsed(kind: PartKind, size: number): number {
  if (kind === 'esp') return Math.min(mib(30), Math.floor(size / 2));
  if (kind === 'system-reserved') return mib(32);
  return Math.min(mib(12), Math.floor(size / 4));
}

/**
 * ASSUMPTION: where unmovable files (MFT zone, pagefile, shadow storage) end when a spec does not say: 1 GiB past
 * the used data, capped at the volume. It gives C: a SizeMin that is a little above its used bytes, as the
 * cloudfoundry/bosh-agent reports describe (SizeMin ~29.05 GB on a 30 GB C:, docs/reference/storage-cmdlets.md#get-partitionsupportedsize).
 */
function defaultUnmovable(dataBytes: number, size: number): number {
  return Math.min(alignUp(dataBytes + GiB, MiB), size);
}

function bitLockerOf(m: string, role: string, b: BitLockerSpec): BitLocker {
  if (b.volumeStatus === 0 && (b.encryptionPercentage !== 0 || b.protectionStatus === 1))
    throw new FixtureError(m, `${role}: a decrypted volume cannot be 'protected' or partly encrypted`);
  if (b.volumeStatus === 1 && b.encryptionPercentage !== 100)
    throw new FixtureError(m, `${role}: FullyEncrypted must be 100%`);
  if (
    (b.volumeStatus === 2 || b.volumeStatus === 3) &&
    (b.encryptionPercentage <= 0 || b.encryptionPercentage >= 100)
  )
    throw new FixtureError(m, `${role}: a conversion in progress is between 0 and 100%`);
  const out: BitLocker = {
    volumeStatus: b.volumeStatus,
    protectionStatus: b.protectionStatus,
    lockStatus: 0,
    encryptionPercentage: b.encryptionPercentage,
    // 6 = XtsAes128, the default the Get-BitLockerVolume captures show (docs/reference/bitlocker.md#volume-status-and-protection); 0 when decrypted.
    encryptionMethod: b.encryptionMethod ?? (b.volumeStatus === 0 ? 0 : 6),
    keyProtectors: b.keyProtectors ?? (b.volumeStatus === 0 ? [] : ['Tpm', 'RecoveryPassword']),
  };
  if (b.suspendedRebootCount !== undefined) out.suspendedRebootCount = b.suspendedRebootCount;
  if (b.deviceEncryption) out.deviceEncryption = true;
  return out;
}

function gptFlags(kind: PartKind): { type: string; attrs: string; hidden: boolean } {
  switch (kind) {
    case 'esp':
      return { type: GPT_TYPE.esp, attrs: GPT_ATTR.noDriveLetter, hidden: true };
    case 'msr':
      return { type: GPT_TYPE.msr, attrs: GPT_ATTR.noDriveLetter, hidden: true };
    case 'recovery':
      return { type: GPT_TYPE.recovery, attrs: GPT_ATTR.recovery, hidden: true };
    case 'oem':
      return { type: GPT_TYPE.basic, attrs: GPT_ATTR.recovery, hidden: true };
    case 'ldm-metadata':
      return { type: GPT_TYPE.ldmMetadata, attrs: GPT_ATTR.none, hidden: true };
    case 'ldm-data':
      return { type: GPT_TYPE.ldmData, attrs: GPT_ATTR.none, hidden: true };
    default:
      return { type: GPT_TYPE.basic, attrs: GPT_ATTR.none, hidden: false };
  }
}

function mbrFlags(kind: PartKind): { type: number; hidden: boolean } {
  switch (kind) {
    case 'recovery':
      return { type: MBR_TYPE.recovery, hidden: true };
    case 'esp':
      return { type: MBR_TYPE.fat32, hidden: false };
    case 'ldm-data':
    case 'ldm-metadata':
      return { type: MBR_TYPE.ldm, hidden: false };
    default:
      return { type: MBR_TYPE.ifs, hidden: false };
  }
}

export interface BuildResult {
  machine: SimulatedMachine;
  catalog: CatalogEntry;
}

export interface CatalogEntry {
  name: string;
  summary: string;
  source: string;
  verdict: Verdict;
  reason: Reason;
  fixable: boolean;
}

/** Setup's default names: DESKTOP-XXXXXXX on clients, WIN-XXXXXXXXXXX on servers (e.g. WIN-21J0PDA3P4M, docs/reference/storage-cmdlets.md#diskpart-kb5028997-walkthrough). */
export function computerNameOf(machine: string, isServer: boolean): string {
  const alnum = BigInt(`0x${sha256Hex('host', machine).slice(0, 24)}`)
    .toString(36)
    .toUpperCase();
  return isServer ? `WIN-${alnum.slice(0, 11)}` : `DESKTOP-${alnum.slice(0, 7)}`;
}

/**
 * The PC's stable identifiers (ps-scripts/Get-OsFacts.ps1), made from the machine's name so they never change:
 * an SMBIOS UUID (upper case) and a MachineGuid (lower case) on every PC, an Intune device id on clients (Intune
 * manages them) and a ConfigMgr client id ('GUID:...') on servers.
 */
export function identityOf(machine: string, isServer: boolean): NonNullable<Os['identity']> {
  const uuid = (salt: string) =>
    sha256Hex(salt, machine)
      .slice(0, 32)
      .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
  return {
    smbiosUuid: uuid('smbios').toUpperCase(),
    machineGuid: uuid('machine-guid'),
    intuneDeviceId: isServer ? null : uuid('intune'),
    configMgrClientId: isServer ? `GUID:${uuid('configmgr').toUpperCase()}` : null,
  };
}

export function buildMachine(spec: MachineSpec): BuildResult {
  const m = spec.name;
  if (!/^[a-z0-9][a-z0-9-]*$/.test(m)) throw new FixtureError(m, 'name must be lower-case kebab');
  if (!spec.source.trim() || !spec.notes.trim() || !spec.summary.trim())
    throw new FixtureError(m, 'source, notes and summary are required');
  if (!(REASONS as readonly string[]).includes(spec.expect.reason))
    throw new FixtureError(m, `unknown reason ${spec.expect.reason}`);
  if (spec.expect.fixable && spec.expect.verdict !== 'needs-fix')
    throw new FixtureError(m, 'only a needs-fix machine can be fixable');

  const computerName = spec.os.computerName ?? computerNameOf(m, spec.os.isServer);
  const roles = new Set<string>();
  const letters = new Set<string>();
  const diskNumbers = new Set<number>();
  const afterReboot = new Set<number>();
  const winreVersion = spec.winre.version ?? spec.os.winreVersion;
  const wimSize = spec.winre.wimSize ?? spec.os.wimSize;
  const bcd = bcdIdentifier(m);

  // Find the OS and WinRE partitions first: the files they receive depend on the WinRE state.
  let osRef: { disk: DiskSpec; part: PartSpec } | undefined;
  let winreRef: { disk: DiskSpec; part: PartSpec } | undefined;
  for (const d of spec.disks) {
    for (const p of d.partitions) {
      if (roles.has(p.role)) throw new FixtureError(m, `duplicate role ${p.role}`);
      roles.add(p.role);
      if (p.kind === 'os') {
        if (osRef) throw new FixtureError(m, 'more than one OS partition');
        osRef = { disk: d, part: p };
      }
      if (spec.winre.partition === p.role) winreRef = { disk: d, part: p };
    }
  }
  if (!osRef) throw new FixtureError(m, 'no OS partition');
  if (osRef.part.driveLetter !== 'C') throw new FixtureError(m, 'the OS partition must be C:');
  if (spec.winre.status === 'Enabled' && !winreRef)
    throw new FixtureError(m, `WinRE enabled on unknown partition ${String(spec.winre.partition)}`);
  if (spec.winre.status === 'Disabled' && spec.winre.partition)
    throw new FixtureError(m, 'a disabled WinRE has no registered partition');
  if (spec.winre.status === 'Disabled' && !spec.winre.wim)
    throw new FixtureError(m, 'a disabled WinRE needs wim: system32 | missing');

  const wimFile = (wimPath: string): MachineFile =>
    fileOf(m, {
      path: wimPath,
      size: wimSize,
      contentId: `Winre.wim ${winreVersion}`,
      hidden: true,
      system: true,
    });
  const extraFiles = new Map<string, MachineFile[]>();
  const addExtra = (role: string, f: MachineFile): void => {
    extraFiles.set(role, [...(extraFiles.get(role) ?? []), f]);
  };
  // Enabled: <partition>\Recovery\WindowsRE\Winre.wim, hidden. Disabled/staged: C:\Windows\System32\Recovery
  // (docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml). On C: when WinRE lives on the OS volume: C:\Recovery\WindowsRE (docs/reference/reagentc.md#info-output-when-enabled, commercialization-public #324).
  if (spec.winre.status === 'Enabled' && winreRef) {
    if (winreRef.part.kind === 'msr' || winreRef.part.noVolume)
      throw new FixtureError(m, 'WinRE cannot live on a partition without a volume');
    addExtra(winreRef.part.role, wimFile('\\Recovery\\WindowsRE\\Winre.wim'));
  } else if (spec.winre.wim === 'system32') {
    addExtra(osRef.part.role, wimFile('\\Windows\\System32\\Recovery\\Winre.wim'));
  }

  // Disk signatures/GUIDs first (ReAgent.xml needs the WinRE disk's identity).
  const diskIds = new Map<string, { guid?: string; signature?: number; uniqueId: string }>();
  for (const d of spec.disks) {
    diskIds.set(d.role, {
      guid: d.style === 'GPT' ? deterministicGuid(m, `disk:${d.role}`) : undefined,
      signature: d.style === 'MBR' ? mbrSignature(m, d.role) : undefined,
      uniqueId: diskUniqueId(m, d, computerName),
    });
  }

  // Placement pass (we need the WinRE offset for ReAgent.xml before building C:'s files).
  const placedByDisk = new Map<string, Placed[]>();
  for (const d of spec.disks) {
    const sector = d.logicalSectorSize ?? 512;
    placedByDisk.set(d.role, placePartitions(m, d, sector));
  }
  const placedOf = (role: string): Placed | undefined => {
    for (const list of placedByDisk.values()) {
      const hit = list.find((x) => x.spec.role === role);
      if (hit) return hit;
    }
    return undefined;
  };

  if (!spec.winre.reagentXmlMissing) {
    const winrePlaced = winreRef ? placedOf(winreRef.part.role) : undefined;
    const ids = winreRef ? diskIds.get(winreRef.disk.role) : undefined;
    const text = reagentXml({
      enabled: spec.winre.status === 'Enabled',
      bcdId: spec.winre.status === 'Disabled' && spec.winre.bcd === 'zero' ? ZERO_GUID.slice(1, -1) : bcd,
      location:
        winrePlaced && ids
          ? { offset: winrePlaced.offset, diskGuid: ids.guid, mbrSignature: ids.signature }
          : undefined,
      isServer: spec.os.isServer,
      ...(spec.winre.staleImageLocation ? { imageLocation: spec.winre.staleImageLocation } : {}),
    });
    addExtra(
      osRef.part.role,
      fileOf(m, {
        path: '\\Windows\\System32\\Recovery\\ReAgent.xml',
        size: utf8BomBytes(text).length,
        content: text,
        hidden: true,
        system: true,
      }),
    );
  }

  const disks: Disk[] = [];
  for (const d of spec.disks) {
    if (diskNumbers.has(d.number)) throw new FixtureError(m, `duplicate disk number ${d.number}`);
    diskNumbers.add(d.number);
    if (d.numberAfterReboot !== undefined) {
      if (afterReboot.has(d.numberAfterReboot)) throw new FixtureError(m, 'duplicate numberAfterReboot');
      afterReboot.add(d.numberAfterReboot);
    }
    const sector = d.logicalSectorSize ?? 512;
    const physical = d.physicalSectorSize ?? sector;
    if (physical < sector) throw new FixtureError(m, `${d.role}: physical sector smaller than logical`);
    if (d.size % sector !== 0) throw new FixtureError(m, `${d.role}: disk size not whole sectors`);
    const ids = diskIds.get(d.role)!;
    if (d.style === 'MBR') {
      // MBR: 4 primary entries (no extended partitions modelled) and 2^32 sectors (docs/reference/partition-layouts.md#real-layouts layout rules).
      if (d.partitions.length > 4)
        throw new FixtureError(m, `${d.role}: MBR holds at most 4 primary partitions`);
    } else if (d.partitions.length > 128)
      throw new FixtureError(m, `${d.role}: GPT holds at most 128 partitions`);
    const placed = placedByDisk.get(d.role)!;
    if (d.style === 'MBR') {
      const last = placed[placed.length - 1];
      if (last && last.offset + last.size > 2 ** 32 * sector)
        throw new FixtureError(m, `${d.role}: MBR partitions must end below 2^32 sectors`);
    }
    const numbers = new Set<number>();
    const partitions: Partition[] = placed.map((pl) => {
      const p = pl.spec;
      if (numbers.has(pl.number))
        throw new FixtureError(m, `${d.role}: duplicate partition number ${pl.number}`);
      numbers.add(pl.number);
      if (p.driveLetter) {
        if (!/^[A-Z]$/.test(p.driveLetter)) throw new FixtureError(m, `bad drive letter ${p.driveLetter}`);
        if (letters.has(p.driveLetter)) throw new FixtureError(m, `drive letter ${p.driveLetter} used twice`);
        letters.add(p.driveLetter);
      }
      const part: Partition = {
        number: pl.number,
        offset: pl.offset,
        size: pl.size,
        isBoot: p.kind === 'os',
        isSystem: false,
        isActive: false,
        isHidden: false,
      };
      let partGuid: string | undefined;
      if (d.style === 'GPT') {
        const f = gptFlags(p.kind);
        partGuid = deterministicGuid(m, `part:${p.role}`);
        part.gptType = p.gptType ?? f.type;
        part.gptAttributes = p.gptAttributes ?? f.attrs;
        part.guid = partGuid;
        part.isHidden = p.isHidden ?? f.hidden;
        part.isSystem = p.kind === 'esp';
        if (part.gptType === GPT_TYPE.basic && p.kind !== 'oem') {
          // Basic data partitions show False; recovery/ESP/MSR show null for these (docs/reference/storage-cmdlets.md#captured-get-partition-output), so omit them.
          part.isReadOnly = false;
          part.noDefaultDriveLetter = part.gptAttributes.startsWith('0x8');
        }
      } else {
        const f = mbrFlags(p.kind);
        part.mbrType = p.mbrType ?? f.type;
        part.isHidden = p.isHidden ?? f.hidden;
        part.isActive = p.isActive ?? p.kind === 'system-reserved';
        // On BIOS/MBR the active partition is the system partition (docs/reference/storage-cmdlets.md#get-partition).
        part.isSystem = part.isActive;
        part.isReadOnly = false;
      }
      part.uniqueId = partitionUniqueId(pl.offset, ids.uniqueId);
      if (p.driveLetter) part.driveLetter = p.driveLetter;
      if (!p.noVolume && p.kind !== 'msr' && p.kind !== 'ldm-metadata') {
        part.volume = buildVolume(
          { machine: m, disk: d, sector, signature: ids.signature },
          pl,
          partGuid,
          extraFiles.get(p.role) ?? [],
        );
      } else if (extraFiles.has(p.role) || (p.files ?? []).length > 0) {
        throw new FixtureError(m, `${p.role}: files on a partition without a volume`);
      }
      return part;
    });
    if (d.style === 'MBR' && partitions.filter((p) => p.isActive).length > 1)
      throw new FixtureError(m, `${d.role}: more than one active partition`);
    const disk: Disk = {
      number: d.number,
      uniqueId: ids.uniqueId,
      partitionStyle: d.style,
      size: d.size,
      logicalSectorSize: sector,
      physicalSectorSize: physical,
      busType: d.busType,
      friendlyName: d.friendlyName,
      isBoot: partitions.some((p) => p.isBoot),
      isSystem: partitions.some((p) => p.isSystem),
      isOffline: false,
      isReadOnly: false,
      partitions,
    };
    if (d.numberAfterReboot !== undefined) disk.numberAfterReboot = d.numberAfterReboot;
    if (ids.guid) disk.guid = ids.guid;
    if (ids.signature !== undefined) disk.signature = ids.signature;
    if (d.isDynamic) {
      const ldm = partitions.some((p) =>
        d.style === 'GPT' ? p.gptType === GPT_TYPE.ldmData : p.mbrType === MBR_TYPE.ldm,
      );
      if (!ldm) throw new FixtureError(m, `${d.role}: a dynamic disk holds LDM partitions`);
      disk.isDynamic = true;
    }
    disks.push(disk);
  }
  if (afterReboot.size > 0 && afterReboot.size !== spec.disks.length)
    throw new FixtureError(m, 'numberAfterReboot must be given for every disk or none');
  if (!disks.some((d) => d.isSystem)) throw new FixtureError(m, 'no system partition (ESP or active)');

  const os: Os = {
    caption: spec.os.caption,
    edition: spec.os.edition,
    build: spec.os.build,
    ubr: spec.os.ubr,
    displayVersion: spec.os.displayVersion,
    uiLanguage: spec.os.uiLanguage,
    systemDrive: 'C:',
    isElevated: spec.os.isElevated ?? true,
    imageState: spec.os.imageState ?? 'IMAGE_STATE_COMPLETE',
    isServerCore: spec.os.isServerCore ?? false,
    computerName,
    identity: identityOf(m, spec.os.isServer),
  };
  if (spec.os.pendingRebootReasons) os.pendingRebootReasons = spec.os.pendingRebootReasons;
  if (os.isServerCore && !spec.os.isServer) throw new FixtureError(m, 'Server Core needs a server edition');

  const winre: SimulatedMachine['winre'] = {
    status: spec.winre.status,
    bcdId: spec.winre.status === 'Disabled' && spec.winre.bcd === 'zero' ? ZERO_GUID.slice(1, -1) : bcd,
    version: winreVersion,
  };
  if (spec.winre.status === 'Enabled' && winreRef) {
    const pl = placedOf(winreRef.part.role)!;
    winre.location = { diskUniqueId: diskIds.get(winreRef.disk.role)!.uniqueId, partitionOffset: pl.offset };
  }
  if (spec.winre.reagentXmlMissing) winre.reagentXmlMissing = true;

  const reagentc: SimulatedMachine['reagentc'] = {
    outputLanguage: spec.reagentc.outputLanguage,
    // 24H2 (build 26100) and later print "Windows RE Version" (docs/reference/reagentc.md#info-output-when-enabled, docs/reference/transcripts.md#e2-windows-11-24h2-enabled-with-version-line).
    showsVersionLine: spec.reagentc.showsVersionLine ?? spec.os.build >= 26100,
    versionLineWhenDisabled: spec.reagentc.versionLineWhenDisabled ?? false,
    // REAGENTC.EXE status lines arrive on stderr (docs/reference/transcripts.md#e7-streams-in-windows-powershell, docs/reference/reagentc.md#output-streams-and-exit-codes).
    statusLinesOnStderr: true,
  };
  if (spec.reagentc.transcript) reagentc.transcript = spec.reagentc.transcript;
  if (spec.reagentc.enableDeferredUntilReboot) reagentc.enableDeferredUntilReboot = true;

  const { updateHistory, events } = failureRecords(spec);

  const machine: SimulatedMachine = {
    schemaVersion: 1,
    name: m,
    source: spec.source,
    notes: spec.notes,
    os,
    disks,
    winre,
    reagentc,
    deviceEncryption: { enabled: spec.deviceEncryption ?? false },
    updateHistory,
    events,
    // No `registry` extras: the simulator derives WinREVersion, the WinRE key and the pending-reboot keys from
    // this state (simulator/50-System.ps1), and an extra here would override them for good.
    faults: spec.faults ?? [],
    trace: { mutations: 0, calls: {}, boots: 0, log: [] },
  };
  if (spec.powerCut) machine.powerCut = spec.powerCut;
  if (spec.journalPowerCut) machine.journalPowerCut = spec.journalPowerCut;
  if (spec.pendingRenumber) machine.pendingReboot = { renumber: true };
  return {
    machine,
    catalog: {
      name: m,
      summary: spec.summary,
      source: spec.source,
      verdict: spec.expect.verdict,
      reason: spec.expect.reason,
      fixable: spec.expect.fixable,
    },
  };
}

/**
 * One failed attempt = a Windows Update history entry (ResultCode 4, HResult 0x80070643, docs/reference/update-failure.md#detecting-the-failure), and in the System
 * log: WinREAgent 4500 "Starting Windows Recovery Environment servicing." then 4502 "Windows Recovery Environment
 * servicing failed." with ErrorPhase 2 (KB5028997; provider schema docs/reference/update-failure.md#winreagent-events), then WindowsUpdateClient 20 with
 * `Installation Failure: Windows failed to install the following update with error 0x80070643: <title>.` and
 * Properties [error code, title] (docs/reference/update-failure.md#detecting-the-failure, docs/reference/update-failure.md#windows-update-client-events). Machines without a KB (Windows 11 22H2/23H2 take WinRE updates
 * inside other packages; no KB title for them was sourced) get the WinREAgent events only.
 * ASSUMPTION: 4502's Errorcode value was never captured (docs/reference/partition-layouts.md#what-no-capture-shows); we use 0x80070070 (ERROR_DISK_FULL) as Int32.
 */
function failureRecords(spec: MachineSpec): { updateHistory: UpdateEntry[]; events: Event[] } {
  const updateHistory: UpdateEntry[] = [];
  const events: Event[] = [];
  const f = spec.failures;
  if (!f) return { updateHistory, events };
  if (f.attempts < 1) throw new FixtureError(spec.name, 'failures.attempts must be >= 1');
  if (f.kb === 'KB5034441' && spec.os.build !== 19045 && spec.os.build !== 19044)
    throw new FixtureError(spec.name, 'KB5034441 applies to Windows 10 21H2/22H2');
  if (f.kb === 'KB5034439' && spec.os.build !== 20348)
    throw new FixtureError(spec.name, 'KB5034439 applies to Windows Server 2022');
  const start = Date.parse(f.firstDate);
  if (Number.isNaN(start)) throw new FixtureError(spec.name, 'failures.firstDate is not a date');
  for (let i = 0; i < f.attempts; i++) {
    // One attempt per day at a fixed hour (Windows Update retries daily); seconds apart within an attempt.
    const t0 = start + i * 86_400_000;
    const iso = (ms: number): string => new Date(t0 + ms).toISOString().replace('.000Z', 'Z');
    events.push({
      logName: 'System',
      providerName: 'Microsoft-Windows-WinREAgent',
      id: 4500,
      level: 4,
      timeCreated: iso(0),
      message: 'Starting Windows Recovery Environment servicing.',
    });
    events.push({
      logName: 'System',
      providerName: 'Microsoft-Windows-WinREAgent',
      id: 4502,
      level: 2,
      timeCreated: iso(41_000),
      message: 'Windows Recovery Environment servicing failed.',
      properties: [2, -2147024784],
    });
    if (f.kb) {
      const title = KB_TITLE[f.kb];
      events.push({
        logName: 'System',
        providerName: 'Microsoft-Windows-WindowsUpdateClient',
        id: 20,
        level: 2,
        timeCreated: iso(43_000),
        message: `Installation Failure: Windows failed to install the following update with error 0x80070643: ${title}.`,
        properties: ['0x80070643', title],
      });
      updateHistory.push({ title, date: iso(43_000), resultCode: 4, hresult: HRESULT_INSTALL_FAILURE });
    }
  }
  return { updateHistory, events };
}

// ---------------------------------------------------------------------------------------------------------------
// Read-back helpers (used by tests and docs)

export interface Extent {
  offset: number;
  size: number;
}

/** Unallocated extents of a built disk between the 1 MiB lead-in and the usable end (partition-number blind). */
export function freeExtents(disk: Disk): Extent[] {
  const end = usableEnd(disk.partitionStyle === 'MBR' ? 'MBR' : 'GPT', disk.size, disk.logicalSectorSize);
  const parts = [...disk.partitions].sort((a, b) => a.offset - b.offset);
  const out: Extent[] = [];
  let cursor = FIRST_PARTITION_OFFSET;
  for (const p of parts) {
    if (p.offset > cursor) out.push({ offset: cursor, size: p.offset - cursor });
    cursor = Math.max(cursor, p.offset + p.size);
  }
  if (end > cursor) out.push({ offset: cursor, size: end - cursor });
  return out;
}

/** Free bytes of a built volume. */
export function volumeFree(v: Volume): number {
  return v.size - v.usedBytes - v.files.reduce((s, f) => s + f.size, 0);
}

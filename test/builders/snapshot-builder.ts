/**
 * Snapshots for planner tests: a realistic default (Windows 11, GPT, ESP + MSR + C: + a 600 MiB WinRE partition
 * at the end with too little free space) and small overrides, so each test states only what is unusual.
 */
import type { DiskFacts, PartitionFacts, Snapshot } from '../../src/domain/snapshot';
import { GiB, MiB } from '../../src/domain/units';
import { GPT_TYPE } from '../../src/domain/gpt-types';
import type { WimInfo } from '../../src/contracts/generated/get-win-re-status';

export const RECOVERY = GPT_TYPE.recovery;
export const BASIC = GPT_TYPE.basic;
export const ESP = GPT_TYPE.esp;
export const MSR = GPT_TYPE.msr;

export type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;

/** What Read-WinReFixWimInfo reports for a healthy x64 WinRE image of `version`. */
export function wimInfo(version: string): WimInfo {
  const [, , build, spBuild] = version.split('.').map(Number);
  return {
    readable: true,
    error: null,
    writeInProgress: false,
    imageCount: 1,
    version,
    build: build ?? 0,
    spBuild: spBuild ?? 0,
    architecture: 9,
    editionId: 'WindowsPE',
    name: 'Microsoft Windows Recovery Environment (x64)',
  };
}

export function part(
  over: Partial<PartitionFacts> & Pick<PartitionFacts, 'number' | 'offset' | 'size'>,
): PartitionFacts {
  return {
    type: 'Basic',
    gptType: BASIC,
    mbrType: null,
    guid: `{00000000-0000-0000-0000-${over.number.toString(16).padStart(12, '0')}}`,
    driveLetter: null,
    accessPaths: [],
    isBoot: false,
    isSystem: false,
    isActive: false,
    isHidden: false,
    gptAttributes: null,
    supportedSize: null,
    volume: null,
    ...over,
  };
}

export function volume(
  size: number,
  free: number,
  over: Partial<PartitionFacts['volume'] & object> = {},
): NonNullable<PartitionFacts['volume']> {
  return {
    path: '\\\\?\\Volume{11111111-0000-0000-0000-000000000000}\\',
    fileSystem: 'NTFS',
    label: '',
    size,
    sizeRemaining: free,
    healthStatus: 'Healthy',
    dirty: false,
    ...over,
  };
}

const DISK_SIZE = 512 * GiB;
const C_OFFSET = 1 * MiB + 100 * MiB + 16 * MiB;
/** GPT usable end on a 512 GiB disk: size - 33 sectors, aligned down to 1 MiB. */
const USABLE_END = DISK_SIZE - 1 * MiB;
const RE_SIZE = 600 * MiB;
const RE_OFFSET = USABLE_END - RE_SIZE;
const C_SIZE = RE_OFFSET - C_OFFSET;
export const WIM_SIZE = 480 * MiB;
export const WIM_SHA = 'A'.repeat(64);

export function defaultDisk(): DiskFacts {
  return {
    number: 0,
    uniqueId: 'NVME-DISK-0',
    guid: '{aaaaaaaa-0000-0000-0000-000000000000}',
    signature: null,
    partitionStyle: 'GPT',
    size: DISK_SIZE,
    logicalSectorSize: 512,
    busType: 'NVMe',
    friendlyName: 'Test NVMe',
    isBoot: true,
    isSystem: true,
    isOffline: false,
    isReadOnly: false,
    isDynamic: false,
    largestFreeExtent: 0,
    partitions: [
      part({
        number: 1,
        offset: 1 * MiB,
        size: 100 * MiB,
        type: 'System',
        gptType: ESP,
        isSystem: true,
        volume: volume(100 * MiB, 70 * MiB, { fileSystem: 'FAT32' }),
      }),
      part({ number: 2, offset: 101 * MiB, size: 16 * MiB, type: 'Reserved', gptType: MSR }),
      part({
        number: 3,
        offset: C_OFFSET,
        size: C_SIZE,
        driveLetter: 'C',
        isBoot: true,
        supportedSize: { min: 120 * GiB, max: C_SIZE },
        volume: volume(C_SIZE, 200 * GiB, { path: '\\\\?\\Volume{cccccccc-0000-0000-0000-000000000000}\\' }),
      }),
      part({
        number: 4,
        offset: RE_OFFSET,
        size: RE_SIZE,
        type: 'Recovery',
        gptType: RECOVERY,
        isHidden: true,
        gptAttributes: '0x8000000000000001',
        supportedSize: { min: 560 * MiB, max: RE_SIZE },
        volume: volume(RE_SIZE - 4096, 90 * MiB, {
          path: '\\\\?\\Volume{eeeeeeee-0000-0000-0000-000000000000}\\',
          label: 'Windows RE tools',
        }),
      }),
    ],
  };
}

export function defaultSnapshot(): Snapshot {
  const disk = defaultDisk();
  return {
    schemaVersion: 1,
    takenAt: '2026-11-25T00:00:00.000Z',
    simulated: true,
    os: {
      computerName: 'PC-01',
      caption: 'Microsoft Windows 11 Pro',
      edition: 'Professional',
      build: 22631,
      ubr: 4460,
      displayVersion: '23H2',
      uiLanguage: 'en-US',
      systemDrive: 'C:',
      isElevated: true,
      isServerCore: false,
      imageState: 'IMAGE_STATE_COMPLETE',
      pendingRebootReasons: [],
      deviceIds: { smbiosUuid: null, machineGuid: null, intuneDeviceId: null, configMgrClientId: null },
    },
    disks: [disk],
    winre: {
      reagentc: {
        exitCode: 0,
        status: 'Enabled',
        location: {
          diskNumber: 0,
          partitionNumber: 4,
          path: '\\\\?\\GLOBALROOT\\device\\harddisk0\\partition4\\Recovery\\WindowsRE',
        },
        bcdId: '57bbe585-98c6-11ee-931f-e7071dc38554',
        version: null,
      },
      reagentXml: {
        present: true,
        installState: 1,
        winreBcdId: '57bbe585-98c6-11ee-931f-e7071dc38554',
        winreLocation: {
          path: '\\Recovery\\WindowsRE',
          id: 0,
          offset: RE_OFFSET,
          guid: '{aaaaaaaa-0000-0000-0000-000000000000}',
        },
      },
      registry: { winreLocation: null, winreVersion: null },
      stagedImage: null,
      activeImage: { size: WIM_SIZE, sha256: WIM_SHA, wim: wimInfo('10.0.22621.2428') },
    },
    bitLocker: [],
    evidence: {
      failedUpdates: [
        {
          title: '2024-01 Security Update for Windows 11 (KB5034441)',
          date: '2024-01-10T00:00:00Z',
          hresult: -2147023293,
        },
      ],
      winreAgentEvents: [],
    },
  };
}

/** Deep-copies the default (or `base`) and lets the test change what it needs. */
export function snapshotWith(
  change: (s: Mutable<Snapshot>) => void,
  base: Snapshot = defaultSnapshot(),
): Snapshot {
  const copy = JSON.parse(JSON.stringify(base)) as Mutable<Snapshot>;
  change(copy);
  return copy as Snapshot;
}

export const layout = { DISK_SIZE, C_OFFSET, C_SIZE, RE_OFFSET, RE_SIZE, USABLE_END };

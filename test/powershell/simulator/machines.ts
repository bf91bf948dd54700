/**
 * Small simulated machines for the simulator's own tests (the fixture library under test/fixtures/machines is
 * built separately). Geometry follows the Windows 10/11 UEFI clean-install layout (docs/reference/partition-layouts.md#real-layouts; captures
 * 1.3, 2.1): ESP 100 MiB at 1 MiB, MSR 16 MiB, C:, WinRE at the end of the disk, the last 1 MiB unused.
 */
import * as fs from 'node:fs';
import { openSimHarness, type SimHarness, type SnippetResult } from '../../support/harness';
import type { Partition, SimulatedMachine } from '../../../src/contracts/generated/simulated-machine';
import { GPT_TYPE } from '../../../src/domain/gpt-types';

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;

export const GPT_ESP = GPT_TYPE.esp;
export const GPT_MSR = GPT_TYPE.msr;
export const GPT_BASIC = GPT_TYPE.basic;
export const GPT_RECOVERY = GPT_TYPE.recovery;

let guidCounter = 0;
/** Deterministic, distinct, lower-case braced GUIDs. */
export function testGuid(): string {
  guidCounter += 1;
  const n = guidCounter.toString(16).padStart(12, '0');
  return `{5e1a0000-0000-4000-8000-${n}}`;
}

export interface GptMachineOptions {
  diskSize?: number;
  winreSize?: number;
  /** Unallocated space between C: and WinRE. */
  gapAfterC?: number;
  cUsed?: number;
  cUnmovable?: number;
  cDirty?: boolean;
  winreUsed?: number;
  elevated?: boolean;
  deviceEncryption?: boolean;
  /** Leave the tail of the disk free instead of ending WinRE at the last aligned MiB. */
  freeAtEnd?: number;
}

/** A Windows 11 UEFI/GPT PC: p1 ESP, p2 MSR, p3 C:, p4 WinRE (Recovery, 0x8000000000000001). */
export function gptMachine(options: GptMachineOptions = {}): SimulatedMachine {
  const diskSize = options.diskSize ?? 128 * GiB;
  const winreSize = options.winreSize ?? 674 * MiB;
  const gap = options.gapAfterC ?? 0;
  const freeAtEnd = options.freeAtEnd ?? 0;
  const winreOffset = diskSize - MiB - freeAtEnd - winreSize;
  const cOffset = 117 * MiB;
  const cSize = winreOffset - gap - cOffset;
  const cVolGuid = testGuid();
  const reVolGuid = testGuid();
  const espGuid = testGuid();
  const partitions: Partition[] = [
    {
      number: 1,
      offset: MiB,
      size: 100 * MiB,
      gptType: GPT_ESP,
      gptAttributes: '0x8000000000000000',
      guid: espGuid,
      isBoot: false,
      isSystem: true,
      isActive: false,
      isHidden: false,
      volume: {
        guid: espGuid,
        fileSystem: 'FAT32',
        label: '',
        size: 100 * MiB,
        usedBytes: 30 * MiB,
        dirty: false,
        healthStatus: 'Healthy',
        files: [],
      },
    },
    {
      number: 2,
      offset: 101 * MiB,
      size: 16 * MiB,
      gptType: GPT_MSR,
      gptAttributes: '0x8000000000000000',
      guid: testGuid(),
      isBoot: false,
      isSystem: false,
      isActive: false,
      isHidden: true,
    },
    {
      number: 3,
      offset: cOffset,
      size: cSize,
      gptType: GPT_BASIC,
      gptAttributes: '0x0000000000000000',
      guid: cVolGuid,
      driveLetter: 'C',
      isBoot: true,
      isSystem: false,
      isActive: false,
      isHidden: false,
      volume: {
        guid: cVolGuid,
        fileSystem: 'NTFS',
        label: 'Windows',
        size: cSize - 4096,
        usedBytes: options.cUsed ?? 60 * GiB,
        ...(options.cUnmovable !== undefined ? { unmovableBoundary: options.cUnmovable } : {}),
        dirty: options.cDirty ?? false,
        healthStatus: 'Healthy',
        dataFingerprint: 'user-data-c-0001',
        files: [
          {
            path: '\\Windows\\System32\\config\\SYSTEM',
            size: 20 * MiB,
            sha256: 'A'.repeat(64),
          },
        ],
      },
    },
    {
      number: 4,
      offset: winreOffset,
      size: winreSize,
      gptType: GPT_RECOVERY,
      gptAttributes: '0x8000000000000001',
      guid: reVolGuid,
      isBoot: false,
      isSystem: false,
      isActive: false,
      isHidden: true,
      volume: {
        guid: reVolGuid,
        fileSystem: 'NTFS',
        label: '',
        size: winreSize - 4096,
        usedBytes: options.winreUsed ?? 10 * MiB,
        dirty: false,
        healthStatus: 'Healthy',
        files: [
          {
            path: '\\Recovery\\WindowsRE\\Winre.wim',
            size: 500 * MiB,
            sha256: 'B'.repeat(64),
          },
        ],
      },
    },
  ];
  return {
    schemaVersion: 1,
    name: 'test-gpt',
    source:
      'docs/reference/partition-layouts.md#real-layouts (Win10/11 UEFI clean install); docs/reference/partition-layouts.md#captured-layouts, docs/reference/storage-cmdlets.md#diskpart-kb5028997-walkthrough',
    os: {
      caption: 'Microsoft Windows 11 Pro',
      edition: 'Professional',
      build: 22631,
      ubr: 2861,
      displayVersion: '23H2',
      uiLanguage: 'en-US',
      systemDrive: 'C:',
      isElevated: options.elevated ?? true,
      imageState: 'IMAGE_STATE_COMPLETE',
      isServerCore: false,
      computerName: 'SIM-PC',
    },
    disks: [
      {
        number: 0,
        uniqueId: 'SIMDISK0000000000000000000000001',
        guid: testGuid(),
        partitionStyle: 'GPT',
        size: diskSize,
        logicalSectorSize: 512,
        physicalSectorSize: 512,
        busType: 'NVMe',
        friendlyName: 'Sim NVMe Disk',
        isBoot: true,
        isSystem: true,
        isOffline: false,
        isReadOnly: false,
        partitions,
      },
    ],
    winre: {
      status: 'Enabled',
      location: { diskUniqueId: 'SIMDISK0000000000000000000000001', partitionOffset: winreOffset },
      bcdId: '8e73986e-289e-11f0-bf53-a4d06eada308',
      version: '10.0.22621.2428',
    },
    reagentc: { outputLanguage: 'en-US' },
    deviceEncryption: { enabled: options.deviceEncryption ?? false },
    updateHistory: [],
    events: [],
    faults: [],
    trace: { mutations: 0, calls: {}, boots: 0, log: [] },
  };
}

/** BIOS/MBR layout: System Reserved (active, IFS) · C: (IFS) · recovery 0x27 (docs/reference/partition-layouts.md#real-layouts; docs/reference/partition-layouts.md#captured-layouts). */
export function mbrMachine(options: { extraPrimaries?: number; diskSize?: number } = {}): SimulatedMachine {
  const diskSize = options.diskSize ?? 64 * GiB;
  const sysSize = 100 * MiB;
  const reSize = 523 * MiB;
  const extra = options.extraPrimaries ?? 0;
  const extraSize = 1 * GiB;
  const reOffset = diskSize - reSize - extra * extraSize - MiB;
  const cOffset = MiB + sysSize;
  const cSize = reOffset - cOffset;
  const vol = (size: number, label: string, used: number) => ({
    guid: testGuid(),
    fileSystem: 'NTFS' as const,
    label,
    size: size - 4096,
    usedBytes: used,
    dirty: false,
    healthStatus: 'Healthy' as const,
    files: [],
  });
  const partitions: Partition[] = [
    {
      number: 1,
      offset: MiB,
      size: sysSize,
      mbrType: 7,
      isBoot: false,
      isSystem: true,
      isActive: true,
      isHidden: false,
      volume: vol(sysSize, 'System Reserved', 30 * MiB),
    },
    {
      number: 2,
      offset: cOffset,
      size: cSize,
      mbrType: 7,
      driveLetter: 'C',
      isBoot: true,
      isSystem: false,
      isActive: false,
      isHidden: false,
      volume: vol(cSize, '', 20 * GiB),
    },
    {
      number: 3,
      offset: reOffset,
      size: reSize,
      mbrType: 39,
      isBoot: false,
      isSystem: false,
      isActive: false,
      isHidden: true,
      volume: vol(reSize, '', 440 * MiB),
    },
  ];
  for (let i = 0; i < extra; i += 1) {
    partitions.push({
      number: 4 + i,
      offset: reOffset + reSize + i * extraSize,
      size: extraSize,
      mbrType: 7,
      isBoot: false,
      isSystem: false,
      isActive: false,
      isHidden: false,
      volume: vol(extraSize, `DATA${i}`, MiB),
    });
  }
  const m = gptMachine();
  const disk = m.disks[0]!;
  const { guid: _guid, ...rest } = disk;
  void _guid;
  m.name = 'test-mbr';
  m.source =
    'docs/reference/partition-layouts.md#real-layouts (BIOS/MBR); docs/reference/partition-layouts.md#captured-layouts (Server 2022 QEMU)';
  m.disks = [{ ...rest, partitionStyle: 'MBR', signature: 0xc466e9e6, size: diskSize, partitions }];
  m.winre.location = { diskUniqueId: disk.uniqueId, partitionOffset: reOffset };
  return m;
}

// ---- a session per test file ----
/**
 * One simulated session per test file; each test loads its own machine into the same file (the simulator reads
 * the machine fresh on every command, so this is exactly a new machine without a new PowerShell).
 */
export interface SimKit {
  load(machine: SimulatedMachine): void;
  run(code: string): Promise<SnippetResult>;
  machine(): SimulatedMachine;
  harness(): SimHarness;
  dispose(): Promise<void>;
}

export function simKit(): SimKit {
  let h: SimHarness | undefined;
  const get = (): SimHarness => {
    h ??= openSimHarness(gptMachine());
    return h;
  };
  return {
    load: (machine) => fs.writeFileSync(get().machinePath, JSON.stringify(machine, null, 2)),
    run: (code) => get().snippet(code),
    machine: () => get().machine<SimulatedMachine>(),
    harness: get,
    dispose: async () => {
      if (h) await h.dispose();
    },
  };
}

export type Row = Record<string, unknown>;

export function rows(result: SnippetResult): Row[] {
  return result.output as Row[];
}

/**
 * Small machines for the reagentc / BitLocker / system / file-system simulator tests, built in code so each test
 * states exactly the layout it needs. The shape follows the seed's case (docs/reference/partition-layouts.md#real-layouts: ESP, MSR, C:, WinRE
 * partition at the end of a GPT disk) and validates against schemas/simulated-machine.schema.json.
 */
import type {
  BitLocker,
  Partition,
  SimulatedMachine,
  Volume,
} from '../../../src/contracts/generated/simulated-machine';

export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;
import { GPT_TYPE } from '../../../src/domain/gpt-types';
export const RECOVERY_GPT = GPT_TYPE.recovery;
export const BASIC_GPT = GPT_TYPE.basic;
export const ESP_GPT = GPT_TYPE.esp;
export const MSR_GPT = GPT_TYPE.msr;
export const WIM_SHA = 'A1B2C3D4E5F60718293A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8F90';
export const WIM_SIZE = 695_151_930; // pastebin.com/bFDBdWgs (docs/reference/update-failure.md#free-space-rules)

export interface MachineOptions {
  language?: 'en-US' | 'de-DE' | 'zh-CN' | 'ru-RU';
  elevated?: boolean;
  /** Size of the WinRE partition (after C:). */
  recoverySize?: number;
  /** WinRE state: enabled on the recovery partition, or disabled with the WIM staged in System32. */
  winre?: 'enabled' | 'disabled' | 'disabled-missing';
  recoveryBitLocker?: BitLocker;
  osBitLocker?: BitLocker;
  showsVersionLine?: boolean;
  versionLineWhenDisabled?: boolean;
}

export const encrypted: BitLocker = {
  volumeStatus: 1,
  protectionStatus: 1,
  lockStatus: 0,
  encryptionPercentage: 100,
  encryptionMethod: 6,
  keyProtectors: ['Tpm', 'RecoveryPassword'],
};

function volume(guid: string, fs: Volume['fileSystem'], label: string, size: number, used: number): Volume {
  return {
    guid,
    fileSystem: fs,
    label,
    size,
    usedBytes: used,
    dirty: false,
    healthStatus: 'Healthy',
    files: [],
  };
}

/** Windows 10 22H2 (the KB5034441 case), GPT: ESP (1), MSR (2), C: (3), WinRE partition (4) at the end. */
export function gptMachine(options: MachineOptions = {}): SimulatedMachine {
  const recoverySize = options.recoverySize ?? 750 * MiB;
  const cOffset = 117 * MiB;
  const cSize = 200 * GiB;
  const recOffset = cOffset + cSize;
  const wim = {
    path: '\\Recovery\\WindowsRE\\Winre.wim',
    size: WIM_SIZE,
    sha256: WIM_SHA,
    hidden: true,
    system: true,
  };
  const recVolume = volume(
    '{7c2b1b8e-3c3a-4a64-9d59-4b1f6a1c0a04}',
    'NTFS',
    'Windows RE tools',
    recoverySize - MiB,
    20 * MiB,
  );
  const cVolume = volume('{5f1e0c2a-9d4b-4c3e-8a7f-2b6d1e0c9a03}', 'NTFS', 'Windows', cSize, 80 * GiB);
  cVolume.dataFingerprint = 'user-data-v1';
  const state = options.winre ?? 'enabled';
  if (state === 'enabled') recVolume.files.push(wim);
  if (state === 'disabled') cVolume.files.push({ ...wim, path: '\\Windows\\System32\\Recovery\\Winre.wim' });
  if (options.recoveryBitLocker) recVolume.bitLocker = options.recoveryBitLocker;
  if (options.osBitLocker) cVolume.bitLocker = options.osBitLocker;
  const partitions: Partition[] = [
    {
      number: 1,
      offset: MiB,
      size: 100 * MiB,
      gptType: ESP_GPT,
      guid: '{0a1b2c3d-0000-4000-8000-000000000001}',
      isBoot: false,
      isSystem: true,
      isActive: false,
      isHidden: false,
      volume: volume('{0a1b2c3d-1111-4000-8000-000000000001}', 'FAT32', '', 100 * MiB, 30 * MiB),
    },
    {
      number: 2,
      offset: 101 * MiB,
      size: 16 * MiB,
      gptType: MSR_GPT,
      guid: '{0a1b2c3d-0000-4000-8000-000000000002}',
      isBoot: false,
      isSystem: false,
      isActive: false,
      isHidden: true,
    },
    {
      number: 3,
      offset: cOffset,
      size: cSize,
      gptType: BASIC_GPT,
      guid: '{0a1b2c3d-0000-4000-8000-000000000003}',
      driveLetter: 'C',
      isBoot: true,
      isSystem: false,
      isActive: false,
      isHidden: false,
      volume: cVolume,
    },
    {
      number: 4,
      offset: recOffset,
      size: recoverySize,
      gptType: RECOVERY_GPT,
      gptAttributes: '0x8000000000000001',
      guid: '{0a1b2c3d-0000-4000-8000-000000000004}',
      isBoot: false,
      isSystem: false,
      isActive: false,
      isHidden: true,
      noDefaultDriveLetter: true,
      volume: recVolume,
    },
  ];
  return {
    schemaVersion: 1,
    name: 'test-gpt',
    source:
      'docs/reference/partition-layouts.md#real-layouts (Win10/11 UEFI clean install); test/powershell/simulator/system-machines.ts',
    os: {
      caption: 'Microsoft Windows 10 Pro',
      edition: 'Professional',
      build: 19045,
      ubr: 3930,
      displayVersion: '22H2',
      uiLanguage: options.language ?? 'en-US',
      systemDrive: 'C:',
      isElevated: options.elevated ?? true,
      imageState: 'IMAGE_STATE_COMPLETE',
      isServerCore: false,
      computerName: 'PC-0001',
      pendingRebootReasons: [],
    },
    disks: [
      {
        number: 0,
        uniqueId: 'eui.0025388b91b2c7a1',
        guid: '{9d3c1a2b-4e5f-4a6b-8c7d-0e1f2a3b4c5d}',
        partitionStyle: 'GPT',
        size: recOffset + recoverySize + 2 * MiB,
        logicalSectorSize: 512,
        physicalSectorSize: 512,
        busType: 'NVMe',
        friendlyName: 'Samsung SSD 980',
        isBoot: true,
        isSystem: true,
        isOffline: false,
        isReadOnly: false,
        partitions,
      },
    ],
    winre: {
      status: state === 'enabled' ? 'Enabled' : 'Disabled',
      ...(state === 'enabled'
        ? { location: { diskUniqueId: 'eui.0025388b91b2c7a1', partitionOffset: recOffset } }
        : {}),
      bcdId: '57bbe585-98c6-11ee-931f-e7071dc38554',
      version: '10.0.19041.3920',
    },
    reagentc: {
      outputLanguage: options.language ?? 'en-US',
      showsVersionLine: options.showsVersionLine ?? false,
      versionLineWhenDisabled: options.versionLineWhenDisabled ?? false,
      statusLinesOnStderr: true,
    },
    deviceEncryption: { enabled: false },
    updateHistory: [
      {
        title: '2024-01 Security Update for Windows 10 Version 22H2 for x64-based Systems (KB5034441)',
        date: '2024-01-10T03:12:00Z',
        resultCode: 4,
        hresult: -2147023293,
      },
      {
        title: '2024-01 Cumulative Update for Windows 10 Version 22H2 for x64-based Systems (KB5034122)',
        date: '2024-01-10T03:40:00Z',
        resultCode: 2,
        hresult: 0,
      },
    ],
    events: [
      {
        logName: 'System',
        providerName: 'Microsoft-Windows-WinREAgent',
        id: 4502,
        level: 2,
        timeCreated: '2024-01-10T03:11:00Z',
        message: 'Windows Recovery Environment servicing failed.',
        properties: [2, -2147024784],
      },
      {
        logName: 'System',
        providerName: 'Microsoft-Windows-WindowsUpdateClient',
        id: 20,
        level: 2,
        timeCreated: '2024-01-10T03:12:00Z',
        message:
          'Installation Failure: Windows failed to install the following update with error 0x80070643: 2024-01 Security Update for Windows 10 Version 22H2 for x64-based Systems (KB5034441).',
        properties: [
          '0x80070643',
          '2024-01 Security Update for Windows 10 Version 22H2 for x64-based Systems (KB5034441)',
        ],
      },
    ],
    faults: [],
    trace: { mutations: 0, calls: {}, boots: 0, log: [] },
  };
}

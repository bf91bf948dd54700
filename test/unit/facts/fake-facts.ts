/**
 * An in-memory ScriptRunner for the assembler's unit tests: it answers the fact scripts with canned outputs and,
 * like PowerShellScriptRunner, validates each answer against the script's own schema first (so a canned output
 * cannot drift from the contract), and refuses mutating verbs when read-only.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMutating, schemaNameOf } from '../../../src/adapters/powershell/script-runner';
import type { ScriptRunner } from '../../../src/contracts/script-runner';
import type { GetBitLockerStatusOutput } from '../../../src/contracts/generated/get-bit-locker-status';
import type { GetDiskLayoutOutput } from '../../../src/contracts/generated/get-disk-layout';
import type { GetOsFactsOutput } from '../../../src/contracts/generated/get-os-facts';
import type { GetUpdateFailureEvidenceOutput } from '../../../src/contracts/generated/get-update-failure-evidence';
import type { GetWinReStatusOutput } from '../../../src/contracts/generated/get-win-re-status';
import { wimInfo } from '../../builders/snapshot-builder';
export { wimInfo };
import { ScriptForbiddenError } from '../../../src/errors';
import { assertValid } from '../../../src/schemas/validators';
import { GPT_TYPE } from '../../../src/domain/gpt-types';

export interface FactOutputs {
  'Get-OsFacts': GetOsFactsOutput;
  'Get-DiskLayout': GetDiskLayoutOutput;
  'Get-WinReStatus': GetWinReStatusOutput;
  'Get-BitLockerStatus': GetBitLockerStatusOutput;
  'Get-UpdateFailureEvidence': GetUpdateFailureEvidenceOutput;
}

export class FakeFactRunner implements ScriptRunner {
  readonly invoked: string[] = [];
  readonly params: Record<string, unknown>[] = [];
  constructor(
    private readonly outputs: FactOutputs,
    private readonly readOnly = true,
  ) {}

  async run<T>(script: string, params: Record<string, unknown> = {}): Promise<T> {
    if (this.readOnly && isMutating(script)) throw new ScriptForbiddenError(`${script} refused`);
    this.invoked.push(script);
    this.params.push(params);
    const out = (this.outputs as unknown as Record<string, unknown>)[script];
    if (out === undefined) throw new Error(`no canned output for ${script}`);
    return Promise.resolve(assertValid<T>(schemaNameOf(script), structuredClone(out), script));
  }
}

export function transcript(file: string): string[] {
  const lines = fs
    .readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'transcripts', file), 'utf8')
    .split('\n');
  while (lines.length > 0 && lines[0]!.startsWith('# ')) lines.shift();
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;
export const HASH_A = 'A'.repeat(64);
const REAGENT_XML = `\ufeff<?xml version='1.0' encoding='utf-8'?>

<WindowsRE version="2.0">
  <WinreBCD id="{8e73986c-289e-11f0-bf53-a4d06eada308}"/>
  <WinreLocation path="\\Recovery\\WindowsRE" id="0" offset="${127 * GiB}" guid="{eb87a94f-3d4a-403a-8713-f1c5f7a1fab2}"/>
  <InstallState state="1"/>
</WindowsRE>
`;

/** Windows Server 2025-like GPT disk, WinRE enabled on partition 4 at the end (docs/reference/transcripts.md#e3-windows-server-2025-core-disable-and-enable-cycle). */
export function enabledMachine(): FactOutputs {
  const vol = (guid: string, fs: string, size: number, free: number) => ({
    path: `\\\\?\\Volume{${guid}}\\`,
    fileSystem: fs,
    label: '',
    size,
    sizeRemaining: free,
    healthStatus: 'Healthy',
    dirty: false,
  });
  const cSize = 127 * GiB - 117 * MiB;
  return {
    'Get-OsFacts': {
      computerName: 'SERVER-01',
      caption: 'Microsoft Windows Server 2025 Standard',
      edition: 'ServerStandard',
      build: 26100,
      ubr: 1150,
      displayVersion: '24H2',
      uiLanguage: 'en-US',
      systemDrive: 'C:',
      isElevated: true,
      isServerCore: true,
      imageState: 'IMAGE_STATE_COMPLETE',
      pendingRebootReasons: [],
      deviceIds: { smbiosUuid: null, machineGuid: null, intuneDeviceId: null, configMgrClientId: null },
    },
    'Get-DiskLayout': {
      elevated: true,
      dirtyBitSource: 'Win32_Volume',
      disks: [
        {
          number: 0,
          uniqueId: 'SCSI\\DISK&VEN_VMWARE&PROD_VIRTUAL_DISK\\5&1982005&0&000000:server-01',
          guid: '{eb87a94f-3d4a-403a-8713-f1c5f7a1fab2}',
          signature: null,
          partitionStyle: 'GPT',
          size: 128 * GiB,
          logicalSectorSize: 512,
          busType: 'SAS',
          friendlyName: 'VMware Virtual disk',
          isBoot: true,
          isSystem: true,
          isOffline: false,
          isReadOnly: false,
          isDynamic: false,
          largestFreeExtent: 0,
          partitions: [
            {
              number: 1,
              offset: MiB,
              size: 100 * MiB,
              type: 'System',
              gptType: GPT_TYPE.esp,
              mbrType: null,
              guid: '{11111111-1111-1111-1111-111111111111}',
              driveLetter: null,
              accessPaths: ['\\\\?\\Volume{11111111-1111-1111-1111-111111111111}\\'],
              isBoot: false,
              isSystem: true,
              isActive: false,
              isHidden: false,
              gptAttributes: null,
              supportedSize: { min: 100 * MiB, max: 100 * MiB },
              volume: vol('11111111-1111-1111-1111-111111111111', 'FAT32', 100 * MiB, 70 * MiB),
            },
            {
              number: 2,
              offset: 101 * MiB,
              size: 16 * MiB,
              type: 'Reserved',
              gptType: GPT_TYPE.msr,
              mbrType: null,
              guid: '{22222222-2222-2222-2222-222222222222}',
              driveLetter: null,
              accessPaths: [],
              isBoot: false,
              isSystem: false,
              isActive: false,
              isHidden: false,
              gptAttributes: null,
              supportedSize: null,
              volume: null,
            },
            {
              number: 3,
              offset: 117 * MiB,
              size: cSize,
              type: 'Basic',
              gptType: GPT_TYPE.basic,
              mbrType: null,
              guid: '{33333333-3333-3333-3333-333333333333}',
              driveLetter: 'C',
              accessPaths: ['C:\\', '\\\\?\\Volume{33333333-3333-3333-3333-333333333333}\\'],
              isBoot: true,
              isSystem: false,
              isActive: false,
              isHidden: false,
              gptAttributes: null,
              supportedSize: { min: 40 * GiB, max: cSize },
              volume: vol('33333333-3333-3333-3333-333333333333', 'NTFS', cSize, 60 * GiB),
            },
            {
              number: 4,
              offset: 127 * GiB,
              size: 674 * MiB,
              type: 'Recovery',
              gptType: GPT_TYPE.recovery,
              mbrType: null,
              guid: '{44444444-4444-4444-4444-444444444444}',
              driveLetter: null,
              accessPaths: ['\\\\?\\Volume{44444444-4444-4444-4444-444444444444}\\'],
              isBoot: false,
              isSystem: false,
              isActive: false,
              isHidden: true,
              gptAttributes: '0x8000000000000001',
              supportedSize: { min: 600 * MiB, max: 674 * MiB },
              volume: vol('44444444-4444-4444-4444-444444444444', 'NTFS', 670 * MiB, 90 * MiB),
            },
          ],
        },
      ],
    },
    'Get-WinReStatus': {
      reagentc: {
        exitCode: 0,
        stdout: transcript('en-US-26100-server2025-enabled-partition4.txt').filter(
          (l) => !l.startsWith('REAGENTC.EXE'),
        ),
        stderr: ['REAGENTC.EXE: Operation Successful.'],
      },
      reagentXml: { path: 'C:\\Windows\\System32\\Recovery\\ReAgent.xml', present: true, text: REAGENT_XML },
      registry: {
        winreLocation: '\\\\?\\GLOBALROOT\\device\\harddisk0\\partition4\\Recovery\\WindowsRE',
        winreVersion: '10.0.26100.1150',
      },
      stagedImage: {
        path: 'C:\\Windows\\System32\\Recovery\\Winre.wim',
        present: false,
        size: null,
        sha256: null,
      },
      activeImage: {
        path: '\\\\?\\GLOBALROOT\\device\\harddisk0\\partition4\\Recovery\\WindowsRE\\Winre.wim',
        present: true,
        size: 580 * MiB,
        sha256: HASH_A,
        wim: wimInfo('10.0.26100.1150'),
      },
    },
    'Get-BitLockerStatus': {
      available: true,
      diskNumber: 0,
      volumes: [
        {
          mountPoint: 'C:',
          volumeStatus: 1,
          protectionStatus: 1,
          lockStatus: 0,
          encryptionPercentage: 100,
          keyProtectors: ['Tpm', 'RecoveryPassword'],
        },
      ],
      unreadable: [],
    },
    'Get-UpdateFailureEvidence': {
      historyCount: 12,
      failedUpdates: [
        {
          title:
            '2024-01 Security Update for Microsoft server operating system version 21H2 for x64-based Systems (KB5034439)',
          date: '2024-01-10T03:12:00.000Z',
          resultCode: 4,
          hresult: -2147023293,
        },
      ],
      winreAgentEvents: [
        {
          id: 4502,
          timeCreated: '2024-01-10T03:11:58.000Z',
          message: 'Windows Recovery Environment servicing failed.',
          errorPhase: 2,
          errorCode: null,
        },
      ],
      updateClientEvents: [
        {
          id: 20,
          timeCreated: '2024-01-10T03:12:01.000Z',
          title:
            '2024-01 Security Update for Microsoft server operating system version 21H2 for x64-based Systems (KB5034439)',
          errorCode: '0x80070643',
        },
        {
          id: 20,
          timeCreated: '2024-01-09T01:00:00.000Z',
          title: '2024-01 Security Update for Windows 10 Version 22H2 for x64-based Systems (KB5034441)',
          errorCode: '0x80070643',
        },
      ],
      errors: [],
    },
  };
}

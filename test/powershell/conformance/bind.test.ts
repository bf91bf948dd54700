/**
 * Conformance suite, lane sim-bind (issue 13 items 2 and 6, and the BitLocker key protector bullet of item 8):
 * scripts written here in the idioms of published admin scripts (test/powershell/conformance/scripts/bind-*.ps1)
 * run through real pwsh on the simulated PC and must see what Windows shows them.
 *
 *  - Pipeline / object binding as the Storage module's CDXML definitions declare it ("Accept pipeline input" on each
 *    cmdlet page of https://learn.microsoft.com/powershell/module/storage/).
 *  - Get-PhysicalDisk (https://learn.microsoft.com/powershell/module/storage/get-physicaldisk,
 *    https://learn.microsoft.com/windows-hardware/drivers/storage/msft-physicaldisk).
 *  - Get-CimInstance / Get-WmiObject / Invoke-CimMethod: Win32_EncryptableVolume
 *    (https://learn.microsoft.com/windows/win32/secprov/win32-encryptablevolume), Win32_DiskPartition
 *    (https://learn.microsoft.com/windows/win32/cimwin32prov/win32-diskpartition), the Storage namespace, and
 *    WBEM_E_INVALID_CLASS for an unknown class (https://learn.microsoft.com/windows/win32/wmisdk/wmi-error-constants).
 *  - The environment of a SYSTEM process (simulator/50-System.ps1 cites the sources).
 *  - BitLocker names (https://learn.microsoft.com/powershell/module/bitlocker/).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixturePath, openSimHarness, type SimHarness, type SnippetResult } from '../../support/harness';
import { projectRoot } from '../../../src/project-root';
import type { SimulatedMachine } from '../../../src/contracts/generated/simulated-machine';

jest.setTimeout(120_000);

const RECOVERY = '{de94bba4-06d1-4d40-a16a-bfd50179d6ac}';

function scriptPath(name: string): string {
  return path.join(projectRoot(), 'test', 'powershell', 'conformance', 'scripts', `bind-${name}.ps1`);
}

/** Runs scripts/bind-<name>.ps1 on a fresh copy of `machine`; returns its one result object and the errors. */
async function runScript(
  name: string,
  machine: string | object,
): Promise<{ result: Record<string, unknown>; errors: SnippetResult['errors']; h: SimHarness }> {
  const h = openSimHarness(machine);
  try {
    const r = await h.snippet(`& '${scriptPath(name).replace(/'/g, "''")}'`);
    expect(r.output).toHaveLength(1);
    return { result: r.output[0] as Record<string, unknown>, errors: r.errors, h };
  } catch (e) {
    await h.dispose();
    throw e;
  }
}

async function conform(
  name: string,
  machine: string | object,
): Promise<{ result: Record<string, unknown>; errors: SnippetResult['errors'] }> {
  const { result, errors, h } = await runScript(name, machine);
  await h.dispose();
  return { result, errors };
}

test('the KB5028997 flow written with pipelines binds every object as Windows does, and $Error stays empty', async () => {
  const { result, errors } = await conform('kb5028997-pipeline', 'win11-gpt-small-winre-en');
  expect(errors).toEqual([]);
  expect(result).toEqual({
    osDisk: 0,
    recoveryNumber: 4,
    // Get-Disk -Number 0 | Get-Partition -PartitionNumber 4: the disk's DiskNumber binds -DiskNumber by property
    // name (Get-Partition page: -DiskNumber "Accept pipeline input: True (ByPropertyName)").
    sameByNumber: 4,
    sizeMaxIsSize: true,
    osVolumeLetter: 'C',
    backToPartition: 3,
    errorsAfterShrink: 0,
    shrunkBy: 250 * 1024 * 1024,
    newLabel: 'Windows RE tools',
    newType: 'Recovery',
    newHasLetter: true,
    errors: 0,
  });
});

test('the same objects given by parameter (-Disk, -Volume, -Partition, -InputObject) bind as piped ones', async () => {
  const { result, errors } = await conform('object-parameters', 'win10-gpt-free-after-winre');
  expect(errors).toEqual([]);
  expect(result).toEqual({
    byDisk: [1, 2, 3, 4],
    byVolume: 3,
    diskByPartition: 0,
    volumeByPart: 'C',
    sizeByInput: true,
    diskPipedSize: true,
    newByInput: 'Basic',
  });
});

test('an object of the wrong CIM class fails parameter binding with PowerShell binder text', async () => {
  const { result } = await conform('wrong-type', 'win11-gpt-small-winre-en');
  // The binder's own messages: nothing takes an MSFT_Disk from the pipeline in Resize-Partition; by name, the
  // PSTypeName the CDXML parameter declares does not match.
  expect(result).toEqual({
    diskIntoResize:
      'InputObjectNotBound,Resize-Partition | The input object cannot be bound to any parameters for the command either because the command does not take pipeline input or the input and its properties do not match any of the parameters that take pipeline input.',
    volumeAsDisk:
      "MismatchedPSTypeName,Get-Partition | Cannot bind argument to parameter 'Disk', because PSTypeNames of the argument do not match the PSTypeName required by the parameter: Microsoft.Management.Infrastructure.CimInstance#MSFT_Disk.",
    diskAsInputObject:
      "MismatchedPSTypeName,Remove-Partition | Cannot bind argument to parameter 'InputObject', because PSTypeNames of the argument do not match the PSTypeName required by the parameter: Microsoft.Management.Infrastructure.CimInstance#MSFT_Partition.",
    handMade:
      "MismatchedPSTypeName,Get-Volume | Cannot bind argument to parameter 'Partition', because PSTypeNames of the argument do not match the PSTypeName required by the parameter: Microsoft.Management.Infrastructure.CimInstance#MSFT_Partition.",
    // Nothing was removed by the refused Remove-Partition.
    diskCount: 4,
  });
});

test('Get-PhysicalDisk answers the health / media checks fleet scripts make, from the machine file', async () => {
  const machine = JSON.parse(
    fs.readFileSync(fixturePath('win11-gpt-small-winre-en'), 'utf8'),
  ) as SimulatedMachine;
  machine.disks[0]!.serialNumber = '0025_3881_0B5A_1D2E.';
  const { result, errors } = await conform('physicaldisk', machine);
  // Only the not-found error the script catches (a caught error stays in $Error, as on Windows).
  expect(errors).toEqual([
    expect.objectContaining({
      fullyQualifiedErrorId: 'CmdletizationQuery_NotFound_FriendlyName,Get-PhysicalDisk',
    }),
  ]);
  expect(result).toEqual({
    count: 1,
    deviceId: '0',
    name: 'SAMSUNG MZVL2512HCJQ-00B00',
    mediaType: 'SSD',
    busType: 'NVMe',
    health: 'Healthy',
    operational: 'OK',
    serial: '0025_3881_0B5A_1D2E.',
    sizeMatches: true,
    healthy: true,
    ssdCount: 1,
    missing:
      "No MSFT_PhysicalDisk objects found with property 'FriendlyName' equal to 'No such disk'.  Verify the value of the property and retry.",
  });
});

test('a disk declared HDD and Warning in the machine file shows so in Get-PhysicalDisk and Get-Disk', async () => {
  const machine = JSON.parse(
    fs.readFileSync(fixturePath('win11-gpt-small-winre-en'), 'utf8'),
  ) as SimulatedMachine;
  machine.disks[0]!.mediaType = 'HDD';
  machine.disks[0]!.healthStatus = 'Warning';
  const { result } = await conform('physicaldisk', machine);
  expect(result).toMatchObject({
    mediaType: 'HDD',
    health: 'Warning',
    operational: 'Degraded',
    healthy: false,
    ssdCount: 0,
  });
});

test('Win32_EncryptableVolume, Win32_DiskPartition and the Storage namespace through Get-CimInstance and Get-WmiObject', async () => {
  const { result } = await conform('cim', 'win11-bitlocker-tpm');
  expect(result).toEqual({
    protection: 1,
    conversion: 1,
    method: 6,
    methodResult: 1,
    returnValue: 0,
    wmiConversion: 1,
    wmiPercent: 100,
    // GetKeyProtectorType numbering: 1 TPM, 3 numerical password.
    protectorTypes: [1, 3],
    // 0-based Index, "Disk #0, Partition #<Index>", the MSR not listed, the recovery partition 'GPT: Unknown'.
    partitions: [
      { name: 'Disk #0, Partition #0', index: 0, type: 'GPT: System', bootable: true, primary: true },
      { name: 'Disk #0, Partition #1', index: 1, type: 'GPT: Basic Data', bootable: false, primary: true },
      { name: 'Disk #0, Partition #2', index: 2, type: 'GPT: Unknown', bootable: false, primary: true },
    ],
    storageLetter: 'C',
    diskCount: 1,
    queryDevice: 'C:',
    invalid:
      'HRESULT 0x80041010,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand | Invalid class ',
    // A real class the simulator does not model stops the script: never the Linux host's answer.
    notSimulated: 'Simulator: Get-CimInstance of root/cimv2:Win32_BIOS is not simulated.',
  });
});

test('Win32_EncryptableVolume is for administrators: Access denied when not elevated', async () => {
  const h = openSimHarness('win11-not-elevated');
  try {
    const r = await h.snippet(
      "@(Get-CimInstance -Namespace 'root/cimv2/Security/MicrosoftVolumeEncryption' -ClassName Win32_EncryptableVolume -ErrorAction SilentlyContinue).Count",
    );
    expect(r.output).toEqual([0]);
    expect(r.errors).toEqual([
      expect.objectContaining({
        message: 'Access denied ',
        fullyQualifiedErrorId:
          'HRESULT 0x80041003,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand',
        category: 'PermissionDenied',
      }),
    ]);
  } finally {
    await h.dispose();
  }
});

test('the environment is a SYSTEM process on Windows, whatever casing the script writes', async () => {
  const { result, errors } = await conform('env', 'win11-bitlocker-tpm');
  expect(errors).toEqual([]);
  const windows = 'C:\\Windows';
  expect(result).toEqual({
    TEMP: `${windows}\\TEMP`,
    tmpLower: `${windows}\\TEMP`,
    TempMixed: `${windows}\\TEMP`,
    ProgramData: 'C:\\ProgramData',
    PROGRAMDATAUpper: 'C:\\ProgramData',
    ALLUSERSPROFILE: 'C:\\ProgramData',
    ProgramFiles: 'C:\\Program Files',
    ProgramFilesX86: 'C:\\Program Files (x86)',
    SystemDrive: 'C:',
    systemroot: windows,
    windir: windows,
    WINDIRUpper: windows,
    COMPUTERNAME: 'DESKTOP-6B1AHSP',
    USERNAME: 'DESKTOP-6B1AHSP$',
    USERPROFILE: `${windows}\\system32\\config\\systemprofile`,
    LOCALAPPDATA: `${windows}\\system32\\config\\systemprofile\\AppData\\Local`,
    expanded: 'C:\\ProgramData\\winre-fix',
    // The stand-in [System.Environment] of simulator/55-DotNet.ps1 (docs/simulation-windows.md ".NET calls").
    systemDirectory: `${windows}\\system32`,
  });
});

test('BitLocker prints and compares key protectors and states by name, JSON keeps the numbers', async () => {
  const { result, errors } = await conform('bitlocker', 'win11-bitlocker-tpm');
  expect(errors).toEqual([]);
  expect(result).toMatchObject({
    protectionOn: true,
    status: 'FullyEncrypted',
    method: 'XtsAes128',
    volumeType: 'OperatingSystem',
    listView: 'KeyProtector : {Tpm, RecoveryPassword}',
    types: ['Tpm', 'RecoveryPassword'],
    numbers: [1, 3],
    tpmCount: 1,
    json: '{"KeyProtectorType":1}',
  });
  expect(result['recoveryPassword']).toMatch(/^(\d{6}-){7}\d{6}$/);
});

test('key protectors given in the machine file with their id and recovery password are what scripts read', async () => {
  const machine = JSON.parse(fs.readFileSync(fixturePath('win11-bitlocker-tpm'), 'utf8')) as SimulatedMachine;
  const c = machine.disks[0]!.partitions.find((p) => p.driveLetter === 'C')!;
  const id = '{8A696888-99A7-4FAC-92C7-6CC497EA7BDF}';
  const password = '254793-568007-425557-712855-251119-474815-445082-696212';
  c.volume!.bitLocker!.keyProtectors = [
    'TpmPin',
    { type: 'RecoveryPassword', id, recoveryPassword: password },
  ];
  const { result } = await conform('bitlocker', machine);
  expect(result).toMatchObject({
    listView: 'KeyProtector : {TpmPin, RecoveryPassword}',
    types: ['TpmPin', 'RecoveryPassword'],
    numbers: [4, 3],
    recoveryId: id,
    recoveryPassword: password,
    tpmCount: 0,
  });
});

test('the recovery partition type the pipeline flow creates is the one the flow asked for', async () => {
  // Guards the fixture assumption of the first test: the new partition is typed recovery on the same disk.
  const { h } = await runScript('kb5028997-pipeline', 'win11-gpt-small-winre-en');
  try {
    const m = h.machine<SimulatedMachine>();
    const types = m.disks[0]!.partitions.map((p) => p.gptType);
    expect(types.filter((t) => t === RECOVERY)).toHaveLength(1);
  } finally {
    await h.dispose();
  }
});

describe('binding details the CDXML definitions declare', () => {
  let h: SimHarness;
  beforeAll(() => {
    h = openSimHarness('win10-gpt-free-after-winre');
  });
  afterAll(async () => {
    await h.dispose();
  });

  test('a disk piped into Resize-Partition with -PartitionNumber binds its DiskNumber (ByNumber set)', async () => {
    const r = await h.snippet(
      '$c = Get-Partition -DriveLetter C; Get-Disk -Number 0 | Resize-Partition -PartitionNumber $c.PartitionNumber -Size ($c.Size - 100MB); ' +
        '[uint64]$c.Size - [uint64](Get-Partition -DriveLetter C).Size',
    );
    expect(r.errors).toEqual([]);
    expect(r.output).toEqual([100 * 1024 * 1024]);
  });

  test('Set-Partition: -NewDriveLetter and an attribute are in different parameter sets, so they do not bind together', async () => {
    const r = await h.snippet(
      "try { Get-Partition -DriveLetter C | Set-Partition -NewDriveLetter Q -IsHidden $true -ErrorAction Stop; 'bound' } catch { $_.FullyQualifiedErrorId }",
    );
    expect(r.output).toEqual(['AmbiguousParameterSet,Set-Partition']);
  });

  test('array parameters address several partitions in one call, each not-found value with its own error', async () => {
    const r = await h.snippet(
      '@(Get-PartitionSupportedSize -DiskNumber 0 -PartitionNumber 3, 4, 9 -ErrorAction SilentlyContinue).Count',
    );
    expect(r.output).toEqual([2]);
    expect(r.errors).toEqual([
      expect.objectContaining({
        fullyQualifiedErrorId: 'CmdletizationQuery_NotFound_PartitionNumber,Get-PartitionSupportedSize',
      }),
    ]);
  });
});

/**
 * Simulated OS facts, BitLocker and files through real pwsh: Get-WinEvent (4502 and the no-match error), Windows
 * Update history through the COM shadow, registry and Win32_OperatingSystem, Test-WinReFixElevated,
 * Get-BitLockerVolume / Suspend-BitLocker, simulated files and pass-through of real paths.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openSimHarness, type SimHarness } from '../../support/harness';
import type { SimulatedMachine } from '../../../src/contracts/generated/simulated-machine';
import { encrypted, gptMachine, WIM_SHA } from './system-machines';

jest.setTimeout(120_000);

let h: SimHarness;
beforeAll(() => {
  const m = gptMachine({ osBitLocker: encrypted });
  m.os.pendingRebootReasons = ['CBS RebootPending'];
  m.registry = { 'HKLM:\\SOFTWARE\\Contoso': { Ring: 'pilot', Build: 7 } };
  h = openSimHarness(m);
});
afterAll(async () => {
  await h.dispose();
});

test('Get-WinEvent finds the WinREAgent 4502 with its ErrorPhase property', async () => {
  const r = await h.snippet(
    "Get-WinEvent -FilterHashtable @{ LogName = 'System'; ProviderName = 'Microsoft-Windows-WinREAgent'; Id = 4502 } | " +
      'ForEach-Object { [ordered]@{ id = $_.Id; level = $_.LevelDisplayName; message = $_.Message; phase = $_.Properties[0].Value; provider = $_.ProviderName } }',
  );
  expect(r.errors).toEqual([]);
  expect(r.output).toEqual([
    {
      id: 4502,
      level: 'Error',
      message: 'Windows Recovery Environment servicing failed.',
      phase: 2,
      provider: 'Microsoft-Windows-WinREAgent',
    },
  ]);
});

test('Get-WinEvent with no match writes the real non-terminating error', async () => {
  const r = await h.snippet(
    "$x = @(Get-WinEvent -FilterHashtable @{ LogName = 'System'; Id = 4501 } -ErrorAction SilentlyContinue); $x.Count",
  );
  expect(r.output).toEqual([0]);
  expect(r.errors).toEqual([
    expect.objectContaining({
      message: 'No events were found that match the specified selection criteria.',
      fullyQualifiedErrorId: 'NoMatchingEventsFound,Microsoft.PowerShell.Commands.GetWinEventCommand',
    }),
  ]);
});

test('update history shows the KB5034441 0x80070643 failure (HResult -2147023293), newest first', async () => {
  const r = await h.snippet(
    '$s = (New-Object -ComObject Microsoft.Update.Session).CreateUpdateSearcher(); $n = $s.GetTotalHistoryCount(); ' +
      '$s.QueryHistory(0, $n) | ForEach-Object { [ordered]@{ title = $_.Title; result = $_.ResultCode; hresult = $_.HResult } }',
  );
  expect(r.errors).toEqual([]);
  expect(r.output).toHaveLength(2);
  expect(r.output[1]).toEqual({
    title: '2024-01 Security Update for Windows 10 Version 22H2 for x64-based Systems (KB5034441)',
    result: 4,
    hresult: -2147023293,
  });
});

test('New-Object still builds .NET objects (only the WU COM object is shadowed)', async () => {
  const r = await h.snippet('$l = New-Object System.Collections.Generic.List[string]; $l.GetType().Name');
  expect(r.output).toEqual(['List`1']);
});

test('OS facts: Win32_OperatingSystem, CurrentVersion, ImageState, pending reboot, registry extras', async () => {
  const r = await h.snippet(
    '$os = Get-CimInstance -ClassName Win32_OperatingSystem; ' +
      "$cv = Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion'; " +
      '[ordered]@{ caption = $os.Caption; build = $os.BuildNumber; drive = $os.SystemDrive; ' +
      'ubr = $cv.UBR; type = $cv.InstallationType; edition = $cv.EditionID; ' +
      "state = (Get-ItemPropertyValue -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\State' -Name ImageState); " +
      "cbs = (Test-Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending'); " +
      "wu = (Test-Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired'); " +
      "ring = (Get-ItemProperty 'HKLM:\\SOFTWARE\\Contoso').Ring; " +
      "winre = (Get-ItemProperty 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\WinRE').WinRELocation; " +
      'elevated = (Test-WinReFixElevated) }',
  );
  expect(r.errors).toEqual([]);
  expect(r.output[0]).toEqual({
    caption: 'Microsoft Windows 10 Pro',
    build: '19045',
    drive: 'C:',
    ubr: 3930,
    type: 'Client',
    edition: 'Professional',
    state: 'IMAGE_STATE_COMPLETE',
    cbs: true,
    wu: false,
    ring: 'pilot',
    winre: '\\\\?\\GLOBALROOT\\device\\harddisk0\\partition4\\Recovery\\WindowsRE',
    elevated: true,
  });
});

test('a missing registry value gives the real PSArgumentException text', async () => {
  const r = await h.snippet(
    "Get-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\Session Manager' -Name PendingFileRenameOperations -ErrorAction SilentlyContinue",
  );
  expect(r.output).toEqual([]);
  expect(r.errors[0]).toMatchObject({
    message:
      'Property PendingFileRenameOperations does not exist at path HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Session Manager.',
    fullyQualifiedErrorId:
      'System.Management.Automation.PSArgumentException,Microsoft.PowerShell.Commands.GetItemPropertyCommand',
  });
});

test('Get-BitLockerVolume: numeric enums and protectors; Suspend-BitLocker persists the reboot count', async () => {
  const r = await h.snippet(
    "$v = Get-BitLockerVolume -MountPoint 'C:'; $s = Suspend-BitLocker -MountPoint 'C:' -RebootCount 2; " +
      '[ordered]@{ status = $v.VolumeStatus; protection = $v.ProtectionStatus; type = $v.VolumeType; method = $v.EncryptionMethod; ' +
      'kinds = @($v.KeyProtector | ForEach-Object { $_.KeyProtectorType }); after = $s.ProtectionStatus; ' +
      'all = @(Get-BitLockerVolume | ForEach-Object { $_.MountPoint }) }',
  );
  expect(r.errors).toEqual([]);
  expect(r.output[0]).toEqual({
    status: 1,
    protection: 1,
    type: 0,
    method: 6,
    kinds: [1, 3],
    after: 0,
    all: ['C:', '\\\\?\\Volume{7c2b1b8e-3c3a-4a64-9d59-4b1f6a1c0a04}\\'],
  });
  const bl = h.machine<SimulatedMachine>().disks[0]!.partitions[2]!.volume!.bitLocker!;
  expect(bl).toMatchObject({ protectionStatus: 0, suspendedRebootCount: 2, volumeStatus: 1 });
  const resumed = await h.snippet("(Resume-BitLocker -MountPoint 'C:').ProtectionStatus");
  expect(resumed.output).toEqual([1]);
});

test('files: hidden WIM needs -Force, hash by GLOBALROOT path, copy fails on a full volume', async () => {
  const r = await h.snippet(
    "$p = '\\\\?\\GLOBALROOT\\device\\harddisk0\\partition4\\Recovery\\WindowsRE'; " +
      '[ordered]@{ exists = (Test-Path "$p\\Winre.wim"); plain = @(Get-ChildItem $p).Count; forced = @(Get-ChildItem $p -Force).Count; ' +
      'hash = (Get-FileHash -Path "$p\\Winre.wim" -Algorithm SHA256).Hash }',
  );
  expect(r.errors).toEqual([]);
  expect(r.output[0]).toEqual({ exists: true, plain: 0, forced: 1, hash: WIM_SHA });
  const full = await h.snippet(
    "Copy-Item -Path 'C:\\Windows\\System32\\Recovery\\ReAgent.xml' -Destination 'C:\\' ; " +
      "Copy-Item -Path '\\\\?\\GLOBALROOT\\device\\harddisk0\\partition4\\Recovery\\WindowsRE\\Winre.wim' -Destination '\\\\?\\GLOBALROOT\\device\\harddisk0\\partition1\\' -ErrorAction SilentlyContinue",
  );
  expect(full.errors).toEqual([
    expect.objectContaining({
      message: 'There is not enough space on the disk.',
      exceptionType: 'System.IO.IOException',
      fullyQualifiedErrorId: 'CopyFileInfoItemIOError,Microsoft.PowerShell.Commands.CopyItemCommand',
    }),
  ]);
  const m = h.machine<SimulatedMachine>();
  expect(m.disks[0]!.partitions[2]!.volume!.files.some((f) => f.path === '\\ReAgent.xml')).toBe(true);
});

test('files: New-Item / Set-Content / Get-Content / Remove-Item on C:, pass-through for a real temp file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-fs-'));
  const real = path.join(dir, 'real.txt');
  fs.writeFileSync(real, 'one\ntwo\n');
  try {
    const r = await h.snippet(
      "$null = New-Item -ItemType Directory -Path 'C:\\ProgramData\\WinReFix'; " +
        "'a','b' | Set-Content -Path 'C:\\ProgramData\\WinReFix\\state.txt'; " +
        "$sim = @(Get-Content -Path 'C:\\ProgramData\\WinReFix\\state.txt'); " +
        `$realLines = @(Get-Content -Path '${real}'); ` +
        `'three' | Set-Content -Path '${real}'; ` +
        "Remove-Item -Path 'C:\\ProgramData\\WinReFix' -Recurse; " +
        `[ordered]@{ sim = $sim; real = $realLines; gone = -not (Test-Path 'C:\\ProgramData\\WinReFix'); realExists = (Test-Path '${real}') }`,
    );
    expect(r.errors).toEqual([]);
    expect(r.output[0]).toEqual({ sim: ['a', 'b'], real: ['one', 'two'], gone: true, realExists: true });
    expect(fs.readFileSync(real, 'utf8').trim()).toBe('three');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('Win32_Volume (Get-CimInstance and Get-WmiObject): DeviceID, capacity, free space, dirty bit; -Filter', async () => {
  const r = await h.snippet(
    '$all = @(Get-CimInstance -ClassName Win32_Volume); $c = Get-CimInstance -ClassName Win32_Volume -Filter "DriveLetter = \'C:\'"; ' +
      '[ordered]@{ count = $all.Count; wmi = @(Get-WmiObject Win32_Volume).Count; id = $c.DeviceID; dirty = $c.DirtyBitSet; ' +
      'free = $c.FreeSpace; capacity = $c.Capacity }',
  );
  expect(r.errors).toEqual([]);
  const m = h.machine<SimulatedMachine>();
  const c = m.disks[0]!.partitions[2]!.volume!;
  const listed = c.files.reduce((sum, f) => sum + f.size, 0);
  expect(r.output[0]).toEqual({
    count: 3,
    wmi: 3,
    id: `\\\\?\\Volume${c.guid}\\`,
    dirty: false,
    free: c.size - c.usedBytes - listed,
    capacity: c.size,
  });
});

/**
 * The simulated DISM (simulator/66-Dism.ps1): the Dism module cmdlets, dism.exe and reagentc /mountre, /unmountre on
 * one model - mounts in the machine file, package applicability, the commit that rewrites the WIM (two mutations, so
 * a power cut between them leaves the header write-in-progress), export, mounts surviving a reboot as NeedsRemount.
 * Sources are beside the code; docs/simulation-windows.md "DISM" lists them.
 */
import * as fs from 'node:fs';
import { openSimHarness, reusableHarness, type SimHarness } from '../../support/harness';
import { gptMachine } from './machines';
import { rebootSimulatedMachine } from '../../../src/simulation/reboot';
import type { SimulatedMachine } from '../../../src/contracts/generated/simulated-machine';

jest.setTimeout(300_000);

const MiB = 1024 * 1024;

/**
 * What $LASTEXITCODE shows for a program exiting with `code`: Windows passes the whole exit code (an HRESULT as Int32),
 * Linux only the low 8 bits (the simulated dism.exe is a real process here).
 */
function exitSeen(code: number): number {
  return process.platform === 'win32' ? code | 0 : code & 0xff;
}
const posix = process.platform !== 'win32';
const describePosix = posix ? describe : describe.skip;

/** The KB5028997 layout, a 22621 WinRE (10.0.22621.2428, x64) on its partition and a copy on C:, two packages. */
function machine(edit?: (m: SimulatedMachine) => void): SimulatedMachine {
  const m = gptMachine();
  const c = m.disks[0]!.partitions.find((p) => p.driveLetter === 'C')!.volume!;
  c.files.push(
    {
      path: '\\WinRE\\winre.wim',
      size: 500 * MiB,
      sha256: 'C'.repeat(64),
      wim: { version: '10.0.22621.2428', architecture: 9 },
    },
    {
      path: '\\Updates\\windows11.0-kb5087594-x64.cab',
      size: 80 * MiB,
      sha256: 'D'.repeat(64),
      package: {
        kb: 'KB5087594',
        targetBuild: 22621,
        architecture: 9,
        resultingVersion: '10.0.22621.7077',
        addsBytes: 60 * MiB,
        reclaimableBytes: 90 * MiB,
      },
    },
    {
      path: '\\Updates\\windows10.0-kb5087593-x64.cab',
      size: 70 * MiB,
      sha256: 'E'.repeat(64),
      package: {
        kb: 'KB5087593',
        targetBuild: 19041,
        architecture: 9,
        resultingVersion: '10.0.19041.6456',
        addsBytes: 50 * MiB,
      },
    },
  );
  c.directories = ['\\Mount'];
  edit?.(m);
  return m;
}

const reusable = reusableHarness();
const open = (m: SimulatedMachine): SimHarness => reusable.open(m);
afterAll(() => reusable.dispose());

async function run(
  code: string,
  m?: SimulatedMachine,
): Promise<{ out: Record<string, unknown>; h: SimHarness }> {
  const hh = m ? open(m) : reusable.current();
  const res = await hh.snippet(code);
  expect(res.errors).toEqual([]);
  expect(res.output).toHaveLength(1);
  return { out: res.output[0] as Record<string, unknown>, h: hh };
}

function cFiles(
  m: SimulatedMachine,
): { path: string; size: number; sha256: string; wim?: { version?: string; writeInProgress?: boolean } }[] {
  return m.disks[0]!.partitions.find((p) => p.driveLetter === 'C')!.volume!.files;
}

describePosix('the Dism module cmdlets', () => {
  test('mount, add the matching package, save: the WIM grows, gets the package version and a new hash; the folder is empty again', async () => {
    const { out, h: hh } = await run(
      `
      $mount = Mount-WindowsImage -ImagePath 'C:\\WinRE\\winre.wim' -Index 1 -Path 'C:\\Mount'
      $during = @(Get-ChildItem 'C:\\Mount').Count
      $mounted = @(Get-WindowsImage -Mounted)
      $null = Add-WindowsPackage -Path 'C:\\Mount' -PackagePath 'C:\\Updates\\windows11.0-kb5087594-x64.cab'
      $before = (Get-WindowsImage -ImagePath 'C:\\WinRE\\winre.wim' -Index 1).Version
      $null = Dismount-WindowsImage -Path 'C:\\Mount' -Save
      $after = Get-WindowsImage -ImagePath 'C:\\WinRE\\winre.wim' -Index 1
      [pscustomobject]@{
        mountPath = $mount.Path; during = $during; count = $mounted.Count; status = [string]$mounted[0].MountStatus
        mode = [string]$mounted[0].MountMode; imagePath = $mounted[0].ImagePath; before = $before
        after = $after.Version; spBuild = $after.SPBuild; arch = $after.Architecture
        left = @(Get-ChildItem 'C:\\Mount').Count; mountedAfter = @(Get-WindowsImage -Mounted).Count
      }`,
      machine(),
    );
    expect(out).toMatchObject({
      mountPath: 'C:\\Mount',
      count: 1,
      status: 'Ok',
      mode: 'ReadWrite',
      imagePath: 'C:\\WinRE\\winre.wim',
      before: '10.0.22621.2428', // the WIM keeps its version until the commit
      after: '10.0.22621.7077',
      spBuild: 7077,
      arch: 9,
      left: 0,
      mountedAfter: 0,
    });
    expect(Number(out['during'])).toBeGreaterThan(0); // a mounted folder is not empty
    const wim = cFiles(hh.machine<SimulatedMachine>()).find((f) => f.path === '\\WinRE\\winre.wim')!;
    expect(wim.size).toBe(560 * MiB);
    expect(wim.sha256).not.toBe('C'.repeat(64));
    expect(wim.wim?.writeInProgress).toBeUndefined();
  });

  test('a wrong-family package: 0x800f081e "not applicable", a terminating COMException, nothing changes', async () => {
    const res = await open(machine()).snippet(`
      $null = Mount-WindowsImage -ImagePath 'C:\\WinRE\\winre.wim' -Index 1 -Path 'C:\\Mount'
      try { Add-WindowsPackage -Path 'C:\\Mount' -PackagePath 'C:\\Updates\\windows10.0-kb5087593-x64.cab'; $caught = $null } catch { $caught = $_ }
      $null = Dismount-WindowsImage -Path 'C:\\Mount' -Discard
      [pscustomobject]@{ message = $caught.Exception.Message; hresult = $caught.Exception.HResult; type = $caught.Exception.GetType().FullName
        id = $caught.FullyQualifiedErrorId; version = (Get-WindowsImage -ImagePath 'C:\\WinRE\\winre.wim' -Index 1).Version }`);
    expect(res.output[0]).toMatchObject({
      message: 'The specified package is not applicable to this image.',
      hresult: 0x800f081e | 0, // an Int32, as COMException.HResult
      type: 'System.Runtime.InteropServices.COMException',
      version: '10.0.22621.2428',
    });
    expect((res.output[0] as { id: string }).id).toMatch(
      /^Microsoft\.Dism\.Commands\.AddWindowsPackageCommand(,|$)/,
    );
    const wim = cFiles(reusable.current().machine<SimulatedMachine>()).find(
      (f) => f.path === '\\WinRE\\winre.wim',
    )!;
    expect(wim.sha256).toBe('C'.repeat(64));
  });

  test('a second read-write mount of the same WIM: 0xc1420127; into a non-empty folder: 0xc1420116', async () => {
    const res = await open(
      machine((m) => {
        cFiles(m).push({ path: '\\Busy\\leftover.txt', size: 10, sha256: 'F'.repeat(64) });
        m.disks[0]!.partitions.find((p) => p.driveLetter === 'C')!.volume!.directories = [
          '\\Mount',
          '\\Mount2',
        ];
      }),
    ).snippet(`
      $null = Mount-WindowsImage -ImagePath 'C:\\WinRE\\winre.wim' -Index 1 -Path 'C:\\Mount'
      try { $null = Mount-WindowsImage -ImagePath 'C:\\WinRE\\winre.wim' -Index 1 -Path 'C:\\Mount2'; $a = 'none' } catch { $a = '0x{0:x8}' -f $_.Exception.HResult }
      $null = Dismount-WindowsImage -Path 'C:\\Mount' -Discard
      try { $null = Mount-WindowsImage -ImagePath 'C:\\WinRE\\winre.wim' -Index 1 -Path 'C:\\Busy'; $b = 'none' } catch { $b = '0x{0:x8}' -f $_.Exception.HResult }
      [pscustomobject]@{ again = $a; notEmpty = $b; mounts = @(Get-WindowsImage -Mounted).Count }`);
    // Both caught errors are in $Error too, as PowerShell keeps caught errors there.
    expect(res.errors.map((e) => e.exceptionType)).toEqual(
      Array(2).fill('System.Runtime.InteropServices.COMException'),
    );
    expect(res.output[0]).toEqual({ again: '0xc1420127', notEmpty: '0xc1420116', mounts: 0 });
  });

  test('ResetBase then export: the exported WIM is smaller by the reclaimable bytes, same version, new file', async () => {
    const { out, h: hh } = await run(
      `
      $null = Mount-WindowsImage -ImagePath 'C:\\WinRE\\winre.wim' -Index 1 -Path 'C:\\Mount'
      $null = Add-WindowsPackage -Path 'C:\\Mount' -PackagePath 'C:\\Updates\\windows11.0-kb5087594-x64.cab'
      $cleanup = & dism.exe /English /Image:C:\\Mount /Cleanup-Image /StartComponentCleanup /ResetBase
      $cleanupCode = $LASTEXITCODE
      $null = Dismount-WindowsImage -Path 'C:\\Mount' -Save
      $null = Export-WindowsImage -SourceImagePath 'C:\\WinRE\\winre.wim' -SourceIndex 1 -DestinationImagePath 'C:\\WinRE\\winre-export.wim' -CompressionType max
      [pscustomobject]@{ cleanupCode = $cleanupCode; cleanupLast = $cleanup[-1]; exported = (Get-WindowsImage -ImagePath 'C:\\WinRE\\winre-export.wim' -Index 1).Version }`,
      machine(),
    );
    expect(out).toEqual({
      cleanupCode: 0,
      cleanupLast: 'The operation completed successfully.',
      exported: '10.0.22621.7077',
    });
    const files = cFiles(hh.machine<SimulatedMachine>());
    const committed = files.find((f) => f.path === '\\WinRE\\winre.wim')!;
    const exported = files.find((f) => f.path === '\\WinRE\\winre-export.wim')!;
    expect(committed.size).toBe(560 * MiB);
    expect(exported.size).toBe(560 * MiB - 90 * MiB);
    expect(exported.sha256).not.toBe(committed.sha256);
  });

  test('not elevated: every cmdlet refuses with "The requested operation requires elevation."', async () => {
    const res = await open(machine((m) => (m.os.isElevated = false))).snippet(
      `try { Get-WindowsImage -Mounted; 'no error' } catch { $_.Exception.Message }`,
    );
    expect(res.output).toEqual(['The requested operation requires elevation.']);
  });
});

describePosix('power cuts and reboots', () => {
  test('a cut between the two writes of a commit leaves the WIM write-in-progress and the mount recorded; after the reboot it needs remounting and the WIM reads as damaged', async () => {
    const m = machine();
    const own = openSimHarness(m);
    try {
      // Mount (1), add (2), commit = write (3) + header (4): cut after 3.
      const cut = await own.snippet(`
        $m = Get-Content -Raw $env:WINREFIX_SIM_MACHINE | ConvertFrom-Json
        $null = Mount-WindowsImage -ImagePath 'C:\\WinRE\\winre.wim' -Index 1 -Path 'C:\\Mount'
        $null = Add-WindowsPackage -Path 'C:\\Mount' -PackagePath 'C:\\Updates\\windows11.0-kb5087594-x64.cab'
        'armed'`);
      expect(cut.errors).toEqual([]);
      const armed = own.machine<SimulatedMachine>();
      armed.powerCut = { atMutation: armed.trace.mutations + 1, phase: 'after' };
      fs.writeFileSync(own.machinePath, JSON.stringify(armed, null, 2));
      await expect(own.snippet(`Dismount-WindowsImage -Path 'C:\\Mount' -Save`)).rejects.toThrow();
      const after = own.machine<SimulatedMachine>();
      expect(after.powerCut?.fired).toBe(true);
      const wim = cFiles(after).find((f) => f.path === '\\WinRE\\winre.wim')!;
      expect(wim.wim?.writeInProgress).toBe(true);
      expect(after.dismMounts).toHaveLength(1);
      delete after.powerCut;
      fs.writeFileSync(own.machinePath, JSON.stringify(after, null, 2));
      await rebootSimulatedMachine(own.machinePath);
      const next = openSimHarness(JSON.parse(fs.readFileSync(own.machinePath, 'utf8')) as object);
      try {
        const res = await next.snippet(`
          try { $null = Get-WindowsImage -ImagePath 'C:\\WinRE\\winre.wim' -Index 1; $get = 'read' } catch { $get = $_.Exception.Message }
          [pscustomobject]@{ status = [string](Get-WindowsImage -Mounted)[0].MountStatus; get = $get }`);
        expect(res.output[0]).toEqual({
          status: 'NeedsRemount',
          get: 'An attempt was made to load a program with an incorrect format.',
        });
      } finally {
        await next.dispose();
      }
    } finally {
      await own.dispose().catch(() => undefined);
    }
  });

  test('a mount survives a reboot as NeedsRemount: servicing refuses, /Cleanup-Mountpoints keeps it (recoverable), /Unmount-Image /Discard ends it', async () => {
    const own = openSimHarness(machine());
    try {
      const first = await own.snippet(
        `$null = Mount-WindowsImage -ImagePath 'C:\\WinRE\\winre.wim' -Index 1 -Path 'C:\\Mount'; 'ok'`,
      );
      expect(first.errors).toEqual([]);
      await own.session.dispose();
    } catch (e) {
      await own.dispose();
      throw e;
    }
    await rebootSimulatedMachine(own.machinePath);
    const again = openSimHarness(JSON.parse(fs.readFileSync(own.machinePath, 'utf8')) as object);
    try {
      const res = await again.snippet(`
        $status = [string](Get-WindowsImage -Mounted)[0].MountStatus
        try { $null = Add-WindowsPackage -Path 'C:\\Mount' -PackagePath 'C:\\Updates\\windows11.0-kb5087594-x64.cab'; $add = 'none' } catch { $add = '0x{0:x8}' -f $_.Exception.HResult }
        $info = & dism.exe /English /Get-MountedImageInfo
        $null = & dism.exe /English /Cleanup-Mountpoints
        $kept = @(Get-WindowsImage -Mounted).Count
        $discard = & dism.exe /English /Unmount-Image /MountDir:C:\\Mount /Discard
        $code = $LASTEXITCODE
        [pscustomobject]@{ status = $status; add = $add; infoStatus = @($info | Where-Object { $_ -like 'Status :*' })[0]
          kept = $kept; code = $code; left = @(Get-WindowsImage -Mounted).Count; folder = @(Get-ChildItem 'C:\\Mount').Count }`);
      expect(res.errors.map((e) => e.message)).toEqual([
        'The specified image needs to be remounted before it can be serviced.',
      ]);
      expect(res.output[0]).toEqual({
        status: 'NeedsRemount',
        add: '0xc1510114',
        infoStatus: 'Status : Needs Remount',
        kept: 1,
        code: 0,
        left: 0,
        folder: 0,
      });
    } finally {
      await again.dispose();
      fs.rmSync(own.machinePath, { force: true });
    }
  });
});

describePosix('dism.exe and reagentc /mountre, /unmountre', () => {
  test('a declared fault fails the call with the named DISM error before anything changes; /Remount-Image brings back a NeedsRemount mount', async () => {
    const { out, h: hh } = await run(
      `
      $null = & dism.exe /English /Mount-Image /ImageFile:C:\\WinRE\\winre.wim /Index:1 /MountDir:C:\\Mount
      $add = & dism.exe /English /Image:C:\\Mount /Add-Package /PackagePath:C:\\Updates\\windows11.0-kb5087594-x64.cab
      $addCode = $LASTEXITCODE
      [pscustomobject]@{ addCode = $addCode; error = @($add | Where-Object { $_ -like 'Error:*' })[0]; text = @($add | Where-Object { $_ -like 'There is*' })[0] }`,
      machine((m) => {
        m.faults = [{ command: 'dism /add-package', onCall: 1, error: 'DiskFull' }];
      }),
    );
    expect(out).toEqual({
      addCode: exitSeen(112),
      error: 'Error: 112',
      text: 'There is not enough space on the disk.',
    });
    const after = hh.machine<SimulatedMachine>();
    expect(after.dismMounts?.[0]?.packages).toEqual([]);
    // A reboot, then /Remount-Image: Ok again, and servicing works.
    after.dismMounts![0]!.status = 'NeedsRemount';
    fs.writeFileSync(hh.machinePath, JSON.stringify(after, null, 2));
    const res = await hh.snippet(`
      $r = & dism.exe /English /Remount-Image /MountDir:C:\\Mount
      $rc = $LASTEXITCODE
      Add-WindowsPackage -Path 'C:\\Mount' -PackagePath 'C:\\Updates\\windows11.0-kb5087594-x64.cab' | Out-Null
      [pscustomobject]@{ rc = $rc; status = [string](Get-WindowsImage -Mounted)[0].MountStatus }`);
    expect(res.errors).toEqual([]);
    expect(res.output[0]).toEqual({ rc: 0, status: 'Ok' });
  });

  test('dism.exe: banner, progress and success lines, exit 0; a wrong-family package prints Error: 0x800f081e and exits with that HRESULT', async () => {
    const { out } = await run(
      `
      $mount = & dism.exe /English /Mount-Image /ImageFile:C:\\WinRE\\winre.wim /Index:1 /MountDir:C:\\Mount
      $mountCode = $LASTEXITCODE
      $wrong = & dism.exe /English /Image:C:\\Mount /Add-Package /PackagePath:C:\\Updates\\windows10.0-kb5087593-x64.cab
      $wrongCode = $LASTEXITCODE
      $info = & dism /English /Get-MountedImageInfo
      $unmount = & DISM.EXE /English /Unmount-Image /MountDir:C:\\Mount /Discard
      $unmountCode = $LASTEXITCODE
      $image = & dism.exe /English /Get-ImageInfo /ImageFile:C:\\WinRE\\winre.wim /Index:1
      $missing = & dism.exe /English /Get-ImageInfo /ImageFile:C:\\WinRE\\nothere.wim
      $missingCode = $LASTEXITCODE
      [pscustomobject]@{ mount = ($mount -join '|'); mountCode = $mountCode; wrong = ($wrong -join '|'); wrongCode = $wrongCode
        info = ($info -join '|'); unmountCode = $unmountCode; unmountLast = $unmount[-1]
        version = @($image | Where-Object { $_ -like 'Version :*' })[0]; spBuild = @($image | Where-Object { $_ -like 'ServicePack Build :*' })[0]
        missing = ($missing -join '|'); missingCode = $missingCode }`,
      machine(),
    );
    expect(out['mount']).toBe(
      '|Deployment Image Servicing and Management tool|Version: 10.0.22621.2861||Mounting image|[==========================100.0%==========================]|The operation completed successfully.',
    );
    expect(out['mountCode']).toBe(0);
    expect(out['wrong']).toBe(
      '|Deployment Image Servicing and Management tool|Version: 10.0.22621.2861||Image Version: 10.0.22621.2428||' +
        'Processing 1 of 1 - Adding package C:\\Updates\\windows10.0-kb5087593-x64.cab|[==========================100.0%==========================]|' +
        'Error: 0x800f081e||The specified package is not applicable to this image.||The DISM log file can be found at C:\\Windows\\Logs\\DISM\\dism.log',
    );
    expect(out['wrongCode']).toBe(exitSeen(0x800f081e));
    expect(out['info']).toContain(
      '|Mounted images:||Mount Dir : C:\\Mount|Image File : C:\\WinRE\\winre.wim|Image Index : 1|Mounted Read/Write : Yes|Status : Ok|',
    );
    expect(out['unmountCode']).toBe(0);
    expect(out['unmountLast']).toBe('The operation completed successfully.');
    expect(out['version']).toBe('Version : 10.0.22621');
    expect(out['spBuild']).toBe('ServicePack Build : 2428');
    // A Win32 error: DISM prints its number and exits with it.
    expect(out['missing']).toContain('|Error: 2||The system cannot find the file specified.|');
    expect(out['missingCode']).toBe(2);
  });

  test('dism.exe not elevated: Error: 740, exit 740', async () => {
    const { out } = await run(
      `$o = & dism.exe /English /Get-MountedImageInfo; [pscustomobject]@{ code = $LASTEXITCODE; text = ($o -join '|') }`,
      machine((m) => (m.os.isElevated = false)),
    );
    expect(out['code']).toBe(exitSeen(740));
    expect(out['text']).toContain(
      '|Error: 740||Elevated permissions are required to run DISM.|Use an elevated command prompt to complete these tasks.|',
    );
  });

  test('reagentc /mountre mounts the active winre.wim by its GLOBALROOT path; /unmountre /commit writes the WinRE partition image in place', async () => {
    const { out, h: hh } = await run(
      `
      $m = & reagentc.exe /mountre /path C:\\Mount 2>&1
      $mountCode = $LASTEXITCODE
      $mounted = (Get-WindowsImage -Mounted)[0]
      $null = & dism.exe /English /Image:C:\\Mount /Add-Package /PackagePath:C:\\Updates\\windows11.0-kb5087594-x64.cab
      $addCode = $LASTEXITCODE
      $u = & reagentc.exe /unmountre /path C:\\Mount /commit 2>&1
      $unmountCode = $LASTEXITCODE
      $loc = ((reagentc.exe /info | Select-String 'Windows RE location') -split ':\\s+', 2)[1].Trim()
      [pscustomobject]@{ mountCode = $mountCode; imagePath = $mounted.ImagePath; addCode = $addCode; unmountCode = $unmountCode
        after = (Get-WindowsImage -ImagePath ($loc + '\\Winre.wim') -Index 1).Version; mounts = @(Get-WindowsImage -Mounted).Count }`,
      machine(),
    );
    expect(out).toEqual({
      mountCode: 0,
      imagePath: '\\\\?\\GLOBALROOT\\device\\harddisk0\\partition4\\Recovery\\WindowsRE\\Winre.wim',
      addCode: 0,
      unmountCode: 0,
      after: '10.0.22621.7077',
      mounts: 0,
    });
    const re = hh.machine<SimulatedMachine>().disks[0]!.partitions.find((p) => p.number === 4)!.volume!
      .files[0]!;
    expect(re.size).toBe(560 * MiB);
    expect(re.wim?.version).toBe('10.0.22621.7077');
  });

  test('reagentc /mountre with WinRE disabled fails and mounts nothing', async () => {
    const { out } = await run(
      `$null = reagentc.exe /disable 2>&1; $o = & reagentc.exe /mountre /path C:\\Mount 2>&1; [pscustomobject]@{ code = $LASTEXITCODE; mounts = @(Get-WindowsImage -Mounted).Count }`,
      machine(),
    );
    expect(out['code']).not.toBe(0);
    expect(out['mounts']).toBe(0);
  });
});

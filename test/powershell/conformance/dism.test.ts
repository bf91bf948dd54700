/**
 * Conformance (issue 14 item 5): scripts written in the idioms of published WinRE servicing scripts (Microsoft's
 * KB5034957 Safe OS sample and "Add an update package to Windows RE"; the PowerShell-module flow of
 * MHimken/WinRE-Customization) run on the simulated PC, and it answers as Windows does. The scripts are in
 * scripts/dism-*.ps1 (written here, not copied). Every assertion names the Windows behaviour and its source; the
 * simulator's own notes are in simulator/66-Dism.ps1.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openSimHarness, type SimHarness } from '../../support/harness';
import { rebootSimulatedMachine } from '../../../src/simulation/reboot';
import type { SimulatedMachine } from '../../../src/contracts/generated/simulated-machine';

jest.setTimeout(300_000);

const posix = process.platform !== 'win32';
const describePosix = posix ? describe : describe.skip;
const MiB = 1024 * 1024;
/** The Windows 11 24H2 fixture: WinRE 10.0.26100.8235, KB5089593 (-> 10.0.26100.8455) and a 22621 package on C:. */
const FIXTURE = 'win11-24h2-winre-outdated-safeos-package';

function script(name: string): string {
  return fs.readFileSync(path.join(__dirname, 'scripts', `${name}.ps1`), 'utf8');
}

/** What $LASTEXITCODE shows: Windows the whole exit code (Int32), Linux only its low 8 bits. */
function exitSeen(code: number): number {
  return process.platform === 'win32' ? code | 0 : code & 0xff;
}

const opened: SimHarness[] = [];
function open(machine: string | object): SimHarness {
  const h = openSimHarness(machine);
  opened.push(h);
  return h;
}
afterAll(async () => {
  for (const h of opened) await h.dispose().catch(() => undefined);
});

async function run(h: SimHarness, code: string): Promise<Record<string, unknown>> {
  const res = await h.snippet(code);
  expect(res.errors).toEqual([]);
  expect(res.output).toHaveLength(1);
  return res.output[0] as Record<string, unknown>;
}

function recoveryWim(m: SimulatedMachine): { size: number; sha256: string; wim?: { version?: string } } {
  const part = m.disks[0]!.partitions.find((p) =>
    p.volume?.files.some((f) => f.path === '\\Recovery\\WindowsRE\\Winre.wim'),
  )!;
  return part.volume!.files.find((f) => f.path === '\\Recovery\\WindowsRE\\Winre.wim')!;
}

describePosix('Safe OS servicing as the published scripts do it', () => {
  test('KB5034957 sample flow: reagentc /mountre, Dism /Add-Package, /Cleanup-Image /ResetBase, /Unmount-Image /Commit, disable + enable', async () => {
    const h = open(FIXTURE);
    const before = recoveryWim(h.machine<SimulatedMachine>());
    const r = await run(h, script('dism-safeos-sample'));
    // Every step exits 0 as DISM and reagentc do on success (DISM returns the HRESULT, 0 = S_OK: DISM image
    // management command-line options; REAgentC command-line options).
    expect(r['steps']).toEqual({ mountre: 0, add: 0, cleanup: 0, commit: 0, disable: 0, enable: 0 });
    // dism /Get-ImageInfo prints "Version : 10.0.26100" and "ServicePack Build : <n>" (public CVE-2024-20666
    // checker parses both); the commit writes the package's version into the WIM (KB5089593 = 10.0.26100.8455,
    // https://support.microsoft.com/help/5089593).
    expect(r['before']).toBe('10.0.26100.8235');
    expect(r['after']).toBe('10.0.26100.8455');
    // A mounted image fills its folder ("can be mounted to an empty folder", DismMountImage); after the unmount it
    // is empty again and DISM lists no mount.
    expect(Number(r['mountedEntries'])).toBeGreaterThan(0);
    expect(r['folderLeft']).toBe(0);
    expect(r['mountsLeft']).toBe(0);
    // DISM's success lines: the progress bar, then "The operation completed successfully."; a commit saves, then
    // unmounts (DISM output as in public captures).
    expect(r['addLines']).toEqual([
      '[==========================100.0%==========================]',
      'The operation completed successfully.',
    ]);
    expect(r['commitLines']).toEqual(['Saving image', 'Unmounting image']);
    // reagentc /disable + /enable moved the committed image through C: and back: the live image is the patched
    // one, larger by the package (an append; ASSUMPTION on the size), with a new hash.
    const after = recoveryWim(h.machine<SimulatedMachine>());
    expect(after.wim?.version).toBe('10.0.26100.8455');
    expect(after.size).toBe(before.size + 128 * MiB);
    expect(after.sha256).not.toBe(before.sha256);
  });

  test('Dism module flow: Mount-WindowsImage, Add-WindowsPackage, Dismount -Save, Export-WindowsImage; SPBuild moves, the export is smaller', async () => {
    const h = open(FIXTURE);
    const r = await run(h, script('dism-module-export'));
    // Get-WindowsImage -Index gives Version as MAJOR.MINOR.BUILD.SPBUILD and SPBuild apart ("Version :
    // 10.0.22621.525", "SPBuild : 525" in public transcripts); Safe OS DUs move SPBUILD (Microsoft's KBs define the
    // WinRE version after each, e.g. KB5089593 -> 10.0.26100.8455).
    expect(r).toMatchObject({
      beforeSpBuild: 8235,
      beforeVersion: '10.0.26100.8235',
      mountedStatus: 'Ok', // DismMountStatusOk: "mounted and ready for servicing"
      afterSpBuild: 8455,
      afterVersion: '10.0.26100.8455',
    });
    // Export writes a new WIM without the resources no image references after ResetBase (DISM /Export-Image;
    // ASSUMPTION: the amount is the package's reclaimableBytes).
    expect(Number(r['committedBytes']) - Number(r['exportedBytes'])).toBe(96 * MiB);
    expect(r['exportedHash']).not.toBe(r['committedHash']);
  });

  test('a wrong-family package: 0x800f081e "The specified package is not applicable to this image.", nothing changes', async () => {
    const h = open(FIXTURE);
    const res = await h.snippet(script('dism-wrong-family'));
    // The caught error stays in $Error, as PowerShell keeps caught errors there.
    expect(res.errors.map((e) => e.exceptionType)).toEqual(['System.Runtime.InteropServices.COMException']);
    const r = res.output[0] as Record<string, unknown>;
    // CBS_E_NOT_APPLICABLE with DISM's text (public DISM logs: "Error: 0x800f081e / The specified package is not
    // applicable to this image."); the cmdlet throws it as a COMException carrying the HRESULT.
    expect(r['message']).toBe('The specified package is not applicable to this image.');
    expect(r['hresult']).toBe('0x800f081e');
    expect(r['dismError']).toBe('Error: 0x800f081e');
    expect(r['dismText']).toBe('The specified package is not applicable to this image.');
    expect(r['dismCode']).toBe(exitSeen(0x800f081e));
    // Discarding leaves the WIM as it was.
    expect(r['hashAfter']).toBe(r['hashBefore']);
    expect(r['version']).toBe('10.0.26100.8235');
  });
});

describePosix('mounts left by an earlier run survive a reboot', () => {
  test('after a reboot the mount is NeedsRemount; /Cleanup-Mountpoints keeps it, /Unmount-Image /Discard ends it; a mount whose folder was deleted is Invalid and /Cleanup-Mountpoints removes it', async () => {
    const first = open(FIXTURE);
    const setup = await first.snippet(`
      $ErrorActionPreference = 'Stop'
      New-Item -Path 'C:\\WinRE' -ItemType Directory | Out-Null
      $location = ((reagentc.exe /info | Select-String -Pattern 'Windows RE location').ToString() -split ':\\s+', 2)[1].Trim()
      Copy-Item -Path ($location + '\\Winre.wim') -Destination 'C:\\WinRE\\winre.wim'
      New-Item -Path 'C:\\Mount' -ItemType Directory | Out-Null
      Mount-WindowsImage -ImagePath 'C:\\WinRE\\winre.wim' -Index 1 -Path 'C:\\Mount' | Out-Null
      'mounted'`);
    expect(setup.errors).toEqual([]);
    await first.session.dispose();
    await rebootSimulatedMachine(first.machinePath);
    const h = open(JSON.parse(fs.readFileSync(first.machinePath, 'utf8')) as object);
    const r = await run(h, script('dism-stale-mount'));
    // DismMountStatusNeedsRemount: "the mounted image needs to be remounted before being serviced" - what a
    // reboot leaves (wimgapi WIM_MOUNT_FLAG_REMOUNTABLE: "not mounted, but is capable of being remounted").
    expect(r['listed']).toBe(1);
    expect(r['status']).toBe('NeedsRemount');
    expect(r['infoStatus']).toEqual(['Status : Needs Remount']);
    // /Cleanup-Mountpoints "will not ... delete images that can be recovered using the /Remount-Image command"
    // (DISM image management command-line options): the remountable mount stays; /Unmount-Image /Discard ends it.
    expect(r['cleanupCode']).toBe(0);
    expect(r['afterCleanup']).toEqual(['NeedsRemount']);
    expect(r['afterDiscard']).toBe(0);
    // A mount whose folder is gone is corrupt (DismMountStatusInvalid); Clear-WindowsCorruptMountPoint "Deletes all
    // of the resources associated with a mounted image that has been corrupted".
    expect(r['invalid']).toBe('Invalid');
    expect(r['afterClear']).toBe(0);
  });
});

describePosix('the version the audit reads follows the commit', () => {
  test('Get-WindowsImage and Read-WinReFixWimInfo (the header/XML reader of ps-scripts/lib/Wim.ps1) give the new version after the commit, and write-in-progress after a cut in it', async () => {
    const h = open(FIXTURE);
    const r = await run(
      h,
      `
      $ErrorActionPreference = 'Stop'
      $location = ((reagentc.exe /info | Select-String -Pattern 'Windows RE location').ToString() -split ':\\s+', 2)[1].Trim()
      $wim = $location + '\\Winre.wim'
      $readerBefore = (Read-WinReFixWimInfo -Path $wim).version
      New-Item -Path 'C:\\Mount' -ItemType Directory | Out-Null
      reagentc.exe /mountre /path C:\\Mount | Out-Null
      Add-WindowsPackage -Path 'C:\\Mount' -PackagePath 'C:\\Updates\\windows11.0-kb5089593-x64.cab' | Out-Null
      $readerMounted = (Read-WinReFixWimInfo -Path $wim).version
      reagentc.exe /unmountre /path C:\\Mount /commit 2>&1 | Out-Null
      [pscustomobject]@{ readerBefore = $readerBefore; readerMounted = $readerMounted
        readerAfter = (Read-WinReFixWimInfo -Path $wim).version; cmdletAfter = (Get-WindowsImage -ImagePath $wim -Index 1).Version }`,
    );
    // WinREAgent reads the WinRE version from the WIM's metadata (DismGetImageInfo), which changes only when the
    // mount is committed (DISM /Unmount-Image /Commit "saves the changes").
    expect(r).toEqual({
      readerBefore: '10.0.26100.8235',
      readerMounted: '10.0.26100.8235',
      readerAfter: '10.0.26100.8455',
      cmdletAfter: '10.0.26100.8455',
    });
  });

  test('a power cut in the middle of the commit leaves the live winre.wim marked write-in-progress (damaged)', async () => {
    const h = open(FIXTURE);
    const ready = await h.snippet(`
      New-Item -Path 'C:\\Mount' -ItemType Directory | Out-Null
      reagentc.exe /mountre /path C:\\Mount | Out-Null
      & dism.exe /English /Image:C:\\Mount /Add-Package /PackagePath:C:\\Updates\\windows11.0-kb5089593-x64.cab | Out-Null
      $LASTEXITCODE`);
    expect(ready.output).toEqual([0]);
    // The commit is two writes (grow + header); cut right after the first.
    const m = h.machine<SimulatedMachine>();
    m.powerCut = { atMutation: m.trace.mutations + 1, phase: 'after' };
    fs.writeFileSync(h.machinePath, JSON.stringify(m, null, 2));
    await expect(
      h.snippet(`& dism.exe /English /Unmount-Image /MountDir:C:\\Mount /Commit`),
    ).rejects.toThrow();
    const cut = h.machine<SimulatedMachine>();
    delete cut.powerCut;
    fs.writeFileSync(h.machinePath, JSON.stringify(cut, null, 2));
    await rebootSimulatedMachine(h.machinePath);
    const next = open(JSON.parse(fs.readFileSync(h.machinePath, 'utf8')) as object);
    const r = await run(
      next,
      `
      $location = ((reagentc.exe /info | Select-String -Pattern 'Windows RE location').ToString() -split ':\\s+', 2)[1].Trim()
      $wim = $location + '\\Winre.wim'
      $info = Read-WinReFixWimInfo -Path $wim
      $dism = & dism.exe /English /Get-ImageInfo /ImageFile:$wim /Index:1
      [pscustomobject]@{ writeInProgress = $info.writeInProgress; dismError = @($dism | Where-Object { $_ -like 'Error:*' })[0]
        status = [string](Get-WindowsImage -Mounted)[0].MountStatus }`,
    );
    // wimlib header.h: WIM_HDR_FLAG_WRITE_IN_PROGRESS (0x40) marks a WIM whose writer never finished.
    expect(r).toEqual({ writeInProgress: true, dismError: 'Error: 11', status: 'NeedsRemount' });
  });
});

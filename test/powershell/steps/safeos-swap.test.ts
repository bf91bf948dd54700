/**
 * The Safe OS patch's swap scripts in real pwsh on the simulated PC (docs/safeos-patch.md), without DISM: the
 * verified patched image and its record are planted where Build-PatchedWinReImage.ps1 leaves them. Ansible triple
 * for Install-PatchedWinReImage and Restore-StagedWinReImage (run, rerun unchanged, refusal that changes nothing),
 * the Move-Item gap a power cut can leave, and Read-SafeOsPackage on the file the admin gives.
 */
import * as fs from 'node:fs';
import type { SimHarness } from '../../support/harness';
import { expectRefusal, mutations, openStepHarness, state, STATE_FOLDER } from './helpers';

jest.setTimeout(240_000);

const OLD_SHA = 'E49A183F7E304E5FACAF0F751798FC36CC85ECFB6EB53AAB5E2D14409B855BE5';
const NEW_SHA = 'C'.repeat(64);
const WORK = `${STATE_FOLDER.slice(2)}\\safeos`;
const STAGED = '\\Windows\\System32\\Recovery\\Winre.wim';
const PKG = '\\Updates\\windows11.0-kb5087594-x64_0123456789abcdef0123456789abcdef01234567.cab';

type File = { path: string; size: number; sha256: string; wim?: object; content?: string; hidden?: boolean };
type Vol = { files: File[] };
type M = { disks: { partitions: { driveLetter?: string; volume?: Vol }[] }[] };

function cDrive(m: M): Vol {
  return m.disks[0]!.partitions.find((p) => p.driveLetter === 'C')!.volume!;
}
function edit(h: SimHarness, change: (m: M) => void): void {
  const m = JSON.parse(fs.readFileSync(h.machinePath, 'utf8')) as M;
  change(m);
  fs.writeFileSync(h.machinePath, JSON.stringify(m, null, 2));
}
function staged(h: SimHarness): File | undefined {
  return cDrive(h.machine<M>()).files.find((f) => f.path.toLowerCase() === STAGED.toLowerCase());
}
function plantPatched(h: SimHarness, record = true): void {
  edit(h, (m) => {
    const c = cDrive(m);
    c.files.push({
      path: `${WORK}\\patched.wim`,
      size: 500_000_000,
      sha256: NEW_SHA,
      wim: { version: '10.0.22621.7077' },
    });
    if (record) {
      const text = JSON.stringify({
        schemaVersion: 1,
        toSha256: NEW_SHA,
        toVersion: '10.0.22621.7077',
        fromSha256: OLD_SHA,
      });
      c.files.push({
        path: `${WORK}\\patched.json`,
        size: text.length,
        sha256: 'D'.repeat(64),
        content: text,
      });
    }
  });
}
const install = { FromSha256: OLD_SHA, FromVersion: '10.0.22621.2428', StateFolder: STATE_FOLDER };

describe('Install-PatchedWinReImage / Restore-StagedWinReImage', () => {
  let h: SimHarness;
  beforeEach(async () => {
    h = await openStepHarness('win11-gpt-small-winre-en');
  });
  afterEach(async () => h.dispose());

  it('refuses while WinRE is enabled: a live image is never replaced', async () => {
    plantPatched(h);
    expect(await expectRefusal(h, 'Install-PatchedWinReImage', install, 'UnexpectedState')).toMatch(
      /only replaced while WinRE is disabled/,
    );
  });

  it('swaps while disabled (old image kept), does nothing the second time, and the roll-back puts the old image back', async () => {
    await h.scripts.run('Disable-WinRe', {});
    expect(staged(h)?.sha256).toBe(OLD_SHA);
    plantPatched(h);
    const first = await h.scripts.run<{ changed: boolean; sha256: string }>(
      'Install-PatchedWinReImage',
      install,
    );
    expect(first).toMatchObject({ changed: true, sha256: NEW_SHA });
    expect(staged(h)?.sha256).toBe(NEW_SHA);
    const files = cDrive(h.machine<M>()).files;
    expect(files.find((f) => f.path === `${WORK}\\Winre.wim.orig`)?.sha256).toBe(OLD_SHA);
    expect(files.some((f) => f.path.endsWith('.winre-fix.tmp'))).toBe(false);

    const before = state(h);
    const count = mutations(h);
    expect(await h.scripts.run('Install-PatchedWinReImage', install)).toMatchObject({ changed: false });
    expect(mutations(h)).toBe(count);
    expect(state(h)).toEqual(before);

    const restore = { ImageSha256: OLD_SHA, StateFolder: STATE_FOLDER };
    expect(await h.scripts.run('Restore-StagedWinReImage', restore)).toMatchObject({
      changed: true,
      disabledFirst: false,
    });
    expect(staged(h)?.sha256).toBe(OLD_SHA);
    const count2 = mutations(h);
    expect(await h.scripts.run('Restore-StagedWinReImage', restore)).toMatchObject({ changed: false });
    expect(mutations(h)).toBe(count2);
  });

  it('refuses an unknown staged image and a missing record, changing nothing', async () => {
    await h.scripts.run('Disable-WinRe', {});
    plantPatched(h, false);
    expect(await expectRefusal(h, 'Install-PatchedWinReImage', install, 'UnexpectedState')).toMatch(
      /patched\.json is missing/,
    );
    plantPatched(h);
    await expectRefusal(
      h,
      'Install-PatchedWinReImage',
      { ...install, FromSha256: 'F'.repeat(64) },
      'UnexpectedState',
    );
  });

  it('a power cut between 5.1 Move-Item deleting the staged image and renaming: the resumed step renames the whole copy', async () => {
    await h.scripts.run('Disable-WinRe', {});
    plantPatched(h);
    edit(h, (m) => {
      const c = cDrive(m);
      const old = c.files.find((f) => f.path.toLowerCase() === STAGED.toLowerCase())!;
      old.path = `${WORK}\\Winre.wim.orig`;
      c.files.push({
        path: `${STAGED}.winre-fix.tmp`,
        size: 500_000_000,
        sha256: NEW_SHA,
        wim: { version: '10.0.22621.7077' },
      });
    });
    expect(await h.scripts.run('Install-PatchedWinReImage', install)).toMatchObject({
      changed: true,
      sha256: NEW_SHA,
    });
    expect(staged(h)?.sha256).toBe(NEW_SHA);
  });
});

describe('Read-SafeOsPackage', () => {
  let h: SimHarness;
  beforeAll(async () => {
    h = await openStepHarness('win11-gpt-small-winre-en');
    edit(h, (m) => void cDrive(m).files.push({ path: PKG, size: 41_943_040, sha256: 'B'.repeat(64) }));
  });
  afterAll(async () => h.dispose());

  it('reads size, SHA256, and the KB and architecture of an Update Catalog file name, changing nothing', async () => {
    const count = mutations(h);
    expect(await h.scripts.run('Read-SafeOsPackage', { PackagePath: `C:${PKG}` })).toEqual({
      path: `C:${PKG}`,
      present: true,
      readable: true,
      error: null,
      extension: '.cab',
      size: 41_943_040,
      sha256: 'B'.repeat(64),
      kb: 'KB5087594',
      architecture: 9,
    });
    expect(mutations(h)).toBe(count);
  });

  it('says so for a missing file and a folder, without throwing', async () => {
    expect(
      await h.scripts.run('Read-SafeOsPackage', { PackagePath: 'C:\\Updates\\nothing-here.msu' }),
    ).toMatchObject({
      present: false,
      error: 'no such file',
      extension: '.msu',
      kb: null,
      architecture: null,
    });
    expect(await h.scripts.run('Read-SafeOsPackage', { PackagePath: 'C:\\Updates' })).toMatchObject({
      present: false,
      error: 'a folder, not a file',
    });
  });
});

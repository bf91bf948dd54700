/**
 * ps-scripts/Copy-WinReFixBackup.ps1 (step keep-backup, `fix --keep-backup`) against the simulator, after a real
 * Backup-RecoveryFiles of the OEM fixture: the Ansible triple (it copies; run again it changes nothing; a refusal
 * changes nothing) and what a resume after a power cut finds (a damaged copy is copied again).
 */
import * as fs from 'node:fs';
import type { SimHarness } from '../../support/harness';
import type { CopyWinReFixBackupResult } from '../../../src/contracts/generated/copy-win-re-fix-backup';
import { ScriptFailedError } from '../../../src/errors';
import { mutations, openStepHarness, paramsOf, planFor, state, STATE_FOLDER } from './helpers';

jest.setTimeout(300_000);

const FIXTURE = 'oem-winre-with-extra-files';
const RUN_FOLDER = 'C:\\Keep\\DESKTOP-2JCELF9_20261205-104210Z_0123456789abcdef';
const PROTECTED = 'O:SYG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)';

type Volume = {
  files: { path: string; size: number; sha256: string }[];
  links?: { path: string; linkType: string; target: string }[];
};
type M = { disks: { partitions: { driveLetter?: string; volume?: Volume }[] }[] };

function cVolume(m: M): Volume {
  for (const d of m.disks) for (const p of d.partitions) if (p.driveLetter === 'C') return p.volume!;
  throw new Error('no C:');
}

const keepParams = {
  folder: 'C:\\Keep',
  computerName: 'DESKTOP-2JCELF9',
  bytes: 1,
  StateFolder: STATE_FOLDER,
  KeepFolder: RUN_FOLDER,
};

async function errorIdOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof ScriptFailedError) return String(error.errorId);
    throw error;
  }
  return 'no error';
}

describe('Copy-WinReFixBackup', () => {
  let h: SimHarness;
  beforeEach(async () => {
    h = await openStepHarness(FIXTURE);
    const p = await planFor(h);
    await h.scripts.run('Backup-RecoveryFiles', paramsOf(p, 'Backup-RecoveryFiles'));
  });
  afterEach(async () => h.dispose());

  it('copies every backed-up file, then, run again, changes nothing', async () => {
    const first = await h.scripts.run<CopyWinReFixBackupResult>('Copy-WinReFixBackup', keepParams);
    expect(first).toMatchObject({ changed: true, folder: RUN_FOLDER, files: 4, folderSddl: PROTECTED });
    const kept = cVolume(h.machine<M>()).files.filter((f) =>
      f.path.startsWith(`${RUN_FOLDER.slice(2)}\\files\\`),
    );
    expect(kept).toHaveLength(4);
    const after = state(h);
    const seq = mutations(h);
    const second = await h.scripts.run<CopyWinReFixBackupResult>('Copy-WinReFixBackup', keepParams);
    expect(second).toEqual({ ...first, changed: false });
    expect(state(h)).toEqual(after);
    expect(mutations(h)).toBe(seq);
  });

  it('copies again a kept file that does not match the manifest (a power cut mid-copy), and only that one', async () => {
    await h.scripts.run('Copy-WinReFixBackup', keepParams);
    const m = h.machine<M>();
    const wim = cVolume(m).files.find(
      (f) => f.path === `${RUN_FOLDER.slice(2)}\\files\\Recovery\\WindowsRE\\Winre.wim`,
    )!;
    const good = wim.sha256;
    wim.sha256 = '00'.repeat(32);
    fs.writeFileSync(h.machinePath, JSON.stringify(m, null, 2));
    const seq = mutations(h);
    const again = await h.scripts.run<CopyWinReFixBackupResult>('Copy-WinReFixBackup', keepParams);
    expect(again.changed).toBe(true);
    const fixed = cVolume(h.machine<M>()).files.find((f) => f.path === wim.path)!;
    expect(fixed.sha256).toBe(good);
    // One copy and the manifest's temp file and rename: nothing else was written.
    expect(mutations(h) - seq).toBe(3);
  });

  it.each<[string, (m: M) => void]>([
    [
      'a junction on the way',
      (m) => {
        cVolume(m).links = [{ path: '\\Keep', linkType: 'Junction', target: '\\Windows' }];
      },
    ],
    [
      'a damaged backup copy',
      (m) => {
        cVolume(m).files.find((f) => /backup\\0123456789abcdef\\files\\OEM\\/i.test(f.path))!.sha256 =
          '11'.repeat(32);
      },
    ],
    [
      "someone else's folder",
      (m) => {
        cVolume(m).files.push({ path: '\\Keep\\theirs.txt', size: 1, sha256: '22'.repeat(32) });
      },
    ],
  ])('refuses %s with UnexpectedState and writes nothing', async (_what, edit) => {
    const m = h.machine<M>();
    edit(m);
    fs.writeFileSync(h.machinePath, JSON.stringify(m, null, 2));
    const before = state(h);
    const seq = mutations(h);
    expect(await errorIdOf(h.scripts.run('Copy-WinReFixBackup', keepParams))).toBe(
      'WinReFix.UnexpectedState',
    );
    expect(state(h)).toEqual(before);
    expect(mutations(h)).toBe(seq);
  });
});

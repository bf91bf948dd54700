/**
 * Remove-WinReFixOrphanedBackups.ps1 on its own: what it deletes (only run folders directly under backup\, never
 * -KeepRunId's), what it leaves and says (anything else, links), idempotence, and a backup\ that is itself a
 * junction (nothing under it is touched). The decision WHEN to call it is src/engine/backup-sweep.ts's.
 */
import type { RemoveWinReFixOrphanedBackupsResult } from '../../../src/contracts/generated/remove-win-re-fix-orphaned-backups';
import * as fs from 'node:fs';
import { fixturePath, type SimHarness } from '../../support/harness';
import { mutations, openStepHarness } from './helpers';

jest.setTimeout(300_000);

const ROOT = 'C:\\ProgramData\\winre-fix\\backup';
const KEEP = 'aaaaaaaaaaaaaaaa';
const OLD = 'bbbbbbbbbbbbbbbb';

type Volume = {
  files: { path: string; size: number; sha256: string }[];
  links?: { path: string; linkType: string; target: string }[];
};
type Machine = { disks: { partitions: { driveLetter?: string; volume?: Volume }[] }[] };

function osVolume(m: Machine): Volume {
  for (const d of m.disks) for (const p of d.partitions) if (p.driveLetter === 'C') return p.volume!;
  throw new Error('no C:');
}

function machine(edit: (c: Volume) => void): object {
  const m = JSON.parse(fs.readFileSync(fixturePath('win11-gpt-small-winre-en'), 'utf8')) as Machine;
  const c = osVolume(m);
  const file = (p: string, size: number) => c.files.push({ path: p, size, sha256: '00'.repeat(32) });
  file(`\\ProgramData\\winre-fix\\backup\\${KEEP}\\files\\Recovery\\WindowsRE\\Winre.wim`, 500);
  file(`\\ProgramData\\winre-fix\\backup\\${OLD}\\files\\Recovery\\WindowsRE\\Winre.wim`, 700);
  file(`\\ProgramData\\winre-fix\\backup\\${OLD}\\manifest.json`, 30);
  file('\\ProgramData\\winre-fix\\backup\\notes\\readme.txt', 10);
  edit(c);
  return m;
}

const run = (h: SimHarness) =>
  h.scripts.run<RemoveWinReFixOrphanedBackupsResult>('Remove-WinReFixOrphanedBackups', {
    BackupRoot: ROOT,
    KeepRunId: KEEP,
  });

describe('Remove-WinReFixOrphanedBackups', () => {
  it('deletes the finished runs, keeps the unfinished one and anything not named like a run; then changes nothing', async () => {
    const h = await openStepHarness(machine(() => undefined));
    try {
      const first = await run(h);
      expect(first.changed).toBe(true);
      expect(first.bytesReclaimed).toBe(730);
      expect(first.removed).toEqual([
        { runId: OLD, path: `${ROOT}\\${OLD}`, files: 2, bytes: 730, complete: true },
      ]);
      expect(first.skipped.map((s) => s.path).sort()).toEqual([`${ROOT}\\${KEEP}`, `${ROOT}\\notes`]);
      const left = osVolume(h.machine<Machine>())
        .files.map((f) => f.path)
        .filter((p) => p.includes('\\backup\\'));
      expect(left.sort()).toEqual([
        `\\ProgramData\\winre-fix\\backup\\${KEEP}\\files\\Recovery\\WindowsRE\\Winre.wim`,
        '\\ProgramData\\winre-fix\\backup\\notes\\readme.txt',
      ]);
      const before = mutations(h);
      const again = await run(h);
      expect(again).toMatchObject({ changed: false, removed: [], bytesReclaimed: 0 });
      expect(mutations(h)).toBe(before);
    } finally {
      await h.dispose();
    }
  });

  it('touches nothing when backup\\ itself is a junction (it is reported, not followed)', async () => {
    const h = await openStepHarness(
      machine((c) => {
        c.files = c.files.filter((f) => !f.path.includes('\\backup\\'));
        c.files.push({ path: '\\Windows\\System32\\config\\SAM', size: 65536, sha256: '11'.repeat(32) });
        c.links = [
          { path: '\\ProgramData\\winre-fix\\backup', linkType: 'Junction', target: '\\Windows\\System32' },
        ];
      }),
    );
    try {
      const before = mutations(h);
      const result = await run(h);
      expect(result).toMatchObject({ changed: false, removed: [], bytesReclaimed: 0 });
      expect(result.skipped).toEqual([
        { path: ROOT, reason: 'a link (junction or symbolic link): not followed' },
      ]);
      expect(mutations(h)).toBe(before);
    } finally {
      await h.dispose();
    }
  });
});

/**
 * Power cuts in the step keep-backup (`fix --keep-backup`, ps-scripts/Copy-WinReFixBackup.ps1). The power-cut matrix
 * fixes its fixtures without options, so this test captures ONE fix of the OEM fixture with `--keep-backup` and
 * replays every cut before and after EACH mutation of that step (the folder, its marker, the run folder, every
 * sub-folder and file, the manifest's temp file and rename) and every journal write between them, also with the
 * journal one write behind (test/support/crash-states.ts). Each state is rebooted and resumed by a new `fix`, which
 * must end fixed with every invariant AND with the kept copy complete: every file with its old SHA256, and the
 * manifest (the step redoes or completes the copy; it never trusts a copy without its manifest).
 */
import * as fs from 'node:fs';
import { SharedPowerShellProcess } from '../../../src/adapters/powershell/shared-process';
import { captureFix, prepareReplays, replayAll } from '../../support/crash-states';
import { readMachine, type MachineView } from '../../support/fix-runner';
import { fixturePath } from '../../support/harness';

jest.setTimeout(1_800_000);

const FIXTURE = 'oem-winre-with-extra-files';
const ROOT = 'C:\\WinReAudit';

function cFiles(m: MachineView): { path: string; sha256: string }[] {
  for (const d of m.disks)
    for (const p of d.partitions) if (p.driveLetter === 'C') return p.volume?.files ?? [];
  return [];
}

function recoveryFiles(m: MachineView): Map<string, string> {
  for (const d of m.disks)
    for (const p of d.partitions)
      if (
        p.driveLetter !== 'C' &&
        p.volume?.files.some((f) => /\\Recovery\\WindowsRE\\Winre\.wim$/i.test(f.path))
      )
        return new Map(p.volume.files.map((f) => [f.path.slice(1).toLowerCase(), f.sha256.toUpperCase()]));
  throw new Error('no recovery partition');
}

/** What is wrong with the kept copy in `runFolder` (C:\WinReAudit\<run>) on `m`. */
function keptProblems(m: MachineView, runFolder: string, originals: Map<string, string>): string[] {
  const prefix = `${runFolder.slice(2)}\\`.toLowerCase();
  const files = cFiles(m).filter((f) => f.path.toLowerCase().startsWith(prefix));
  const kept = new Map(
    files
      .filter((f) => f.path.toLowerCase().startsWith(`${prefix}files\\`))
      .map((f) => [f.path.slice(prefix.length + 'files\\'.length).toLowerCase(), f.sha256.toUpperCase()]),
  );
  const problems: string[] = [];
  for (const [p, sha] of originals)
    if (kept.get(p) !== sha) problems.push(`kept copy of ${p}: ${kept.get(p) ?? 'missing'}`);
  if (!files.some((f) => f.path.toLowerCase() === `${prefix}manifest.json`))
    problems.push('no manifest.json in the kept copy');
  if (files.some((f) => f.path.toLowerCase().endsWith('.tmp')))
    problems.push('a temporary file left in the kept copy');
  return problems;
}

describe('power cuts in keep-backup', () => {
  const shared = new SharedPowerShellProcess();
  afterAll(() => shared.dispose());

  it('every cut before and after each mutation of the step, and in each journal write among them, ends fixed with the copy complete', async () => {
    const originals = recoveryFiles(JSON.parse(fs.readFileSync(fixturePath(FIXTURE), 'utf8')) as MachineView);
    const run = await captureFix(FIXTURE, { args: { 'keep-backup': ROOT } });
    try {
      expect([0, 3010]).toContain(run.code);
      const after = readMachine(run.machinePath);
      const manifest = cFiles(after).find((f) => /^\\WinReAudit\\[^\\]+\\manifest\.json$/i.test(f.path));
      expect(manifest).toBeDefined();
      const runFolder = `C:${manifest!.path.slice(0, manifest!.path.lastIndexOf('\\'))}`;
      expect(keptProblems(after, runFolder, originals)).toEqual([]);

      // The step's mutations: everything written under the kept folder.
      const seqs = run.mutations
        .filter((m) => m.detail.toLowerCase().includes('\\winreaudit'))
        .map((m) => m.seq);
      expect(seqs.length).toBeGreaterThanOrEqual(originals.size + 4);
      const label = (seq: number, when: string) => `m${String(seq).padStart(3, '0')}-${when}`;
      const first = run.points.indexOf(label(Math.min(...seqs), 'before'));
      const last = run.points.indexOf(label(Math.max(...seqs), 'after'));
      expect(first).toBeGreaterThanOrEqual(0);
      // Every cut point from the first mutation of the step to its last, and the journal writes right around it
      // (the step's 'started' and 'completed' records).
      const points = run.points.slice(Math.max(0, first - 2), last + 3);
      expect(points.filter((p) => p.endsWith('-mid-write')).length).toBeGreaterThanOrEqual(1);
      const replays = prepareReplays({ ...run, points }, { loseJournalWrite: (m) => seqs.includes(m.seq) });
      const results = await replayAll(run, replays, shared, (m) => keptProblems(m, runFolder, originals));
      expect(results.flatMap((r) => r.points).length).toBeGreaterThanOrEqual(points.length);
      expect(results.filter((r) => r.problems.length > 0)).toEqual([]);
    } finally {
      fs.rmSync(run.dir, { recursive: true, force: true });
    }
  });
});

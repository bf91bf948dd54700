/**
 * The whole recipe of each fixable kind of PC, planned from the real facts and run by hand in order, each step run twice in a
 * row (the second run must find its work done), then checked in the machine file: WinRE enabled on the
 * planned partition with the same image, the old partition's other files (OEM tools) back with their hashes,
 * C:'s data untouched, and Test-WinReHealth healthy. Covers GPT and MBR, free space used instead of a shrink,
 * BitLocker suspended first, Device Encryption, an OEM recovery partition full of tools, a second recovery-typed partition (the Razer layout and the recovery-first layout, where /enable alone
 * would pick the wrong partition) and a disabled WinRE with its image staged.
 */
import type { Plan } from '../../../src/contracts/generated/plan';
import { openStepHarness, osPartition, paramsOf, partitionAt, planFor, type Machine } from './helpers';

jest.setTimeout(300_000);

const FIXTURES = [
  'win10-gpt-free-after-winre',
  'server2022-bios-mbr',
  'win10-winre-disabled-wim-staged',
  'razer-recpar-winre-end',
  'win10-1507-recovery-first',
  'win11-bitlocker-tpm',
  'win11-device-encryption',
  'oem-winre-with-extra-files',
];

const WIM = /^\\Recovery\\WindowsRE\\Winre\.wim$/i;
const NOT_CARRIED = /^\\(Recovery\\WindowsRE\\Winre\.wim|\$WINRE_BACKUP_PARTITION\.MARKER)$/i;

function imageOf(m: Machine): { size: number; sha256: string } {
  for (const p of m.disks.flatMap((d) => d.partitions)) {
    const f = p.volume?.files.find((x) =>
      /\\(Recovery\\WindowsRE|Windows\\System32\\Recovery)\\Winre\.wim$/i.test(x.path),
    );
    if (f && !/ProgramData/i.test(f.path)) return f;
  }
  throw new Error('no Winre.wim on the machine');
}

describe.each(FIXTURES)('%s', (fixture) => {
  it('runs its recipe to a healthy WinRE on the planned partition, each step a second time finding its work done', async () => {
    const h = await openStepHarness(fixture);
    try {
      const before = h.machine<Machine>();
      const p: Plan = await planFor(h);
      expect(p.verdict).toBe('needs-fix');
      // Each step twice in a row: the second run must find its work done (what a resume after a power cut
      // right after the step relies on).
      for (const step of p.steps) {
        await h.scripts.run(step.script, paramsOf(p, step.script));
        const again = await h.scripts.run<{ changed: boolean }>(step.script, paramsOf(p, step.script));
        expect([step.script, again.changed]).toEqual([step.script, false]);
      }
      const verify = p.steps.find((s) => s.script === 'Test-WinReHealth')!;
      const target = Number(verify.params['partitionOffset']);
      const health = await h.scripts.run<{ healthy: boolean; checks: { name: string; ok: boolean }[] }>(
        'Test-WinReHealth',
        verify.params,
      );
      // A partition Windows or the OEM made keeps its own label (enable in place).
      const failing = health.checks.filter((c) => !c.ok).map((c) => c.name);
      if (p.case === 'enable-staged-image') expect(failing.filter((n) => n !== 'label')).toEqual([]);
      else expect(failing).toEqual([]);

      const m = h.machine<Machine>();
      expect(m.winre.status).toBe('Enabled');
      expect(m.winre.location?.partitionOffset).toBe(target);
      const placed = partitionAt(m, target)!.volume!.files.find((f) => WIM.test(f.path))!;
      expect({ size: placed.size, sha256: placed.sha256 }).toEqual({
        size: imageOf(before).size,
        sha256: imageOf(before).sha256,
      });
      expect(osPartition(m).volume?.dataFingerprint).toBe(osPartition(before).volume?.dataFingerprint);
      if (p.case === 'grow-recovery-after-os') {
        const old = partitionAt(before, p.target.recoveryPartition!.offset)!;
        const carried = old.volume!.files.filter((f) => !NOT_CARRIED.test(f.path));
        const now = partitionAt(m, target)!.volume!.files;
        for (const f of carried) {
          expect(now.find((x) => x.path.toLowerCase() === f.path.toLowerCase())?.sha256).toBe(f.sha256);
        }
      }
    } finally {
      await h.dispose();
    }
  });
});

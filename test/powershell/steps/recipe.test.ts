/**
 * The step scripts through real pwsh against the simulated seed PC (win11-gpt-small-winre-zh: WinRE partition
 * right after C: with too little free space, Chinese reagentc output). The plan comes from the real fact scripts
 * and the planner; every step of its recipe is run in order by hand, each one twice (the Ansible pattern): the
 * first run changes the PC, the second finds its work done, reports changed: false and leaves the machine as it
 * was (apart from the simulator's call counters and a temporary drive letter added and removed). The end state
 * is then checked against the machine file itself, not against what the scripts said.
 */
import type { SimHarness } from '../../support/harness';
import type { Plan } from '../../../src/contracts/generated/plan';
import { GPT_TYPE } from '../../../src/domain/gpt-types';
import {
  ACCESS_PATH_ONLY,
  mutations,
  mutationsSince,
  openStepHarness,
  osPartition,
  paramsOf,
  partitionAt,
  planFor,
  state,
  STATE_FOLDER,
  type Machine,
} from './helpers';

jest.setTimeout(240_000);

interface Changed {
  changed: boolean;
}

describe('the seed case recipe, step by step, each step run twice', () => {
  let h: SimHarness;
  let p: Plan;
  let before: Machine;

  beforeAll(async () => {
    h = await openStepHarness('win11-gpt-small-winre-zh');
    before = h.machine<Machine>();
    p = await planFor(h);
  });
  afterAll(async () => h.dispose());

  it('plans grow-recovery-after-os with the full recipe', () => {
    expect(p.case).toBe('grow-recovery-after-os');
    expect(p.steps.map((s) => s.script)).toEqual([
      'Backup-RecoveryFiles',
      'Resize-OsPartition',
      'Disable-WinRe',
      'Test-StagedWinReImage',
      'Remove-RecoveryPartition',
      'New-RecoveryPartition',
      'Format-RecoveryVolume',
      'Enable-WinRe',
      'Set-RecoveryPartitionAttributes',
      'Restore-RecoveryFiles',
      'Test-WinReHealth',
      'Remove-WinReFixBackup',
    ]);
  });

  const steps: [string, boolean][] = [
    ['Backup-RecoveryFiles', true],
    ['Resize-OsPartition', true],
    ['Disable-WinRe', true],
    ['Test-StagedWinReImage', false],
    ['Remove-RecoveryPartition', true],
    ['New-RecoveryPartition', true],
    ['Format-RecoveryVolume', true],
    ['Enable-WinRe', true],
    ['Set-RecoveryPartitionAttributes', true],
    // The seed's recovery volume holds only Winre.wim, which /enable put back itself.
    ['Restore-RecoveryFiles', false],
    ['Test-WinReHealth', false],
  ];
  for (const [script, changes] of steps) {
    it(`${script}: first run changed=${changes}, second run changed=false and the machine stays as it was`, async () => {
      const first = await h.scripts.run<Changed>(script, paramsOf(p, script));
      expect(first.changed).toBe(changes);
      const after = state(h);
      const seq = mutations(h);
      const second = await h.scripts.run<Changed>(script, paramsOf(p, script));
      expect(second.changed).toBe(false);
      expect(state(h)).toEqual(after);
      expect(mutationsSince(h, seq).filter((c) => !ACCESS_PATH_ONLY.test(c))).toEqual([]);
    });
  }

  it('ends with WinRE enabled on the new partition, the same image, C: data untouched and one WinRE partition', () => {
    const m = h.machine<Machine>();
    const target = p.target.newRecoveryPartition!;
    const oldRecovery = p.target.recoveryPartition!;
    const newPart = partitionAt(m, target.offset)!;
    expect(m.winre.status).toBe('Enabled');
    expect(m.winre.location).toEqual({
      diskUniqueId: p.target.disk!.uniqueId,
      partitionOffset: target.offset,
    });
    expect(newPart.size).toBe(target.size);
    expect(newPart.gptType).toBe(GPT_TYPE.recovery);
    expect(newPart.gptAttributes).toBe('0x8000000000000001');
    expect(newPart.volume?.fileSystem).toBe('NTFS');
    expect(newPart.volume?.label).toBe('Windows RE tools');
    const oldWim = partitionAt(before, oldRecovery.offset)!.volume!.files.find((f) =>
      /\\Recovery\\WindowsRE\\Winre\.wim$/i.test(f.path),
    )!;
    const newWim = newPart.volume!.files.find((f) => /\\Recovery\\WindowsRE\\Winre\.wim$/i.test(f.path))!;
    expect(newWim.sha256).toBe(oldWim.sha256);
    expect(newWim.size).toBe(oldWim.size);
    const holders = m.disks[0]!.partitions.filter((x) =>
      x.volume?.files.some((f) => /^\\Recovery\\WindowsRE\\Winre\.wim$/i.test(f.path)),
    );
    expect(holders.map((x) => x.offset)).toEqual([target.offset]);
    const c = osPartition(m);
    const c0 = osPartition(before);
    expect(c.offset).toBe(c0.offset);
    expect(c.size).toBe(c0.size - p.sizing.shrinkOsBy);
    expect(c.volume?.dataFingerprint).toBe(c0.volume?.dataFingerprint);
    // The second copy of the image stays in the state folder, so a failed fix can restore it.
    const backup = c.volume!.files.find(
      (f) =>
        f.path.toLowerCase() ===
        `${STATE_FOLDER.slice(2)}\\files\\Recovery\\WindowsRE\\Winre.wim`.toLowerCase(),
    );
    expect(backup?.sha256).toBe(oldWim.sha256);
    // No temporary drive letter is left on any partition but C:.
    expect(m.disks[0]!.partitions.filter((x) => x.driveLetter).map((x) => x.driveLetter)).toEqual(['C']);
  });

  it("gives the backup space back at the end (the executor's last step), leaving WinRE as it was", async () => {
    const winre = h.machine<Machine>().winre;
    const removed = await h.scripts.run<Changed>(
      'Remove-WinReFixBackup',
      paramsOf(p, 'Remove-WinReFixBackup'),
    );
    expect(removed.changed).toBe(true);
    const m = h.machine<Machine>();
    const folder = STATE_FOLDER.slice(2).toLowerCase();
    expect(osPartition(m).volume!.files.filter((f) => f.path.toLowerCase().startsWith(folder))).toEqual([]);
    expect(m.winre).toEqual(winre);
  });
});

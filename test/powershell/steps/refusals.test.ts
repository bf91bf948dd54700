/**
 * Each step refuses, before changing anything, when what it finds is not what the plan recorded: the error
 * message starts with 'IdentityMismatch:' or 'UnexpectedState:' and the machine file is unchanged (no mutation
 * logged, same state). Most cases run on the seed PC as the plan found it, in one session: a refusal leaves
 * nothing behind for the next case.
 */
import * as fs from 'node:fs';
import type { SimHarness } from '../../support/harness';
import { fixturePath } from '../../support/harness';
import type { Plan } from '../../../src/contracts/generated/plan';
import {
  ACCESS_PATH_ONLY,
  expectRefusal,
  mutations,
  mutationsSince,
  openStepHarness,
  paramsOf,
  planFor,
  state,
  STATE_FOLDER,
} from './helpers';

jest.setTimeout(240_000);
const MiB = 1024 * 1024;

describe('on the seed PC before any step ran', () => {
  let h: SimHarness;
  let p: Plan;
  let os: { offset: number; size: number };
  let re: { offset: number; size: number; guid: string | null };
  let diskId: string;

  beforeAll(async () => {
    h = await openStepHarness('win11-gpt-small-winre-en');
    p = await planFor(h);
    os = p.target.osPartition!;
    re = p.target.recoveryPartition! as typeof re;
    diskId = p.target.disk!.uniqueId;
  });
  afterAll(async () => h.dispose());

  it('Resize-OsPartition never shrinks C: from a size the plan did not record', async () => {
    const params = { ...paramsOf(p, 'Resize-OsPartition'), fromSize: os.size + MiB };
    expect(await expectRefusal(h, 'Resize-OsPartition', params, 'UnexpectedState')).toMatch(
      /not shrunk again/,
    );
  });

  it('Resize-OsPartition refuses a partition that is not the running Windows', async () => {
    const params = {
      diskUniqueId: diskId,
      partitionOffset: re.offset,
      fromSize: re.size,
      toSize: re.size - MiB,
    };
    await expectRefusal(h, 'Resize-OsPartition', params, 'IdentityMismatch');
  });

  it('every step refuses a disk UniqueId that is not on the PC', async () => {
    const params = { ...paramsOf(p, 'Resize-OsPartition'), diskUniqueId: 'eui.0000000000000000' };
    expect(await expectRefusal(h, 'Resize-OsPartition', params, 'IdentityMismatch')).toMatch(/UniqueId/);
    const format = { diskUniqueId: 'eui.0000000000000000', offset: re.offset, label: 'Windows RE tools' };
    await expectRefusal(h, 'Format-RecoveryVolume', format, 'IdentityMismatch');
  });

  it('Backup-RecoveryFiles refuses a partition whose GUID is not the recorded one', async () => {
    const params = {
      ...paramsOf(p, 'Backup-RecoveryFiles'),
      partitionGuid: '{00000000-1111-2222-3333-444444444444}',
    };
    expect(await expectRefusal(h, 'Backup-RecoveryFiles', params, 'IdentityMismatch')).toMatch(
      /partition GUID/,
    );
  });

  it('Remove-RecoveryPartition refuses a partition of another size, or one that is not recovery-typed', async () => {
    const params = paramsOf(p, 'Remove-RecoveryPartition');
    await expectRefusal(
      h,
      'Remove-RecoveryPartition',
      { ...params, partitionSize: re.size + MiB },
      'IdentityMismatch',
    );
    const c = {
      diskUniqueId: diskId,
      partitionOffset: os.offset,
      partitionSize: os.size,
      partitionGuid: null,
    };
    expect(await expectRefusal(h, 'Remove-RecoveryPartition', c, 'IdentityMismatch')).toMatch(
      /not a recovery/,
    );
  });

  it('Remove-RecoveryPartition never deletes the partition WinRE is still enabled on', async () => {
    const message = await expectRefusal(
      h,
      'Remove-RecoveryPartition',
      paramsOf(p, 'Remove-RecoveryPartition'),
      'UnexpectedState',
    );
    expect(message).toMatch(/still enabled/);
  });

  it('Test-StagedWinReImage stops the run when no image is staged (WinRE still enabled)', async () => {
    await expectRefusal(h, 'Test-StagedWinReImage', paramsOf(p, 'Test-StagedWinReImage'), 'UnexpectedState');
  });

  it('New-RecoveryPartition refuses an existing partition of another size and a range that overlaps C:', async () => {
    const params = paramsOf(p, 'New-RecoveryPartition');
    await expectRefusal(h, 'New-RecoveryPartition', { ...params, offset: re.offset }, 'IdentityMismatch');
    const overlap = { ...params, offset: os.offset + os.size - 2 * MiB };
    expect(await expectRefusal(h, 'New-RecoveryPartition', overlap, 'UnexpectedState')).toMatch(/overlaps/);
  });

  it('Format-RecoveryVolume refuses C: and never formats over an existing volume', async () => {
    const c = { diskUniqueId: diskId, offset: os.offset, label: 'Windows RE tools' };
    await expectRefusal(h, 'Format-RecoveryVolume', c, 'IdentityMismatch');
    const old = { diskUniqueId: diskId, offset: re.offset, label: 'Windows RE tools' };
    expect(await expectRefusal(h, 'Format-RecoveryVolume', old, 'UnexpectedState')).toMatch(
      /not formatted over/,
    );
  });

  it('Enable-WinRe refuses a target that is not a recovery partition', async () => {
    const params = { diskUniqueId: diskId, partitionOffset: os.offset, imageSha256: '' };
    await expectRefusal(h, 'Enable-WinRe', params, 'IdentityMismatch');
  });

  it('Restore-RecoveryFiles refuses to run without a backup manifest', async () => {
    const params = { diskUniqueId: diskId, partitionOffset: re.offset, StateFolder: STATE_FOLDER };
    expect(await expectRefusal(h, 'Restore-RecoveryFiles', params, 'UnexpectedState')).toMatch(/manifest/);
  });

  it('Suspend-BitLockerProtection on an unprotected C: has nothing to do', async () => {
    const seq = mutations(h);
    const r = await h.scripts.run<{ changed: boolean; protectionStatus: number }>(
      'Suspend-BitLockerProtection',
      {
        mountPoint: 'C:',
        rebootCount: 1,
      },
    );
    expect(r).toMatchObject({ changed: false, protectionStatus: 0 });
    expect(mutations(h)).toBe(seq);
  });
});

describe('states the plan did not expect', () => {
  it('Disable-WinRe and Enable-WinRe refuse when WinRE is disabled and its image is gone', async () => {
    const h = await openStepHarness('win10-winre-disabled-wim-missing');
    try {
      expect(await expectRefusal(h, 'Disable-WinRe', {}, 'UnexpectedState')).toMatch(
        /no Winre.wim is staged/,
      );
      const m = h.machine<{ disks: { uniqueId: string; partitions: { offset: number }[] }[] }>();
      const params = {
        diskUniqueId: m.disks[0]!.uniqueId,
        partitionOffset: m.disks[0]!.partitions[3]!.offset,
      };
      await expectRefusal(h, 'Enable-WinRe', params, 'UnexpectedState');
    } finally {
      await h.dispose();
    }
  });

  it('Enable-WinRe refuses a target too small for WIM + 52 MiB instead of letting reagentc fall back to C:', async () => {
    type M = {
      disks: {
        uniqueId: string;
        partitions: { offset: number; volume?: { usedBytes: number; size: number } }[];
      }[];
    };
    const machine = JSON.parse(fs.readFileSync(fixturePath('win10-winre-disabled-wim-staged'), 'utf8')) as M;
    const target = machine.disks[0]!.partitions[3]!;
    target.volume!.usedBytes = target.volume!.size - 400 * MiB; // 400 MiB free < the ~435 MiB image + 52 MiB
    const h = await openStepHarness(machine);
    try {
      const params = { diskUniqueId: machine.disks[0]!.uniqueId, partitionOffset: target.offset };
      expect(await expectRefusal(h, 'Enable-WinRe', params, 'UnexpectedState')).toMatch(/falls back to C:/);
    } finally {
      await h.dispose();
    }
  });

  it('Enable-WinRe refuses when WinRE is already enabled elsewhere (on C:), and the health check says why', async () => {
    const h = await openStepHarness('win10-winre-on-c');
    try {
      const m = h.machine<{ disks: { uniqueId: string; partitions: { offset: number }[] }[] }>();
      const params = {
        diskUniqueId: m.disks[0]!.uniqueId,
        partitionOffset: m.disks[0]!.partitions[0]!.offset,
      };
      expect(await expectRefusal(h, 'Enable-WinRe', params, 'UnexpectedState')).toMatch(/the OS volume/);
      const before = state(h);
      const health = await h.scripts.run<{ healthy: boolean; checks: { name: string; ok: boolean }[] }>(
        'Test-WinReHealth',
        { ...params, requiredFree: 250 * MiB, imageSha256: '', label: 'Windows RE tools' },
      );
      expect(health.healthy).toBe(false);
      const failed = health.checks.filter((c) => !c.ok).map((c) => c.name);
      expect(failed).toEqual(expect.arrayContaining(['onTarget', 'notOnOsVolume', 'label', 'image']));
      expect(state(h)).toEqual(before);
    } finally {
      await h.dispose();
    }
  });

  it('Backup-RecoveryFiles refuses before copying anything when C: has no room for the backup', async () => {
    type M = {
      disks: {
        uniqueId: string;
        partitions: {
          offset: number;
          guid?: string;
          driveLetter?: string;
          volume?: { size: number; usedBytes: number };
        }[];
      }[];
    };
    const machine = JSON.parse(fs.readFileSync(fixturePath('win11-gpt-small-winre-en'), 'utf8')) as M;
    const disk = machine.disks[0]!;
    const c = disk.partitions.find((x) => x.driveLetter === 'C')!.volume!;
    c.usedBytes = c.size - 300 * MiB; // less than the ~537 MiB image + 64 MiB (the planner would refuse this PC)
    const re = disk.partitions[3]!;
    const h = await openStepHarness(machine);
    try {
      const params = {
        diskUniqueId: disk.uniqueId,
        partitionOffset: re.offset,
        partitionGuid: re.guid,
        StateFolder: STATE_FOLDER,
      };
      const before = state(h);
      const seq = mutations(h);
      await expect(h.scripts.run('Backup-RecoveryFiles', params)).rejects.toThrow(
        /UnexpectedState: the backup needs \d+ bytes on C: but only \d+ are free/,
      );
      // Only the temporary drive letter came and went.
      expect(mutationsSince(h, seq).filter((m) => !ACCESS_PATH_ONLY.test(m))).toEqual([]);
      expect(state(h)).toEqual(before);
    } finally {
      await h.dispose();
    }
  });

  it('Suspend-BitLockerProtection refuses while encryption is in progress', async () => {
    const h = await openStepHarness('win10-bitlocker-encrypting');
    try {
      const message = await expectRefusal(
        h,
        'Suspend-BitLockerProtection',
        { mountPoint: 'C:', rebootCount: 1 },
        'UnexpectedState',
      );
      expect(message).toMatch(/converting/);
    } finally {
      await h.dispose();
    }
  });

  it('Suspend-BitLockerProtection suspends a protected C: for one reboot, then finds it done', async () => {
    const h = await openStepHarness('win11-bitlocker-tpm');
    try {
      const params = { mountPoint: 'C:', rebootCount: 1 };
      const first = await h.scripts.run<{
        changed: boolean;
        protectionBefore: number;
        protectionStatus: number;
      }>('Suspend-BitLockerProtection', params);
      expect(first).toMatchObject({ changed: true, protectionBefore: 1, protectionStatus: 0 });
      type M = { disks: { partitions: { driveLetter?: string; volume?: { bitLocker?: object } }[] }[] };
      const c = h.machine<M>().disks[0]!.partitions.find((x) => x.driveLetter === 'C')!;
      expect(c.volume?.bitLocker).toMatchObject({ protectionStatus: 0, suspendedRebootCount: 1 });
      const after = state(h);
      const seq = mutations(h);
      const second = await h.scripts.run<{ changed: boolean }>('Suspend-BitLockerProtection', params);
      expect(second.changed).toBe(false);
      expect(mutations(h)).toBe(seq);
      expect(state(h)).toEqual(after);
    } finally {
      await h.dispose();
    }
  });

  it('Remove-RecoveryPartition never deletes the partition ReAgent.xml registers while /info lags until a restart', async () => {
    // The seed PC right after a deferred /enable (reagentc.enableDeferredUntilReboot): WinRE is in place on its
    // recovery partition and ReAgent.xml says InstallState 1 there, but /info says Disabled until the next reboot.
    type Machine = {
      pendingReboot?: object;
      disks: {
        uniqueId: string;
        partitions: { offset: number; size: number; guid?: string; gptType?: string }[];
      }[];
    };
    const machine = JSON.parse(fs.readFileSync(fixturePath('win11-gpt-small-winre-en'), 'utf8')) as Machine;
    machine.pendingReboot = { ...machine.pendingReboot, winreEnable: true };
    const disk = machine.disks[0]!;
    const winre = disk.partitions.find((x) => x.gptType === '{de94bba4-06d1-4d40-a16a-bfd50179d6ac}')!;
    const h = await openStepHarness(machine);
    try {
      const params = {
        diskUniqueId: disk.uniqueId,
        partitionOffset: winre.offset,
        partitionSize: winre.size,
        partitionGuid: winre.guid ?? '',
      };
      const message = await expectRefusal(h, 'Remove-RecoveryPartition', params, 'UnexpectedState');
      expect(message).toMatch(
        /ReAgent\.xml registers WinRE on the partition at offset \d+ \(InstallState 1\)/,
      );
    } finally {
      await h.dispose();
    }
  });
});

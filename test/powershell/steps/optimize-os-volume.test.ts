/**
 * ps-scripts/Optimize-OsVolume.ps1 (defrag C: /X before the last attempt of a refused shrink) against the simulated
 * PC: it runs defrag.exe on the running Windows' volume only, answers in its schema (validated by the bridge), and
 * refuses any other partition before defrag runs (no mutation, nothing released).
 */
import type { SimHarness } from '../../support/harness';
import type { Plan } from '../../../src/contracts/generated/plan';
import type { OptimizeOsVolume } from '../../../src/contracts/generated/optimize-os-volume';
import { expectRefusal, mutations, openStepHarness, planFor, state } from './helpers';

jest.setTimeout(240_000);

describe('Optimize-OsVolume on a PC whose unmovable files let go after defrag /X', () => {
  let h: SimHarness;
  let p: Plan;

  beforeAll(async () => {
    h = await openStepHarness('win10-c-unmovable-until-defrag');
    p = await planFor(h);
  });
  afterAll(async () => h.dispose());

  const params = (over: Record<string, unknown> = {}) => ({
    DiskUniqueId: p.target.disk!.uniqueId,
    PartitionOffset: p.target.osPartition!.offset,
    TimeLimitSeconds: 1800,
    ...over,
  });

  it('refuses a partition that is not the running Windows (the recovery partition): defrag never runs', async () => {
    await expectRefusal(
      h,
      'Optimize-OsVolume',
      params({ PartitionOffset: p.target.recoveryPartition!.offset }),
      'IdentityMismatch',
    );
  });

  it('refuses an offset where no partition starts', async () => {
    await expectRefusal(h, 'Optimize-OsVolume', params({ PartitionOffset: 12345 }), 'IdentityMismatch');
  });

  it('stops defrag.exe at its time limit: nothing released, no mutation, timedOut and no exit code', async () => {
    const before = mutations(h);
    const r = await h.scripts.run<OptimizeOsVolume>('Optimize-OsVolume', params({ TimeLimitSeconds: 60 }));
    expect(r).toMatchObject({ drive: 'C:', timedOut: true, exitCode: null, changed: true });
    expect(r.lastLines.join('\n')).toMatch(/Invoking free space consolidation on .*\(C:\)\.\.\./);
    expect(mutations(h)).toBe(before);
  });

  it('runs defrag C: /X to its end: exit 0, its report lines, one mutation that releases the files', async () => {
    const before = mutations(h);
    const r = await h.scripts.run<OptimizeOsVolume>('Optimize-OsVolume', params());
    expect(r).toMatchObject({ drive: 'C:', timedOut: false, exitCode: 0, changed: true });
    expect(r.lastLines[r.lastLines.length - 1]).toBe('The operation completed successfully.');
    expect(r.lastLines.join('\n')).toMatch(/Free space consolidation: +100% complete\./);
    expect(mutations(h)).toBe(before + 1);
    const m = state(h) as {
      disks: { partitions: { volume?: { unmovableFiles?: { released?: boolean } } }[] }[];
    };
    const u = m.disks[0]!.partitions.map((x) => x.volume?.unmovableFiles).find((x) => x !== undefined);
    expect(u?.released).toBe(true);
  });
});

/**
 * A power cut inside a step, then a simulated reboot (partitions renumbered in offset order, as Windows does),
 * then the same step again with the same params in a new session: it must pick up from whatever part of its
 * work reached the disk, and the rest of the recipe must end healthy. These are the steps with more than one
 * mutation inside (a copy loop, create + attributes, copy + /setreimage + /enable) and the one that must never
 * run twice (the shrink). The executor-level matrix (test/powershell/fix) cuts every mutation of a whole fix.
 */
import * as fs from 'node:fs';
import { rebootSimulatedMachine } from '../../../src/simulation/reboot';
import type { Plan } from '../../../src/contracts/generated/plan';
import { fixturePath, type SimHarness } from '../../support/harness';
import { mutations, openStepHarness, osPartition, paramsOf, planFor, type Machine } from './helpers';

jest.setTimeout(300_000);

interface Outcome {
  rerun: Record<string, unknown>;
  health: { healthy: boolean; checks: { name: string; ok: boolean }[] };
  machine: Machine;
  before: Machine;
  plan: Plan;
}

/** Runs the recipe up to `script`, cuts the power at the step's `nth` mutation, reboots, reruns and finishes. */
async function cutInside(
  fixture: string | object,
  script: string,
  nth: number,
  phase: 'before' | 'after',
): Promise<Outcome> {
  let h: SimHarness = await openStepHarness(fixture);
  const before = h.machine<Machine>();
  const plan = await planFor(h);
  const index = plan.steps.findIndex((s) => s.script === script);
  expect(index).toBeGreaterThanOrEqual(0);
  for (const step of plan.steps.slice(0, index))
    await h.scripts.run(step.script, paramsOf(plan, step.script));
  const file = JSON.parse(fs.readFileSync(h.machinePath, 'utf8')) as Record<string, unknown>;
  file['powerCut'] = { atMutation: mutations(h) + nth, phase };
  fs.writeFileSync(h.machinePath, JSON.stringify(file, null, 2));
  await expect(h.scripts.run(script, paramsOf(plan, script))).rejects.toThrow();
  expect(h.machine<{ powerCut: { fired?: boolean } }>().powerCut.fired).toBe(true);
  await rebootSimulatedMachine(h.machinePath);
  const afterCut = h.machine<Record<string, unknown>>();
  delete afterCut['powerCut'];
  await h.dispose();
  h = await openStepHarness(afterCut);
  try {
    const rerun = await h.scripts.run<Record<string, unknown>>(script, paramsOf(plan, script));
    for (const step of plan.steps.slice(index + 1)) {
      if (step.script === 'Remove-WinReFixBackup') continue;
      await h.scripts.run(step.script, paramsOf(plan, step.script));
    }
    const verify = plan.steps.find((s) => s.script === 'Test-WinReHealth')!;
    const health = await h.scripts.run<Outcome['health']>('Test-WinReHealth', verify.params);
    return { rerun, health, machine: h.machine<Machine>(), before, plan };
  } finally {
    await h.dispose();
  }
}

function expectHealthy(o: Outcome): void {
  expect(o.health.checks.filter((c) => !c.ok)).toEqual([]);
  expect(osPartition(o.machine).volume?.dataFingerprint).toBe(osPartition(o.before).volume?.dataFingerprint);
  // No temporary drive letter survives: the one a cut left on the old partition went with it.
  expect(o.machine.disks[0]!.partitions.filter((p) => p.driveLetter).map((p) => p.driveLetter)).toEqual([
    'C',
  ]);
}

const SEED = 'win11-gpt-small-winre-zh';

it('Backup-RecoveryFiles cut after the image was copied but before the manifest: the rerun backs up again', async () => {
  // Mutations of the step: letter, folder, copy, letter removed, manifest.tmp, rename.
  const o = await cutInside(SEED, 'Backup-RecoveryFiles', 3, 'after');
  expect(o.rerun['changed']).toBe(true);
  expectHealthy(o);
});

it('Resize-OsPartition cut right after the shrink landed: the rerun finds toSize and never shrinks again', async () => {
  const o = await cutInside(SEED, 'Resize-OsPartition', 1, 'after');
  expect(o.rerun['changed']).toBe(false);
  expect(osPartition(o.machine).size).toBe(osPartition(o.before).size - o.plan.sizing.shrinkOsBy);
  expectHealthy(o);
});

it('New-RecoveryPartition cut right after the create: the rerun finds it made, the attributes come later', async () => {
  // The plan defers the GPT attributes to Set-RecoveryPartitionAttributes after enable (fewer operations while
  // WinRE is disabled), so the rerun has nothing left to do and the later step sets the bits.
  const o = await cutInside(SEED, 'New-RecoveryPartition', 1, 'after');
  expect(o.rerun).toMatchObject({ changed: false, created: false, attributesSet: false });
  expectHealthy(o);
});

it('Enable-WinRe (set-image route) cut after the image copy: the rerun reuses the copy and enables in place', async () => {
  // win10-1507-recovery-first keeps its old recovery partition before C:. With an image 150 MiB smaller than
  // that partition's room, the partition is still too small for the policy (under 250 MiB free with the image)
  // but, once /disable moved the image out, big enough for reagent to pick instead of the new one: so the
  // image is copied and pinned with /setreimage. Mutations of the step: letter, folder, copy, /setreimage,
  // letter removed, /enable.
  const machine = JSON.parse(fs.readFileSync(fixturePath('win10-1507-recovery-first'), 'utf8')) as Machine;
  const old = machine.disks[0]!.partitions[0]!.volume! as NonNullable<
    Machine['disks'][0]['partitions'][0]['volume']
  > & {
    usedBytes: number;
  };
  const wim = old.files.find((f) => /Winre\.wim$/i.test(f.path))!;
  const room = old.size - old.usedBytes - old.files.filter((f) => f !== wim).reduce((n, f) => n + f.size, 0);
  wim.size = room - 150 * 1024 * 1024;
  const staged = machine.disks[0]!.partitions.flatMap((x) => x.volume?.files ?? []).filter((f) =>
    /Winre\.wim$/i.test(f.path),
  );
  expect(staged).toHaveLength(1);
  const o = await cutInside(machine, 'Enable-WinRe', 3, 'after');
  expect(o.rerun).toMatchObject({ changed: true, route: 'setreimage' });
  expectHealthy(o);
});

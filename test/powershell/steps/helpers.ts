/**
 * Helpers for the step-script tests: a simulated PC with the step scripts' needs met, the machine state without
 * the simulator's bookkeeping (trace counts every call, so a read-only rerun still changes it), and the plan the
 * real fact scripts + planner produce for it.
 */
import { openSimHarness, type SimHarness } from '../../support/harness';
import { gatherSnapshot } from '../../../src/engine/facts/gather';
import { plan } from '../../../src/domain/planner';
import type { Plan } from '../../../src/contracts/generated/plan';

/** A run's backup folder as the executor names it (state-paths.ts backupFolderOnPc: <runId> is 16 hex digits). */
export const STATE_FOLDER = 'C:\\ProgramData\\winre-fix\\backup\\0123456789abcdef';
/** Steps whose StateFolder the executor adds (executor.ts record()). */
const WITH_STATE_FOLDER = new Set(['Backup-RecoveryFiles', 'Restore-RecoveryFiles', 'Remove-WinReFixBackup']);

/**
 * Opens a harness on a fixture name or a machine object.
 * Work-around, not ours to fix: the simulated Test-Path (simulator/60-FileSystem.ps1) declares a parameter of type
 * [Microsoft.PowerShell.Commands.TestPathType], which a fresh session cannot resolve until the module that
 * defines it is loaded ('Unable to find type', reported to the simulator's owner); a real session on Windows
 * has no simulator, so loading the module here changes nothing the steps rely on.
 */
export async function openStepHarness(machine: string | object): Promise<SimHarness> {
  const h = openSimHarness(machine);
  await h.snippet('Import-Module Microsoft.PowerShell.Management');
  return h;
}

type Json = Record<string, unknown>;

/** The machine file without `trace` (call counters and the mutation log). */
export function state(h: SimHarness): Json {
  const m = h.machine<Json>();
  delete m['trace'];
  return m;
}

export function mutations(h: SimHarness): number {
  return (h.machine<{ trace: { mutations: number } }>().trace.mutations as number) ?? 0;
}

export async function planFor(h: SimHarness): Promise<Plan> {
  const snapshot = await gatherSnapshot(h.scripts, { takenAt: '2026-11-25T20:00:00Z', simulated: true });
  return plan(snapshot);
}

/** A plan step's params as the executor passes them (plus StateFolder for the steps that use the backup). */
export function paramsOf(p: Plan, script: string): Record<string, unknown> {
  const step = p.steps.find((s) => s.script === script);
  if (!step) throw new Error(`the plan has no ${script} step (${p.steps.map((s) => s.script).join(', ')})`);
  const params: Record<string, unknown> = { ...step.params };
  if (WITH_STATE_FOLDER.has(script)) params['StateFolder'] = STATE_FOLDER;
  return params;
}

export interface Part {
  number: number;
  offset: number;
  size: number;
  gptType?: string;
  gptAttributes?: string;
  mbrType?: number;
  guid?: string;
  driveLetter?: string;
  volume?: {
    fileSystem: string;
    label: string;
    size: number;
    dataFingerprint?: string;
    files: { path: string; size: number; sha256: string; hidden?: boolean }[];
  };
}
export interface Machine {
  disks: { uniqueId: string; partitionStyle: string; partitions: Part[] }[];
  winre: { status: string; location?: { diskUniqueId: string; partitionOffset: number } };
}

export function partitionAt(m: Machine, offset: number): Part | undefined {
  return m.disks[0]?.partitions.find((p) => p.offset === offset);
}

export function osPartition(m: Machine): Part {
  const c = m.disks[0]?.partitions.find((p) => p.driveLetter === 'C');
  if (!c) throw new Error('no C:');
  return c;
}

interface TraceLog {
  trace: { mutations: number; log: { seq: number; command: string; detail: string }[] };
}

/** Commands of the mutating operations the simulator logged after mutation number `since`. */
export function mutationsSince(h: SimHarness, since: number): string[] {
  return h
    .machine<TraceLog>()
    .trace.log.filter((e) => e.seq > since)
    .map((e) => e.command);
}

/** A temporary drive letter added and removed again is the only trace a "changed: false" rerun may leave. */
export const ACCESS_PATH_ONLY = /^(Add|Remove)-PartitionAccessPath$/;

/** Runs a step that must refuse: returns the error message and proves nothing changed (state and mutations). */
export async function expectRefusal(
  h: SimHarness,
  script: string,
  params: Record<string, unknown>,
  prefix: 'IdentityMismatch' | 'UnexpectedState',
): Promise<string> {
  const before = state(h);
  const mutationsBefore = mutations(h);
  let message = '';
  try {
    await h.scripts.run(script, params);
  } catch (error) {
    message = (error as Error).message;
  }
  if (!message.includes(`${prefix}:`)) {
    throw new Error(
      `${script} was expected to fail with ${prefix}: but ${message ? `failed with: ${message}` : 'succeeded'}`,
    );
  }
  if (mutations(h) !== mutationsBefore) {
    throw new Error(
      `${script} refused but mutated the machine: ${mutationsSince(h, mutationsBefore).join(', ')}`,
    );
  }
  expect(state(h)).toEqual(before);
  return message;
}

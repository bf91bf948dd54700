/**
 * Runs the real `fix`/`resume`/`audit` command handlers in-process against a simulated machine file, the way the
 * CLI would, but returning the exit code (a simulated power cut returns 29 instead of ending the test process;
 * nothing is written after the cut either way). Each call opens its own PowerShell session: nothing in memory
 * survives from one call to the next, as after a reboot.
 */
import * as fs from 'node:fs';
import { fix, type FixArgs } from '../../src/app/fix';
import { sessionOptions, type OpenSessionOptions } from '../../src/app/open-session';
import { PowerShellSession } from '../../src/adapters/powershell/session';
import { openRun, type RunArgs } from '../../src/app/run-context';
import { fixConsole } from '../../src/cli/commands/fix';
import type { ExitCodeValue } from '../../src/contracts/exit-codes';
import { JournalStore, type WriteHook } from '../../src/engine/journal';
import type { SharedPowerShellProcess } from '../../src/adapters/powershell/shared-process';

/** What only tests change about a run; production code has no such options. */
export interface FixSeams {
  /** Crash-state capture: called at each stage of every journal write. */
  readonly journalWriteHook?: WriteHook;
  /** Run in this warm, reset PowerShell process (the power-cut matrix). */
  readonly sharedProcess?: SharedPowerShellProcess;
}

/** A session as a run opens it (src/app/open-session.ts), in the warm `shared` process. */
export function openSharedSession(
  options: OpenSessionOptions,
  shared: SharedPowerShellProcess,
): PowerShellSession {
  return new PowerShellSession({ ...sessionOptions(options), shared });
}

/**
 * The fix use case with the CLI's console (plan, result lines, --json) but no prompt and no process exit on a
 * simulated power cut: the run returns 29 instead (the executor writes nothing after the cut either way).
 */
export function runFix(
  args: FixArgs,
  command: 'fix' | 'resume',
  seams: FixSeams = {},
): Promise<ExitCodeValue> {
  const { sharedProcess: shared, journalWriteHook: hook } = seams;
  return fix(args, command, fixConsole(args), {
    ...(shared
      ? { openRun: (options) => openRun({ ...options, openSession: (o) => openSharedSession(o, shared) }) }
      : {}),
    ...(hook ? { journalStore: (file) => new JournalStore(file, hook) } : {}),
  });
}

export function quietArgs(
  machinePath: string,
  extra: Partial<RunArgs> = {},
): RunArgs & { yes: boolean; 'retry-pause-seconds': number } {
  return {
    json: false,
    quiet: true,
    verbose: false,
    log: false,
    report: false,
    simulate: machinePath,
    'allow-server-core': false,
    yes: true,
    'retry-pause-seconds': 0,
    ...extra,
  };
}

/** Silences the console while `work` runs (the commands write to process.stdout/stderr). */
export async function silently<T>(
  work: () => Promise<T>,
): Promise<{ value: T; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const o = process.stdout.write.bind(process.stdout);
  const e = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => (
    out.push(String(chunk)),
    true
  )) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => (
    err.push(String(chunk)),
    true
  )) as typeof process.stderr.write;
  try {
    const value = await work();
    return { value, stdout: out.join(''), stderr: err.join('') };
  } finally {
    process.stdout.write = o;
    process.stderr.write = e;
  }
}

export async function fixInProcess(
  machinePath: string,
  command: 'fix' | 'resume' = 'fix',
  options: { sharedProcess?: SharedPowerShellProcess; args?: Partial<RunArgs> } = {},
): Promise<{ code: ExitCodeValue; stdout: string; stderr: string }> {
  const { args, ...seams } = options;
  const { value, stdout, stderr } = await silently(() =>
    runFix(quietArgs(machinePath, args ?? {}), command, seams),
  );
  return { code: value, stdout, stderr };
}

/** A run that did not end fixed (0) or fixed-pending-restart (3010), with the error lines it printed. */
export function exitProblems(run: { code: number; stderr: string }): string[] {
  if (run.code === 0 || run.code === 3010) return [];
  const lines = run.stderr.split('\n').filter((l) => /ERROR|winre-fix:/.test(l));
  return [`the run exited ${run.code}: ${lines.join(' | ')}`];
}

export function readMachine<T = MachineView>(machinePath: string): T {
  return JSON.parse(fs.readFileSync(machinePath, 'utf8')) as T;
}

export interface MachineView {
  winre: { status: string; location?: { diskUniqueId: string; partitionOffset: number } };
  disks: {
    uniqueId: string;
    number: number;
    partitions: {
      number: number;
      offset: number;
      size: number;
      gptType?: string;
      mbrType?: number;
      gptAttributes?: string;
      guid?: string;
      driveLetter?: string;
      volume?: {
        label: string;
        fileSystem: string;
        size: number;
        usedBytes: number;
        dataFingerprint?: string;
        files: { path: string; size: number; sha256: string }[];
      };
    }[];
  }[];
  trace: { mutations: number; log: { seq: number; command: string; detail: string }[]; boots: number };
  powerCut?: { atMutation: number; phase: 'before' | 'after'; fired?: boolean };
  faults: { command: string; onCall: number; error: string; fired?: boolean }[];
}

/** Where every copy of Winre.wim is (any volume), by sha256. */
export function wimCopies(
  m: MachineView,
): { diskUniqueId: string; offset: number; path: string; sha256: string }[] {
  const out: { diskUniqueId: string; offset: number; path: string; sha256: string }[] = [];
  for (const d of m.disks) {
    for (const p of d.partitions) {
      for (const f of p.volume?.files ?? []) {
        if (/\\winre\.wim$/i.test(f.path))
          out.push({ diskUniqueId: d.uniqueId, offset: p.offset, path: f.path, sha256: f.sha256 });
      }
    }
  }
  return out;
}

const STATUS_RECORD_KEY = /^HKLM:\\SOFTWARE\\winre-fix$/i;

/** A simulated mutation that wrote the status record (trace.log entry), not the PC's disks or state. */
export function isStatusRecordMutation(entry: { detail: string }): boolean {
  return /^HKLM:\\SOFTWARE\\winre-fix(\\|$| )/i.test(entry.detail);
}

/**
 * The machine file without winre-fix's status record (HKLM\SOFTWARE\winre-fix, src/engine/status-record.ts) and
 * the simulated mutations that wrote it. Every fix, resume and detect writes the record (a new LastRunUtc and
 * RunId each time) and no run ever reads it, so "the run changed nothing" means nothing but the record: compare
 * withoutStatusRecord(before) with withoutStatusRecord(after).
 */
export function withoutStatusRecord(text: string): string {
  const m = JSON.parse(text) as Record<string, unknown> & {
    registry?: Record<string, unknown>;
    trace?: { mutations: number; log: { seq: number; command: string; detail: string }[] };
  };
  if (m.registry) {
    for (const key of Object.keys(m.registry)) if (STATUS_RECORD_KEY.test(key)) delete m.registry[key];
    if (Object.keys(m.registry).length === 0) delete m.registry;
  }
  if (m.trace) {
    const isRecord = isStatusRecordMutation;
    const removed = m.trace.log.filter(isRecord).length;
    m.trace = {
      ...m.trace,
      mutations: m.trace.mutations - removed,
      log: m.trace.log.filter((e) => !isRecord(e)),
    };
  }
  return JSON.stringify(m, null, 2);
}

/** The status record's values as the machine file holds them (typed values unwrapped), or undefined. */
export function statusRecordOf(machinePath: string): Record<string, string | number> | undefined {
  const m = JSON.parse(fs.readFileSync(machinePath, 'utf8')) as {
    registry?: Record<string, Record<string, unknown>>;
  };
  const key = Object.keys(m.registry ?? {}).find((k) => STATUS_RECORD_KEY.test(k));
  if (!key) return undefined;
  const out: Record<string, string | number> = {};
  for (const [name, v] of Object.entries(m.registry![key]!)) {
    out[name] = (typeof v === 'object' && v !== null ? (v as { value: string | number }).value : v) as
      string | number;
  }
  return out;
}

/** The kinds of the status record's values (RegistryValueKind names), or undefined. */
export function statusRecordKinds(machinePath: string): Record<string, string> | undefined {
  const m = JSON.parse(fs.readFileSync(machinePath, 'utf8')) as {
    registry?: Record<string, Record<string, unknown>>;
  };
  const key = Object.keys(m.registry ?? {}).find((k) => STATUS_RECORD_KEY.test(k));
  if (!key) return undefined;
  return Object.fromEntries(
    Object.entries(m.registry![key]!).map(([n, v]) => [n, (v as { kind: string }).kind]),
  );
}

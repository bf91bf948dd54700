/**
 * The power-cut matrix by crash-state capture, the technique of crash-consistency checkers (ALICE,
 * OSDI 2014; CrashMonkey, OSDI 2018): ONE fix of a fixture runs with capture on, and at every instant a power
 * cut matters the persistent state is copied aside - the machine file and the tool's state folder:
 *  - before and after every mutating operation (the simulator copies them: machine.crashCapture);
 *  - in the middle of every journal write (the journal's write hook: the temp file half written, the journal
 *    itself still the previous version).
 * Each captured state is then what a cut at that instant leaves. It is restored into a fresh folder, rebooted
 * (renumbering, disk numbers, BitLocker count, as the fixture says) and handed to a NEW `winre-fix fix` with a
 * NEW PowerShell process: nothing of the capture run's memory exists there. An "after" state is also replayed
 * with the journal one write behind (the rename of the last write not yet durable when the power went).
 *
 * Several instants leave the same state (two mutations inside one step script with no journal write between
 * them: "after N" and "before N+1"). States are keyed by what the tool can read after the reboot - the machine
 * file and every state file except logs, reports and the journal's .tmp/.bak (JournalStore never reads those;
 * test/unit/engine/journal-lock.test.ts) and except the status record, which no run reads - and each distinct state
 * is replayed once; every cut point stays listed.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rebootSimulatedMachines } from '../../src/simulation/reboot';
import { fixturePath } from './harness';
import {
  exitProblems,
  fixInProcess,
  readMachine,
  silently,
  quietArgs,
  runFix,
  withoutStatusRecord,
  type MachineView,
} from './fix-runner';
import {
  baselineOf,
  invariantProblems,
  leftoverProblems,
  newPartitionProblems,
  type Baseline,
} from './fix-invariants';
import type { ExitCodeValue } from '../../src/contracts/exit-codes';
import type { SharedPowerShellProcess } from '../../src/adapters/powershell/shared-process';
import type { RunArgs } from '../../src/app/run-context';

const MACHINE = 'machine.json';
const STATE = `${MACHINE}.winre-fix`;

export interface CapturedRun {
  readonly fixture: string;
  /** Folder of the capture run: machine.json (the PC after the fix) and one sub-folder per cut point. */
  readonly dir: string;
  readonly machinePath: string;
  readonly baseline: Baseline;
  readonly code: ExitCodeValue;
  readonly stderr: string;
  /** Cut points in the order they happened (m###-before, m###-after, j###-mid-write). */
  readonly points: string[];
  readonly mutations: MachineView['trace']['log'];
  /** The command line's extra options (the catalog's, e.g. --wim; --safeos-package), given again to every replay (Intune reruns the same command). */
  readonly args: Partial<RunArgs>;
  /** A Safe OS patch alone: WinRE stays on its partition (no new-partition checks). */
  readonly patchOnly: boolean;
}

/** What a capture run starts from besides a committed fixture (a Safe OS patch: the machine with its package). */
export interface CaptureSetup {
  readonly machine?: object;
  readonly args?: Partial<RunArgs>;
  /** The version the patched image must read (Baseline.patchedVersion). */
  readonly patchedVersion?: string;
  readonly patchOnly?: boolean;
}

/** Runs one fix of `fixture` with capture on. The caller removes `dir`. */
export async function captureFix(fixture: string, setup: CaptureSetup = {}): Promise<CapturedRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-crash-'));
  const machinePath = path.join(dir, MACHINE);
  const statesDir = path.join(dir, 'states');
  const machine = (
    setup.machine
      ? JSON.parse(JSON.stringify(setup.machine))
      : JSON.parse(fs.readFileSync(fixturePath(fixture), 'utf8'))
  ) as MachineView & Record<string, unknown>;
  const args = setup.args ?? {};
  // With --wim the image the PC must end with is the supplied file (it replaces a damaged staged one).
  const supplied = args.wim ? suppliedImageSha256(machine, args.wim) : undefined;
  const baseline = {
    ...baselineOf(machine),
    ...(supplied ? { imageSha256: supplied } : {}),
    ...(setup.patchedVersion ? { patchedVersion: setup.patchedVersion } : {}),
  };
  const startMutations = machine.trace.mutations;
  machine['crashCapture'] = { folder: statesDir, companions: [path.join(dir, STATE)] };
  fs.writeFileSync(machinePath, JSON.stringify(machine, null, 2));
  let writes = 0;
  const { value, stderr } = await silently(() =>
    runFix(quietArgs(machinePath, args), 'fix', {
      journalWriteHook: (stage) => {
        if (stage !== 'temp-written') return;
        writes += 1;
        const label = `j${String(writes).padStart(3, '0')}-mid-write`;
        copyState(dir, path.join(statesDir, label));
        // The power went while the temp file was being written: only its first half reached the disk.
        const tmp = path.join(statesDir, label, STATE, 'journal.json.tmp');
        if (fs.existsSync(tmp)) {
          const bytes = fs.readFileSync(tmp);
          fs.writeFileSync(tmp, bytes.subarray(0, Math.floor(bytes.length / 2)));
        }
      },
    }),
  );
  // Order of the instants: the simulator names its copies by mutation number, the hook by journal write number;
  // the folders' creation order interleaves them as they happened.
  const entries = fs.existsSync(statesDir) ? fs.readdirSync(statesDir) : [];
  const born = new Map(entries.map((e) => [e, fs.statSync(path.join(statesDir, e)).birthtimeMs]));
  const points = entries.sort((a, b) => born.get(a)! - born.get(b)! || a.localeCompare(b));
  const after = readMachine(machinePath);
  // Leave the fixed PC as a normal machine file (no capture) for the caller's own checks.
  const clean = JSON.parse(fs.readFileSync(machinePath, 'utf8')) as Record<string, unknown>;
  delete clean['crashCapture'];
  fs.writeFileSync(machinePath, JSON.stringify(clean, null, 2));
  return {
    fixture,
    dir,
    machinePath,
    baseline,
    code: value,
    stderr,
    points,
    mutations: after.trace.log.filter((e) => e.seq > startMutations),
    args,
    patchOnly: setup.patchOnly ?? false,
  };
}

/** The SHA-256 of the file `--wim` names: on a simulated share (\\server\share\...) or on C:. */
function suppliedImageSha256(
  machine: MachineView & Record<string, unknown>,
  wim: string,
): string | undefined {
  const unc = /^\\\\([^\\]+)\\([^\\]+)(\\.*)$/.exec(wim);
  if (unc) {
    const shares = (machine['shares'] ?? []) as {
      server: string;
      share: string;
      files: { path: string; sha256: string }[];
    }[];
    const share = shares.find(
      (s) =>
        s.server.toLowerCase() === unc[1]!.toLowerCase() && s.share.toLowerCase() === unc[2]!.toLowerCase(),
    );
    return share?.files.find((f) => f.path.toLowerCase() === unc[3]!.toLowerCase())?.sha256;
  }
  const relative = wim.replace(/^[A-Za-z]:/, '').toLowerCase();
  return machine.disks
    .flatMap((d) => d.partitions)
    .find((p) => p.driveLetter === 'C')
    ?.volume?.files.find((f) => f.path.toLowerCase() === relative)?.sha256;
}

function copyState(runDir: string, target: string): void {
  fs.mkdirSync(target, { recursive: true });
  fs.copyFileSync(path.join(runDir, MACHINE), path.join(target, MACHINE));
  const state = path.join(runDir, STATE);
  if (fs.existsSync(state)) fs.cpSync(state, path.join(target, STATE), { recursive: true });
}

export interface Replay {
  /** Cut points that leave this same state (first one names it). */
  readonly points: string[];
  readonly dir: string;
}

/** What the tool can read after a reboot: the key that makes two cut points the same test. */
function stateKey(dir: string): string {
  const hash = createHash('sha256');
  const machine = JSON.parse(fs.readFileSync(path.join(dir, MACHINE), 'utf8')) as Record<string, unknown>;
  delete machine['crashCapture'];
  // The status record (HKLM\SOFTWARE\winre-fix) is written at the end of every run and never read by one: cuts
  // that differ only in how much of it was written leave the same state for the next run.
  hash.update(withoutStatusRecord(JSON.stringify(machine)));
  const walk = (folder: string, rel: string): void => {
    if (!fs.existsSync(folder)) return;
    for (const name of fs.readdirSync(folder).sort()) {
      const full = path.join(folder, name);
      const relName = rel ? `${rel}/${name}` : name;
      if (fs.statSync(full).isDirectory()) {
        if (rel === '' && (name === 'Logs' || name === 'Reports')) continue;
        walk(full, relName);
      } else if (!/\.(tmp|bak)$/.test(name)) {
        hash.update(`\0${relName}\0`);
        hash.update(fs.readFileSync(full));
      }
    }
  };
  walk(path.join(dir, STATE), '');
  return hash.digest('hex');
}

/**
 * Turns the captured cut points into the distinct states to replay, each in a folder of its own, prepared as
 * the PC is after the cut: capture switched off and, for the lost-write variant, the journal one write behind.
 */
export function prepareReplays(
  run: CapturedRun,
  options: {
    /** Which mutations' "after" states are also replayed with the journal one write behind. */
    loseJournalWrite: (mutation: CapturedRun['mutations'][number]) => boolean;
  },
): Replay[] {
  const bySeq = new Map(run.mutations.map((m) => [`m${String(m.seq).padStart(3, '0')}-after`, m]));
  const replays = new Map<string, { points: string[]; dir: string }>();
  const root = path.join(run.dir, 'replays');
  fs.mkdirSync(root, { recursive: true });
  const variants = (point: string): boolean[] =>
    bySeq.has(point) && options.loseJournalWrite(bySeq.get(point)!) ? [false, true] : [false];
  for (const point of run.points) {
    for (const lose of variants(point)) {
      const dir = path.join(root, `${point}${lose ? '-lost-write' : ''}`);
      fs.cpSync(path.join(run.dir, 'states', point), dir, { recursive: true });
      const file = path.join(dir, MACHINE);
      const machine = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
      delete machine['crashCapture'];
      fs.writeFileSync(file, JSON.stringify(machine, null, 2));
      const journal = path.join(dir, STATE, 'journal.json');
      if (lose) {
        if (!fs.existsSync(`${journal}.bak`)) {
          fs.rmSync(dir, { recursive: true, force: true });
          continue; // no earlier write to fall back to: the same state as without the variant
        }
        fs.copyFileSync(`${journal}.bak`, journal);
      }
      const key = stateKey(dir);
      const seen = replays.get(key);
      if (seen) {
        seen.points.push(path.basename(dir));
        fs.rmSync(dir, { recursive: true, force: true });
      } else {
        replays.set(key, { points: [path.basename(dir)], dir });
      }
    }
  }
  return [...replays.values()];
}

export interface ReplayResult {
  readonly points: string[];
  readonly code: number;
  readonly problems: string[];
}

/**
 * Reboots every prepared state (one pwsh for all: a reboot is the machine's doing), then resumes each with a
 * new `winre-fix fix` - new Node objects, and a PowerShell process that either is new or was reset to a new
 * one's state (SharedPowerShellProcess: same memory as a new process, without the cold start).
 */
export async function replayAll(
  run: CapturedRun,
  replays: readonly Replay[],
  sharedProcess?: SharedPowerShellProcess,
  /** More problems of the machine after each replay's run (a test's own promise, e.g. the kept copy). */
  check?: (after: MachineView) => string[],
): Promise<ReplayResult[]> {
  await rebootSimulatedMachines(replays.map((r) => path.join(r.dir, MACHINE)));
  const results: ReplayResult[] = [];
  const shared = sharedProcess ? { sharedProcess } : {};
  const withArgs = { ...shared, args: run.args };
  for (const r of replays) {
    const file = path.join(r.dir, MACHINE);
    const problems: string[] = [];
    // What runs at boot is the startup task's `winre-fix resume`. With no journal yet (cut between registering
    // the task and the first journal write) it has nothing to resume and must still leave no task behind; it
    // says what the PC needs: 20 (the fix is still needed: nothing was changed yet) is a right answer there.
    // A fixture fixed with --wim: the startup task does not carry the option, and a PC still without its image
    // is refused there (21) until the deployment tool runs `fix --wim` again.
    if (!fs.existsSync(path.join(r.dir, STATE, 'journal.json'))) {
      const boot = await fixInProcess(file, 'resume', withArgs);
      const unchanged = run.args.wim !== undefined ? [20, 21] : [20];
      if (!unchanged.includes(boot.code)) problems.push(...exitProblems(boot));
      problems.push(...leftoverProblems(readMachine(file)).map((p) => `after resume: ${p}`));
    }
    const resume = await fixInProcess(file, 'fix', withArgs);
    const after = readMachine(file);
    problems.push(
      ...invariantProblems(after, run.baseline),
      ...(run.patchOnly ? [] : newPartitionProblems(after, run.baseline)),
      ...leftoverProblems(after),
      ...exitProblems(resume),
      ...(check ? check(after) : []),
    );
    results.push({ points: r.points, code: resume.code, problems });
    fs.rmSync(r.dir, { recursive: true, force: true });
  }
  return results;
}

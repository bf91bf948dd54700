/**
 * The run lock against real winre-fix processes on a simulated PC (docs/reference/fleet-tools.md#one-run-at-a-time):
 *  - node killed (SIGKILL) in the middle of a long shrink: its PowerShell finishes the shrink and only then
 *    exits (end of input); until then it holds the lock, so a second `fix` answers 1618 and runs no script; once
 *    it is gone, a `fix` resumes from the journal and ends fixed;
 *  - a second `fix` while a first one is between delete and create answers 1618 before any fact script runs
 *    (the simulator's call counts and the run's own log show it), 20 times; `detect` and `audit` during the run
 *    say a run is in progress instead of judging a half-changed PC.
 * A slow command is a declared simulator fault with `delayMs` (docs/simulation.md).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ExitCode } from '../../../src/cli/exit-codes';
import { projectRoot } from '../../../src/project-root';
import { rebootSimulatedMachine } from '../../../src/simulation/reboot';
import { fixturePath } from '../../support/harness';
import { readMachine, type MachineView } from '../../support/fix-runner';
import { baselineOf, invariantProblems } from '../../support/fix-invariants';

jest.setTimeout(900_000);

const MAIN = path.join(projectRoot(), 'src', 'cli', 'main.ts');
/** Linux cuts exit codes to 8 bits: 1618 arrives as 82. */
const RETRY_ON_THIS_OS = process.platform === 'win32' ? ExitCode.Retry : ExitCode.Retry & 0xff;

interface Cli {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function cli(args: string[]): Cli {
  const started = Date.now();
  const r = spawnSync(process.execPath, ['-r', require.resolve('tsx/cjs'), MAIN, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}

/** `group`: in a process group of its own, so that node and its PowerShell can be killed together. */
function cliAsync(args: string[], group = false): ChildProcess {
  return spawn(process.execPath, ['-r', require.resolve('tsx/cjs'), MAIN, ...args], {
    stdio: ['ignore', 'ignore', 'ignore'],
    detached: group,
  });
}

function unattended(command: 'fix' | 'resume', file: string): string[] {
  return [command, '--simulate', file, '--yes', '--no-log', '--quiet', '--retry-pause-seconds', '0'];
}

type Machine = Omit<MachineView, 'faults'> &
  Record<string, unknown> & {
    faults?: { command: string; onCall: number; error?: string; delayMs?: number; fired?: boolean }[];
    trace: MachineView['trace'] & { calls: Record<string, number> };
  };

function machineWith(faults: NonNullable<Machine['faults']>): {
  file: string;
  dir: string;
  base: ReturnType<typeof baselineOf>;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-lockproc-'));
  const file = path.join(dir, 'machine.json');
  const machine = JSON.parse(fs.readFileSync(fixturePath('win11-gpt-small-winre-en'), 'utf8')) as Machine;
  const base = baselineOf(machine as unknown as MachineView);
  machine.faults = faults.map((f) => ({ ...f, onCall: (machine.trace.calls[f.command] ?? 0) + f.onCall }));
  fs.writeFileSync(file, JSON.stringify(machine, null, 2));
  return { file, dir, base };
}

async function until(what: string, test: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function delayFired(file: string, command: string): boolean {
  try {
    return (readMachine<Machine>(file).faults ?? []).some((f) => f.command === command && f.fired === true);
  } catch {
    return false; // caught mid-write
  }
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

/** Fact scripts' first simulated commands; a never-firing fault makes the simulator persist their call counts. */
const WATCHED = ['Get-Disk', 'Get-Partition', 'reagentc /info', 'Get-BitLockerVolume'];
const watchFaults = WATCHED.map((command) => ({ command, onCall: 1_000_000, error: 'AccessDenied' }));

function calls(file: string): Record<string, number> {
  const c = readMachine<Machine>(file).trace.calls;
  return Object.fromEntries(WATCHED.map((w) => [w, c[w] ?? 0]));
}

interface LogLine {
  message: string;
  fields: Record<string, unknown>;
}

function jsonlLines(dir: string): LogLine[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n'))
    .filter((l) => l.trim().length > 0)
    .map((l) => JSON.parse(l) as LogLine);
}

describe('the run lock across real processes', () => {
  it('a run cut after mutation 11 and nobody holding the lock: audit and detect say unfinished, not compliant', async () => {
    const { file, dir, base } = machineWith([]);
    const m = readMachine<Machine & { powerCut?: unknown }>(file);
    m.powerCut = { atMutation: m.trace.mutations + 11, phase: 'after' };
    fs.writeFileSync(file, JSON.stringify(m, null, 2));
    expect(cli(unattended('fix', file)).code).toBe(ExitCode.SimulatedPowerCut);
    await rebootSimulatedMachine(file);

    const audit = cli(['audit', '--simulate', file, '--no-log', '--json']);
    expect(audit.code).toBe(ExitCode.FailedDegraded);
    expect(JSON.parse(audit.stdout)).toMatchObject({
      verdict: 'unfinished',
      run: { state: 'unfinished', phase: 'applying' },
    });
    const detect = cli(['detect', '--simulate', file, '--no-log']);
    expect(detect.code).toBe(ExitCode.RemediationNeeded); // Intune then runs `fix`, which resumes
    expect(detect.stdout).toMatch(/^winre-fix UNFINISHED: /);
    expect(cli(['status', '--simulate', file, '--no-log', '--no-live']).code).toBe(ExitCode.FailedDegraded);

    expect(cli(unattended('fix', file)).code).toBe(0);
    expect(invariantProblems(readMachine(file), base)).toEqual([]);
    expect(cli(['audit', '--simulate', file, '--no-log']).code).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('node killed mid-shrink: the orphan PowerShell keeps the lock until its shrink ends; then fix resumes', async () => {
    const { file, dir, base } = machineWith([{ command: 'Resize-Partition', onCall: 1, delayMs: 20_000 }]);
    const first = cliAsync(unattended('fix', file));
    await until('the shrink to start', () => delayFired(file, 'Resize-Partition'), 120_000);
    const mutationsAtKill = readMachine<Machine>(file).trace.mutations;
    first.kill('SIGKILL');
    await exited(first);

    // node is gone; its PowerShell is still inside Resize-Partition and still holds the lock.
    const secondLog = path.join(dir, 'second');
    const second = cli([
      'fix',
      '--simulate',
      file,
      '--yes',
      '--json',
      '--log-dir',
      secondLog,
      '--retry-pause-seconds',
      '0',
    ]);
    expect(second.code).toBe(RETRY_ON_THIS_OS);
    expect(JSON.parse(second.stdout.trim().split('\n').pop() ?? '{}')).toMatchObject({ exitCode: 1618 });
    expect(jsonlLines(secondLog).filter((l) => l.message.startsWith('Fact '))).toEqual([]);
    // ... and it ran nothing: the shrink is still in flight, nothing else changed the PC meanwhile.
    expect(readMachine<Machine>(file).trace.mutations).toBe(mutationsAtKill);
    const status = cli(['status', '--simulate', file, '--no-log', '--no-live']);
    expect(status.code).toBe(RETRY_ON_THIS_OS);
    expect(status.stdout).toMatch(/in progress/);

    // The orphan finishes its command, reads the end of its input and exits: the lock goes with it.
    await until(
      'the orphan PowerShell to finish the shrink and exit',
      () => cli(['status', '--simulate', file, '--no-log', '--no-live']).code !== RETRY_ON_THIS_OS,
      120_000,
    );
    expect(readMachine<Machine>(file).trace.mutations).toBeGreaterThan(mutationsAtKill); // the shrink did happen
    const resumed = cli(unattended('fix', file));
    expect(resumed.code).toBe(0);
    expect(invariantProblems(readMachine(file), base)).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a second fix during a fix answers 1618 before any fact script, 20 times; detect and audit say in progress', async () => {
    const { file, dir, base } = machineWith([
      { command: 'New-Partition', onCall: 1, delayMs: 900_000 },
      ...watchFaults,
    ]);
    const first = cliAsync(unattended('fix', file), true);
    const firstDone = exited(first);
    let firstEnded = false;
    void firstDone.then(() => (firstEnded = true));
    // New-Partition runs between the delete of the old recovery partition and the create of the new one.
    await until('New-Partition to start', () => delayFired(file, 'New-Partition'), 180_000);
    const before = calls(file);
    const mutations = readMachine<Machine>(file).trace.mutations;

    const times: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const logDir = path.join(dir, `second-${i}`);
      const run = cli([
        'fix',
        '--simulate',
        file,
        '--yes',
        '--json',
        '--log-dir',
        logDir,
        '--retry-pause-seconds',
        '0',
      ]);
      expect(firstEnded).toBe(false); // every second run met the first one in flight
      expect(run.code).toBe(RETRY_ON_THIS_OS);
      expect(JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}')).toMatchObject({ exitCode: 1618 });
      // Its own log: started, finished with 1618, and not one fact read in between.
      // (src/logging/events.ts: a fact-gathered event is logged as "Fact <name>: ...").
      const lines = jsonlLines(logDir);
      expect(lines.some((l) => l.fields['exitCode'] === 1618)).toBe(true);
      expect(lines.filter((l) => l.message.startsWith('Fact '))).toEqual([]);
      times.push(run.ms);
    }
    // The simulator counted no call of any fact command by the 20 runs, and no mutation.
    expect(calls(file)).toEqual(before);
    expect(readMachine<Machine>(file).trace.mutations).toBe(mutations);

    const detect = cli(['detect', '--simulate', file, '--no-log']);
    expect(detect.code).toBe(0);
    expect(detect.stdout.trim().split('\n')).toHaveLength(1);
    expect(detect.stdout).toMatch(/^winre-fix IN PROGRESS: .*phase applying/);
    const audit = cli(['audit', '--simulate', file, '--no-log', '--json']);
    expect(audit.code).toBe(RETRY_ON_THIS_OS);
    expect(JSON.parse(audit.stdout)).toMatchObject({
      verdict: 'in-progress',
      run: { state: 'in-progress', phase: 'applying' },
      plan: null,
    });
    expect(firstEnded).toBe(false);
    expect(calls(file)).toEqual(before);

    const sorted = [...times].sort((a, b) => a - b);
    process.stdout.write(
      `second fix answers 1618 in (ms, whole CLI process incl. node+tsx start): min ${sorted[0]} median ${sorted[10]} max ${sorted[19]}\n`,
    );
    // The first run never gets to finish its 15-minute New-Partition: its node and PowerShell lose power together
    // (the whole process group is killed), and the next fix resumes from the journal and ends fixed.
    process.kill(-(first.pid ?? 0), 'SIGKILL');
    await firstDone;
    expect(cli(unattended('fix', file)).code).toBe(0);
    expect(invariantProblems(readMachine(file), base)).toEqual([]);
    // The log check above is not vacuous: a run that does read the PC logs its facts that way.
    const control = path.join(dir, 'control');
    expect(cli(['audit', '--simulate', file, '--log-dir', control]).code).toBe(0);
    expect(jsonlLines(control).filter((l) => l.message.startsWith('Fact ')).length).toBeGreaterThan(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

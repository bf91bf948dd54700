/**
 * Run-lock benchmark: how long a second `winre-fix fix` takes to answer 1618 while a first one is in
 * the middle of its work (a simulated New-Partition made slow by a `delayMs` fault). Two figures per run: the
 * whole CLI process (node + tsx start, PowerShell start, the state-folder check, the lock attempts) and the run's
 * own duration from its log (from run start to the 1618 verdict). For scale, the cold start of one bare pwsh
 * that prints nothing. Prints figures; asserts nothing.
 * Run: npx tsx bench/lock-busy.ts [runs]
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { locatePowerShell } from '../src/adapters/powershell/locate';
import { projectRoot } from '../src/project-root';

const runs = Number(process.argv[2] ?? 10);
const root = projectRoot();
const main = path.join(root, 'src', 'cli', 'main.ts');
const tsx = require.resolve('tsx/cjs');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-bench-lock-'));
const file = path.join(dir, 'machine.json');

interface Fault {
  command: string;
  onCall: number;
  delayMs?: number;
  fired?: boolean;
}
const machine = JSON.parse(
  fs.readFileSync(path.join(root, 'test', 'fixtures', 'machines', 'win11-gpt-small-winre-en.json'), 'utf8'),
) as { faults?: Fault[]; trace: { calls: Record<string, number> } };
machine.faults = [
  { command: 'New-Partition', onCall: (machine.trace.calls['New-Partition'] ?? 0) + 1, delayMs: 600_000 },
];
fs.writeFileSync(file, JSON.stringify(machine, null, 2));

function fired(): boolean {
  try {
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as { faults?: Fault[] };
    return (m.faults ?? []).some((f) => f.fired === true);
  } catch {
    return false;
  }
}

function stats(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  return `min ${s[0]} median ${s[Math.floor(s.length / 2)]} max ${s[s.length - 1]} ms`;
}

async function main_(): Promise<void> {
  const first = spawn(
    process.execPath,
    [
      '-r',
      tsx,
      main,
      'fix',
      '--simulate',
      file,
      '--yes',
      '--no-log',
      '--quiet',
      '--retry-pause-seconds',
      '0',
    ],
    { stdio: 'ignore', detached: true },
  );
  const deadline = Date.now() + 300_000;
  while (!fired()) {
    if (Date.now() > deadline) throw new Error('the first fix never reached New-Partition');
    await new Promise((r) => setTimeout(r, 100));
  }
  const wall: number[] = [];
  const inRun: number[] = [];
  const codes = new Set<number | null>();
  for (let i = 0; i < runs; i += 1) {
    const logDir = path.join(dir, `log-${i}`);
    const started = Date.now();
    const r = spawnSync(
      process.execPath,
      ['-r', tsx, main, 'fix', '--simulate', file, '--yes', '--quiet', '--log-dir', logDir],
      { encoding: 'utf8' },
    );
    wall.push(Date.now() - started);
    codes.add(r.status);
    const finished = fs
      .readFileSync(path.join(logDir, 'winre-fix.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"exitCode"'))
      .map((l) => JSON.parse(l) as { fields: { durationMs: number } })[0];
    if (finished) inRun.push(finished.fields.durationMs);
  }
  const pwshStart: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const started = Date.now();
    spawnSync(locatePowerShell().executable, ['-NoProfile', '-NonInteractive', '-Command', 'exit 0']);
    pwshStart.push(Date.now() - started);
  }
  // Our first fix (node and its PowerShell: one process group) is stopped here, mid-delay; the copy is thrown away.
  process.kill(-(first.pid ?? 0), 'SIGKILL');
  console.log(`second fix while a fix runs: exit codes ${[...codes].join(',')} (82 = 1618 cut to 8 bits)`);
  console.log(`  whole CLI process:        ${stats(wall)} (${runs} runs)`);
  console.log(`  run start -> 1618 (log):  ${stats(inRun)}`);
  console.log(`  one bare pwsh cold start: ${stats(pwshStart)}`);
  fs.rmSync(dir, { recursive: true, force: true });
}

void main_();

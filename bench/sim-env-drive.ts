/**
 * Benchmark (not a test): what the case-insensitive Env: drive (simulator/51-Environment.ps1) costs the simulator's
 * load, which every simulated session and every simulated program's process (reagentc.exe, diskpart.exe ...) pays.
 *   npx tsx bench/sim-env-drive.ts [runs=5] [fixture=win11-bitlocker-tpm]
 * Each figure is the median over `runs` new pwsh processes (modes interleaved) of:
 *  - load: New-Module | Import-Module of the simulator library, machine set (as a session and a program load it);
 *  - process: the whole `pwsh -File` (start, load, exit), what a simulated program adds per call.
 * Modes: "no drive" (Enable-SimEnvDrive made a no-op: the load without the drive, for comparison), "cached" (the
 * compiled provider already in $WINREFIX_SIM_BIN: the usual case), "cold" (an empty $WINREFIX_SIM_BIN: the first
 * process after a simulator change compiles and stores it), "in memory" (no $WINREFIX_SIM_BIN and the temp
 * folder's fallback made unsafe, writable by others: compiled at each load).
 * Then Enable-SimEnvDrive alone with the provider cached (the part of "cached" the drive adds), median.
 * Prints figures; asserts nothing. Numbers depend on the machine and its load; compare ratios.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { locatePowerShell } from '../src/adapters/powershell/locate';
import { projectRoot } from '../src/project-root';
import { simulatorLibrary } from '../src/simulation/simulator-library';

const runs = Number(process.argv[2] ?? 5);
const fixture = process.argv[3] ?? 'win11-bitlocker-tpm';

type Mode = 'no drive' | 'cached' | 'cold' | 'in memory';
const modes: Mode[] = ['no drive', 'cached', 'cold', 'in memory'];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-bench-envdrive-'));
const pwsh = locatePowerShell().executable;
const source = simulatorLibrary().source;
const noDrive = source.replace('function Enable-SimEnvDrive {', 'function Enable-SimEnvDrive {\n    return');
if (noDrive === source) throw new Error('Enable-SimEnvDrive not found in the simulator library');
fs.writeFileSync(path.join(work, 'simulator.ps1'), source);
fs.writeFileSync(path.join(work, 'simulator-no-drive.ps1'), noDrive);
const machine = path.join(work, 'machine.json');
fs.copyFileSync(path.join(projectRoot(), 'test', 'fixtures', 'machines', `${fixture}.json`), machine);
const probe = path.join(work, 'probe.ps1');
fs.writeFileSync(
  probe,
  [
    '$sw = [System.Diagnostics.Stopwatch]::StartNew()',
    "New-Module -Name 'WinReFix.Simulator' -ScriptBlock ([ScriptBlock]::Create([System.IO.File]::ReadAllText($args[0]))) | Import-Module -DisableNameChecking",
    '$ms = $sw.Elapsed.TotalMilliseconds',
    "[Console]::Out.WriteLine(([string]$ms) + ' ' + (Get-PSDrive -Name Env).Provider.Name + ' ' + [string]$env:tEmP)",
  ].join('\n'),
);
const cachedBin = fs.mkdtempSync(path.join(work, 'bin-'));
// A temp folder whose fallback cache folder others may write to: simulator/51-Environment.ps1 refuses it.
const unsafeTemp = fs.mkdtempSync(path.join(work, 'tmp-'));
const unsafeCache = path.join(unsafeTemp, `winre-fix-sim-envdrive-${String(process.getuid?.() ?? 0)}`);
fs.mkdirSync(unsafeCache);
fs.chmodSync(unsafeCache, 0o777);

function once(mode: Mode): { load: number; total: number } {
  const env: NodeJS.ProcessEnv = { ...process.env, WINREFIX_SIM_MACHINE: machine };
  delete env['WINREFIX_SIM_BIN'];
  if (mode === 'cached') env['WINREFIX_SIM_BIN'] = cachedBin;
  if (mode === 'cold') env['WINREFIX_SIM_BIN'] = fs.mkdtempSync(path.join(work, 'bin-'));
  if (mode === 'in memory') env['TMPDIR'] = unsafeTemp;
  const library = path.join(work, mode === 'no drive' ? 'simulator-no-drive.ps1' : 'simulator.ps1');
  const t = performance.now();
  const r = spawnSync(pwsh, ['-NoProfile', '-NonInteractive', '-File', probe, library], {
    encoding: 'utf8',
    env,
  });
  const total = performance.now() - t;
  const [load, provider, temp] = r.stdout.trim().split(' ');
  const wanted = mode === 'no drive' ? 'Environment' : 'SimEnvironment';
  const compiledInMemory = mode !== 'in memory' || fs.readdirSync(unsafeCache).length === 0;
  if (
    r.status !== 0 ||
    provider !== wanted ||
    (mode !== 'no drive' && temp !== 'C:\\Windows\\TEMP') ||
    !compiledInMemory
  ) {
    throw new Error(`${mode}: exit ${String(r.status)}, ${r.stdout} ${r.stderr}`);
  }
  return { load: Number(load), total };
}

/** Enable-SimEnvDrive alone, the provider cached: the simulator loaded without a machine (so it has not run). */
function enableOnly(): number {
  const env: NodeJS.ProcessEnv = { ...process.env, WINREFIX_SIM_BIN: cachedBin };
  delete env['WINREFIX_SIM_MACHINE'];
  const code = [
    "$m = New-Module -Name 'WinReFix.Simulator' -ScriptBlock ([ScriptBlock]::Create([System.IO.File]::ReadAllText($args[0]))) | Import-Module -DisableNameChecking -PassThru",
    '$sw = [System.Diagnostics.Stopwatch]::StartNew()',
    '& $m { Enable-SimEnvDrive }',
    "[Console]::Out.WriteLine(([string]$sw.Elapsed.TotalMilliseconds) + ' ' + (Get-PSDrive -Name Env).Provider.Name)",
  ].join('\n');
  const file = path.join(work, 'enable.ps1');
  fs.writeFileSync(file, code);
  const r = spawnSync(
    pwsh,
    ['-NoProfile', '-NonInteractive', '-File', file, path.join(work, 'simulator.ps1')],
    {
      encoding: 'utf8',
      env,
    },
  );
  const [ms, provider] = r.stdout.trim().split(' ');
  if (r.status !== 0 || provider !== 'SimEnvironment') throw new Error(`enable: ${r.stdout} ${r.stderr}`);
  return Number(ms);
}

function main(): void {
  console.log(`fixture ${fixture}, ${runs} processes per mode, load average ${os.loadavg()[0]!.toFixed(1)}`);
  once('cached'); // fills the cache (and warms the disk cache for every mode)
  const figures = new Map<Mode, { load: number[]; total: number[] }>(
    modes.map((m) => [m, { load: [], total: [] }]),
  );
  for (let i = 0; i < runs; i++) {
    for (const mode of modes) {
      const r = once(mode);
      figures.get(mode)!.load.push(r.load);
      figures.get(mode)!.total.push(r.total);
    }
  }
  const base = figures.get('no drive')!;
  for (const mode of modes) {
    const f = figures.get(mode)!;
    const load = median(f.load);
    const total = median(f.total);
    const extra = mode === 'no drive' ? '' : ` (+${(load - median(base.load)).toFixed(0)} ms load)`;
    console.log(
      `${mode.padEnd(10)} simulator load ${load.toFixed(0).padStart(5)} ms, whole process ${total.toFixed(0).padStart(5)} ms${extra}`,
    );
  }
  const enable = median(Array.from({ length: runs }, () => enableOnly()));
  console.log(
    `Enable-SimEnvDrive alone, provider cached: ${enable.toFixed(0)} ms (load the DLL, import, swap the drive)`,
  );
  fs.rmSync(work, { recursive: true, force: true });
}

main();

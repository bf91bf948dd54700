/**
 * Benchmark (not a test): what the .NET stand-ins (simulator/55-DotNet.ps1: File, Directory, Path, Environment,
 * StreamWriter/Reader in PowerShell's type cache) cost a simulated session's load, and a .NET call through them.
 *   npx tsx bench/sim-dotnet.ts [runs=5] [fixture=win10-22h2-gpt-small-winre]
 * Each load figure is the median over `runs` new pwsh processes (modes interleaved) of New-Module | Import-Module
 * of the simulator library with a machine set, as a session loads it:
 *  - "no stand-ins": Install-SimDotNetStandIns made a no-op (the load without them, for comparison);
 *  - "cached": the compiled stand-ins already in the cache folder (XDG_CACHE_HOME/winre-fix-sim): the usual case;
 *  - "cold": an empty cache folder (the first session after a simulator change compiles and stores them).
 * Then, in one cached session: a real [System.IO.File]::ReadAllText of a host file through the stand-in (forwarded)
 * and of a simulated C:\ file (served by the simulator), mean per call over 200 calls.
 * Prints figures; asserts nothing. Numbers depend on the machine and its load; compare ratios.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { locatePowerShell } from '../src/adapters/powershell/locate';
import { projectRoot } from '../src/project-root';
import { simulatorLibrary } from '../src/simulation/simulator-library';

const runs = Number(process.argv[2] ?? 5);
const fixture = process.argv[3] ?? 'win10-22h2-gpt-small-winre';

type Mode = 'no stand-ins' | 'cached' | 'cold';
const modes: Mode[] = ['no stand-ins', 'cached', 'cold'];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-bench-dotnet-'));
const pwsh = locatePowerShell().executable;
const source = simulatorLibrary().source;
const without = source.replace(
  'function Install-SimDotNetStandIns {',
  'function Install-SimDotNetStandIns {\n    return',
);
if (without === source) throw new Error('Install-SimDotNetStandIns not found in the simulator library');
fs.writeFileSync(path.join(work, 'simulator.ps1'), source);
fs.writeFileSync(path.join(work, 'simulator-without.ps1'), without);
const machine = path.join(work, 'machine.json');
const hostFile = path.join(work, 'host.txt');
fs.writeFileSync(hostFile, 'host');
const load =
  "New-Module -Name 'WinReFix.Simulator' -ScriptBlock ([ScriptBlock]::Create([System.IO.File]::ReadAllText($args[0]))) | Import-Module -DisableNameChecking";
const probe = path.join(work, 'probe.ps1');
fs.writeFileSync(
  probe,
  [
    '$sw = [System.Diagnostics.Stopwatch]::StartNew()',
    load,
    '$ms = $sw.Elapsed.TotalMilliseconds',
    // A new script block: resolved after the load, as a script the session runs next.
    "[Console]::Out.WriteLine(([string]$ms) + ' ' + (& ([scriptblock]::Create('[System.IO.File].FullName'))))",
  ].join('\n'),
);
const cachedHome = fs.mkdtempSync(path.join(work, 'cache-'));

function once(mode: Mode): number {
  fs.copyFileSync(path.join(projectRoot(), 'test', 'fixtures', 'machines', `${fixture}.json`), machine);
  const env: NodeJS.ProcessEnv = { ...process.env, WINREFIX_SIM_MACHINE: machine };
  delete env['WINREFIX_SIM_HOST'];
  env['XDG_CACHE_HOME'] = mode === 'cold' ? fs.mkdtempSync(path.join(work, 'cache-')) : cachedHome;
  const library = path.join(work, mode === 'no stand-ins' ? 'simulator-without.ps1' : 'simulator.ps1');
  const r = spawnSync(pwsh, ['-NoProfile', '-NonInteractive', '-File', probe, library], {
    encoding: 'utf8',
    env,
  });
  const [ms, type] = r.stdout.trim().split(' ');
  const wanted = mode === 'no stand-ins' ? 'System.IO.File' : 'WinReFixSim.File';
  if (r.status !== 0 || type !== wanted)
    throw new Error(`${mode}: exit ${String(r.status)}, ${r.stdout} ${r.stderr}`);
  return Number(ms);
}

function calls(): { host: number; simulated: number } {
  fs.copyFileSync(path.join(projectRoot(), 'test', 'fixtures', 'machines', `${fixture}.json`), machine);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    WINREFIX_SIM_MACHINE: machine,
    XDG_CACHE_HOME: cachedHome,
  };
  delete env['WINREFIX_SIM_HOST'];
  const file = path.join(work, 'calls.ps1');
  fs.writeFileSync(
    file,
    [
      load,
      "& ([scriptblock]::Create(@'",
      "[System.IO.File]::WriteAllText('C:\\Windows\\Temp\\bench.txt', 'simulated')",
      '$sw = [System.Diagnostics.Stopwatch]::StartNew()',
      'for ($i = 0; $i -lt 200; $i++) { $null = [System.IO.File]::ReadAllText($args[0]) }',
      '$hostMs = $sw.Elapsed.TotalMilliseconds / 200',
      '$sw.Restart()',
      "for ($i = 0; $i -lt 200; $i++) { $null = [System.IO.File]::ReadAllText('C:\\Windows\\Temp\\bench.txt') }",
      '$simMs = $sw.Elapsed.TotalMilliseconds / 200',
      "[Console]::Out.WriteLine([string]$hostMs + ' ' + [string]$simMs)",
      "'@)) $args[1]",
    ].join('\n'),
  );
  const r = spawnSync(
    pwsh,
    ['-NoProfile', '-NonInteractive', '-File', file, path.join(work, 'simulator.ps1'), hostFile],
    { encoding: 'utf8', env },
  );
  const [h, s] = r.stdout.trim().split(' ');
  if (r.status !== 0 || !h || !s) throw new Error(`calls: exit ${String(r.status)}, ${r.stdout} ${r.stderr}`);
  return { host: Number(h), simulated: Number(s) };
}

function main(): void {
  console.log(`fixture ${fixture}, ${runs} processes per mode, load average ${os.loadavg()[0]!.toFixed(1)}`);
  once('cached'); // fills the cache
  const figures = new Map<Mode, number[]>(modes.map((m) => [m, []]));
  for (let i = 0; i < runs; i++) for (const mode of modes) figures.get(mode)!.push(once(mode));
  const base = median(figures.get('no stand-ins')!);
  for (const mode of modes) {
    const m = median(figures.get(mode)!);
    const extra = mode === 'no stand-ins' ? '' : ` (+${(m - base).toFixed(0)} ms)`;
    console.log(`${mode.padEnd(13)} simulator load ${m.toFixed(0).padStart(5)} ms${extra}`);
  }
  const c = calls();
  console.log(
    `[System.IO.File]::ReadAllText per call: host file ${c.host.toFixed(3)} ms (forwarded), simulated C:\\ file ${c.simulated.toFixed(2)} ms`,
  );
  fs.rmSync(work, { recursive: true, force: true });
}

main();

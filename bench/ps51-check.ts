/**
 * The static Windows PowerShell 5.1 API check (build/Test-Ps51Api.ps1, docs/ps51-check.md) over ps-scripts/, as
 * test/contract/ps51-api.test.ts and a developer run it: the whole process (pwsh start included), the checker's own
 * time, and the part spent loading the command data and the .NET Framework 4.8 reference assemblies. Median of the
 * runs. Prints figures; asserts nothing. Needs `node build/ensure-pwsh.mjs` first.
 * Run: npx tsx bench/ps51-check.ts [runs]
 */
import { spawnSync } from 'node:child_process';
import * as os from 'node:os';
import * as path from 'node:path';
import { findRefs } from '../build/ps51-refs.cjs';
import { locatePowerShell } from '../src/adapters/powershell/locate';
import { projectRoot } from '../src/project-root';

const runs = Number(process.argv[2] ?? 3);
const root = projectRoot();
if (!findRefs(root)) throw new Error('reference assemblies missing: run node build/ensure-pwsh.mjs first');

interface Report {
  ok: boolean;
  files: string[];
  seconds: number;
  stats: { assemblies: number; types: number; commands: number; indexSeconds: number };
}

const load0 = os.loadavg()[0]?.toFixed(1) ?? '?';
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const wall: number[] = [];
const total: number[] = [];
const index: number[] = [];
let last: Report | undefined;
for (let i = 0; i < runs; i += 1) {
  const t = process.hrtime.bigint();
  const r = spawnSync(
    locatePowerShell().executable,
    [
      '-NoProfile',
      '-NonInteractive',
      '-File',
      path.join(root, 'build', 'Test-Ps51Api.ps1'),
      path.join(root, 'ps-scripts'),
    ],
    { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', POWERSHELL_TELEMETRY_OPTOUT: '1' } },
  );
  wall.push(Number(process.hrtime.bigint() - t) / 1e9);
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`Test-Ps51Api.ps1 exited ${String(r.status)}: ${r.stderr}`);
  last = JSON.parse(r.stdout) as Report;
  total.push(last.seconds);
  index.push(last.stats.indexSeconds);
}
if (!last) throw new Error('no run');
console.log(
  `ps51 API check of ps-scripts/ (${last.files.length} files; ${last.stats.assemblies} assemblies, ` +
    `${last.stats.types} public types, ${last.stats.commands} commands), median of ${runs} runs:`,
);
// Wall times scale with what else runs: the load average says how busy the machine was.
console.log(
  `  load average before/after: ${load0} / ${os.loadavg()[0]?.toFixed(1) ?? '?'} on ${os.cpus().length} cores`,
);
console.log(`  whole process (pwsh start included): ${median(wall).toFixed(2)} s`);
console.log(`  checker:                             ${median(total).toFixed(2)} s`);
console.log(`    of which loading data + assemblies: ${median(index).toFixed(2)} s`);
console.log(`    of which checking the files:        ${(median(total) - median(index)).toFixed(2)} s`);

/**
 * Audit benchmark: wall time of `winre-fix audit` (in-process, one persistent pwsh, schema validation,
 * planning) against the same five fact scripts run in ONE bare pwsh process with nothing else (goal: at most
 * 1.3x), and the number of PowerShell processes an audit starts (goal: exactly 1). Prints figures; asserts nothing.
 * Run: npx tsx bench/audit.ts [fixture] [runs]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { auditWith } from '../src/cli/commands/audit';
import { openRun, type GlobalArgs } from '../src/cli/run-context';
import { productionLibraries } from '../src/adapters/powershell/open-session';
import { locatePowerShell } from '../src/adapters/powershell/locate';
import { FACT_SCRIPTS } from '../src/engine/facts/gather';
import { projectRoot } from '../src/project-root';
import { simulatorLibrary } from '../src/simulation/simulator-library';

const fixture = process.argv[2] ?? 'win11-gpt-small-winre-zh';
const runs = Number(process.argv[3] ?? 5);
const root = projectRoot();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-bench-'));
const machine = path.join(dir, 'machine.json');
fs.copyFileSync(path.join(root, 'test', 'fixtures', 'machines', `${fixture}.json`), machine);

const args: GlobalArgs = {
  json: true,
  quiet: true,
  verbose: false,
  log: false,
  report: false,
  simulate: machine,
  'allow-server-core': false,
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}

async function auditOnce(): Promise<{ ms: number; starts: number }> {
  const t0 = performance.now();
  const ctx = openRun({ command: 'audit', args, readOnly: true, silentConsole: true });
  await auditWith(ctx);
  const starts = ctx.session.processStarts;
  await ctx.close();
  return { ms: performance.now() - t0, starts };
}

function bareOnce(): number {
  // The same libraries and simulator as modules, then the five scripts by path, their output as JSON: no bridge,
  // no validation, no planning.
  const libs = [...productionLibraries(), simulatorLibrary()].filter((l) => l.name !== 'Bridge');
  const lines = [
    "$ErrorActionPreference='Stop'; $ProgressPreference='SilentlyContinue'",
    ...libs.map(
      (l) =>
        `New-Module -Name 'B.${l.name}' -ScriptBlock ([ScriptBlock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${Buffer.from(l.source, 'utf8').toString('base64')}')))) | Import-Module -Global -DisableNameChecking`,
    ),
    ...FACT_SCRIPTS.map(
      (s) =>
        `$null = ConvertTo-Json -Compress -Depth 32 -InputObject (& '${path.join(root, 'ps-scripts', `${s}.ps1`)}')`,
    ),
    'exit 0',
  ];
  const t0 = performance.now();
  const r = spawnSync(locatePowerShell().executable, ['-NoProfile', '-NonInteractive', '-Command', '-'], {
    input: `${lines.join('\n')}\n`,
    env: { ...process.env, WINREFIX_SIM_MACHINE: machine, POWERSHELL_TELEMETRY_OPTOUT: '1' },
    encoding: 'utf8',
  });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`bare pwsh failed: ${r.stderr}`);
  return ms;
}

async function main(): Promise<void> {
  await auditOnce(); // warm-up (disk cache, ts compile)
  const audits: number[] = [];
  const starts: number[] = [];
  const bares: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const a = await auditOnce();
    audits.push(a.ms);
    starts.push(a.starts);
    bares.push(bareOnce());
  }
  const ma = median(audits);
  const mb = median(bares);
  console.log(`audit benchmark on ${fixture}, ${runs} runs each (medians; includes starting PowerShell)`);
  console.log(`  winre-fix audit (bridge + validation + plan): ${ma.toFixed(0)} ms`);
  console.log(`  same fact scripts in one bare pwsh:           ${mb.toFixed(0)} ms`);
  console.log(`  ratio: ${(ma / mb).toFixed(2)}x (goal <= 1.30x)`);
  console.log(
    `  PowerShell processes started per audit: ${[...new Set(starts)].join(', ')} (goal: exactly 1)`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();

/**
 * Benchmark (not a test): what a simulated reagentc.exe costs as a real process (docs/simulation.md "Executables").
 *   npx tsx bench/native-tools.ts [calls=10] [fixture=win11-gpt-small-winre-zh]
 * 1. One `Invoke-ReAgentC /info` (our seam) on a warm simulated session, in-process (the default) and with
 *    WINREFIX_SIM_NATIVE=process (the executable through NativeCommand.ps1's Windows code path): median over `calls`.
 * 2. `& reagentc.exe /info` as a script would start it (always a process during simulation): median.
 * 3. One whole `winre-fix fix --simulate` of the fixture, each way (one run each).
 * Prints figures; asserts nothing. Numbers depend on the machine and its load; compare ratios.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openSimHarness } from '../test/support/harness';
import { projectRoot } from '../src/project-root';

const calls = Number(process.argv[2] ?? 10);
const fixture = process.argv[3] ?? 'win11-gpt-small-winre-zh';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}
const ms = (v: number): string => `${v.toFixed(0)} ms`;

async function perCall(mode: 'in-process' | 'process', code: string): Promise<number> {
  const saved = process.env['WINREFIX_SIM_NATIVE'];
  if (mode === 'process') process.env['WINREFIX_SIM_NATIVE'] = 'process';
  else delete process.env['WINREFIX_SIM_NATIVE'];
  const h = openSimHarness(fixture, { readOnly: true });
  try {
    await h.snippet(code); // warm: session start, first load
    const times: number[] = [];
    for (let i = 0; i < calls; i++) {
      const t = performance.now();
      const r = await h.snippet(code);
      times.push(performance.now() - t);
      if (r.errors.length > 0) throw new Error(JSON.stringify(r.errors));
    }
    return median(times);
  } finally {
    await h.dispose();
    if (saved === undefined) delete process.env['WINREFIX_SIM_NATIVE'];
    else process.env['WINREFIX_SIM_NATIVE'] = saved;
  }
}

function fixRun(mode: 'in-process' | 'process'): { ms: number; code: number | null } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-bench-exe-'));
  const file = path.join(dir, 'machine.json');
  fs.copyFileSync(path.join(projectRoot(), 'test', 'fixtures', 'machines', `${fixture}.json`), file);
  const env = { ...process.env };
  if (mode === 'process') env['WINREFIX_SIM_NATIVE'] = 'process';
  else delete env['WINREFIX_SIM_NATIVE'];
  const t = performance.now();
  const r = spawnSync(
    process.execPath,
    [
      '-r',
      require.resolve('tsx/cjs'),
      path.join(projectRoot(), 'src', 'cli', 'main.ts'),
      ...['fix', '--simulate', file, '--yes', '--no-log', '--quiet', '--retry-pause-seconds', '0'],
    ],
    { encoding: 'utf8', env },
  );
  const elapsed = performance.now() - t;
  fs.rmSync(dir, { recursive: true, force: true });
  return { ms: elapsed, code: r.status };
}

async function main(): Promise<void> {
  console.log(`fixture ${fixture}, ${calls} calls each, load average ${os.loadavg()[0]!.toFixed(1)}`);
  const seam = "Invoke-ReAgentC -Arguments @('/info')";
  const inProcess = await perCall('in-process', seam);
  const asProcess = await perCall('process', seam);
  const script = await perCall('in-process', '$null = & reagentc.exe /info 2>&1; $LASTEXITCODE');
  console.log(
    `Invoke-ReAgentC /info in-process (default):        ${ms(inProcess)} per call (bridge round trip included)`,
  );
  console.log(`Invoke-ReAgentC /info as a process (WINREFIX_SIM_NATIVE=process): ${ms(asProcess)} per call`);
  console.log(`  added per call by the process: ${ms(asProcess - inProcess)}`);
  console.log(`& reagentc.exe /info from a script (always a process): ${ms(script)} per call`);
  const fixIn = fixRun('in-process');
  const fixProc = fixRun('process');
  console.log(`winre-fix fix, in-process seam: ${ms(fixIn.ms)} (exit ${String(fixIn.code)})`);
  console.log(
    `winre-fix fix, process seam:    ${ms(fixProc.ms)} (exit ${String(fixProc.code)}), x${(fixProc.ms / fixIn.ms).toFixed(1)}`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

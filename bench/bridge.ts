/**
 * Benchmark (not a test): what the persistent bridge saves over starting PowerShell per call.
 *   npx tsx bench/bridge.ts [calls=200] [spawns=10]
 * 1. Round-trip latency of one bridge call (Get-Echo through the runner: base64 JSON in, framed JSON out, ajv
 *    validation) on one warm session: median and p90 over `calls` calls.
 * 2. The same work as a fresh `pwsh -NoProfile -NonInteractive -Command <...>` per call: median over `spawns`.
 * Numbers depend on the machine and its load; compare ratios, not absolute values.
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { locatePowerShell } from '../src/adapters/powershell/locate';
import { PowerShellScriptRunner } from '../src/adapters/powershell/script-runner';
import { PowerShellSession } from '../src/adapters/powershell/session';
import { addSchemaFolder } from '../src/schemas/validators';

const calls = Number(process.argv[2] ?? 200);
const spawns = Number(process.argv[3] ?? 10);

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

const ms = (v: number): string => `${v.toFixed(2)} ms`;

async function main(): Promise<void> {
  const location = locatePowerShell();
  addSchemaFolder('test/bridge/schemas');
  const session = new PowerShellSession({ location, callTimeoutMs: 60_000, libraries: [] });
  const runner = new PowerShellScriptRunner(session, {
    readOnly: true,
    folder: 'test/bridge/ps-scripts',
    schemaFor: () => 'test-echo',
  });
  const text = 'Grüße 中文 $(not-run) 0x80070643';
  const bridge: number[] = [];
  let startup = 0;
  try {
    const t0 = performance.now();
    await runner.run('Get-Echo', { Text: text }); // starts pwsh, loads the bridge, registers the script
    startup = performance.now() - t0;
    for (let i = 0; i < calls; i++) {
      const t = performance.now();
      const result = await runner.run<{ text: string }>('Get-Echo', { Text: text });
      bridge.push(performance.now() - t);
      if (result.text !== text) throw new Error('round trip changed the text');
    }
  } finally {
    await session.dispose();
  }

  // The same work without the bridge: a new process per call (what a naive implementation does).
  const command =
    "$ProgressPreference='SilentlyContinue'; [ordered]@{ text = 'Grüße'; length = 5 } | ConvertTo-Json -Depth 4 -Compress";
  const fresh: number[] = [];
  for (let i = 0; i < spawns; i++) {
    const t = performance.now();
    const r = spawnSync(location.executable, ['-NoProfile', '-NonInteractive', '-Command', command], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', POWERSHELL_TELEMETRY_OPTOUT: '1' },
    });
    fresh.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`pwsh failed: ${r.stderr}`);
  }

  const bridgeMedian = quantile(bridge, 0.5);
  const freshMedian = quantile(fresh, 0.5);
  console.log(`bridge benchmark (${location.executable})`);
  console.log(`  session start + first call          ${ms(startup)}`);
  console.log(
    `  bridge round trip, ${String(calls).padStart(4)} calls      median ${ms(bridgeMedian)}   p90 ${ms(quantile(bridge, 0.9))}   min ${ms(Math.min(...bridge))}   max ${ms(Math.max(...bridge))}`,
  );
  console.log(
    `  new pwsh per call, ${String(spawns).padStart(4)} runs       median ${ms(freshMedian)}   p90 ${ms(quantile(fresh, 0.9))}`,
  );
  console.log(`  ratio (new pwsh / bridge, medians)  ${(freshMedian / bridgeMedian).toFixed(1)}x`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

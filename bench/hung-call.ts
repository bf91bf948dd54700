/**
 * Hung-call benchmark (a hung call must not keep WinRE disabled for the full call limit): how long WinRE stays disabled when `reagentc /enable` hangs on its first
 * call. The hang is a declared simulator fault ({ command: 'reagentc /enable', onCall: 1, delayMs }); the
 * Enable-WinRe limit is scaled down through WINREFIX_CALL_TIMEOUTS_MS (simulation only). For each limit it prints
 * the exit code, how long WinRE was disabled, and that minus the limit: the cost of killing PowerShell, re-reading
 * the PC in a new process and retrying. On a real PC the limit is CALL_LIMIT_MS.reagentc (before: 30 min).
 * Prints figures; asserts nothing. Run: npx tsx bench/hung-call.ts [limit-ms ...]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CALL_LIMITS_ENV, CALL_LIMIT_MS } from '../src/adapters/powershell/call-limits';
import { runFix } from '../src/cli/commands/fix';
import type { Journal } from '../src/contracts/generated/journal';
import { projectRoot } from '../src/project-root';
import { quietArgs, silently } from '../test/support/fix-runner';

const SEED = 'win11-gpt-small-winre-en';
const limits = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [4_000, 8_000];

async function main(): Promise<void> {
  console.log(`real limit of reagentc steps: ${CALL_LIMIT_MS.reagentc / 60_000} min (before: 30 min)`);
  console.log('limit     exit  enable-attempts  winre-disabled  over-limit');
  for (const limit of limits) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-bench-hang-'));
    const file = path.join(dir, 'machine.json');
    const machine = JSON.parse(
      fs.readFileSync(path.join(projectRoot(), 'test', 'fixtures', 'machines', `${SEED}.json`), 'utf8'),
    ) as Record<string, unknown>;
    machine['faults'] = [{ command: 'reagentc /enable', onCall: 1, delayMs: 10 * 60_000 }];
    fs.writeFileSync(file, JSON.stringify(machine, null, 2));
    process.env[CALL_LIMITS_ENV] = JSON.stringify({ 'Enable-WinRe': limit });
    try {
      const { value: code } = await silently(() =>
        runFix(quietArgs(file), 'fix', { exitProcessOnPowerCut: false }),
      );
      const journal = JSON.parse(fs.readFileSync(`${file}.winre-fix/journal.json`, 'utf8')) as Journal;
      const attempts = journal.steps.find((s) => s.kind === 'enable-winre')?.attempts ?? 0;
      const ms = journal.events
        .map((e) => /^WinRE enabled after (\d+) ms disabled/.exec(e.message)?.[1])
        .find((v) => v !== undefined);
      const disabled = ms === undefined ? Number.NaN : Number(ms);
      console.log(
        `${`${limit / 1000} s`.padEnd(10)}${String(code).padEnd(6)}${String(attempts).padEnd(17)}` +
          `${Number.isNaN(disabled) ? '-'.padEnd(16) : `${(disabled / 1000).toFixed(1)} s`.padEnd(16)}` +
          `${Number.isNaN(disabled) ? '-' : `${((disabled - limit) / 1000).toFixed(1)} s`}`,
      );
    } finally {
      delete process.env[CALL_LIMITS_ENV];
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
}

void main();

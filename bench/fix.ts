/**
 * Fix benchmark: on each fixable fixture, runs `winre-fix fix` against a copy and prints
 *  - the mutating steps that ran while WinRE was disabled (goal: at most 3: delete, create, format), and the
 *    simulator's count of individual mutating commands in that window (diskpart's create + attributes are one
 *    diskpart script, counted per command by the simulator);
 *  - the bytes taken from C: against what the policy needed after using free space (goal: need + 1 MiB at most);
 *  - the wall time and how long WinRE was disabled.
 * Prints figures; asserts nothing. Run: npx tsx bench/fix.ts [fixture ...]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runFix } from '../src/cli/commands/fix';
import type { Journal } from '../src/contracts/generated/journal';
import { projectRoot } from '../src/project-root';
import { quietArgs, silently } from '../test/support/fix-runner';

const root = projectRoot();
const catalog = JSON.parse(
  fs.readFileSync(path.join(root, 'test', 'fixtures', 'machines', 'catalog.json'), 'utf8'),
) as {
  machines: { name: string; fixable: boolean }[];
};
const names =
  process.argv.length > 2
    ? process.argv.slice(2)
    : catalog.machines.filter((m) => m.fixable).map((m) => m.name);
const MiB = 1024 * 1024;

async function main(): Promise<void> {
  console.log(
    'fixture                               exit  steps-while-disabled  sim-cmds-while-disabled  C:-taken  need      over   disabled  wall',
  );
  for (const name of names) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-bench-fix-'));
    const file = path.join(dir, 'machine.json');
    fs.copyFileSync(path.join(root, 'test', 'fixtures', 'machines', `${name}.json`), file);
    const start = (JSON.parse(fs.readFileSync(file, 'utf8')) as { trace: { mutations: number } }).trace
      .mutations;
    const t0 = performance.now();
    const { value: code } = await silently(() =>
      runFix(quietArgs(file), 'fix', { exitProcessOnPowerCut: false }),
    );
    const wall = performance.now() - t0;
    const journal = JSON.parse(fs.readFileSync(`${file}.winre-fix/journal.json`, 'utf8')) as Journal;
    const mutating = new Set(journal.plan.steps.filter((s) => s.mutating).map((s) => s.id));
    const iDis = journal.steps.findIndex((s) => s.kind === 'disable-winre');
    const iEn = journal.steps.findIndex((s) => s.kind === 'enable-winre');
    const whileDisabled =
      iDis >= 0 && iEn > iDis
        ? journal.steps.slice(iDis + 1, iEn).filter((s) => mutating.has(s.id)).length
        : 0;
    const log = (
      JSON.parse(fs.readFileSync(file, 'utf8')) as { trace: { log: { seq: number; command: string }[] } }
    ).trace.log.filter((e) => e.seq > start);
    const lDis = log.findIndex((e) => /reagentc \/disable/i.test(e.command));
    const lEn = log.findIndex((e) => /reagentc \/enable/i.test(e.command));
    const simWhile = lDis >= 0 && lEn > lDis ? lEn - lDis - 1 : 0;
    const s = journal.plan.sizing;
    const need = Math.max(0, s.targetRecoverySize - s.usableWithoutShrink);
    const disabledMs = Number(
      /after (\d+) ms/.exec(
        journal.events.find((e) => e.message.startsWith('WinRE enabled after'))?.message ?? '',
      )?.[1] ?? NaN,
    );
    console.log(
      `${name.padEnd(38)}${String(code).padEnd(6)}${String(whileDisabled).padEnd(22)}${String(simWhile).padEnd(25)}${(s.shrinkOsBy / MiB).toFixed(0).padStart(5)} MiB ${(need / MiB).toFixed(1).padStart(7)} MiB ${((s.shrinkOsBy - need) / MiB).toFixed(2).padStart(5)}  ${(Number.isNaN(disabledMs) ? '-' : (disabledMs / 1000).toFixed(1)).padStart(6)} s  ${(wall / 1000).toFixed(1)} s`,
    );
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();

/**
 * `npm start -- audit` (build/start.cjs) on the built-in simulated PC: cold (dist/ must be compiled: no build
 * stamp), warm (nothing changed: no compile), and for scale what `npm start` did before it checked
 * (`tsc -p tsconfig.build.json` on every call, then the CLI). pwsh must already be there (run `npm start` once).
 * Each figure is the whole process as a user waits for it, median of the runs. Prints figures; asserts nothing.
 * Run: npx tsx bench/start.ts [runs]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../src/project-root';

const runs = Number(process.argv[2] ?? 3);
const root = projectRoot();
const state = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-bench-start-'));
const env = { ...process.env, XDG_STATE_HOME: state };
const stamp = path.join(root, 'dist', '.build-stamp');
const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });

function timed(label: string, before: () => void, cmd: string, args: string[]): void {
  const ms: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    before();
    const t = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd: root, env, encoding: 'utf8' });
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    // 20 = fix needed: the built-in PC's audit verdict.
    if (r.status !== 20) throw new Error(`${label}: exit ${String(r.status)}\n${r.stderr}`);
  }
  ms.sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)]!;
  console.log(
    `${label.padEnd(44)} median ${(median / 1000).toFixed(1)} s  (${ms.map((m) => (m / 1000).toFixed(1)).join(', ')})`,
  );
}

const start = path.join(root, 'build', 'start.cjs');
const audit = ['audit', '--no-log'];
try {
  timed('cold: compile, then audit', () => fs.rmSync(stamp, { force: true }), process.execPath, [
    start,
    ...audit,
  ]);
  timed('warm: nothing changed, audit', () => undefined, process.execPath, [start, ...audit]);
  timed('before: tsc on every call, then audit', () => undefined, 'sh', [
    '-c',
    `"${process.execPath}" "${tsc}" -p tsconfig.build.json && "${process.execPath}" dist/cli/main.js audit --no-log`,
  ]);
} finally {
  fs.rmSync(state, { recursive: true, force: true });
}

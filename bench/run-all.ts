/**
 * `npm run bench`: runs every bench/*.ts except this file, one after another (benchmarks compete for the CPU,
 * so never in parallel), and fails if any of them fails. Add a benchmark by adding a file to bench/.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const dir = __dirname;
const self = path.basename(__filename);
const benches = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== self && !f.endsWith('.d.ts'))
  .sort();

let failed = 0;
for (const file of benches) {
  console.log(`\n=== bench/${file} ===`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, file)], {
    stdio: 'inherit',
    cwd: path.resolve(dir, '..'),
  });
  if (r.status !== 0) {
    failed += 1;
    console.error(`bench/${file} failed (${r.signal ?? `exit code ${String(r.status)}`})`);
  }
}
console.log(`\n${benches.length - failed} of ${benches.length} benchmarks ran.`);
if (failed > 0) process.exitCode = 1;

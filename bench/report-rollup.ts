/**
 * Benchmark (not a test): `npx tsx bench/report-rollup.ts [count] [computers]`.
 *
 * Generates `count` (default 100,000) realistic run reports from a fleet of `computers` PCs (default 40,000:
 * each PC audited, many fixed, some re-run) into a temporary folder, then rolls them up in a fresh child process
 * (so its peak RSS is the roll-up's alone) the way `winre-fix report <folder> --csv <file>` does. Prints wall
 * time, peak RSS and heap, and RSS/heap every 10,000 files to show that memory does not grow with the number of
 * reports (it grows only with the number of distinct PCs, a few hundred bytes each). Goal: under 10 s.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunVerdict } from '../src/contracts/generated/run-report';
import { renderRollupText, writeRollupCsv } from '../src/report/render';
import { rollUpReports, summarize } from '../src/report/rollup';
import { buildReport } from '../test/unit/report/report-builder';

const MiB = 1024 * 1024;

/** Deterministic PRNG (mulberry32) so every run generates the same fleet. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, weighted: readonly (readonly [T, number])[]): T {
  let r = random() * weighted.reduce((sum, [, w]) => sum + w, 0);
  for (const [value, weight] of weighted) {
    r -= weight;
    if (r <= 0) return value;
  }
  return (weighted.at(-1) as readonly [T, number])[0];
}

// Round 0 is the fleet audit; later rounds are fix runs (and re-audits) in rings.
const AUDIT: readonly (readonly [RunVerdict, number])[] = [
  ['compliant', 35],
  ['needs-fix', 55],
  ['refused', 8],
  ['error', 2],
];
const FIX: readonly (readonly [RunVerdict, number])[] = [
  ['fixed', 80],
  ['reboot-pending', 8],
  ['compliant', 4],
  ['refused', 3],
  ['rolled-back', 2],
  ['error', 2],
  ['degraded', 1],
];

function generate(dir: string, count: number, computers: number): void {
  const random = prng(6);
  const start = Date.UTC(2026, 10, 1);
  for (let i = 0; i < count; i++) {
    const pc = i % computers;
    const round = Math.floor(i / computers);
    const verdict = pick(random, round === 0 ? AUDIT : FIX);
    const finishedAt = new Date(
      start + round * 86_400_000 + pc * 1000 + Math.floor(random() * 1000),
    ).toISOString();
    const computerName = `PC-${String(pc).padStart(6, '0')}`;
    const runId = `${finishedAt.replace(/[-:]/g, '').replace(/\.\d{3}/, '')}-${i.toString(16).padStart(6, '0')}`;
    const report = buildReport({
      computerName,
      runId,
      verdict,
      finishedAt,
      command: round === 0 ? 'audit' : 'fix',
      toolVersion: round < 2 ? '0.1.0' : '0.1.1',
    });
    // Folder per site, as collection shares are often organised; plain writes (the real writer fsyncs each file).
    const site = path.join(dir, `site-${pc % 20}`);
    if (i < 20) fs.mkdirSync(site, { recursive: true });
    fs.writeFileSync(path.join(site, `${computerName}-${runId}.json`), JSON.stringify(report, null, 2));
  }
}

interface Measurement {
  files: number;
  computers: number;
  rollupMs: number;
  summaryMs: number;
  csvMs: number;
  csvBytes: number;
  textLines: number;
  baselineRssMiB: number;
  peakRssMiB: number;
  maxRssMiB: number;
  samples: { files: number; rssMiB: number; heapMiB: number }[];
}

async function rollupChild(dir: string): Promise<void> {
  const samples: Measurement['samples'] = [];
  let peak = 0;
  const baseline = process.memoryUsage.rss();
  const t0 = performance.now();
  const rollup = await rollUpReports(dir, {
    onProgress: (files) => {
      if (files % 1000 === 0) peak = Math.max(peak, process.memoryUsage.rss());
      if (files % 10_000 === 0) {
        const m = process.memoryUsage();
        samples.push({ files, rssMiB: m.rss / MiB, heapMiB: m.heapUsed / MiB });
      }
    },
  });
  const t1 = performance.now();
  const text = renderRollupText(summarize(rollup, 50));
  const t2 = performance.now();
  const csvPath = path.join(os.tmpdir(), `winre-fix-bench-${process.pid}.csv`);
  const fd = fs.openSync(csvPath, 'w');
  writeRollupCsv(rollup, (chunk) => fs.writeSync(fd, chunk));
  fs.closeSync(fd);
  const t3 = performance.now();
  peak = Math.max(peak, process.memoryUsage.rss());
  const result: Measurement = {
    files: rollup.filesSeen,
    computers: rollup.computers.size,
    rollupMs: t1 - t0,
    summaryMs: t2 - t1,
    csvMs: t3 - t2,
    csvBytes: fs.statSync(csvPath).size,
    textLines: text.split('\n').length,
    baselineRssMiB: baseline / MiB,
    peakRssMiB: peak / MiB,
    maxRssMiB: process.resourceUsage().maxRSS / 1024,
    samples,
  };
  fs.rmSync(csvPath);
  process.stdout.write(JSON.stringify(result));
}

async function scenario(count: number, computers: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-bench-reports-'));
  try {
    const g0 = performance.now();
    generate(dir, count, computers);
    console.log(
      `\ngenerated ${count} reports from ${computers} PCs in ${((performance.now() - g0) / 1000).toFixed(1)} s`,
    );
    const w0 = performance.now();
    const child = spawnSync(
      process.execPath,
      ['--require', require.resolve('tsx/cjs'), __filename, '--child', dir],
      {
        encoding: 'utf8',
        maxBuffer: 16 * MiB,
      },
    );
    const wall = performance.now() - w0;
    if (child.status !== 0) throw new Error(`roll-up child failed (${child.status}): ${child.stderr}`);
    const m = JSON.parse(child.stdout) as Measurement;
    const f = (n: number): string => n.toFixed(1);
    console.log(`roll-up of ${m.files} files, ${m.computers} computers:`);
    console.log(
      `  read+validate+reduce ${f(m.rollupMs / 1000)} s, summary+table ${f(m.summaryMs)} ms, ` +
        `CSV ${f(m.csvMs)} ms (${m.csvBytes} bytes)`,
    );
    console.log(
      `  wall time of the child process (incl. Node+tsx start-up): ${f(wall / 1000)} s (goal < 10 s)`,
    );
    console.log(
      `  RSS before the roll-up ${f(m.baselineRssMiB)} MiB; peak RSS sampled ${f(m.peakRssMiB)} MiB; ` +
        `maxRSS ${f(m.maxRssMiB)} MiB`,
    );
    for (const s of m.samples) {
      console.log(
        `  at ${String(s.files).padStart(6)} files: RSS ${f(s.rssMiB)} MiB, heap used ${f(s.heapMiB)} MiB`,
      );
    }
  } finally {
    if (!process.env['WINRE_BENCH_KEEP']) fs.rmSync(dir, { recursive: true, force: true });
    else console.log(`reports kept in ${dir}`);
  }
}

async function run(): Promise<void> {
  if (process.argv[2]) {
    await scenario(Number(process.argv[2]), Number(process.argv[3] ?? 40_000));
    return;
  }
  // A realistic fleet (each PC audited, most then fixed, some re-run): memory grows only with the PCs.
  await scenario(100_000, 40_000);
  // The same number of reports from a fixed fleet of 10,000 PCs: memory stays flat as reports accumulate.
  await scenario(100_000, 10_000);
}

if (process.argv[2] === '--child') {
  void rollupChild(process.argv[3] as string);
} else {
  run().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

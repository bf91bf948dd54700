/**
 * The shrink retry ladder end to end, through real pwsh, the real ps-scripts and the simulated PC
 * (src/domain/shrink-retry.ts; simulator volume.unmovableFiles and defrag.exe, docs/simulation.md):
 *  - refused twice, then possible: fixed, both refusals in the journal and the run report;
 *  - even defrag /X does not help (the page file): failed-safe (22), nothing changed, a reason listing the attempts;
 *  - defrag.exe over its time limit: stopped, recorded, the last attempt still made;
 *  - the power cut in the middle of defrag /X: the next run does defrag again, then the last attempt, and ends fixed.
 * The script alone (identity refusals, its time limit): test/powershell/steps/optimize-os-volume.test.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Journal } from '../../../src/contracts/generated/journal';
import type { RunReport } from '../../../src/contracts/generated/run-report';
import { statePaths } from '../../../src/engine/state-paths';
import { rebootSimulatedMachine } from '../../../src/simulation/reboot';
import {
  fixInProcess,
  quietArgs,
  readMachine,
  runFix,
  silently,
  type MachineView,
} from '../../support/fix-runner';
import { baselineOf, invariantProblems } from '../../support/fix-invariants';
import { tempMachine } from '../../support/harness';

jest.setTimeout(300_000);

type Volume = { unmovableFiles?: { refusals?: number; released?: boolean; defragSeconds?: number } };
type Machine = MachineView & { disks: { partitions: { volume?: Volume }[] }[] };

function cVolume(m: Machine): NonNullable<Volume['unmovableFiles']> {
  for (const d of m.disks)
    for (const p of d.partitions) if (p.volume?.unmovableFiles) return p.volume.unmovableFiles;
  throw new Error('no volume with unmovableFiles');
}

function journalOf(file: string): Journal {
  return JSON.parse(fs.readFileSync(statePaths({ simulate: file }).journal, 'utf8')) as Journal;
}

function resizeRecord(j: Journal): Journal['steps'][number] {
  return j.steps.find((s) => s.kind === 'resize-os-partition')!;
}

function lastReport(file: string): RunReport {
  const dir = statePaths({ simulate: file }).reports;
  const names = fs.readdirSync(dir).sort();
  return JSON.parse(fs.readFileSync(path.join(dir, names[names.length - 1]!), 'utf8')) as RunReport;
}

function cleanup(file: string): void {
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
}

describe('a shrink Windows refuses for unmovable files', () => {
  it('refused twice, then possible: fixed on the third attempt, every refusal journaled and reported', async () => {
    const file = tempMachine('win10-c-unmovable-until-retry');
    const base = baselineOf(readMachine(file));
    try {
      const run = await silently(() => runFix(quietArgs(file, { report: true }), 'fix'));
      expect(run.value).toBe(0);
      const m = readMachine<Machine>(file);
      expect(invariantProblems(m, base)).toEqual([]);
      expect(cVolume(m).refusals).toBe(2);
      const rec = resizeRecord(journalOf(file));
      expect(rec.status).toBe('completed');
      expect(rec.attempts).toBe(3);
      expect(rec.retries?.map((r) => r.remedy)).toEqual(['at-once', 'pause']);
      expect(rec.retries?.[0]?.refusal).toMatch(/^StorageWMI 4097: .*Size Not Supported/s);
      // No defrag was needed: none ran.
      expect(m.trace.log.some((e) => e.command === 'defrag /X')).toBe(false);
      const report = lastReport(file);
      expect(report.outcome.shrinkAttempts).toMatchObject({ attempts: 3, shrunk: true });
      expect(report.outcome.shrinkAttempts?.tries.map((t) => t.afterAttempt)).toEqual([1, 2]);
      // What the plan said beforehand (SHRINK_LIMIT_WILL_RETRY) is the fixture's expected audit reason:
      // test/powershell/audit/audit-fixtures.test.ts checks it.
    } finally {
      cleanup(file);
    }
  });

  it('even defrag /X does not help: 4 attempts, then failed-safe (22) with nothing changed and every attempt named', async () => {
    const file = tempMachine('win10-c-unmovable');
    const before = readMachine(file);
    const base = baselineOf(before);
    try {
      const run = await silently(() => runFix(quietArgs(file, { report: true, json: true }), 'fix'));
      expect(run.value).toBe(22);
      const m = readMachine<Machine>(file);
      // WinRE where it was, partitions as they were (the shrink comes before anything destructive).
      expect(invariantProblems(m, base)).toEqual([]);
      expect(m.winre.location).toEqual(before.winre.location);
      expect(m.disks.map((d) => d.partitions.map((p) => [p.offset, p.size]))).toEqual(
        before.disks.map((d) => d.partitions.map((p) => [p.offset, p.size])),
      );
      expect(cVolume(m).refusals).toBe(4);
      expect(m.trace.log.filter((e) => e.command === 'defrag /X')).toHaveLength(1);
      const report = lastReport(file);
      expect(report.exitCode).toBe(22);
      const refused = report.reasons.find((r) => r.code === 'SHRINK_REFUSED');
      expect(refused?.message).toMatch(/all 4 attempts/);
      expect(refused?.message).toMatch(
        /attempt 2 again at once; attempt 3 after a 0 s pause; attempt 4 after defrag \/X \(exit 0\)/,
      );
      expect(refused?.message).toMatch(/Nothing was changed/);
      expect(report.outcome.shrinkAttempts).toMatchObject({ attempts: 4, shrunk: false });
      expect(report.outcome.shrinkAttempts?.tries.map((t) => t.remedy)).toEqual([
        'at-once',
        'pause',
        'defrag',
      ]);
      expect(report.outcome.bytesTakenFromOs).toBe(0);
      expect(journalOf(file).phase).toBe('failed-safe');
    } finally {
      cleanup(file);
    }
  });

  it('defrag.exe over its time limit is stopped and recorded; the last attempt is still made', async () => {
    const file = tempMachine('win10-c-unmovable-until-defrag');
    const m0 = readMachine<Machine>(file);
    cVolume(m0).defragSeconds = 2 * 60 * 60; // longer than the policy's 30 minutes
    fs.writeFileSync(file, JSON.stringify(m0, null, 2));
    const base = baselineOf(m0);
    try {
      const run = await fixInProcess(file);
      expect(run.code).toBe(22);
      const m = readMachine<Machine>(file);
      expect(invariantProblems(m, base)).toEqual([]);
      expect(cVolume(m).released).toBeUndefined();
      expect(m.trace.log.some((e) => e.command === 'defrag /X')).toBe(false); // stopped before its work
      const rec = resizeRecord(journalOf(file));
      expect(rec.attempts).toBe(4);
      expect(rec.retries?.[2]?.defrag).toMatchObject({
        ran: true,
        exitCode: null,
        timedOut: true,
        error: null,
      });
      expect(rec.retries?.[2]?.defrag?.lastLines.join('\n')).toMatch(
        /Free space consolidation: +\d+% complete/,
      );
    } finally {
      cleanup(file);
    }
  });

  it('a power cut in the middle of defrag /X: the next run does it again, then the last attempt, and ends fixed', async () => {
    // Find the defrag's mutation number on a run without a cut, then cut the power right before it.
    const probe = tempMachine('win10-c-unmovable-until-defrag');
    let at: number;
    try {
      expect((await fixInProcess(probe)).code).toBe(0);
      const entry = readMachine(probe).trace.log.find((e) => e.command === 'defrag /X');
      expect(entry).toBeDefined();
      at = entry!.seq;
    } finally {
      cleanup(probe);
    }
    const file = tempMachine('win10-c-unmovable-until-defrag');
    const m0 = readMachine<Machine & Record<string, unknown>>(file);
    const base = baselineOf(m0);
    m0.powerCut = { atMutation: at, phase: 'before' };
    fs.writeFileSync(file, JSON.stringify(m0, null, 2));
    try {
      const first = await fixInProcess(file);
      expect(readMachine(file).powerCut?.fired).toBe(true);
      expect(first.code).toBe(29);
      // The journal shows the defrag started and not ended.
      const cut = resizeRecord(journalOf(file));
      expect(cut.retries?.[2]).toMatchObject({ remedy: 'defrag' });
      expect(cut.retries?.[2]?.finishedAt).toBeUndefined();
      await rebootSimulatedMachine(file);
      const resume = await fixInProcess(file);
      expect(resume.code).toBe(0);
      const m = readMachine<Machine>(file);
      expect(invariantProblems(m, base)).toEqual([]);
      expect(cVolume(m).released).toBe(true);
      const rec = resizeRecord(journalOf(file));
      expect(rec.status).toBe('completed');
      expect(rec.retries?.[2]?.finishedAt).toBeDefined();
      expect(rec.retries?.[2]?.defrag?.exitCode).toBe(0);
    } finally {
      cleanup(file);
    }
  });
});

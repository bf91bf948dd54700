/**
 * The memo of a failed shrink ladder end to end (src/domain/shrink-memo.ts, src/app/shrink-memo.ts), through real
 * pwsh, the real ps-scripts and the simulated PC win10-c-unmovable (no retry or defrag /X ever moves its page
 * file): the first fix climbs the whole ladder, defrag included, and remembers it; the second skips defrag and
 * says why (SHRINK_LADDER_REMEMBERED, still 22, nothing changed); audit shows it in the plan; `--retry-shrink`
 * runs defrag again; so does a C: whose free space changed; a tampered memo is ignored (defrag runs). A memo never
 * stops a shrink that became possible: the quick retries still run, and the success clears the memo.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runAudit } from '../../../src/cli/commands/audit';
import { main } from '../../../src/cli/main';
import type { AuditReport } from '../../../src/contracts/generated/audit-report';
import type { RunReport } from '../../../src/contracts/generated/run-report';
import { statePaths } from '../../../src/engine/state-paths';
import { GiB } from '../../../src/domain/units';
import { quietArgs, readMachine, runFix, silently, type MachineView } from '../../support/fix-runner';
import { baselineOf, invariantProblems } from '../../support/fix-invariants';
import { tempMachine } from '../../support/harness';

jest.setTimeout(300_000);

type Unmovable = { until?: string; attempt?: number; refusals?: number };
type Volume = { usedBytes?: number; unmovableFiles?: Unmovable; unmovableBoundary?: number };
type Machine = MachineView & { disks: { partitions: { volume?: Volume }[] }[] };

function defrags(file: string): number {
  return readMachine(file).trace.log.filter((e) => e.command === 'defrag /X').length;
}

function lastReport(file: string): RunReport {
  const dir = statePaths({ simulate: file }).reports;
  const names = fs.readdirSync(dir).sort();
  return JSON.parse(fs.readFileSync(path.join(dir, names[names.length - 1]!), 'utf8')) as RunReport;
}

async function fixRun(file: string): Promise<number> {
  return (await silently(() => runFix(quietArgs(file, { report: true }), 'fix'))).value;
}

function codes(report: { reasons: { code: string }[] }): string[] {
  return report.reasons.map((r) => r.code);
}

describe('the memo of a shrink ladder that failed with defrag', () => {
  it('remembered for the same C:; --retry-shrink, a change of free space and a tampered memo run defrag again', async () => {
    const file = tempMachine('win10-c-unmovable');
    const memo = statePaths({ simulate: file }).shrinkMemo;
    const base = baselineOf(readMachine(file));
    try {
      // 1. The whole ladder, defrag included: 22, and the memo is written.
      expect(await fixRun(file)).toBe(22);
      expect(defrags(file)).toBe(1);
      expect(fs.existsSync(memo)).toBe(true);
      expect(codes(lastReport(file))).not.toContain('SHRINK_LADDER_REMEMBERED');

      // audit shows the plan a fix would now follow.
      const { stdout } = await silently(() => runAudit({ ...quietArgs(file), json: true }));
      const audit = JSON.parse(stdout) as AuditReport;
      expect(codes(audit)).toContain('SHRINK_LADDER_REMEMBERED');
      expect(codes(audit)).not.toContain('SHRINK_LIMIT_WILL_RETRY');

      // 2. Same C:: no defrag, still 22 with nothing changed, and the refusal says why and how to force it.
      expect(await fixRun(file)).toBe(22);
      expect(defrags(file)).toBe(1);
      const second = lastReport(file);
      expect(codes(second)).toEqual(expect.arrayContaining(['SHRINK_LADDER_REMEMBERED', 'SHRINK_REFUSED']));
      const remembered = second.reasons.find((r) => r.code === 'SHRINK_LADDER_REMEMBERED')!;
      expect(remembered.message).toMatch(/^On \d{4}-\d{2}-\d{2} the whole shrink retry ladder/);
      const refused = second.reasons.find((r) => r.code === 'SHRINK_REFUSED')!;
      expect(refused.message).toMatch(/all 3 attempts/);
      expect(refused.message).toMatch(/defrag C: \/X was skipped .*--retry-shrink/);
      expect(second.outcome.shrinkAttempts?.tries.map((t) => t.remedy)).toEqual(['at-once', 'pause']);
      expect(invariantProblems(readMachine(file), base)).toEqual([]);

      // 3. --retry-shrink (through the command line): the whole ladder again.
      const cli = await silently(() =>
        main(['fix', '--yes', '--quiet', '--simulate', file, '--retry-pause-seconds', '0', '--retry-shrink']),
      );
      expect(cli.value).toBe(22);
      expect(defrags(file)).toBe(2);

      // 4. Free space on C: changed by 2 GiB: the memo no longer applies; defrag runs again.
      const m = readMachine<Machine>(file);
      for (const d of m.disks)
        for (const p of d.partitions)
          if (p.volume?.unmovableFiles && p.volume.usedBytes) p.volume.usedBytes -= 2 * GiB;
      fs.writeFileSync(file, JSON.stringify(m, null, 2));
      expect(await fixRun(file)).toBe(22);
      expect(defrags(file)).toBe(3);

      // 5. A hand-edited memo is ignored (its checksum fails): defrag runs, and a fresh memo replaces it.
      const text = JSON.parse(fs.readFileSync(memo, 'utf8')) as { recordedAt: string };
      text.recordedAt = new Date(Date.now() - 60_000).toISOString();
      fs.writeFileSync(memo, JSON.stringify(text), { mode: 0o600 });
      expect(await fixRun(file)).toBe(22);
      expect(defrags(file)).toBe(4);
      expect(invariantProblems(readMachine(file), base)).toEqual([]);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  it('still shrinks when a quick retry now succeeds (no defrag), and the success clears the memo', async () => {
    const file = tempMachine('win10-c-unmovable');
    const memo = statePaths({ simulate: file }).shrinkMemo;
    try {
      expect(await fixRun(file)).toBe(22);
      expect(fs.existsSync(memo)).toBe(true);
      // The files at the end of C: now let go after one more refusal: SizeMin as before (the memo applies), but
      // the retry at once succeeds.
      const m = readMachine<Machine>(file);
      for (const d of m.disks)
        for (const p of d.partitions) {
          const u = p.volume?.unmovableFiles;
          if (u && p.volume) {
            // As win10-c-unmovable-until-retry: the page file no longer ends where C: must end (SizeMin comes from
            // unmovableFiles alone, the same as before), and the files there let go after one more refusal.
            Object.assign(u, { until: 'attempt', attempt: 2, refusals: 0 });
            p.volume.unmovableBoundary = 324699947008;
          }
        }
      fs.writeFileSync(file, JSON.stringify(m, null, 2));
      expect(await fixRun(file)).toBe(0);
      // The memo applied (the plan the journal keeps says so), and the retry at once did it.
      const journal = JSON.parse(fs.readFileSync(statePaths({ simulate: file }).journal, 'utf8')) as {
        plan: { reasons: { code: string }[] };
      };
      expect(codes(journal.plan)).toContain('SHRINK_LADDER_REMEMBERED');
      expect(defrags(file)).toBe(1);
      const report = lastReport(file);
      expect(report.outcome.shrinkAttempts).toMatchObject({ attempts: 2, shrunk: true });
      expect(fs.existsSync(memo)).toBe(false);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });
});

/**
 * The power-cut matrix, one describe per shard so jest spreads the fixtures over its workers
 * (test/powershell/fix/power-cut-matrix-<k>.test.ts). For EVERY fixable fixture of the catalogue:
 *  1. one `winre-fix fix` with crash-state capture on (test/support/crash-states.ts): it must end fixed (0, or
 *     3010 after a BitLocker suspension) with every invariant and the new partition right, nothing left behind;
 *  2. a second `fix` changes nothing: the machine file stays byte-identical but for the status record, exit 0;
 *  3. every cut point - before and after EVERY mutating operation, and in the middle of EVERY journal write -
 *     is rebooted and fixed again by a new run: all must end fixed, WinRE enabled on the new partition, the
 *     image hash unchanged, C: data untouched, one WinRE partition, OEM files kept, nothing left behind.
 * Every fixture also replays the "after" cut of each partition-table or WinRE change with the journal one write
 * behind; the seed does that for every mutation, and WINREFIX_MATRIX=full for every fixture (`npm run test:matrix`). A few cuts kill the real process: power-cut-process.test.ts.
 */
import * as fs from 'node:fs';
import { SharedPowerShellProcess } from '../../src/adapters/powershell/shared-process';
import { fixturePath } from './harness';
import { fixInProcess, isStatusRecordMutation, readMachine, withoutStatusRecord } from './fix-runner';
import { invariantProblems, leftoverProblems, newPartitionProblems } from './fix-invariants';
import { captureFix, prepareReplays, replayAll, type CaptureSetup } from './crash-states';
import { PACKAGE_PATH, SAFEOS_MATRIX_FIXTURES } from './safeos-machines';

export const SEED = 'win11-gpt-small-winre-zh';
export const SHARDS = 4;

/**
 * The partition-table and WinRE changes: after these, every fixture is also replayed with the journal one write
 * behind (the change happened, the record of its intent did not survive), the case a naive resume gets wrong.
 */
const DESTRUCTIVE =
  /^(Resize-Partition|Remove-Partition|New-Partition|Format-Volume|reagentc \/(disable|enable)|diskpart)\b/;

interface CatalogMachine {
  name: string;
  fixable: boolean;
  /** The options every fix of the fixture takes (e.g. --wim). */
  args?: { wim?: string };
}

function catalogMachines(): CatalogMachine[] {
  return (JSON.parse(fs.readFileSync(fixturePath('catalog'), 'utf8')) as { machines: CatalogMachine[] })
    .machines;
}

export function fixableFixtures(): string[] {
  return catalogMachines()
    .filter((m) => m.fixable)
    .map((m) => m.name);
}

/**
 * What a matrix entry starts from: a committed fixture as it is, or (a `safeos:` entry, fix --safeos-package) a
 * fixture with its Safe OS package, patched alone: WinRE may end on the old or the patched image, never another.
 */
function setupOf(name: string): CaptureSetup {
  const patch = SAFEOS_MATRIX_FIXTURES[name];
  if (!patch) return {};
  return {
    machine: patch.machine(),
    args: { 'safeos-package': PACKAGE_PATH },
    patchedVersion: patch.patchedVersion,
    patchOnly: true,
  };
}

/** The command-line options the catalog gives a fixture (its fixes take them: `fix --wim ...`). */
export function fixtureArgs(name: string): { wim?: string } {
  return catalogMachines().find((m) => m.name === name)?.args ?? {};
}

export function describeMatrixShard(shard: number): void {
  const all = [...fixableFixtures(), ...Object.keys(SAFEOS_MATRIX_FIXTURES)];
  const mine = all.filter((_, i) => i % SHARDS === shard - 1);
  const full = process.env['WINREFIX_MATRIX'] === 'full';

  describe(`power-cut matrix, shard ${shard} of ${SHARDS}`, () => {
    const shared = new SharedPowerShellProcess();
    afterAll(() => shared.dispose());

    if (shard === 1) {
      it('has at least ten fixable fixtures, every one in a shard', () => {
        expect(all.length).toBeGreaterThanOrEqual(10);
        const covered = Array.from({ length: SHARDS }, (_, k) =>
          all.filter((_, i) => i % SHARDS === k),
        ).flat();
        expect(covered.sort()).toEqual([...all].sort());
      });
    }

    it.each(mine)('%s', async (name) => {
      const setup = setupOf(name);
      const run = await captureFix(name, { ...setup, args: { ...fixtureArgs(name), ...(setup.args ?? {}) } });
      try {
        // 1. The fix itself.
        const after = readMachine(run.machinePath);
        expect({
          code: [0, 3010].includes(run.code) ? 'ok' : run.code,
          errors: run.stderr.split('\n').filter((l) => /ERROR|FAILED/.test(l)),
          problems: [
            ...invariantProblems(after, run.baseline),
            ...(run.patchOnly ? [] : newPartitionProblems(after, run.baseline)),
            ...leftoverProblems(after),
          ],
        }).toEqual({ code: 'ok', errors: [], problems: [] });

        // 2. A second fix changes nothing (but its status record: a new run time and id).
        const bytes = fs.readFileSync(run.machinePath, 'utf8');
        const second = await fixInProcess(run.machinePath, 'fix', { sharedProcess: shared, args: run.args });
        expect(second.code).toBe(0);
        expect(withoutStatusRecord(fs.readFileSync(run.machinePath, 'utf8'))).toBe(
          withoutStatusRecord(bytes),
        );

        // 3. Every cut point was captured ...
        expect(run.mutations.length).toBeGreaterThanOrEqual(4);
        const missing = run.mutations
          .flatMap((m) => [
            `m${String(m.seq).padStart(3, '0')}-before`,
            `m${String(m.seq).padStart(3, '0')}-after`,
          ])
          .filter((p) => !run.points.includes(p));
        expect(missing).toEqual([]);
        // (The status record's writes at the end have no journal write around them: not counted here. A run of file
        // writes inside one step, one mutation per file and folder, e.g. the backup of an OEM partition, counts once.)
        const FILE_WRITE =
          /^(New-Item|Copy-Item|Move-Item|Remove-Item|Set-Content|Add-Content|Rename-Item|Out-File)$/;
        const groups = run.mutations
          .filter((m) => !isStatusRecordMutation(m))
          .filter(
            (m, i, all) => !(i > 0 && FILE_WRITE.test(m.command) && FILE_WRITE.test(all[i - 1]!.command)),
          );
        expect(run.points.filter((p) => p.endsWith('-mid-write')).length).toBeGreaterThanOrEqual(
          groups.length / 2,
        );
        // ... and every distinct state it leaves ends fixed after a reboot and a new run.
        const replays = prepareReplays(run, {
          loseJournalWrite: (m) => full || name === SEED || DESTRUCTIVE.test(`${m.command} ${m.detail}`),
        });
        const results = await replayAll(run, replays, shared);
        expect(results.flatMap((r) => r.points).length).toBeGreaterThanOrEqual(run.points.length);
        expect(results.filter((r) => r.problems.length > 0)).toEqual([]);
      } finally {
        fs.rmSync(run.dir, { recursive: true, force: true });
      }
    });
  });
}

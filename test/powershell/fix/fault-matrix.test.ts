/**
 * The fault matrix: each mutating command failing with documented errors it can raise (declared in the
 * machine file, so they fire inside the real ps-scripts through the real bridge). Each case must end with a clear
 * error, the documented exit code and WinRE enabled; a failure before WinRE was disabled changes nothing that
 * matters (22, WinRE where it was), a failure after it rolls back to the original partition (22), and only when
 * reagentc can never enable WinRE again does the run end degraded (23).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixturePath } from '../../support/harness';
import { fixInProcess, readMachine, type MachineView } from '../../support/fix-runner';
import { baselineOf, invariantProblems } from '../../support/fix-invariants';

jest.setTimeout(600_000);

const SEED = 'win11-gpt-small-winre-en';

interface Case {
  command: string;
  error: string;
  /** Calls that fail (a failed step is retried once, so two consecutive calls make it fail for good). */
  calls: number[];
  exit: number;
  winre: 'original' | 'none';
}

const cases: Case[] = [
  // Size Not Supported climbs the shrink retry ladder (src/domain/shrink-retry.ts): 4 attempts, then nothing changed.
  {
    command: 'Resize-Partition',
    error: 'SizeNotSupported',
    calls: [1, 2, 3, 4],
    exit: 22,
    winre: 'original',
  },
  { command: 'Resize-Partition', error: 'ShrinkTooBig', calls: [1, 2, 3, 4], exit: 22, winre: 'original' },
  { command: 'Resize-Partition', error: 'ShrinkTooBig', calls: [1, 2], exit: 0, winre: 'none' },
  { command: 'Resize-Partition', error: 'DeviceBusy', calls: [1, 2], exit: 22, winre: 'original' },
  { command: 'Resize-Partition', error: 'AccessDenied', calls: [1, 2], exit: 22, winre: 'original' },
  { command: 'reagentc /disable', error: 'OperationFailed70', calls: [1, 2], exit: 22, winre: 'original' },
  { command: 'reagentc /disable', error: 'AccessDenied', calls: [1, 2], exit: 22, winre: 'original' },
  { command: 'Remove-Partition', error: 'InUse', calls: [1, 2], exit: 22, winre: 'original' },
  { command: 'Remove-Partition', error: 'AccessDenied', calls: [1, 2], exit: 22, winre: 'original' },
  { command: 'New-Partition', error: 'NotEnoughCapacity', calls: [1, 2], exit: 22, winre: 'original' },
  { command: 'New-Partition', error: 'InvalidOffset', calls: [1, 2], exit: 22, winre: 'original' },
  { command: 'Format-Volume', error: 'AccessDenied', calls: [1, 2], exit: 22, winre: 'original' },
  { command: 'Format-Volume', error: 'UnexpectedIoError', calls: [1, 2], exit: 22, winre: 'original' },
  { command: 'reagentc /enable', error: 'BcdUpdateFailed', calls: [1, 2], exit: 22, winre: 'original' },
  { command: 'reagentc /enable', error: 'OperationFailed70', calls: [1, 2], exit: 22, winre: 'original' },
  // A transient failure is retried once and the fix still succeeds.
  { command: 'New-Partition', error: 'DeviceBusy', calls: [1], exit: 0, winre: 'none' },
  // reagentc never enables again: nothing can; degraded, and the journal says so.
  {
    command: 'reagentc /enable',
    error: 'BcdUpdateFailed',
    calls: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    exit: 23,
    winre: 'none',
  },
];

describe(`faults during a fix of ${SEED}`, () => {
  it.each(cases.map((c) => [`${c.command} ${c.error} on call(s) ${c.calls.join(',')}`, c] as const))(
    '%s',
    async (_n, c) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-fault-'));
      const file = path.join(dir, 'machine.json');
      const machine = JSON.parse(fs.readFileSync(fixturePath(SEED), 'utf8')) as MachineView &
        Record<string, unknown>;
      const base = baselineOf(machine);
      const original = machine.winre.location!;
      machine.faults = c.calls.map((onCall) => ({ command: c.command, onCall, error: c.error }));
      fs.writeFileSync(file, JSON.stringify(machine, null, 2));
      const run = await fixInProcess(file);
      const after = readMachine(file);
      // The first declared failures always fire; for "every call fails" not all declared calls are reached.
      expect(after.faults.filter((f) => f.fired === true).length).toBeGreaterThanOrEqual(
        Math.min(2, c.calls.length),
      );
      if (c.calls.length <= 2) expect(after.faults.every((f) => f.fired === true)).toBe(true);
      expect(run.code).toBe(c.exit);
      if (c.exit !== 0) expect(run.stderr).toMatch(/winre-fix:|FAILED|ERROR/);
      if (c.winre === 'original') {
        expect(invariantProblems(after, base)).toEqual([]);
        expect(after.winre.location).toEqual(original);
      } else if (c.exit === 0) {
        expect(invariantProblems(after, base)).toEqual([]);
      }
      // Whatever happened, the journal is final and says what (never an unfinished run after a handled failure).
      const journal = JSON.parse(fs.readFileSync(`${file}.winre-fix/journal.json`, 'utf8')) as {
        phase: string;
      };
      expect(['done', 'rolled-back', 'failed-safe', 'degraded']).toContain(journal.phase);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  );
});

/**
 * Issue 15 row 7 through real pwsh: WinRE on a BitLocker-encrypted C: moves to a recovery partition after C:
 * (docs/reference/bitlocker.md#winre-on-an-encrypted-c). The simulated reagent refuses to put WinRE back on the
 * encrypted C: (simulator/30-ReAgentC.ps1 Find-SimWinReTarget), so a roll-back after /disable must use the new
 * partition, and a failure before /disable must leave WinRE on C: where it was.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixturePath } from '../../support/harness';
import { fixInProcess, readMachine, type MachineView } from '../../support/fix-runner';

jest.setTimeout(600_000);

const FIXTURE = 'win11-winre-fell-back-to-bitlocker-c';

interface Partition {
  offset: number;
  gptType?: string;
}

function machineWithFaults(faults: { command: string; onCall: number; error: string }[]): {
  file: string;
  dir: string;
  cOffset: number;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-enc-c-'));
  const file = path.join(dir, 'machine.json');
  const machine = JSON.parse(fs.readFileSync(fixturePath(FIXTURE), 'utf8')) as MachineView &
    Record<string, unknown>;
  machine.faults = faults;
  fs.writeFileSync(file, JSON.stringify(machine, null, 2));
  return { file, dir, cOffset: machine.winre.location!.partitionOffset };
}

function partitionsOf(file: string): Partition[] {
  const m = JSON.parse(fs.readFileSync(file, 'utf8')) as { disks: { partitions: Partition[] }[] };
  return m.disks[0]!.partitions;
}

it('ends with WinRE on a recovery partition after C:, no longer on the encrypted C:', async () => {
  const { file, dir, cOffset } = machineWithFaults([]);
  const run = await fixInProcess(file);
  expect(run.code).toBe(3010); // BitLocker was suspended for one restart
  const after = readMachine(file);
  expect(after.winre.status).toBe('Enabled');
  expect(after.winre.location!.partitionOffset).toBeGreaterThan(cOffset);
  const at = partitionsOf(file).find((p) => p.offset === after.winre.location!.partitionOffset);
  expect(at?.gptType?.toLowerCase()).toBe('{de94bba4-06d1-4d40-a16a-bfd50179d6ac}');
  fs.rmSync(dir, { recursive: true, force: true });
});

it('reagentc /enable failing twice after /disable: the roll-back enables WinRE on the new partition (22), never leaves it disabled', async () => {
  const { file, dir, cOffset } = machineWithFaults([
    { command: 'reagentc /enable', onCall: 1, error: 'BcdUpdateFailed' },
    { command: 'reagentc /enable', onCall: 2, error: 'BcdUpdateFailed' },
  ]);
  const run = await fixInProcess(file);
  const after = readMachine(file);
  expect(after.faults.every((f) => f.fired === true)).toBe(true);
  expect(run.code).toBe(22);
  expect(after.winre.status).toBe('Enabled');
  expect(after.winre.location!.partitionOffset).toBeGreaterThan(cOffset);
  const journal = JSON.parse(fs.readFileSync(`${file}.winre-fix/journal.json`, 'utf8')) as { phase: string };
  expect(journal.phase).toBe('rolled-back');
  fs.rmSync(dir, { recursive: true, force: true });
});

it('Format-Volume failing before /disable: rolled back (22) with WinRE still enabled on C: and the old partition back', async () => {
  const { file, dir, cOffset } = machineWithFaults([
    { command: 'Format-Volume', onCall: 1, error: 'AccessDenied' },
    { command: 'Format-Volume', onCall: 2, error: 'AccessDenied' },
  ]);
  const before = partitionsOf(file).map((p) => p.offset);
  const run = await fixInProcess(file);
  const after = readMachine(file);
  expect(run.code).toBe(22);
  expect(after.winre.status).toBe('Enabled');
  expect(after.winre.location!.partitionOffset).toBe(cOffset);
  // The recovery partition after C: is recreated where it was; C: stays shrunk (docs/cases.md: never grown back).
  expect(partitionsOf(file).map((p) => p.offset)).toEqual(before);
  fs.rmSync(dir, { recursive: true, force: true });
});

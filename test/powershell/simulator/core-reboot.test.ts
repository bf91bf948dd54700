/**
 * A simulated reboot (simulator/70-Reboot.ps1 through src/simulation/reboot.ts): partitions renumber in offset
 * order only after a reboot, disk numbers change when declared, BitLocker's suspension count runs down.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rebootSimulatedMachine } from '../../../src/simulation/reboot';
import type { SimulatedMachine } from '../../../src/contracts/generated/simulated-machine';
import { assertValid } from '../../../src/schemas/validators';
import { GiB, MiB, gptMachine, simKit } from './machines';

jest.setTimeout(120_000);

const kit = simKit();
afterAll(() => kit.dispose());

function read(file: string): SimulatedMachine {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as SimulatedMachine;
}

describe('rebootSimulatedMachine', () => {
  it('renumbers a partition created before WinRE only at the reboot, in offset order', async () => {
    kit.load(gptMachine({ gapAfterC: 1 * GiB }));
    const created = await kit.run(
      `(New-Partition -DiskNumber 0 -UseMaximumSize).PartitionNumber; (Get-Partition -DiskNumber 0 | ForEach-Object { $_.PartitionNumber }) -join ','`,
    );
    // Right after creation: the new partition is 5 although it lies before WinRE (docs/reference/storage-cmdlets.md#diskpart-list-disk-and-partition-numbers).
    expect(created.output).toEqual([5, '1,2,3,4,5']);
    const file = kit.harness().machinePath;
    const before = read(file).disks[0]!.partitions.map((p) => [p.number, p.offset]);
    const summary = await rebootSimulatedMachine(file);
    expect(summary).toEqual({
      renumbered: ['disk 0 partition 5->4', 'disk 0 partition 4->5'],
      diskNumbers: [],
      bitLockerResumed: [],
      bitLockerCountedDown: [],
      boots: 1,
    });
    const after = read(file);
    const byOffset = [...after.disks[0]!.partitions].sort((a, b) => a.offset - b.offset);
    expect(byOffset.map((p) => p.number)).toEqual([1, 2, 3, 4, 5]);
    // Same partitions, same offsets: only the numbers moved.
    expect(after.disks[0]!.partitions.map((p) => p.offset).sort()).toEqual(before.map((x) => x[1]).sort());
    expect(after.pendingReboot).toEqual({});
    expect(after.trace.boots).toBe(1);
    assertValid('simulated-machine', after, file);
    // The running session reads the rebooted file on its next command.
    const seen = await kit.run(`(Get-Partition -DiskNumber 0 -PartitionNumber 5).Type`);
    expect(seen.output).toEqual(['Recovery']);
  });

  it('nothing renumbers without a pending change; disk numbers follow numberAfterReboot', async () => {
    const m = gptMachine();
    m.disks[0]!.numberAfterReboot = 2;
    m.os.pendingRebootReasons = ['CBS RebootPending'];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-reboot-'));
    const file = path.join(dir, 'machine.json');
    fs.writeFileSync(file, JSON.stringify(m));
    try {
      const summary = await rebootSimulatedMachine(file);
      expect(summary.renumbered).toEqual([]);
      expect(summary.diskNumbers).toEqual(['0->2']);
      const after = read(file);
      expect(after.disks[0]!.number).toBe(2);
      expect(after.disks[0]!.numberAfterReboot).toBeUndefined();
      expect(after.os.pendingRebootReasons).toEqual([]);
      expect(after.disks[0]!.partitions.map((p) => p.number)).toEqual([1, 2, 3, 4]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts a BitLocker suspension down and resumes protection when it runs out (0 = until resumed)', async () => {
    const m = gptMachine();
    const c = m.disks[0]!.partitions[2]!.volume!;
    c.bitLocker = {
      volumeStatus: 1,
      protectionStatus: 0,
      lockStatus: 0,
      encryptionPercentage: 100,
      encryptionMethod: 7,
      keyProtectors: ['Tpm', 'RecoveryPassword'],
      suspendedRebootCount: 2,
    };
    m.disks[0]!.partitions[3]!.volume!.bitLocker = { ...c.bitLocker, suspendedRebootCount: 0 };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-reboot-'));
    const file = path.join(dir, 'machine.json');
    fs.writeFileSync(file, JSON.stringify(m));
    try {
      const first = await rebootSimulatedMachine(file);
      expect(first.bitLockerCountedDown).toEqual(['disk 0 partition 3']);
      expect(read(file).disks[0]!.partitions[2]!.volume!.bitLocker).toMatchObject({
        protectionStatus: 0,
        suspendedRebootCount: 1,
      });
      const second = await rebootSimulatedMachine(file);
      expect(second.bitLockerResumed).toEqual(['disk 0 partition 3']);
      expect(second.boots).toBe(2);
      const after = read(file).disks[0]!.partitions;
      expect(after[2]!.volume!.bitLocker!.protectionStatus).toBe(1);
      expect(after[2]!.volume!.bitLocker!.suspendedRebootCount).toBeUndefined();
      // Suspended with RebootCount 0: stays off across reboots.
      expect(after[3]!.volume!.bitLocker).toMatchObject({ protectionStatus: 0, suspendedRebootCount: 0 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails with a typed error when the machine file is missing', async () => {
    await expect(rebootSimulatedMachine(path.join(os.tmpdir(), `missing-${MiB}.json`))).rejects.toThrow(
      /simulated reboot failed/,
    );
  });
});

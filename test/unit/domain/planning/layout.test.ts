import {
  chooseRecoveryPartition,
  isRecoveryPartition,
  locateOs,
  locateWinRe,
  regionAfterOs,
  usableEnd,
  type Located,
} from '../../../../src/domain/planning/layout';
import type { PartitionFacts, Snapshot } from '../../../../src/domain/snapshot';
import { GiB, MiB } from '../../../../src/domain/units';
import {
  BASIC,
  defaultDisk,
  defaultSnapshot,
  layout,
  part,
  RECOVERY,
  snapshotWith,
} from '../../../builders/snapshot-builder';

const codes = (rs: readonly { code: string }[]): string[] => rs.map((r) => r.code);

describe('layout', () => {
  const { disk, os } = locateOs(defaultSnapshot()) as Located;
  const winre = disk.partitions[3] as PartitionFacts;
  const recovery = (over: Partial<PartitionFacts> & Pick<PartitionFacts, 'number' | 'offset' | 'size'>) =>
    part({ gptType: RECOVERY, ...over });
  const withPartitions = (partitions: PartitionFacts[]) => ({ ...disk, partitions });

  it('finds C: by the system drive letter, on whichever disk holds it', () => {
    expect(os.driveLetter).toBe('C');
    const other = snapshotWith((x) => {
      x.os.systemDrive = 'd:';
    });
    expect(locateOs(other)).toBeUndefined();
  });

  it('knows a recovery partition by its GPT type or MBR id 0x27', () => {
    expect(isRecoveryPartition(winre)).toBe(true);
    expect(isRecoveryPartition(part({ number: 1, offset: 0, size: 1, gptType: null, mbrType: 0x27 }))).toBe(
      true,
    );
    expect(isRecoveryPartition(part({ number: 1, offset: 0, size: 1, gptType: BASIC }))).toBe(false);
  });

  it('ends a partition before the GPT backup table, aligned down to 1 MiB; an MBR disk to its last MiB', () => {
    expect(usableEnd(disk)).toBe(layout.USABLE_END);
    expect(usableEnd({ ...disk, size: 100 * GiB, logicalSectorSize: 4096 })).toBe(100 * GiB - MiB);
    expect(usableEnd({ ...disk, size: 100 * GiB, partitionStyle: 'MBR' })).toBe(100 * GiB);
  });

  describe('locateWinRe', () => {
    it("finds reagentc's partition when ReAgent.xml agrees on its offset", () => {
      expect(locateWinRe(defaultSnapshot()).location?.partition.number).toBe(4);
    });

    it('blocks when reagentc names a partition that does not exist or that ReAgent.xml places elsewhere', () => {
      const missing = snapshotWith((x) => {
        if (x.winre.reagentc.location) x.winre.reagentc.location.partitionNumber = 12;
      });
      const moved = snapshotWith((x) => {
        if (x.winre.reagentXml.winreLocation) x.winre.reagentXml.winreLocation.offset = 4096;
      });
      for (const s of [missing, moved] as Snapshot[])
        expect(locateWinRe(s).blocker?.code).toBe('WINRE_LOCATION_INCONSISTENT');
      expect(locateWinRe(moved).blocker?.params['detail']).toContain('offset 4096');
    });

    it('has nothing to say when WinRE is disabled', () => {
      const disabled = snapshotWith((x) => {
        x.winre.reagentc.status = 'Disabled';
        x.winre.reagentc.location = null;
      });
      expect(locateWinRe(disabled)).toEqual({});
    });
  });

  describe('chooseRecoveryPartition', () => {
    it("replaces WinRE's partition when it is the next one after C:, gaps allowed", () => {
      const choice = chooseRecoveryPartition(disk, os, winre);
      expect(choice).toEqual({ oldRecovery: winre, replaceOld: true, blockers: [], warnings: [] });
    });

    it("keeps WinRE's partition before C: and says so", () => {
      const first = recovery({ number: 5, offset: MiB, size: 500 * MiB });
      const choice = chooseRecoveryPartition(withPartitions([first, os]), os, first);
      expect(choice.oldRecovery).toBe(first);
      expect(choice.replaceOld).toBe(false);
      expect(codes(choice.warnings)).toEqual(['RECOVERY_BEFORE_OS']);
    });

    it('blocks when another partition lies between C: and WinRE', () => {
      const data = part({ number: 5, offset: os.offset + os.size, size: 10 * MiB });
      const moved = { ...winre, offset: data.offset + data.size };
      const choice = chooseRecoveryPartition(withPartitions([os, data, moved]), os, moved);
      expect(codes(choice.blockers)).toEqual(['PARTITION_BETWEEN_OS_AND_RECOVERY']);
      expect(choice.blockers[0]?.params['partition']).toBe(5);
    });

    it('with WinRE disabled, reuses a recovery partition right after C:, else makes a new one', () => {
      expect(chooseRecoveryPartition(disk, os, null)).toMatchObject({ oldRecovery: winre, replaceOld: true });
      const none = chooseRecoveryPartition(withPartitions([os]), os, null);
      expect(none).toEqual({ oldRecovery: null, replaceOld: false, blockers: [], warnings: [] });
      const first = recovery({ number: 5, offset: MiB, size: 500 * MiB });
      const before = chooseRecoveryPartition(withPartitions([first, os]), os, null);
      expect(before.oldRecovery).toBeNull();
      expect(codes(before.warnings)).toEqual(['RECOVERY_BEFORE_OS']);
    });

    it('with WinRE disabled, blocks a data partition between C: and a recovery partition', () => {
      const data = part({ number: 5, offset: os.offset + os.size, size: 10 * MiB });
      const later = { ...winre, offset: data.offset + data.size };
      const choice = chooseRecoveryPartition(withPartitions([os, data, later]), os, null);
      expect(codes(choice.blockers)).toEqual(['PARTITION_BETWEEN_OS_AND_RECOVERY']);
      expect(choice.oldRecovery).toBeNull();
    });
  });

  describe('regionAfterOs', () => {
    const end = os.offset + os.size;

    it('runs to the disk usable end when the partition after C: is replaced', () => {
      const choice = { oldRecovery: winre, replaceOld: true, blockers: [], warnings: [] };
      expect(regionAfterOs(disk, os, choice)).toEqual({ start: end, end: layout.USABLE_END });
    });

    it('stops at the next partition that stays', () => {
      const keep = { oldRecovery: null, replaceOld: false, blockers: [], warnings: [] };
      expect(regionAfterOs(disk, os, keep)).toEqual({ start: end, end: winre.offset });
      const oem = part({ number: 6, offset: layout.USABLE_END - 10 * MiB, size: 10 * MiB });
      const d = withPartitions([...defaultDisk().partitions, oem]);
      const replace = { oldRecovery: winre, replaceOld: true, blockers: [], warnings: [] };
      expect(regionAfterOs(d, os, replace)).toEqual({ start: end, end: oem.offset });
    });
  });
});

/** Where things are on the disk: C:, WinRE, the recovery partition a fix works on, and the room after C:. */
import type { Reason, Target } from '../../contracts/generated/plan';
import type { DiskFacts, PartitionFacts, Snapshot } from '../snapshot';
import { RECOVERY_GPT_TYPE } from '../gpt-types';
import { alignDown, formatBytes } from '../units';
import { reason } from './reason';

export { RECOVERY_GPT_TYPE } from '../gpt-types';
export const RECOVERY_GPT_ATTRIBUTES = '0x8000000000000001';
export const RECOVERY_MBR_TYPE = 0x27;
export const RECOVERY_LABEL = 'Windows RE tools';

export function isRecoveryPartition(p: PartitionFacts): boolean {
  return p.gptType === RECOVERY_GPT_TYPE || p.mbrType === RECOVERY_MBR_TYPE;
}

export function partitionEnd(p: { offset: number; size: number }): number {
  return p.offset + p.size;
}

/** Last byte + 1 a partition may reach: GPT keeps 33 sectors for the backup table; Windows aligns to 1 MiB (docs/reference/storage-cmdlets.md#alignment-and-disk-end). */
export function usableEnd(disk: DiskFacts): number {
  const tail = disk.partitionStyle === 'GPT' ? 33 * disk.logicalSectorSize : 0;
  return alignDown(disk.size - tail);
}

export function partitionRef(p: PartitionFacts): {
  offset: number;
  size: number;
  number: number;
  guid: string | null;
} {
  return { offset: p.offset, size: p.size, number: p.number, guid: p.guid };
}

/** The disk that holds the system drive and its partition. */
export interface Located {
  readonly disk: DiskFacts;
  readonly os: PartitionFacts;
}

export function locateOs(snapshot: Snapshot): Located | undefined {
  const letter = snapshot.os.systemDrive.slice(0, 1).toUpperCase();
  for (const disk of snapshot.disks) {
    const os = disk.partitions.find((p) => p.driveLetter?.toUpperCase() === letter);
    if (os) return { disk, os };
  }
  return undefined;
}

/** The plan's target before any recovery partition is chosen: the OS disk and C:. */
export function osTarget({ disk, os }: Located): Target {
  return {
    disk: {
      uniqueId: disk.uniqueId,
      partitionStyle: disk.partitionStyle,
      guid: disk.guid,
      signature: disk.signature,
      number: disk.number,
    },
    osPartition: partitionRef(os),
    recoveryPartition: null,
    newRecoveryPartition: null,
  };
}

export interface WinReLocation {
  readonly disk: DiskFacts;
  readonly partition: PartitionFacts;
}

/** Where reagentc says WinRE is, checked against ReAgent.xml's offset (language-independent). */
export function locateWinRe(snapshot: Snapshot): { location?: WinReLocation; blocker?: Reason } {
  const info = snapshot.winre.reagentc;
  if (info.status !== 'Enabled' || !info.location) return {};
  const { diskNumber, partitionNumber } = info.location;
  const disk = snapshot.disks.find((d) => d.number === diskNumber);
  const partition = disk?.partitions.find((p) => p.number === partitionNumber);
  if (!disk || !partition) {
    return {
      blocker: reason('WINRE_LOCATION_INCONSISTENT', {
        disk: diskNumber,
        partition: partitionNumber,
        detail: 'no such partition exists',
      }),
    };
  }
  const xml = snapshot.winre.reagentXml;
  if (
    xml.present &&
    xml.installState === 1 &&
    xml.winreLocation &&
    xml.winreLocation.offset !== partition.offset
  ) {
    return {
      blocker: reason('WINRE_LOCATION_INCONSISTENT', {
        disk: diskNumber,
        partition: partitionNumber,
        detail: `ReAgent.xml places it at offset ${xml.winreLocation.offset}, not ${partition.offset}`,
      }),
    };
  }
  return { location: { disk, partition } };
}

/** The recovery partition a fix works on, and what the layout alone says against it or about it. */
export interface RecoveryChoice {
  /** The existing recovery partition involved (WinRE's, or a disabled one right after C:), if any. */
  readonly oldRecovery: PartitionFacts | null;
  /** Delete and recreate `oldRecovery` bigger (it lies after C:) rather than create a new one beside it. */
  readonly replaceOld: boolean;
  readonly blockers: readonly Reason[];
  readonly warnings: readonly Reason[];
}

function partitionBetween(p: PartitionFacts): Reason {
  return reason('PARTITION_BETWEEN_OS_AND_RECOVERY', {
    partition: p.number,
    type: p.type,
    size: formatBytes(p.size),
  });
}

/**
 * Picks the recovery partition to work on. `winrePart` is where WinRE is enabled (null: disabled). The partition
 * right after C: is found by offset, gaps allowed.
 */
export function chooseRecoveryPartition(
  disk: DiskFacts,
  os: PartitionFacts,
  winrePart: PartitionFacts | null,
): RecoveryChoice {
  const afterOs = disk.partitions.find((p) => p.offset >= partitionEnd(os));
  const blockers: Reason[] = [];
  const warnings: Reason[] = [];
  if (winrePart) {
    if (winrePart.offset < os.offset) {
      warnings.push(reason('RECOVERY_BEFORE_OS', { size: formatBytes(winrePart.size) }));
      return { oldRecovery: winrePart, replaceOld: false, blockers, warnings };
    }
    if (afterOs && afterOs.offset !== winrePart.offset) blockers.push(partitionBetween(afterOs));
    return { oldRecovery: winrePart, replaceOld: true, blockers, warnings };
  }
  // Disabled: use a recovery partition right after C: if there is one; otherwise create one.
  const candidate = afterOs && isRecoveryPartition(afterOs) ? afterOs : null;
  if (afterOs && !candidate && disk.partitions.some((p) => isRecoveryPartition(p) && p.offset > os.offset)) {
    blockers.push(partitionBetween(afterOs));
  }
  if (!candidate) {
    const before = disk.partitions.find((p) => isRecoveryPartition(p) && p.offset < os.offset);
    if (before) warnings.push(reason('RECOVERY_BEFORE_OS', { size: formatBytes(before.size) }));
  }
  return { oldRecovery: candidate, replaceOld: candidate !== null, blockers, warnings };
}

export interface Region {
  /** Start of the free range the new partition may use without shrinking C: (= end of C:). */
  readonly start: number;
  readonly end: number;
}

/** The range the new partition may occupy: from the end of C: to the next partition that stays. */
export function regionAfterOs(disk: DiskFacts, os: PartitionFacts, choice: RecoveryChoice): Region {
  const { oldRecovery, replaceOld } = choice;
  const stays = disk.partitions.filter(
    (p) => p.offset > os.offset && !(replaceOld && oldRecovery && p.offset === oldRecovery.offset),
  );
  const nextStaying = stays.find((p) => p.offset >= partitionEnd(os));
  return { start: partitionEnd(os), end: nextStaying ? nextStaying.offset : usableEnd(disk) };
}

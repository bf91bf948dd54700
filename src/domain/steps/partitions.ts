/**
 * Catalogue entries of the partition steps: shrink C:, delete the old recovery partition, create the new one
 * typed as recovery in the create call, format it, and set its GPT attributes. Each finds the disk by UniqueId and
 * the partition by offset (numbers change across restarts), and is checked on a fresh read of the disk.
 */
import type { DiskFacts } from '../snapshot';
import {
  isRecoveryPartition,
  RECOVERY_GPT_ATTRIBUTES,
  RECOVERY_GPT_TYPE,
  RECOVERY_LABEL,
  RECOVERY_MBR_TYPE,
} from '../planning/layout';
import { formatBytes } from '../units';
import type { StepDefinition } from './definition';
import { NO_RETRY, RETRY_UNLESS_REFUSED } from './rules';

function at(disk: DiskFacts, offset: number) {
  return disk.partitions.find((p) => p.offset === offset);
}

export const resizeOsPartition: StepDefinition<'resize-os-partition'> = {
  script: 'Resize-OsPartition',
  mutating: true,
  symbol: '~',
  retry: RETRY_UNLESS_REFUSED,
  postcondition: {
    text: () => 'C: has the new size and the same offset; its data is untouched.',
    check: (p, _snapshot, disk) => {
      const os = at(disk, p.partitionOffset);
      return os?.size === p.toSize ? null : `C: is ${String(os?.size)} bytes, expected ${p.toSize}`;
    },
    rereads: ['disks'],
  },
  checkResult: null,
  // Not undone: a C: smaller by a few hundred MiB harms nothing, and growing it back would be one more partition
  // operation at the worst moment (docs/cases.md).
  undo: null,
  effect: null,
  onFailure: 'roll-back',
  usesBackupFolder: false,
  progress: 'still shrinking C:',
  reason: (ctx) => ({
    en: `Make room after C: (${formatBytes(ctx.shrinkOsBy)}) while WinRE is still enabled, so a failure here leaves WinRE untouched.`,
    'zh-CN': `在 WinRE 仍启用时于 C: 之后腾出空间 (${formatBytes(ctx.shrinkOsBy)})，此步失败不会影响 WinRE。`,
  }),
};

export const removeRecoveryPartition: StepDefinition<'remove-recovery-partition'> = {
  script: 'Remove-RecoveryPartition',
  mutating: true,
  symbol: '-',
  retry: RETRY_UNLESS_REFUSED,
  postcondition: {
    text: () => 'No partition at that offset.',
    check: (p, _snapshot, disk) =>
      at(disk, p.partitionOffset) ? 'a partition is still at that offset' : null,
    rereads: ['disks'],
  },
  checkResult: null,
  // The original partition comes back where it was, formatted as before, with its other files.
  undo: {
    when: 'completed',
    steps: (ctx) => {
      const orig = ctx.originalRecovery;
      // Moving WinRE off an encrypted C:, the new partition stands where this one was and WinRE goes on it.
      if (!orig || ctx.keepNewPartition) return [];
      const gpt = ctx.partitionStyle === 'GPT';
      return [
        {
          stage: 'recreate',
          kind: 'new-recovery-partition',
          params: {
            diskUniqueId: ctx.diskUniqueId,
            offset: orig.offset,
            size: orig.size,
            partitionStyle: ctx.partitionStyle,
            gptType: gpt ? RECOVERY_GPT_TYPE : null,
            gptAttributes: gpt ? RECOVERY_GPT_ATTRIBUTES : null,
            mbrType: gpt ? null : RECOVERY_MBR_TYPE,
          },
        },
        {
          stage: 'recreate',
          kind: 'format-recovery-volume',
          // Its own label back (an OEM's WINRETOOLS, WINRE_DRV...), else the one KB5028997 gives.
          params: {
            diskUniqueId: ctx.diskUniqueId,
            offset: orig.offset,
            label: orig.label ?? RECOVERY_LABEL,
          },
        },
        {
          stage: 'files',
          kind: 'restore-recovery-files',
          params: { diskUniqueId: ctx.diskUniqueId, partitionOffset: orig.offset },
        },
      ];
    },
  },
  effect: null,
  onFailure: 'roll-back',
  usesBackupFolder: false,
  progress: null,
  reason: (ctx) =>
    ctx.purpose === 'fix'
      ? {
          en: 'The old recovery partition is too small and cannot grow in place.',
          'zh-CN': '旧恢复分区太小，且无法原地扩展。',
        }
      : {
          en: 'Roll back: remove the partition this run created.',
          'zh-CN': '回滚：删除本次运行创建的分区。',
        },
};

export const newRecoveryPartition: StepDefinition<'new-recovery-partition'> = {
  script: 'New-RecoveryPartition',
  mutating: true,
  symbol: '+',
  retry: RETRY_UNLESS_REFUSED,
  postcondition: {
    text: (ctx) =>
      ctx.purpose === 'fix'
        ? 'A partition at that offset and size with the recovery type and attributes.'
        : 'A recovery partition at the original offset and size.',
    check: (p, _snapshot, disk) => {
      const np = at(disk, p.offset);
      if (!np) return 'no partition at the planned offset';
      if (np.size !== p.size) return `the new partition is ${np.size} bytes, expected ${p.size}`;
      return isRecoveryPartition(np) ? null : 'the new partition is not typed as recovery';
    },
    rereads: ['disks'],
  },
  checkResult: null,
  // A partition this run made (or may have half made) is in the way of the original: removed first, unless it
  // sits exactly where the original was (the original is then recreated there with its own size anyway).
  undo: {
    when: 'started',
    steps: (ctx) => {
      const made = ctx.newRecoveryPartition;
      const orig = ctx.originalRecovery;
      if (!made || ctx.keepNewPartition || (orig && orig.offset === made.offset && orig.size === made.size))
        return [];
      return [
        {
          stage: 'clear',
          kind: 'remove-recovery-partition',
          params: {
            diskUniqueId: ctx.diskUniqueId,
            partitionOffset: made.offset,
            partitionSize: made.size,
            partitionGuid: null,
          },
        },
      ];
    },
  },
  effect: null,
  onFailure: 'roll-back',
  usesBackupFolder: false,
  progress: null,
  reason: (ctx) => {
    if (ctx.purpose !== 'fix')
      return {
        en: 'Roll back: recreate the recovery partition at its original offset and size.',
        'zh-CN': '回滚：在原偏移处按原大小重新创建恢复分区。',
      };
    return ctx.params.gptType
      ? {
          en: 'Created typed as recovery in the create call, so Device Encryption cannot claim it.',
          'zh-CN': '在创建调用中即设为恢复分区类型，设备加密因此无法占用它。',
        }
      : {
          en: 'Created as MBR id 0x27 (recovery) in the create call.',
          'zh-CN': '在创建调用中即设为 MBR 恢复分区 (ID 0x27)。',
        };
  },
};

export const formatRecoveryVolume: StepDefinition<'format-recovery-volume'> = {
  script: 'Format-RecoveryVolume',
  mutating: true,
  symbol: '~',
  retry: RETRY_UNLESS_REFUSED,
  postcondition: {
    text: (ctx) =>
      ctx.purpose === 'fix'
        ? 'An NTFS volume with the planned label on the new partition.'
        : 'NTFS with its label as before.',
    check: (p, _snapshot, disk) => {
      const v = at(disk, p.offset)?.volume;
      return v && v.fileSystem === 'NTFS' && v.label === p.label
        ? null
        : `the new volume is not NTFS "${p.label}"`;
    },
    rereads: ['disks'],
  },
  checkResult: null,
  undo: null, // Undone with the partition (new-recovery-partition).
  effect: null,
  onFailure: 'roll-back',
  usesBackupFolder: false,
  progress: null,
  reason: (ctx) =>
    ctx.purpose === 'fix'
      ? {
          en: 'NTFS, labelled as the old recovery partition was (an OEM label), else "Windows RE tools" as KB5028997 does.',
          'zh-CN':
            '格式化为 NTFS，卷标沿用旧恢复分区的卷标 (OEM 卷标)，没有则按 KB5028997 使用 "Windows RE tools"。',
        }
      : { en: 'Roll back: format it as before.', 'zh-CN': '回滚：按原样格式化。' },
};

export const setRecoveryAttributes: StepDefinition<'set-recovery-attributes'> = {
  script: 'Set-RecoveryPartitionAttributes',
  mutating: true,
  symbol: '~',
  retry: NO_RETRY,
  postcondition: {
    text: () => 'diskpart detail partition shows 0x8000000000000001.',
    check: (p, _snapshot, disk) => {
      const got = at(disk, p.partitionOffset)?.gptAttributes;
      // null: attributes not readable (not elevated); the step itself read them back through diskpart.
      return got == null || got === p.gptAttributes ? null : `the attributes are ${got}`;
    },
    rereads: ['disks'],
  },
  checkResult: null,
  undo: null, // Undone with the partition (new-recovery-partition).
  effect: null,
  onFailure: 'roll-back',
  usesBackupFolder: false,
  progress: null,
  reason: () => ({
    en: 'GPT attributes 0x8000000000000001 (required + no drive letter), as Windows setup and KB5028997 set them; done after enable because they do not decide where WinRE goes.',
    'zh-CN':
      '按 Windows 安装程序和 KB5028997 设置 GPT 属性 0x8000000000000001 (必需 + 无驱动器号)；放在启用之后，因为属性不决定 WinRE 的位置。',
  }),
};

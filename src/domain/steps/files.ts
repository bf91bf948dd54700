/**
 * Catalogue entries of the file steps: the second copy of the recovery partition's files (Winre.wim and the OEM
 * tools) kept in this run's backup folder, put back on the new partition, and deleted once the fix is verified.
 * Their scripts verify their own work (hash-checked manifests), so nothing is re-read after them.
 */
import type { StepDefinition } from './definition';
import { NO_RETRY, RETRY_UNLESS_REFUSED } from './rules';
import { judgeStateFolderSddl } from '../state-acl';
import { formatBytes } from '../units';

export const backupRecoveryFiles: StepDefinition<'backup-recovery-files'> = {
  script: 'Backup-RecoveryFiles',
  mutating: true,
  symbol: '+',
  retry: RETRY_UNLESS_REFUSED,
  postcondition: {
    text: () => 'Every file is copied and its SHA256 recorded in the backup manifest.',
    check: null,
    rereads: [],
  },
  checkResult: null,
  // The backup goes last, once everything else is back; before WinRE left its partition it goes before BitLocker
  // is resumed (its removal never fails the roll-back, so BitLocker is resumed either way).
  undo: {
    when: 'started',
    steps: (ctx) =>
      (ctx.originalRecovery && !ctx.keepNewPartition) || !ctx.winreLeft
        ? [{ stage: 'backup', kind: 'remove-backup', params: {} }]
        : [],
  },
  effect: null,
  onFailure: 'roll-back',
  usesBackupFolder: true,
  progress: null,
  reason: () => ({
    en: 'Keep a second copy of Winre.wim and of every other file on the recovery partition (OEM tools) in the state folder before anything changes.',
    'zh-CN':
      '在任何更改之前，将 Winre.wim 及恢复分区上所有其他文件 (OEM 工具) 的第二份副本保存到状态文件夹。',
  }),
};

/**
 * `fix --keep-backup <folder>` (src/domain/keep-backup.ts): right after the backup, while nothing else has changed,
 * the verified backup is copied into a new folder of its own under the administrator's folder, every copy checked
 * against the backup's manifest, and a manifest written there last. Before any change, so a copy that cannot be
 * made rolls back a run that changed nothing; and the run's own backup is deleted only at the end, long after.
 */
export const keepBackup: StepDefinition<'keep-backup'> = {
  script: 'Copy-WinReFixBackup',
  mutating: true,
  symbol: '+',
  retry: RETRY_UNLESS_REFUSED,
  postcondition: {
    text: (ctx) =>
      `A new folder under ${ctx.params.folder}, SYSTEM and Administrators only, holds every backed-up file with its SHA256 and a manifest.`,
    check: null,
    rereads: [],
  },
  // The copy must end restricted to SYSTEM and Administrators (as the state folder: src/domain/state-acl.ts).
  checkResult: (result) => {
    const sddl = typeof result['folderSddl'] === 'string' ? result['folderSddl'] : '';
    const problems = judgeStateFolderSddl(sddl).problems;
    return problems.length > 0
      ? `the kept copy ${String(result['folder'])} is not restricted to SYSTEM and Administrators: ${problems.join('; ')}`
      : null;
  },
  // Nothing to undo: the kept copy is the administrator's record of the old partition (a roll-back leaves the
  // partition as it was, so the copy is still true); an unfinished one has no manifest.json.
  undo: null,
  effect: null,
  onFailure: 'roll-back',
  usesBackupFolder: true,
  progress: null,
  reason: (ctx) => ({
    en: `Keep a copy of the verified backup (about ${formatBytes(ctx.params.bytes)}) in a new folder under ${ctx.params.folder}, as asked (--keep-backup).`,
    'zh-CN': `按要求 (--keep-backup) 将已验证的备份 (约 ${formatBytes(ctx.params.bytes)}) 复制到 ${ctx.params.folder} 下的新文件夹中保存。`,
  }),
};

export const restoreRecoveryFiles: StepDefinition<'restore-recovery-files'> = {
  script: 'Restore-RecoveryFiles',
  mutating: true,
  symbol: '+',
  retry: RETRY_UNLESS_REFUSED,
  postcondition: {
    text: (ctx) =>
      ctx.purpose === 'fix'
        ? 'Every backed-up file is present on the new partition with its SHA256.'
        : 'Every backed-up file is present with its SHA256.',
    check: null,
    rereads: [],
  },
  checkResult: null,
  undo: null, // Files put back on a partition the roll-back removes anyway.
  effect: null,
  onFailure: 'roll-back',
  usesBackupFolder: true,
  progress: null,
  reason: (ctx) =>
    ctx.purpose === 'fix'
      ? {
          en: 'Put back every other file the old recovery partition held (OEM tools).',
          'zh-CN': '放回旧恢复分区上的所有其他文件 (OEM 工具)。',
        }
      : {
          en: 'Roll back: put back the other files the partition held.',
          'zh-CN': '回滚：放回该分区原有的其他文件。',
        },
};

export const removeBackup: StepDefinition<'remove-backup'> = {
  script: 'Remove-WinReFixBackup',
  mutating: true,
  symbol: '-',
  retry: NO_RETRY,
  postcondition: { text: () => 'The backup folder of this run is gone.', check: null, rereads: [] },
  checkResult: null,
  undo: null, // Nothing to undo: deleting the second copy changes nothing Windows uses.
  effect: null,
  // The fix is done and verified; a leftover backup only costs C: space: say so, do not roll back.
  onFailure: 'skip',
  usesBackupFolder: true,
  progress: null,
  reason: (ctx) =>
    ctx.purpose === 'fix'
      ? {
          en: 'The fix is verified: give back the C: space the second copy of Winre.wim and the OEM files took.',
          'zh-CN': '修复已验证：释放 Winre.wim 和 OEM 文件第二份副本所占的 C: 空间。',
        }
      : {
          en: 'Roll back: WinRE is back where it was; give back the C: space of the backup this run made.',
          'zh-CN': '回滚：WinRE 已回到原处；释放本次运行所做备份占用的 C: 空间。',
        },
};

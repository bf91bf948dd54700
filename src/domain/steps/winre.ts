/**
 * Catalogue entries of the WinRE steps: reagentc /disable (Winre.wim moves to C:, KB5028997), the check of that
 * staged image, reagentc /enable on the target partition, the final health check, and the last resort (WinRE on
 * the Windows volume, reported degraded).
 */
import type { TestWinReHealthOutput } from '../../contracts/generated/test-win-re-health';
import type { StepDefinition } from './definition';
import { NO_RETRY, RETRY_UNLESS_REFUSED } from './rules';

export const disableWinRe: StepDefinition<'disable-winre'> = {
  script: 'Disable-WinRe',
  mutating: true,
  symbol: '~',
  retry: RETRY_UNLESS_REFUSED,
  postcondition: {
    text: () => 'reagentc /info: Disabled; Winre.wim present in C:\\Windows\\System32\\Recovery.',
    check: (_p, snapshot) => {
      if (snapshot.winre.reagentc.status !== 'Disabled')
        return `reagentc reports ${snapshot.winre.reagentc.status}`;
      return snapshot.winre.stagedImage ? null : 'Winre.wim is not in C:\\Windows\\System32\\Recovery';
    },
    rereads: ['winre'],
  },
  checkResult: null,
  // WinRE goes back on its original partition (recreated first if this run deleted it).
  undo: {
    when: 'started',
    steps: (ctx) =>
      ctx.keepNewPartition
        ? [
            {
              stage: 'winre',
              kind: 'enable-winre',
              params: {
                diskUniqueId: ctx.diskUniqueId,
                partitionOffset: ctx.newRecoveryPartition?.offset ?? ctx.originalRecovery?.offset ?? 0,
                imageSha256: ctx.imageSha256,
              },
            },
          ]
        : ctx.originalRecovery
          ? [
              {
                stage: 'winre',
                kind: 'enable-winre',
                params: {
                  diskUniqueId: ctx.diskUniqueId,
                  partitionOffset: ctx.originalRecovery.offset,
                  imageSha256: ctx.imageSha256,
                },
              },
            ]
          : [],
  },
  effect: 'winre-disabled',
  onFailure: 'roll-back',
  usesBackupFolder: false,
  progress: null,
  reason: () => ({
    en: 'reagentc /disable moves Winre.wim to C:\\Windows\\System32\\Recovery before its partition changes (KB5028997).',
    'zh-CN':
      'reagentc /disable 在分区更改之前将 Winre.wim 移到 C:\\Windows\\System32\\Recovery (KB5028997)。',
  }),
};

export const verifyStagedImage: StepDefinition<'verify-staged-image'> = {
  script: 'Test-StagedWinReImage',
  mutating: false,
  symbol: '?',
  retry: NO_RETRY,
  postcondition: {
    text: () => 'C:\\Windows\\System32\\Recovery\\Winre.wim exists with the recorded SHA256.',
    check: (p, snapshot) => {
      const staged = snapshot.winre.stagedImage;
      if (!staged) return 'Winre.wim is not staged';
      return p.imageSha256 !== '' && staged.sha256 !== p.imageSha256
        ? `staged image hash ${staged.sha256} differs from ${p.imageSha256}`
        : null;
    },
    rereads: ['winre'],
  },
  checkResult: null,
  undo: null, // A check changes nothing.
  effect: null,
  onFailure: 'roll-back',
  usesBackupFolder: false,
  progress: null,
  reason: () => ({
    en: 'Never delete the old partition before the staged image is proven whole.',
    'zh-CN': '在暂存映像被证明完整之前，绝不删除旧分区。',
  }),
};

export const enableWinRe: StepDefinition<'enable-winre'> = {
  script: 'Enable-WinRe',
  mutating: true,
  symbol: '~',
  retry: RETRY_UNLESS_REFUSED,
  postcondition: {
    text: (ctx) =>
      ctx.purpose !== 'fix'
        ? 'reagentc /info: Enabled on the original partition.'
        : ctx.createsPartition
          ? 'reagentc /info: Enabled, located on the new partition (not on C:).'
          : 'reagentc /info: Enabled, located on the recovery partition at this offset, not on C:.',
    check: (p, snapshot) => {
      const info = snapshot.winre.reagentc;
      if (info.status !== 'Enabled' || !info.location) return `reagentc reports ${info.status}`;
      const where = snapshot.disks
        .find((d) => d.number === info.location?.diskNumber)
        ?.partitions.find((x) => x.number === info.location?.partitionNumber);
      return where?.offset === p.partitionOffset ? null : `WinRE landed on ${info.location.path}`;
    },
    rereads: ['disks', 'winre'],
  },
  checkResult: null,
  undo: null, // A failed run puts WinRE back on the original partition (disable-winre's undo).
  effect: 'winre-enabled',
  onFailure: 'roll-back',
  usesBackupFolder: false,
  progress: null,
  reason: (ctx) => {
    if (ctx.purpose !== 'fix')
      return { en: 'Roll back: put WinRE back where it was.', 'zh-CN': '回滚：将 WinRE 放回原处。' };
    return ctx.createsPartition
      ? {
          en: 'Put WinRE on the new partition and re-register it.',
          'zh-CN': '将 WinRE 放到新分区上并重新注册。',
        }
      : {
          en: 'WinRE is disabled and the recovery partition already has room for it and its updates.',
          'zh-CN': 'WinRE 已禁用，而恢复分区已有足够空间容纳它及其更新。',
        };
  },
};

/**
 * Test-WinReHealth's result against what the plan promised (the fix is done only when the end state is proven): a
 * failure text, or null when it is healthy.
 */
function checkHealth(raw: Readonly<Record<string, unknown>>, imageSha256: string): string | null {
  const result = raw as unknown as TestWinReHealthOutput;
  const problems = result.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`);
  if (result.status !== 'Enabled') problems.push('WinRE is not enabled');
  if (result.landed?.isOsVolume) problems.push('WinRE is on the Windows volume');
  if (result.landed && !result.landed.onTarget)
    problems.push(`WinRE is at ${result.landed.path}, not on the new partition`);
  if (imageSha256 && result.image?.sha256 && result.image.sha256 !== imageSha256)
    problems.push('the WinRE image hash changed');
  if (result.winrePartitionOffsets.length !== 1)
    problems.push(`${result.winrePartitionOffsets.length} partitions hold a WinRE image`);
  if (!result.healthy && problems.length === 0) problems.push('Test-WinReHealth reports the PC unhealthy');
  return problems.length > 0 ? `final check failed: ${problems.join('; ')}` : null;
}

export const verifyWinRe: StepDefinition<'verify-winre'> = {
  script: 'Test-WinReHealth',
  mutating: false,
  symbol: '?',
  retry: NO_RETRY,
  postcondition: {
    text: (ctx) =>
      ctx.createsPartition
        ? 'WinRE enabled on the new partition, free space per policy, type, attributes and label right, image hash unchanged, one WinRE partition.'
        : 'WinRE enabled on the expected partition, free space per policy, image hash unchanged.',
    check: null, // Its own result is the check (checkResult): a fresh read made by the script.
    rereads: [],
  },
  checkResult: checkHealth,
  undo: null, // A check changes nothing.
  effect: null,
  onFailure: 'roll-back',
  usesBackupFolder: false,
  progress: null,
  reason: () => ({
    en: 'Prove the end state from a fresh read.',
    'zh-CN': '根据重新读取的状态证明最终结果。',
  }),
};

export const enableWinReOnOsVolume: StepDefinition<'enable-winre-on-os-volume'> = {
  script: 'Enable-WinReOnOsVolume',
  mutating: true,
  symbol: '~',
  retry: NO_RETRY,
  postcondition: {
    text: () => 'reagentc /info: Enabled (on the Windows volume).',
    check: (_p, snapshot) =>
      snapshot.winre.reagentc.status === 'Enabled'
        ? null
        : `reagentc reports ${snapshot.winre.reagentc.status}`,
    rereads: ['disks', 'winre'],
  },
  checkResult: null,
  undo: null, // The last resort: nothing comes after it.
  effect: null,
  onFailure: 'roll-back',
  usesBackupFolder: false,
  progress: null,
  reason: () => ({
    en: 'Last resort: never leave the PC without a recovery environment; WinRE on C: works, and is reported as degraded.',
    'zh-CN': '最后手段：绝不让电脑没有恢复环境；WinRE 位于 C: 上也能工作，并报告为降级。',
  }),
};

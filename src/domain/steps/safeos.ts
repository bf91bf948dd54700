/**
 * Catalogue entries of the offline WinRE patch (`fix --safeos-package`, docs/safeos-patch.md): build a patched copy
 * of Winre.wim in this run's backup folder (never the live image), put it in place of the staged image while WinRE
 * is disabled, and prove the enabled image is the patched one. Microsoft's procedure ("Add an update package to
 * Windows RE", docs/reference/winre-version.md#adding-a-safe-os-update) commits into the live winre.wim; a power cut
 * in that commit damages the only copy, so here DISM only ever writes a copy.
 */
import { compareWinReVersions } from '../winre-patch-level';
import type { Snapshot } from '../snapshot';
import type { StepDefinition } from './definition';
import { NO_RETRY, RETRY_UNLESS_REFUSED } from './rules';
import { REFUSALS } from './definition';

/** Why an image read from a fresh snapshot is not the patched one, or null when it is. */
export function notPatched(
  image: Snapshot['winre']['stagedImage'],
  fromSha256: string,
  fromVersion: string,
  where: string,
): string | null {
  if (!image) return `no Winre.wim ${where}`;
  const wim = image.wim;
  if (!wim || !wim.readable || !wim.version) return `the image ${where} has no readable WIM metadata`;
  if (wim.writeInProgress)
    return `the image ${where} is damaged (its WIM header says a write never finished)`;
  if (fromSha256 !== '' && image.sha256 === fromSha256)
    return `the image ${where} is still the unpatched one`;
  if (compareWinReVersions(wim.version, fromVersion) <= 0)
    return `the image ${where} is version ${wim.version}, not newer than ${fromVersion}`;
  return null;
}

export const buildPatchedImage: StepDefinition<'build-patched-image'> = {
  script: 'Build-PatchedWinReImage',
  mutating: true,
  symbol: '+',
  retry: {
    retries: 1,
    never: [...REFUSALS, 'WinReFix.PackageNotApplicable', 'WinReFix.PackageAlreadyApplied'],
  },
  postcondition: {
    text: (ctx) =>
      `A patched copy of Winre.wim (newer than ${ctx.params.fromVersion}, header whole, same architecture and edition) is in this run's backup folder with its SHA256; no DISM mount is left.`,
    check: null, // The script verifies its own work (WIM header, version, hash) and records it.
    rereads: [],
  },
  checkResult: null,
  // Work files live in the run's backup folder: deleting it (after the script discarded any mount) undoes it.
  undo: { when: 'started', steps: () => [{ stage: 'backup', kind: 'remove-backup', params: {} }] },
  effect: null,
  onFailure: 'roll-back',
  usesBackupFolder: true,
  progress: 'still adding the Safe OS update to a copy of Winre.wim',
  reason: (ctx) => ({
    en: `Add ${ctx.params.kb ?? 'the Safe OS update'} to a COPY of Winre.wim ${ctx.params.fromVersion} (mount, add, ResetBase, commit, export), never to the live image.`,
    'zh-CN': `将 ${ctx.params.kb ?? 'Safe OS 更新'} 添加到 Winre.wim ${ctx.params.fromVersion} 的副本 (装载、添加、\`ResetBase\`、提交、导出)，绝不修改正在使用的映像。`,
  }),
};

export const installPatchedImage: StepDefinition<'install-patched-image'> = {
  script: 'Install-PatchedWinReImage',
  mutating: true,
  symbol: '~',
  retry: RETRY_UNLESS_REFUSED,
  postcondition: {
    text: () =>
      'C:\\Windows\\System32\\Recovery\\Winre.wim is the verified patched image; the old one is kept in the backup folder.',
    check: (p, snapshot) =>
      notPatched(
        snapshot.winre.stagedImage,
        p.fromSha256,
        p.fromVersion,
        'in C:\\Windows\\System32\\Recovery',
      ),
    rereads: ['winre'],
  },
  checkResult: null,
  // Started: the staged image may be the patched one; the old image goes back before WinRE is re-enabled.
  undo: {
    when: 'started',
    steps: (ctx) => [
      { stage: 'image', kind: 'restore-staged-image', params: { imageSha256: ctx.imageSha256 } },
    ],
  },
  effect: null,
  onFailure: 'roll-back',
  usesBackupFolder: true,
  progress: null,
  reason: () => ({
    en: 'WinRE is disabled: put the verified patched image in place of the staged one (temporary file, hash check, rename).',
    'zh-CN': 'WinRE 已禁用：用已验证的修补映像替换暂存映像 (临时文件、哈希校验、重命名)。',
  }),
};

export const restoreStagedImage: StepDefinition<'restore-staged-image'> = {
  script: 'Restore-StagedWinReImage',
  mutating: true,
  symbol: '~',
  retry: RETRY_UNLESS_REFUSED,
  postcondition: {
    text: () => 'C:\\Windows\\System32\\Recovery\\Winre.wim is the image from before the run (its SHA256).',
    check: (p, snapshot) => {
      const staged = snapshot.winre.stagedImage;
      if (!staged) return 'Winre.wim is not staged';
      return staged.sha256 === p.imageSha256
        ? null
        : `the staged image is ${staged.sha256}, not ${p.imageSha256}`;
    },
    rereads: ['winre'],
  },
  checkResult: null,
  undo: null, // A roll-back step.
  effect: null,
  onFailure: 'roll-back',
  usesBackupFolder: true,
  progress: null,
  reason: () => ({
    en: 'Roll back: put the unpatched Winre.wim back before WinRE is enabled again.',
    'zh-CN': '回滚：在重新启用 WinRE 之前放回未修补的 Winre.wim。',
  }),
};

export const verifyPatchedWinRe: StepDefinition<'verify-patched-winre'> = {
  script: 'Test-PatchedWinReImage',
  mutating: false,
  symbol: '?',
  retry: NO_RETRY,
  postcondition: {
    text: (ctx) =>
      `WinRE is enabled and its active image reads newer than ${ctx.params.fromVersion} from its own WIM header, whole, with a new SHA256.`,
    check: (p, snapshot) =>
      snapshot.winre.reagentc.status !== 'Enabled'
        ? `reagentc reports ${snapshot.winre.reagentc.status}`
        : notPatched(snapshot.winre.activeImage, p.fromSha256, p.fromVersion, 'WinRE runs'),
    rereads: ['winre'],
  },
  checkResult: null,
  undo: null, // A check changes nothing.
  effect: null,
  onFailure: 'roll-back',
  usesBackupFolder: false,
  progress: null,
  reason: () => ({
    en: 'Prove from a fresh read that WinRE runs the patched image (reagentc /enable also recorded its hash for BitLocker).',
    'zh-CN':
      '根据重新读取的状态证明 WinRE 运行的是修补后的映像 (reagentc /enable 也为 BitLocker 记录了其哈希)。',
  }),
};

/** Catalogue entries of the BitLocker steps: suspend for one restart before any change, resume on a clean failure. */
import type { StepDefinition } from './definition';
import { NO_RETRY, RETRY_UNLESS_REFUSED } from './rules';

export const suspendBitLocker: StepDefinition<'suspend-bitlocker'> = {
  script: 'Suspend-BitLockerProtection',
  mutating: true,
  symbol: '~',
  retry: RETRY_UNLESS_REFUSED,
  postcondition: {
    text: () => 'Get-BitLockerVolume shows ProtectionStatus Off with one reboot pending.',
    check: (p, snapshot) => {
      const b = snapshot.bitLocker.find((x) => x.mountPoint.toUpperCase() === p.mountPoint.toUpperCase());
      return !b || b.protectionStatus === 0 ? null : 'BitLocker protection is still on';
    },
    rereads: ['bitlocker'],
  },
  checkResult: null,
  // Resumed only when WinRE never left its partition: after a BCD change protection stays off until the one
  // restart it was suspended for, when Windows resumes it by itself.
  undo: {
    when: 'started',
    steps: (ctx) =>
      ctx.bitLockerSuspended && !ctx.winreLeft
        ? [{ stage: 'protection', kind: 'resume-bitlocker', params: { mountPoint: ctx.systemDrive } }]
        : [],
  },
  effect: 'bitlocker-suspended',
  onFailure: 'roll-back',
  usesBackupFolder: false,
  progress: null,
  reason: () => ({
    en: 'Partition table and WinRE BCD changes can trigger BitLocker recovery; suspend for exactly one restart.',
    'zh-CN': '更改分区表和 WinRE 的 BCD 项可能触发 BitLocker 恢复；仅为下一次重启暂停保护。',
  }),
};

export const resumeBitLocker: StepDefinition<'resume-bitlocker'> = {
  script: 'Resume-BitLockerProtection',
  mutating: true,
  symbol: '~',
  retry: NO_RETRY,
  postcondition: {
    text: () =>
      'Get-BitLockerVolume shows ProtectionStatus On (or the volume has no key protector to turn on).',
    check: (p, snapshot) => {
      const b = snapshot.bitLocker.find((x) => x.mountPoint.toUpperCase() === p.mountPoint.toUpperCase());
      // Protection is On only with a key protector (ProtectionStatus 1 = On, 0 = Off).
      return !b || b.protectionStatus === 1 || b.keyProtectors.length === 0
        ? null
        : 'BitLocker protection is still off';
    },
    rereads: ['bitlocker'],
  },
  checkResult: null,
  undo: null,
  effect: 'bitlocker-resumed',
  onFailure: 'roll-back',
  usesBackupFolder: false,
  progress: null,
  reason: () => ({
    en: 'Roll back: nothing else changed; give BitLocker protection back now rather than at the next restart.',
    'zh-CN': '回滚：其他均未更改；立即恢复 BitLocker 保护，而不是等到下一次重启。',
  }),
};

import {
  bitLockerToSuspend,
  decideFix,
  judgeWinRe,
  type WinReJudgement,
} from '../../../../src/domain/planning/decision';
import { locateOs, type Located } from '../../../../src/domain/planning/layout';
import { DEFAULT_PLANNER_OPTIONS, DEFAULT_POLICY } from '../../../../src/domain/policy';
import type { Snapshot } from '../../../../src/domain/snapshot';
import { MiB } from '../../../../src/domain/units';
import {
  defaultSnapshot,
  snapshotWith,
  volume,
  WIM_SHA,
  WIM_SIZE,
  type Mutable,
} from '../../../builders/snapshot-builder';

type NeedsFix = Extract<WinReJudgement, { kind: 'needs-fix' }>;
const judge = (s: Snapshot): WinReJudgement => judgeWinRe(s, locateOs(s) as Located, DEFAULT_POLICY);
const disable = (x: Mutable<Snapshot>): void => {
  x.winre.reagentc.status = 'Disabled';
  x.winre.reagentc.location = null;
  x.winre.activeImage = null;
  x.winre.stagedImage = { size: WIM_SIZE, sha256: WIM_SHA };
};
const recoveryPartition = (x: Mutable<Snapshot>): Mutable<Snapshot>['disks'][number]['partitions'][number] =>
  x.disks[0]?.partitions[3] as Mutable<Snapshot>['disks'][number]['partitions'][number];

describe('decision', () => {
  describe('judgeWinRe', () => {
    it('needs a fix when the WinRE partition is short of servicing space, carrying the active image', () => {
      const j = judge(defaultSnapshot());
      expect(j.kind).toBe('needs-fix');
      const { cause, winrePart, image } = j as NeedsFix;
      expect(cause.code).toBe('WINRE_PARTITION_TOO_SMALL');
      expect(winrePart?.number).toBe(4);
      expect(image).toEqual({ size: WIM_SIZE, sha256: WIM_SHA });
    });

    it('is compliant with exactly the servicing space free, and names the partition', () => {
      const s = snapshotWith((x) => {
        recoveryPartition(x).volume = volume(600 * MiB, DEFAULT_POLICY.servicingFreeBytes);
      });
      const j = judge(s);
      expect(j).toMatchObject({ kind: 'compliant', why: { code: 'WINRE_HAS_ENOUGH_SPACE' } });
      expect(j.kind === 'compliant' && j.recoveryPartition?.number).toBe(4);
    });

    it('is compliant with WinRE on C:, naming no recovery partition', () => {
      const s = snapshotWith((x) => {
        if (x.winre.reagentc.location) x.winre.reagentc.location.partitionNumber = 3;
        if (x.winre.reagentXml.winreLocation)
          x.winre.reagentXml.winreLocation.offset = x.disks[0]?.partitions[2]?.offset ?? 0;
      });
      expect(judge(s)).toMatchObject({
        kind: 'compliant',
        why: { code: 'WINRE_ON_OS_VOLUME' },
        recoveryPartition: null,
      });
    });

    it('refuses an unknown WinRE state and a staged image that is missing', () => {
      const unknown = snapshotWith((x) => {
        x.winre.reagentc.status = 'Unknown';
        x.winre.reagentc.exitCode = 5;
      });
      expect(judge(unknown)).toMatchObject({
        kind: 'refused',
        blocker: { code: 'WINRE_STATUS_UNKNOWN', params: { exitCode: 5 } },
      });
      const missing = snapshotWith((x) => {
        disable(x);
        x.winre.stagedImage = null;
      });
      expect(judge(missing)).toMatchObject({
        kind: 'refused',
        blocker: { code: 'WINRE_DISABLED_WIM_MISSING' },
      });
    });

    it('needs a fix when WinRE is disabled with its image staged on C:, carrying the staged image', () => {
      const j = judge(snapshotWith(disable));
      expect(j).toMatchObject({
        kind: 'needs-fix',
        cause: { code: 'WINRE_DISABLED_WIM_STAGED' },
        winrePart: null,
        image: { size: WIM_SIZE, sha256: WIM_SHA },
      });
    });
  });

  describe('decideFix', () => {
    const decide = (s: Snapshot) => {
      const located = locateOs(s) as Located;
      return decideFix(
        s,
        located,
        DEFAULT_PLANNER_OPTIONS,
        judgeWinRe(s, located, DEFAULT_POLICY) as NeedsFix,
      );
    };

    it('grows the WinRE partition after C:, creating the new one where the sizing put it', () => {
      const fix = decide(defaultSnapshot());
      expect(fix.case).toBe('grow-recovery-after-os');
      expect(fix).toMatchObject({ replaceOld: true, winreEnabled: true, blockers: [], warnings: [] });
      expect(fix.newRecoveryPartition).toEqual({
        offset: fix.newOffset,
        size: fix.sizing.targetRecoverySize,
      });
    });

    it('enables WinRE in place when the partition after C: has room for the staged image and updates', () => {
      const roomy = snapshotWith((x) => {
        disable(x);
        recoveryPartition(x).volume = volume(2000 * MiB, 1900 * MiB);
      });
      const fix = decide(roomy);
      expect(fix.case).toBe('enable-staged-image');
      expect(fix).toMatchObject({ replaceOld: false, winreEnabled: false, newRecoveryPartition: null });
      expect(fix.newOffset).toBe(fix.oldRecovery?.offset);
      expect(fix.sizing.shrinkOsBy).toBe(0);
    });

    it('does not enable in place on a partition BitLocker claimed: it warns and grows it instead', () => {
      const encrypted = snapshotWith((x) => {
        disable(x);
        const v = volume(2000 * MiB, 1900 * MiB);
        recoveryPartition(x).volume = v;
        x.bitLocker = [
          {
            mountPoint: v.path,
            lockStatus: 0,
            volumeStatus: 1,
            protectionStatus: 0,
            encryptionPercentage: 100,
          } as (typeof x.bitLocker)[number],
        ];
      });
      const fix = decide(encrypted);
      expect(fix.case).toBe('grow-recovery-after-os');
      expect(fix.warnings.map((w) => w.code)).toContain('RECOVERY_ENCRYPTED');
    });
  });

  it('suspends BitLocker only on C: and only while its protection is on', () => {
    const { os } = locateOs(defaultSnapshot()) as Located;
    const withC = (protectionStatus: number, mountPoint = 'c:') =>
      snapshotWith((x) => {
        x.bitLocker = [
          {
            mountPoint,
            lockStatus: 0,
            volumeStatus: 1,
            protectionStatus,
            encryptionPercentage: 100,
          } as (typeof x.bitLocker)[number],
        ];
      });
    expect(bitLockerToSuspend(withC(1), os)?.mountPoint).toBe('c:');
    expect(bitLockerToSuspend(withC(0), os)).toBeUndefined();
    expect(bitLockerToSuspend(withC(1, 'D:'), os)).toBeUndefined();
  });
});

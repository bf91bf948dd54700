import type { Sizing } from '../../../../src/contracts/generated/plan';
import {
  environmentBlockers,
  isDeferral,
  oemPartitionBlockers,
  placementBlockers,
} from '../../../../src/domain/planning/blockers';
import { locateOs, type Located } from '../../../../src/domain/planning/layout';
import { DEFAULT_PLANNER_OPTIONS, DEFAULT_POLICY } from '../../../../src/domain/policy';
import type { Snapshot } from '../../../../src/domain/snapshot';
import { GiB, MiB } from '../../../../src/domain/units';
import {
  defaultDisk,
  defaultSnapshot,
  part,
  snapshotWith,
  volume,
  type Mutable,
} from '../../../builders/snapshot-builder';

type MutablePartition = Mutable<Snapshot>['disks'][number]['partitions'][number];

const codes = (rs: readonly { code: string }[]): string[] => rs.map((r) => r.code);
const located = (s: Snapshot): Located => locateOs(s) as Located;
const env = (s: Snapshot, allowServerCore = false) =>
  environmentBlockers(s, { ...DEFAULT_PLANNER_OPTIONS, allowServerCore }, locateOs(s));

describe('blockers', () => {
  describe('environmentBlockers', () => {
    it('finds none on a healthy PC', () => {
      expect(env(defaultSnapshot())).toEqual([]);
    });

    it('collects every one, in a stable order', () => {
      const s = snapshotWith((x) => {
        x.os.isElevated = false;
        x.os.pendingRebootReasons = ['CBS', 'PendingFileRenameOperations'];
        x.os.isServerCore = true;
        (x.disks[0] as { isReadOnly: boolean }).isReadOnly = true;
      });
      const found = env(s);
      expect(codes(found)).toEqual(['NOT_ELEVATED', 'PENDING_REBOOT', 'SERVER_CORE', 'DISK_NOT_WRITABLE']);
      expect(found[1]?.params).toEqual({ reasons: 'CBS, PendingFileRenameOperations' });
      expect(found.every((r) => r.severity === 'blocker')).toBe(true);
      expect(codes(env(s, true))).not.toContain('SERVER_CORE');
    });

    it('defers a PC still in Windows setup, whatever the casing, and not one with no ImageState', () => {
      for (const state of [
        'IMAGE_STATE_UNDEPLOYABLE',
        'IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE',
        'IMAGE_STATE_SPECIALIZE_RESEAL_TO_OOBE',
        'IMAGE_STATE_GENERALIZE_RESEAL_TO_AUDIT',
        'IMAGE_STATE_SPECIALIZE_RESEAL_TO_AUDIT',
      ]) {
        const found = env(snapshotWith((x) => void (x.os.imageState = state)));
        expect(codes(found)).toEqual(['SETUP_NOT_COMPLETE']);
        expect(found[0]?.params).toEqual({ state });
        expect(isDeferral(found)).toBe(true);
      }
      expect(env(snapshotWith((x) => void (x.os.imageState = 'image_state_complete')))).toEqual([]);
      expect(env(snapshotWith((x) => void (x.os.imageState = '')))).toEqual([]);
    });

    it('calls a refusal a deferral only when every blocker only asks to wait', () => {
      const both = env(
        snapshotWith((x) => {
          x.os.imageState = 'IMAGE_STATE_SPECIALIZE_RESEAL_TO_OOBE';
          x.os.isServerCore = true;
        }),
      );
      expect(codes(both)).toEqual(['SERVER_CORE', 'SETUP_NOT_COMPLETE']);
      expect(isDeferral(both)).toBe(false);
      expect(isDeferral([])).toBe(false);
    });

    it('recognises a dynamic disk by its flag, its LDM GPT partition or MBR type 0x42', () => {
      const ldm = snapshotWith((x) => {
        x.disks[0]?.partitions.push(
          part({
            number: 9,
            offset: 1,
            size: 1,
            gptType: '{af9b60a0-1431-4f62-bc68-3311714a69ad}',
          }) as MutablePartition,
        );
      });
      const mbr42 = snapshotWith((x) => {
        x.disks[0]?.partitions.push(
          part({ number: 9, offset: 1, size: 1, gptType: null, mbrType: 0x42 }) as MutablePartition,
        );
      });
      for (const s of [ldm, mbr42]) expect(codes(env(s))).toEqual(['DYNAMIC_DISK']);
    });

    it('says whether BitLocker is encrypting or decrypting, and that a locked volume blocks', () => {
      const withBitLocker = (volumeStatus: number, lockStatus = 0) =>
        snapshotWith((x) => {
          x.bitLocker = [
            {
              mountPoint: 'D:',
              lockStatus,
              volumeStatus,
              protectionStatus: 1,
              encryptionPercentage: 41.26,
            } as (typeof x.bitLocker)[number],
          ];
        });
      expect(env(withBitLocker(1))).toEqual([]);
      expect(env(withBitLocker(2))[0]?.params).toEqual({
        mountPoint: 'D:',
        state: 'encrypting',
        percent: 41.3,
      });
      expect(env(withBitLocker(4))[0]?.params['state']).toBe('encrypting');
      expect(env(withBitLocker(3))[0]?.params['state']).toBe('decrypting');
      expect(env(withBitLocker(5))[0]?.params['state']).toBe('decrypting');
      expect(codes(env(withBitLocker(1, 1)))).toEqual(['BITLOCKER_LOCKED']);
    });

    it('judges the disk only when C: was found', () => {
      const s = snapshotWith((x) => {
        (x.disks[0] as { isDynamic: boolean }).isDynamic = true;
      });
      expect(environmentBlockers(s, DEFAULT_PLANNER_OPTIONS, undefined)).toEqual([]);
    });
  });

  describe('oemPartitionBlockers', () => {
    const oem = part({ number: 5, offset: 0, size: 3 * GiB });
    it('refuses to delete a recovery partition larger than the policy allows', () => {
      expect(codes(oemPartitionBlockers(oem, true, DEFAULT_POLICY))).toEqual([
        'OEM_RECOVERY_PARTITION_LARGE',
      ]);
    });
    it('lets it be when the fix keeps it, or when it is within the limit', () => {
      expect(oemPartitionBlockers(oem, false, DEFAULT_POLICY)).toEqual([]);
      expect(
        oemPartitionBlockers({ ...oem, size: DEFAULT_POLICY.maxRecoveryBytes }, true, DEFAULT_POLICY),
      ).toEqual([]);
      expect(oemPartitionBlockers(null, true, DEFAULT_POLICY)).toEqual([]);
    });
  });

  describe('placementBlockers', () => {
    const { disk, os } = located(defaultSnapshot());
    const room = { start: 0, end: 10 * GiB };
    const sizing = (shrinkOsBy: number): Sizing =>
      ({ shrinkOsBy, targetRecoverySize: 1 * GiB }) as unknown as Sizing;
    const place = (o: typeof os, shrink: number, region = room, replaceOld = true, d = disk) =>
      codes(placementBlockers(d, o, region, sizing(shrink), replaceOld, DEFAULT_POLICY));

    it('has nothing to say when C: does not shrink and there is room', () => {
      expect(place({ ...os, supportedSize: null, volume: null }, 0)).toEqual([]);
    });

    it('refuses a shrink Windows did not size, cannot make, or that leaves C: too full', () => {
      expect(place({ ...os, supportedSize: null }, 600 * MiB)).toEqual(['INSUFFICIENT_SHRINK_SPACE']);
      const min = { min: os.size - 100 * MiB, max: os.size };
      // SizeMin too high while the data fits: files Windows cannot move now; the fix will climb the retry ladder.
      expect(place({ ...os, supportedSize: min }, 101 * MiB)).toEqual(['SHRINK_LIMIT_WILL_RETRY']);
      expect(
        placementBlockers(
          disk,
          { ...os, supportedSize: min },
          room,
          sizing(101 * MiB),
          true,
          DEFAULT_POLICY,
        )[0]?.severity,
      ).toBe('warning');
      // A policy without any retry refuses it as before.
      const noRetry = {
        immediateRetries: 0,
        pausedRetries: 0,
        pauseMs: 0,
        defrag: false,
        defragTimeLimitMs: 0,
      };
      expect(
        codes(
          placementBlockers(
            disk,
            { ...os, supportedSize: min },
            room,
            sizing(101 * MiB),
            true,
            DEFAULT_POLICY,
            noRetry,
          ),
        ),
      ).toEqual(['INSUFFICIENT_SHRINK_SPACE']);
      expect(place({ ...os, supportedSize: min }, 100 * MiB)).toEqual([]);
      const full = { ...os, volume: volume(os.size, DEFAULT_POLICY.minOsFreeAfterShrinkBytes + 10 * MiB) };
      expect(place(full, 11 * MiB)).toEqual(['INSUFFICIENT_SHRINK_SPACE']);
      // Too little free space is a blocker even when SizeMin also blocks: no retry can make room.
      expect(place({ ...full, supportedSize: min }, 101 * MiB)).toEqual(['INSUFFICIENT_SHRINK_SPACE']);
      expect(place(full, 10 * MiB)).toEqual([]);
    });

    it('refuses to shrink a dirty C:, and only then', () => {
      const dirty = { ...os, volume: { ...(os.volume as NonNullable<typeof os.volume>), dirty: true } };
      expect(place(dirty, 600 * MiB)).toEqual(['VOLUME_DIRTY']);
      expect(place(dirty, 0)).toEqual([]);
    });

    it('refuses when there is no room and nothing to shrink', () => {
      expect(place(os, 0, { start: 5 * GiB, end: 5 * GiB })).toEqual(['NO_ROOM_FOR_RECOVERY']);
    });

    it('refuses a new partition on an MBR disk that has four primaries, not a regrown one', () => {
      const mbr = { ...defaultDisk(), partitionStyle: 'MBR' as const };
      expect(mbr.partitions).toHaveLength(4);
      expect(place(os, 0, room, false, mbr)).toEqual(['MBR_NO_FREE_SLOT']);
      expect(place(os, 0, room, true, mbr)).toEqual([]);
      expect(place(os, 0, room, false, { ...mbr, partitions: mbr.partitions.slice(1) })).toEqual([]);
    });
  });
});

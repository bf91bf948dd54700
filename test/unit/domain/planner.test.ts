import { plan } from '../../../src/domain/planner';
import { DEFAULT_PLANNER_OPTIONS, DEFAULT_POLICY } from '../../../src/domain/policy';
import { GiB, MiB } from '../../../src/domain/units';
import { assertValid } from '../../../src/schemas/validators';
import {
  BASIC,
  defaultSnapshot,
  layout,
  part,
  RECOVERY,
  snapshotWith,
  volume,
  WIM_SIZE,
  type Mutable,
} from '../../builders/snapshot-builder';
import type { Snapshot } from '../../../src/domain/snapshot';

type S = Mutable<Snapshot>;

const kinds = (p: ReturnType<typeof plan>): string[] => p.steps.map((s) => s.kind);
const codes = (p: ReturnType<typeof plan>): string[] => p.reasons.map((r) => r.code);

describe('planner', () => {
  describe('when the WinRE partition right after C: has too little free space', () => {
    const result = plan(defaultSnapshot());

    it('needs a fix, names the cause first and validates against plan.schema.json', () => {
      expect(result.verdict).toBe('needs-fix');
      expect(result.case).toBe('grow-recovery-after-os');
      expect(result.reasons[0]?.code).toBe('WINRE_PARTITION_TOO_SMALL');
      expect(() => assertValid('plan', result, 'planner')).not.toThrow();
    });

    it('orders the steps so C: shrinks while WinRE is still enabled and only delete, create, format run while it is disabled', () => {
      expect(kinds(result)).toEqual([
        'backup-recovery-files',
        'resize-os-partition',
        'disable-winre',
        'verify-staged-image',
        'remove-recovery-partition',
        'new-recovery-partition',
        'format-recovery-volume',
        'enable-winre',
        'set-recovery-attributes',
        'restore-recovery-files',
        'verify-winre',
        'remove-backup',
      ]);
      const k = kinds(result);
      const whileDisabled = result.steps
        .slice(k.indexOf('disable-winre') + 1, k.indexOf('enable-winre'))
        .filter((s) => s.mutating);
      expect(whileDisabled.map((s) => s.kind)).toEqual([
        'remove-recovery-partition',
        'new-recovery-partition',
        'format-recovery-volume',
      ]);
    });

    it('takes from C: only what the policy needs, in whole MiB, and places the new partition right after the shrunk C:', () => {
      const { sizing, target } = result;
      expect(sizing.shrinkOsBy % MiB).toBe(0);
      expect(sizing.targetRecoverySize % MiB).toBe(0);
      const carried = layout.RE_SIZE - 4096 - 90 * MiB;
      const needVolume = carried + DEFAULT_POLICY.servicingFreeBytes + DEFAULT_POLICY.growthHeadroomBytes;
      expect(sizing.targetRecoverySize).toBeGreaterThanOrEqual(needVolume);
      expect(sizing.shrinkOsBy).toBeLessThanOrEqual(sizing.targetRecoverySize - layout.RE_SIZE + MiB);
      expect(target.newRecoveryPartition?.offset).toBe(layout.C_OFFSET + layout.C_SIZE - sizing.shrinkOsBy);
      expect((target.newRecoveryPartition?.offset ?? 0) + sizing.targetRecoverySize).toBeLessThanOrEqual(
        layout.USABLE_END,
      );
      const resize = result.steps.find((s) => s.kind === 'resize-os-partition');
      expect(resize?.params['toSize']).toBe(layout.C_SIZE - sizing.shrinkOsBy);
    });

    it('creates the partition typed recovery in the create call and sets the attributes once WinRE is back', () => {
      const create = result.steps.find((s) => s.kind === 'new-recovery-partition');
      expect(create?.params).toMatchObject({ gptType: RECOVERY, gptAttributes: 'defer', mbrType: null });
      const k = kinds(result);
      expect(k.indexOf('set-recovery-attributes')).toBeGreaterThan(k.indexOf('enable-winre'));
      expect(result.steps.find((s) => s.kind === 'set-recovery-attributes')?.params['gptAttributes']).toBe(
        '0x8000000000000001',
      );
      expect(result.steps.find((s) => s.kind === 'format-recovery-volume')?.params['label']).toBe(
        'Windows RE tools',
      );
    });

    it('is deterministic and does not change its input', () => {
      const input = defaultSnapshot();
      const frozen = JSON.stringify(input);
      expect(plan(input)).toEqual(plan(input));
      expect(JSON.stringify(input)).toBe(frozen);
    });
  });

  it('is compliant when the WinRE partition already has 250 MiB free', () => {
    const s = snapshotWith((x) => {
      x.disks[0]!.partitions[3]!.volume!.sizeRemaining = 260 * MiB;
    });
    const p = plan(s);
    expect(p.verdict).toBe('compliant');
    expect(codes(p)[0]).toBe('WINRE_HAS_ENOUGH_SPACE');
    expect(p.steps).toEqual([]);
  });

  it('is compliant when WinRE lives on C:', () => {
    const s = snapshotWith((x) => {
      x.winre.reagentc.location = {
        diskNumber: 0,
        partitionNumber: 3,
        path: '\\\\?\\GLOBALROOT\\device\\harddisk0\\partition3\\Recovery\\WindowsRE',
      };
      x.winre.reagentXml.winreLocation!.offset = layout.C_OFFSET;
    });
    expect(codes(plan(s))[0]).toBe('WINRE_ON_OS_VOLUME');
  });

  it('uses unallocated space after the WinRE partition before taking any from C:', () => {
    const s = snapshotWith((x) => {
      const re = x.disks[0]!.partitions[3]!;
      const c = x.disks[0]!.partitions[2]!;
      c.size -= 2 * GiB;
      c.supportedSize = { min: 100 * GiB, max: c.size };
      re.offset = c.offset + c.size;
      x.winre.reagentXml.winreLocation!.offset = re.offset;
    });
    const p = plan(s);
    expect(p.verdict).toBe('needs-fix');
    expect(p.sizing.shrinkOsBy).toBe(0);
    expect(kinds(p)).not.toContain('resize-os-partition');
    expect(codes(p)).toContain('FREE_SPACE_USED');
  });

  it('uses an unallocated gap between C: and WinRE and shrinks C: by less', () => {
    const gap = 100 * MiB;
    const s = snapshotWith((x) => {
      const c = x.disks[0]!.partitions[2]!;
      c.size -= gap;
    });
    const p = plan(s);
    const full = plan(defaultSnapshot());
    expect(p.sizing.shrinkOsBy).toBe(full.sizing.shrinkOsBy - gap);
  });

  it('creates a new recovery partition after C: when WinRE lies before C:, and keeps the old one', () => {
    const s = snapshotWith((x) => {
      const d = x.disks[0]!;
      const re = d.partitions[3]!;
      // Windows 10 1507 layout: recovery first (docs/reference/partition-layouts.md#real-layouts).
      re.offset = 1 * MiB;
      re.size = 450 * MiB;
      re.number = 1;
      d.partitions = [re, ...d.partitions.slice(0, 3)];
      const c = d.partitions[3]!;
      c.size = layout.USABLE_END - c.offset;
      c.supportedSize = { min: 120 * GiB, max: c.size };
      x.winre.reagentc.location = {
        diskNumber: 0,
        partitionNumber: 1,
        path: '\\\\?\\GLOBALROOT\\device\\harddisk0\\partition1\\Recovery\\WindowsRE',
      };
      x.winre.reagentXml.winreLocation!.offset = 1 * MiB;
    });
    const p = plan(s);
    expect(p.case).toBe('new-recovery-after-os');
    expect(kinds(p)).not.toContain('remove-recovery-partition');
    expect(codes(p)).toContain('RECOVERY_BEFORE_OS');
    expect(p.sizing.shrinkOsBy).toBeGreaterThan(0);
  });

  it('refuses when another partition lies between C: and WinRE', () => {
    const s = snapshotWith((x) => {
      const d = x.disks[0]!;
      const c = d.partitions[2]!;
      c.size -= 10 * GiB;
      d.partitions.splice(
        3,
        0,
        part({
          number: 5,
          offset: c.offset + c.size,
          size: 10 * GiB - 1 * MiB,
          gptType: BASIC,
          type: 'Basic',
        }) as S['disks'][number]['partitions'][number],
      );
    });
    const p = plan(s);
    expect(p.verdict).toBe('refused');
    expect(codes(p)).toContain('PARTITION_BETWEEN_OS_AND_RECOVERY');
  });

  it('refuses WinRE on another disk', () => {
    const s = snapshotWith((x) => {
      const other = JSON.parse(JSON.stringify(x.disks[0])) as S['disks'][number];
      other.number = 1;
      other.uniqueId = 'OTHER';
      for (const p of other.partitions) p.driveLetter = null;
      x.disks.push(other);
      x.winre.reagentc.location = {
        diskNumber: 1,
        partitionNumber: 4,
        path: '\\\\?\\GLOBALROOT\\device\\harddisk1\\partition4\\Recovery\\WindowsRE',
      };
    });
    expect(codes(plan(s))).toContain('RECOVERY_ON_OTHER_DISK');
  });

  it('parses multi-digit disk and partition numbers through to the right partition', () => {
    const s = snapshotWith((x) => {
      x.disks[0]!.number = 12;
      x.disks[0]!.partitions[3]!.number = 10;
      x.winre.reagentc.location = {
        diskNumber: 12,
        partitionNumber: 10,
        path: '\\\\?\\GLOBALROOT\\device\\harddisk12\\partition10\\Recovery\\WindowsRE',
      };
    });
    expect(plan(s).target.recoveryPartition?.number).toBe(10);
  });

  describe('when WinRE is disabled', () => {
    const disabled = (free: number) =>
      snapshotWith((x) => {
        x.winre.reagentc.status = 'Disabled';
        x.winre.reagentc.location = null;
        x.winre.reagentXml.installState = 0;
        x.winre.stagedImage = { size: WIM_SIZE, sha256: 'B'.repeat(64) };
        x.winre.activeImage = null;
        x.disks[0]!.partitions[3]!.volume!.sizeRemaining = free;
      });

    it('just enables it when the recovery partition after C: has room for the image and updates', () => {
      const p = plan(
        snapshotWith(
          (x) => {
            const d = x.disks[0]!;
            d.partitions[2]!.size -= 400 * MiB;
            const re = d.partitions[3]!;
            re.offset -= 400 * MiB;
            re.size += 400 * MiB;
            re.volume!.size = re.size - 4096;
          },
          disabled(900 * MiB),
        ),
      );
      expect(p.case).toBe('enable-staged-image');
      expect(kinds(p)).toEqual(['enable-winre', 'verify-winre']);
    });

    it('grows the recovery partition when it has not', () => {
      const p = plan(disabled(80 * MiB));
      expect(p.case).toBe('grow-recovery-after-os');
      expect(codes(p)[0]).toBe('WINRE_DISABLED_WIM_STAGED');
      expect(kinds(p)).not.toContain('disable-winre');
      expect(kinds(p)).toContain('backup-recovery-files');
    });

    it('refuses when the image is missing too', () => {
      const s = snapshotWith((x) => {
        x.winre.reagentc.status = 'Disabled';
        x.winre.reagentc.location = null;
        x.winre.activeImage = null;
      });
      expect(codes(plan(s))).toContain('WINRE_DISABLED_WIM_MISSING');
    });
  });

  describe('BitLocker', () => {
    it('suspends protection for one restart as the first step', () => {
      const s = snapshotWith((x) => {
        x.bitLocker.push({
          mountPoint: 'C:',
          volumeStatus: 1,
          protectionStatus: 1,
          lockStatus: 0,
          encryptionPercentage: 100,
          keyProtectors: ['Tpm'],
        });
      });
      const p = plan(s);
      expect(p.steps[0]).toMatchObject({
        kind: 'suspend-bitlocker',
        params: { mountPoint: 'C:', rebootCount: 1 },
      });
      expect(codes(p)).toContain('BITLOCKER_WILL_SUSPEND');
    });

    it.each([2, 3, 4, 5])('refuses while the conversion status is %i', (status) => {
      const s = snapshotWith((x) => {
        x.bitLocker.push({
          mountPoint: 'C:',
          volumeStatus: status,
          protectionStatus: 0,
          lockStatus: 0,
          encryptionPercentage: 40,
          keyProtectors: [],
        });
      });
      expect(codes(plan(s))).toContain('BITLOCKER_CONVERSION_IN_PROGRESS');
    });
  });

  it('plans the shrink anyway when only SizeMin blocks it, saying what the fix will try', () => {
    const s = snapshotWith(
      (x) =>
        (x.disks[0]!.partitions[2]!.supportedSize = { min: layout.C_SIZE - 10 * MiB, max: layout.C_SIZE }),
    );
    const p = plan(s);
    expect(p.verdict).toBe('needs-fix');
    expect(codes(p)).toContain('SHRINK_LIMIT_WILL_RETRY');
    expect(p.steps.map((x) => x.kind)).toContain('resize-os-partition');
    // Without retries it is the refusal it always was.
    const none = { immediateRetries: 0, pausedRetries: 0, pauseMs: 0, defrag: false, defragTimeLimitMs: 0 };
    const refused = plan(s, { ...DEFAULT_PLANNER_OPTIONS, shrinkRetry: none });
    expect(refused.verdict).toBe('refused');
    expect(codes(refused)).toContain('INSUFFICIENT_SHRINK_SPACE');
  });

  it.each<[string, (x: S) => void, string]>([
    [
      'C: is nearly full',
      (x) => (x.disks[0]!.partitions[2]!.volume!.sizeRemaining = 600 * MiB),
      'INSUFFICIENT_SHRINK_SPACE',
    ],
    ['C: is dirty', (x) => (x.disks[0]!.partitions[2]!.volume!.dirty = true), 'VOLUME_DIRTY'],
    ['the disk is dynamic', (x) => (x.disks[0]!.isDynamic = true), 'DYNAMIC_DISK'],
    ['it is Server Core', (x) => (x.os.isServerCore = true), 'SERVER_CORE'],
    ['it is not elevated', (x) => (x.os.isElevated = false), 'NOT_ELEVATED'],
    ['a reboot is pending', (x) => (x.os.pendingRebootReasons = ['CBS RebootPending']), 'PENDING_REBOOT'],
    [
      'ReAgent.xml disagrees with reagentc',
      (x) => (x.winre.reagentXml.winreLocation!.offset = 12345 * MiB),
      'WINRE_LOCATION_INCONSISTENT',
    ],
    ['reagentc failed', (x) => (x.winre.reagentc.status = 'Unknown'), 'WINRE_STATUS_UNKNOWN'],
  ])('refuses when %s, with nothing to run', (_name, change, code) => {
    const p = plan(snapshotWith(change));
    expect(p.verdict).toBe('refused');
    expect(codes(p)).toContain(code);
    expect(p.steps).toEqual([]);
  });

  it('collects every blocker before refusing', () => {
    const s = snapshotWith((x) => {
      x.os.isElevated = false;
      x.os.pendingRebootReasons = ['PendingFileRenameOperations'];
      x.disks[0]!.partitions[2]!.volume!.dirty = true;
    });
    expect(codes(plan(s))).toEqual(
      expect.arrayContaining(['NOT_ELEVATED', 'PENDING_REBOOT', 'VOLUME_DIRTY']),
    );
  });

  it('accepts Server Core when the admin allows it', () => {
    const s = snapshotWith((x) => {
      x.os.isServerCore = true;
    });
    expect(plan(s, { ...DEFAULT_PLANNER_OPTIONS, allowServerCore: true }).verdict).toBe('needs-fix');
  });

  it('refuses to delete an OEM-sized recovery partition', () => {
    const s = snapshotWith((x) => {
      const d = x.disks[0]!;
      const c = d.partitions[2]!;
      const re = d.partitions[3]!;
      c.size -= 10 * GiB;
      re.offset = c.offset + c.size;
      re.size = layout.USABLE_END - re.offset;
      re.volume = volume(re.size - 4096, 100 * MiB);
      x.winre.reagentXml.winreLocation!.offset = re.offset;
    });
    expect(codes(plan(s))).toContain('OEM_RECOVERY_PARTITION_LARGE');
  });

  it('refuses an MBR disk with four primaries when a new partition is needed', () => {
    const s = snapshotWith((x) => {
      const d = x.disks[0]!;
      d.partitionStyle = 'MBR';
      d.guid = null;
      d.signature = 0x1234;
      for (const p of d.partitions) {
        p.gptType = null;
        p.guid = null;
        p.mbrType = 7;
      }
      const re = d.partitions[3]!;
      re.mbrType = 0x27;
      // move recovery to the front so a new partition is needed
      re.offset = 1 * MiB;
      re.number = 1;
      d.partitions = [re, ...d.partitions.slice(0, 3)];
      d.partitions[3]!.size = layout.USABLE_END - d.partitions[3]!.offset;
      d.partitions[3]!.supportedSize = { min: 100 * GiB, max: d.partitions[3]!.size };
      x.winre.reagentc.location = {
        diskNumber: 0,
        partitionNumber: 1,
        path: '\\\\?\\GLOBALROOT\\device\\harddisk0\\partition1\\Recovery\\WindowsRE',
      };
      x.winre.reagentXml.winreLocation!.offset = 1 * MiB;
    });
    expect(codes(plan(s))).toContain('MBR_NO_FREE_SLOT');
  });
});

/**
 * Issue 15 row 7: WinRE enabled on a BitLocker-encrypted C: is moved to a recovery partition after C:
 * (docs/reference/bitlocker.md#winre-on-an-encrypted-c). reagentc cannot put it back on an encrypted C:, so every
 * partition change happens before /disable, and a roll-back after /disable keeps the new partition for WinRE.
 */
import type { Journal } from '../../../src/contracts/generated/journal';
import { plan } from '../../../src/domain/planner';
import { rollbackSteps } from '../../../src/domain/rollback';
import type { Snapshot } from '../../../src/domain/snapshot';
import { GiB } from '../../../src/domain/units';
import { newJournal } from '../../../src/engine/run-journal';
import { assertValid } from '../../../src/schemas/validators';
import { layout, snapshotWith, type Mutable } from '../../builders/snapshot-builder';

type S = Mutable<Snapshot>;

/** WinRE in C:\Recovery\WindowsRE, C: with the given BitLocker conversion status, protection on when encrypted. */
function winreOnC(volumeStatus: number, edit: (x: S) => void = () => undefined): Snapshot {
  return snapshotWith((x) => {
    x.winre.reagentc.location = {
      diskNumber: 0,
      partitionNumber: 3,
      path: '\\\\?\\GLOBALROOT\\device\\harddisk0\\partition3\\Recovery\\WindowsRE',
    };
    x.winre.reagentXml.winreLocation!.offset = layout.C_OFFSET;
    x.bitLocker.push({
      mountPoint: 'C:',
      volumeStatus,
      protectionStatus: volumeStatus === 0 ? 0 : 1,
      lockStatus: 0,
      encryptionPercentage: volumeStatus === 0 ? 0 : 100,
      keyProtectors: volumeStatus === 0 ? [] : ['Tpm', 'RecoveryPassword'],
    });
    edit(x);
  });
}

const kinds = (p: ReturnType<typeof plan>): string[] => p.steps.map((s) => s.kind);

/** The journal of a run of `p` that completed every step before `failedKind`, which failed. */
function failedAt(s: Snapshot, failedKind: string): Journal {
  const p = plan(s);
  const j = newJournal(p, s, s.disks[0]!, {
    runId: 'r1',
    now: '2026-12-05T00:00:00.000Z',
    toolVersion: '0.1.0',
  });
  const failedIndex = j.steps.findIndex((st) => st.kind === failedKind);
  expect(failedIndex).toBeGreaterThan(-1);
  return {
    ...j,
    steps: j.steps.map((st, i) => ({
      ...st,
      status: i < failedIndex ? 'completed' : i === failedIndex ? 'failed' : 'pending',
    })),
  };
}

describe('WinRE on a BitLocker-encrypted C:', () => {
  it('stays compliant while C: is fully decrypted', () => {
    const p = plan(winreOnC(0));
    expect(p.verdict).toBe('compliant');
    expect(p.reasons[0]?.code).toBe('WINRE_ON_OS_VOLUME');
  });

  it('needs a fix once C: is encrypted, naming the volume status', () => {
    const p = plan(winreOnC(1));
    expect(p.verdict).toBe('needs-fix');
    expect(p.case).toBe('move-winre-off-os-volume');
    expect(p.reasons[0]).toMatchObject({
      code: 'WINRE_ON_ENCRYPTED_OS_VOLUME',
      params: { volumeStatus: 'FullyEncrypted' },
    });
    expect(() => assertValid('plan', p, 'planner')).not.toThrow();
  });

  it('changes every partition before /disable: only reagentc runs while WinRE is disabled', () => {
    const p = plan(winreOnC(1));
    expect(kinds(p)).toEqual([
      'suspend-bitlocker',
      'backup-recovery-files',
      'resize-os-partition',
      'remove-recovery-partition',
      'new-recovery-partition',
      'format-recovery-volume',
      'restore-recovery-files',
      'disable-winre',
      'verify-staged-image',
      'enable-winre',
      'set-recovery-attributes',
      'verify-winre',
      'remove-backup',
    ]);
    const k = kinds(p);
    const whileDisabled = p.steps
      .slice(k.indexOf('disable-winre') + 1, k.indexOf('enable-winre'))
      .filter((s) => s.mutating);
    expect(whileDisabled).toEqual([]);
    const enable = p.steps.find((s) => s.kind === 'enable-winre');
    expect(enable?.params['partitionOffset']).toBe(p.target.newRecoveryPartition?.offset);
  });

  it('creates a partition after C: when there is no recovery partition after it', () => {
    const p = plan(
      winreOnC(1, (x) => {
        x.disks[0]!.partitions.splice(3, 1);
      }),
    );
    expect(p.case).toBe('move-winre-off-os-volume');
    expect(kinds(p)).toEqual([
      'suspend-bitlocker',
      'resize-os-partition',
      'new-recovery-partition',
      'format-recovery-volume',
      'disable-winre',
      'verify-staged-image',
      'enable-winre',
      'set-recovery-attributes',
      'verify-winre',
    ]);
  });

  it('enables WinRE in place when the recovery partition after C: already has room', () => {
    const p = plan(
      winreOnC(1, (x) => {
        const c = x.disks[0]!.partitions[2]!;
        const re = x.disks[0]!.partitions[3]!;
        c.size -= 1 * GiB;
        re.offset -= 1 * GiB;
        re.size += 1 * GiB;
        re.volume = { ...re.volume!, size: re.size, sizeRemaining: re.size - 20 * 1024 * 1024 };
      }),
    );
    expect(p.case).toBe('move-winre-off-os-volume');
    expect(p.target.newRecoveryPartition ?? null).toBeNull();
    expect(kinds(p)).toEqual([
      'suspend-bitlocker',
      'disable-winre',
      'verify-staged-image',
      'enable-winre',
      'verify-winre',
    ]);
  });

  it('a failure after /disable rolls back onto the new partition and keeps it (C: cannot take WinRE back)', () => {
    const s = winreOnC(1);
    const j = failedAt(s, 'enable-winre');
    const steps = rollbackSteps(j);
    expect(steps.map((st) => st.kind)).toEqual(['enable-winre']);
    expect(steps[0]?.params).toMatchObject({ partitionOffset: j.plan.target.newRecoveryPartition?.offset });
  });

  it('a failure before /disable undoes the partition work as any grow does, and leaves WinRE on C: alone', () => {
    const s = winreOnC(1);
    const j = failedAt(s, 'format-recovery-volume');
    const k = rollbackSteps(j).map((st) => st.kind);
    expect(k).toContain('remove-recovery-partition');
    expect(k).toContain('new-recovery-partition');
    expect(k).not.toContain('enable-winre');
    expect(k).not.toContain('enable-winre-on-os-volume');
  });
});

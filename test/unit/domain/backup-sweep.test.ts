/**
 * When backups of earlier runs may go (src/domain/backup-sweep.ts), what a finished run says it leaves
 * (src/engine/backup-sweep.ts backupLeftBehind), and that a roll-back ends by deleting the run's backup
 * (src/domain/rollback.ts).
 */
import type { Journal } from '../../../src/contracts/generated/journal';
import { backupSweepBlocker } from '../../../src/domain/backup-sweep';
import { rollbackSteps } from '../../../src/domain/rollback';
import { backupLeftBehind } from '../../../src/engine/backup-sweep';
import { defaultSnapshot, snapshotWith } from '../../builders/snapshot-builder';

describe('backupSweepBlocker', () => {
  it('allows the sweep when WinRE is enabled on a recovery partition with its image', () => {
    expect(backupSweepBlocker(defaultSnapshot())).toBeNull();
  });
  it.each([
    [
      'WinRE disabled',
      (s: Parameters<Parameters<typeof snapshotWith>[0]>[0]) => {
        s.winre.reagentc.status = 'Disabled';
      },
      /Disabled/,
    ],
    [
      'no location',
      (s: Parameters<Parameters<typeof snapshotWith>[0]>[0]) => {
        s.winre.reagentc.location = null;
      },
      /no WinRE location/,
    ],
    [
      'WinRE on C: (degraded)',
      (s: Parameters<Parameters<typeof snapshotWith>[0]>[0]) => {
        s.winre.reagentc.location!.partitionNumber = 3;
      },
      /Windows volume/,
    ],
    [
      'the image missing',
      (s: Parameters<Parameters<typeof snapshotWith>[0]>[0]) => {
        s.winre.activeImage = null;
      },
      /Winre\.wim/,
    ],
    [
      'a location this PC does not show',
      (s: Parameters<Parameters<typeof snapshotWith>[0]>[0]) => {
        s.winre.reagentc.location!.partitionNumber = 9;
      },
      /does not show/,
    ],
  ])('keeps them when %s', (_name, change, why) => {
    expect(backupSweepBlocker(snapshotWith(change))).toMatch(why);
  });
});

function journal(over: Partial<Journal>, steps: Partial<Journal['steps'][number]>[]): Journal {
  return {
    phase: 'rolled-back',
    steps: steps.map((s, i) => ({
      id: i + 1,
      kind: 'backup-recovery-files',
      script: 'Backup-RecoveryFiles',
      params: { StateFolder: 'C:\\ProgramData\\winre-fix\\backup\\0123456789abcdef' },
      status: 'completed',
      attempts: 1,
      ...s,
    })),
    rollback: [],
    ...over,
  } as unknown as Journal;
}

describe('backupLeftBehind', () => {
  it('is null when the run made no backup, or removed it', () => {
    expect(backupLeftBehind(journal({}, [{ status: 'pending' }]))).toBeNull();
    const removed = journal({}, [{}]);
    removed.rollback = [{ ...removed.steps[0]!, kind: 'remove-backup', script: 'Remove-WinReFixBackup' }];
    expect(backupLeftBehind(removed)).toBeNull();
  });
  it('names the folder a rolled-back run could not delete', () => {
    const left = journal({}, [{}]);
    left.rollback = [
      { ...left.steps[0]!, kind: 'remove-backup', script: 'Remove-WinReFixBackup', status: 'skipped' },
    ];
    expect(backupLeftBehind(left)).toMatch(/still in C:\\ProgramData\\winre-fix\\backup\\0123456789abcdef/);
  });
  it('says a degraded run keeps its backup on purpose', () => {
    expect(backupLeftBehind(journal({ phase: 'degraded' }, [{}]))).toMatch(/only copy/);
  });
});

describe('rollbackSteps', () => {
  const base = {
    disk: { uniqueId: 'D1' },
    plan: { target: { disk: { partitionStyle: 'GPT' }, newRecoveryPartition: { offset: 2000, size: 900 } } },
    original: { recoveryPartition: { offset: 3000, size: 600, guid: null }, imageSha256: 'AA' },
  };
  it('ends with deleting the backup once WinRE and the files are back', () => {
    const j = journal(base as Partial<Journal>, [
      {},
      { kind: 'disable-winre' },
      { kind: 'remove-recovery-partition' },
      { kind: 'new-recovery-partition', status: 'failed' },
    ]);
    const kinds = rollbackSteps(j).map((s) => s.kind);
    expect(kinds.slice(-3)).toEqual(['enable-winre', 'restore-recovery-files', 'remove-backup']);
  });
  it('deletes no backup the run never made', () => {
    const j = journal(base as Partial<Journal>, [{ status: 'pending' }, { kind: 'disable-winre' }]);
    expect(rollbackSteps(j).map((s) => s.kind)).not.toContain('remove-backup');
  });
});

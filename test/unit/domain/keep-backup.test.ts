/**
 * `fix --keep-backup <folder>` (issue 15 row 5): the planner's rules for the folder (src/domain/keep-backup.ts), the
 * step in the plan, the run folder the journal names, and the exit code of a refusal made of these rules alone.
 */
import type { KeepBackupFolderProbe } from '../../../src/contracts/generated/test-keep-backup-folder';
import { ExitCode } from '../../../src/contracts/exit-codes';
import { verdictExitCode } from '../../../src/app/audit';
import { checkKeepPath, keptRunFolder, type KeepBackupRequest } from '../../../src/domain/keep-backup';
import { plan } from '../../../src/domain/planner';
import { DEFAULT_PLANNER_OPTIONS } from '../../../src/domain/policy';
import { reasonMessage } from '../../../src/domain/reasons';
import { stepDefinition } from '../../../src/domain/steps/catalogue';
import { GiB } from '../../../src/domain/units';
import { newJournal } from '../../../src/engine/run-journal';
import { layout, snapshotWith } from '../../builders/snapshot-builder';
import { renderPlan } from '../../../src/cli/render-plan';

const PROTECTED = 'O:SYG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)';

function probe(over: Partial<KeepBackupFolderProbe> = {}): KeepBackupFolderProbe {
  return {
    path: 'D:\\Audit',
    volume: { driveLetter: 'D', fileSystem: 'NTFS', driveType: 'Fixed', sizeRemaining: 100 * GiB },
    links: [],
    exists: false,
    isFolder: false,
    entries: 0,
    markerComputerName: null,
    ...over,
  };
}

function planWith(request: KeepBackupRequest, edit?: Parameters<typeof snapshotWith>[0]) {
  const snapshot = snapshotWith(edit ?? (() => undefined));
  return { snapshot, plan: plan(snapshot, { ...DEFAULT_PLANNER_OPTIONS, keepBackup: request }) };
}

function blockers(request: KeepBackupRequest, edit?: Parameters<typeof snapshotWith>[0]): string[] {
  return planWith(request, edit)
    .plan.reasons.filter((r) => r.severity === 'blocker')
    .map((r) => r.code);
}

describe('--keep-backup: the form of the path', () => {
  it.each([
    ['Audit', 'RELATIVE'],
    ['.\\Audit', 'RELATIVE'],
    ['\\Audit', 'RELATIVE'],
    ['D:Audit', 'DRIVE_RELATIVE'],
    ['\\\\?\\D:\\Audit', 'DEVICE_PATH'],
    ['\\\\.\\D:\\Audit', 'DEVICE_PATH'],
    ['D:\\Audit\\..\\ProgramData', 'DOT_SEGMENT'],
    ['D:\\PROGRA~3\\winre-fix', 'SHORT_NAME'],
    ['D:\\Au|dit', 'BAD_NAME'],
    ['D:\\Audit.', 'BAD_NAME'],
    ['D:\\Audit \\x', 'BAD_NAME'],
    ['D:\\a\\\\b', 'BAD_NAME'],
    ['D:\\', 'DRIVE_ROOT'],
    [`D:\\${'x'.repeat(160)}`, 'TOO_LONG'],
  ])('refuses %s (%s)', (raw, problem) => {
    expect(checkKeepPath(raw)).toEqual({ ok: false, unc: false, problem });
  });

  it.each(['\\\\server\\share\\winre', '//server/share/winre'])('refuses the UNC path %s as UNC', (raw) => {
    expect(checkKeepPath(raw)).toEqual({ ok: false, unc: true });
  });

  it('accepts an absolute local path, read with forward slashes and without a trailing separator', () => {
    expect(checkKeepPath('d:/Audit/WinRE/')).toEqual({ ok: true, path: 'D:\\Audit\\WinRE', drive: 'D' });
  });

  it('names one new folder per run: computer, UTC start time, run id', () => {
    expect(keptRunFolder('D:\\Audit', 'PC 01', '2026-12-05T10:42:10.123Z', '0123456789abcdef')).toBe(
      'D:\\Audit\\PC_01_20261205-104210Z_0123456789abcdef',
    );
  });
});

describe('--keep-backup: the planner', () => {
  it('adds keep-backup right after the backup, before anything changes, and remove-backup stays last', () => {
    const { plan: p } = planWith({ folder: 'd:/Audit/', probe: probe() });
    expect(p.verdict).toBe('needs-fix');
    const kinds = p.steps.map((s) => s.kind);
    expect(kinds.indexOf('keep-backup')).toBe(kinds.indexOf('backup-recovery-files') + 1);
    expect(kinds.at(-1)).toBe('remove-backup');
    const keep = p.steps.find((s) => s.kind === 'keep-backup')!;
    expect(keep.params).toMatchObject({ folder: 'D:\\Audit', computerName: 'PC-01' });
    expect(keep.params['bytes']).toBeGreaterThan(0);
    expect(keep.postcondition).toContain('D:\\Audit');
  });

  it('shows the step and its folder in the printed plan (audit, and fix before it asks), in English and Chinese', () => {
    const { snapshot, plan: p } = planWith({ folder: 'D:\\Audit', probe: probe() });
    expect(renderPlan(p, snapshot, 'en').join('\n')).toMatch(/keep-backup: .*D:\\Audit/);
    expect(renderPlan(p, snapshot, 'zh-CN').join('\n')).toMatch(/keep-backup: .*D:\\Audit/);
  });

  it('plans no keep-backup without the option', () => {
    expect(plan(snapshotWith(() => undefined)).steps.map((s) => s.kind)).not.toContain('keep-backup');
  });

  it.each<[string, KeepBackupRequest, string]>([
    ['a relative path', { folder: 'Audit', probe: null }, 'KEEP_BACKUP_PATH_INVALID'],
    ['a UNC path', { folder: '\\\\srv\\share', probe: null }, 'KEEP_BACKUP_UNC'],
    [
      'the state folder',
      { folder: 'C:\\ProgramData\\winre-fix', probe: probe({ path: 'C:\\ProgramData\\winre-fix' }) },
      'KEEP_BACKUP_IN_STATE_FOLDER',
    ],
    [
      'a folder inside the state folder, in another case',
      { folder: 'c:\\programdata\\WINRE-FIX\\backup\\keep', probe: probe() },
      'KEEP_BACKUP_IN_STATE_FOLDER',
    ],
    [
      'a junction on the way',
      { folder: 'D:\\Audit\\WinRE', probe: probe({ links: ['D:\\Audit'] }) },
      'KEEP_BACKUP_LINK',
    ],
    [
      'a drive with no volume (subst, network)',
      { folder: 'Z:\\Audit', probe: probe({ volume: null }) },
      'KEEP_BACKUP_NO_VOLUME',
    ],
    [
      'a FAT32 USB stick',
      {
        folder: 'E:\\Audit',
        probe: probe({
          volume: { driveLetter: 'E', fileSystem: 'FAT32', driveType: 'Removable', sizeRemaining: 64 * GiB },
        }),
      },
      'KEEP_BACKUP_NOT_NTFS',
    ],
    [
      'a file',
      { folder: 'D:\\Audit', probe: probe({ exists: true, isFolder: false }) },
      'KEEP_BACKUP_NOT_A_FOLDER',
    ],
    [
      "someone else's folder",
      { folder: 'D:\\Audit', probe: probe({ exists: true, isFolder: true, entries: 3 }) },
      'KEEP_BACKUP_FOLDER_NOT_EMPTY',
    ],
    [
      "winre-fix's folder of another PC",
      {
        folder: 'D:\\Audit',
        probe: probe({ exists: true, isFolder: true, entries: 2, markerComputerName: 'PC-02' }),
      },
      'KEEP_BACKUP_FOLDER_NOT_EMPTY',
    ],
    [
      'too little room on its volume',
      {
        folder: 'D:\\Audit',
        probe: probe({
          volume: { driveLetter: 'D', fileSystem: 'NTFS', driveType: 'Fixed', sizeRemaining: 100 },
        }),
      },
      'KEEP_BACKUP_NO_SPACE',
    ],
    [
      'a folder that could not be examined',
      { folder: 'D:\\Audit', probe: null, error: 'boom' },
      'KEEP_BACKUP_NOT_READ',
    ],
  ])('refuses %s with its reason, no step, and exit 32', (_what, request, code) => {
    const { plan: p } = planWith(request);
    expect(p.verdict).toBe('refused');
    expect(p.steps).toEqual([]);
    expect(p.reasons.filter((r) => r.severity === 'blocker').map((r) => r.code)).toEqual([code]);
    expect(verdictExitCode(p)).toBe(ExitCode.KeepBackupRefused);
    const r = p.reasons.find((x) => x.code === code)!;
    expect(reasonMessage(r.code, r.params, 'en')).not.toMatch(/\{\w+\}/);
    expect(reasonMessage(r.code, r.params, 'zh-CN')).not.toMatch(/\{\w+\}/);
  });

  it('refuses a folder on the recovery partition the fix deletes', () => {
    const codes = blockers(
      {
        folder: 'R:\\Keep',
        probe: probe({
          volume: { driveLetter: 'R', fileSystem: 'NTFS', driveType: 'Fixed', sizeRemaining: 50 * GiB },
        }),
      },
      (s) => {
        s.disks[0]!.partitions.find((p) => p.number === 4)!.driveLetter = 'R';
      },
    );
    expect(codes).toEqual(['KEEP_BACKUP_ON_RECOVERY']);
  });

  it("accepts winre-fix's own folder of this PC (one sub-folder per run: repeated runs never overwrite)", () => {
    const { plan: p } = planWith({
      folder: 'D:\\Audit',
      probe: probe({ exists: true, isFolder: true, entries: 4, markerComputerName: 'pc-01' }),
    });
    expect(p.verdict).toBe('needs-fix');
  });

  it("on C: also reserves the shrink, the run's own backup and the free space C: must keep", () => {
    // C: of the builder has 120 GiB free; the copy is the old partition's used space.
    const free = (n: number) =>
      probe({ volume: { driveLetter: 'C', fileSystem: 'NTFS', driveType: 'Fixed', sizeRemaining: n } });
    const ok = planWith({ folder: 'C:\\Audit', probe: free(20 * GiB) }).plan;
    expect(ok.verdict).toBe('needs-fix');
    // 1.5 GiB free would hold the copy on another volume, but not beside C:'s own needs (1 GiB policy minimum).
    expect(
      blockers({
        folder: 'D:\\Audit',
        probe: probe({
          volume: { driveLetter: 'D', fileSystem: 'NTFS', driveType: 'Fixed', sizeRemaining: 1.5 * GiB },
        }),
      }),
    ).toEqual([]);
    expect(blockers({ folder: 'C:\\Audit', probe: free(1.5 * GiB) })).toEqual(['KEEP_BACKUP_NO_SPACE']);
  });

  it("keeps the PC's own refusals in front: a refusal with another blocker is 21, not 32", () => {
    const { plan: p } = planWith({ folder: 'Audit', probe: null }, (s) => {
      (s.os as { pendingRebootReasons: string[] }).pendingRebootReasons = ['CBS'];
    });
    expect(
      p.reasons
        .filter((r) => r.severity === 'blocker')
        .map((r) => r.code)
        .sort(),
    ).toEqual(['KEEP_BACKUP_PATH_INVALID', 'PENDING_REBOOT']);
    expect(verdictExitCode(p)).toBe(ExitCode.Refused);
  });

  it('warns, and plans no copy, when the fix backs nothing up (no recovery partition: WinRE disabled, image on C:)', () => {
    const { plan: p } = planWith({ folder: 'D:\\Audit', probe: probe() }, (s) => {
      s.disks[0]!.partitions = s.disks[0]!.partitions.filter((x) => x.number !== 4);
      s.winre.stagedImage = s.winre.activeImage;
      s.winre.activeImage = null;
      s.winre.reagentc.status = 'Disabled';
      s.winre.reagentc.location = null;
    });
    expect(p.verdict).toBe('needs-fix');
    expect(p.steps.map((s) => s.kind)).not.toContain('backup-recovery-files');
    expect(p.steps.map((s) => s.kind)).not.toContain('keep-backup');
    expect(p.reasons.map((r) => r.code)).toContain('KEEP_BACKUP_NOTHING_TO_KEEP');
  });
});

describe('--keep-backup: moving WinRE off a BitLocker-encrypted C:', () => {
  it('keeps the backup of the recovery partition that recipe deletes, right after the backup', () => {
    const { plan: p } = planWith({ folder: 'D:\\Audit', probe: probe() }, (x) => {
      x.winre.reagentc.location = {
        diskNumber: 0,
        partitionNumber: 3,
        path: '\\\\?\\GLOBALROOT\\device\\harddisk0\\partition3\\Recovery\\WindowsRE',
      };
      x.winre.reagentXml.winreLocation!.offset = layout.C_OFFSET;
      x.bitLocker.push({
        mountPoint: 'C:',
        volumeStatus: 1,
        protectionStatus: 1,
        lockStatus: 0,
        encryptionPercentage: 100,
        keyProtectors: ['Tpm', 'RecoveryPassword'],
      });
    });
    expect(p.case).toBe('move-winre-off-os-volume');
    const kinds = p.steps.map((s) => s.kind);
    expect(kinds.indexOf('keep-backup')).toBe(kinds.indexOf('backup-recovery-files') + 1);
    expect(kinds.indexOf('keep-backup')).toBeLessThan(kinds.indexOf('resize-os-partition'));
  });
});

describe('--keep-backup: the journal and the step', () => {
  it('names the run folder once, in the new journal, from the computer, the start time and the run id', () => {
    const { snapshot, plan: p } = planWith({ folder: 'D:\\Audit', probe: probe() });
    const j = newJournal(p, snapshot, snapshot.disks[0]!, {
      runId: '0123456789abcdef',
      now: '2026-12-05T10:42:10.000Z',
      toolVersion: '0.1.0',
    });
    const keep = j.steps.find((s) => s.kind === 'keep-backup')!;
    expect(keep.params['KeepFolder']).toBe('D:\\Audit\\PC-01_20261205-104210Z_0123456789abcdef');
    expect(keep.params['StateFolder']).toBe('C:\\ProgramData\\winre-fix\\backup\\0123456789abcdef');
  });

  it('fails its result check unless the kept folder is restricted to SYSTEM and Administrators', () => {
    const check = stepDefinition('keep-backup').checkResult!;
    expect(check({ folder: 'D:\\Audit\\x', folderSddl: PROTECTED }, '')).toBeNull();
    expect(
      check(
        {
          folder: 'D:\\Audit\\x',
          folderSddl: 'O:SYG:SYD:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIID;0x1301bf;;;BU)',
        },
        '',
      ),
    ).toMatch(/not restricted to SYSTEM and Administrators/);
    expect(check({ folder: 'D:\\Audit\\x' }, '')).toMatch(/not restricted/);
  });

  it("is not undone by a roll-back: the kept copy is the administrator's record of the old partition", () => {
    expect(stepDefinition('keep-backup').undo).toBeNull();
    expect(stepDefinition('keep-backup').onFailure).toBe('roll-back');
  });
});

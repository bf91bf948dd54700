/**
 * `fix --keep-backup <folder>` end to end through real pwsh (issue 15 row 5): on an OEM recovery partition
 * (oem-winre-with-extra-files: Winre.wim, Dell SupportAssist, a storage driver) the fix leaves the named copy -
 * every file with the SHA256 it had on the old partition, a manifest, a SYSTEM+Administrators folder per run - and
 * names it in the run report and on the last line; refusals change nothing and exit 32; the backup sweep never
 * touches a kept copy; a second run adds a folder of its own beside the first.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunReport } from '../../../src/contracts/generated/run-report';
import { ExitCode } from '../../../src/contracts/exit-codes';
import { fixturePath } from '../../support/harness';
import {
  quietArgs,
  readMachine,
  runFix,
  silently,
  withoutStatusRecord,
  type MachineView,
} from '../../support/fix-runner';
import { baselineOf, invariantProblems, leftoverProblems } from '../../support/fix-invariants';

jest.setTimeout(600_000);

const FIXTURE = 'oem-winre-with-extra-files';
const PROTECTED = 'O:SYG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)';
type Machine = MachineView & Record<string, unknown>;
type Volume = NonNullable<MachineView['disks'][number]['partitions'][number]['volume']> & {
  links?: { path: string; linkType: string; target: string }[];
  acls?: { path: string; sddl: string }[];
  directories?: string[];
  usedBytes: number;
};

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function osVolume(m: MachineView): Volume {
  for (const d of m.disks) for (const p of d.partitions) if (p.driveLetter === 'C') return p.volume as Volume;
  throw new Error('no C:');
}

/** The files of the old recovery partition (relative path -> SHA256), before the fix. */
function recoveryFiles(m: MachineView): Map<string, string> {
  for (const d of m.disks)
    for (const p of d.partitions)
      if (
        p.volume?.files.some((f) => /\\Recovery\\WindowsRE\\Winre\.wim$/i.test(f.path)) &&
        p.driveLetter !== 'C'
      )
        return new Map(p.volume.files.map((f) => [f.path.slice(1).toLowerCase(), f.sha256.toUpperCase()]));
  throw new Error('no recovery partition with Winre.wim');
}

function machineFile(edit: (m: Machine) => void = () => undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-keep-'));
  dirs.push(dir);
  const file = path.join(dir, 'machine.json');
  const m = JSON.parse(fs.readFileSync(fixturePath(FIXTURE), 'utf8')) as Machine;
  edit(m);
  fs.writeFileSync(file, JSON.stringify(m, null, 2));
  return file;
}

async function run(
  file: string,
  keep: string | undefined,
): Promise<{ code: number; report: RunReport; stdout: string; stderr: string }> {
  const reportDir = path.join(path.dirname(file), `reports-${Date.now()}`);
  const { value, stdout, stderr } = await silently(() =>
    runFix(
      {
        ...quietArgs(file),
        quiet: false,
        report: true,
        'report-dir': reportDir,
        ...(keep === undefined ? {} : { 'keep-backup': keep }),
      },
      'fix',
      {},
    ),
  );
  const [name] = fs.readdirSync(reportDir);
  const report = JSON.parse(fs.readFileSync(path.join(reportDir, name!), 'utf8')) as RunReport;
  return { code: value, report, stdout, stderr };
}

/** Kept files under `folder` on C: (path below `<folder>\files\`, lowercased -> SHA256). */
function keptFiles(m: MachineView, runFolder: string): Map<string, string> {
  const prefix = `${runFolder.slice(2)}\\files\\`.toLowerCase();
  return new Map(
    osVolume(m)
      .files.filter((f) => f.path.toLowerCase().startsWith(prefix))
      .map((f) => [f.path.slice(prefix.length).toLowerCase(), f.sha256.toUpperCase()]),
  );
}

function fileAt(m: MachineView, winPath: string) {
  return osVolume(m).files.find((f) => f.path.toLowerCase() === winPath.slice(2).toLowerCase());
}

describe('fix --keep-backup', () => {
  let fixedMachine = '';
  let firstRunFolder = '';

  it('keeps every file of the OEM recovery partition, verified, in a new SYSTEM+Administrators folder, named in the report and on the last line', async () => {
    const file = machineFile();
    const before = readMachine(file);
    const originals = recoveryFiles(before);
    expect([...originals.keys()].some((p) => p.startsWith('oem\\'))).toBe(true);
    const r = await run(file, 'C:\\WinReAudit');
    expect(r.code).toBe(ExitCode.Success);
    const after = readMachine(file);
    expect(invariantProblems(after, baselineOf(before))).toEqual([]);
    // The run's own backup in the state folder is gone; the kept copy is not in it.
    expect(leftoverProblems(after)).toEqual([]);

    const kept = r.report.outcome.keptBackup!;
    expect(kept.folder).toMatch(/^C:\\WinReAudit\\DESKTOP-2JCELF9_\d{8}-\d{6}Z_[0-9a-f]{16}$/);
    expect(kept.files).toBe(originals.size);
    expect(kept.totalBytes).toBeGreaterThan(500_000_000);
    expect(keptFiles(after, kept.folder)).toEqual(originals);
    const manifest = fileAt(after, `${kept.folder}\\manifest.json`);
    expect(manifest?.sha256.toUpperCase()).toBe(kept.manifestSha256);
    const listed = JSON.parse((manifest as unknown as { content: string }).content) as {
      computerName: string;
      files: { path: string; sha256: string }[];
    };
    expect(listed.computerName).toBe('DESKTOP-2JCELF9');
    expect(new Map(listed.files.map((f) => [f.path.toLowerCase(), f.sha256]))).toEqual(originals);
    // Both folders winre-fix made are born restricted to SYSTEM and Administrators.
    const acls = osVolume(after).acls ?? [];
    expect(acls).toEqual(
      expect.arrayContaining([
        { path: '\\WinReAudit', sddl: PROTECTED },
        { path: kept.folder.slice(2), sddl: PROTECTED },
      ]),
    );
    expect(fileAt(after, 'C:\\WinReAudit\\winre-fix-keep.json')).toBeDefined();
    // Named in the run report's reasons and on the console.
    expect(r.report.reasons.map((x) => x.code)).toContain('BACKUP_KEPT');
    expect(`${r.stdout}${r.stderr}`).toContain(kept.folder);
    fixedMachine = file;
    firstRunFolder = kept.folder;
  });

  it('the backup sweep of a later run deletes orphaned backups in the state folder, never the kept copy', async () => {
    expect(fixedMachine).not.toBe('');
    const m = readMachine<Machine>(fixedMachine);
    const orphan =
      '\\ProgramData\\winre-fix\\backup\\00112233aabbccdd\\files\\Recovery\\WindowsRE\\Winre.wim';
    osVolume(m).files.push({ path: orphan, size: 1_000_000, sha256: 'AB'.repeat(32) });
    fs.writeFileSync(fixedMachine, JSON.stringify(m, null, 2));
    const keptBefore = keptFiles(m, firstRunFolder);
    const r = await run(fixedMachine, undefined);
    expect(r.code).toBe(ExitCode.Success);
    expect(r.report.outcome.backupCleanup?.removed.map((x) => x.runId)).toEqual(['00112233aabbccdd']);
    const after = readMachine(fixedMachine);
    expect(fileAt(after, `C:${orphan}`)).toBeUndefined();
    expect(keptFiles(after, firstRunFolder)).toEqual(keptBefore);
    expect(fileAt(after, `${firstRunFolder}\\manifest.json`)).toBeDefined();
  });

  it('a later run into the same folder (winre-fix-keep.json names this PC) adds a folder of its own and leaves the earlier one', async () => {
    // The same PC, unfixed again (a re-imaged partition layout), whose C:\WinReAudit holds an earlier run's copy.
    const earlier = 'C:\\WinReAudit\\DESKTOP-2JCELF9_20250101-000000Z_0000000000000001';
    const file = machineFile((m) => {
      osVolume(m).files.push(
        {
          path: '\\WinReAudit\\winre-fix-keep.json',
          size: 60,
          sha256: '12'.repeat(32),
          content: '{"tool":"winre-fix","computerName":"DESKTOP-2JCELF9"}',
        } as never,
        { path: `${earlier.slice(2)}\\manifest.json`, size: 10, sha256: '34'.repeat(32) },
      );
    });
    const r = await run(file, 'C:\\WinReAudit');
    expect(r.code).toBe(ExitCode.Success);
    const kept = r.report.outcome.keptBackup!;
    expect(kept.folder).not.toBe(earlier);
    const after = readMachine(file);
    expect(fileAt(after, `${earlier}\\manifest.json`)?.sha256).toBe('34'.repeat(32));
    expect(keptFiles(after, kept.folder).size).toBe(kept.files);
  });
});

describe('fix --keep-backup refuses, changes nothing and exits 32', () => {
  const cases: [string, string, (m: Machine) => void, string][] = [
    ['a relative path', 'WinReAudit', () => undefined, 'KEEP_BACKUP_PATH_INVALID'],
    ['a UNC path', '\\\\fileserver\\winre$\\keep', () => undefined, 'KEEP_BACKUP_UNC'],
    [
      'a path through a junction',
      'C:\\Audit\\WinRE',
      (m) => {
        const v = osVolume(m);
        v.links = [
          ...(v.links ?? []),
          { path: '\\Audit', linkType: 'Junction', target: '\\ProgramData\\winre-fix' },
        ];
      },
      'KEEP_BACKUP_LINK',
    ],
    [
      'a folder inside the state folder',
      'C:\\ProgramData\\winre-fix\\keep',
      () => undefined,
      'KEEP_BACKUP_IN_STATE_FOLDER',
    ],
    [
      "someone else's non-empty folder",
      'C:\\Users\\Public\\Documents',
      (m) => {
        osVolume(m).files.push({
          path: '\\Users\\Public\\Documents\\notes.txt',
          size: 10,
          sha256: '56'.repeat(32),
        });
      },
      'KEEP_BACKUP_FOLDER_NOT_EMPTY',
    ],
    [
      'too little room on C: beside what the fix itself needs there',
      'C:\\WinReAudit',
      (m) => {
        // 2 GiB free: enough for the shrink and the 1 GiB C: keeps, not also for the copy and the run's backup.
        const v = osVolume(m);
        const files = v.files.reduce((n, f) => n + f.size, 0);
        v.usedBytes = v.size - files - 2 * 1024 ** 3;
      },
      'KEEP_BACKUP_NO_SPACE',
    ],
  ];

  it.each(cases)('%s', async (_what, folder, edit, code) => {
    const file = machineFile(edit);
    const before = fs.readFileSync(file, 'utf8');
    const r = await run(file, folder);
    expect(r.code).toBe(ExitCode.KeepBackupRefused);
    expect(r.report.reasons.filter((x) => x.code.startsWith('KEEP_BACKUP_')).map((x) => x.code)).toEqual([
      code,
    ]);
    expect(withoutStatusRecord(fs.readFileSync(file, 'utf8'))).toBe(withoutStatusRecord(before));
  });
});

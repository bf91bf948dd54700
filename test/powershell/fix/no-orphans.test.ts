/**
 * Nothing left behind, nothing run from a user-writable place (docs/reference/fleet-tools.md#state-folder-security):
 *  - a run that rolls back (exit 22) deletes its own backup once WinRE is back where it was;
 *  - the backups earlier runs left on C: are deleted by the next fix (reported with their bytes), never through a
 *    junction, and never the backup of the unfinished run a resume still needs;
 *  - the SYSTEM startup task runs a copy in C:\ProgramData\winre-fix\bin, verified by SHA256, never the program
 *    where it was started; a copy whose folder others could write is not registered;
 *  - `resume` with nothing to resume looks at the PC and says what it needs.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAudit } from '../../../src/cli/commands/audit';
import { runFix } from '../../../src/cli/commands/fix';
import type { AuditReport } from '../../../src/contracts/generated/audit-report';
import type { RunReport } from '../../../src/contracts/generated/run-report';
import { rebootSimulatedMachine } from '../../../src/simulation/reboot';
import { fixturePath, openSimHarness } from '../../support/harness';
import { fixInProcess, quietArgs, readMachine, silently, type MachineView } from '../../support/fix-runner';
import { baselineOf, invariantProblems, leftoverProblems } from '../../support/fix-invariants';

jest.setTimeout(600_000);

const SEED = 'win11-gpt-small-winre-en';
const ORPHAN = '00112233aabbccdd';
const BACKUP = '\\ProgramData\\winre-fix\\backup\\';
type Machine = MachineView & Record<string, unknown>;
type Volume = NonNullable<MachineView['disks'][number]['partitions'][number]['volume']> & {
  links?: { path: string; linkType: string; target: string }[];
  acls?: { path: string; sddl: string }[];
};

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function osVolume(m: MachineView): Volume {
  for (const d of m.disks) for (const p of d.partitions) if (p.driveLetter === 'C') return p.volume as Volume;
  throw new Error('no C:');
}

/** A copy of the seed machine, changed by `edit`, in a temp folder of its own. */
function machineFile(edit: (m: Machine) => void = () => undefined): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-orphans-'));
  dirs.push(dir);
  const file = path.join(dir, 'machine.json');
  const m = JSON.parse(fs.readFileSync(fixturePath(SEED), 'utf8')) as Machine;
  edit(m);
  fs.writeFileSync(file, JSON.stringify(m, null, 2));
  return file;
}

/** What a rolled-back run of an earlier version left: its whole backup (Winre.wim, an OEM tool, the manifest). */
function plantOrphan(m: Machine, runId = ORPHAN): number {
  const files = [
    {
      path: `${BACKUP}${runId}\\files\\Recovery\\WindowsRE\\Winre.wim`,
      size: 563_200_000,
      sha256: 'AB'.repeat(32),
    },
    { path: `${BACKUP}${runId}\\files\\Recovery\\OEM\\tool.exe`, size: 1_048_576, sha256: 'CD'.repeat(32) },
    { path: `${BACKUP}${runId}\\manifest.json`, size: 512, sha256: 'EF'.repeat(32) },
  ];
  osVolume(m).files.push(...files);
  return files.reduce((n, f) => n + f.size, 0);
}

/** An OEM tool on the recovery partition: only the run's backup can bring it back once that partition is gone. */
function addOemTool(m: Machine): void {
  for (const d of m.disks)
    for (const p of d.partitions)
      if (p.volume?.files.some((f) => /\\Recovery\\WindowsRE\\Winre\.wim$/i.test(f.path)))
        p.volume.files.push({ path: '\\Recovery\\OEM\\reset.exe', size: 2_097_152, sha256: '34'.repeat(32) });
}

function filesUnder(m: MachineView, prefix: string): string[] {
  return osVolume(m)
    .files.map((f) => f.path)
    .filter((p) => p.toLowerCase().startsWith(prefix.toLowerCase()));
}

/** A fix (or resume) in-process with the run report on; returns the exit code and the report. */
async function runWithReport(
  file: string,
  command: 'fix' | 'resume' = 'fix',
): Promise<{ code: number; report: RunReport; stdout: string }> {
  const reportDir = path.join(path.dirname(file), 'reports');
  const { value, stdout } = await silently(() =>
    runFix({ ...quietArgs(file), report: true, 'report-dir': reportDir }, command, {
      exitProcessOnPowerCut: false,
    }),
  );
  const [name] = fs.readdirSync(reportDir);
  const report = JSON.parse(fs.readFileSync(path.join(reportDir, name!), 'utf8')) as RunReport;
  fs.rmSync(reportDir, { recursive: true, force: true });
  return { code: value, report, stdout };
}

describe('no backup left behind on C:', () => {
  it('a run that rolls back deletes its own backup once WinRE is back (exit 22 means as it was)', async () => {
    const file = machineFile((m) => {
      m.faults = [1, 2].map((onCall) => ({ command: 'New-Partition', onCall, error: 'NotEnoughCapacity' }));
    });
    const base = baselineOf(readMachine(file));
    const run = await fixInProcess(file);
    expect(run.code).toBe(22);
    const after = readMachine(file);
    expect(invariantProblems(after, base)).toEqual([]);
    expect(filesUnder(after, BACKUP)).toEqual([]);
    expect(leftoverProblems(after)).toEqual([]);
  });

  it('a run that fails before WinRE was touched deletes its backup too', async () => {
    const file = machineFile((m) => {
      m.faults = [1, 2].map((onCall) => ({ command: 'Resize-Partition', onCall, error: 'DeviceBusy' }));
    });
    const run = await fixInProcess(file);
    expect(run.code).toBe(22);
    expect(filesUnder(readMachine(file), BACKUP)).toEqual([]);
  });

  it('the next fix deletes the backup a rolled-back run left, and reports the folder and the bytes', async () => {
    let bytes = 0;
    const file = machineFile((m) => {
      bytes = plantOrphan(m);
    });
    const run = await runWithReport(file);
    expect([0, 3010]).toContain(run.code);
    expect(filesUnder(readMachine(file), BACKUP)).toEqual([]);
    const cleanup = run.report.outcome.backupCleanup;
    expect(cleanup?.bytesReclaimed).toBe(bytes);
    expect(cleanup?.removed).toEqual([
      {
        runId: ORPHAN,
        path: `C:${BACKUP}${ORPHAN}`,
        files: 3,
        bytes,
        complete: true,
      },
    ]);
  });

  it('never follows a junction inside a backup: what it points to stays, the link is reported', async () => {
    const file = machineFile((m) => {
      plantOrphan(m);
      const c = osVolume(m);
      c.files.push({ path: '\\Users\\victim\\Documents\\thesis.docx', size: 4096, sha256: '12'.repeat(32) });
      c.links = [
        {
          path: `${BACKUP}${ORPHAN}\\files\\Recovery\\OEM\\drivers`,
          linkType: 'Junction',
          target: '\\Users\\victim\\Documents',
        },
      ];
    });
    const run = await runWithReport(file);
    expect([0, 3010]).toContain(run.code);
    const after = readMachine(file);
    expect(filesUnder(after, '\\Users\\victim\\')).toEqual(['\\Users\\victim\\Documents\\thesis.docx']);
    expect(filesUnder(after, BACKUP)).toEqual([]);
    expect((osVolume(after) as Volume).links).toHaveLength(1);
    const cleanup = run.report.outcome.backupCleanup!;
    expect(cleanup.removed[0]).toMatchObject({ runId: ORPHAN, files: 3, complete: false });
    expect(cleanup.skipped).toEqual([
      {
        path: `C:${BACKUP}${ORPHAN}\\files\\Recovery\\OEM\\drivers`,
        reason: 'a link (junction or symbolic link): not followed',
      },
    ]);
  });

  it('never touches the backup of the unfinished run, even when the PC looks safe: the resume restores from it', async () => {
    // Cut the power right after WinRE is enabled on the NEW partition: reagentc says Enabled, the image is in
    // place (the PC looks healthy), but the OEM tool of the old partition exists only in this run's backup.
    const setUp = (m: Machine) => {
      addOemTool(m);
      plantOrphan(m);
    };
    const probe = machineFile(setUp);
    await fixInProcess(probe);
    const enabled = readMachine(probe).trace.log.find((l) => l.command === 'reagentc /enable');
    expect(enabled).toBeDefined();
    const file = machineFile((m) => {
      setUp(m);
      m.powerCut = { atMutation: enabled!.seq, phase: 'after' };
    });
    const base = baselineOf(readMachine(file));
    expect(base.oemFiles.size).toBe(1);
    expect((await fixInProcess(file)).code).toBe(29);
    await rebootSimulatedMachine(file);
    expect(readMachine(file).winre.status).toBe('Enabled');
    const resumed = await fixInProcess(file, 'resume');
    expect([0, 3010]).toContain(resumed.code);
    // The OEM tool is on the new partition: restored from the unfinished run's backup, which was then removed.
    expect(invariantProblems(readMachine(file), base)).toEqual([]);
    expect(filesUnder(readMachine(file), BACKUP).filter((p) => !p.includes(ORPHAN))).toEqual([]);
  });
});

describe('audit shows the space backups of earlier runs take, and deletes nothing', () => {
  it('lists the run folder with its bytes in --json and leaves it', async () => {
    let bytes = 0;
    const file = machineFile((m) => {
      bytes = plantOrphan(m);
    });
    const before = fs.readFileSync(file, 'utf8');
    const { value, stdout } = await silently(() => runAudit({ ...quietArgs(file), json: true }));
    expect(value).toBe(20);
    const report = JSON.parse(stdout) as AuditReport;
    expect(report.leftoverBackups?.totalBytes).toBe(bytes);
    expect(report.leftoverBackups?.runs.map((r) => r.runId)).toEqual([ORPHAN]);
    const after = JSON.parse(fs.readFileSync(file, 'utf8')) as Machine;
    const was = JSON.parse(before) as Machine;
    expect(osVolume(after).files).toEqual(osVolume(was).files);
  });
});

describe('the SYSTEM startup task runs only a protected, verified copy', () => {
  /** Cuts the power right after the task is registered, so the machine file shows what the task runs. */
  async function registeredTask(edit: (m: Machine) => void = () => undefined) {
    const probe = machineFile(edit);
    const run = await fixInProcess(probe);
    const log = readMachine(probe).trace.log;
    return { run, log, probe };
  }

  it('copies the program into C:\\ProgramData\\winre-fix\\bin and registers that copy', async () => {
    const { log } = await registeredTask();
    const at = log.find((l) => l.command === 'Register-ScheduledTask');
    expect(at).toBeDefined();
    const file = machineFile((m) => {
      m.powerCut = { atMutation: at!.seq, phase: 'after' };
    });
    expect((await fixInProcess(file)).code).toBe(29);
    const m = readMachine<Machine>(file);
    const tasks = m['scheduledTasks'] as { execute: string; argument: string; userId: string }[];
    expect(tasks).toHaveLength(1);
    expect(tasks[0]!.execute).toBe('C:\\ProgramData\\winre-fix\\bin\\winre-fix.exe');
    expect(tasks[0]!.execute).not.toBe(process.execPath);
    // The test runs with --no-log --no-report: the boot-time resume keeps them (resumeTaskArgument).
    expect(tasks[0]!.argument).toBe('resume --yes --quiet --no-log --no-report');
    const copy = osVolume(m).files.find((f) => f.path === '\\ProgramData\\winre-fix\\bin\\winre-fix.exe');
    const want = createHash('sha256').update(fs.readFileSync(process.execPath)).digest('hex').toUpperCase();
    expect(copy?.sha256).toBe(want);
  });

  it('registers nothing when the copy could be replaced by a standard user (ACL judged), and still fixes', async () => {
    const userWritable =
      'O:S-1-5-21-1-2-3-1001G:SYD:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIID;FA;;;S-1-5-21-1-2-3-1001)';
    const { run, log, probe } = await registeredTask((m) => {
      osVolume(m).acls = [{ path: '\\ProgramData\\winre-fix\\bin', sddl: userWritable }];
    });
    expect([0, 3010]).toContain(run.code);
    expect(log.some((l) => l.command === 'Register-ScheduledTask')).toBe(false);
    expect(run.stderr + run.stdout).toMatch(/RESUME_TASK_PROGRAM_NOT_PROTECTED/);
    expect(leftoverProblems(readMachine(probe))).toEqual([]);
  });
});

describe('Register-WinReFixResumeTask runs nothing but the protected copy', () => {
  it('rejects a program anywhere else (a Downloads folder) and registers nothing', async () => {
    const h = openSimHarness(SEED);
    try {
      await expect(
        h.scripts.run('Register-WinReFixResumeTask', {
          TaskName: 'winre-fix resume',
          Execute: 'C:\\Users\\bob\\Downloads\\winre-fix.exe',
          Argument: 'resume --yes --quiet',
        }),
      ).rejects.toThrow(/Execute/);
      expect(h.machine<Machine>()['scheduledTasks'] ?? []).toEqual([]);
    } finally {
      await h.dispose();
    }
  });
});

describe('resume with nothing to resume looks at the PC', () => {
  it('says a PC that needs the fix needs it (exit 20), never "compliant"', async () => {
    const file = machineFile();
    const run = await runWithReport(file, 'resume');
    expect(run.code).toBe(20);
    expect(run.report.verdict).toBe('needs-fix');
    expect(run.stdout).toMatch(/needs the fix: `winre-fix fix` applies it/);
    expect(run.stdout).not.toMatch(/compliant/);
  });

  it('says compliant (exit 0) once the PC is fixed', async () => {
    const file = machineFile();
    expect([0, 3010]).toContain((await fixInProcess(file)).code);
    await rebootSimulatedMachine(file);
    const run = await runWithReport(file, 'resume');
    expect(run.code).toBe(0);
    expect(run.report.verdict).toBe('compliant');
  });
});

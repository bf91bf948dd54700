/**
 * The state folder's trust gate, tried as an attacker would (docs/reference/fleet-tools.md#state-folder-security; docs/security.md). A standard user
 * may create %ProgramData%\winre-fix before winre-fix does and plant links in it (or make it a link): no byte may
 * be written, appended or deleted through them by any command, fix/resume/status refuse with 27 before anything
 * changes (but the status record in the registry, which says so), and audit/detect still diagnose but write
 * nothing there and say so. On the simulated PC the state
 * folder is a real folder and the links are real symbolic links, which PowerShell reports as reparse points just
 * as it reports junctions and symbolic links on Windows.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAudit } from '../../../src/cli/commands/audit';
import { runDetect } from '../../../src/cli/commands/detect';
import { runFix } from '../../../src/cli/commands/fix';
import { runStatus } from '../../../src/cli/commands/status';
import { statePaths } from '../../../src/engine/state-paths';
import { fixturePath } from '../../support/harness';
import { quietArgs, silently, statusRecordOf, withoutStatusRecord } from '../../support/fix-runner';

jest.setTimeout(300_000);

const FIXTURE = 'win11-gpt-small-winre-en';

interface Place {
  readonly machine: string;
  readonly root: string;
  /** The folder a user chose: where the links point. */
  readonly elsewhere: string;
}

function place(): Place {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-trust-'));
  const machine = path.join(dir, 'machine.json');
  fs.copyFileSync(fixturePath(FIXTURE), machine);
  const elsewhere = path.join(dir, 'user-chosen');
  fs.mkdirSync(elsewhere);
  // A log just under the rollover size (250,000 bytes) and a planted history file: one more entry through the
  // link would roll over, deleting the planted winre-fix.lo_ (what the issue saw happen).
  fs.writeFileSync(path.join(elsewhere, 'winre-fix.log'), 'x'.repeat(249_990));
  fs.writeFileSync(path.join(elsewhere, 'winre-fix.lo_'), 'planted by the user');
  fs.writeFileSync(path.join(elsewhere, 'winre-fix.jsonl'), 'y'.repeat(249_990));
  return { machine, root: statePaths({ simulate: machine }).root, elsewhere };
}

/** Names, sizes and contents of every file under `dir`: equal before and after means nothing was touched. */
function contents(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, name);
    const stat = fs.lstatSync(full);
    out[name] = stat.isFile() ? `${stat.size}:${fs.readFileSync(full, 'utf8').slice(0, 64)}` : 'dir';
  }
  return out;
}

const loud = (machine: string) => quietArgs(machine, { log: true, report: true });

async function everyCommand(machine: string) {
  const fix = await silently(() => runFix(loud(machine), 'fix', { exitProcessOnPowerCut: false }));
  const resume = await silently(() => runFix(loud(machine), 'resume', { exitProcessOnPowerCut: false }));
  const status = await silently(() => runStatus({ ...loud(machine), live: false }));
  const audit = await silently(() => runAudit({ ...loud(machine), json: true }));
  const detect = await silently(() => runDetect(loud(machine)));
  return { fix, resume, status, audit, detect };
}

function expectRefusedAndDiagnosed(runs: Awaited<ReturnType<typeof everyCommand>>, problem: RegExp): void {
  for (const name of ['fix', 'resume', 'status'] as const) {
    expect({ name, code: runs[name].value }).toEqual({ name, code: 27 });
    expect(runs[name].stderr).toMatch(/state folder .* is not trusted/);
    expect(runs[name].stderr).toMatch(problem);
  }
  // audit still diagnoses (the fixture needs the fix: 20) and says the folder is not trusted.
  expect(runs.audit.value).toBe(20);
  const report = JSON.parse(runs.audit.stdout) as {
    verdict: string;
    stateFolder: { trusted: boolean; problems: string[] };
  };
  expect(report.verdict).toBe('needs-fix');
  expect(report.stateFolder.trusted).toBe(false);
  expect(report.stateFolder.problems.join(' ')).toMatch(problem);
  // detect still asks for remediation, and its one line says why nothing was written.
  expect(runs.detect.value).toBe(1);
  expect(runs.detect.stdout).toMatch(/STATE FOLDER NOT TRUSTED: .*/);
  expect(runs.detect.stderr).toBe('');
}

describe('the state folder trust gate (every command)', () => {
  it('writes, appends and deletes nothing through Logs and Reports links a user planted', async () => {
    const p = place();
    fs.mkdirSync(p.root, { mode: 0o700 });
    fs.chmodSync(p.root, 0o700); // an owner-only folder: the ACL alone would pass, the links must not
    fs.symlinkSync(p.elsewhere, path.join(p.root, 'Logs'));
    fs.symlinkSync(p.elsewhere, path.join(p.root, 'Reports'));
    const before = contents(p.elsewhere);
    const machine = fs.readFileSync(p.machine, 'utf8');

    const runs = await everyCommand(p.machine);

    expectRefusedAndDiagnosed(runs, /Logs is a SymbolicLink/);
    expect(contents(p.elsewhere)).toEqual(before);
    expect(withoutStatusRecord(fs.readFileSync(p.machine, 'utf8'))).toBe(withoutStatusRecord(machine));
    expect(fs.readdirSync(p.root).sort()).toEqual(['Logs', 'Reports']); // no lock, no journal
  });

  it('reads and writes nothing behind a state folder that is itself a link (a junction on Windows)', async () => {
    const p = place();
    fs.chmodSync(p.elsewhere, 0o700);
    fs.symlinkSync(p.elsewhere, p.root);
    const before = contents(p.elsewhere);
    const machine = fs.readFileSync(p.machine, 'utf8');

    const runs = await everyCommand(p.machine);

    expectRefusedAndDiagnosed(runs, /is a SymbolicLink \(a reparse point\), not a folder/);
    expect(contents(p.elsewhere)).toEqual(before);
    expect(withoutStatusRecord(fs.readFileSync(p.machine, 'utf8'))).toBe(withoutStatusRecord(machine));
  });

  it('refuses a folder a standard user created and restricted to themselves (owner check)', async () => {
    const p = place();
    fs.mkdirSync(p.root, { mode: 0o700 });
    fs.chmodSync(p.root, 0o700);
    fs.chownSync(p.root, 1001, 1001); // the simulator reads a foreign owner as a standard user's SID
    const machine = fs.readFileSync(p.machine, 'utf8');

    const runs = await everyCommand(p.machine);

    expectRefusedAndDiagnosed(runs, /owned by S-1-5-21-[\d-]+, not SYSTEM or Administrators/);
    expect(fs.readdirSync(p.root)).toEqual([]);
    expect(withoutStatusRecord(fs.readFileSync(p.machine, 'utf8'))).toBe(withoutStatusRecord(machine));
  });

  it('refuses a folder where the journal should be (27, not a defect)', async () => {
    const p = place();
    fs.mkdirSync(p.root, { mode: 0o700 });
    fs.chmodSync(p.root, 0o700);
    fs.mkdirSync(path.join(p.root, 'journal.json'));
    const machine = fs.readFileSync(p.machine, 'utf8');
    const fix = await silently(() => runFix(loud(p.machine), 'fix', { exitProcessOnPowerCut: false }));
    expect(fix.value).toBe(27);
    expect(fix.stderr).toContain('journal.json is a folder, not a file');
    // The refusal is in the status record the consoles read (the registry, not the state folder).
    expect(statusRecordOf(p.machine)).toMatchObject({ Verdict: 'error', ExitCode: 27, Command: 'fix' });
    expect(withoutStatusRecord(fs.readFileSync(p.machine, 'utf8'))).toBe(withoutStatusRecord(machine));
  });

  it('creates a missing folder restricted, then fixes, logs and reports inside it', async () => {
    const p = place();
    const fix = await silently(() => runFix(loud(p.machine), 'fix', { exitProcessOnPowerCut: false }));
    expect(fix.value).toBe(0);
    expect(fs.statSync(p.root).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(path.join(p.root, 'Logs')).sort()).toEqual([
      'runs',
      'winre-fix.jsonl',
      'winre-fix.log',
    ]);
    expect(fs.readdirSync(path.join(p.root, 'Reports'))).toHaveLength(1);
  });
});

/**
 * Bad input around a fix changes nothing: a second concurrent run gets 1618, a tampered journal or a journal
 * written for another disk, or a state folder others could write, is refused (27); the machine file stays
 * byte-identical in each case but for the status record the refused run writes (src/engine/status-record.ts),
 * and the busy run leaves even that to the run holding the lock.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RunLock } from '../../../src/engine/lock';
import { statePaths } from '../../../src/engine/state-paths';
import { simulatedBootId } from '../../../src/simulation/boot-id';
import { fixturePath } from '../../support/harness';
import { fixInProcess, statusRecordOf, withoutStatusRecord } from '../../support/fix-runner';
import { cutAndResume } from '../../support/power-cut';
import { rebootSimulatedMachine } from '../../../src/simulation/reboot';

jest.setTimeout(300_000);

function copy(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-j-'));
  const file = path.join(dir, 'machine.json');
  fs.copyFileSync(fixturePath(name), file);
  return file;
}

/** Leaves an unfinished journal: cut the power after the 6th mutation of a fix, then restart the PC. */
async function unfinished(name: string): Promise<string> {
  const file = copy(name);
  const m = JSON.parse(fs.readFileSync(file, 'utf8')) as { powerCut?: unknown; trace: { mutations: number } };
  m.powerCut = { atMutation: m.trace.mutations + 6, phase: 'after' };
  fs.writeFileSync(file, JSON.stringify(m, null, 2));
  expect((await fixInProcess(file)).code).toBe(29);
  // The PC restarts after the cut: the dead run's lock is stale from then on (as after a real reboot).
  await rebootSimulatedMachine(file);
  return file;
}

describe('fix refuses to act on what it cannot trust', () => {
  it('exits 1618 and changes nothing while another run holds the lock', async () => {
    const file = copy('win11-gpt-small-winre-en');
    const before = fs.readFileSync(file, 'utf8');
    const lock = new RunLock(statePaths({ simulate: file }).lock, () => simulatedBootId(file));
    lock.acquire();
    try {
      expect((await fixInProcess(file)).code).toBe(1618);
    } finally {
      lock.release();
    }
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(statusRecordOf(file)).toBeUndefined();
  });

  it('refuses a tampered journal (27) and changes nothing', async () => {
    const file = await unfinished('win11-gpt-small-winre-en');
    const journal = statePaths({ simulate: file }).journal;
    fs.writeFileSync(
      journal,
      fs.readFileSync(journal, 'utf8').replace('"phase": "applying"', '"phase": "rolling-back"'),
      { mode: 0o600 },
    );
    const before = fs.readFileSync(file, 'utf8');
    expect(fs.readFileSync(journal, 'utf8')).toContain('"phase": "rolling-back"');
    const run = await fixInProcess(file);
    expect(run.code).toBe(27);
    expect(run.stderr).toMatch(/checksum/);
    // The error run's status record says so (what the Intune and ConfigMgr consoles show).
    expect(statusRecordOf(file)).toMatchObject({
      Verdict: 'error',
      ExitCode: 27,
      ReasonCodes: 'JOURNAL_REJECTED',
      Command: 'fix',
    });
    expect(withoutStatusRecord(fs.readFileSync(file, 'utf8'))).toBe(withoutStatusRecord(before));
  });

  it('refuses a journal written for another disk (27) and changes nothing', async () => {
    const file = await unfinished('win11-gpt-small-winre-en');
    const other = await unfinished('win10-22h2-gpt-small-winre');
    fs.copyFileSync(statePaths({ simulate: other }).journal, statePaths({ simulate: file }).journal);
    const before = fs.readFileSync(file, 'utf8');
    const run = await fixInProcess(file, 'resume');
    expect(run.code).toBe(27);
    expect(run.stderr).toMatch(/disk|written on/);
    expect(withoutStatusRecord(fs.readFileSync(file, 'utf8'))).toBe(withoutStatusRecord(before));
  });

  it('exits 27 and reads nothing from a state folder others could write (a user made it first)', async () => {
    // An unfinished journal is waiting, but the folder's owner and DACL (Get-Acl) let a standard user write it.
    const file = await unfinished('win11-gpt-small-winre-en');
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const user = 'S-1-5-21-1004336348-1177238915-682003330-1001';
    m['stateFolderSddl'] =
      `O:${user}G:${user}D:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIID;FA;;;${user})`;
    fs.writeFileSync(file, JSON.stringify(m, null, 2));
    const before = fs.readFileSync(file, 'utf8');
    const journal = fs.readFileSync(statePaths({ simulate: file }).journal, 'utf8');
    for (const command of ['fix', 'resume'] as const) {
      const run = await fixInProcess(file, command);
      expect(run.code).toBe(27);
      expect(run.stderr).toContain(`owned by ${user}`);
    }
    expect(withoutStatusRecord(fs.readFileSync(file, 'utf8'))).toBe(withoutStatusRecord(before));
    expect(fs.readFileSync(statePaths({ simulate: file }).journal, 'utf8')).toBe(journal);
  });

  it("exits 27 on a state folder made before winre-fix with ProgramData's inherited ACL, and keeps it", async () => {
    // A plain mkdir (not state-folder.ts's restricted one): on Windows the folder inherits ProgramData's ACL,
    // where Users may create folders and append data (the simulator's Get-Acl follows the folder's mode).
    const file = copy('win11-gpt-small-winre-en');
    const root = statePaths({ simulate: file }).root;
    fs.mkdirSync(root, { mode: 0o755 });
    fs.chmodSync(root, 0o755);
    const before = fs.readFileSync(file, 'utf8');
    const run = await fixInProcess(file);
    expect(run.code).toBe(27);
    expect(run.stderr).toContain('S-1-5-32-545 may write it');
    expect(withoutStatusRecord(fs.readFileSync(file, 'utf8'))).toBe(withoutStatusRecord(before));
    expect(fs.existsSync(statePaths({ simulate: file }).journal)).toBe(false);
  });

  it('resumes after a reboot that renumbered the disks (numbers are never trusted across a restart)', async () => {
    const r = await cutAndResume('win11-disk-numbers-change', 6, 'after');
    expect(r).toMatchObject({ cutFired: true, firstCode: 29, problems: [] });
  });
});

/**
 * Bad input around a fix changes nothing: a second concurrent run gets 1618, a tampered journal or a journal
 * written for another disk, or a state folder others could write, is refused (27); the machine file stays
 * byte-identical in each case but for the status record the refused run writes (src/engine/status-record.ts),
 * and the busy run leaves even that to the run holding the lock. A journal is matched against the live PC before
 * it is acted on (src/domain/journal-identity.ts): a well-formed journal with a valid checksum for another disk of
 * the same PC is refused, a disk renumbered by a restart is not.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openSession } from '../../../src/app/open-session';
import { stateFolderRunner } from '../../../src/app/run-context';
import { RunLock } from '../../../src/engine/lock';
import { createStateFolder } from '../../../src/engine/state-folder';
import { statePaths } from '../../../src/engine/state-paths';
import { fixturePath } from '../../support/harness';
import { fixInProcess, statusRecordOf, withoutStatusRecord } from '../../support/fix-runner';
import { cutAndResume } from '../../support/power-cut';
import { rebootSimulatedMachine } from '../../../src/simulation/reboot';
import { journalChecksum } from '../../../src/engine/journal';
import type { Journal } from '../../../src/contracts/generated/journal';
import { readMachine, type MachineView } from '../../support/fix-runner';
import { baselineOf, invariantProblems } from '../../support/fix-invariants';

jest.setTimeout(300_000);

function copy(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-j-'));
  const file = path.join(dir, 'machine.json');
  fs.copyFileSync(fixturePath(name), file);
  return file;
}

/** Leaves an unfinished journal: cut the power after the `at`th mutation of a fix, then restart the PC. */
async function unfinished(name: string, at = 6): Promise<string> {
  const file = copy(name);
  const m = JSON.parse(fs.readFileSync(file, 'utf8')) as { powerCut?: unknown; trace: { mutations: number } };
  m.powerCut = { atMutation: m.trace.mutations + at, phase: 'after' };
  fs.writeFileSync(file, JSON.stringify(m, null, 2));
  expect((await fixInProcess(file)).code).toBe(29);
  // The PC restarts after the cut (the dead run's PowerShell released the lock when it died).
  await rebootSimulatedMachine(file);
  return file;
}

/**
 * win11-disk-numbers-change: the OS disk (NVMe, disk 1 before the restart, 0 after) and a 1 TB data disk (D:).
 * Its 10th mutation is Remove-Partition of the old WinRE partition: a cut right after it leaves WinRE disabled
 * and no recovery partition, the moment a journal is worth most to an attacker.
 */
const TWO_DISKS = 'win11-disk-numbers-change';
/**
 * How many mutations a fix of `name` makes up to and including the first `command`: found by fixing a copy,
 * not written down, since the mutations before it change as the fix grows (the program copy, backups).
 */
const mutationCounts = new Map<string, Promise<number>>();
function mutationsThrough(name: string, command: string): Promise<number> {
  const key = `${name}|${command}`;
  let found = mutationCounts.get(key);
  if (!found) {
    found = (async () => {
      const file = copy(name);
      const before = readMachine(file).trace.mutations;
      expect((await fixInProcess(file)).code).toBe(0);
      const entry = readMachine(file).trace.log.find((e) => e.seq > before && e.command === command);
      expect(entry).toBeDefined();
      return (entry?.seq ?? 0) - before;
    })();
    mutationCounts.set(key, found);
  }
  return found;
}
const afterRemovePartition = () => mutationsThrough(TWO_DISKS, 'Remove-Partition');

/** Rewrites the journal (checksum recomputed, as anyone who read journal.ts could) - or with a UTF-8 BOM. */
function rewriteJournal(file: string, change: (j: Journal) => void, options: { bom?: boolean } = {}): void {
  const journal = statePaths({ simulate: file }).journal;
  const j = JSON.parse(fs.readFileSync(journal, 'utf8')) as Journal;
  change(j);
  j.checksum = journalChecksum(j);
  const text = `${JSON.stringify(j, null, 2)}\n`;
  fs.writeFileSync(journal, options.bom ? `\uFEFF${text.replace(/\n/g, '\r\n')}` : text, { mode: 0o600 });
}

describe('fix refuses to act on what it cannot trust', () => {
  it('exits 1618 and changes nothing while another run holds the lock', async () => {
    const file = copy('win11-gpt-small-winre-en');
    const before = fs.readFileSync(file, 'utf8');
    // The other run: a PowerShell process of its own holding the lock (as a fix's session does), in the state
    // folder a run creates restricted before it takes the lock.
    const other = openSession({ simulate: file });
    const paths = statePaths({ simulate: file });
    await createStateFolder(stateFolderRunner(other), paths.root);
    const lock = new RunLock(paths.lock, other);
    await lock.acquire();
    try {
      expect((await fixInProcess(file)).code).toBe(1618);
    } finally {
      await lock.release();
      await other.dispose();
    }
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    expect(statusRecordOf(file)).toBeUndefined();
  });

  it.each(['lock', 'journal'] as const)(
    'exits 27 (not 28) and changes nothing when the %s path is a folder',
    async (which) => {
      const file = copy('win11-gpt-small-winre-en');
      const paths = statePaths({ simulate: file });
      fs.mkdirSync(paths[which], { recursive: true, mode: 0o700 });
      fs.chmodSync(paths.root, 0o700);
      const before = fs.readFileSync(file, 'utf8');
      const run = await fixInProcess(file);
      expect(run.code).toBe(27);
      expect(run.stderr).toMatch(/not a file|is a folder/);
      expect(withoutStatusRecord(fs.readFileSync(file, 'utf8'))).toBe(withoutStatusRecord(before));
    },
  );

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

  it('refuses (27, zero mutations) a journal re-pointed at the data disk with a valid checksum, in fix and resume', async () => {
    const file = await unfinished(TWO_DISKS, await afterRemovePartition());
    const cut = readMachine(file);
    expect(cut.trace.log.at(-1)?.command).toBe('Remove-Partition');
    const data = cut.disks.find((d) => !d.partitions.some((p) => p.driveLetter === 'C'))!;
    const dataFacts = data as MachineView['disks'][number] & { guid: string; size: number };
    rewriteJournal(file, (j) => {
      j.disk = { uniqueId: data.uniqueId, guid: dataFacts.guid, signature: null, size: dataFacts.size };
      j.plan.target.disk = { ...j.plan.target.disk!, uniqueId: data.uniqueId, guid: dataFacts.guid };
      for (const r of [...j.steps, ...j.rollback])
        if ('diskUniqueId' in r.params) r.params['diskUniqueId'] = data.uniqueId;
    });
    const journalPath = statePaths({ simulate: file }).journal;
    const journal = fs.readFileSync(journalPath, 'utf8');
    const before = fs.readFileSync(file, 'utf8');
    for (const command of ['fix', 'resume'] as const) {
      const run = await fixInProcess(file, command);
      expect(run.code).toBe(27);
      // Both identities named, and what to do.
      expect(run.stderr).toContain(`was written for disk UniqueId ${data.uniqueId}`);
      expect(run.stderr).toContain(`C: is on disk UniqueId ${cut.disks.find((d) => d !== data)!.uniqueId}`);
      expect(run.stderr).toMatch(/nothing was changed; it is left in place/);
    }
    // Not one mutation but the status record: the machine file (its trace counts every one) is byte-identical
    // without it, the journal in place.
    const after = withoutStatusRecord(fs.readFileSync(file, 'utf8'));
    expect(after).toBe(withoutStatusRecord(before));
    expect((JSON.parse(after) as MachineView).trace.mutations).toBe(cut.trace.mutations);
    expect(fs.readFileSync(journalPath, 'utf8')).toBe(journal);
  });

  it('resumes the same cut after a restart renumbered the disks (no false refusal)', async () => {
    const file = copy(TWO_DISKS);
    const base = baselineOf(readMachine(file));
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      powerCut?: unknown;
      trace: { mutations: number };
    };
    m.powerCut = { atMutation: m.trace.mutations + (await afterRemovePartition()), phase: 'after' };
    fs.writeFileSync(file, JSON.stringify(m, null, 2));
    expect((await fixInProcess(file)).code).toBe(29);
    expect(readMachine(file).trace.log.at(-1)?.command).toBe('Remove-Partition');
    const reboot = await rebootSimulatedMachine(file);
    expect(reboot.diskNumbers).toEqual(expect.arrayContaining(['1->0', '0->1']));
    const journal = JSON.parse(fs.readFileSync(statePaths({ simulate: file }).journal, 'utf8')) as Journal;
    expect(journal.schemaVersion).toBe(3);
    expect(journal.plan.target.disk?.number).toBe(1);
    const run = await fixInProcess(file);
    expect([0, 3010]).toContain(run.code);
    expect(invariantProblems(readMachine(file), base)).toEqual([]);
  });

  it.each(['journal.json', 'journal.json.bak'])(
    'exits 27 and changes nothing when %s is a folder, and leaves it in place',
    async (name) => {
      const file = await unfinished(TWO_DISKS, await afterRemovePartition());
      const root = statePaths({ simulate: file }).root;
      const target = path.join(root, name);
      fs.rmSync(target, { force: true });
      fs.mkdirSync(target, { mode: 0o700 });
      const before = fs.readFileSync(file, 'utf8');
      for (const command of ['fix', 'resume'] as const) {
        const run = await fixInProcess(file, command);
        expect(run.code).toBe(27);
        // The state-folder gate sees it first (src/domain/state-folder-trust.ts); JournalStore refuses it too.
        expect(run.stderr).toContain(`${name} is a folder, not a`);
      }
      expect(withoutStatusRecord(fs.readFileSync(file, 'utf8'))).toBe(withoutStatusRecord(before));
      expect(fs.statSync(target).isDirectory()).toBe(true);
    },
  );

  it('accepts and resumes a journal an administrator saved with a UTF-8 BOM (and CRLF)', async () => {
    const file = copy(TWO_DISKS);
    const base = baselineOf(readMachine(file));
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as {
      powerCut?: unknown;
      trace: { mutations: number };
    };
    m.powerCut = { atMutation: m.trace.mutations + (await afterRemovePartition()), phase: 'after' };
    fs.writeFileSync(file, JSON.stringify(m, null, 2));
    expect((await fixInProcess(file)).code).toBe(29);
    await rebootSimulatedMachine(file);
    rewriteJournal(file, () => undefined, { bom: true });
    const journalPath = statePaths({ simulate: file }).journal;
    expect([...fs.readFileSync(journalPath).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const run = await fixInProcess(file);
    expect([0, 3010]).toContain(run.code);
    expect(invariantProblems(readMachine(file), base)).toEqual([]);
  });

  it('resumes after a reboot that renumbered the disks (numbers are never trusted across a restart)', async () => {
    const r = await cutAndResume('win11-disk-numbers-change', 6, 'after');
    expect(r).toMatchObject({ cutFired: true, firstCode: 29, problems: [] });
  });
});

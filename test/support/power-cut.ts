/**
 * One real power cut: cut the simulated PC's power before or after its Nth mutating operation during
 * a fix, "reboot" it (the simulator applies what a restart does: renumbering, disk numbers, BitLocker count),
 * optionally lose the journal write that was in flight, then run `winre-fix fix` again in a fresh process state.
 * Every run must end with the invariants of fix-invariants.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rebootSimulatedMachine } from '../../src/simulation/reboot';
import { fixturePath } from './harness';
import { exitProblems, fixInProcess, readMachine, type MachineView } from './fix-runner';
import { baselineOf, invariantProblems } from './fix-invariants';

export interface CutResult {
  readonly fixture: string;
  readonly at: number;
  readonly phase: 'before' | 'after';
  readonly loseJournalWrite: boolean;
  readonly cutFired: boolean;
  readonly firstCode: number;
  readonly resumeCode: number;
  readonly problems: string[];
}

export async function cutAndResume(
  fixture: string,
  at: number,
  phase: 'before' | 'after',
  loseJournalWrite = false,
): Promise<CutResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-cut-'));
  const file = path.join(dir, 'machine.json');
  const machine = JSON.parse(fs.readFileSync(fixturePath(fixture), 'utf8')) as MachineView &
    Record<string, unknown>;
  const base = baselineOf(machine);
  machine.powerCut = { atMutation: machine.trace.mutations + at, phase };
  fs.writeFileSync(file, JSON.stringify(machine, null, 2));
  const first = await fixInProcess(file);
  const cutFired = readMachine(file).powerCut?.fired === true;
  await rebootSimulatedMachine(file);
  const journal = `${file}.winre-fix/journal.json`;
  if (loseJournalWrite && fs.existsSync(`${journal}.bak`)) {
    // The write in flight when the power went never landed: the journal is one version behind.
    fs.copyFileSync(`${journal}.bak`, journal);
  }
  // 3010 (a BitLocker suspension waits for its one restart) is a finished run too.
  const resume = await fixInProcess(file);
  const problems = [...invariantProblems(readMachine(file), base), ...exitProblems(resume)];
  fs.rmSync(dir, { recursive: true, force: true });
  return {
    fixture,
    at,
    phase,
    loseJournalWrite,
    cutFired,
    firstCode: first.code,
    resumeCode: resume.code,
    problems,
  };
}

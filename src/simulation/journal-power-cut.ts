/**
 * Simulation only (`--simulate`): a power cut in the middle of a journal write, declared in the machine file
 * (`journalPowerCut`, schemas/simulated-machine.schema.json). The journal is written by this process, not by the
 * simulator, so the cut is a JournalStore write hook (src/engine/journal.ts): at the declared write and stage it
 * leaves on disk what losing power at that instant would leave, marks the cut fired in the machine file (the next
 * run is not cut again), and powers the run off (`powerOff`: the run context's poweredOff, then the CLI's exit 29).
 *
 * Stages, in the order of JournalStore.save (temp file flushed, previous version kept as .bak, rename):
 *  - temp-partial: the new version only half in journal.json.tmp (the cut came while it was being written);
 *  - temp-written: journal.json.tmp complete and flushed, journal.json still the previous version;
 *  - backup-kept: as temp-written, and journal.json.bak holds the previous version too;
 *  - journal-torn: journal.json itself half written - what a NON-atomic write (open, truncate, write) would leave;
 *    JournalStore never writes so, and the next run must refuse it (exit 27), never act on it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SimulatedMachine } from '../contracts/generated/simulated-machine';
import type { WriteHook } from '../engine/journal';
import { SimulatedPowerCutError } from '../errors';

type Stage = NonNullable<SimulatedMachine['journalPowerCut']>['stage'];

const HOOK_STAGE: Record<Stage, Parameters<WriteHook>[0]> = {
  'temp-partial': 'temp-written',
  'temp-written': 'temp-written',
  'backup-kept': 'backup-kept',
  'journal-torn': 'renamed',
};

function readMachine(file: string): SimulatedMachine {
  return JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, '')) as SimulatedMachine;
}

/** Keeps the first half of `file`'s bytes, as a write cut halfway through leaves it. */
function tear(file: string): void {
  const size = fs.statSync(file).size;
  fs.truncateSync(file, Math.floor(size / 2));
}

/** Marks the machine's journalPowerCut fired (atomically: temp file in the same folder, renamed over). */
function markFired(machineFile: string): void {
  const machine = readMachine(machineFile);
  if (!machine.journalPowerCut) return;
  machine.journalPowerCut.fired = true;
  const tmp = path.join(path.dirname(machineFile), `.${path.basename(machineFile)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, `${JSON.stringify(machine, null, 2)}\n`);
  fs.renameSync(tmp, machineFile);
}

/**
 * The write hook that cuts the power where `machineFile` declares it, or undefined when it declares no cut (or
 * the cut already fired). `journalFile` is the journal the hook's store writes.
 */
export function journalPowerCutHook(
  machineFile: string,
  journalFile: string,
  powerOff: () => void,
): WriteHook | undefined {
  const cut = readMachine(machineFile).journalPowerCut;
  if (!cut || cut.fired) return undefined;
  let writes = 0;
  return (stage) => {
    if (stage === 'temp-written') writes += 1;
    if (writes !== cut.atWrite || stage !== HOOK_STAGE[cut.stage]) return;
    if (cut.stage === 'temp-partial') tear(`${journalFile}.tmp`);
    if (cut.stage === 'journal-torn') tear(journalFile);
    markFired(machineFile);
    powerOff();
    throw new SimulatedPowerCutError(
      `The simulated PC lost power during journal write ${cut.atWrite} (${cut.stage}).`,
    );
  };
}

/**
 * Which PC a run looks at: the real one, a simulated one from a machine file, or a built-in simulated PC (the
 * default off Windows); and the PC's name, known before anything can fail.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readAsset } from '../assets';
import type { SimulatedMachine } from '../contracts/generated/simulated-machine';
import { statePaths } from '../engine/state-paths';
import { UsageError } from '../errors';
import { describeErrors, validatorFor } from '../schemas/validators';
import {
  builtInLanguageOf,
  builtInMachineAsset,
  DEFAULT_BUILT_IN_LANGUAGE,
  type BuiltInLanguage,
} from '../simulation/built-in-machines';
import { simulatorIncluded } from '../simulation/simulator-library';
import type { RunArgs } from './run-context';

/** A built-in simulated PC: a copy of simulator/machines/builtin-<language>.json kept in the user's state folder. */
export function builtInSimulatedMachine(
  env: NodeJS.ProcessEnv = process.env,
  language: BuiltInLanguage = DEFAULT_BUILT_IN_LANGUAGE,
): string {
  const root = statePaths({ env, platform: 'linux' }).root;
  const file = path.join(root, `simulated-pc-${language}.json`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(root, { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, readAsset(builtInMachineAsset(language)), { mode: 0o600 });
  }
  return file;
}

/**
 * The simulated machine file: it must exist and be a machine description (schemas/simulated-machine.schema.json).
 * Both are the user's mistakes, so usage errors (24) before PowerShell starts, not a defect (28) or a raw
 * ConvertFrom-Json error from inside the simulator.
 */
export function resolveSimulation(args: Pick<RunArgs, 'simulate'>): string | undefined {
  if ((args.simulate || process.platform !== 'win32') && !simulatorIncluded()) {
    throw new UsageError(
      'This winre-fix.exe was built without the simulator, so it cannot run --simulate: use a build made with `npm run build:exe -- --with-simulator`, or run from a checkout.',
    );
  }
  if (args.simulate) {
    const language = builtInLanguageOf(args.simulate);
    if (language) return builtInSimulatedMachine(process.env, language);
    const file = path.resolve(args.simulate);
    if (!fs.existsSync(file)) throw new UsageError(`The machine file ${file} does not exist.`);
    simulatedMachine(file);
    return file;
  }
  return process.platform === 'win32' ? undefined : builtInSimulatedMachine();
}

/** Reads and validates a simulated machine file (usage error when it is not one). */
export function simulatedMachine(file: string): SimulatedMachine {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(`The machine file ${file} is not JSON: ${(error as Error).message}`);
  }
  const valid = validatorFor('simulated-machine');
  if (!valid(parsed)) {
    const first = describeErrors(valid.errors)[0];
    throw new UsageError(
      `The machine file ${file} is not a simulated machine: ${first ? `${first.path || '/'} ${first.message}` : 'schema mismatch'}.`,
    );
  }
  return parsed as SimulatedMachine;
}

/**
 * The PC's name for every record of the run, known before anything can fail: the simulated PC's own name in
 * simulation (not the Linux host's), COMPUTERNAME on Windows (what Win32_OperatingSystem.CSName reads too).
 */
export function runComputerName(simulate: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  let name: string | undefined;
  if (simulate) {
    try {
      name = simulatedMachine(simulate).os.computerName;
    } catch {
      name = undefined;
    }
  } else {
    name = env['COMPUTERNAME'] ?? os.hostname();
  }
  // The report file is named after it: keep only what a Windows file name can hold.
  const safe = [...(name ?? '')]
    .map((c) => (c.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(c) ? '_' : c))
    .join('')
    .slice(0, 255);
  return safe || 'unknown';
}

/**
 * Opens the run's PowerShell session with the production libraries (ps-scripts/lib/*.ps1) and, only when the
 * user asked for simulation, the simulator (simulator/*.ps1) loaded after them so its commands shadow Windows'.
 * A real run on Windows never loads the simulator: it is only reached through `simulate`.
 */
import * as path from 'node:path';
import { listAssets, readAsset } from '../assets';
import { simulatorLibrary } from '../simulation/simulator-library';
import { simulatedProgramsFolder } from '../simulation/executables';
import { callLimitsFromEnv } from '../adapters/powershell/call-limits';
import { locatePowerShell, type PowerShellLocation } from '../adapters/powershell/locate';
import { PowerShellSession } from '../adapters/powershell/session';
import type { SessionOptions } from '../adapters/powershell/session-options';

export interface OpenSessionOptions {
  /** Absolute path of a simulated machine file; absent for a real run. */
  readonly simulate?: string;
  /** Upper bound on every call (tests); the limits per script are in call-limits.ts. */
  readonly callTimeoutMs?: number;
  readonly location?: PowerShellLocation;
  readonly onProcessStart?: (pid: number | undefined) => void;
  readonly onPowerCut?: () => void;
}

export function productionLibraries(): { name: string; source: string }[] {
  return listAssets('ps-scripts/lib')
    .filter((f) => f.endsWith('.ps1') && !f.endsWith('/Bridge.ps1'))
    .map((f) => ({ name: f.slice('ps-scripts/lib/'.length, -'.ps1'.length), source: readAsset(f) }));
}

export function openSession(options: OpenSessionOptions = {}): PowerShellSession {
  return new PowerShellSession(sessionOptions(options));
}

/**
 * What openSession opens a session with. Tests add what only they use (a warm shared process: SessionOptions
 * `shared`) and construct the session themselves (test/support/fix-runner.ts).
 */
export function sessionOptions(options: OpenSessionOptions = {}): SessionOptions {
  const libraries = productionLibraries();
  const location = options.location ?? locatePowerShell();
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['WINREFIX_SIM_MACHINE'];
  delete env['WINREFIX_SIM_BIN'];
  if (options.simulate) {
    const simulator = simulatorLibrary();
    libraries.push(simulator);
    env['WINREFIX_SIM_MACHINE'] = options.simulate;
    // reagentc.exe, diskpart.exe, cmd.exe as programs on PATH, as System32 is on Windows (src/simulation/executables.ts).
    const programs = simulatedProgramsFolder(simulator.source, location.executable);
    if (programs) {
      env['WINREFIX_SIM_BIN'] = programs;
      env['PATH'] = [programs, env['PATH'] ?? ''].filter((p) => p !== '').join(path.delimiter);
    }
  }
  return {
    location,
    ...(options.callTimeoutMs !== undefined ? { callTimeoutMs: options.callTimeoutMs } : {}),
    // Only a simulated PC takes limits from the environment (tests hang one call); a real run uses the table.
    ...(options.simulate ? { callLimits: callLimitsFromEnv(process.env) } : {}),
    libraries,
    env,
    ...(options.onProcessStart ? { onProcessStart: options.onProcessStart } : {}),
    ...(options.simulate && options.onPowerCut ? { onPowerCut: options.onPowerCut } : {}),
  };
}

/**
 * Opens the run's PowerShell session with the production libraries (ps-scripts/lib/*.ps1) and, only when the
 * user asked for simulation, the simulator (simulator/*.ps1) loaded after them so its commands shadow Windows'.
 * A real run on Windows never loads the simulator: it is only reached through `simulate`.
 */
import { listAssets, readAsset } from '../../assets';
import { simulatorLibrary } from '../../simulation/simulator-library';
import { locatePowerShell, type PowerShellLocation } from './locate';
import { PowerShellSession, type SharedPowerShellProcess } from './session';

export interface OpenSessionOptions {
  /** Absolute path of a simulated machine file; absent for a real run. */
  readonly simulate?: string;
  readonly callTimeoutMs?: number;
  readonly location?: PowerShellLocation;
  readonly onProcessStart?: (pid: number | undefined) => void;
  readonly onPowerCut?: () => void;
  /** Tests only: borrow this warm process (reset first) instead of starting one. */
  readonly shared?: SharedPowerShellProcess;
}

/** Default per-call limit. A shrink of a large, fragmented C: can take many minutes (Resize-Partition docs). */
export const DEFAULT_CALL_TIMEOUT_MS = 30 * 60 * 1000;

export function productionLibraries(): { name: string; source: string }[] {
  return listAssets('ps-scripts/lib')
    .filter((f) => f.endsWith('.ps1') && !f.endsWith('/Bridge.ps1'))
    .map((f) => ({ name: f.slice('ps-scripts/lib/'.length, -'.ps1'.length), source: readAsset(f) }));
}

export function openSession(options: OpenSessionOptions = {}): PowerShellSession {
  const libraries = productionLibraries();
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['WINREFIX_SIM_MACHINE'];
  if (options.simulate) {
    libraries.push(simulatorLibrary());
    env['WINREFIX_SIM_MACHINE'] = options.simulate;
  }
  return new PowerShellSession({
    location: options.location ?? locatePowerShell(),
    callTimeoutMs: options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
    libraries,
    env,
    ...(options.onProcessStart ? { onProcessStart: options.onProcessStart } : {}),
    ...(options.simulate && options.onPowerCut ? { onPowerCut: options.onPowerCut } : {}),
    ...(options.shared ? { shared: options.shared } : {}),
  });
}

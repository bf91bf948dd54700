/**
 * Starts one PowerShell process through node-powershell, hardened against its start-up traps: NODE_POWERSHELL may
 * not choose the executable, an early spawn failure must not crash Node, and an idle process must not keep Node
 * alive (docs/reference/fleet-tools.md#driving-powershell-from-node).
 */
import { PowerShell } from 'node-powershell';
import { trackProcess, untrackProcess, type LiveProcess } from './process-tree';
import type { PowerShellLocation } from './locate';

/** A process this module started, with the node-powershell shell that talks to it. */
export interface LiveShell extends LiveProcess {
  readonly shell: PowerShell;
  readonly registered: Set<string>;
}

interface ShellInternals {
  process?: import('node:child_process').ChildProcess;
  exitPromise?: Promise<unknown>;
}

/** Starts the process; `onExit` hears its exit code (null when it died of a signal). */
export function spawnShell(
  location: PowerShellLocation,
  env: NodeJS.ProcessEnv,
  onExit: (live: LiveShell, code: number | null) => void,
): LiveShell {
  const executableOptions: Record<string, boolean | string> = {
    '-NoProfile': true,
    '-NonInteractive': true,
  };
  if (location.flavour === 'windows-powershell') executableOptions['-ExecutionPolicy'] = 'Bypass';
  // node-powershell lets NODE_POWERSHELL override the executable we chose; it must not.
  const saved = process.env['NODE_POWERSHELL'];
  delete process.env['NODE_POWERSHELL'];
  let shell: PowerShell;
  try {
    shell = new PowerShell({
      executable: location.executable,
      executableOptions,
      spawnOptions: { env, windowsHide: true },
      throwOnInvocationError: false,
    } as ConstructorParameters<typeof PowerShell>[0]);
  } finally {
    if (saved !== undefined) process.env['NODE_POWERSHELL'] = saved;
  }
  const internals = shell as unknown as ShellInternals;
  // Mark node-powershell's internal exit promise as handled: an early spawn failure must not crash Node.
  internals.exitPromise?.catch(() => undefined);
  const child = internals.process;
  const live: LiveShell = { shell, child, registered: new Set(), exited: false, exitInfo: '' };
  // Writing to a process that already died (the language probe, a call) must not be an unhandled error.
  child?.stdin?.on('error', () => undefined);
  child?.on('error', (err) => {
    live.exited = true;
    live.exitInfo = err.message;
  });
  child?.on('exit', (code, signal) => {
    live.exited = true;
    live.exitInfo = signal ? `signal ${signal}` : `exit code ${String(code)}`;
    onExit(live, code);
    untrackProcess(child);
  });
  // An idle session must not keep Node alive: a caller that forgets dispose() would otherwise hang forever
  // instead of reaching the exit hook. During a call the (referenced) call timer keeps the loop alive.
  child?.unref();
  for (const stream of [child?.stdin, child?.stdout, child?.stderr]) {
    (stream as unknown as { unref?: () => void } | null | undefined)?.unref?.();
  }
  trackProcess(child);
  return live;
}

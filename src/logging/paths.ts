/**
 * Where winre-fix keeps its logs and reports. On Windows under the tool's own %ProgramData% folder (docs/reference/fleet-tools.md#log-locations:
 * a tool-owned ProgramData folder, plus an optional copy where Intune or ConfigMgr collect logs); elsewhere
 * (the Linux simulation) under the XDG state directory.
 */
import * as path from 'node:path';

export type Env = Readonly<Record<string, string | undefined>>;

/** process.env is case-insensitive on Windows; a plain object handed in by a test is not. */
function envValue(env: Env, name: string): string | undefined {
  const hit = env[name] ?? Object.entries(env).find(([k]) => k.toUpperCase() === name.toUpperCase())?.[1];
  return hit === undefined || hit === '' ? undefined : hit;
}

/** `%ProgramData%\winre-fix` on Windows; `${XDG_STATE_HOME:-~/.local/state}/winre-fix` elsewhere. */
export function toolStateRoot(env: Env, platform: NodeJS.Platform): string {
  if (platform === 'win32') {
    return path.win32.join(envValue(env, 'ProgramData') ?? 'C:\\ProgramData', 'winre-fix');
  }
  const xdg = envValue(env, 'XDG_STATE_HOME');
  // The XDG spec says a relative XDG_STATE_HOME is invalid and must be ignored.
  const base =
    xdg && path.posix.isAbsolute(xdg)
      ? xdg
      : path.posix.join(envValue(env, 'HOME') ?? '/tmp', '.local', 'state');
  return path.posix.join(base, 'winre-fix');
}

/** `%ProgramData%\winre-fix\Logs` on Windows; `${XDG_STATE_HOME:-~/.local/state}/winre-fix/logs` elsewhere. */
export function defaultLogDir(env: Env, platform: NodeJS.Platform): string {
  const root = toolStateRoot(env, platform);
  return platform === 'win32' ? path.win32.join(root, 'Logs') : path.posix.join(root, 'logs');
}

/** `%ProgramData%\winre-fix\Reports` on Windows; `.../winre-fix/reports` elsewhere. */
export function defaultReportDir(env: Env, platform: NodeJS.Platform): string {
  const root = toolStateRoot(env, platform);
  return platform === 'win32' ? path.win32.join(root, 'Reports') : path.posix.join(root, 'reports');
}

/** The folder where the Intune Management Extension keeps (and Collect diagnostics gathers) its logs (docs/reference/fleet-tools.md#intune-logs). */
export function intuneLogDir(env: Env): string {
  return path.win32.join(
    envValue(env, 'ProgramData') ?? 'C:\\ProgramData',
    'Microsoft',
    'IntuneManagementExtension',
    'Logs',
  );
}

/** The ConfigMgr client's log folder, `%windir%\CCM\Logs` (docs/reference/fleet-tools.md#log-size-and-rollover). */
export function configMgrLogDir(env: Env): string {
  return path.win32.join(
    envValue(env, 'windir') ?? envValue(env, 'SystemRoot') ?? 'C:\\Windows',
    'CCM',
    'Logs',
  );
}

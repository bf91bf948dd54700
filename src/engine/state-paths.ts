/**
 * Where a run keeps its journal, lock, reports and logs.
 *  - Windows: %ProgramData%\winre-fix (ACL: SYSTEM and Administrators only; src/engine/state-folder.ts).
 *  - Simulation: a folder beside the machine file (`<machine>.winre-fix`), because the journal belongs to that
 *    simulated PC and must survive its "reboots" but never mix with another machine's.
 *  - Linux without simulation (development): $XDG_STATE_HOME/winre-fix.
 * The backup of the recovery partition's files lives ON the PC being fixed (C:\ProgramData\winre-fix\backup),
 * written by the ps-scripts, not here.
 */
import * as os from 'node:os';
import * as path from 'node:path';

export interface StatePaths {
  readonly root: string;
  readonly journal: string;
  readonly lock: string;
  readonly reports: string;
  readonly logs: string;
  /** The memo of a failed shrink retry ladder (src/engine/shrink-memo.ts). */
  readonly shrinkMemo: string;
}

export function statePaths(options: {
  simulate?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
}): StatePaths {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  let root: string;
  if (options.simulate) {
    root = `${options.simulate}.winre-fix`;
  } else if (platform === 'win32') {
    root = path.win32.join(env['ProgramData'] ?? env['PROGRAMDATA'] ?? 'C:\\ProgramData', 'winre-fix');
  } else {
    root = path.join(env['XDG_STATE_HOME'] ?? path.join(os.homedir(), '.local', 'state'), 'winre-fix');
  }
  const join = platform === 'win32' && !options.simulate ? path.win32.join : path.join;
  return {
    root,
    journal: join(root, 'journal.json'),
    lock: join(root, 'winre-fix.lock'),
    reports: join(root, 'Reports'),
    logs: join(root, 'Logs'),
    shrinkMemo: join(root, 'shrink-ladder-memo.json'),
  };
}

/** The Windows path, on the PC being fixed, where the file steps keep their backup for one run. */
export function backupFolderOnPc(systemDrive: string, runId: string): string {
  return `${systemDrive}\\ProgramData\\winre-fix\\backup\\${runId}`;
}

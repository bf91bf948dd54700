/**
 * The trust gate of the state folder (journal, lock, logs, reports): every command passes it before any file of
 * the folder is opened (docs/security.md). The folder holds what a SYSTEM process will act on later, so only
 * SYSTEM and Administrators may write it (docs/reference/fleet-tools.md#state-folder-security), and nothing in it may be a link.
 *  - Windows and the simulated PC: Get-StateFolderSecurity.ps1 reads owner, DACL and every reparse point in the
 *    folder; src/domain/state-folder-trust.ts judges them.
 *  - Created by winre-fix: through New-StateFolder.ps1, which makes the folder with its final DACL in the same
 *    call (protected, full control for SYSTEM S-1-5-18 and Administrators S-1-5-32-544 only, by SID so it works
 *    in any language): it never exists with the inherited ACL of %ProgramData%. Then judged again, since someone
 *    may have made it between the look and the creation. On the simulated PC the simulator models it (an
 *    owner-only POSIX folder: simulator/60-FileSystem.ps1).
 *  - POSIX state files (development and simulation): a state file must belong to us (or root) and not be
 *    writable by group or others.
 */
import * as fs from 'node:fs';
import type { ScriptRunner } from '../contracts/script-runner';
import type { NewStateFolder } from '../contracts/generated/new-state-folder';
import type { StateFolderSecurity } from '../contracts/generated/get-state-folder-security';
import { judgeStateFolder, type StateFolderTrust } from '../domain/state-folder-trust';
import { JournalRejectedError, ScriptFailedError, StateFolderUntrustedError } from '../errors';

/**
 * The one mutating script a read-only run (audit, detect) may run besides the status record: the gate's runner
 * (src/app/run-context.ts stateFolderRunner) allows exactly this one.
 */
export const NEW_STATE_FOLDER_SCRIPT = 'New-StateFolder';

/** The structured id New-StateFolder.ps1 fails with when the folder that should hold the state folder is missing. */
export const STATE_FOLDER_PARENT_MISSING = 'WinReFix.StateFolderParentMissing';

/**
 * Creates the folder restricted (New-StateFolder.ps1). Only the folder itself is created: its parent
 * (%ProgramData%) must exist (else a ScriptFailedError with errorId STATE_FOLDER_PARENT_MISSING, nothing
 * created), and anything already at the path is left as it is (`created: false`) for the gate to judge, never
 * adopted.
 */
export async function createStateFolder(runner: ScriptRunner, dir: string): Promise<NewStateFolder> {
  try {
    return await runner.run<NewStateFolder>(NEW_STATE_FOLDER_SCRIPT, { Path: dir });
  } catch (error) {
    if (error instanceof ScriptFailedError && error.errorId === STATE_FOLDER_PARENT_MISSING) {
      throw new ScriptFailedError(error.script, error.record, {
        hint: 'The folder that holds the state folder (%ProgramData% on Windows) must exist; winre-fix creates only its own folder in it.',
      });
    }
    throw error;
  }
}

/** Reads and judges the folder; changes nothing. */
export async function inspectStateFolder(runner: ScriptRunner, folder: string): Promise<StateFolderTrust> {
  return judgeStateFolder(await runner.run<StateFolderSecurity>('Get-StateFolderSecurity', { Path: folder }));
}

/**
 * The gate: judges the folder and, when `create` and it is missing, creates it restricted and judges it again.
 * `runner` runs Get-StateFolderSecurity and, with `create`, New-StateFolder (a read-only run passes one that
 * allows exactly that script: src/app/run-context.ts stateFolderRunner).
 * Returns the judgement; never throws for an untrusted folder (the caller decides: refuse, or diagnose without
 * writing there).
 */
export async function gateStateFolder(
  runner: ScriptRunner,
  folder: string,
  options: { create: boolean },
): Promise<StateFolderTrust> {
  const first = await inspectStateFolder(runner, folder);
  if (first.exists || !options.create) return first;
  await createStateFolder(runner, folder);
  return inspectStateFolder(runner, folder);
}

/** The error a command that must act in the folder (fix, resume, status) ends with when it is not trusted. */
export function untrustedStateFolderError(trust: StateFolderTrust): StateFolderUntrustedError {
  return new StateFolderUntrustedError(
    `The state folder ${trust.path} is not trusted: ${trust.problems.join('; ')}. Nothing in it was opened, read or changed.`,
    {
      hint: 'Only SYSTEM and Administrators may own or write it, and nothing in it may be a link. Check what is in it (and where its links point), delete the folder as an administrator, and run winre-fix again.',
      context: { problems: trust.problems },
    },
  );
}

export function assertStateFileTrusted(file: string): void {
  if (process.platform === 'win32') return; // Windows: the folder's owner and DACL are judged by the gate
  const stat = fs.lstatSync(file);
  const uid = process.getuid?.() ?? 0;
  if (stat.isSymbolicLink() || (stat.mode & 0o022) !== 0 || (stat.uid !== uid && stat.uid !== 0)) {
    throw new JournalRejectedError(
      `${file} is a link or can be written by other users (mode ${(stat.mode & 0o777).toString(8)}, owner ${stat.uid}); it is not trusted.`,
      {
        hint: 'Only the account winre-fix runs as may write its state files.',
      },
    );
  }
}

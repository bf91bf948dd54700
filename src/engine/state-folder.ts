/**
 * The trust gate of the state folder (journal, lock, logs, reports): every command passes it before any file of
 * the folder is opened (docs/security.md). The folder holds what a SYSTEM process will act on later, so only
 * SYSTEM and Administrators may write it (docs/reference/fleet-tools.md#state-folder-security), and nothing in it may be a link.
 *  - Windows and the simulated PC: Get-StateFolderSecurity.ps1 reads owner, DACL and every reparse point in the
 *    folder; src/domain/state-folder-trust.ts judges them.
 *  - Created by winre-fix: with inheritance removed and full control for SYSTEM (S-1-5-18) and Administrators
 *    (S-1-5-32-544) only, by SID so it works in any language; then judged again, since someone may have made it
 *    between the look and the mkdir.
 *  - POSIX state files (development and simulation): a state file must belong to us (or root) and not be
 *    writable by group or others.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import type { ScriptRunner } from '../adapters/powershell/script-runner';
import type { StateFolderSecurity } from '../contracts/generated/get-state-folder-security';
import { judgeStateFolder, type StateFolderTrust } from '../domain/state-folder-trust';
import { JournalRejectedError, StateFolderUntrustedError } from '../errors';

/**
 * Creates the folder restricted. Only the folder itself is created: its parent (%ProgramData%) must exist, and a
 * folder that appeared meanwhile is left as it is (EEXIST) for the gate to judge, never adopted by icacls.
 */
export function createStateFolder(dir: string): void {
  try {
    fs.mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw error;
  }
  // mkdir's mode is filtered by the umask; the folder must be owner-only whatever the umask is.
  if (process.platform !== 'win32') fs.chmodSync(dir, 0o700);
  if (process.platform === 'win32') {
    const result = spawnSync(
      `${process.env['SystemRoot'] ?? 'C:\\Windows'}\\System32\\icacls.exe`,
      [dir, '/inheritance:r', '/grant:r', '*S-1-5-18:(OI)(CI)F', '*S-1-5-32-544:(OI)(CI)F'],
      { windowsHide: true, encoding: 'utf8' },
    );
    if (result.status !== 0) {
      fs.rmdirSync(dir);
      throw new Error(`Could not restrict the state folder ${dir}: ${result.stderr || result.stdout}`);
    }
  }
}

/** Reads and judges the folder; changes nothing. */
export async function inspectStateFolder(runner: ScriptRunner, folder: string): Promise<StateFolderTrust> {
  return judgeStateFolder(await runner.run<StateFolderSecurity>('Get-StateFolderSecurity', { Path: folder }));
}

/**
 * The gate: judges the folder and, when `create` and it is missing, creates it restricted and judges it again.
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
  createStateFolder(folder);
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

/**
 * The state folder holds what a SYSTEM process will act on later (the journal), so only SYSTEM and
 * Administrators may write it (ecosystem.md 4.5). On Windows the folder is created with inheritance removed and
 * full control for SYSTEM (S-1-5-18) and Administrators (S-1-5-32-544) only, by SID so it works in any language.
 * On POSIX (development and simulation) the folder is 0700 and a state file must belong to us (or root) and not
 * be writable by group or others; otherwise it is not trusted.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import type { ScriptRunner } from '../adapters/powershell/script-runner';
import type { StateFolderSecurity } from '../contracts/generated/get-state-folder-security';
import { judgeStateFolderSddl } from '../domain/state-acl';
import { JournalRejectedError } from '../errors';

export function ensureStateFolder(dir: string): void {
  if (fs.existsSync(dir)) return;
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (process.platform === 'win32') {
    const result = spawnSync(
      `${process.env['SystemRoot'] ?? 'C:\\Windows'}\\System32\\icacls.exe`,
      [dir, '/inheritance:r', '/grant:r', '*S-1-5-18:(OI)(CI)F', '*S-1-5-32-544:(OI)(CI)F'],
      { windowsHide: true, encoding: 'utf8' },
    );
    if (result.status !== 0) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(`Could not restrict the state folder ${dir}: ${result.stderr || result.stdout}`);
    }
  }
}

export function assertStateFileTrusted(file: string): void {
  if (process.platform === 'win32') return; // Windows: the folder's ACL is verified (verifyStateFolderAcl)
  const stat = fs.statSync(file);
  const uid = process.getuid?.() ?? 0;
  if ((stat.mode & 0o022) !== 0 || (stat.uid !== uid && stat.uid !== 0)) {
    throw new JournalRejectedError(
      `${file} can be written by other users (mode ${(stat.mode & 0o777).toString(8)}, owner ${stat.uid}); it is not trusted.`,
      {
        hint: 'Only the account winre-fix runs as may write its state files.',
      },
    );
  }
}

/**
 * Windows (and the simulated PC): the folder's owner and DACL, read through PowerShell (Get-Acl, by SID) on every
 * fix and resume, not only when winre-fix created it - a folder someone else made or loosened first is refused
 * before any state in it is read (src/domain/state-acl.ts says why and how).
 */
export async function verifyStateFolderAcl(runner: ScriptRunner, folder: string): Promise<void> {
  const found = await runner.run<StateFolderSecurity>('Get-StateFolderSecurity', { Path: folder });
  if (!found.exists) return;
  const judgement = judgeStateFolderSddl(found.sddl);
  if (!judgement.trusted) {
    throw new JournalRejectedError(
      `The state folder ${folder} is not trusted: ${judgement.problems.join('; ')}. Nothing in it was read or acted on.`,
      {
        hint: 'Only SYSTEM and Administrators may own or write it. Check what is in it, delete the folder as an administrator, and run winre-fix again.',
        context: { sddl: found.sddl },
      },
    );
  }
}

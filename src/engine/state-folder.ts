/**
 * The state folder holds what a SYSTEM process will act on later (the journal), so only SYSTEM and
 * Administrators may write it (ecosystem.md 4.5). On Windows the folder is created with inheritance removed and
 * full control for SYSTEM (S-1-5-18) and Administrators (S-1-5-32-544) only, by SID so it works in any language.
 * On POSIX (development and simulation) the folder is 0700 and a state file must belong to us (or root) and not
 * be writable by group or others; otherwise it is not trusted.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
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
  if (process.platform === 'win32') return; // protected by the folder ACL set at creation (see above)
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

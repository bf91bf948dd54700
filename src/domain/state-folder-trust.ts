/**
 * Whether winre-fix's state folder can be trusted, from what Get-StateFolderSecurity.ps1 read. Pure.
 *
 * The folder is where a SYSTEM process acts on its journal, appends its logs, rolls them over and writes reports.
 * If a standard user could choose what is there (own or write the folder, or plant a link in it), SYSTEM would
 * create, append to or delete files the user chose: a known path to full privilege escalation (docs/security.md).
 * So the folder is trusted only when
 *  - it is a real folder, not a reparse point (symbolic link, junction, mount point),
 *  - nothing at any depth below it is a reparse point (and the walk saw the whole tree),
 *  - its owner and DACL let nobody but SYSTEM and Administrators write it (state-acl.ts),
 *  - the names winre-fix opens are of the kind it opens them as (a folder named journal.json is damage or a trap).
 * A missing folder is not "untrusted": it is created restricted, then judged again (src/engine/state-folder.ts).
 */
import type { StateFolderSecurity } from '../contracts/generated/get-state-folder-security';
import { judgeStateFolderSddl } from './state-acl';

export interface StateFolderTrust {
  readonly path: string;
  readonly exists: boolean;
  readonly trusted: boolean;
  /** Why it is not trusted, one sentence each; empty when trusted or missing. */
  readonly problems: readonly string[];
}

/** Top-level names winre-fix opens, and what each must be. */
export const STATE_FOLDER_NAMES: Readonly<Record<string, 'file' | 'directory'>> = {
  'journal.json': 'file',
  'journal.json.bak': 'file',
  'winre-fix.lock': 'file',
  Logs: 'directory',
  Reports: 'directory',
  backup: 'directory',
};

export function judgeStateFolder(found: StateFolderSecurity): StateFolderTrust {
  const base = { path: found.path, exists: found.exists };
  if (!found.exists || found.kind === 'missing')
    return { ...base, exists: false, trusted: true, problems: [] };
  if (found.kind === 'link') {
    const type = found.links[0]?.linkType ?? 'ReparsePoint';
    return { ...base, trusted: false, problems: [`it is a ${type} (a reparse point), not a folder`] };
  }
  if (found.kind === 'file') return { ...base, trusted: false, problems: ['it is a file, not a folder'] };

  const problems: string[] = [...judgeStateFolderSddl(found.sddl).problems];
  for (const link of found.links) {
    problems.push(`${link.relativePath} is a ${link.linkType} (a reparse point)`);
  }
  if (found.truncated) {
    problems.push(`it holds more than ${found.entriesTotal} entries; the rest was not checked`);
  }
  for (const entry of found.entries) {
    const expected = Object.entries(STATE_FOLDER_NAMES).find(
      // NTFS names are case-insensitive: JOURNAL.JSON is journal.json on Windows.
      ([name]) => name.toLowerCase() === entry.name.toLowerCase(),
    )?.[1];
    if (expected && entry.kind !== 'link' && entry.kind !== expected) {
      problems.push(
        `${entry.name} is a ${entry.kind === 'file' ? 'file' : 'folder'}, not a ${expected === 'file' ? 'file' : 'folder'}`,
      );
    }
  }
  return { ...base, trusted: problems.length === 0, problems };
}

/**
 * Who may write winre-fix's state folder (issue 5; ecosystem.md 4.5). The journal there is acted on later by
 * SYSTEM, so a folder that anyone else can write - for instance one a standard user created under ProgramData
 * before winre-fix ran (ProgramData lets Users create folders, and CREATOR OWNER then gives them full control) -
 * is not trusted. Pure: it judges the folder's SDDL (Get-Acl's .Sddl; SDDL syntax:
 * learn.microsoft.com/windows/win32/secauthz/security-descriptor-string-format and ace-strings).
 */

/** SYSTEM and BUILTIN\Administrators: the only accounts that may write or own the folder. */
const TRUSTED = new Set(['S-1-5-18', 'S-1-5-32-544']);

/** SDDL SID aliases that matter here (learn.microsoft.com/windows/win32/secauthz/sid-strings). */
const ALIASES: Record<string, string> = {
  SY: 'S-1-5-18',
  BA: 'S-1-5-32-544',
  BU: 'S-1-5-32-545',
  WD: 'S-1-1-0',
  AU: 'S-1-5-11',
  IU: 'S-1-5-4',
  CO: 'S-1-3-0',
  OW: 'S-1-3-4',
  PU: 'S-1-5-32-547',
  BG: 'S-1-5-32-546',
  AN: 'S-1-5-7',
};

/** Access-mask bits that let an account change the folder, its files or its ACL. */
const WRITE_BITS =
  0x0002 | // FILE_WRITE_DATA / FILE_ADD_FILE
  0x0004 | // FILE_APPEND_DATA / FILE_ADD_SUBDIRECTORY
  0x0010 | // FILE_WRITE_EA
  0x0040 | // FILE_DELETE_CHILD
  0x0100 | // FILE_WRITE_ATTRIBUTES
  0x10000 | // DELETE
  0x40000 | // WRITE_DAC
  0x80000 | // WRITE_OWNER
  0x10000000 | // GENERIC_ALL
  0x40000000; // GENERIC_WRITE

/** SDDL right letters (ace-strings) with any writing power. */
const WRITE_LETTERS = new Set(['GA', 'GW', 'FA', 'FW', 'SD', 'WD', 'WO', 'CC', 'DC', 'WP', 'DT', 'KA', 'KW']);

export interface AclJudgement {
  readonly trusted: boolean;
  readonly problems: string[];
}

function sidOf(token: string): string {
  return ALIASES[token] ?? token;
}

function writes(rights: string): boolean {
  if (/^0x[0-9a-f]+$/i.test(rights)) return (Number.parseInt(rights, 16) & WRITE_BITS) !== 0;
  for (let i = 0; i + 1 < rights.length; i += 2) if (WRITE_LETTERS.has(rights.slice(i, i + 2))) return true;
  return false;
}

export function judgeStateFolderSddl(sddl: string): AclJudgement {
  const problems: string[] = [];
  const owner = /O:([A-Z]{2}|S-[0-9-]+)/.exec(sddl)?.[1];
  if (!owner) problems.push('the owner cannot be read');
  else if (!TRUSTED.has(sidOf(owner)))
    problems.push(`it is owned by ${sidOf(owner)}, not SYSTEM or Administrators`);
  const dacl = /D:([A-Z]*)((?:\([^)]*\))*)/.exec(sddl);
  if (!dacl || /NO_ACCESS_CONTROL/.test(sddl)) {
    problems.push('it has no access control list: everyone may write it');
    return { trusted: false, problems };
  }
  for (const ace of dacl[2]!.match(/\(([^)]*)\)/g) ?? []) {
    const [type, flags, rights, , , account] = ace.slice(1, -1).split(';');
    if (type !== 'A' || account === undefined || rights === undefined) continue; // deny ACEs only take rights away
    if (flags?.includes('IO')) continue; // inherit-only: applies to children created later, not to this folder
    const sid = sidOf(account);
    if (sid === 'S-1-3-4' && owner && TRUSTED.has(sidOf(owner))) continue; // OWNER RIGHTS of a trusted owner
    if (!TRUSTED.has(sid) && writes(rights)) problems.push(`${sid} may write it (${ace})`);
  }
  return { trusted: problems.length === 0, problems };
}

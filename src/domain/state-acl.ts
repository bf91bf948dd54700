/**
 * Who may write winre-fix's state folder (docs/reference/fleet-tools.md#state-folder-security). The journal there is acted on later by
 * SYSTEM, so a folder that anyone else can write - for instance one a standard user created under ProgramData
 * before winre-fix ran (ProgramData lets Users create folders, and CREATOR OWNER then gives them full control) -
 * is not trusted. Pure: it judges the folder's SDDL (Get-Acl's .Sddl). Syntax and rights:
 * learn.microsoft.com/windows/win32/secauthz/security-descriptor-string-format, .../ace-strings,
 * .../sid-strings, and the file access rights (.../fileio/file-access-rights-constants). Anything it cannot
 * read for certain is refused: an unknown right, ACE type or flag is a reason to distrust, never to skip.
 */

/** SYSTEM and BUILTIN\Administrators: the only accounts that may write or own the folder. */
const TRUSTED = new Set(['S-1-5-18', 'S-1-5-32-544']);
const CREATOR_OWNER = 'S-1-3-0';
const OWNER_RIGHTS = 'S-1-3-4';

/** SDDL SID aliases (sid-strings). */
const ALIASES: Record<string, string> = {
  SY: 'S-1-5-18',
  BA: 'S-1-5-32-544',
  BU: 'S-1-5-32-545',
  BG: 'S-1-5-32-546',
  PU: 'S-1-5-32-547',
  WD: 'S-1-1-0',
  AU: 'S-1-5-11',
  IU: 'S-1-5-4',
  NU: 'S-1-5-2',
  AN: 'S-1-5-7',
  NS: 'S-1-5-20',
  LS: 'S-1-5-19',
  CO: CREATOR_OWNER,
  CG: 'S-1-3-1',
  OW: OWNER_RIGHTS,
  AC: 'S-1-15-2-1',
};

/**
 * SDDL right letters as access-mask bits (ace-strings). On a file or folder the low bits mean file rights:
 * 0x1 read data/list, 0x2 write data/add file, 0x4 append/add subfolder, 0x8 read EA, 0x10 write EA,
 * 0x20 execute/traverse, 0x40 delete child, 0x80 read attributes, 0x100 write attributes.
 */
const LETTERS: Record<string, number> = {
  CC: 0x1,
  DC: 0x2,
  LC: 0x4,
  SW: 0x8,
  RP: 0x10,
  WP: 0x20,
  DT: 0x40,
  LO: 0x80,
  CR: 0x100,
  SD: 0x10000,
  RC: 0x20000,
  WD: 0x40000,
  WO: 0x80000,
  GA: 0x10000000,
  GX: 0x20000000,
  GW: 0x40000000,
  GR: 0x80000000,
  FA: 0x1f01ff,
  FR: 0x120089,
  FW: 0x120116,
  FX: 0x1200a0,
  KA: 0xf003f,
  KR: 0x20019,
  KW: 0x20006,
  KX: 0x20019,
};

/** Bits that let an account change the folder, its files or its ACL. */
const WRITE_BITS = 0x2 | 0x4 | 0x10 | 0x40 | 0x100 | 0x10000 | 0x40000 | 0x80000 | 0x10000000 | 0x40000000;

const ALLOW_TYPES = new Set(['A', 'OA', 'XA', 'ZA']);
const DENY_TYPES = new Set(['D', 'OD', 'XD']);
const FLAGS = new Set(['CI', 'OI', 'NP', 'IO', 'ID', 'SA', 'FA', 'TP', 'CR']);

export interface AclJudgement {
  readonly trusted: boolean;
  readonly problems: string[];
}

function sidOf(token: string): string {
  return ALIASES[token] ?? token;
}

/** The access mask of an ACE's rights field, or undefined when it cannot be read for certain. */
function maskOf(rights: string): number | undefined {
  if (/^0x[0-9a-f]+$/i.test(rights)) return Number.parseInt(rights, 16);
  if (rights.length === 0 || rights.length % 2 !== 0) return undefined;
  let mask = 0;
  for (let i = 0; i < rights.length; i += 2) {
    const bits = LETTERS[rights.slice(i, i + 2)];
    if (bits === undefined) return undefined;
    mask |= bits;
  }
  return mask;
}

/** The top-level "(...)" groups after D:<flags>, nesting respected (a conditional ACE holds parentheses). */
function daclAces(sddl: string): { flags: string; aces: string[] } | undefined {
  const start = sddl.indexOf('D:');
  if (start < 0) return undefined;
  let i = start + 2;
  let flags = '';
  while (i < sddl.length && sddl[i] !== '(' && !/^[OGS]:/.test(sddl.slice(i, i + 2))) flags += sddl[i++];
  const aces: string[] = [];
  while (sddl[i] === '(') {
    let depth = 0;
    let j = i;
    for (; j < sddl.length; j += 1) {
      if (sddl[j] === '(') depth += 1;
      else if (sddl[j] === ')' && --depth === 0) break;
    }
    aces.push(sddl.slice(i + 1, j));
    i = j + 1;
  }
  return { flags, aces };
}

export function judgeStateFolderSddl(sddl: string): AclJudgement {
  const problems: string[] = [];
  const ownerToken = /O:([A-Z]{2}|S-[0-9-]+)/.exec(sddl)?.[1];
  const owner = ownerToken ? sidOf(ownerToken) : undefined;
  if (!owner) problems.push('the owner cannot be read');
  else if (!TRUSTED.has(owner)) problems.push(`it is owned by ${owner}, not SYSTEM or Administrators`);
  const dacl = daclAces(sddl);
  if (!dacl || dacl.flags.includes('NO_ACCESS_CONTROL')) {
    problems.push('it has no access control list: everyone may write it');
    return { trusted: false, problems };
  }
  for (const ace of dacl.aces) {
    const [type = '', flagText = '', rights = '', , , account = ''] = ace.split(';');
    if (DENY_TYPES.has(type)) continue; // a deny ACE only takes rights away
    if (!ALLOW_TYPES.has(type)) {
      problems.push(`an ACE of a kind this check does not know (${ace})`);
      continue;
    }
    const flags: string[] = flagText.match(/.{1,2}/g) ?? [];
    if (flags.some((f) => !FLAGS.has(f))) {
      problems.push(`an ACE with flags this check does not know (${ace})`);
      continue;
    }
    const sid = sidOf(account);
    // CREATOR OWNER inherit-only: only whoever creates a child gets it, and creating needs write already.
    if (sid === CREATOR_OWNER && flags.includes('IO')) continue;
    if (sid === OWNER_RIGHTS && owner && TRUSTED.has(owner)) continue;
    if (TRUSTED.has(sid)) continue;
    const mask = maskOf(rights);
    if (mask === undefined) problems.push(`rights this check cannot read (${ace})`);
    // An inherit-only ACE is judged too: it gives the same rights on the journal written next.
    else if ((mask & WRITE_BITS) !== 0) problems.push(`${sid} may write it (${ace})`);
  }
  return { trusted: problems.length === 0, problems };
}

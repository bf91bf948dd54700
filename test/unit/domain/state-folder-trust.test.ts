import type { StateFolderSecurity } from '../../../src/contracts/generated/get-state-folder-security';
import { judgeStateFolder } from '../../../src/domain/state-folder-trust';

const OURS = 'O:SYG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)';

function found(over: Partial<StateFolderSecurity> = {}): StateFolderSecurity {
  return {
    path: 'C:\\ProgramData\\winre-fix',
    exists: true,
    kind: 'directory',
    sddl: OURS,
    links: [],
    entries: [],
    entriesTotal: 0,
    truncated: false,
    ...over,
  };
}

describe('state folder trust (links, owner and DACL, kinds)', () => {
  it('trusts the folder winre-fix makes, with its usual content', () => {
    const j = judgeStateFolder(
      found({
        entries: [
          { name: 'journal.json', kind: 'file' },
          { name: 'Logs', kind: 'directory' },
          { name: 'Reports', kind: 'directory' },
          { name: 'journal-0123456789abcdef.json', kind: 'file' },
        ],
        entriesTotal: 40,
      }),
    );
    expect(j).toEqual({ path: 'C:\\ProgramData\\winre-fix', exists: true, trusted: true, problems: [] });
  });

  it('a missing folder is not untrusted (it will be created restricted and judged again)', () => {
    expect(judgeStateFolder(found({ exists: false, kind: 'missing', sddl: '' }))).toMatchObject({
      exists: false,
      trusted: true,
    });
  });

  it.each([
    [
      'the folder is a junction',
      found({ kind: 'link', sddl: '', links: [{ relativePath: '.', linkType: 'Junction' }] }),
      'it is a Junction (a reparse point), not a folder',
    ],
    ['the folder is a file', found({ kind: 'file', sddl: '' }), 'it is a file, not a folder'],
    [
      'Logs is a symbolic link',
      found({ links: [{ relativePath: 'Logs', linkType: 'SymbolicLink' }] }),
      'Logs is a SymbolicLink (a reparse point)',
    ],
    [
      'a deep mount point',
      found({ links: [{ relativePath: 'backup/0123/mnt', linkType: 'ReparsePoint' }] }),
      'backup/0123/mnt is a ReparsePoint (a reparse point)',
    ],
    [
      'the walk stopped at its limit',
      found({ truncated: true, entriesTotal: 100000 }),
      'it holds more than 100000 entries; the rest was not checked',
    ],
    [
      'journal.json is a folder',
      found({ entries: [{ name: 'journal.json', kind: 'directory' }] }),
      'journal.json is a folder, not a file',
    ],
    [
      'the lock is a folder (any case)',
      found({ entries: [{ name: 'WINRE-FIX.LOCK', kind: 'directory' }] }),
      'WINRE-FIX.LOCK is a folder, not a file',
    ],
    [
      'Reports is a file',
      found({ entries: [{ name: 'Reports', kind: 'file' }] }),
      'Reports is a file, not a folder',
    ],
    ['Users may write it', found({ sddl: `${OURS}(A;OICI;0x1301bf;;;BU)` }), 'S-1-5-32-545 may write it'],
  ])('refuses when %s', (_name, doc, problem) => {
    const j = judgeStateFolder(doc);
    expect(j.trusted).toBe(false);
    expect(j.problems.join(' | ')).toContain(problem);
  });
});

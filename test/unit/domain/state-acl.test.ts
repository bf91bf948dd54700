import { judgeStateFolderSddl } from '../../../src/domain/state-acl';

// SDDL strings as Get-Acl's .Sddl prints them (security-descriptor-string-format, ace-strings).
const OURS = 'O:SYG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)';
const USER = 'S-1-5-21-1004336348-1177238915-682003330-1001';

describe('state folder ACL judgement', () => {
  it.each([
    ['what winre-fix creates as SYSTEM', OURS],
    ['created by an elevated administrator', 'O:BAG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)'],
    ['users may read and list', `${OURS}(A;OICI;0x1200a9;;;BU)`],
    ['CREATOR OWNER inherit-only (applies to future children)', `${OURS}(A;OICIIO;GA;;;CO)`],
    [
      'Users may list, traverse and read (CC SW WP LO RC are read bits on a folder)',
      `${OURS}(A;OICI;CCSWWPLORC;;;BU)`,
    ],
    ['deny ACEs only take rights away', `D:PAI(D;OICI;FA;;;WD)(A;OICI;FA;;;SY)`.replace('D:', 'O:SYG:SYD:')],
  ])('trusts %s', (_name, sddl) => {
    expect(judgeStateFolderSddl(sddl)).toEqual({ trusted: true, problems: [] });
  });

  it('refuses a folder a standard user created under ProgramData first (owner + inherited rights)', () => {
    const sddl = `O:${USER}G:${USER}D:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIID;FA;;;${USER})(A;OICIID;0x1200a9;;;BU)(A;CIID;DCLCRPCR;;;BU)`;
    const j = judgeStateFolderSddl(sddl);
    expect(j.trusted).toBe(false);
    expect(j.problems).toEqual([
      `it is owned by ${USER}, not SYSTEM or Administrators`,
      expect.stringContaining(`${USER} may write it`),
      expect.stringContaining('S-1-5-32-545 may write it'),
    ]);
  });

  it.each([
    ['Everyone full control', `${OURS}(A;OICI;FA;;;WD)`, 'S-1-1-0'],
    ['Authenticated Users modify (hex mask)', `${OURS}(A;OICI;0x1301bf;;;AU)`, 'S-1-5-11'],
    ['Users may change the ACL', `${OURS}(A;;WD;;;BU)`, 'S-1-5-32-545'],
    ['Users may append (add subfolders)', `${OURS}(A;;0x4;;;BU)`, 'S-1-5-32-545'],
    // Letters are access-mask bits; on a folder LC is "add subfolder", RP "write EA", CR "write attributes".
    ['Users may add subfolders (LC)', `${OURS}(A;CI;LC;;;BU)`, 'S-1-5-32-545'],
    ['Users may write EA and attributes (RPCR)', `${OURS}(A;OICI;RPCR;;;BU)`, 'S-1-5-32-545'],
    [
      'ProgramData\'s inherited "create folders / append data" for Users',
      `${OURS}(A;CIID;DCLCRPCR;;;BU)`,
      'S-1-5-32-545',
    ],
    ['Users full control on files created later (inherit-only)', `${OURS}(A;OICIIO;FA;;;BU)`, 'S-1-5-32-545'],
    [
      'a callback (conditional) ACE before a plain one',
      `${OURS}(XA;;FR;;;WD;(x))(A;OICI;FA;;;BU)`,
      'S-1-5-32-545',
    ],
  ])('refuses %s', (_name, sddl, sid) => {
    const j = judgeStateFolderSddl(sddl);
    expect(j.trusted).toBe(false);
    expect(j.problems.join(' ')).toContain(`${sid} may write it`);
  });

  it('refuses what it cannot read for certain: an unknown ACE type, flag or right', () => {
    for (const ace of ['(AU;SA;FA;;;WD)', '(A;QQ;FR;;;BU)', '(A;OICI;ZZ;;;BU)'])
      expect(judgeStateFolderSddl(`${OURS}${ace}`).trusted).toBe(false);
  });

  it('refuses a folder without a DACL or with an unreadable owner', () => {
    expect(judgeStateFolderSddl('O:SYG:SYD:NO_ACCESS_CONTROL').trusted).toBe(false);
    expect(judgeStateFolderSddl('D:PAI(A;OICI;FA;;;SY)').problems).toContain('the owner cannot be read');
  });
});

/** ReAgent.xml as real machines write it (docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml), and the damaged/odd shapes around it. */
import { parseReAgentXml } from '../../../src/domain/reagent-xml';

// docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml (icat of a real disk image): BOM, single-quoted declaration, blank line, 2-space indent.
const ENABLED_41 = `\ufeff<?xml version='1.0' encoding='utf-8'?>

<WindowsRE version="2.0">
  <WinreBCD id="{ec9e2cda-63d3-11ee-bd2c-af2423a570b6}"/>
  <WinreLocation path="\\Recovery\\WindowsRE" id="0" offset="188570664960" guid="{1cb3eeb3-fd89-4fc4-a7d5-34f852f5aa52}"/>
  <ImageLocation path="" id="0" offset="0" guid="{00000000-0000-0000-0000-000000000000}"/>
  <InstallState state="1"/>
  <WinREStaged state="0"/>
  <ScheduledOperation state="4"/>
</WindowsRE>
`;

// docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml (collapsed by a blog, markdown-escaped backslashes), recovery partition first.
const ENABLED_42 =
  '<?xml version=\'1.0\' encoding=\'utf-8\'?>\n\n<WindowsRE version="2.0"> <WinreBCD id="{f8d1de0b-0ced-11e6-abf9-db7ac698ead8}"/> <WinreLocation path="\\\\Recovery\\\\WindowsRE" id="0" offset="1048576" guid="{6d5c9aaa-fea9-471e-bfa8-5160d1d8c3fa}"/> <InstallState state="1"/> </WindowsRE>';

// docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml (Microsoft's example): staged on MBR, id = disk signature in decimal.
const STAGED_43 = `<?xml version='1.0' encoding='utf-8'?>
<WindowsRE version="2.0">
    <WinreBCD id="{00000000-0000-0000-0000-000000000000}"/>
    <WinreLocation path="" id="0" offset="0" guid="{00000000-0000-0000-0000-000000000000}"/>
    <ImageLocation path="\\Recovery\\WindowsRE" id="4238117423" offset="1048576" guid="{00000000-0000-0000-0000-000000000000}"/>
    <InstallState state="0"/>
    <WinREStaged state="1"/>
</WindowsRE>`;

describe('parseReAgentXml', () => {
  it('absent file', () => {
    expect(parseReAgentXml(null)).toEqual({
      present: false,
      installState: null,
      winreBcdId: null,
      winreLocation: null,
      imageLocation: null,
    });
  });

  it('enabled, recovery partition at the end (4.1)', () => {
    expect(parseReAgentXml(ENABLED_41)).toEqual({
      present: true,
      installState: 1,
      winreBcdId: 'ec9e2cda-63d3-11ee-bd2c-af2423a570b6',
      winreLocation: {
        path: '\\Recovery\\WindowsRE',
        id: 0,
        offset: 188570664960,
        guid: '{1cb3eeb3-fd89-4fc4-a7d5-34f852f5aa52}',
      },
      imageLocation: null,
    });
  });

  it('collapsed whitespace and doubled backslashes (4.2)', () => {
    expect(parseReAgentXml(ENABLED_42)).toMatchObject({
      installState: 1,
      winreBcdId: 'f8d1de0b-0ced-11e6-abf9-db7ac698ead8',
      winreLocation: { path: '\\Recovery\\WindowsRE', offset: 1048576 },
    });
  });

  it('staged: empty WinreLocation is no location; ImageLocation is not mistaken for it, and is read (4.3)', () => {
    expect(parseReAgentXml(STAGED_43)).toEqual({
      present: true,
      installState: 0,
      winreBcdId: '00000000-0000-0000-0000-000000000000',
      winreLocation: null,
      imageLocation: { path: '\\Recovery\\WindowsRE', id: 4238117423, offset: 1048576 },
    });
  });

  it('MBR: id is the disk signature, attribute order and quotes do not matter', () => {
    const xml = `<WindowsRE><WinreLocation guid='{00000000-0000-0000-0000-000000000000}' offset='16629366784' id='4238117423' path='\\Recovery\\WindowsRE'/><InstallState state='1'/></WindowsRE>`;
    expect(parseReAgentXml(xml).winreLocation).toEqual({
      path: '\\Recovery\\WindowsRE',
      id: 4238117423,
      offset: 16629366784,
      guid: '{00000000-0000-0000-0000-000000000000}',
    });
  });

  it('present but unreadable: every field null, never guessed', () => {
    expect(parseReAgentXml('\u0000\u0000garbage')).toEqual({
      present: true,
      installState: null,
      winreBcdId: null,
      winreLocation: null,
      imageLocation: null,
    });
  });
});

/**
 * Table test over every real `reagentc /info` transcript in test/fixtures/transcripts (each a public
 * capture, docs/reference/transcripts.md; a header line names its section), plus label-independence checks.
 */
import { parseReAgentCInfo, type ReAgentCRun } from '../../../src/domain/reagentc-info';
import type { ReAgentCInfo } from '../../../src/domain/snapshot';
import {
  EXPECTED_INFO as expected,
  transcriptFiles,
  transcriptLines,
} from '../../support/reagentc-transcripts';

const run = (stdout: string[], stderr: string[] = [], exitCode = 0): ReAgentCRun => ({
  exitCode,
  stdout,
  stderr,
});

describe('parseReAgentCInfo over every transcript', () => {
  const files = transcriptFiles();

  it('has an expectation for every transcript file (a new capture must be added to the table)', () => {
    expect(files).toEqual(Object.keys(expected).sort());
    for (const f of files) expect(f).toMatch(/^[a-z]{2}-[A-Z]{2}-(\d{5}|unknown)-[a-z0-9-]+\.txt$/);
  });

  it.each(files)('%s', (file) => {
    const lines = transcriptLines(file);
    expect(parseReAgentCInfo(run(lines))).toEqual({ exitCode: 0, ...expected[file] });
  });

  it.each(files)('%s: same parse when the REAGENTC.EXE lines arrive on stderr (E6, E7)', (file) => {
    const lines = transcriptLines(file);
    const stdout = lines.filter((l) => !/^REAGENTC\.EXE/.test(l));
    const stderr = lines.filter((l) => /^REAGENTC\.EXE/.test(l));
    expect(parseReAgentCInfo(run(stdout, stderr, 0))).toEqual({ exitCode: 0, ...expected[file] });
  });
});

describe('language independence', () => {
  const parse = (file: string) => parseReAgentCInfo(run(transcriptLines(file)));

  it('German and Russian (constructed from reported labels) parse exactly like the English capture they copy', () => {
    const en = parse('en-US-26100-server2025-enabled-partition4.txt');
    expect(parse('de-DE-26200-enabled-partition4-constructed.txt')).toEqual(en);
    expect(parse('ru-RU-unknown-enabled-partition4-constructed.txt')).toEqual(en);
  });

  it('Chinese captures give the same status and location as English ones in the same state', () => {
    const shape = (i: ReAgentCInfo) => ({ status: i.status, location: i.location, hasBcd: i.bcdId !== null });
    expect(shape(parse('zh-CN-unknown-enabled-partition4-before.txt'))).toEqual(
      shape(parse('en-US-26100-server2025-enabled-partition4.txt')),
    );
    expect(shape(parse('zh-CN-17134-disabled.txt'))).toEqual(shape(parse('en-US-19045-disabled.txt')));
  });

  it.each(Object.keys(expected).filter((f) => f.startsWith('en-US')))(
    '%s: replacing every label with unrelated text (Cyrillic, CJK, French spacing) changes nothing',
    (file) => {
      const lines = transcriptLines(file);
      const relabel = (label: string) =>
        lines.map((l) =>
          /^REAGENTC\.EXE/.test(l)
            ? l.replace('REAGENTC.EXE:', 'REAGENTC.EXE :')
            : l.replace(/^(\s*)[^:]+:/, `$1${label}:`),
        );
      const base = parseReAgentCInfo(run(lines));
      expect(parseReAgentCInfo(run(relabel('Метка состояния')))).toEqual(base);
      expect(parseReAgentCInfo(run(relabel('引导配置数据(BCD)标识符')))).toEqual(base);
      expect(parseReAgentCInfo(run(relabel('État WinRE ')))).toEqual(base);
    },
  );
});

describe('edge cases', () => {
  it('reads multi-digit disk and partition numbers', () => {
    const info = parseReAgentCInfo(
      run([
        '    Windows RE status:         Enabled',
        '    Windows RE location:       \\\\?\\GLOBALROOT\\device\\harddisk12\\partition105\\Recovery\\WindowsRE',
      ]),
    );
    expect(info.location).toEqual({
      diskNumber: 12,
      partitionNumber: 105,
      path: '\\\\?\\GLOBALROOT\\device\\harddisk12\\partition105\\Recovery\\WindowsRE',
    });
  });

  it('a translated status word is Unknown, never guessed (made-up fixtures translate it; real output does not)', () => {
    expect(parseReAgentCInfo(run(['    Windows RE-Status:          Aktiviert'])).status).toBe('Unknown');
  });

  it('accepts CRLF residue and upper-case GUIDs', () => {
    const info = parseReAgentCInfo(
      run([
        '    Windows RE status:         Disabled\r',
        '    Boot Configuration Data (BCD) identifier: 3B8D20AE-532C-11EC-974D-DA6ACDD4C584\r',
      ]),
    );
    expect(info).toMatchObject({ status: 'Disabled', bcdId: '3b8d20ae-532c-11ec-974d-da6acdd4c584' });
  });

  it('does not take a braced GUID (a Volume{...} location) for the BCD id', () => {
    const info = parseReAgentCInfo(
      run([
        '    Windows RE status:         Enabled',
        '    Windows RE location:       \\\\?\\Volume{40bf58e2-084b-4b7c-a715-7324e4523919}\\Recovery\\WindowsRE',
      ]),
    );
    expect(info).toMatchObject({ status: 'Enabled', location: null, bcdId: null });
  });

  it('keeps the exit code and tolerates empty output (a failed call)', () => {
    expect(
      parseReAgentCInfo(
        run([], ['REAGENTC.EXE: Operation failed: d', '', 'REAGENTC.EXE: An error has occurred.'], 13),
      ),
    ).toEqual({
      exitCode: 13,
      status: 'Unknown',
      location: null,
      bcdId: null,
      version: null,
    });
  });
});

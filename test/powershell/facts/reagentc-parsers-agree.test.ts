/**
 * One fact, two parsers: the step scripts decide "already done?" with ConvertFrom-StepReAgentInfo
 * (ps-scripts/lib/StepCommon.ps1), the audit with parseReAgentCInfo (src/domain/reagentc-info.ts). Both run here
 * over every recorded real transcript (docs/reference/transcripts.md) and must give what the capture says:
 * status, location (disk and partition), BCD identifier and WinRE version, whichever stream the
 * `REAGENTC.EXE:` lines arrive on. Get-WinReStatus reads the location through the same PowerShell parser.
 */
import { parseReAgentCInfo } from '../../../src/domain/reagentc-info';
import { openSimHarness, type SimHarness } from '../../support/harness';
import { EXPECTED_INFO, transcriptFiles, transcriptLines } from '../../support/reagentc-transcripts';

jest.setTimeout(120_000);

interface Run {
  exitCode: number;
  stdout: string[];
  stderr: string[];
}

describe('the PowerShell reagentc parser agrees with the TypeScript one on every real transcript', () => {
  let h: SimHarness;
  const files = transcriptFiles();
  const runs: Record<string, Run> = {};
  for (const f of files) {
    const lines = transcriptLines(f);
    runs[`${f} (one stream)`] = { exitCode: 0, stdout: lines, stderr: [] };
    runs[`${f} (status lines on stderr)`] = {
      exitCode: 0,
      stdout: lines.filter((l) => !/^REAGENTC\.EXE/.test(l)),
      stderr: lines.filter((l) => /^REAGENTC\.EXE/.test(l)),
    };
  }
  let parsed: Record<string, unknown> = {};

  beforeAll(async () => {
    h = openSimHarness('win11-gpt-small-winre-en', { readOnly: true });
    // Base64 of UTF-8 JSON, so CJK and Cyrillic text reaches PowerShell byte for byte.
    const b64 = Buffer.from(JSON.stringify(runs), 'utf8').toString('base64');
    const result = await h.snippet(
      `$runs = [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${b64}')) | ConvertFrom-Json
       $out = [ordered]@{}
       foreach ($p in $runs.PSObject.Properties) {
           $run = @{ exitCode = [int]$p.Value.exitCode; stdout = @($p.Value.stdout); stderr = @($p.Value.stderr) }
           $out[$p.Name] = ConvertFrom-StepReAgentInfo -Run $run
       }
       $out`,
    );
    expect(result.errors).toEqual([]);
    parsed = result.output[0] as Record<string, unknown>;
  });

  afterAll(async () => {
    await h.dispose();
  });

  it('parsed every run (the table covers every transcript)', () => {
    expect(Object.keys(parsed).sort()).toEqual(Object.keys(runs).sort());
    expect(files).toEqual(Object.keys(EXPECTED_INFO).sort());
  });

  it.each(Object.keys(runs))('%s', (name) => {
    const file = name.replace(/ \(.*\)$/, '');
    const want = { exitCode: 0, ...EXPECTED_INFO[file] };
    expect(parsed[name]).toEqual(want);
    expect(parseReAgentCInfo(runs[name]!)).toEqual(want);
  });
});

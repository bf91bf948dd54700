/**
 * reagentc output pasted from a real PC (machine.reagentc.transcript; docs/simulation.md "reagentc transcripts"):
 * the Korean and Japanese fixtures print their transcript's lines, each on its stream, with the machine's values in
 * the body, through real pwsh and the production seam Invoke-ReAgentC; both winre-fix parsers (the audit's
 * parseReAgentCInfo and the step scripts' ConvertFrom-StepReAgentInfo) read them without a localized label; and a
 * language with neither a built-in table nor a transcript is refused instead of silently printing English.
 */
import * as fs from 'node:fs';
import { parseReAgentCInfo } from '../../../src/domain/reagentc-info';
import type { SimulatedMachine } from '../../../src/contracts/generated/simulated-machine';
import { fixturePath, reusableHarness, type SimHarness } from '../../support/harness';

jest.setTimeout(120_000);

interface NativeResult {
  exitCode: number;
  stdout: string[];
  stderr: string[];
}

const fixture = (name: string): SimulatedMachine =>
  JSON.parse(fs.readFileSync(fixturePath(name), 'utf8')) as SimulatedMachine;

const reusable = reusableHarness();
const open = (m: SimulatedMachine): SimHarness => reusable.open(m);
afterAll(() => reusable.dispose());

async function reagentc(h: SimHarness, verb: string): Promise<NativeResult> {
  const res = await h.snippet(`Invoke-ReAgentC -Arguments @('${verb}')`);
  expect(res.errors).toEqual([]);
  return res.output[0] as NativeResult;
}

/** The step scripts' parser (ps-scripts/lib/StepCommon.ps1) over `run`, in the same pwsh. */
async function psParse(h: SimHarness, run: NativeResult): Promise<Record<string, unknown>> {
  const b64 = Buffer.from(JSON.stringify(run), 'utf8').toString('base64');
  const res = await h.snippet(
    `$r = [System.Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${b64}')) | ConvertFrom-Json; ` +
      `ConvertFrom-StepReAgentInfo -Run @{ exitCode = [int]$r.exitCode; stdout = @($r.stdout); stderr = @($r.stderr) }`,
  );
  expect(res.errors).toEqual([]);
  return res.output[0] as Record<string, unknown>;
}

const text = (lines: { text: string; stream: string }[], stream: string): string[] =>
  lines.filter((l) => l.stream === stream).map((l) => l.text);

describe.each([
  ['win11-reagentc-ko', 'REAGENTC.EXE: 작업이 완료되었습니다.', null],
  ['win11-24h2-reagentc-ja', 'REAGENTC.EXE: 操作は成功しました。', '10.0.26100.8235'],
])('%s: a pasted transcript', (name, success, version) => {
  const m = fixture(name);
  const transcript = m.reagentc.transcript!;
  const bcd = m.winre.bcdId;

  test('/info prints the transcript line for line, on its streams, with this machine values', async () => {
    const h = open(m);
    const r = await reagentc(h, '/info');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toEqual(text(transcript.info, 'stderr'));
    expect(r.stderr).toEqual([success]);
    const pasted = text(transcript.info, 'stdout');
    expect(r.stdout).toHaveLength(pasted.length);
    // Title, second line, blank lines and the labels (with their pasted padding) are kept; values are the machine's.
    expect(r.stdout.slice(0, 3)).toEqual(pasted.slice(0, 3));
    expect(r.stdout[3]).toBe(pasted[3]!.replace(/Enabled$/, 'Enabled'));
    expect(r.stdout[4]).toMatch(/\\\\\?\\GLOBALROOT\\device\\harddisk0\\partition4\\Recovery\\WindowsRE$/);
    expect(r.stdout[5]).toBe(pasted[5]!.replace(/[0-9a-f-]{36}$/, bcd));
    for (let i = 6; i < pasted.length; i++) {
      if (/\d+\.\d+\.\d+\.\d+$/.test(pasted[i]!))
        expect(r.stdout[i]).toBe(pasted[i]!.replace(/[\d.]+$/, version!));
      else expect(r.stdout[i]).toBe(pasted[i]);
    }
  });

  test('both winre-fix parsers read status, location, BCD id and version without a label', async () => {
    const h = open(m);
    const r = await reagentc(h, '/info');
    const expected = {
      status: 'Enabled',
      location: {
        diskNumber: 0,
        partitionNumber: 4,
        path: '\\\\?\\GLOBALROOT\\device\\harddisk0\\partition4\\Recovery\\WindowsRE',
      },
      bcdId: bcd,
      version,
    };
    expect(parseReAgentCInfo(r)).toEqual({ exitCode: 0, ...expected });
    expect(await psParse(h, r)).toEqual({ exitCode: 0, ...expected });
  });

  test('/disable and /enable print the pasted success output; /info follows the state', async () => {
    const h = open(m);
    const off = await reagentc(h, '/disable');
    expect(off).toEqual({ exitCode: 0, stdout: [], stderr: text(transcript.disable!, 'stderr') });
    const info = await reagentc(h, '/info');
    expect(parseReAgentCInfo(info)).toMatchObject({ status: 'Disabled', location: null });
    expect(await psParse(h, info)).toMatchObject({ status: 'Disabled', location: null });
    // The location line keeps its pasted label and padding, with nothing after it.
    expect(info.stdout[4]).toMatch(/^ {4}\S.*[:：] *$/);
    const on = await reagentc(h, '/enable');
    expect(on).toEqual({ exitCode: 0, stdout: [], stderr: text(transcript.enable!, 'stderr') });
    expect(parseReAgentCInfo(await reagentc(h, '/info'))).toMatchObject({ status: 'Enabled' });
  });

  test('a failure the transcript does not carry falls back to the en-US text (documented)', async () => {
    const h = open(m);
    await reagentc(h, '/disable');
    const again = await reagentc(h, '/disable');
    expect(again.exitCode).not.toBe(0);
    expect(again.stderr).toEqual(['REAGENTC.EXE: Windows RE is already disabled.']);
  });
});

test('a language with no built-in table and no transcript is a machine-file error, not English output', async () => {
  const m = fixture('win11-reagentc-ko');
  delete m.reagentc.transcript;
  const h = open(m);
  const res = await h.snippet(`Invoke-ReAgentC -Arguments @('/info')`);
  expect(JSON.stringify(res)).toMatch(/ko-KR' has no built-in text table/);
});

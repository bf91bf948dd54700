/**
 * The bridge against the real pwsh: parameters are data, never code, and results survive any noise.
 * Parameters travel as base64 of UTF-8 JSON (never interpolated: docs/reference/fleet-tools.md#passing-values-safely shows what interpolation does);
 * results come back as one nonce-tagged base64 frame.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BridgeProtocolError } from '../../../src/errors';
import { openBridge, type BridgeHarness, type Echo } from '../../bridge/helpers';

jest.setTimeout(120_000);

let dir: string;
let marker: string;
let bridge: BridgeHarness;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-bridge-'));
  marker = path.join(dir, 'marker.txt');
  bridge = openBridge({ env: { ...process.env, WINREFIX_TEST_MARKER: marker } });
});

afterAll(async () => {
  await bridge.session.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

afterEach(() => fs.rmSync(marker, { force: true }));

const echo = (text: string, extra: Record<string, unknown> = {}): Promise<Echo> =>
  bridge.runner.run<Echo>('Get-Echo', { Text: text, ...extra });

describe('parameters are data, never code', () => {
  // Each one would create the marker file if any layer interpolated it into PowerShell source.
  const attempts = (m: string): string[] => [
    `$(New-Item -ItemType File -Path '${m}')`,
    `$([System.IO.File]::WriteAllText('${m}', 'pwned'))`,
    `"; New-Item -ItemType File -Path '${m}'; "`,
    `'; New-Item -ItemType File -Path '${m}'; '`,
    `\`"; New-Item -ItemType File -Path '${m}' #`,
    `@(New-Item -ItemType File -Path '${m}')`,
    `\n New-Item -ItemType File -Path '${m}'\n`,
    `\r\nNew-Item -ItemType File -Path '${m}'\r\n`,
    `') ; [System.IO.File]::WriteAllText('${m}', 'x') ; ('`,
    `$env:WINREFIX_TEST_MARKER ${'$'}{env:WINREFIX_TEST_MARKER} %WINREFIX_TEST_MARKER%`,
    `<<<WINREFIX:${'0'.repeat(32)}:AAAA>>> ]]> --% & | > ${m}`,
  ];

  it.each(attempts('MARKER').map((a, i) => [i, a]))(
    'attempt %i round-trips byte-exact and runs nothing',
    async (_i, template) => {
      const text = String(template).replace(/MARKER/g, marker);
      const result = await echo(text);
      expect(result.text).toBe(text);
      expect(Buffer.from(result.text, 'utf8').equals(Buffer.from(text, 'utf8'))).toBe(true);
      expect(result.length).toBe(text.length);
      expect(fs.existsSync(marker)).toBe(false);
    },
  );

  it('the marker check can fail: a script that does write the marker is seen', async () => {
    // Positive control, so the "marker does not exist" assertions above are not vacuous.
    await bridge.runner.run('Invoke-Misbehave', { Mode: 'marker' });
    expect(fs.readFileSync(marker, 'utf8')).toBe('ran');
  });

  it('a parameter NAME carrying code is a binding error, not code', async () => {
    const key = `Text $(New-Item -ItemType File -Path '${marker}')`;
    await expect(bridge.runner.run('Get-Echo', { [key]: 'x' })).rejects.toMatchObject({
      name: 'ScriptFailedError',
      record: expect.objectContaining({
        fullyQualifiedErrorId: expect.stringContaining('NamedParameterNotFound'),
      }),
    });
    expect(fs.existsSync(marker)).toBe(false);
  });
});

describe('text round-trips byte-exact', () => {
  const samples: [string, string][] = [
    ['both quote kinds', `it's "quoted" and ‘curly’ “too”`],
    ['backticks and escapes', '`n `t `$ `` ` \\n \\ C:\\Recovery\\WindowsRE'],
    ['newlines, CR, tabs', 'a\nb\r\nc\rd\te\n\n'],
    [
      'NUL and every C0 control',
      Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('') + '\x7f',
    ],
    ['Chinese', '恢复分区太小，无法安装 Windows 更新'],
    ['German', 'Wiederherstellungspartition: Größe prüfen, Grüße aus Köln – ÄÖÜäöüß'],
    ['astral plane and combining marks', '😀 🇩🇪 e\u0301 \u200b\ufeff'],
    ['JSON-looking text', '{"ok":false,"script":"x","data":null}'],
    ['empty string', ''],
  ];
  it.each(samples)('%s', async (_label, text) => {
    const result = await echo(text);
    expect(result.text).toBe(text);
    expect(Buffer.from(result.text, 'utf8').equals(Buffer.from(text, 'utf8'))).toBe(true);
    // PowerShell's [string].Length counts UTF-16 code units, as JavaScript does.
    expect(result.length).toBe(text.length);
  });

  it('a result over 5 MB (UTF-8) round-trips intact', async () => {
    const unit = 'Grüße 中文 0x80070643 ';
    const repeat = Math.ceil((5 * 1024 * 1024) / Buffer.byteLength(unit, 'utf8'));
    const result = await echo(unit, { Repeat: repeat });
    expect(Buffer.byteLength(result.text, 'utf8')).toBeGreaterThanOrEqual(5 * 1024 * 1024);
    expect(result.text).toBe(unit.repeat(repeat));
    expect(result.length).toBe(unit.length * repeat);
  });
});

describe('noise cannot corrupt the result', () => {
  it('stderr, warnings, verbose, Write-Host, ANSI codes and a forged frame leave the JSON intact', async () => {
    const result = await echo('clean 中文', { Noise: true });
    expect(result).toEqual({ text: 'clean 中文', length: 'clean 中文'.length });
  });

  it('a script cannot see the call nonce through dynamic scoping', async () => {
    const result = await bridge.runner.run<Echo>('Invoke-Misbehave', { Mode: 'forge-visible' });
    expect(result).toEqual({ text: 'genuine', length: 7 });
  });

  it('a script that digs the nonce out on purpose gets a protocol error, never its forged data', async () => {
    await expect(bridge.runner.run('Invoke-Misbehave', { Mode: 'forge-deliberate' })).rejects.toThrow(
      BridgeProtocolError,
    );
    // The session itself is still fine.
    await expect(echo('after')).resolves.toEqual({ text: 'after', length: 5 });
  });

  it('all of the above ran in one PowerShell process', () => {
    expect(bridge.session.processStarts).toBe(1);
  });
});

/**
 * The bridge's wire protocol, against a fake shell (test/bridge/fake-shell.js) that can misbehave in ways a
 * real pwsh never does: no frame, a decoy frame, two frames, a frame that is not JSON, an envelope that breaks
 * schemas/envelope.schema.json, a hang. Also checks every line the session sends is one of the fixed forms.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PowerShellScriptRunner } from '../../../src/adapters/powershell/script-runner';
import { PowerShellSession } from '../../../src/adapters/powershell/session';
import {
  BridgeProtocolError,
  ContractViolationError,
  PowerShellConstrainedError,
  PowerShellUnavailableError,
  PowerShellExitedError,
  PowerShellTimeoutError,
} from '../../../src/errors';
import { projectRoot } from '../../../src/project-root';
import { addSchemaFolder } from '../../../src/schemas/validators';

jest.setTimeout(30_000);

const fake = path.join(projectRoot(), 'test', 'bridge', 'fake-shell.js');
let dir: string;
let logFile: string;
let session: PowerShellSession;
let runner: PowerShellScriptRunner;

beforeAll(() => {
  addSchemaFolder('test/bridge/schemas');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-fake-'));
  logFile = path.join(dir, 'lines.log');
  session = new PowerShellSession({
    location: { executable: fake, flavour: 'pwsh' },
    callTimeoutMs: 3_000,
    libraries: [{ name: 'Extra', source: 'function Get-Extra { 1 }' }],
    env: { ...process.env, FAKE_SHELL_LOG: logFile },
  });
  runner = new PowerShellScriptRunner(session, {
    readOnly: false,
    folder: 'test/bridge/ps-scripts',
    schemaFor: () => 'test-echo',
  });
});

afterAll(async () => {
  await session.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const call = (Reply: string, Text = 'x'): Promise<unknown> => runner.run('Get-Echo', { Reply, Text });

it('a good frame is decoded and validated; stderr noise does not matter', async () => {
  await expect(call('echo', 'hi')).resolves.toEqual({ text: 'hi', length: 2 });
  await expect(call('stderr-and-echo', 'ho')).resolves.toEqual({ text: 'ho', length: 2 });
});

it.each([
  ['no-frame', /0 result frames/],
  ['other-nonce', /0 result frames/],
  ['two-frames', /2 result frames/],
  ['not-json', /not valid JSON/],
])('%s is a BridgeProtocolError', async (reply, message) => {
  const error = await call(reply).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BridgeProtocolError);
  expect((error as Error).message).toMatch(message);
});

it.each(['bad-envelope', 'error-envelope-missing-fields'])(
  '%s is a ContractViolationError against the envelope schema',
  async (reply) => {
    const error = await call(reply).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractViolationError);
    expect(error).toMatchObject({ source: 'Get-Echo', schema: 'schemas/envelope.schema.json' });
  },
);

it('a hang is a PowerShellTimeoutError and the next call gets a fresh process', async () => {
  const before = session.processStarts;
  await expect(call('hang')).rejects.toThrow(PowerShellTimeoutError);
  await expect(call('echo', 'back')).resolves.toEqual({ text: 'back', length: 4 });
  expect(session.processStarts).toBe(before + 1);
});

it('an exit mid-call is a PowerShellExitedError and the next call gets a fresh process', async () => {
  const before = session.processStarts;
  await expect(call('exit')).rejects.toThrow(PowerShellExitedError);
  await expect(call('echo', 'again')).resolves.toEqual({ text: 'again', length: 5 });
  expect(session.processStarts).toBe(before + 1);
});

it('every line sent is a fixed form carrying only base64, hex and a checked name; parameters never appear', async () => {
  const secret = `INJECT $(whoami) '"; \n Grüße`;
  await expect(call('echo', secret)).resolves.toEqual({ text: secret, length: secret.length });
  const lines = fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean);
  const allowed = [
    /^'<<<WINREFIX-LANGUAGE:' \+ \$ExecutionContext\.SessionState\.LanguageMode \+ '>>>'$/, // the probe
    /^\[Console\]::(Out|Error)\.WriteLine\("[A-Za-z0-9]{16}"\)$/, // node-powershell's delimiters
    /^\$ErrorActionPreference='Stop'; \$ProgressPreference='SilentlyContinue'; /, // the fixed prelude
    /^\. \(\[ScriptBlock\]::Create\(\[System\.Text\.Encoding\]::UTF8\.GetString\(\[System\.Convert\]::FromBase64String\('[A-Za-z0-9+/=]+'\)\)\)\)$/,
    /^(Register-WinReFixScript|Import-WinReFixLibrary) -Name '[A-Za-z0-9-]+' -SourceB64 '[A-Za-z0-9+/=]*' -Nonce '[0-9a-f]{32}'$/,
    /^Invoke-WinReFixScript -Name '[A-Za-z0-9-]+' -ParamsB64 '[A-Za-z0-9+/=]*' -Nonce '[0-9a-f]{32}'$/,
  ];
  expect(lines.filter((l) => !allowed.some((re) => re.test(l)))).toEqual([]);
  expect(lines.some((l) => l.includes('INJECT'))).toBe(false);
  expect(lines.filter((l) => l.startsWith("Import-WinReFixLibrary -Name 'Extra'"))).not.toHaveLength(0);
});

it('a script name that is not a plain Verb-Noun never reaches the shell', async () => {
  await expect(runner.run("Get-Echo'; whoami; '")).rejects.toThrow(/Not a Verb-Noun script name/);
  await expect(session.runScript("Get-X'; whoami #", '', {})).rejects.toThrow(BridgeProtocolError);
});

describe('session start', () => {
  const start = (env: NodeJS.ProcessEnv): PowerShellSession =>
    new PowerShellSession({
      location: { executable: fake, flavour: 'pwsh' },
      libraries: [],
      callLimits: { sessionStart: 1_500 },
      env: { ...process.env, ...env },
    });

  it('a host that answers nothing is given up after the session-start limit, not a call limit (exit 25)', async () => {
    const session = start({ FAKE_SHELL_SILENT_AT_START: '1' });
    try {
      const error = await session.runScript('Get-Echo', '', {}, 60_000).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PowerShellUnavailableError);
      expect((error as Error).message).toMatch(/did not finish starting within 1\.5 s/);
      expect(session.processStarts).toBe(1);
    } finally {
      await session.dispose();
    }
  });

  it.each(['ConstrainedLanguage', 'RestrictedLanguage'])(
    'a host in %s is refused before any other line is sent',
    async (mode) => {
      const log = path.join(dir, `start-${mode}.log`);
      const session = start({ FAKE_SHELL_LANGUAGE: mode, FAKE_SHELL_LOG: log });
      try {
        const error = await session.runScript('Get-Echo', '', {}).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(PowerShellConstrainedError);
        expect((error as Error).message).toContain(`runs in ${mode} mode`);
        // Only the probe reached the host: no delimiter line, no prelude, no bridge.
        expect(fs.readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(1);
      } finally {
        await session.dispose();
      }
    },
  );
});

/**
 * Every way a script can fail becomes a typed error, and the session recovers (a fresh process when the old
 * one is gone or busy: docs/reference/fleet-tools.md#errors-and-timeouts-of-a-persistent-shell, node-powershell's own timeout leaves the shell busy).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  ContractViolationError,
  PowerShellExitedError,
  PowerShellTimeoutError,
  PowerShellUnavailableError,
  ScriptFailedError,
  ScriptForbiddenError,
} from '../../../src/errors';
import { locatePowerShell } from '../../../src/adapters/powershell/locate';
import { PowerShellSession } from '../../../src/adapters/powershell/session';
import { isAlive, openBridge, type BridgeHarness, type Echo } from '../../bridge/helpers';

jest.setTimeout(120_000);

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail, it succeeded');
}

describe('failures inside a script', () => {
  let bridge: BridgeHarness;
  beforeAll(() => (bridge = openBridge()));
  afterAll(() => bridge.session.dispose());

  const misbehave = (Mode: string, extra: Record<string, unknown> = {}): Promise<unknown> =>
    bridge.runner.run('Invoke-Misbehave', { Mode, ...extra });

  it('a thrown exception gives ScriptFailedError with message, category and FullyQualifiedErrorId', async () => {
    const error = await caught(misbehave('throw'));
    expect(error).toBeInstanceOf(ScriptFailedError);
    const failed = error as ScriptFailedError;
    expect(failed.script).toBe('Invoke-Misbehave');
    expect(failed.record).toMatchObject({
      message: 'disk went away',
      category: 'OperationStopped',
      fullyQualifiedErrorId: 'disk went away',
      exceptionType: 'System.IO.IOException',
    });
    expect(failed.record.scriptStackTrace).not.toBe('');
    expect(failed.message).toContain('disk went away');
  });

  it('Write-Error under Stop carries the cmdlet-style error id and category', async () => {
    const failed = (await caught(misbehave('write-error'))) as ScriptFailedError;
    expect(failed).toBeInstanceOf(ScriptFailedError);
    expect(failed.record).toMatchObject({
      message: 'Size Not Supported',
      category: 'InvalidArgument',
      fullyQualifiedErrorId: 'StorageWMI 4097,Resize-Partition',
    });
  });

  it('a schema violation names the script, the schema and the failing paths', async () => {
    const error = await caught(misbehave('bad-shape'));
    expect(error).toBeInstanceOf(ContractViolationError);
    const violation = error as ContractViolationError;
    expect(violation.source).toBe('Invoke-Misbehave');
    expect(violation.schema).toBe('schemas/test-echo.schema.json');
    expect(violation.failures).toEqual(
      expect.arrayContaining([
        { path: '/text', message: 'must be string' },
        { path: '', message: expect.stringContaining('(extra)') },
        { path: '', message: expect.stringContaining("'length'") },
      ]),
    );
    expect(violation.message).toContain('Invoke-Misbehave');
    expect(violation.message).toContain('schemas/test-echo.schema.json');
  });

  it('two objects on the output stream are refused with a clear error', async () => {
    const error = await caught(misbehave('two'));
    expect(error).toBeInstanceOf(ScriptFailedError);
    expect(error.message).toMatch(/emitted 2 objects .*exactly one is required/);
  });

  it('none of these failures cost the session its process', async () => {
    await expect(bridge.runner.run<Echo>('Get-Echo', { Text: 'still here' })).resolves.toEqual({
      text: 'still here',
      length: 10,
    });
    expect(bridge.session.processStarts).toBe(1);
  });
});

describe('the host process dies', () => {
  let bridge: BridgeHarness;
  beforeAll(() => (bridge = openBridge()));
  afterAll(() => bridge.session.dispose());

  it.each([
    ['calls exit', 'exit'],
    ['kills its own host', 'kill'],
  ])(
    'a script that %s gives PowerShellExitedError; the next call runs in a fresh process',
    async (_l, mode) => {
      await bridge.runner.run('Get-Echo', { Text: 'warm' });
      const before = bridge.session.processStarts;
      const oldPid = bridge.pids[bridge.pids.length - 1] as number;
      const error = await caught(bridge.runner.run('Invoke-Misbehave', { Mode: mode }));
      expect(error).toBeInstanceOf(PowerShellExitedError);
      expect(isAlive(oldPid)).toBe(false);
      await expect(bridge.runner.run<Echo>('Get-Echo', { Text: 'again' })).resolves.toEqual({
        text: 'again',
        length: 5,
      });
      expect(bridge.session.processStarts).toBe(before + 1);
      expect(bridge.pids[bridge.pids.length - 1]).not.toBe(oldPid);
    },
  );
});

describe('a call that does not answer in time', () => {
  let bridge: BridgeHarness;
  // Long enough for a cold start of pwsh on a busy machine, far shorter than the 600 s sleep.
  beforeAll(() => (bridge = openBridge({ callTimeoutMs: 8_000 })));
  afterAll(() => bridge.session.dispose());

  it('gives PowerShellTimeoutError, kills the busy process, and the next call works on a fresh one', async () => {
    await bridge.runner.run('Get-Echo', { Text: 'warm' });
    const oldPid = bridge.pids[0] as number;
    const error = await caught(bridge.runner.run('Invoke-Misbehave', { Mode: 'sleep', Seconds: 600 }));
    expect(error).toBeInstanceOf(PowerShellTimeoutError);
    expect((error as PowerShellTimeoutError).hint).toMatch(/re-read/);
    expect(isAlive(oldPid)).toBe(false);
    await expect(bridge.runner.run<Echo>('Get-Echo', { Text: 'next' })).resolves.toEqual({
      text: 'next',
      length: 4,
    });
    expect(bridge.session.processStarts).toBe(2);
  });
});

describe('a read-only runner', () => {
  let dir: string;
  let marker: string;
  let bridge: BridgeHarness;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-ro-'));
    marker = path.join(dir, 'marker.txt');
    bridge = openBridge({ readOnly: true, env: { ...process.env, WINREFIX_TEST_MARKER: marker } });
  });
  afterAll(async () => {
    await bridge.session.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a mutating verb before anything reaches PowerShell', async () => {
    const error = await caught(bridge.runner.run('Invoke-Misbehave', { Mode: 'marker' }));
    expect(error).toBeInstanceOf(ScriptForbiddenError);
    expect(fs.existsSync(marker)).toBe(false);
    expect(bridge.session.processStarts).toBe(0);
    expect(bridge.runner.invoked).toEqual([]);
  });

  it('refuses before even reading the script file (a name with no file is still ScriptForbiddenError)', async () => {
    await expect(bridge.runner.run('Remove-Everything')).rejects.toThrow(ScriptForbiddenError);
    await expect(bridge.runner.run('Set-Partition', { Size: 1 })).rejects.toThrow(ScriptForbiddenError);
  });

  it('still runs read-only verbs', async () => {
    await expect(bridge.runner.run<Echo>('Get-Echo', { Text: 'ro' })).resolves.toEqual({
      text: 'ro',
      length: 2,
    });
    expect(bridge.runner.invoked).toEqual(['Get-Echo']);
  });
});

describe('broken code before the script runs', () => {
  it('a script that does not parse is refused at registration with the parser error record', async () => {
    const bridge = openBridge();
    try {
      const envelope = await bridge.session.runScript('Get-Broken', 'if ($true) {', {});
      expect(envelope).toMatchObject({
        ok: false,
        script: 'Get-Broken',
        error: { fullyQualifiedErrorId: expect.stringMatching(/ParseException|MissingEndCurlyBrace/) },
      });
      // Still one healthy process.
      await expect(bridge.runner.run<Echo>('Get-Echo', { Text: 'ok' })).resolves.toEqual({
        text: 'ok',
        length: 2,
      });
      expect(bridge.session.processStarts).toBe(1);
    } finally {
      await bridge.session.dispose();
    }
  });

  it('a library that fails to load makes the session unavailable, naming the library, and leaves no process', async () => {
    const pids: number[] = [];
    const session = new PowerShellSession({
      location: locatePowerShell(),
      callTimeoutMs: 60_000,
      libraries: [{ name: 'Broken', source: "throw 'library exploded'" }],
      onProcessStart: (pid) => pid !== undefined && pids.push(pid),
    });
    try {
      const error = await caught(session.runScript('Get-Echo', 'param($Text) $Text', { Text: 'x' }));
      expect(error).toBeInstanceOf(PowerShellUnavailableError);
      expect(error.message).toMatch(/Library Broken failed to load: library exploded/);
      expect(pids).toHaveLength(1);
      expect(isAlive(pids[0] as number)).toBe(false);
    } finally {
      await session.dispose();
    }
  });
});

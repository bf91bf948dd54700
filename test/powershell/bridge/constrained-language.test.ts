/**
 * PowerShell in ConstrainedLanguage (App Control for Business / AppLocker script enforcement): the bridge's
 * [ScriptBlock]::Create and node-powershell's own [Console]::Out.WriteLine delimiters are refused there, so a call
 * never ended and the run hung for the whole per-call limit (30 minutes), then failed without saying why. The
 * session now asks the language mode first and refuses at once with PowerShellConstrainedError (exit 25).
 * The "PowerShell" here is test/bridge/constrained-pwsh: the real pwsh put into ConstrainedLanguage before the
 * session's first line. The time bounds are hang guards, not benchmarks.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { locatePowerShell } from '../../../src/adapters/powershell/locate';
import { PowerShellSession } from '../../../src/adapters/powershell/session';
import { main } from '../../../src/cli/main';
import { ExitCode } from '../../../src/contracts/exit-codes';
import { PowerShellConstrainedError } from '../../../src/errors';
import { projectRoot } from '../../../src/project-root';
import { tempMachine } from '../../support/harness';
import { silently } from '../../support/fix-runner';
import { isAlive } from '../../bridge/helpers';

jest.setTimeout(120_000);

const wrapper = path.join(projectRoot(), 'test', 'bridge', 'constrained-pwsh');
const HANG_GUARD_MS = 20_000;
const saved = { ps: process.env['WINREFIX_POWERSHELL'], real: process.env['WINREFIX_REAL_PWSH'] };

beforeAll(() => {
  process.env['WINREFIX_REAL_PWSH'] = locatePowerShell().executable;
});
afterAll(() => {
  for (const [key, value] of [
    ['WINREFIX_POWERSHELL', saved.ps],
    ['WINREFIX_REAL_PWSH', saved.real],
  ] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

function expectAdminMessage(text: string): void {
  expect(text).toMatch(/ConstrainedLanguage mode/);
  expect(text).toMatch(/App Control for Business \(WDAC\)/);
  expect(text).toMatch(/AppLocker/);
  // What the admin can do, and where Microsoft documents it.
  expect(text).toMatch(/audit mode or with option 11/);
  expect(text).toContain(
    'https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_language_modes',
  );
  expect(text).toMatch(/app-control-for-business\/design\/script-enforcement/);
}

it('the wrapper really gives a ConstrainedLanguage pwsh (else this file proves nothing)', () => {
  const r = spawnSync(wrapper, ['-NoProfile', '-NonInteractive', '-Command', '-'], {
    input: '$ExecutionContext.SessionState.LanguageMode\n',
    encoding: 'utf8',
    env: process.env,
    timeout: 60_000,
  });
  expect(r.stdout).toMatch(/ConstrainedLanguage/);
});

it('a session refuses within seconds with PowerShellConstrainedError naming the mode, the policy and the remedy', async () => {
  const pids: number[] = [];
  const session = new PowerShellSession({
    location: { executable: wrapper, flavour: 'pwsh' },
    libraries: [],
    onProcessStart: (pid) => pid !== undefined && pids.push(pid),
  });
  const started = Date.now();
  let error: unknown;
  try {
    await session.runScript('Get-Echo', 'param($Text) $Text', { Text: 'x' });
  } catch (e) {
    error = e;
  } finally {
    await session.dispose();
  }
  const elapsed = Date.now() - started;
  expect(error).toBeInstanceOf(PowerShellConstrainedError);
  const e = error as PowerShellConstrainedError;
  expectAdminMessage(e.message);
  expect(e.context['languageMode']).toBe('ConstrainedLanguage');
  expect(e.hint).toMatch(/signing the \.ps1 files alone/);
  expect(elapsed).toBeLessThan(HANG_GUARD_MS);
  // The refused process is gone.
  expect(pids).toHaveLength(1);
  expect(isAlive(pids[0] as number)).toBe(false);
});

describe.each([
  ['audit', ['--no-log']],
  ['fix', ['--yes', '--no-log', '--no-report', '--retry-pause-seconds', '0']],
])('`winre-fix %s` with a ConstrainedLanguage PowerShell', (command, extra) => {
  it('exits 25 (Environment) within seconds, saying why, and changes nothing', async () => {
    const machinePath = tempMachine('win11-gpt-small-winre-en');
    const before = fs.readFileSync(machinePath, 'utf8');
    process.env['WINREFIX_POWERSHELL'] = wrapper;
    const started = Date.now();
    try {
      const run = await silently(() => main([command, '--simulate', machinePath, ...extra]));
      const elapsed = Date.now() - started;
      expect(run.value).toBe(ExitCode.Environment);
      expectAdminMessage(run.stdout + run.stderr);
      expect(elapsed).toBeLessThan(HANG_GUARD_MS);
      expect(fs.readFileSync(machinePath, 'utf8')).toBe(before);
    } finally {
      delete process.env['WINREFIX_POWERSHELL'];
      fs.rmSync(path.dirname(machinePath), { recursive: true, force: true });
    }
  });
});

/**
 * The compiled .NET stand-ins (simulator/55-DotNet.ps1) are loaded from a cache folder only when this account owns
 * it and nobody else may write to it: another account must not be able to plant an assembly a session loads. An
 * unsafe folder is left alone and the stand-ins are compiled in memory instead (the session still works).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { locatePowerShell } from '../../../src/adapters/powershell/locate';
import { simulatorLibrary } from '../../../src/simulation/simulator-library';
import { fixturePath } from '../../support/harness';

jest.setTimeout(120_000);

let work: string;
beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-dotnet-cache-'));
  fs.writeFileSync(path.join(work, 'simulator.ps1'), simulatorLibrary().source);
  fs.writeFileSync(
    path.join(work, 'probe.ps1'),
    [
      "New-Module -Name 'WinReFix.Simulator' -ScriptBlock ([ScriptBlock]::Create([System.IO.File]::ReadAllText($args[0]))) | Import-Module -DisableNameChecking",
      '[Console]::Out.WriteLine((& ([scriptblock]::Create(\'[System.IO.File].FullName + " " + [Environment]::SystemDirectory\'))))',
    ].join('\n'),
  );
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function load(cacheHome: string): string {
  const machine = path.join(work, 'machine.json');
  fs.copyFileSync(fixturePath('win10-22h2-gpt-small-winre'), machine);
  const env: NodeJS.ProcessEnv = { ...process.env, WINREFIX_SIM_MACHINE: machine, XDG_CACHE_HOME: cacheHome };
  delete env['WINREFIX_SIM_HOST'];
  const r = spawnSync(
    locatePowerShell().executable,
    [
      '-NoProfile',
      '-NonInteractive',
      '-File',
      path.join(work, 'probe.ps1'),
      path.join(work, 'simulator.ps1'),
    ],
    { encoding: 'utf8', env },
  );
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
  return r.stdout.trim();
}

test('a safe cache folder is created 0700 and holds the compiled stand-ins', () => {
  const home = fs.mkdtempSync(path.join(work, 'safe-'));
  expect(load(home)).toBe('WinReFixSim.File C:\\Windows\\system32');
  const folder = path.join(home, 'winre-fix-sim');
  expect(fs.statSync(folder).mode & 0o777).toBe(0o700);
  expect(fs.readdirSync(folder).filter((f) => /^WinReFixSim-[0-9a-f]{24}\.dll$/.test(f))).toHaveLength(1);
});

test('a cache folder others may write to is not used: compiled in memory, nothing written there', () => {
  const home = fs.mkdtempSync(path.join(work, 'unsafe-'));
  const folder = path.join(home, 'winre-fix-sim');
  fs.mkdirSync(folder);
  fs.chmodSync(folder, 0o777);
  expect(load(home)).toBe('WinReFixSim.File C:\\Windows\\system32');
  expect(fs.readdirSync(folder)).toEqual([]);
});

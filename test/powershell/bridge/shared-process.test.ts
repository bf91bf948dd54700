/**
 * SharedPowerShellProcess (tests only: the power-cut matrix replays each crash state with a new run) must give a
 * borrowing session a process that holds nothing of the previous run: the proof is that the footprint of a
 * reset process - global variables, functions, aliases, modules and the simulator's own state, preferences,
 * environment, location, errors - equals the footprint of a brand-new process, after a run that changed all of
 * them on purpose.
 */
import { SharedPowerShellProcess } from '../../../src/adapters/powershell/shared-process';
import { openSimHarness, type SimHarness } from '../../support/harness';

jest.setTimeout(120_000);

const FOOTPRINT = `
$names = { param($items) @($items | ForEach-Object { [string]$_.Name } | Sort-Object) }
$simulator = Get-Module -Name 'WinReFix.Simulator'
[ordered]@{
  variables   = & $names (Get-Variable -Scope Global)
  functions   = & $names (Get-ChildItem -Path 'function:')
  aliases     = & $names (Get-ChildItem -Path 'alias:')
  modules     = & $names (Get-Module)
  simulator   = @(& $simulator { Get-Variable -Scope Script | ForEach-Object { $type = 'null'; if ($null -ne $_.Value) { $type = $_.Value.GetType().FullName }; $_.Name + ':' + $type + '=' + [string]$_.Value } } | Sort-Object)
  preferences = @(Get-Variable -Scope Global | Where-Object { $_.Name -like '*Preference' } | ForEach-Object { $_.Name + '=' + [string]$_.Value } | Sort-Object)
  defaults    = $global:PSDefaultParameterValues.Count
  environment = @(Get-ChildItem -Path 'env:' | ForEach-Object { $_.Name + '=' + $_.Value } | Sort-Object)
  location    = (Get-Location).Path
  directory   = [Environment]::CurrentDirectory
  errors      = $global:Error.Count
} | ConvertTo-Json -Depth 4 -Compress
`;

// A run that leaves a mark everywhere a session can hold one.
const LITTER = `
$global:WinReFixLeak = 'from the previous run'
function global:Get-WinReFixLeak { 'leak' }
Set-Alias -Name wrfleak -Value Get-Date -Scope Global
$env:WINREFIX_LEAK = 'x'
Set-Location -LiteralPath ([IO.Path]::GetTempPath())
[Environment]::CurrentDirectory = [IO.Path]::GetTempPath()
$global:ErrorActionPreference = 'Continue'
$global:WarningPreference = 'Stop'
$global:PSDefaultParameterValues['Get-Disk:Number'] = 9
New-Module -Name WinReFix.Leak -ScriptBlock { function Get-WinReFixLeak2 { 2 } } | Import-Module -Global
& (Get-Module -Name 'WinReFix.Simulator') { $script:SimLeak = 'cached machine' }
[void]$global:Error.Add((New-Object System.Management.Automation.ErrorRecord ([Exception]'left behind'), 'Leak', 'NotSpecified', $null))
'littered'
`;

async function footprint(h: SimHarness): Promise<unknown> {
  const r = await h.snippet(FOOTPRINT);
  expect(r.errors).toEqual([]);
  // What differs between two processes by design: their process id (the simulator's host folder, the session pid
  // the simulated programs signal). Environment names are sorted ordinally: PowerShell's Sort-Object ignores case
  // and would leave the order of names that differ only in case (a Linux host's http_proxy / HTTP_PROXY) to chance.
  const text = String(r.output[0])
    .replace(/winre-fix-sim-host-\d+/g, 'winre-fix-sim-host-<pid>')
    .replace(/WINREFIX_SIM_SESSION_PID=\d+/g, 'WINREFIX_SIM_SESSION_PID=<pid>');
  const print = JSON.parse(text) as { environment: string[] };
  print.environment.sort();
  // Each harness has its own copy of the machine: the one difference allowed, and it must be this session's.
  const own = `WINREFIX_SIM_MACHINE=${h.machinePath}`;
  expect(print.environment).toContain(own);
  print.environment = print.environment.map((e) => (e === own ? 'WINREFIX_SIM_MACHINE=<own>' : e));
  return print;
}

describe('a shared PowerShell process lent to consecutive sessions', () => {
  it('comes back to a borrower exactly as a new process would be', async () => {
    const fresh = openSimHarness('win11-gpt-small-winre-zh');
    const shared = new SharedPowerShellProcess();
    try {
      // Same machine path for the comparison: the environment then has to match to the byte.
      const first = openSimHarness(fresh.machinePath, { shared });
      const reference = await footprint(fresh);
      expect(await footprint(first)).toEqual(reference);
      expect((await first.snippet(LITTER)).output).toEqual(['littered']);
      expect(await footprint(first)).not.toEqual(reference);
      await first.dispose();

      const second = openSimHarness(fresh.machinePath, { shared });
      const after = await footprint(second);
      await second.dispose();
      expect(shared.processStarts).toBe(1); // it really was the same process
      expect(after).toEqual(reference);
    } finally {
      await shared.dispose();
      await fresh.dispose();
    }
  });

  it('gives each borrower its own machine file, and a process that died is replaced', async () => {
    const shared = new SharedPowerShellProcess();
    try {
      const a = openSimHarness('win11-gpt-small-winre-zh', { shared });
      const b = openSimHarness('server2022-bios-mbr', { shared });
      const envOf = async (h: SimHarness) => (await h.snippet('$env:WINREFIX_SIM_MACHINE')).output;
      expect(await envOf(a)).toEqual([a.machinePath]);
      // b cannot borrow while a holds the process: it starts its own, which is not shared.
      expect(await envOf(b)).toEqual([b.machinePath]);
      expect(shared.processStarts).toBe(1);
      await a.dispose();
      await b.dispose();
      const c = openSimHarness('server2022-bios-mbr', { shared });
      expect(await envOf(c)).toEqual([c.machinePath]);
      expect(shared.processStarts).toBe(1);
      // A simulated power cut ends the process: the next borrower gets a new one.
      await c.snippet('[Environment]::Exit(29)').catch(() => undefined);
      await c.dispose();
      const d = openSimHarness('win11-gpt-small-winre-zh', { shared });
      expect(await envOf(d)).toEqual([d.machinePath]);
      expect(shared.processStarts).toBe(2);
      await d.dispose();
    } finally {
      await shared.dispose();
    }
  });
});

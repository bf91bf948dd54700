/**
 * Conformance (issue 13 item 6, case-insensitive environment names): a script reads and writes the environment in
 * any casing and sees what Windows shows it: one variable per name, in the casing it was first set with, whatever
 * casing $env:, Get-Item, Set-Item, New-Item, Remove-Item, Clear-Item, Get-Content and Test-Path use
 * (https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_environment_variables,
 * https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_environment_provider).
 * The script is scripts/env-casing.ps1 (written here, not copied). On the simulator before the Env: drive of
 * simulator/51-Environment.ps1, `$env:sYsTeMrOoT` was empty (the script stopped at its first line) and
 * Get-ChildItem Env: listed TEMP as TEMP, Temp and temp.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openSimHarness, type SimHarness } from '../../support/harness';

jest.setTimeout(120_000);

const posix = process.platform !== 'win32';
const describePosix = posix ? describe : describe.skip;

let h: SimHarness | undefined;
beforeAll(() => {
  h = openSimHarness('win11-bitlocker-tpm');
});
afterAll(async () => {
  await h?.dispose();
});

async function snippet(code: string, errors: unknown[] = []): Promise<unknown[]> {
  const r = await h!.snippet(code);
  expect(r.errors).toEqual(errors);
  return r.output;
}

describePosix('environment names are case-insensitive, as on Windows', () => {
  test('a script that reads and writes the environment in any casing sees one variable per name', async () => {
    const script = path.join(__dirname, 'scripts', 'env-casing.ps1');
    // New-Item of a name that exists in another casing fails as on Windows (SessionStateProviderBase.NewItem); the
    // script asks for it with -ErrorAction SilentlyContinue, so it is in $Error and nothing stops.
    const [result] = await snippet(`& '${script.replace(/'/g, "''")}'`, [
      {
        category: 'InvalidArgument',
        details: '',
        exceptionType: 'System.Management.Automation.PSArgumentException',
        fullyQualifiedErrorId: 'Argument,Microsoft.PowerShell.Commands.NewItemCommand',
        message: "The item at path 'CONTOSO_LOGLEVEL' already exists.",
      },
    ]);
    expect(result).toEqual({
      logFolder: 'C:\\Windows\\Logs\\WinRE',
      temp: 'C:\\Windows\\TEMP',
      programFilesX86: 'C:\\Program Files (x86)',
      computerName: 'DESKTOP-6B1AHSP',
      testPathOddCasing: true,
      // Get-Item answers with the name as the variable is stored (EnvironmentProvider's table lookup).
      itemName: 'COMPUTERNAME',
      windirListedAs: ['windir'],
      tempListed: 1,
      duplicateNames: [],
      stageRead: 'backup',
      // Set in another casing, the variable keeps the casing it was created with.
      stageItemName: 'WinReFix_Stage',
      stageItemValue: 'shrink',
      stageContent: 'enable',
      stageListed: ['WinReFix_Stage'],
      stageGone: true,
      newItemError: ["The item at path 'CONTOSO_LOGLEVEL' already exists."],
      logLevel: 'Verbose',
      logLevelGone: true,
      tagGone: true,
      // REG_EXPAND_SZ is expanded with Windows' case-insensitive names; an unknown %name% stays as written.
      registryLogDir: 'C:\\Windows\\Logs\\%Contoso_Unset%',
      missing: true,
      // DEVIATION (docs/simulation-windows.md "System facts"): Path is the Linux PATH, one variable named PATH.
      pathSame: true,
      pathListed: 1,
    });
  });

  test('each Windows variable is set once, in its Windows casing, and programs started from the session inherit it', async () => {
    const [names] = await snippet(
      ",@(Get-ChildItem Env: | Where-Object { @('TEMP', 'SystemRoot', 'ProgramData', 'windir', 'COMPUTERNAME') -contains $_.Name } | ForEach-Object { $_.Name } | Sort-Object)",
    );
    expect(names).toEqual(['COMPUTERNAME', 'ProgramData', 'SystemRoot', 'TEMP', 'windir']);
    // The real process environment (what a child process gets) holds the one casing, nothing else.
    const [real] = await snippet(
      ",@([System.Environment]::GetEnvironmentVariables().Keys | Where-Object { $_ -eq 'temp' -or $_ -eq 'systemroot' } | Sort-Object)",
    );
    expect(real).toEqual(['SystemRoot', 'TEMP']);
    const [child] = await snippet(
      "$env:Contoso_Child = 'from-parent'; & sh -c 'printf %s \"$Contoso_Child|$TEMP\"'",
    );
    expect(child).toBe('from-parent|C:\\Windows\\TEMP');
  });

  test('an empty value is a value, as PowerShell 7.5+ keeps it; $null removes the variable', async () => {
    // https://learn.microsoft.com/dotnet/core/compatibility/core-libraries/9.0/empty-env-variable (Windows
    // PowerShell 5.1, on .NET Framework, removes the variable instead).
    const [r] = await snippet(
      "$env:Contoso_Empty = ''; $a = Test-Path Env:\\CONTOSO_EMPTY; $env:contoso_empty = $null; [pscustomobject]@{ empty = $a; removed = -not (Test-Path Env:\\Contoso_Empty) }",
    );
    expect(r).toEqual({ empty: true, removed: true });
  });

  test('the simulated programs started by the script still find their machine (WINREFIX_SIM_* through the drive)', async () => {
    const [code] = await snippet('$null = & reagentc.exe /info; $LASTEXITCODE');
    expect(code).toBe(0);
  });

  test('the compiled drive is cached beside the simulated programs, so a later process does not compile it again', async () => {
    const [bin] = await snippet('$env:WINREFIX_SIM_BIN');
    const cached = fs.readdirSync(String(bin)).filter((f) => /^SimEnvironment-[0-9a-f]{16}\.dll$/.test(f));
    expect(cached).toHaveLength(1);
  });
});

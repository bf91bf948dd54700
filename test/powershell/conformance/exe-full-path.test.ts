/**
 * Conformance (issue 13, item 5): scripts that start reagentc, diskpart, dism, defrag and cmd by their FULL Windows
 * path (`& C:\Windows\System32\reagentc.exe`, `"$env:SystemRoot\System32\ReAgentc.exe"`, Start-Process -FilePath,
 * ProcessStartInfo.FileName, [Diagnostics.Process]::Start, Get-Command, Test-Path) reach the simulated programs as
 * they reach System32 on Windows (docs/simulation.md "Executables"). Before, each of these failed on the simulated
 * PC ("The term 'C:\Windows\System32\reagentc.exe' is not recognized", Test-Path $false, "No such file or
 * directory" from Process.Start). The script is scripts/exe-full-path.ps1 (written here, not copied).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expectCutInProgramEndsSession, reusableHarness, type SimHarness } from '../../support/harness';
import { gptMachine } from '../simulator/machines';
import type { SimulatedMachine } from '../../../src/contracts/generated/simulated-machine';

jest.setTimeout(300_000);

const posix = process.platform !== 'win32';
const describePosix = posix ? describe : describe.skip;

const reusable = reusableHarness();
const open = (m: SimulatedMachine): SimHarness => reusable.open(m);
afterAll(() => reusable.dispose());

describePosix('the simulated programs by their full path in System32', () => {
  test('every way of naming C:\\Windows\\System32\\<program> runs the simulated program; reagentc /disable by full path disables WinRE', async () => {
    const s = open(gptMachine());
    const res = await s.snippet(
      fs.readFileSync(path.join(__dirname, 'scripts', 'exe-full-path.ps1'), 'utf8'),
    );
    expect(res.errors).toEqual([]);
    expect(res.output).toHaveLength(1);
    const r = res.output[0] as Record<string, unknown>;
    // The file exists as on Windows; a 64-bit process has no Sysnative.
    expect(r['testPath']).toBe(true);
    expect(r['testPathLiteral']).toBe(true);
    expect(r['sysnative']).toBe(false);
    expect(r['itemName']).toBe('ReAgentc.exe');
    expect(Number(r['itemLength'])).toBeGreaterThan(0);
    expect(r['listed']).toEqual(
      expect.arrayContaining(['cmd.exe', 'Defrag.exe', 'diskpart.exe', 'Dism.exe', 'ReAgentc.exe']),
    );
    // Only the programs: not what else shares their host folder (the Env: drive's compiled provider is cached
    // there; copying it once raced with a process writing it).
    expect((r['listed'] as string[]).filter((n) => /\.(dll|tmp|ps1)$/i.test(n))).toEqual([]);
    expect(r['commandType']).toBe('Application');
    expect(r['dotnetExists']).toBe(true);
    expect(r['systemDirectoryExists']).toBe(true);
    // reagentc /info, its real text, by each route.
    expect(r['literalFirst']).toBe(
      'Windows Recovery Environment (Windows RE) and system reset configuration',
    );
    for (const how of ['literal', 'systemRoot', 'windir', 'systemDirectory', 'startProcess', 'psi', 'cmd']) {
      expect([how, r[`${how}Code`], r[`${how}Status`]]).toEqual([how, 0, 'Enabled']);
    }
    expect(r['diskpartCode']).toBe(0);
    expect(r['diskpartVolume0']).toMatch(/^\s*Volume 0\s+C\s+Windows\s+NTFS\s+Partition/);
    expect([r['dismCode'], r['dismLast']]).toEqual([0, 'The operation completed successfully.']);
    expect([r['defragCode'], r['defragLast']]).toEqual([0, 'The operation completed successfully.']);
    // The change reached the machine file, not only the program's output.
    expect(r['disableCode']).toBe(0);
    expect(r['statusAfter']).toBe('Disabled');
    expect(s.machine<SimulatedMachine>().winre.status).toBe('Disabled');
    expect(r['errorCount']).toBe(0);
  });

  test('the program files are read-only to the script as Windows Resource Protection makes them: Remove-Item, Set-Content and [IO.File] writes are denied, a copy is allowed', async () => {
    const s = open(gptMachine());
    const res = await s.snippet(`
      Remove-Item -Path "$env:SystemRoot\\System32\\reagentc.exe" -ErrorAction SilentlyContinue -ErrorVariable removeErr
      Set-Content -Path C:\\Windows\\System32\\diskpart.exe -Value 'x' -ErrorAction SilentlyContinue -ErrorVariable setErr
      $dotnet = try { [System.IO.File]::WriteAllText('C:\\Windows\\System32\\Dism.exe', 'x'); 'written' } catch { $_.Exception.InnerException.GetType().FullName }
      Copy-Item -Path C:\\Windows\\System32\\ReAgentc.exe -Destination C:\\Windows\\Temp\\ReAgentc.exe
      $null = & C:\\Windows\\System32\\reagentc.exe /info
      [ordered]@{
        remove = [string]$removeErr[0].FullyQualifiedErrorId; set = [string]$setErr[0].FullyQualifiedErrorId; dotnet = $dotnet
        exists = Test-Path C:\\Windows\\System32\\reagentc.exe; copied = (Get-Item C:\\Windows\\Temp\\ReAgentc.exe).Length
        code = $LASTEXITCODE
      }
    `);
    const r = res.output[0] as Record<string, unknown>;
    expect(r['remove']).toBe(
      'RemoveFileSystemItemUnAuthorizedAccess,Microsoft.PowerShell.Commands.RemoveItemCommand',
    );
    expect(r['set']).toBe(
      'GetContentWriterUnauthorizedAccessError,Microsoft.PowerShell.Commands.SetContentCommand',
    );
    expect(r['dotnet']).toBe('System.UnauthorizedAccessException');
    expect(r['exists']).toBe(true);
    expect(Number(r['copied'])).toBeGreaterThan(0);
    expect(r['code']).toBe(0);
    const files = s
      .machine<SimulatedMachine>()
      .disks.flatMap((d) => d.partitions.flatMap((p) => (p.volume?.files ?? []).map((f) => f.path)));
    expect(files).toContain('\\Windows\\Temp\\ReAgentc.exe');
    expect(files.filter((f) => /\\System32\\[^\\]+\.exe$/i.test(f))).toEqual([]);
  });

  test('the stray check still reports files an unshadowed command writes into C:\\, C:\\Windows and C:\\Windows\\System32, and leaves the programs', async () => {
    const s = open(gptMachine());
    const res = await s.snippet(`
      Get-Process -Id $PID | Select-Object Id | Export-Csv -Path C:\\inventory.csv
      Get-Process -Id $PID | Select-Object Id | Export-Csv -Path C:\\Windows\\System32\\inventory.csv
      'x' | Tee-Object -FilePath C:\\WINDOWS\\system32\\tee.log | Out-Null
      'y' | Tee-Object -FilePath C:\\windows\\setup.log | Out-Null
      $report = try { $null = Test-Path C:\\; 'no report' } catch { $_.Exception.Message }
      $again = try { $null = Test-Path C:\\; 'no report' } catch { $_.Exception.Message }
      $null = & C:\\Windows\\System32\\reagentc.exe /info
      [ordered]@{ report = $report; again = $again; code = $LASTEXITCODE; exists = Test-Path C:\\Windows\\System32\\reagentc.exe }
    `);
    expect(res.output).toHaveLength(1);
    const r = res.output[0] as Record<string, unknown>;
    const report = String(r['report']);
    expect(report).toContain('was written outside the simulated disks');
    for (const name of [
      "'C:\\inventory.csv'",
      "'C:\\Windows\\System32\\inventory.csv'",
      "'C:\\Windows\\System32\\tee.log'",
      "'C:\\Windows\\setup.log'",
    ]) {
      expect(report).toContain(name);
    }
    // Reported once (moved aside), and nothing of ours was taken for a stray.
    expect(report).not.toMatch(/reagentc|System32'|'C:\\Windows'|'C:\\WINDOWS'/i);
    expect(r['again']).toBe('no report');
    expect(r['code']).toBe(0);
    expect(r['exists']).toBe(true);
  });
});

describePosix('a power cut inside a program started by its full path ends the whole simulated PC', () => {
  it.each([
    ['& C:\\Windows\\System32\\reagentc.exe', '& C:\\Windows\\System32\\reagentc.exe /disable | Out-Null'],
    [
      '[Diagnostics.Process]::Start',
      "[System.Diagnostics.Process]::Start('C:\\Windows\\System32\\reagentc.exe', '/disable').WaitForExit()",
    ],
  ])('%s: the session PowerShell ends with the power-cut code, the machine keeps the cut', (_how, code) =>
    expectCutInProgramEndsSession(gptMachine(), code),
  );
});

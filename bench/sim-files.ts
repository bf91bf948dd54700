/**
 * Simulator file layer benchmark: what the host side of the simulated disks (Sync-SimFsHost: PowerShell drives
 * for the letters, stray-write check) adds to every Read-SimMachine, the call every simulated command starts
 * with. Times N reads with it and N with it replaced by a no-op, in one pwsh on a fixture. Prints figures;
 * asserts nothing. Run: npx tsx bench/sim-files.ts [fixture] [reads]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { locatePowerShell } from '../src/adapters/powershell/locate';
import { projectRoot } from '../src/project-root';
import { simulatorLibrary } from '../src/simulation/simulator-library';
import { simulatedProgramsFolder } from '../src/simulation/executables';

const fixture = process.argv[2] ?? 'win10-22h2-gpt-small-winre';
const reads = Number(process.argv[3] ?? 200);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-bench-files-'));
try {
  const machine = path.join(dir, 'machine.json');
  fs.copyFileSync(path.join(projectRoot(), 'test', 'fixtures', 'machines', `${fixture}.json`), machine);
  const library = path.join(dir, 'simulator.ps1');
  fs.writeFileSync(library, simulatorLibrary().source);
  const code = [
    `New-Module -Name WinReFix.Simulator -ScriptBlock ([ScriptBlock]::Create([IO.File]::ReadAllText('${library}'))) | Import-Module -Global -DisableNameChecking`,
    '$null = Read-SimMachine',
    `$with = (Measure-Command { for ($i = 0; $i -lt ${reads}; $i++) { $null = Read-SimMachine } }).TotalMilliseconds`,
    '& (Get-Module WinReFix.Simulator) { Set-Item -Path function:script:Sync-SimFsHost -Value { param($Machine, [switch] $NoStrayCheck) } }',
    `$without = (Measure-Command { for ($i = 0; $i -lt ${reads}; $i++) { $null = Read-SimMachine } }).TotalMilliseconds`,
    '"{0:N3} {1:N3}" -f ($with / ' + reads + '), ($without / ' + reads + ')',
  ].join('; ');
  const pwsh = locatePowerShell();
  // As in a session: the simulated programs exist, so the system drive's host folder holds Windows\System32.
  const programs = simulatedProgramsFolder(simulatorLibrary().source, pwsh.executable);
  const r = spawnSync(pwsh.executable, ['-NoProfile', '-NonInteractive', '-Command', code], {
    env: {
      ...process.env,
      WINREFIX_SIM_MACHINE: machine,
      ...(programs ? { WINREFIX_SIM_BIN: programs } : {}),
    },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr || r.stdout);
  const [withSync, withoutSync] = r.stdout.trim().split(/\s+/).map(Number);
  console.log(`fixture ${fixture}, ${reads} reads of the machine file`);
  console.log(`Read-SimMachine with the host sync:    ${withSync} ms per call`);
  console.log(`Read-SimMachine without the host sync: ${withoutSync} ms per call`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}

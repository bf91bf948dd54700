/**
 * Reboots a simulated machine: a short pwsh of its own loads the simulator (simulator/*.ps1, the same module the
 * session loads) and runs Invoke-SimReboot against the machine file (renumbering, disk numbers, BitLocker
 * suspension count; docs/simulation.md). Simulation only: a real run reboots through Windows.
 */
import { spawn } from 'node:child_process';
import { PowerShellExitedError } from '../errors';
import { locatePowerShell, type PowerShellLocation } from '../adapters/powershell/locate';
import { assertValid } from '../schemas/validators';
import type { SimulatedReboot } from '../contracts/generated/simulated-reboot';
import { simulatorLibrary } from './simulator-library';

export type { SimulatedReboot };

const FRAME = '<<<WINREFIX-REBOOT>>>';

export async function rebootSimulatedMachine(
  machinePath: string,
  options: { location?: PowerShellLocation } = {},
): Promise<SimulatedReboot> {
  const [result] = await rebootSimulatedMachines([machinePath], options);
  return result!;
}

/**
 * Reboots several machine files, one after the other, in ONE pwsh (each reboot only rewrites its own file, so
 * the power-cut matrix pays one PowerShell start for a whole batch instead of one per state).
 */
export async function rebootSimulatedMachines(
  machinePaths: readonly string[],
  options: { location?: PowerShellLocation } = {},
): Promise<SimulatedReboot[]> {
  if (machinePaths.length === 0) return [];
  const location = options.location ?? locatePowerShell();
  const b64 = Buffer.from(simulatorLibrary().source, 'utf8').toString('base64');
  const list = Buffer.from(JSON.stringify(machinePaths), 'utf8').toString('base64');
  // One line on stdin (the source is far beyond a command-line argument's limit), base64 only: nothing to escape.
  const line =
    "$ErrorActionPreference='Stop'; " +
    `$s=[Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${b64}')); ` +
    'New-Module -Name WinReFix.Simulator -ScriptBlock ([ScriptBlock]::Create($s)) | Import-Module -DisableNameChecking; ' +
    `foreach ($m in @(ConvertFrom-Json -InputObject ([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${list}'))))) { ` +
    '$env:WINREFIX_SIM_MACHINE = $m; $r = Invoke-SimReboot; ' +
    `[Console]::Out.WriteLine('${FRAME}' + (ConvertTo-Json -InputObject $r -Depth 8 -Compress)) }; exit 0\n`;
  const args = ['-NoProfile', '-NonInteractive'];
  if (location.flavour === 'windows-powershell') args.push('-ExecutionPolicy', 'Bypass');
  args.push('-Command', '-');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NO_COLOR: '1',
    POWERSHELL_TELEMETRY_OPTOUT: '1',
  };
  delete env['WINREFIX_SIM_MACHINE'];
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      const child = spawn(location.executable, args, { env, windowsHide: true });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
      child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
      child.on('error', reject);
      child.on('close', (c) => resolve({ code: c, stdout: out, stderr: err }));
      child.stdin.end(line);
    },
  );
  const framed = stdout.split(/\r?\n/).filter((l) => l.startsWith(FRAME));
  if (code !== 0 || framed.length !== machinePaths.length) {
    throw new PowerShellExitedError(
      `The simulated reboot failed (exit code ${String(code)}, ${framed.length} of ${machinePaths.length} machines).`,
      { context: { stderr: stderr.slice(-2000), stdout: stdout.slice(-2000) } },
    );
  }
  return framed.map((f) =>
    assertValid<SimulatedReboot>('simulated-reboot', JSON.parse(f.slice(FRAME.length)), 'Invoke-SimReboot'),
  );
}

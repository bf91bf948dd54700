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
  const location = options.location ?? locatePowerShell();
  const b64 = Buffer.from(simulatorLibrary().source, 'utf8').toString('base64');
  // One line on stdin (the source is far beyond a command-line argument's limit), base64 only: nothing to escape.
  const line =
    "$ErrorActionPreference='Stop'; " +
    `$s=[Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${b64}')); ` +
    'New-Module -Name WinReFix.Simulator -ScriptBlock ([ScriptBlock]::Create($s)) | Import-Module -DisableNameChecking; ' +
    `$r = Invoke-SimReboot; [Console]::Out.WriteLine('${FRAME}' + (ConvertTo-Json -InputObject $r -Depth 8 -Compress)); exit 0\n`;
  const args = ['-NoProfile', '-NonInteractive'];
  if (location.flavour === 'windows-powershell') args.push('-ExecutionPolicy', 'Bypass');
  args.push('-Command', '-');
  const env = {
    ...process.env,
    WINREFIX_SIM_MACHINE: machinePath,
    NO_COLOR: '1',
    POWERSHELL_TELEMETRY_OPTOUT: '1',
  };
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
  const framed = stdout.split(/\r?\n/).find((l) => l.startsWith(FRAME));
  if (code !== 0 || !framed) {
    throw new PowerShellExitedError(`The simulated reboot failed (exit code ${String(code)}).`, {
      context: { stderr: stderr.slice(-2000), stdout: stdout.slice(-2000) },
    });
  }
  return assertValid<SimulatedReboot>(
    'simulated-reboot',
    JSON.parse(framed.slice(FRAME.length)),
    'Invoke-SimReboot',
  );
}

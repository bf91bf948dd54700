/**
 * Runs generated deployment scripts the way the agents do (`powershell.exe -NoProfile -ExecutionPolicy Bypass
 * -File <script>`), with the real pwsh, and a fake winre-fix (a shell script whose output and exit code the test
 * sets) or a shim that runs the real CLI against a simulated machine.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { locatePowerShell } from '../../../src/adapters/powershell/locate';
import { simulatorLibrary } from '../../../src/simulation/simulator-library';

export interface ScriptRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export const pwsh = (): string => locatePowerShell().executable;

export function runScript(script: string, env: NodeJS.ProcessEnv = {}): ScriptRun {
  const r = spawnSync(
    pwsh(),
    ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', script],
    {
      encoding: 'utf8',
      env: { ...process.env, ...env },
      timeout: 300_000,
    },
  );
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs PowerShell code after dot-sourcing `script` (its functions load, its main does not run). */
export function runWithScriptLoaded(script: string, code: string): ScriptRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-dot-'));
  const file = path.join(dir, 'case.ps1');
  fs.writeFileSync(file, `. '${script.replace(/'/g, "''")}'\n${code}\n`);
  try {
    return runScript(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A stand-in winre-fix: appends its arguments to $FAKE_LOG, prints $FAKE_STDOUT / $FAKE_STDERR, exits $FAKE_CODE.
 */
export function writeFakeTool(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(
    file,
    [
      '#!/bin/sh',
      'if [ -n "$FAKE_LOG" ]; then echo "$*" >> "$FAKE_LOG"; fi',
      'if [ -n "$FAKE_STDOUT" ]; then printf "%s\\n" "$FAKE_STDOUT"; fi',
      'if [ -n "$FAKE_STDERR" ]; then printf "%s\\n" "$FAKE_STDERR" >&2; fi',
      'exit "${FAKE_CODE:-0}"',
      '',
    ].join('\n'),
    { mode: 0o755 },
  );
  return file;
}

/** Non-empty stdout lines. */
export function lines(text: string): string[] {
  return text.split(/\r?\n/).filter((l) => l.trim() !== '');
}

/**
 * Runs a generated script on a simulated PC: the simulator (simulator/*.ps1, one module, as --simulate loads it)
 * is imported first, so the script's registry and file cmdlets reach the machine file, then the script runs as
 * the agent would start it and its exit code is passed on.
 */
export function runOnSimulatedPc(script: string, machine: string, env: NodeJS.ProcessEnv = {}): ScriptRun {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-simpc-'));
  const library = path.join(dir, 'Simulator.ps1');
  const wrapper = path.join(dir, 'run.ps1');
  fs.writeFileSync(library, simulatorLibrary().source);
  const q = (p: string) => `'${p.replace(/'/g, "''")}'`;
  fs.writeFileSync(
    wrapper,
    [
      `$env:WINREFIX_SIM_MACHINE = ${q(machine)}`,
      `$source = [System.IO.File]::ReadAllText(${q(library)})`,
      'New-Module -Name Simulator -ScriptBlock ([ScriptBlock]::Create($source)) | Import-Module -Global -Force -DisableNameChecking',
      `& ${q(script)}`,
      'exit $LASTEXITCODE',
      '',
    ].join('\n'),
  );
  try {
    return runScript(wrapper, env);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

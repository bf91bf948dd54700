/**
 * Shared by the bridge tests: a session on the real pwsh that runs the test-only scripts in
 * test/bridge/ps-scripts (schema test/bridge/schemas/test-echo.schema.json), plus process checks.
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { locatePowerShell } from '../../src/adapters/powershell/locate';
import { PowerShellScriptRunner } from '../../src/adapters/powershell/script-runner';
import { PowerShellSession } from '../../src/adapters/powershell/session';
import { projectRoot } from '../../src/project-root';
import { addSchemaFolder } from '../../src/schemas/validators';

export interface Echo {
  text: string;
  length: number;
}

export interface BridgeHarness {
  readonly session: PowerShellSession;
  readonly runner: PowerShellScriptRunner;
  /** Every pid the session started, in order. */
  readonly pids: number[];
}

export function openBridge(
  options: { callTimeoutMs?: number; readOnly?: boolean; env?: NodeJS.ProcessEnv } = {},
): BridgeHarness {
  addSchemaFolder('test/bridge/schemas');
  const pids: number[] = [];
  const session = new PowerShellSession({
    location: locatePowerShell(),
    callTimeoutMs: options.callTimeoutMs ?? 60_000,
    libraries: [],
    env: options.env ?? process.env,
    onProcessStart: (pid) => {
      if (pid !== undefined) pids.push(pid);
    },
  });
  const runner = new PowerShellScriptRunner(session, {
    readOnly: options.readOnly ?? false,
    folder: 'test/bridge/ps-scripts',
    schemaFor: () => 'test-echo',
  });
  return { session, runner, pids };
}

/**
 * True while `pid` is a running process. A zombie (killed, not yet reaped by its new parent, init) counts as
 * gone: it holds no resources and runs no code.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false; // vanished between the two checks
  }
}

/** Runs a TypeScript file from test/bridge/children in a fresh Node process (through tsx) and waits for it. */
export function runChild(file: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const root = projectRoot();
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'test', 'bridge', 'children', file)],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, ...env },
      timeout: 60_000,
    },
  );
}

/** The JSON lines a child printed on stdout (other lines ignored). */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

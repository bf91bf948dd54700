/**
 * Test harness for everything that runs real PowerShell: a session on a simulated machine (a temporary copy of
 * a fixture, so tests never touch the committed file), a runner for ps-scripts, and `snippet()` to run any
 * PowerShell against the simulator and get its output and error records back.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openSession } from '../../src/app/open-session';
import { PowerShellScriptRunner } from '../../src/adapters/powershell/script-runner';
import type { PowerShellSession } from '../../src/adapters/powershell/session';
import { openSharedSession } from './fix-runner';
import type { SharedPowerShellProcess } from '../../src/adapters/powershell/shared-process';
import { addSchemaFolder } from '../../src/schemas/validators';
import { projectRoot } from '../../src/project-root';
import type { SimulatedMachine } from '../../src/contracts/generated/simulated-machine';

export interface SnippetError {
  message: string;
  details: string;
  fullyQualifiedErrorId: string;
  category: string;
  exceptionType: string;
}
export interface SnippetResult {
  output: unknown[];
  errors: SnippetError[];
}

export interface SimHarness {
  readonly machinePath: string;
  readonly session: PowerShellSession;
  readonly scripts: PowerShellScriptRunner;
  snippet(code: string): Promise<SnippetResult>;
  machine<T = Record<string, unknown>>(): T;
  dispose(): Promise<void>;
}

export function fixturePath(name: string): string {
  return path.join(
    projectRoot(),
    'test',
    'fixtures',
    'machines',
    name.endsWith('.json') ? name : `${name}.json`,
  );
}

/** Copies `machine` (a fixture name, a path, or an object) into a temp folder and returns the copy's path. */
export function tempMachine(machine: string | object): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-sim-'));
  const target = path.join(dir, 'machine.json');
  if (typeof machine === 'string') {
    const source = fs.existsSync(machine) ? machine : fixturePath(machine);
    fs.copyFileSync(source, target);
  } else {
    fs.writeFileSync(target, JSON.stringify(machine, null, 2));
  }
  return target;
}

export function openSimHarness(
  machine: string | object,
  options: { readOnly?: boolean; callTimeoutMs?: number; shared?: SharedPowerShellProcess } = {},
): SimHarness {
  addSchemaFolder('test/support/schemas');
  const machinePath = tempMachine(machine);
  const opened = { simulate: machinePath, callTimeoutMs: options.callTimeoutMs ?? 120_000 };
  const session = options.shared ? openSharedSession(opened, options.shared) : openSession(opened);
  const scripts = new PowerShellScriptRunner(session, { readOnly: options.readOnly ?? false });
  const snippets = new PowerShellScriptRunner(session, {
    readOnly: false,
    folder: 'test/support/ps-scripts',
    schemaFor: () => 'test-snippet',
  });
  return {
    machinePath,
    session,
    scripts,
    snippet: (code: string) => snippets.run<SnippetResult>('Invoke-TestSnippet', { Code: code }),
    machine: <T>() => JSON.parse(fs.readFileSync(machinePath, 'utf8')) as T,
    dispose: async () => {
      await session.dispose();
      fs.rmSync(path.dirname(machinePath), { recursive: true, force: true });
    },
  };
}

/**
 * One harness for a whole test file, loaded with a new machine per test: a session costs seconds to start, the
 * machine file it reads is rewritten in place. `open(m)` starts it on first use; `dispose()` in afterAll.
 */
export function reusableHarness(): {
  open(machine: object): SimHarness;
  /** The harness as the last `open` left it. */
  current(): SimHarness;
  dispose(): Promise<void>;
} {
  let h: SimHarness | undefined;
  return {
    current(): SimHarness {
      if (!h) throw new Error('reusableHarness: open() was never called');
      return h;
    },
    open(machine: object): SimHarness {
      h ??= openSimHarness(machine);
      fs.writeFileSync(h.machinePath, JSON.stringify(machine, null, 2));
      return h;
    },
    dispose: async () => {
      await h?.dispose();
    },
  };
}

/**
 * `code` makes a simulated program run `reagentc /disable` on machine `m`, whose power is cut right after that
 * mutation: the session's PowerShell must end with the power-cut code 29, and the machine keep the cut and WinRE
 * disabled (docs/simulation.md "Executables": a cut inside a program's process ends the whole simulated PC).
 */
export async function expectCutInProgramEndsSession(m: SimulatedMachine, code: string): Promise<void> {
  m.powerCut = { atMutation: m.trace.mutations + 1, phase: 'after' };
  const own = openSimHarness(m);
  try {
    await expect(own.snippet(`${code}; 'still running'`)).rejects.toThrow(/exit code 29/);
    const after = own.machine<SimulatedMachine>();
    expect(after.powerCut?.fired).toBe(true);
    expect(after.winre.status).toBe('Disabled');
  } finally {
    await own.dispose();
  }
}

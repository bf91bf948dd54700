/**
 * A power cut that fires inside a simulated program's own process ends the whole simulated PC. Here winre-fix's
 * own reagentc calls start the real simulated reagentc.exe (WINREFIX_SIM_NATIVE=process: the Windows code path of
 * ps-scripts/lib/NativeCommand.ps1, docs/simulation.md "Executables"), the cut is declared right after the
 * `reagentc /disable` mutation, so it fires in that child process: the child signals the session's PowerShell,
 * which ends with exit code 29 too, and the CLI sees a power cut (src/simulation/power-cut.ts) and exits 29 with
 * nothing written after the cut. After the reboot a new run resumes and ends fixed.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { rebootSimulatedMachine } from '../../../src/simulation/reboot';
import { projectRoot } from '../../../src/project-root';
import { fixturePath } from '../../support/harness';
import { readMachine, type MachineView } from '../../support/fix-runner';
import { baselineOf, invariantProblems } from '../../support/fix-invariants';

jest.setTimeout(900_000);

function cli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(
    process.execPath,
    ['-r', require.resolve('tsx/cjs'), path.join(projectRoot(), 'src', 'cli', 'main.ts'), ...args],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function unattended(command: 'fix' | 'resume', file: string): string[] {
  return [command, '--simulate', file, '--yes', '--no-log', '--quiet', '--retry-pause-seconds', '0'];
}

// In win11-gpt-small-winre-zh's fix, mutation 17 is `reagentc /disable` (checked below, so a renumbering fails here
// with a clear message rather than cutting somewhere else; every simulated file write is one mutation).
const DISABLE_MUTATION = 17;

(process.platform === 'win32' ? it.skip : it)(
  'a cut inside reagentc.exe /disable ends the session too: exit 29, then resume ends fixed',
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-exe-cut-'));
    const file = path.join(dir, 'machine.json');
    const machine = JSON.parse(
      fs.readFileSync(fixturePath('win11-gpt-small-winre-zh'), 'utf8'),
    ) as MachineView & Record<string, unknown>;
    const base = baselineOf(machine);
    const at = machine.trace.mutations + DISABLE_MUTATION;
    machine.powerCut = { atMutation: at, phase: 'after' };
    fs.writeFileSync(file, JSON.stringify(machine, null, 2));

    const first = cli(unattended('fix', file), { WINREFIX_SIM_NATIVE: 'process' });
    expect(first.code).toBe(29);
    const cut = readMachine(file) as MachineView & { trace: { log: { seq: number; command: string }[] } };
    expect(cut.powerCut?.fired).toBe(true);
    expect(cut.trace.log.at(-1)).toMatchObject({ seq: at, command: 'reagentc /disable' });
    // Nothing after the cut: the journal still shows the step in flight.
    const journal = JSON.parse(fs.readFileSync(`${file}.winre-fix/journal.json`, 'utf8')) as {
      phase: string;
    };
    expect(journal.phase).toBe('applying');

    await rebootSimulatedMachine(file);
    const resume = cli(unattended('resume', file));
    expect(resume.code).toBe(0);
    expect(invariantProblems(readMachine(file), base)).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  },
);

/**
 * Power cuts that end the REAL winre-fix process (not in-process): the CLI exits 29 the moment the simulated PC
 * loses power, with nothing written after the cut; after the simulated reboot a new process resumes from the
 * journal and ends fixed.
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

jest.setTimeout(600_000);

function cli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(
    process.execPath,
    ['-r', require.resolve('tsx/cjs'), path.join(projectRoot(), 'src', 'cli', 'main.ts'), ...args],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The command line Intune would use: no prompt, no log files, no pause before a retry. */
function unattended(command: 'fix' | 'resume', file: string): string[] {
  return [command, '--simulate', file, '--yes', '--no-log', '--quiet', '--retry-pause-seconds', '0'];
}

describe('a power cut kills the real process', () => {
  it.each([
    ['before', 8],
    ['after', 11],
  ] as const)(
    'cut %s mutation %i: exit 29, then `winre-fix resume` in a new process ends fixed',
    async (phase, at) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-proc-'));
      const file = path.join(dir, 'machine.json');
      const machine = JSON.parse(
        fs.readFileSync(fixturePath('win11-gpt-small-winre-zh'), 'utf8'),
      ) as MachineView & Record<string, unknown>;
      const base = baselineOf(machine);
      machine.powerCut = { atMutation: machine.trace.mutations + at, phase };
      fs.writeFileSync(file, JSON.stringify(machine, null, 2));

      const first = cli(unattended('fix', file));
      expect(first.code).toBe(29);
      expect(readMachine(file).powerCut?.fired).toBe(true);
      // Nothing after the cut: the journal still shows a step in flight, and the run lock is left behind.
      const journal = JSON.parse(fs.readFileSync(`${file}.winre-fix/journal.json`, 'utf8')) as {
        phase: string;
      };
      expect(journal.phase).toBe('applying');
      expect(fs.existsSync(`${file}.winre-fix/winre-fix.lock`)).toBe(true);

      await rebootSimulatedMachine(file);
      const status = cli(['status', '--simulate', file, '--no-log', '--no-live']);
      expect(status.code).toBe(23);
      expect(status.stdout).toMatch(/winre-fix resume/);
      const resume = cli(unattended('resume', file));
      expect(resume.code).toBe(0);
      expect(invariantProblems(readMachine(file), base)).toEqual([]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  );
});

/**
 * The exit code of a simulated power cut is written once, in the exit-code table: the simulator's PowerShell gets
 * it from there (simulator-library.ts sets $script:SimPowerCutExitCode before simulator/*.ps1), and no simulator
 * file writes a number of its own. test/powershell/simulator/core.test.ts proves the process ends with it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ExitCode } from '../../../src/contracts/exit-codes';
import { projectRoot } from '../../../src/project-root';
import { simulatorLibrary } from '../../../src/simulation/simulator-library';

describe('the simulated power cut exit code', () => {
  it('is set once, from the exit-code table, before any simulator file', () => {
    const source = simulatorLibrary().source;
    const assignments = [...source.matchAll(/\$script:SimPowerCutExitCode\s*=\s*(\S+)/g)].map((m) => m[1]);
    expect(assignments).toEqual([String(ExitCode.SimulatedPowerCut)]);
    expect(source.indexOf('$script:SimPowerCutExitCode =')).toBeLessThan(
      source.indexOf('simulator/00-Machine.ps1'),
    );
  });

  it('is not written in any simulator file', () => {
    const dir = path.join(projectRoot(), 'simulator');
    const writers = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.ps1'))
      .filter((f) => /\$script:SimPowerCutExitCode\s*=/.test(fs.readFileSync(path.join(dir, f), 'utf8')));
    expect(writers).toEqual([]);
  });
});

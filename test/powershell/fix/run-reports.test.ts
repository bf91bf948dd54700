/**
 * Run reports as the fleet needs them (issue 11): a report that cannot be written never changes the outcome's
 * exit code, `--report-copy-dir` drops a copy where the fleet collects, and every report names the simulated PC.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runFix } from '../../../src/cli/commands/fix';
import type { RunReport } from '../../../src/contracts/generated/run-report';
import { fixturePath } from '../../support/harness';
import { quietArgs, readMachine, silently } from '../../support/fix-runner';

jest.setTimeout(300_000);

function copy(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-rep-'));
  const file = path.join(dir, 'machine.json');
  fs.copyFileSync(fixturePath(name), file);
  return file;
}

describe('run reports', () => {
  it('a fix whose report cannot be written still exits 0, says why, and the copy lands', async () => {
    const machine = copy('win11-gpt-small-winre-en');
    const dir = path.dirname(machine);
    const blocker = path.join(dir, 'not-a-folder');
    fs.writeFileSync(blocker, '');
    const share = path.join(dir, 'share');
    fs.mkdirSync(share);
    const run = await silently(() =>
      runFix(
        quietArgs(machine, {
          quiet: false,
          report: true,
          'report-dir': path.join(blocker, 'Reports'),
          'report-copy-dir': share,
        }),
        'fix',
        { exitProcessOnPowerCut: false },
      ),
    );
    expect(run.value).toBe(0);
    expect(run.stderr).toMatch(
      /The run report could not be written in .*not-a-folder.*The run's outcome is unchanged/,
    );
    const [name] = fs.readdirSync(share);
    const report = JSON.parse(fs.readFileSync(path.join(share, name ?? ''), 'utf8')) as RunReport;
    // Named after the simulated PC, not the Linux host running the simulation.
    const pc = readMachine<{ os: { computerName: string } }>(machine).os.computerName;
    expect(pc).not.toBe(os.hostname());
    expect(name).toBe(`${pc}-${report.runId}.json`);
    expect(report).toMatchObject({ computerName: pc, verdict: 'fixed', exitCode: 0 });
  });

  it('a report copy that cannot be written changes nothing either', async () => {
    const machine = copy('win11-gpt-small-winre-en');
    const run = await silently(() =>
      runFix(
        quietArgs(machine, { quiet: false, report: true, 'report-copy-dir': '/nonexistent/share' }),
        'fix',
        {
          exitProcessOnPowerCut: false,
        },
      ),
    );
    expect(run.value).toBe(0);
    expect(run.stderr).toMatch(/copy of the run report could not be written in \/nonexistent\/share/);
  });
});

/**
 * Run reports as the fleet needs them: a report that cannot be written never changes the outcome's
 * exit code, `--report-copy-dir` drops a copy where the fleet collects, and every report names the simulated PC.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runDetect } from '../../../src/cli/commands/detect';
import { CHECK_REPORTS_KEPT } from '../../../src/app/run-context';
import { statePaths } from '../../../src/engine/state-paths';
import type { RunReport } from '../../../src/contracts/generated/run-report';
import { fixturePath } from '../../support/harness';
import { runFix, quietArgs, readMachine, silently } from '../../support/fix-runner';

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
      ),
    );
    expect(run.value).toBe(0);
    expect(run.stderr).toMatch(/copy of the run report could not be written in \/nonexistent\/share/);
  });
});

describe('evidence that lasts', () => {
  it('detect leaves a compact report and log record; fix keeps its whole run in a log of its own', async () => {
    const machine = copy('win11-gpt-small-winre-en');
    const paths = statePaths({ simulate: machine });
    const loud = quietArgs(machine, { log: true, report: true });
    const logBytes = () => fs.statSync(path.join(paths.logs, 'winre-fix.log')).size;

    expect((await silently(() => runDetect(loud))).value).toBe(1);
    const afterFirst = logBytes();
    for (let i = 0; i < CHECK_REPORTS_KEPT + 2; i += 1) await silently(() => runDetect(loud));
    // One compact record per detection: a year of daily runs stays far below the 250,000-byte rollover.
    const perRun = (logBytes() - afterFirst) / (CHECK_REPORTS_KEPT + 2);
    // (about 1.7 KB since the record carries the WinRE patch level's reason.)
    expect(perRun).toBeLessThan(2048);
    const checks = fs.readdirSync(path.join(paths.reports, 'checks'));
    expect(checks).toHaveLength(CHECK_REPORTS_KEPT);
    const latest = JSON.parse(
      fs.readFileSync(path.join(paths.reports, 'checks', checks.sort().at(-1) ?? ''), 'utf8'),
    ) as RunReport;
    expect(latest).toMatchObject({ command: 'detect', verdict: 'needs-fix', exitCode: 1 });
    expect(latest.reasons.map((r) => r.code)).toContain('WINRE_PARTITION_TOO_SMALL');

    const fix = await silently(() => runFix(loud, 'fix'));
    expect(fix.value).toBe(0);
    const [fixReport] = fs.readdirSync(paths.reports).filter((f) => f.endsWith('.json'));
    const report = JSON.parse(
      fs.readFileSync(path.join(paths.reports, fixReport ?? ''), 'utf8'),
    ) as RunReport;
    const runLog = report.logPaths.runLog ?? '';
    expect(runLog).toBe(path.join(paths.logs, 'runs', `${report.runId}-fix.log`));
    const text = fs.readFileSync(runLog, 'utf8');
    // The whole fix: its facts, every step and the raw output of reagentc.
    expect(text).toContain('Fact Get-WinReStatus');
    expect(text).toContain('Resize-OsPartition');
    expect(text).toContain('REAGENTC.EXE');
    expect(text).not.toContain('detect started');
    console.log(`detect: ${perRun.toFixed(0)} bytes of shared log per run; fix run log ${text.length} chars`);
  });
});

describe('the last line states the result', () => {
  it.each([
    [
      'win11-gpt-small-winre-en',
      /^FIXED: exit 0 - WinRE is enabled on a [\d.]+ MiB recovery partition with [\d.]+ MiB free; WinRE updates such as KB5034441 need 250 MiB\. \[WINRE_FIXED\]$/,
    ],
    [
      'win11-gpt-small-winre-zh',
      /^FIXED 已修复：退出代码 0 - WinRE 已在 [\d.]+ MiB 的恢复分区上启用，可用空间 [\d.]+ MiB；KB5034441 等 WinRE 更新需要 250 MiB。 \[WINRE_FIXED\]$/,
    ],
  ])('%s: the new size and the verified free space, not the old problem', async (name, line) => {
    const machine = copy(name);
    const run = await silently(() => runFix(quietArgs(machine, { quiet: false }), 'fix'));
    expect(run.value).toBe(0);
    const last = run.stdout.trim().split('\n').at(-1) ?? '';
    expect(last).toMatch(line);
    expect(last).not.toMatch(/0x80070643|TOO_SMALL/);
    expect(last.length).toBeLessThan(2048);
  });
});

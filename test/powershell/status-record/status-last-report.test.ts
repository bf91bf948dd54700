/**
 * `status` on a PC with no journal shows the last verdict from the newest run report: a refused fix
 * and a compliant detect write no journal, yet status says when, which command, the verdict, the reason codes, the
 * exit code and the run log. A damaged newest report is a warning; the exit code stays status's own (0 here:
 * no run is unfinished or in progress, docs/exit-codes.md).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runDetect } from '../../../src/cli/commands/detect';
import { runFix } from '../../support/fix-runner';
import { runStatus } from '../../../src/cli/commands/status';
import { statePaths } from '../../../src/engine/state-paths';
import type { RunReport } from '../../../src/contracts/generated/run-report';
import { quietArgs, silently } from '../../support/fix-runner';
import { tempMachine } from '../../support/harness';

jest.setTimeout(180_000);

const statusArgs = (machine: string, json = false) => ({
  ...quietArgs(machine, { json }),
  live: false,
});

describe('status shows the last verdict when no journal exists', () => {
  it('a refused fix: refused, its reason codes, exit 21 and its run log', async () => {
    const machine = tempMachine('win10-c-too-full');
    const fix = await silently(() => runFix(quietArgs(machine, { report: true, log: true }), 'fix'));
    expect(fix.value).toBe(21);
    expect(fs.existsSync(statePaths({ simulate: machine }).journal)).toBe(false);

    const text = await silently(() => runStatus(statusArgs(machine)));
    expect(text.value).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines[0]).toMatch(/^Last run: fix finished \d{4}-\d\d-\d\dT[\d:.]+Z: refused, exit 21$/);
    expect(lines[1]).toContain('INSUFFICIENT_SHRINK_SPACE');
    expect(lines[2]).toMatch(/^ {2}log: \S+-fix\.log$/);
    expect(text.stdout).not.toContain('No winre-fix run has been recorded');

    const json = await silently(() => runStatus(statusArgs(machine, true)));
    const doc = JSON.parse(json.stdout) as { lastReport: { report: RunReport } | null; journal: unknown };
    expect(doc.journal).toBeNull();
    expect(doc.lastReport?.report.verdict).toBe('refused');
    expect(doc.lastReport?.report.exitCode).toBe(21);
    expect(doc.lastReport?.report.reasons.map((r) => r.code)).toContain('INSUFFICIENT_SHRINK_SPACE');
    fs.rmSync(path.dirname(machine), { recursive: true, force: true });
  });

  it('a compliant detect: compliant, from Reports\\checks; a damaged newer report is only a warning', async () => {
    const machine = tempMachine('win11-24h2-winre-already-resized');
    const detect = await silently(() => runDetect(quietArgs(machine, { report: true, log: true })));
    expect(detect.value).toBe(0);
    const checks = path.join(statePaths({ simulate: machine }).reports, 'checks');
    expect(fs.readdirSync(checks).filter((f) => f.endsWith('.json'))).toHaveLength(1);

    const text = await silently(() => runStatus(statusArgs(machine)));
    expect(text.value).toBe(0);
    expect(text.stdout).toMatch(/^Last run: detect finished \S+: compliant, exit 0$/m);

    // A newer report that is not one: warned about on stderr, the older good one still shown, exit unchanged.
    fs.writeFileSync(path.join(checks, 'ZZ-broken.json'), '{"schemaVersion":1,', { mode: 0o644 });
    const later = new Date(Date.now() + 60_000);
    fs.utimesSync(path.join(checks, 'ZZ-broken.json'), later, later);
    const warned = await silently(() => runStatus(statusArgs(machine)));
    expect(warned.value).toBe(0);
    expect(warned.stderr).toMatch(/WARNING: The report \S+ZZ-broken\.json was not read: .*not valid JSON/);
    expect(warned.stdout).toMatch(/^Last run: detect finished \S+: compliant, exit 0$/m);
    fs.rmSync(path.dirname(machine), { recursive: true, force: true });
  });

  it('a finished fix and a detect after it: the journal step by step, then the detect as the last run', async () => {
    const machine = tempMachine('win11-gpt-small-winre-en');
    const fix = await silently(() => runFix(quietArgs(machine, { report: true }), 'fix'));
    expect(fix.value).toBe(0);
    const detect = await silently(() => runDetect(quietArgs(machine, { report: true })));
    expect(detect.value).toBe(0);
    const text = await silently(() => runStatus(statusArgs(machine)));
    expect(text.value).toBe(0);
    expect(text.stdout).toMatch(/^Run \S+ \(\S+\) started \S+, phase: done$/m);
    expect(text.stdout).toMatch(/^Last run: detect finished \S+: compliant, exit 0$/m);
    fs.rmSync(path.dirname(machine), { recursive: true, force: true });
  });
});

/**
 * Power-cut matrix over every other fixable fixture (the seed case has the full matrix in
 * power-cut-seed.test.ts). By default each fixture is cut at the moments where a naive tool loses WinRE: right
 * after the old partition is deleted (deleted, not created), right after the new one is created (created, not
 * formatted) and right before WinRE is enabled (formatted, WinRE disabled), each followed by a reboot and a new
 * `winre-fix fix`. WINREFIX_MATRIX=full cuts before and after EVERY mutating operation of every fixture (about
 * 40 runs per fixture: run it before a release; `npm run test:matrix`).
 */
import * as fs from 'node:fs';
import { fixturePath } from '../../support/harness';
import { cutAndResume, mutationLog, type CutResult } from '../../support/power-cut';

jest.setTimeout(3_600_000);

const SEED = 'win11-gpt-small-winre-zh';
const FULL = process.env['WINREFIX_MATRIX'] === 'full';
const fixable = (
  JSON.parse(fs.readFileSync(fixturePath('catalog'), 'utf8')) as {
    machines: { name: string; fixable: boolean }[];
  }
).machines
  .filter((m) => m.fixable && m.name !== SEED)
  .map((m) => m.name);

describe('power cuts on every fixable fixture', () => {
  it.each(fixable)('%s', async (name) => {
    const log = await mutationLog(name);
    const points: { at: number; phase: 'before' | 'after' }[] = [];
    if (FULL) {
      for (let n = 1; n <= log.length; n += 1)
        points.push({ at: n, phase: 'before' }, { at: n, phase: 'after' });
    } else {
      const index = (re: RegExp) => log.findIndex((e) => re.test(`${e.command} ${e.detail}`)) + 1;
      const removed = index(/Remove-Partition|delete partition/i);
      const created = index(/New-Partition|create partition/i);
      const enabled = index(/reagentc \/enable/i);
      if (removed > 0) points.push({ at: removed, phase: 'after' });
      if (created > 0) points.push({ at: created, phase: 'after' });
      if (enabled > 0) points.push({ at: enabled, phase: 'before' });
    }
    expect(points.length).toBeGreaterThan(0);
    const failures: CutResult[] = [];
    for (const p of points) {
      const r = await cutAndResume(name, p.at, p.phase, p.phase === 'after');
      if (!r.cutFired || r.firstCode !== 29 || r.problems.length > 0) failures.push(r);
    }
    expect(failures).toEqual([]);
  });
});

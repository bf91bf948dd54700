/**
 * Power-cut matrix, full, on the seed case (Windows 11, GPT, WinRE after C:, Chinese): a cut before and after
 * EVERY mutating operation of a fix, a reboot, and a new `winre-fix fix`; half of the "after" cuts also lose the
 * journal write that was in flight. Every run ends fixed with WinRE enabled, the image hash unchanged, C: data
 * untouched and one WinRE partition. The other fixable fixtures run in power-cut-fixtures.test.ts.
 */
import { cutAndResume, mutationLog } from '../../support/power-cut';

jest.setTimeout(1_800_000);

const SEED = 'win11-gpt-small-winre-zh';

describe(`power cuts during a fix of ${SEED}`, () => {
  let count = 0;
  beforeAll(async () => {
    count = (await mutationLog(SEED)).length;
  });

  it('cuts before and after every mutating operation and always ends fixed', async () => {
    expect(count).toBeGreaterThan(5);
    const failures: unknown[] = [];
    for (let n = 1; n <= count; n += 1) {
      for (const phase of ['before', 'after'] as const) {
        const r = await cutAndResume(SEED, n, phase, phase === 'after' && n % 2 === 0);
        if (!r.cutFired || r.firstCode !== 29 || r.problems.length > 0) failures.push(r);
      }
    }
    expect(failures).toEqual([]);
  });
});

/** The rendered plan is what an admin reads: kept as reviewable text snapshots in both languages. */
import { renderPlan, summaryLine } from '../../../src/cli/render-plan';
import { plan } from '../../../src/domain/planner';
import { defaultSnapshot, snapshotWith } from '../../builders/snapshot-builder';

describe('rendered plan', () => {
  it.each(['en', 'zh-CN'] as const)('needs-fix, in %s', (lang) => {
    const s = defaultSnapshot();
    expect(renderPlan(plan(s), s, lang).join('\n')).toMatchSnapshot();
    expect(summaryLine(plan(s), lang)).toMatchSnapshot();
  });

  it('refused, with the remedy under each blocker', () => {
    const s = snapshotWith((x) => {
      x.os.isElevated = false;
      x.disks[0]!.partitions[2]!.volume!.dirty = true;
    });
    const text = renderPlan(plan(s), s, 'en').join('\n');
    expect(text).toMatchSnapshot();
    expect(text).toMatch(/To do: Run as SYSTEM/);
  });
});

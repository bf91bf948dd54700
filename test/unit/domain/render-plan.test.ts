/** The rendered plan is what an admin reads: kept as reviewable text snapshots in both languages. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderPlan, stepLegend, stepReason, summaryLine } from '../../../src/cli/render-plan';
import { stepDefinition } from '../../../src/domain/steps/catalogue';
import { projectRoot } from '../../../src/project-root';
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

  it('the summary line of a refused PC gives no shrink: a refused PC will not lose space on C:', () => {
    const s = snapshotWith((x) => {
      x.disks[0]!.partitions[2]!.volume!.dirty = true;
    });
    const p = plan(s);
    expect(p.verdict).toBe('refused');
    expect(p.sizing.shrinkOsBy).toBeGreaterThan(0); // the arithmetic is still shown in the plan itself
    expect(summaryLine(p, 'en')).not.toMatch(/C: -/);
    expect(summaryLine(plan(defaultSnapshot()), 'en')).toMatch(/\(C: -\d/);
  });

  it('says why every step a plan can hold runs in Chinese too, not in English', () => {
    const schema = JSON.parse(
      fs.readFileSync(path.join(projectRoot(), 'schemas', 'plan.schema.json'), 'utf8'),
    ) as { $defs: { stepKind: { enum: string[] } } };
    const p = plan(defaultSnapshot());
    const kinds = schema.$defs.stepKind.enum;
    expect(kinds.length).toBeGreaterThan(10);
    const english = kinds.filter((kind) => {
      const step = { ...p.steps[0]!, kind, reason: 'English', params: {} } as (typeof p.steps)[number];
      return !/[\u4e00-\u9fff]/.test(stepReason(step, p, 'zh-CN'));
    });
    expect(english).toEqual([]);
  });
});

describe('the plan says what its marks mean', () => {
  it.each(['en', 'zh-CN'] as const)(
    '%s: a legend of the finding marks and of exactly the step symbols used',
    (lang) => {
      const s = defaultSnapshot();
      const p = plan(s);
      const text = renderPlan(p, s, lang);
      const used = new Set(p.steps.map((step) => stepDefinition(step.kind).symbol));
      expect(used.size).toBeGreaterThan(1);
      const legend = stepLegend(p, lang);
      for (const mark of ['+', '~', '?', '-'] as const)
        expect(legend.includes(`${mark} `)).toBe(used.has(mark));
      expect(text).toContain(`  (${lang === 'en' ? 'Marks' : '标记'}: ${legend})`);
      expect(text.some((l) => l.includes(lang === 'en' ? 'x blocks the fix' : 'x 阻止修复'))).toBe(true);
    },
  );
});

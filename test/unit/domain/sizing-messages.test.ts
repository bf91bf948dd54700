/**
 * The sizing arithmetic is written once per language (src/domain/messages/sizing.ts): every sizing case the planner
 * can produce reads whole in English and in Chinese, both say the same figures, and the English the plan stores
 * (plan.sizing.explanation) is what the catalogue says of the figures stored beside it.
 */
import { renderPlan } from '../../../src/cli/render-plan';
import {
  shrinkSentence,
  sizingArithmetic,
  sizingExplanation,
  sizingFigures,
  enablesInPlace,
} from '../../../src/domain/messages/sizing';
import { plan } from '../../../src/domain/planner';
import { computeSizing } from '../../../src/domain/planning/sizing';
import { DEFAULT_PLANNER_OPTIONS } from '../../../src/domain/policy';
import type { Snapshot } from '../../../src/domain/snapshot';
import { GiB, MiB } from '../../../src/domain/units';
import { englishLeftIn } from '../../support/zh-words';
import {
  defaultSnapshot,
  layout,
  part,
  snapshotWith,
  volume,
  WIM_SIZE,
} from '../../builders/snapshot-builder';

const winreBeforeC = (x: Parameters<Parameters<typeof snapshotWith>[0]>[0]): void => {
  const d = x.disks[0]!;
  const re = d.partitions[3]!;
  re.offset = 1 * MiB;
  re.size = 450 * MiB;
  re.number = 1;
  d.partitions = [re, ...d.partitions.slice(0, 3)];
  const c = d.partitions[3]!;
  c.size = layout.USABLE_END - c.offset;
  c.supportedSize = { min: 120 * GiB, max: c.size };
  x.winre.reagentc.location = {
    diskNumber: 0,
    partitionNumber: 1,
    path: '\\\\?\\GLOBALROOT\\device\\harddisk0\\partition1\\Recovery\\WindowsRE',
  };
  x.winre.reagentXml.winreLocation!.offset = 1 * MiB;
};

const disabled = (x: Parameters<Parameters<typeof snapshotWith>[0]>[0], free: number): void => {
  x.winre.reagentc.status = 'Disabled';
  x.winre.reagentc.location = null;
  x.winre.reagentXml.installState = 0;
  x.winre.stagedImage = { size: WIM_SIZE, sha256: 'B'.repeat(64) };
  x.winre.activeImage = null;
  x.disks[0]!.partitions[3]!.volume!.sizeRemaining = free;
};

/** Every sizing case the planner produces, each with the case and shrink it must come out as. */
const CASES: readonly [string, Snapshot, string, 'shrinks' | 'no shrink'][] = [
  ['grow in place', defaultSnapshot(), 'grow-recovery-after-os', 'shrinks'],
  ['new partition after C:', snapshotWith(winreBeforeC), 'new-recovery-after-os', 'shrinks'],
  [
    'enable in place',
    snapshotWith((x) => {
      const d = x.disks[0]!;
      d.partitions[2]!.size -= 400 * MiB;
      const re = d.partitions[3]!;
      re.offset -= 400 * MiB;
      re.size += 400 * MiB;
      re.volume!.size = re.size - 4096;
      disabled(x, 900 * MiB);
    }),
    'enable-staged-image',
    'no shrink',
  ],
  [
    'MBR',
    snapshotWith((x) => {
      const d = x.disks[0]!;
      d.partitionStyle = 'MBR';
      d.guid = null;
      d.signature = 0x1234;
      d.partitions = d.partitions.filter((p) => p.type !== 'Reserved');
      for (const p of d.partitions) {
        p.gptType = null;
        p.guid = null;
        p.mbrType = p.type === 'Recovery' ? 0x27 : 7;
      }
    }),
    'grow-recovery-after-os',
    'shrinks',
  ],
  [
    'no shrink (unallocated space after WinRE)',
    snapshotWith((x) => {
      const re = x.disks[0]!.partitions[3]!;
      const c = x.disks[0]!.partitions[2]!;
      c.size -= 2 * GiB;
      c.supportedSize = { min: 100 * GiB, max: c.size };
      re.offset = c.offset + c.size;
      x.winre.reagentXml.winreLocation!.offset = re.offset;
    }),
    'grow-recovery-after-os',
    'no shrink',
  ],
];

/** The byte counts a line states, in order ("480 MiB", "24.6 MiB", "0 B"). */
const figures = (lines: readonly string[]): string[] =>
  lines.flatMap((l) => l.match(/\d+(?:\.\d+)? (?:B|KiB|MiB|GiB)\b/g) ?? []).sort();

describe('the sizing text, once per language', () => {
  describe.each(CASES)('%s', (_name, snapshot, fixCase, shrink) => {
    const p = plan(snapshot);
    const f = sizingFigures(p.sizing, enablesInPlace(p));

    it('is the case it stands for', () => {
      expect(p.verdict).toBe('needs-fix');
      expect(p.case).toBe(fixCase);
      expect(p.sizing.shrinkOsBy > 0).toBe(shrink === 'shrinks');
    });

    it.each(['en', 'zh-CN'] as const)('reads whole in %s: no undefined, NaN or empty line', (lang) => {
      const text = [...sizingExplanation(f, lang), shrinkSentence(f.shrink, lang)];
      for (const line of text) {
        expect(line).not.toMatch(/undefined|NaN|\{\w+\}|null/);
        expect(line.trim().length).toBeGreaterThan(5);
      }
    });

    it('has no English word left in Chinese, and the printed plan shows the catalogue text', () => {
      const zh = [...sizingExplanation(f, 'zh-CN'), shrinkSentence(f.shrink, 'zh-CN')];
      expect(zh.flatMap((l) => englishLeftIn(l).map((w) => `${l}  <- ${w}`))).toEqual([]);
      const printed = renderPlan(p, snapshot, 'zh-CN');
      const from = printed.indexOf('容量计算:');
      expect(from).toBeGreaterThan(0);
      const block = [...sizingArithmetic(f, 'zh-CN'), shrinkSentence(f.shrink, 'zh-CN')];
      expect(printed.slice(from + 1, from + 1 + block.length)).toEqual(block.map((l) => `  ${l}`));
      expect(printed[from + 1 + block.length]).toBe('');
    });

    it('says the same figures in English and in Chinese', () => {
      expect(figures(sizingExplanation(f, 'zh-CN'))).toEqual(figures(sizingExplanation(f, 'en')));
      expect(figures(sizingExplanation(f, 'en')).length).toBeGreaterThanOrEqual(8);
    });

    it('stores as plan.sizing.explanation what the catalogue says of the figures stored beside it', () => {
      expect(p.sizing.explanation).toEqual(sizingExplanation(f, 'en'));
    });
  });

  it('enabling in place claims no usable space, no new size and no shrink: the partition stays as it is', () => {
    const p = plan(CASES[2]![1]);
    const text = p.sizing.explanation.join('\n');
    expect(text).not.toMatch(/usable without shrinking|rounded up/);
    expect(text).toContain('keeps its size (1000 MiB)');
    expect(text).toContain('its 900 MiB free takes Winre.wim (480 MiB) and leaves 420 MiB');
    expect(p.sizing.explanation.at(-1)).toBe('C: does not shrink.');
  });

  it('names the floor when the partition it replaces is bigger than the policy asks, in both languages', () => {
    const big = part({ number: 4, offset: 100 * GiB, size: 3 * GiB, volume: volume(3 * GiB, 2 * GiB) });
    const s = computeSizing(
      DEFAULT_PLANNER_OPTIONS,
      { imageSize: 480 * MiB, carriedBytes: 1 * GiB, current: big },
      { start: 0, end: 10 * GiB },
    );
    const f = sizingFigures(s, false);
    expect(sizingExplanation(f, 'en').join('\n')).toContain("never smaller than today's 3.00 GiB");
    expect(sizingExplanation(f, 'zh-CN').join('\n')).toContain('不小于现有分区的 3.00 GiB');
    expect(figures(sizingExplanation(f, 'zh-CN'))).toEqual(figures(sizingExplanation(f, 'en')));
  });
});

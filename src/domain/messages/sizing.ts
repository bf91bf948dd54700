/**
 * The sizing arithmetic written out for people, once per language. The planner's figures (plan.sizing) are the
 * facts; this catalogue is the only place that turns them into sentences: the planner stores the English lines as
 * plan.sizing.explanation (reports, journal, older readers) and the printed plan shows them in the reader's
 * language, so the two can no longer say different things.
 */
import type { Plan, Sizing } from '../../contracts/generated/plan';
import { ntfsOverheadEstimate } from '../policy';
import type { Language } from '../reasons';
import { alignUp, formatBytes } from '../units';

/** The figures the sentences speak of, all derived from plan.sizing (so a stored plan renders the same). */
export interface SizingFigures {
  /** WinRE is enabled on the recovery partition that is there: nothing is created, nothing shrinks. */
  readonly inPlace: boolean;
  readonly imageSize: number;
  /** All the recovery volume holds once WinRE is in place: the image and the files carried over. */
  readonly carried: number;
  readonly servicing: number;
  readonly headroom: number;
  readonly requiredFree: number;
  readonly reagentcMargin: number;
  readonly ntfsEstimate: number;
  /** The size the policy asks for, in whole MiB, before "never smaller than the partition it replaces". */
  readonly computedSize: number;
  /** The recovery partition the fix replaces or enables WinRE on (0 when a new one is made beside it). */
  readonly currentSize: number;
  readonly currentFree: number;
  readonly usable: number;
  readonly shrink: number;
}

/** WinRE goes onto the recovery partition that is already there: nothing is created. */
export function enablesInPlace(plan: Pick<Plan, 'case' | 'target'>): boolean {
  if (plan.case === 'enable-staged-image') return true;
  return plan.case === 'move-winre-off-os-volume' && !plan.target.newRecoveryPartition;
}

export function sizingFigures(sizing: Sizing, inPlace: boolean): SizingFigures {
  const carried = sizing.imageSize + sizing.extraFilesSize;
  const need = carried + sizing.requiredFree;
  const ntfsEstimate = ntfsOverheadEstimate(need);
  return {
    inPlace,
    imageSize: sizing.imageSize,
    carried,
    servicing: sizing.policy.servicingFreeBytes,
    headroom: sizing.policy.growthHeadroomBytes,
    requiredFree: sizing.requiredFree,
    reagentcMargin: sizing.policy.reagentcMarginBytes,
    ntfsEstimate,
    computedSize: alignUp(need + ntfsEstimate),
    currentSize: sizing.currentRecoverySize,
    currentFree: sizing.currentRecoveryFree,
    usable: sizing.usableWithoutShrink,
    shrink: sizing.shrinkOsBy,
  };
}

/** The same figures, each written as a byte count (B, KiB, MiB, GiB: the same in every language). */
type Bytes = { readonly [K in keyof SizingFigures]: SizingFigures[K] extends number ? string : boolean };

interface SizingText {
  readonly carried: (b: Bytes) => string;
  readonly requiredFree: (b: Bytes) => string;
  readonly reagentc: (b: Bytes) => string;
  /** A new partition: its size from the NTFS estimate, never smaller than the one it replaces. */
  readonly partitionSize: (b: Bytes, floored: boolean) => string;
  readonly usable: (b: Bytes, replacesOld: boolean) => string;
  /** WinRE enabled in place: the partition keeps its size and its free space is enough. */
  readonly inPlace: (b: Bytes, leftAfterImage: string) => string;
  /** How much C: shrinks, as the printed plan says it, and as the stored explanation ends. */
  readonly shrinks: (n: string) => string;
  readonly shrinksWholeMiB: (n: string) => string;
  readonly noShrink: string;
}

export const SIZING_TEXT: Readonly<Record<Language, SizingText>> = {
  en: {
    carried: (b) => `Winre.wim is ${b.imageSize}; the recovery volume carries ${b.carried} in all.`,
    requiredFree: (b) =>
      `Required free space after WinRE is in place: ${b.servicing} for servicing + ${b.headroom} headroom for the image to grow = ${b.requiredFree}.`,
    reagentc: (b) =>
      `reagentc /enable needs free >= WIM + ${b.reagentcMargin} on the target, which this covers.`,
    partitionSize: (b, floored) =>
      `NTFS metadata estimate ${b.ntfsEstimate}; partition size rounded up to 1 MiB: ${b.computedSize}${floored ? `, but never smaller than today's ${b.currentSize}` : ''}.`,
    usable: (b, replacesOld) =>
      `Space after C: usable without shrinking (${replacesOld ? 'the old recovery partition and ' : ''}unallocated space up to the next partition or the disk's usable end): ${b.usable}.`,
    inPlace: (b, left) =>
      `The recovery partition after C: keeps its size (${b.currentSize}): its ${b.currentFree} free takes Winre.wim (${b.imageSize}) and leaves ${left}, at least the ${b.requiredFree} required.`,
    shrinks: (n) => `C: shrinks by ${n}.`,
    shrinksWholeMiB: (n) => `C: shrinks by ${n} (whole MiB).`,
    noShrink: 'C: does not shrink.',
  },
  'zh-CN': {
    carried: (b) => `Winre.wim 为 ${b.imageSize}；恢复卷共需承载 ${b.carried}。`,
    requiredFree: (b) =>
      `WinRE 就位后所需的可用空间：服务更新 ${b.servicing} + 映像增长余量 ${b.headroom} = ${b.requiredFree}。`,
    reagentc: (b) => `reagentc /enable 要求目标上可用空间 >= WIM + ${b.reagentcMargin}，此大小已满足。`,
    partitionSize: (b, floored) =>
      `NTFS 元数据估算 ${b.ntfsEstimate}；分区大小向上取整到 1 MiB：${b.computedSize}${floored ? `，但不小于现有分区的 ${b.currentSize}` : ''}。`,
    usable: (b, replacesOld) =>
      `C: 之后无需缩小即可使用的空间 (${replacesOld ? '旧恢复分区及' : ''}直到下一个分区或磁盘可用末尾的未分配空间)：${b.usable}。`,
    inPlace: (b, left) =>
      `C: 之后的恢复分区保持原大小 (${b.currentSize})：其 ${b.currentFree} 可用空间放入 Winre.wim (${b.imageSize}) 后剩余 ${left}，不少于所需的 ${b.requiredFree}。`,
    shrinks: (n) => `C: 将缩小 ${n}。`,
    shrinksWholeMiB: (n) => `C: 将缩小 ${n} (整 MiB)。`,
    noShrink: 'C: 不会缩小。',
  },
};

function asBytes(f: SizingFigures): Bytes {
  const out: Record<string, string | boolean> = {};
  for (const [key, value] of Object.entries(f)) {
    out[key] = typeof value === 'number' ? formatBytes(value) : value;
  }
  return out as Bytes;
}

/** The arithmetic, without the line on how much C: shrinks (the printed plan says that on its own line). */
export function sizingArithmetic(f: SizingFigures, language: Language): string[] {
  const t = SIZING_TEXT[language];
  const b = asBytes(f);
  const head = [t.carried(b), t.requiredFree(b), t.reagentc(b)];
  if (f.inPlace) {
    return [...head, t.inPlace(b, formatBytes(Math.max(0, f.currentFree - f.imageSize)))];
  }
  return [...head, t.partitionSize(b, f.currentSize > f.computedSize), t.usable(b, f.currentSize > 0)];
}

/** "C: shrinks by 285 MiB." or "C: does not shrink.", as the printed plan ends its sizing. */
export function shrinkSentence(shrink: number, language: Language): string {
  const t = SIZING_TEXT[language];
  return shrink > 0 ? t.shrinks(formatBytes(shrink)) : t.noShrink;
}

/** The whole explanation: the arithmetic, then how much C: shrinks in whole MiB (plan.sizing.explanation in English). */
export function sizingExplanation(f: SizingFigures, language: Language): string[] {
  const t = SIZING_TEXT[language];
  const last = f.shrink > 0 ? t.shrinksWholeMiB(formatBytes(f.shrink)) : t.noShrink;
  return [...sizingArithmetic(f, language), last];
}

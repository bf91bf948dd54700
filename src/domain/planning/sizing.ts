/**
 * The sizing arithmetic: how big the recovery partition must be and how much C: gives up. The sentences that
 * write it out (plan.sizing.explanation) come from the sizing catalogue (src/domain/messages/sizing.ts).
 */
import type { Sizing } from '../../contracts/generated/plan';
import { ntfsOverheadEstimate, type PlannerOptions } from '../policy';
import type { PartitionFacts } from '../snapshot';
import { sizingExplanation, sizingFigures } from '../messages/sizing';
import { alignDown, alignUp } from '../units';
import type { Region } from './layout';

/** The sizing of a plan that changes nothing: only the policy and the free space it requires. */
export function emptySizing(options: PlannerOptions): Sizing {
  return {
    policy: { ...options.policy },
    imageSize: 0,
    extraFilesSize: 0,
    requiredFree: options.policy.servicingFreeBytes,
    currentRecoverySize: 0,
    currentRecoveryFree: 0,
    targetRecoverySize: 0,
    usableWithoutShrink: 0,
    shrinkOsBy: 0,
    explanation: [],
  };
}

export interface SizingInput {
  readonly imageSize: number;
  /** Bytes of the old recovery volume's content that move to the new one (all of it, Winre.wim included). */
  readonly carriedBytes: number;
  /** The partition the new one replaces (never made smaller than it), or null for a new partition beside it. */
  readonly current: PartitionFacts | null;
}

/**
 * What the new recovery volume must carry: all the old volume holds when it is replaced (plus the image when
 * WinRE is disabled, as Winre.wim then waits on C:), otherwise the image alone.
 */
export function carriedBytes(
  oldRecovery: PartitionFacts | null,
  replaceOld: boolean,
  winreEnabled: boolean,
  imageSize: number,
): number {
  const oldUsed = oldRecovery?.volume
    ? Math.max(0, oldRecovery.volume.size - oldRecovery.volume.sizeRemaining)
    : 0;
  return replaceOld ? oldUsed + (winreEnabled ? 0 : imageSize) : imageSize;
}

export function computeSizing(options: PlannerOptions, input: SizingInput, region: Region): Sizing {
  const { policy } = options;
  const requiredFree = policy.servicingFreeBytes + policy.growthHeadroomBytes;
  const needVolume = input.carriedBytes + requiredFree;
  const computed = alignUp(needVolume + ntfsOverheadEstimate(needVolume));
  const currentSize = input.current?.size ?? 0;
  const targetSize = Math.max(computed, currentSize);
  const newOffset = alignDown(region.end - targetSize);
  const usable = Math.max(0, region.end - region.start);
  const shrink = newOffset < region.start ? alignUp(region.start - newOffset) : 0;
  const currentFree = input.current?.volume ? input.current.volume.sizeRemaining : 0;
  const sizing: Sizing = {
    policy: { ...policy },
    imageSize: input.imageSize,
    extraFilesSize: Math.max(0, input.carriedBytes - input.imageSize),
    requiredFree,
    currentRecoverySize: currentSize,
    currentRecoveryFree: currentFree,
    targetRecoverySize: targetSize,
    usableWithoutShrink: usable,
    shrinkOsBy: shrink,
    explanation: [],
  };
  // A new partition (grow or beside the old one); enableInPlaceSizing says it again when nothing is created.
  return { ...sizing, explanation: sizingExplanation(sizingFigures(sizing, false), 'en') };
}

/** Where the new partition starts: as far right in the region as its size allows, on a 1 MiB boundary. */
export function newRecoveryOffset(region: Region, sizing: Sizing): number {
  return alignDown(region.end - sizing.targetRecoverySize);
}

/** Enabling WinRE on the partition that is already there: nothing shrinks, the partition keeps its size. */
export function enableInPlaceSizing(sizing: Sizing, recovery: PartitionFacts): Sizing {
  const inPlace: Sizing = {
    ...sizing,
    shrinkOsBy: 0,
    targetRecoverySize: recovery.size,
    currentRecoverySize: recovery.size,
    currentRecoveryFree: recovery.volume?.sizeRemaining ?? 0,
    usableWithoutShrink: 0,
  };
  return { ...inPlace, explanation: sizingExplanation(sizingFigures(inPlace, true), 'en') };
}

/**
 * The memo of a failed shrink retry ladder: when a fix climbed the whole ladder (src/domain/shrink-retry.ts), its
 * `defrag C: /X` rung included, and Windows still refused to shrink C: (SHRINK_REFUSED, exit 22, nothing changed),
 * the run records what C: looked like (src/engine/shrink-memo.ts writes it to the state folder). Intune reruns a
 * failed Win32 app install and Remediations run on a schedule (daily), so without the memo a PC where the ladder
 * can never succeed spends up to 30 minutes of defrag on every rerun for nothing.
 *
 * A later run whose C: still matches the memo, within the cooldown, skips only the defrag rung: the first attempt
 * and the cheap retries (at once, after the pause) still happen, so a shrink that has become possible still
 * succeeds. A memo can only ever REMOVE a rung (`ladderWithMemo`): it never makes the tool change more than it
 * would without one. `fix --retry-shrink` ignores it and climbs the whole ladder.
 *
 * Pure: the memo (already read and checked by the engine), the snapshot and the clock come in as values.
 */
import type { ShrinkMemo } from '../contracts/generated/shrink-memo';
import type { Reason } from '../contracts/generated/plan';
import { reason } from './planning/reason';
import { locateOs } from './planning/layout';
import type { ShrinkRetryPolicy } from './shrink-retry';
import type { Snapshot } from './snapshot';
import { GiB, MiB } from './units';

export type { ShrinkMemo };

/** The fix option that ignores a memo and climbs the whole ladder (src/cli/commands/fix.ts). */
export const RETRY_SHRINK_OPTION = '--retry-shrink';

/**
 * When a memo still applies. The one place for these numbers:
 *  - cooldownMs, 7 days: Windows' own "Optimize drives" schedule is weekly by default (ASSUMPTION: the default
 *    the Optimize Drives dialog shows on Windows 10 and 11), and monthly updates move files; after a week the end
 *    of C: may look different, so a daily rerun costs one defrag a week instead of seven, and a memo is never
 *    trusted for longer than that.
 *  - freeBytesTolerance, 1 GiB: free space on a PC in use drifts by hundreds of MiB a day (temp files, update
 *    downloads, logs); a change of 1 GiB or more means someone freed or filled C: (a clean-up, an uninstall,
 *    hiberfil.sys or the page file switched off or resized), which can move what sits at its end: worth a defrag.
 *  - sizeMinTolerance, 256 MiB: SizeMin "can change slightly" between calls
 *    (https://learn.microsoft.com/windows-hardware/drivers/storage/msft-partition-getsupportedsizes); a move of
 *    256 MiB or more means the unmovable files themselves moved. A SizeMin that fell enough for the shrink is
 *    caught anyway: the memo never skips the first attempt or the cheap retries.
 *  - clockSkewMs, 10 minutes: a memo dated further in the future than this was not written by a sane clock (or
 *    was edited): it is not trusted (else it could never expire).
 * A memo of another winre-fix version never applies: a release may climb the ladder differently.
 */
export const SHRINK_MEMO_POLICY = {
  cooldownMs: 7 * 24 * 60 * 60_000,
  freeBytesTolerance: 1 * GiB,
  sizeMinTolerance: 256 * MiB,
  clockSkewMs: 10 * 60_000,
} as const;

/** What a memo records of C:, and what a later run compares it with. */
export type VolumeObservation = ShrinkMemo['volume'];

/** C: as the snapshot shows it, or undefined when the snapshot lacks any of it (then no memo applies). */
export function observeOsVolume(snapshot: Snapshot): VolumeObservation | undefined {
  const found = locateOs(snapshot);
  if (!found) return undefined;
  const { disk, os } = found;
  if (!os.volume || !os.supportedSize || !disk.uniqueId) return undefined;
  return {
    diskUniqueId: disk.uniqueId,
    partitionOffset: os.offset,
    partitionSize: os.size,
    freeBytes: os.volume.sizeRemaining,
    sizeMin: os.supportedSize.min,
  };
}

/** The memo a refused run records. */
export function newShrinkMemo(
  volume: VolumeObservation,
  at: { readonly now: string; readonly runId: string; readonly toolVersion: string },
): Omit<ShrinkMemo, 'checksum'> {
  return { schemaVersion: 1, toolVersion: at.toolVersion, recordedAt: at.now, runId: at.runId, volume };
}

/** Why a memo applies or not. `applies`: skip the defrag rung; `stale`: C: changed or time is up (clear it). */
export type ShrinkMemoDecision =
  | { readonly kind: 'none' }
  | { readonly kind: 'applies'; readonly memo: ShrinkMemo; readonly untilMs: number }
  | { readonly kind: 'forced'; readonly memo: ShrinkMemo }
  | { readonly kind: 'stale'; readonly memo: ShrinkMemo; readonly why: string }
  | { readonly kind: 'untrusted'; readonly why: string };

/**
 * The memo as the engine read it: none, one that passed its checks (with its recordedAt in ms since the epoch,
 * NaN when unreadable), or one that did not (and why).
 */
export type ShrinkMemoRead =
  | { readonly kind: 'none' }
  | { readonly kind: 'read'; readonly memo: ShrinkMemo; readonly recordedMs: number }
  | { readonly kind: 'rejected'; readonly why: string };

/** Whether the memo applies to this run (`nowMs`: the clock, ms since the epoch). Never throws. */
export function judgeShrinkMemo(
  read: ShrinkMemoRead,
  current: VolumeObservation | undefined,
  nowMs: number,
  options: { readonly force: boolean; readonly toolVersion: string },
): ShrinkMemoDecision {
  if (read.kind === 'none') return { kind: 'none' };
  if (read.kind === 'rejected') return { kind: 'untrusted', why: read.why };
  const { memo, recordedMs } = read;
  if (!Number.isFinite(recordedMs) || !Number.isFinite(nowMs))
    return { kind: 'untrusted', why: `its date ${memo.recordedAt} cannot be read` };
  if (recordedMs > nowMs + SHRINK_MEMO_POLICY.clockSkewMs)
    return { kind: 'untrusted', why: `it is dated in the future (${memo.recordedAt})` };
  if (options.force) return { kind: 'forced', memo };
  const stale = (why: string): ShrinkMemoDecision => ({ kind: 'stale', memo, why });
  if (memo.toolVersion !== options.toolVersion)
    return stale(`it was written by winre-fix ${memo.toolVersion}, this is ${options.toolVersion}`);
  if (nowMs - recordedMs >= SHRINK_MEMO_POLICY.cooldownMs)
    return stale(`its cooldown of ${SHRINK_MEMO_POLICY.cooldownMs / 86_400_000} days is over`);
  if (!current) return stale('C: could not be read in full this time');
  const was = memo.volume;
  if (was.diskUniqueId !== current.diskUniqueId || was.partitionOffset !== current.partitionOffset)
    return stale('C: is not the same partition');
  if (was.partitionSize !== current.partitionSize)
    return stale(`C: was resized (${was.partitionSize} -> ${current.partitionSize} bytes)`);
  if (Math.abs(was.freeBytes - current.freeBytes) >= SHRINK_MEMO_POLICY.freeBytesTolerance)
    return stale(`free space on C: changed (${was.freeBytes} -> ${current.freeBytes} bytes)`);
  if (Math.abs(was.sizeMin - current.sizeMin) >= SHRINK_MEMO_POLICY.sizeMinTolerance)
    return stale(`how far C: can shrink changed (SizeMin ${was.sizeMin} -> ${current.sizeMin} bytes)`);
  return { kind: 'applies', memo, untilMs: recordedMs + SHRINK_MEMO_POLICY.cooldownMs };
}

/**
 * The ladder a run climbs for its plan: without the defrag rung when the plan warns SHRINK_LADDER_REMEMBERED (the
 * planner gives it only for a memo that applies), else as it was. Never adds a rung. Taken from the plan, which the
 * journal keeps, so a resumed run skips the same rung its first half did.
 */
export function ladderForPlan(
  policy: ShrinkRetryPolicy,
  plan: { readonly reasons: readonly { readonly code: string }[] },
): ShrinkRetryPolicy {
  return plan.reasons.some((r) => r.code === 'SHRINK_LADDER_REMEMBERED')
    ? { ...policy, defrag: false }
    : policy;
}

/** The day a plan's SHRINK_LADDER_REMEMBERED names, or undefined when the plan has none. */
export function rememberedOn(plan: { readonly reasons: readonly Reason[] }): string | undefined {
  const hit = plan.reasons.find((r) => r.code === 'SHRINK_LADDER_REMEMBERED');
  const since = hit?.params['since'];
  return hit ? (typeof since === 'string' ? since : 'an earlier run') : undefined;
}

/** What the planner is told of a memo that applies (the plan's SHRINK_LADDER_REMEMBERED warning). */
export interface RememberedLadder {
  /** The day (UTC, YYYY-MM-DD) the ladder last failed with defrag. */
  readonly since: string;
  /** The day (UTC) the memo's cooldown ends. */
  readonly until: string;
}

/** The plan's warning: this run skips the defrag rung, since when, until when, and how to force it. */
export function rememberedLadderReason(remembered: RememberedLadder, drive: string): Reason {
  return reason('SHRINK_LADDER_REMEMBERED', {
    since: remembered.since,
    until: remembered.until,
    drive,
    option: RETRY_SHRINK_OPTION,
  });
}

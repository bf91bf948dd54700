/**
 * The shrink retry policy: what the fix tries, in order, when Windows refuses to shrink C: because files it
 * cannot move sit where C: must end ("Size Not Supported", StorageWMI 4097 from Resize-Partition;
 * docs/reference/storage-cmdlets.md#error-records), before it gives up with nothing changed. The one place that
 * says how many attempts, how long the pause is and how long `defrag C: /X` may run.
 *
 * Why these steps (docs/reference/tools-landscape.md#f12-shrink-refused-near-sizemin):
 *  - Get-PartitionSupportedSize's SizeMin "is determined by Disk Defragmenter and takes into account the location
 *    of immovable files ... If this method is run multiple times, this value can change slightly"
 *    (https://learn.microsoft.com/windows-hardware/drivers/storage/msft-partition-getsupportedsizes), and diskpart's
 *    `shrink querymax` "may change if applications are currently accessing the volume"
 *    (https://learn.microsoft.com/windows-server/administration/windows-commands/shrink): the limit moves, so a
 *    second try at once is cheap and sometimes enough;
 *  - what blocks a shrink is usually in use for a moment (a volume shadow copy's differencing area, which the
 *    shrink engine must grow while it moves data; the page file growing): a pause lets it settle (Windows
 *    Internals 6th ed. part 2, ch. 12 "shrinking a volume": VSS "poses another constraint on the size to which
 *    even volumes with ample free space can shrink");
 *  - `defrag <C:> /X` "Perform free space consolidation on the specified volumes"
 *    (https://learn.microsoft.com/windows-server/administration/windows-commands/defrag) moves the movable files
 *    out of the end of the volume; WinRE-Manager does exactly these three before it gives up
 *    (https://github.com/ArthurJDurand/WinRE-Manager, docs/recovery-partition.md: immediate, +10 s, after
 *    `defrag /x`). Optimize-Volume has no free-space consolidation (its switches are -Analyze, -Defrag, -ReTrim,
 *    -SlabConsolidate, -TierOptimize: https://learn.microsoft.com/powershell/module/storage/optimize-volume), so
 *    defrag.exe it is; on an SSD /X is a one-off manual run (the "no scheduled defrag on SSD" rule concerns the
 *    scheduled task only; ASSUMPTION: Windows runs a manual /X on an SSD as on an HDD).
 *  - What never moves (the page file, hiberfil.sys, the MFT's own zone, shadow-copy storage) no retry can help:
 *    the refusal then says what was tried and what the admin can do (the reason's remedy).
 *
 * Pure: the pause and the clock are the executor's ports (src/engine/ports.ts), so tests never sleep.
 */
import { reason } from './planning/reason';
import type { Reason } from '../contracts/generated/plan';

export interface ShrinkRetryPolicy {
  /** Attempts right after a refusal, with no pause (0 or more). */
  readonly immediateRetries: number;
  /** Attempts after a pause of `pauseMs` each (0 or more). */
  readonly pausedRetries: number;
  readonly pauseMs: number;
  /** One attempt after `defrag <C:> /X`, or none. */
  readonly defrag: boolean;
  /** defrag.exe is killed when it runs longer than this (it is low priority and restartable). */
  readonly defragTimeLimitMs: number;
}

/**
 * Defaults an admin of 100,000 PCs accepts: at most 4 attempts of a shrink that Windows refuses at once (each
 * refusal costs seconds), one pause of 30 s (WinRE-Manager waits 10 s; 30 s lets a shadow copy being taken settle
 * and costs nothing while WinRE is still enabled; a run uses its `--retry-pause-seconds`, whose default is the
 * same, so there is one pause setting: src/app/fix.ts), and one free-space consolidation of at most 30 minutes
 * (low priority, as the weekly maintenance task runs it). The whole ladder ends within ~31 minutes plus the
 * shrinks themselves, all while WinRE is still enabled.
 */
export const DEFAULT_SHRINK_RETRY_POLICY: ShrinkRetryPolicy = {
  immediateRetries: 1,
  pausedRetries: 1,
  pauseMs: 30_000,
  defrag: true,
  defragTimeLimitMs: 30 * 60_000,
};

/** What comes before a further attempt. */
export type ShrinkRemedy =
  | { readonly kind: 'at-once' }
  | { readonly kind: 'pause'; readonly ms: number }
  | { readonly kind: 'defrag'; readonly timeLimitMs: number };

/** The ladder of further attempts, in order, after the first refusal. */
export function shrinkLadder(policy: ShrinkRetryPolicy): readonly ShrinkRemedy[] {
  const out: ShrinkRemedy[] = [];
  for (let i = 0; i < policy.immediateRetries; i += 1) out.push({ kind: 'at-once' });
  for (let i = 0; i < policy.pausedRetries; i += 1) out.push({ kind: 'pause', ms: policy.pauseMs });
  if (policy.defrag) out.push({ kind: 'defrag', timeLimitMs: policy.defragTimeLimitMs });
  return out;
}

/** The most attempts a shrink gets: the first and one per rung of the ladder. */
export function maxShrinkAttempts(policy: ShrinkRetryPolicy): number {
  return 1 + shrinkLadder(policy).length;
}

/** What to do before the next attempt after `failedAttempts` refusals, or null: give up. */
export function nextShrinkRemedy(policy: ShrinkRetryPolicy, failedAttempts: number): ShrinkRemedy | null {
  if (failedAttempts < 1) return null;
  return shrinkLadder(policy)[failedAttempts - 1] ?? null;
}

/**
 * The structured ids of "Windows will not shrink C: that far": Resize-Partition's Size Not Supported (StorageWMI
 * 4097, below SizeMin: unmovable files; docs/reference/storage-cmdlets.md#error-records). Matched by the error
 * record's FullyQualifiedErrorId (its first part, ScriptFailedError.errorId), never by its text. In
 * Resize-OsPartition only Resize-Partition can raise it; its other 4097 cases (already the requested size, a change
 * under 1 MiB) cannot happen there (the script returns early on the first, the planner shrinks by whole MiB).
 */
export const SHRINK_LIMIT_ERROR_IDS: readonly string[] = ['StorageWMI 4097'];

export function isShrinkLimitError(errorId: string | null): boolean {
  return errorId !== null && SHRINK_LIMIT_ERROR_IDS.includes(errorId);
}

/** The ladder in words (English; the plan and the refusal carry it): "at once, after a 60 s pause, after defrag C: /X". */
export function describeShrinkLadder(policy: ShrinkRetryPolicy, drive: string): string {
  const words = shrinkLadder(policy).map((r) =>
    r.kind === 'at-once'
      ? 'at once'
      : r.kind === 'pause'
        ? `after a ${Math.round(r.ms / 1000)} s pause`
        : `after defrag ${drive} /X (at most ${Math.round(r.timeLimitMs / 60_000)} min)`,
  );
  return words.length === 0 ? 'no retry' : words.join(', ');
}

/**
 * The plan's warning when SizeMin already blocks the shrink: the fix tries the ladder, then stops unchanged. Numbers
 * only (the catalogue says it in each language, src/domain/reasons.ts).
 */
export function shrinkRetryWarning(
  policy: ShrinkRetryPolicy,
  drive: string,
  shrink: string,
  maxShrink: string,
): Reason {
  return reason('SHRINK_LIMIT_WILL_RETRY', {
    shrink,
    maxShrink,
    attempts: maxShrinkAttempts(policy),
    immediate: policy.immediateRetries,
    paused: policy.pausedRetries,
    pauseSeconds: Math.round(policy.pauseMs / 1000),
    defragMinutes: policy.defrag ? Math.round(policy.defragTimeLimitMs / 60_000) : 0,
    drive,
  });
}

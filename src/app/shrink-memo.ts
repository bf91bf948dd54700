/**
 * The memo of a failed shrink retry ladder in a run (what it is: src/domain/shrink-memo.ts; the file:
 * src/engine/shrink-memo.ts). audit, detect and fix read it into the planner options before planning, so the plan
 * (and the audit) says SHRINK_LADDER_REMEMBERED when this run will skip defrag; the planner stays pure. fix alone
 * writes it (after SHRINK_REFUSED with the defrag rung run) and clears it (a success, a C: that changed, the end of
 * its cooldown). A memo that cannot be believed is a warning and is not used; a memo that cannot be written or
 * cleared is a warning too: neither changes the run's outcome or exit code.
 */
import type { Journal } from '../contracts/generated/journal';
import type { PlannerOptions } from '../domain/policy';
import {
  RETRY_SHRINK_OPTION,
  judgeShrinkMemo,
  newShrinkMemo,
  observeOsVolume,
  SHRINK_MEMO_POLICY,
  type RememberedLadder,
  type ShrinkMemoDecision,
} from '../domain/shrink-memo';
import type { Snapshot } from '../domain/snapshot';
import type { Outcome } from '../engine/outcome';
import { clearShrinkMemo, readShrinkMemo, writeShrinkMemo } from '../engine/shrink-memo';
import { errorText, noteEvent } from '../logging/notes';
import { toolVersion } from '../version';
import type { RunContext } from './run-context';

type Ctx = Pick<RunContext, 'paths' | 'emit'>;

/**
 * Reads the memo and judges it against the snapshot. `clear`: remove a memo that no longer applies (fix; audit and
 * detect are read-only and leave it). Returns the planner options with the remembered ladder when it applies.
 */
export function plannerOptionsWithShrinkMemo(
  ctx: Ctx,
  snapshot: Snapshot,
  options: PlannerOptions,
  how: { readonly force: boolean; readonly clear: boolean; readonly now?: string },
): { readonly options: PlannerOptions; readonly decision: ShrinkMemoDecision } {
  const file = ctx.paths.shrinkMemo;
  const decision = judgeShrinkMemo(
    readShrinkMemo(file),
    observeOsVolume(snapshot),
    Date.parse(how.now ?? new Date().toISOString()),
    { force: how.force, toolVersion: toolVersion() },
  );
  if (decision.kind === 'untrusted') {
    ctx.emit(noteEvent('warn', { key: 'shrink-memo-ignored', params: { why: decision.why } }));
  } else if (decision.kind === 'forced') {
    ctx.emit(
      noteEvent('info', {
        key: 'shrink-memo-forced',
        params: { option: RETRY_SHRINK_OPTION, since: decision.memo.recordedAt.slice(0, 10) },
      }),
    );
  } else if (decision.kind === 'stale' && how.clear) {
    try {
      clearShrinkMemo(file);
      ctx.emit(noteEvent('info', { key: 'shrink-memo-cleared', params: { why: decision.why } }));
    } catch (error) {
      ctx.emit(noteEvent('warn', { key: 'shrink-memo-not-saved', params: { error: errorText(error) } }));
    }
  }
  const remembered: RememberedLadder | undefined =
    decision.kind === 'applies'
      ? {
          since: decision.memo.recordedAt.slice(0, 10),
          until: new Date(decision.untilMs).toISOString().slice(0, 10),
        }
      : undefined;
  return { options: remembered ? { ...options, rememberedLadder: remembered } : options, decision };
}

/** Whether the run climbed the defrag rung: the shrink's journal record has a defrag that ran. */
function defragRan(journal: Journal): boolean {
  return journal.steps.some(
    (s) => s.kind === 'resize-os-partition' && (s.retries ?? []).some((r) => r.defrag?.ran === true),
  );
}

/**
 * After a fix: a success clears the memo; SHRINK_REFUSED after a defrag that ran records C: as it is (the newest
 * read of it). Anything else leaves the memo as it was (a refusal that skipped defrag keeps the memo's date: the
 * cooldown counts from the defrag that failed).
 */
export function recordShrinkLadder(
  ctx: Ctx,
  outcome: Outcome,
  snapshot: Snapshot | undefined,
  now: string = new Date().toISOString(),
): void {
  const file = ctx.paths.shrinkMemo;
  try {
    if (outcome.kind === 'fixed') {
      if (clearShrinkMemo(file))
        ctx.emit(noteEvent('info', { key: 'shrink-memo-cleared', params: { why: 'the fix succeeded' } }));
      return;
    }
    if (outcome.kind !== 'failed-safe' || outcome.error?.code !== 'SHRINK_REFUSED') return;
    if (!defragRan(outcome.journal)) return;
    const seen = outcome.lastSnapshot ?? snapshot;
    const volume = seen ? observeOsVolume(seen) : undefined;
    if (!volume) return;
    writeShrinkMemo(
      file,
      newShrinkMemo(volume, { now, runId: outcome.journal.runId, toolVersion: toolVersion() }),
    );
    ctx.emit(
      noteEvent('info', {
        key: 'shrink-memo-written',
        params: {
          until: new Date(Date.parse(now) + SHRINK_MEMO_POLICY.cooldownMs).toISOString().slice(0, 10),
          drive: 'C:',
          option: RETRY_SHRINK_OPTION,
        },
      }),
    );
  } catch (error) {
    ctx.emit(noteEvent('warn', { key: 'shrink-memo-not-saved', params: { error: errorText(error) } }));
  }
}

/**
 * The executor's half of the shrink retry ladder (the policy and its words are pure: src/domain/shrink-retry.ts).
 * When Windows refuses to shrink C: because of files it cannot move, the executor records the refusal and the
 * remedy in the step's journal record (`retries`) BEFORE it acts, does the remedy (nothing, a pause through the
 * sleep port, or `defrag <C:> /X` through ps-scripts/Optimize-OsVolume.ps1 with its time limit), records its end,
 * and tries again. A remedy without an end in the journal was cut off (power, kill): a resume does it again first.
 * When the ladder is used up, the refusal lists every attempt (ShrinkRefusedError, exit 22: nothing changed).
 */
import type { OptimizeOsVolume } from '../contracts/generated/optimize-os-volume';
import type { ShrinkRetry } from '../contracts/generated/journal';
import {
  describeShrinkLadder,
  maxShrinkAttempts,
  nextShrinkRemedy,
  type ShrinkRemedy,
  type ShrinkRetryPolicy,
} from '../domain/shrink-retry';
import { RETRY_SHRINK_OPTION } from '../domain/shrink-memo';
import { ShrinkRefusedError } from '../errors';
import { noteEvent } from '../logging/notes';
import type { ExecutorDeps } from './ports';
import type { StepRecord } from './run-journal';
import type { RunEvent } from '../logging/events';

/** The ps-script that runs `defrag <drive> /X` with a time limit. */
export const DEFRAG_SCRIPT = 'Optimize-OsVolume';

type Ports = Pick<ExecutorDeps, 'runner' | 'sleep' | 'now' | 'emit'>;

/** The remedy to record after this refusal, or null when the ladder is used up. Counted by refusals, not attempts. */
export function remedyAfterRefusal(policy: ShrinkRetryPolicy, rec: StepRecord): ShrinkRemedy | null {
  return nextShrinkRemedy(policy, (rec.retries?.length ?? 0) + 1);
}

/** Appends the refusal and the remedy that follows it to the record (written to the journal by the caller). */
export function recordRefusal(
  rec: StepRecord,
  remedy: ShrinkRemedy,
  refusal: string,
  now: string,
): ShrinkRetry {
  const entry: ShrinkRetry = {
    afterAttempt: rec.attempts,
    refusal,
    remedy: remedy.kind,
    startedAt: now,
    ...(remedy.kind === 'pause' ? { pauseMs: remedy.ms } : {}),
  };
  rec.retries = [...(rec.retries ?? []), entry];
  return entry;
}

/** The remedy a resume must do again first: the last one recorded without an end. */
export function unfinishedRemedy(policy: ShrinkRetryPolicy, rec: StepRecord): ShrinkRemedy | null {
  const last = rec.retries?.[rec.retries.length - 1];
  if (!last || last.finishedAt !== undefined) return null;
  if (last.remedy === 'pause') return { kind: 'pause', ms: last.pauseMs ?? policy.pauseMs };
  if (last.remedy === 'defrag') return { kind: 'defrag', timeLimitMs: policy.defragTimeLimitMs };
  return { kind: 'at-once' };
}

function drive(systemDrive: string): string {
  return /^[A-Za-z]:$/.test(systemDrive) ? systemDrive.toUpperCase() : 'C:';
}

/**
 * Does the remedy and completes the last retry entry with how it went (the caller saves the journal). A defrag that
 * fails to start or ends badly is recorded and the next attempt goes ahead anyway: a partial consolidation may be
 * enough, and the shrink's own refusal is what decides.
 */
export async function applyRemedy(
  ports: Ports,
  rec: StepRecord,
  remedy: ShrinkRemedy,
  how: {
    readonly systemDrive: string;
    readonly progressEveryMs: number;
    /** The errors that stop a run at once (power cut, lock lost): passed through untouched. */
    readonly halts: (error: unknown) => boolean;
  },
): Promise<void> {
  const entry = rec.retries?.[rec.retries.length - 1];
  if (remedy.kind === 'pause') await ports.sleep(remedy.ms);
  if (remedy.kind === 'defrag') {
    const d = drive(how.systemDrive);
    const started = Date.now();
    const timer = setInterval(() => {
      const s = Math.round((Date.now() - started) / 1000);
      ports.emit({
        ...noteEvent('info', {
          key: 'step-still-running',
          params: {
            what: `still consolidating free space on ${d} (defrag ${d} /X)`,
            script: DEFRAG_SCRIPT,
            seconds: s,
          },
        }),
        fields: { stepId: rec.id, stepKind: rec.kind, elapsedMs: Date.now() - started },
      });
    }, how.progressEveryMs);
    timer.unref();
    try {
      const result = await ports.runner.run<OptimizeOsVolume>(DEFRAG_SCRIPT, {
        DiskUniqueId: rec.params['diskUniqueId'],
        PartitionOffset: rec.params['partitionOffset'],
        TimeLimitSeconds: Math.max(1, Math.round(remedy.timeLimitMs / 1000)),
      });
      if (entry)
        entry.defrag = {
          ran: result.changed,
          exitCode: result.exitCode,
          timedOut: result.timedOut,
          durationMs: result.durationMs,
          lastLines: result.lastLines.slice(-5),
          error: null,
        };
      emit(ports.emit, {
        key: 'shrink-defrag-done',
        params: {
          drive: result.drive,
          exitCode: result.exitCode === null ? 'none' : result.exitCode,
          seconds: Math.round(result.durationMs / 1000),
          timedOut: result.timedOut ? 1 : 0,
          last: result.lastLines[result.lastLines.length - 1] ?? '',
        },
      });
    } catch (error) {
      if (how.halts(error)) throw error;
      const message = error instanceof Error ? error.message : String(error);
      if (entry)
        entry.defrag = {
          ran: false,
          exitCode: null,
          timedOut: false,
          durationMs: Date.now() - started,
          lastLines: [],
          error: message,
        };
      emit(ports.emit, { key: 'shrink-defrag-failed', params: { drive: d, error: message } });
    } finally {
      clearInterval(timer);
    }
  }
  if (entry) entry.finishedAt = ports.now();
}

function emit(sink: (event: RunEvent) => void, text: Parameters<typeof noteEvent>[1]): void {
  sink(noteEvent('info', text));
}

/** The note before a further attempt. */
export function retryingNote(
  policy: ShrinkRetryPolicy,
  rec: StepRecord,
  remedy: ShrinkRemedy,
  error: string,
  systemDrive: string,
): Parameters<typeof noteEvent>[1] {
  const d = drive(systemDrive);
  const words =
    remedy.kind === 'at-once'
      ? ['at once', '立即']
      : remedy.kind === 'pause'
        ? [`after a ${Math.round(remedy.ms / 1000)} s pause`, `暂停 ${Math.round(remedy.ms / 1000)} 秒后`]
        : [`after defrag ${d} /X`, `在 defrag ${d} /X 之后`];
  return {
    key: 'shrink-refused-retrying',
    params: {
      attempt: rec.attempts,
      max: maxShrinkAttempts(policy),
      error: error.replace(/\s+/g, ' ').trim(),
      remedy: words[0]!,
      remedyZh: words[1]!,
    },
  };
}

/** The refusal once the ladder is used up: every attempt and what came before it. */
export function shrinkRefused(
  policy: ShrinkRetryPolicy,
  rec: StepRecord,
  last: string,
  cause: unknown,
  /** The day a failed ladder was remembered, when this run skipped defrag for it (src/domain/shrink-memo.ts). */
  rememberedSince?: string,
): ShrinkRefusedError {
  const tries = (rec.retries ?? []).map((r) => {
    const before =
      r.remedy === 'at-once'
        ? 'again at once'
        : r.remedy === 'pause'
          ? `after a ${Math.round((r.pauseMs ?? 0) / 1000)} s pause`
          : r.defrag?.ran
            ? `after defrag /X (exit ${r.defrag.exitCode === null ? 'none' : r.defrag.exitCode}${r.defrag.timedOut ? ', stopped at its time limit' : ''})`
            : `after defrag /X, which did not run (${r.defrag?.error ?? 'unknown'})`;
    return `attempt ${r.afterAttempt + 1} ${before}`;
  });
  const list = ['attempt 1', ...tries].join('; ');
  return new ShrinkRefusedError(
    `Windows refused to shrink C: on all ${rec.attempts} attempts (${list}; the ladder: first try, then ${describeShrinkLadder(policy, 'C:')}). ` +
      `Files it cannot move (the page file, hiberfil.sys, shadow-copy storage in System Volume Information, NTFS metadata) lie where C: must end. ` +
      `Nothing was changed.` +
      (rememberedSince === undefined
        ? ''
        : ` defrag C: /X was skipped (SHRINK_LADDER_REMEMBERED): on ${rememberedSince} the whole ladder with it failed on this C: as it is now; run winre-fix fix ${RETRY_SHRINK_OPTION} to run it again.`) +
      ` Last refusal: ${last}`,
    { cause },
  );
}

/** The "still running" notes of a long step (the shrink can take many minutes): the log shows the run is alive. */
import type { RunEvent } from '../logging/events';
import type { StepRecord } from './run-journal';
import { stepDefinition } from '../domain/steps/catalogue';
import { noteEvent } from '../logging/notes';

/** Default period of the "still running" notes of a long step. */
export const PROGRESS_EVERY_MS = 30_000;

/** Logs "still running" every `progressEveryMs` while a step's script runs; the caller clears the timer. */
export function startStepProgress(
  deps: { readonly emit: (event: RunEvent) => void; readonly progressEveryMs?: number },
  rec: StepRecord,
  startedMs: number,
): NodeJS.Timeout {
  const every = deps.progressEveryMs ?? PROGRESS_EVERY_MS;
  const what = stepDefinition(rec.kind).progress ?? `${rec.script} still running`;
  const timer = setInterval(() => {
    const s = Math.round((Date.now() - startedMs) / 1000);
    deps.emit({
      ...noteEvent('info', {
        key: 'step-still-running',
        params: { what, script: rec.script, seconds: s },
      }),
      fields: { stepId: rec.id, stepKind: rec.kind, elapsedMs: Date.now() - startedMs },
    });
  }, every);
  // Never what keeps Node alive: the call's own timer does that while the call runs.
  timer.unref();
  return timer;
}

/** How a run of the executor ended, as the use case reports it. */
import type { Journal } from '../contracts/generated/journal';
import type { Snapshot } from '../domain/snapshot';
import type { WinReFixError } from '../errors';
import { mutationsWhileDisabled } from './run-journal';

export type OutcomeKind = 'fixed' | 'rolled-back' | 'degraded' | 'failed-safe';

export interface Outcome {
  readonly kind: OutcomeKind;
  readonly journal: Journal;
  readonly rebootRequired: boolean;
  readonly message: string;
  /** How long WinRE was disabled in this run (ms), when it was. */
  readonly winreDisabledMs: number | null;
  /** Mutating steps that ran while WinRE was disabled (benchmark goal: delete, create, format). */
  readonly mutationsWhileDisabled: number;
  readonly error?: WinReFixError;
  /** The PC as the run last read it (the status record's WinRE free space), when it read it. */
  readonly lastSnapshot?: Snapshot;
}

/** The outcome of a journal that ended as `kind`; `last` is the PC as the run last read it. */
export function outcome(
  journal: Journal,
  kind: OutcomeKind,
  winreDisabledMs: number | null,
  last: Snapshot | undefined,
  error?: WinReFixError,
): Outcome {
  return {
    kind,
    journal,
    rebootRequired: journal.rebootRequired === true,
    message: error ? error.message : kind,
    winreDisabledMs,
    mutationsWhileDisabled: mutationsWhileDisabled(journal),
    ...(error ? { error } : {}),
    ...(last ? { lastSnapshot: last } : {}),
  };
}

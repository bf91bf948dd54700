/**
 * Is a fix or resume running now, or did one stop mid-way? Audit, detect and status ask this before judging the
 * PC: a PC in the middle of a fix is neither compliant nor in need of a new one.
 */
import type { Journal } from '../contracts/generated/journal';
import type { RunLockProbe } from '../contracts/generated/test-run-lock';
import type { ScriptRunner } from '../contracts/script-runner';
import { ExitCode, type ExitCodeValue } from '../contracts/exit-codes';
import { JournalStore } from '../engine/journal';
import type { StatePaths } from '../engine/state-paths';
import { JournalRejectedError } from '../errors';

/** A fix or resume running now (it holds the run lock), or one that stopped mid-way with nobody holding it. */
export interface ActiveRun {
  readonly state: 'in-progress' | 'unfinished';
  /** The live journal's phase; null when there is none (yet) or it cannot be read. */
  readonly phase: string | null;
  readonly runId: string | null;
}

/**
 * Read-only: is a run in progress (Test-RunLock: the lock file is held) or unfinished (the journal is applying or
 * rolling back, and nobody holds the lock)? Audit, detect and status ask this before judging the PC: a PC in
 * the middle of a fix is neither compliant nor in need of a new one. The probe never creates the lock file.
 */
export async function findActiveRun(ctx: {
  readonly runner: ScriptRunner;
  readonly paths: StatePaths;
}): Promise<ActiveRun | undefined> {
  const probe = await ctx.runner.run<RunLockProbe>('Test-RunLock', { Path: ctx.paths.lock });
  if (probe.state === 'not-a-file') {
    throw new JournalRejectedError(`The run lock ${ctx.paths.lock} is a folder, not a file.`, {
      hint: 'Something other than winre-fix made it: inspect and remove it.',
    });
  }
  const held = probe.state === 'held';
  let journal: Journal | undefined;
  try {
    journal = new JournalStore(ctx.paths.journal).load();
  } catch (error) {
    // The holder is writing it; what matters now is that a run is in progress.
    if (!held) throw error;
  }
  if (held) return { state: 'in-progress', phase: journal?.phase ?? null, runId: journal?.runId ?? null };
  if (journal && (journal.phase === 'applying' || journal.phase === 'rolling-back'))
    return { state: 'unfinished', phase: journal.phase, runId: journal.runId };
  return undefined;
}

/** One sentence about an active run, for the console, the report and detect's line. */
export function describeActiveRun(run: ActiveRun): string {
  const which = `${run.runId ? `run ${run.runId}` : 'a run'}${run.phase ? ` (phase ${run.phase})` : ''}`;
  return run.state === 'in-progress'
    ? `A winre-fix fix is in progress on this PC now: ${which}; the PC was not judged while it changes. Ask again when it has ended.`
    : `A winre-fix fix stopped before it finished: ${which}; \`winre-fix fix\` (or \`resume\`) continues it.`;
}

export function activeRunExitCode(run: ActiveRun): ExitCodeValue {
  return run.state === 'in-progress' ? ExitCode.Retry : ExitCode.FailedDegraded;
}

/**
 * `winre-fix resume` with no unfinished run: nothing to resume says nothing about the PC, so look at it
 * (read-only) and say what it needs, with audit's exit codes (0 compliant, 20 needs the fix, 21 refused). The
 * startup task runs `resume` at every boot until it is removed; this is also what it does when there is nothing
 * left to continue. An unfinished run is continued by the fix use case (src/app/fix.ts), which calls this.
 */
import type { Plan } from '../contracts/generated/plan';
import type { RunVerdict } from '../contracts/generated/run-report';
import type { ExitCodeValue } from '../contracts/exit-codes';
import { plan as makePlan } from '../domain/planner';
import type { Language } from '../domain/reasons';
import type { Snapshot } from '../domain/snapshot';
import { verdictExitCode } from './audit';
import { plannerOptions, type RunArgs, type RunContext } from './run-context';
import { planningSnapshot } from './supplied-image';

export interface NothingToResume {
  readonly snapshot: Snapshot;
  readonly plan: Plan;
  readonly language: Language;
  readonly verdict: RunVerdict;
  readonly code: ExitCodeValue;
}

/** Reads the PC and plans; deletes the backups earlier runs left (`sweep`) unless the PC is refused. */
export async function nothingToResume(
  ctx: RunContext,
  args: RunArgs,
  sweep: (snapshot: Snapshot) => Promise<void>,
): Promise<NothingToResume> {
  const snapshot = await planningSnapshot(ctx);
  const plan = makePlan(snapshot, plannerOptions(args));
  const language = ctx.language(snapshot);
  if (plan.verdict !== 'refused') await sweep(snapshot);
  return { snapshot, plan, language, verdict: plan.verdict, code: verdictExitCode(plan) };
}

/** The Plan value of the verdicts that run no step (refused, compliant), and the evidence every plan ends with. */
import type { Plan, Reason, Sizing, Target } from '../../contracts/generated/plan';
import type { PlannerOptions } from '../policy';
import type { Snapshot } from '../snapshot';
import { reason } from './reason';
import { emptySizing } from './sizing';

const EMPTY_TARGET: Target = {
  disk: null,
  osPartition: null,
  recoveryPartition: null,
  newRecoveryPartition: null,
};

/** Evidence reasons come last: they explain the situation whatever the verdict. */
export function evidenceReasons(snapshot: Snapshot): Reason[] {
  const { failedUpdates, winreAgentEvents } = snapshot.evidence;
  if (failedUpdates.length === 0 && winreAgentEvents.length === 0)
    return [reason('NO_UPDATE_FAILURE_EVIDENCE')];
  const kbs = [...new Set(failedUpdates.map((u) => /KB\d{7}/.exec(u.title)?.[0] ?? u.title))].join(', ');
  return [
    reason('UPDATE_FAILURE_EVIDENCE', {
      count: failedUpdates.length,
      updates: kbs || 'KB5034441/KB5034439',
      events: winreAgentEvents.length,
    }),
  ];
}

export function refusedPlan(
  snapshot: Snapshot,
  options: PlannerOptions,
  reasons: readonly Reason[],
  target: Target = EMPTY_TARGET,
  sizing?: Sizing,
): Plan {
  return {
    schemaVersion: 1,
    verdict: 'refused',
    case: 'refused',
    reasons: [...reasons, ...evidenceReasons(snapshot)],
    sizing: sizing ?? emptySizing(options),
    target,
    steps: [],
  };
}

export function compliantPlan(
  snapshot: Snapshot,
  options: PlannerOptions,
  target: Target,
  why: readonly Reason[],
  blockers: readonly Reason[],
): Plan {
  // A compliant PC is compliant even when we could not have changed it (not elevated, Server Core...): nothing
  // to do is the answer; the blockers are kept as information.
  const info = blockers.map((b) => ({ ...b, severity: 'info' as const }));
  return {
    schemaVersion: 1,
    verdict: 'compliant',
    case: 'compliant',
    reasons: [...why, ...info, ...evidenceReasons(snapshot)],
    sizing: emptySizing(options),
    target,
    steps: [],
  };
}

/**
 * Roll-back planning, pure: from what a run started and completed, the steps that bring back a working WinRE the
 * way it was. What undoes each step kind is its catalogue entry's `undo` (src/domain/steps/); this module only
 * collects them in the roll-back's stage order (ROLLBACK_STAGES: clear the way, recreate the original partition,
 * WinRE back, files back, this run's backup deleted, BitLocker resumed). Used when a step FAILS; an interrupted
 * run (crash, power cut, reboot) rolls forward instead. The shrink of C: is not undone: a C: smaller by a few
 * hundred MiB harms nothing, and growing it back would be one more partition operation at the worst moment
 * (docs/cases.md).
 */
import type { Step } from '../contracts/generated/plan';
import type { Journal } from '../contracts/generated/journal';
import { makeStep, stepDefinition, stepParams } from './steps/catalogue';
import { ROLLBACK_STAGES, type RollbackContext, type StepKind, type Undo } from './steps/definition';

type StepRecord = Journal['steps'][number];

function started(journal: Journal, kind: StepKind): boolean {
  return journal.steps.some((s) => s.kind === kind && s.status !== 'pending');
}

function rollbackContext(journal: Journal, systemDrive: string): RollbackContext {
  const orig = journal.original.recoveryPartition;
  return {
    diskUniqueId: journal.disk.uniqueId,
    partitionStyle: journal.plan.target.disk?.partitionStyle ?? 'GPT',
    systemDrive,
    winreLeft: started(journal, 'disable-winre'),
    bitLockerSuspended: journal.original.bitLockerSuspended,
    originalRecovery: orig ? { offset: orig.offset, size: orig.size, label: orig.label ?? null } : null,
    imageSha256: journal.original.imageSha256,
    newRecoveryPartition: journal.plan.target.newRecoveryPartition,
    keepNewPartition: journal.plan.case === 'move-winre-off-os-volume' && started(journal, 'disable-winre'),
  };
}

function undoOf<K extends StepKind>(kind: K, record: StepRecord, ctx: RollbackContext): readonly Undo[] {
  const rule = stepDefinition(kind).undo;
  if (!rule) return [];
  const due = rule.when === 'started' ? record.status !== 'pending' : record.status === 'completed';
  return due ? rule.steps(ctx, stepParams(kind, record.params)) : [];
}

/**
 * The roll-back of a failed run: the undo of every step it started (or completed, as each kind says), in stage
 * order. Before WinRE left its partition that is at most this run's backup deleted and BitLocker resumed; after,
 * the original recovery partition and WinRE on it come back, and the backup is deleted last, when every step
 * before it completed (a failed roll-back stops before it, so a degraded PC keeps its backup).
 */
export function rollbackSteps(journal: Journal, systemDrive = 'C:'): Step[] {
  const ctx = rollbackContext(journal, systemDrive);
  const undos = journal.steps.flatMap((record) => undoOf(record.kind, record, ctx));
  const ordered = ROLLBACK_STAGES.flatMap((stage) => undos.filter((u) => u.stage === stage));
  return ordered.map((u, i) =>
    makeStep(u.kind, i + 1, u.params, { purpose: 'roll-back', shrinkOsBy: 0, createsPartition: false }),
  );
}

/** The last resort when neither the plan nor the roll-back can finish: WinRE on the OS volume, reported degraded. */
export function lastResortSteps(journal: Journal): Step[] {
  return [
    makeStep(
      'enable-winre-on-os-volume',
      1,
      { imageSha256: journal.original.imageSha256 },
      { purpose: 'last-resort', shrinkOsBy: 0, createsPartition: false },
    ),
  ];
}

/**
 * The step catalogue: exactly one complete definition per step kind (src/domain/steps/definition.ts says what a
 * definition holds). A kind without an entry, an entry without a field, or an entry for no kind does not compile
 * (`satisfies StepCatalogue`; test/unit/domain/step-catalogue-typecheck.test.ts proves it). The plan schema's
 * kind enum is generated from it (`npm run gen:types`), and the planner's recipe, the roll-back
 * (src/domain/rollback.ts), the executor's rules (src/engine/executor.ts) and the printed plan
 * (src/cli/render-plan.ts) all read it: adding a step kind is an entry here, its script and the simulator.
 */
import type { Step } from '../../contracts/generated/plan';
import type { Language } from '../reasons';
import type { Snapshot } from '../snapshot';
import { resumeBitLocker, suspendBitLocker } from './bitlocker';
import type {
  StepCatalogue,
  StepContext,
  StepDefinition,
  StepErrorId,
  StepKind,
  StepParams,
  StepPurpose,
} from './definition';
import { backupRecoveryFiles, keepBackup, removeBackup, restoreRecoveryFiles } from './files';
import {
  formatRecoveryVolume,
  newRecoveryPartition,
  removeRecoveryPartition,
  resizeOsPartition,
  setRecoveryAttributes,
} from './partitions';
import { buildPatchedImage, installPatchedImage, restoreStagedImage, verifyPatchedWinRe } from './safeos';
import {
  disableWinRe,
  enableWinRe,
  enableWinReOnOsVolume,
  stageSuppliedImage,
  verifyStagedImage,
  verifyWinRe,
} from './winre';

export const STEP_CATALOGUE = {
  'stage-supplied-image': stageSuppliedImage,
  'suspend-bitlocker': suspendBitLocker,
  'backup-recovery-files': backupRecoveryFiles,
  'keep-backup': keepBackup,
  'resize-os-partition': resizeOsPartition,
  'disable-winre': disableWinRe,
  'verify-staged-image': verifyStagedImage,
  'remove-recovery-partition': removeRecoveryPartition,
  'new-recovery-partition': newRecoveryPartition,
  'format-recovery-volume': formatRecoveryVolume,
  'enable-winre': enableWinRe,
  'set-recovery-attributes': setRecoveryAttributes,
  'restore-recovery-files': restoreRecoveryFiles,
  'verify-winre': verifyWinRe,
  'remove-backup': removeBackup,
  'enable-winre-on-os-volume': enableWinReOnOsVolume,
  'resume-bitlocker': resumeBitLocker,
  'build-patched-image': buildPatchedImage,
  'install-patched-image': installPatchedImage,
  'restore-staged-image': restoreStagedImage,
  'verify-patched-winre': verifyPatchedWinRe,
} satisfies StepCatalogue;

/** Every step kind, in catalogue order (the order of the plan schema's enum). */
export const STEP_KINDS = Object.keys(STEP_CATALOGUE) as StepKind[];

/**
 * The kinds the plan schema names (generated from this catalogue) are exactly the catalogue's: a schema that was
 * not regenerated after a catalogue change fails here at compile time (and test/contract/step-kinds.test.ts).
 */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const kindsMatchSchema: Same<StepKind, Step['kind']> = true;
void kindsMatchSchema;

export function stepDefinition<K extends StepKind>(kind: K): StepDefinition<K> {
  return (STEP_CATALOGUE as StepCatalogue)[kind];
}

export function isStepKind(kind: string): kind is StepKind {
  return Object.prototype.hasOwnProperty.call(STEP_CATALOGUE, kind);
}

/**
 * The typed parameters of a step read back from a plan or journal. The one place they are trusted as typed: every
 * plan step is made by makeStep from typed parameters, and a journal is schema-, version- and checksum-checked
 * before it is read (src/engine/journal.ts). The executor's own `StateFolder` rides along untyped.
 */
export function stepParams<K extends StepKind>(_kind: K, params: Step['params']): StepParams<K> {
  return params as unknown as StepParams<K>;
}

/** What the plan says around a step (its reasons and postcondition texts depend on it). */
export interface PlanContext {
  readonly purpose: StepPurpose;
  readonly shrinkOsBy: number;
  readonly createsPartition: boolean;
  /** The plan patches the WinRE image offline (its reasons for disable and enable say so). */
  readonly patchesImage?: boolean;
}

/** A plan step of `kind`: script, mutating, reason and postcondition from its catalogue entry. */
export function makeStep<K extends StepKind>(
  kind: K,
  id: number,
  params: StepParams<K>,
  plan: PlanContext,
): Step {
  const def = stepDefinition(kind);
  const ctx: StepContext<K> = { params, ...plan };
  return {
    id,
    kind,
    script: def.script,
    mutating: def.mutating,
    params: params as unknown as Step['params'],
    reason: def.reason(ctx).en,
    postcondition: def.postcondition.text(ctx),
  };
}

/** Why a plan step runs, in `language`; English is the plan's own text (it is data: report, journal, log). */
export function stepReason(
  step: Pick<Step, 'kind' | 'params' | 'reason'>,
  plan: { readonly sizing: { readonly shrinkOsBy: number }; readonly steps: readonly Pick<Step, 'kind'>[] },
  language: Language,
): string {
  if (language === 'en') return step.reason;
  return reasonOf(step.kind, step.params, {
    purpose: 'fix',
    shrinkOsBy: plan.sizing.shrinkOsBy,
    createsPartition: plan.steps.some((s) => s.kind === 'new-recovery-partition'),
    patchesImage: plan.steps.some((s) => s.kind === 'build-patched-image'),
  })[language];
}

function reasonOf<K extends StepKind>(kind: K, params: Step['params'], plan: PlanContext) {
  return stepDefinition(kind).reason({ params: stepParams(kind, params), ...plan });
}

/**
 * The postcondition of a step, checked on a fresh snapshot: a failure text, or null when it holds (or when the
 * step has none: its script checks its own work).
 */
export function checkPostcondition(
  step: Pick<Step, 'kind' | 'params'>,
  snapshot: Snapshot,
  diskUniqueId: string,
): string | null {
  return check(step.kind, step.params, snapshot, diskUniqueId);
}

function check<K extends StepKind>(
  kind: K,
  params: Step['params'],
  snapshot: Snapshot,
  diskUniqueId: string,
): string | null {
  const rule = stepDefinition(kind).postcondition.check;
  if (!rule) return null;
  const disk = snapshot.disks.find((d) => d.uniqueId === diskUniqueId);
  if (!disk) return `the disk ${diskUniqueId} is no longer present`;
  return rule(stepParams(kind, params), snapshot, disk);
}

/**
 * Whether a step that failed on its `attempts`-th try is tried again: by its retry rule and the failure's
 * structured error id (null: not a refusal of a step script), never by the message text.
 */
export function shouldRetry(kind: StepKind, attempts: number, errorId: string | null): boolean {
  const rule = stepDefinition(kind).retry;
  return attempts <= rule.retries && !(errorId !== null && rule.never.includes(errorId as StepErrorId));
}

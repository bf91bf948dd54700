/**
 * What a step kind IS, in one typed definition (the step catalogue, src/domain/steps/catalogue.ts): the script it
 * runs, whether it changes the PC, its typed parameters, when it is retried, what proves it done, what undoes it,
 * how a plan shows it, and why it runs in every language. Everything else derives from the catalogue: the plan
 * schema's kind enum (`npm run gen:types`), the planner's recipe, the roll-back, the executor's rules and the plan
 * as printed. Every field is required: an entry that forgets one does not compile
 * (test/unit/domain/step-catalogue-typecheck.test.ts).
 */
import type { Language } from '../reasons';
import type { DiskFacts, PartitionStyle, Snapshot, SnapshotPart } from '../snapshot';

/**
 * The step kinds and their typed parameters: the one list of kinds. `npm run gen:types` writes it into
 * schemas/plan.schema.json (`$defs/stepKind`), which the journal refers to; test/contract/step-kinds.test.ts fails
 * when the schema differs. A parameter name misspelled anywhere is a compile error, not NaN at run time.
 */
export interface StepParamsByKind {
  /** The image given with --wim, verified when planned: staged only if the local copy has this hash. */
  'stage-supplied-image': { sourcePath: string; imageSha256: string; imageSize: number };
  'suspend-bitlocker': { mountPoint: string; rebootCount: number };
  'backup-recovery-files': { diskUniqueId: string; partitionOffset: number; partitionGuid: string | null };
  /**
   * `--keep-backup`: the verified backup copied to the administrator's `folder` (its run folder, KeepFolder, is
   * added by the journal: src/engine/run-journal.ts). `bytes`: the plan's estimate, for the printed plan.
   */
  'keep-backup': { folder: string; computerName: string; bytes: number };
  'resize-os-partition': { diskUniqueId: string; partitionOffset: number; fromSize: number; toSize: number };
  'disable-winre': Record<string, never>;
  'verify-staged-image': { imageSha256: string; imageSize: number };
  'remove-recovery-partition': {
    diskUniqueId: string;
    partitionOffset: number;
    partitionSize: number;
    partitionGuid: string | null;
  };
  'new-recovery-partition': {
    diskUniqueId: string;
    offset: number;
    size: number;
    partitionStyle: PartitionStyle;
    gptType: string | null;
    /** 'defer': set after enable by set-recovery-attributes (one partition operation fewer without WinRE). */
    gptAttributes: string | null;
    mbrType: number | null;
  };
  'format-recovery-volume': { diskUniqueId: string; offset: number; label: string };
  'enable-winre': { diskUniqueId: string; partitionOffset: number; imageSha256: string };
  'set-recovery-attributes': { diskUniqueId: string; partitionOffset: number; gptAttributes: string };
  'restore-recovery-files': { diskUniqueId: string; partitionOffset: number };
  'verify-winre': {
    diskUniqueId: string;
    partitionOffset: number;
    requiredFree: number;
    imageSha256: string;
    /** Only for a partition this run made: the label and (GPT, else '') the attributes it was made with. */
    label?: string;
    gptAttributes?: string;
  };
  'remove-backup': Record<string, never>;
  'enable-winre-on-os-volume': { imageSha256: string };
  'resume-bitlocker': { mountPoint: string };
  /** The Safe OS patch (src/domain/steps/safeos.ts): the image's version and hash before, the package given. */
  'build-patched-image': {
    packagePath: string;
    packageSha256: string;
    kb: string | null;
    sourceSha256: string;
    fromVersion: string;
    architecture: number | null;
    editionId: string | null;
  };
  'install-patched-image': { fromSha256: string; fromVersion: string };
  'restore-staged-image': { imageSha256: string };
  'verify-patched-winre': { fromSha256: string; fromVersion: string };
}

export type StepKind = keyof StepParamsByKind;
export type StepParams<K extends StepKind> = StepParamsByKind[K];

/** How a plan shows a step (Terraform's plan symbols): creates, changes, checks, deletes. */
export type PlanSymbol = '+' | '~' | '?' | '-';

/**
 * The structured ids of the errors a step script refuses with (ps-scripts/lib/StepCommon.ps1 `New-StepError`,
 * carried as the error record's FullyQualifiedErrorId): never read from a message text.
 */
export type StepErrorId =
  | 'WinReFix.IdentityMismatch'
  | 'WinReFix.UnexpectedState'
  | 'WinReFix.ReAgentCFailed'
  | 'WinReFix.DiskPartFailed'
  /** Done, but in effect only after a restart (Enable-WinRe: /enable registered WinRE, /info says Disabled). */
  | 'WinReFix.RestartPending'
  /** DISM's 0x800f081e: the Safe OS package does not apply to this image (family or architecture). */
  | 'WinReFix.PackageNotApplicable'
  /** The package left the image's version where it was: it was in the image already. */
  | 'WinReFix.PackageAlreadyApplied';

/**
 * A refusal that changed nothing ("wrong disk", "neither before nor after"): retrying cannot help and rolling
 * forward again would act on a PC that is not the planned one.
 */
export const REFUSALS: readonly StepErrorId[] = ['WinReFix.IdentityMismatch', 'WinReFix.UnexpectedState'];

/** When a failed step is tried again (once, after the executor's pause) before the run rolls back. */
export interface RetryRule {
  /** Further attempts after the first failure (0: none). */
  readonly retries: 0 | 1;
  /** Errors (by structured id) that are never retried. */
  readonly never: readonly StepErrorId[];
  /**
   * 'shrink': a refusal of the shrink limit (src/domain/shrink-retry.ts `isShrinkLimitError`) follows the shrink
   * retry ladder (at once, after a pause, after `defrag /X`) instead of the one retry; other failures keep it.
   */
  readonly ladder?: 'shrink';
}

/** Why a step runs, in every language the tool speaks. */
export type Localized = { readonly [L in Language]: string };

/** What a step is in the plan for. */
export type StepPurpose = 'fix' | 'roll-back' | 'last-resort';

/** What a reason or postcondition text may say: the step's parameters and the plan's numbers. */
export interface StepContext<K extends StepKind> {
  readonly params: StepParams<K>;
  readonly purpose: StepPurpose;
  /** Bytes the plan takes from C:. */
  readonly shrinkOsBy: number;
  /** True when the plan creates a recovery partition. */
  readonly createsPartition: boolean;
  /** True when the plan patches the WinRE image offline (`fix --safeos-package`). */
  readonly patchesImage?: boolean;
}

/**
 * The order of a roll-back, whatever the order the undone steps ran in: clear the way (a partition this run made),
 * recreate the original partition, put the unpatched staged image back (a Safe OS patch), put WinRE back, put the other files back, delete this run's backup, and last
 * resume BitLocker (only when nothing else changed).
 */
export const ROLLBACK_STAGES = [
  'clear',
  'recreate',
  'image',
  'winre',
  'files',
  'backup',
  'protection',
] as const;
export type RollbackStage = (typeof ROLLBACK_STAGES)[number];

/** One step of a roll-back, with typed parameters. */
export type Undo = {
  readonly [K in StepKind]: {
    readonly stage: RollbackStage;
    readonly kind: K;
    readonly params: StepParams<K>;
  };
}[StepKind];

/** What a roll-back knows of the run it undoes (read from the journal). */
export interface RollbackContext {
  readonly diskUniqueId: string;
  readonly partitionStyle: PartitionStyle;
  readonly systemDrive: string;
  /** reagentc /disable ran (started): WinRE left its partition and must be put back. */
  readonly winreLeft: boolean;
  readonly bitLockerSuspended: boolean;
  /** The recovery partition before the run, with its volume label (null: none, or a journal of an earlier version). */
  readonly originalRecovery: {
    readonly offset: number;
    readonly size: number;
    readonly label: string | null;
  } | null;
  readonly imageSha256: string;
  readonly newRecoveryPartition: { readonly offset: number; readonly size: number } | null;
  /**
   * The run moved WinRE off an encrypted C: (case move-winre-off-os-volume) and /disable ran: reagentc cannot put
   * WinRE back on C:, and every partition change was complete before /disable, so the roll-back keeps the new
   * partition and enables WinRE on it (docs/reference/bitlocker.md#winre-on-an-encrypted-c).
   */
  readonly keepNewPartition: boolean;
}

/** What undoes a step of a failed run; `null`: nothing (with the reason in the entry's comment). */
export interface UndoRule<K extends StepKind> {
  /** Undo once the step `started` (it may have half-happened) or only once it `completed`. */
  readonly when: 'started' | 'completed';
  readonly steps: (ctx: RollbackContext, params: StepParams<K>) => readonly Undo[];
}

/** What a completed step records in the journal besides its own status. */
export type JournalEffect = 'bitlocker-suspended' | 'bitlocker-resumed' | 'winre-disabled' | 'winre-enabled';

/** The outcome of a failure the executor cannot fix by retrying: roll back, or go on without the step. */
export type OnFailure = 'roll-back' | 'skip';

/** The postcondition: its words in the plan, and its check on a fresh read of the PC. */
export interface Postcondition<K extends StepKind> {
  readonly text: (ctx: StepContext<K>) => string;
  /**
   * A failure text, or null when it holds. `null` instead of a function: the step's own script verifies its work
   * (hash-checked files, the health check) and nothing is re-read after it. `disk` is the run's disk in
   * `snapshot` (its absence fails every postcondition before this is called).
   */
  readonly check: ((params: StepParams<K>, snapshot: Snapshot, disk: DiskFacts) => string | null) | null;
  /** What the step can change, re-read before `check` (empty exactly when check is null). */
  readonly rereads: readonly SnapshotPart[];
}

/** What a step's script result must show beyond its postcondition (the final health check), or null. */
export type ResultCheck = (result: Readonly<Record<string, unknown>>, imageSha256: string) => string | null;

export interface StepDefinition<K extends StepKind> {
  /** The ps-script (Verb-Noun) that performs it; its result schema follows by the naming rule. */
  readonly script: string;
  /** Changes the PC (stated here only; nothing derives it from the script's verb). */
  readonly mutating: boolean;
  readonly symbol: PlanSymbol;
  readonly retry: RetryRule;
  readonly postcondition: Postcondition<K>;
  readonly checkResult: ResultCheck | null;
  readonly undo: UndoRule<K> | null;
  readonly effect: JournalEffect | null;
  readonly onFailure: OnFailure;
  /** The executor adds this run's backup folder (`StateFolder`) to its parameters. */
  readonly usesBackupFolder: boolean;
  /** The "still running" note of a long step, or null for "<script> still running". */
  readonly progress: string | null;
  readonly reason: (ctx: StepContext<K>) => Localized;
}

/** The catalogue's shape: exactly one complete definition per kind. */
export type StepCatalogue = { readonly [K in StepKind]: StepDefinition<K> };

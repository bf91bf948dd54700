/**
 * The planner: a pure function from a validated Snapshot (and the policy) to a Plan. No I/O, no clock, no
 * randomness (lint-enforced for src/domain). Audit prints its result; fix applies it step by step.
 *
 * It first finds the pieces (OS disk and partition, the WinRE partition), collects EVERY blocker before deciding
 * (changesets-style), then sizes the new recovery partition and emits the step recipe of the case.
 * Cases (docs/cases.md):
 *  - compliant: WinRE enabled with >= servicingFreeBytes free, or WinRE on the OS volume.
 *  - grow-recovery-after-os: the WinRE partition is the next partition after C: (by offset, gaps allowed):
 *    shrink C: only by what free space next to it does not cover, then delete and recreate it bigger (KB5028997).
 *  - enable-staged-image: WinRE disabled with Winre.wim staged, and a recovery partition after C: already big
 *    enough: just enable it there.
 *  - new-recovery-after-os: WinRE (or the only recovery partition) lies before C:, or there is none: create a new
 *    recovery partition after C: (Microsoft's sample script does the same) and leave the old one untouched.
 *  - move-winre-off-os-volume: WinRE enabled on a C: that BitLocker encrypts (docs/reference/bitlocker.md#winre-on-an-encrypted-c):
 *    every partition change first, while WinRE still works from C:, then disable and enable on the partition after C:.
 *
 * The seams live in src/domain/planning/: layout (where things are), blockers, sizing (the arithmetic), decision
 * (which case), verdicts (plans without steps). This file composes them and holds the step recipe.
 */
import type { Plan, Reason, Sizing, Step } from '../contracts/generated/plan';
import type { DiskFacts, PartitionFacts, Snapshot } from './snapshot';
import { DEFAULT_PLANNER_OPTIONS, type PlannerOptions } from './policy';
import { makeStep } from './steps/catalogue';
import type { StepKind, StepParams } from './steps/definition';
import { environmentBlockers } from './planning/blockers';
import { bitLockerToSuspend, decideFix, judgeWinRe } from './planning/decision';
import {
  locateOs,
  osTarget,
  partitionRef,
  RECOVERY_GPT_ATTRIBUTES,
  RECOVERY_GPT_TYPE,
  RECOVERY_LABEL,
  RECOVERY_MBR_TYPE,
} from './planning/layout';
import { reason } from './planning/reason';
import { checkKeepPath, keepBackupBlockers, keptBytesEstimate, type KeepBackupRequest } from './keep-backup';
import { judgePatchLevel, patchLevelReason } from './winre-patch-level';
import { judgeSuppliedImage, type SuppliedJudgement } from './supplied-image';
import { compliantPlan, evidenceReasons, refusedPlan } from './planning/verdicts';
import {
  alreadyPatched,
  patchSteps,
  safeOsBlockers,
  sourceImage,
  type SafeOsPackage,
} from './planning/safeos';

export {
  isRecoveryPartition,
  RECOVERY_GPT_ATTRIBUTES,
  RECOVERY_GPT_TYPE,
  RECOVERY_LABEL,
  RECOVERY_MBR_TYPE,
  usableEnd,
} from './planning/layout';

interface RecipeInput {
  readonly disk: DiskFacts;
  readonly os: PartitionFacts;
  readonly oldRecovery: PartitionFacts | null;
  /** Delete and recreate the old partition (grow) rather than create a new one beside it. */
  readonly replaceOld: boolean;
  readonly winreEnabled: boolean;
  readonly sizing: Sizing;
  readonly newOffset: number;
  readonly suspendBitLocker: boolean;
  readonly imageSha256: string | null;
  readonly enableOnly: boolean;
  /** WinRE leaves an encrypted C: (case move-winre-off-os-volume). */
  readonly moveOffOs: boolean;
  /** The image given with --wim, staged first (before anything else changes). */
  readonly supplied: { readonly path: string; readonly sha256: string; readonly size: number } | null;
  /** `--keep-backup`: the folder, already accepted by keepBackupBlockers. */
  readonly keepBackup: { readonly folder: string; readonly computerName: string } | null;
}

/**
 * The recipe backs the old recovery partition up: it deletes it, or WinRE's image leaves it (moving WinRE off an
 * encrypted C: backs up only a partition it deletes: WinRE's image is on C:).
 */
function makesBackup(
  oldRecovery: PartitionFacts | null,
  input: { winreEnabled: boolean; replaceOld: boolean; enableOnly: boolean; moveOffOs: boolean },
): boolean {
  if (oldRecovery === null || input.enableOnly) return false;
  return input.moveOffOs ? input.replaceOld : input.winreEnabled || input.replaceOld;
}

/**
 * The new partition's label: the old one's when it replaces it and had one (OEM recovery tools look their partition
 * up by label: Dell's WINRETOOLS, Lenovo's WINRE_DRV; docs/reference/partition-layouts.md#captured-layouts), else
 * "Windows RE tools" as KB5028997 formats it. A partition made beside the old one takes the default: two volumes
 * with an OEM's label would make its tools pick either.
 */
function recoveryLabel(oldRecovery: PartitionFacts | null, replaceOld: boolean): string {
  const old = oldRecovery?.volume?.label;
  return replaceOld && old ? old : RECOVERY_LABEL;
}

type AddStep = <K extends StepKind>(kind: K, params: StepParams<K>) => void;

/** The backup of the old recovery partition, and right after it the admin's kept copy (src/domain/steps/files.ts). */
function addBackup(add: AddStep, input: RecipeInput, oldRecovery: PartitionFacts): void {
  add('backup-recovery-files', {
    diskUniqueId: input.disk.uniqueId,
    partitionOffset: oldRecovery.offset,
    partitionGuid: oldRecovery.guid,
  });
  // The kept copy comes right after the verified backup, before anything changes.
  if (input.keepBackup) {
    add('keep-backup', {
      folder: input.keepBackup.folder,
      computerName: input.keepBackup.computerName,
      bytes: keptBytesEstimate(oldRecovery),
    });
  }
}

function addShrink(add: AddStep, input: RecipeInput): void {
  const { os, sizing } = input;
  if (sizing.shrinkOsBy <= 0) return;
  add('resize-os-partition', {
    diskUniqueId: input.disk.uniqueId,
    partitionOffset: os.offset,
    fromSize: os.size,
    toSize: os.size - sizing.shrinkOsBy,
  });
}

function addRemoveOld(add: AddStep, input: RecipeInput, oldRecovery: PartitionFacts): void {
  add('remove-recovery-partition', {
    diskUniqueId: input.disk.uniqueId,
    partitionOffset: oldRecovery.offset,
    partitionSize: oldRecovery.size,
    partitionGuid: oldRecovery.guid,
  });
}

/** Create the new partition typed as recovery in the create call, and format it with `label`. */
function addNewPartition(add: AddStep, input: RecipeInput, label: string): void {
  const { disk } = input;
  const gpt = disk.partitionStyle === 'GPT';
  add('new-recovery-partition', {
    diskUniqueId: disk.uniqueId,
    offset: input.newOffset,
    size: input.sizing.targetRecoverySize,
    partitionStyle: disk.partitionStyle,
    gptType: gpt ? RECOVERY_GPT_TYPE : null,
    // Attributes come after enable (set-recovery-attributes): one partition operation fewer without WinRE.
    gptAttributes: gpt ? 'defer' : null,
    mbrType: gpt ? null : RECOVERY_MBR_TYPE,
  });
  add('format-recovery-volume', { diskUniqueId: disk.uniqueId, offset: input.newOffset, label });
}

/**
 * The risk-minimising order (docs/reference/tools-landscape.md#what-a-better-tool-must-do): shrink while WinRE is
 * still enabled; 3 mutations at most while disabled. Each step's
 * script, mutating flag, reason and postcondition come from the step catalogue (src/domain/steps/); its
 * parameters are typed per kind.
 */
function recipe(input: RecipeInput): Step[] {
  if (input.moveOffOs) return moveOffOsRecipe(input);
  const { disk, os, oldRecovery, sizing } = input;
  const steps: Step[] = [];
  const context = {
    purpose: 'fix',
    shrinkOsBy: sizing.shrinkOsBy,
    createsPartition: !input.enableOnly,
  } as const;
  const add = <K extends StepKind>(kind: K, params: StepParams<K>): void => {
    steps.push(makeStep(kind, steps.length + 1, params, context));
  };
  const diskId = disk.uniqueId;
  const imageSha256 = input.imageSha256 ?? '';
  // The supplied image first: its copy (over the network, maybe) is the step most likely to fail, and nothing
  // else has changed when it does.
  if (input.supplied) {
    add('stage-supplied-image', {
      sourcePath: input.supplied.path,
      imageSha256: input.supplied.sha256,
      imageSize: input.supplied.size,
    });
  }
  if (input.suspendBitLocker) {
    add('suspend-bitlocker', { mountPoint: os.driveLetter ? `${os.driveLetter}:` : '', rebootCount: 1 });
  }
  if (input.enableOnly && oldRecovery) {
    add('enable-winre', { diskUniqueId: diskId, partitionOffset: oldRecovery.offset, imageSha256 });
    add('verify-winre', {
      diskUniqueId: diskId,
      partitionOffset: oldRecovery.offset,
      requiredFree: sizing.requiredFree,
      imageSha256,
    });
    return steps;
  }
  if (oldRecovery && makesBackup(oldRecovery, input)) addBackup(add, input, oldRecovery);
  addShrink(add, input);
  if (input.winreEnabled) {
    add('disable-winre', {});
    add('verify-staged-image', { imageSha256, imageSize: sizing.imageSize });
  }
  if (oldRecovery && input.replaceOld) addRemoveOld(add, input, oldRecovery);
  const gpt = disk.partitionStyle === 'GPT';
  const label = recoveryLabel(oldRecovery, input.replaceOld);
  addNewPartition(add, input, label);
  add('enable-winre', { diskUniqueId: diskId, partitionOffset: input.newOffset, imageSha256 });
  if (gpt) {
    add('set-recovery-attributes', {
      diskUniqueId: diskId,
      partitionOffset: input.newOffset,
      gptAttributes: RECOVERY_GPT_ATTRIBUTES,
    });
  }
  if (oldRecovery && input.replaceOld) {
    add('restore-recovery-files', { diskUniqueId: diskId, partitionOffset: input.newOffset });
  }
  add('verify-winre', {
    diskUniqueId: diskId,
    partitionOffset: input.newOffset,
    requiredFree: sizing.requiredFree,
    imageSha256,
    // A partition this run made must also carry the label and (GPT) the attributes it was made with.
    label,
    gptAttributes: gpt ? RECOVERY_GPT_ATTRIBUTES : '',
  });
  if (oldRecovery && (input.winreEnabled || input.replaceOld)) {
    add('remove-backup', {});
  }
  return steps;
}

/**
 * WinRE off an encrypted C:. reagentc cannot put it back on C: once disabled (it refuses a volume that is not fully
 * decrypted), so the order differs from the other recipes: every partition change (backup, shrink, delete and
 * recreate or create, format, OEM files back) happens while WinRE still works from C:, and the disabled window holds
 * only /disable and /enable. A roll-back after /disable keeps the new partition and enables WinRE there
 * (src/domain/rollback.ts).
 */
function moveOffOsRecipe(input: RecipeInput): Step[] {
  const { disk, os, oldRecovery, sizing } = input;
  const inPlace = input.newOffset === oldRecovery?.offset && !input.replaceOld;
  const steps: Step[] = [];
  const context = { purpose: 'fix', shrinkOsBy: sizing.shrinkOsBy, createsPartition: !inPlace } as const;
  const add = <K extends StepKind>(kind: K, params: StepParams<K>): void => {
    steps.push(makeStep(kind, steps.length + 1, params, context));
  };
  const diskId = disk.uniqueId;
  const imageSha256 = input.imageSha256 ?? '';
  const gpt = disk.partitionStyle === 'GPT';
  const replace = oldRecovery !== null && input.replaceOld;
  const label = recoveryLabel(oldRecovery, input.replaceOld);
  if (input.suspendBitLocker) {
    add('suspend-bitlocker', { mountPoint: os.driveLetter ? `${os.driveLetter}:` : '', rebootCount: 1 });
  }
  if (replace) addBackup(add, input, oldRecovery);
  addShrink(add, input);
  if (replace) addRemoveOld(add, input, oldRecovery);
  if (!inPlace) addNewPartition(add, input, label);
  if (replace) add('restore-recovery-files', { diskUniqueId: diskId, partitionOffset: input.newOffset });
  add('disable-winre', {});
  add('verify-staged-image', { imageSha256, imageSize: sizing.imageSize });
  add('enable-winre', { diskUniqueId: diskId, partitionOffset: input.newOffset, imageSha256 });
  if (gpt && !inPlace) {
    add('set-recovery-attributes', {
      diskUniqueId: diskId,
      partitionOffset: input.newOffset,
      gptAttributes: RECOVERY_GPT_ATTRIBUTES,
    });
  }
  add('verify-winre', {
    diskUniqueId: diskId,
    partitionOffset: input.newOffset,
    requiredFree: sizing.requiredFree,
    imageSha256,
    ...(inPlace ? {} : { label, gptAttributes: gpt ? RECOVERY_GPT_ATTRIBUTES : '' }),
  });
  if (replace) add('remove-backup', {});
  return steps;
}

export function plan(snapshot: Snapshot, options: PlannerOptions = DEFAULT_PLANNER_OPTIONS): Plan {
  const supplied = judgeSuppliedImage(snapshot, options);
  const planned = decide(snapshot, options, supplied);
  const room: Plan = supplied
    ? {
        ...planned,
        suppliedImage: supplied.summary,
        reasons: supplied.status === 'not-needed' ? [...planned.reasons, supplied.note] : planned.reasons,
      }
    : planned;
  const decided = options.safeosPackage
    ? withSafeOsPatch(snapshot, options, options.safeosPackage, room)
    : room;
  // The WinRE patch level is information about every PC, whatever the verdict: it never changes the verdict.
  const level = judgePatchLevel(snapshot, options.winreBaseline, decided);
  const image =
    snapshot.winre.reagentc.status === 'Enabled' ? snapshot.winre.activeImage : snapshot.winre.stagedImage;
  const imageError = image?.wim && !image.wim.readable ? image.wim.error : image ? null : 'no Winre.wim';
  return {
    ...decided,
    reasons: [...decided.reasons, patchLevelReason(level, imageError)],
    winrePatchLevel: level,
  };
}

function decide(snapshot: Snapshot, options: PlannerOptions, supplied?: SuppliedJudgement): Plan {
  const located = locateOs(snapshot);
  const blockers = environmentBlockers(snapshot, options, located);
  if (!located) {
    return refusedPlan(snapshot, options, [
      ...blockers,
      reason('OS_PARTITION_NOT_FOUND', { drive: snapshot.os.systemDrive }),
    ]);
  }
  const baseTarget = osTarget(located);
  // A supplied image that fails its checks refuses the plan before anything else is judged (exit 31).
  if (supplied?.status === 'rejected') {
    return refusedPlan(snapshot, options, [...blockers, ...supplied.blockers], baseTarget);
  }
  const accepted = supplied?.status === 'accepted' ? supplied : undefined;
  const winre = judgeWinRe(snapshot, located, options.policy, accepted);
  if (winre.kind === 'refused')
    return refusedPlan(snapshot, options, [...blockers, winre.blocker], baseTarget);
  if (winre.kind === 'compliant') {
    const { recoveryPartition } = winre;
    const target = { ...baseTarget, recoveryPartition: recoveryPartition && partitionRef(recoveryPartition) };
    return compliantPlan(snapshot, options, target, [winre.why], blockers);
  }

  const fix = decideFix(snapshot, located, options, winre);
  const target = {
    ...baseTarget,
    recoveryPartition: fix.oldRecovery && partitionRef(fix.oldRecovery),
    newRecoveryPartition: fix.newRecoveryPartition,
  };
  const keep = keepBackupDecision(snapshot, options, fix);
  const allBlockers = [...blockers, ...fix.blockers, ...keep.blockers];
  if (allBlockers.length > 0) {
    return refusedPlan(snapshot, options, [...allBlockers, winre.cause, ...fix.warnings], target, fix.sizing);
  }
  const bitLocker = bitLockerToSuspend(snapshot, located.os);
  const suspend = bitLocker ? [reason('BITLOCKER_WILL_SUSPEND', { mountPoint: bitLocker.mountPoint })] : [];
  return {
    schemaVersion: 1,
    verdict: 'needs-fix',
    case: fix.case,
    reasons: [
      winre.cause,
      ...(accepted?.warnings ?? []),
      ...fix.warnings,
      ...keep.warnings,
      ...suspend,
      ...evidenceReasons(snapshot),
    ],
    sizing: fix.sizing,
    target,
    steps: recipe({
      disk: located.disk,
      os: located.os,
      oldRecovery: fix.oldRecovery,
      replaceOld: fix.replaceOld,
      winreEnabled: fix.winreEnabled,
      sizing: fix.sizing,
      newOffset: fix.newOffset,
      suspendBitLocker: bitLocker !== undefined,
      imageSha256: winre.image.sha256,
      enableOnly: fix.case === 'enable-staged-image',
      moveOffOs: fix.case === 'move-winre-off-os-volume',
      supplied: accepted
        ? { path: accepted.summary.path, sha256: accepted.sha256, size: accepted.size }
        : null,
      keepBackup: keep.step,
    }),
  };
}

/**
 * `fix --safeos-package`: the plan with the offline WinRE patch (src/domain/planning/safeos.ts). A PC the room
 * plan refuses stays refused (with the patch's own blockers added); a compliant one gets the patch alone (case
 * patch-winre); one that needs room gets the patch around the room-making recipe.
 */
function withSafeOsPatch(snapshot: Snapshot, options: PlannerOptions, pkg: SafeOsPackage, room: Plan): Plan {
  const done = pkg.present && pkg.readable ? alreadyPatched(snapshot, pkg, options) : null;
  if (done) return { ...room, reasons: [done, ...room.reasons] };
  const blockers = safeOsBlockers(snapshot, pkg, options, room);
  if (room.verdict === 'refused') return { ...room, reasons: [...blockers, ...room.reasons] };
  if (blockers.length > 0) {
    const info = room.reasons.map((r) =>
      r.severity === 'blocker' ? r : { ...r, severity: 'info' as const },
    );
    return { ...room, verdict: 'refused', case: 'refused', steps: [], reasons: [...blockers, ...info] };
  }
  const image = sourceImage(snapshot)!;
  const why = reason('SAFEOS_PATCH_PLANNED', { version: image.wim?.version ?? '?', kb: pkg.kb ?? pkg.path });
  const disk = room.target.disk;
  const part = room.target.recoveryPartition;
  if (room.verdict === 'compliant') {
    // Compliant with WinRE on a recovery partition (on C: the blockers refused it): patch it where it is. The
    // patch consumes the room kept for updates, so the check after it asks for no particular free space.
    const context = { purpose: 'fix', shrinkOsBy: 0, createsPartition: false, patchesImage: true } as const;
    const steps = patchSteps(snapshot, pkg, [], context, {
      diskUniqueId: disk!.uniqueId,
      partitionOffset: part!.offset,
      requiredFree: 0,
    });
    return { ...room, verdict: 'needs-fix', case: 'patch-winre', reasons: [why, ...room.reasons], steps };
  }
  const context = {
    purpose: 'fix',
    shrinkOsBy: room.sizing.shrinkOsBy,
    createsPartition: room.steps.some((s) => s.kind === 'new-recovery-partition'),
    patchesImage: true,
  } as const;
  return {
    ...room,
    reasons: [why, ...room.reasons],
    steps: patchSteps(snapshot, pkg, room.steps, context, null),
  };
}

/**
 * `--keep-backup`: the folder's blockers when the recipe makes a backup to keep (src/domain/keep-backup.ts), a
 * warning when it makes none (nothing to keep), nothing without the option.
 */
function keepBackupDecision(
  snapshot: Snapshot,
  options: PlannerOptions,
  fix: ReturnType<typeof decideFix>,
): { blockers: Reason[]; warnings: Reason[]; step: RecipeInput['keepBackup'] } {
  const request: KeepBackupRequest | undefined = options.keepBackup;
  if (!request) return { blockers: [], warnings: [], step: null };
  const shape = {
    winreEnabled: fix.winreEnabled,
    replaceOld: fix.replaceOld,
    enableOnly: fix.case === 'enable-staged-image',
    moveOffOs: fix.case === 'move-winre-off-os-volume',
  };
  if (!fix.oldRecovery || !makesBackup(fix.oldRecovery, shape))
    return {
      blockers: [],
      warnings: [reason('KEEP_BACKUP_NOTHING_TO_KEEP', { folder: request.folder })],
      step: null,
    };
  const blockers = keepBackupBlockers(request, {
    snapshot,
    policy: options.policy,
    oldRecovery: fix.oldRecovery,
    deletesOld: fix.replaceOld,
    shrinkOsBy: fix.sizing.shrinkOsBy,
  });
  const checked = checkKeepPath(request.folder);
  const folder = checked.ok ? checked.path : request.folder;
  return { blockers, warnings: [], step: { folder, computerName: snapshot.os.computerName } };
}

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
 *
 * The seams live in src/domain/planning/: layout (where things are), blockers, sizing (the arithmetic), decision
 * (which case), verdicts (plans without steps). This file composes them and holds the step recipe.
 */
import type { Plan, Sizing, Step } from '../contracts/generated/plan';
import type { DiskFacts, PartitionFacts, Snapshot } from './snapshot';
import { DEFAULT_PLANNER_OPTIONS, type PlannerOptions } from './policy';
import { formatBytes } from './units';
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
import { compliantPlan, evidenceReasons, refusedPlan } from './planning/verdicts';

export {
  isRecoveryPartition,
  RECOVERY_GPT_ATTRIBUTES,
  RECOVERY_GPT_TYPE,
  RECOVERY_LABEL,
  RECOVERY_MBR_TYPE,
  usableEnd,
} from './planning/layout';

class StepList {
  private readonly steps: Step[] = [];
  add(
    kind: Step['kind'],
    script: string,
    mutating: boolean,
    params: Step['params'],
    why: string,
    post: string,
  ): void {
    this.steps.push({
      id: this.steps.length + 1,
      kind,
      script,
      mutating,
      params,
      reason: why,
      postcondition: post,
    });
  }
  get all(): Step[] {
    return this.steps;
  }
}

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
}

/** The risk-minimising order (docs/reference/tools-landscape.md#what-a-better-tool-must-do): shrink while WinRE is still enabled; 3 mutations at most while disabled. */
function recipe(input: RecipeInput): Step[] {
  const { disk, os, oldRecovery, sizing } = input;
  const s = new StepList();
  const diskId = disk.uniqueId;
  if (input.suspendBitLocker) {
    s.add(
      'suspend-bitlocker',
      'Suspend-BitLockerProtection',
      true,
      { mountPoint: os.driveLetter ? `${os.driveLetter}:` : '', rebootCount: 1 },
      'Partition table and WinRE BCD changes can trigger BitLocker recovery; suspend for exactly one restart.',
      'Get-BitLockerVolume shows ProtectionStatus Off with one reboot pending.',
    );
  }
  if (input.enableOnly && oldRecovery) {
    s.add(
      'enable-winre',
      'Enable-WinRe',
      true,
      { diskUniqueId: diskId, partitionOffset: oldRecovery.offset, imageSha256: input.imageSha256 ?? '' },
      'WinRE is disabled and the recovery partition already has room for it and its updates.',
      'reagentc /info: Enabled, located on the recovery partition at this offset, not on C:.',
    );
    s.add(
      'verify-winre',
      'Test-WinReHealth',
      false,
      {
        diskUniqueId: diskId,
        partitionOffset: oldRecovery.offset,
        requiredFree: sizing.requiredFree,
        imageSha256: input.imageSha256 ?? '',
      },
      'Prove the end state from a fresh read.',
      'WinRE enabled on the expected partition, free space per policy, image hash unchanged.',
    );
    return s.all;
  }
  if (oldRecovery && (input.winreEnabled || input.replaceOld)) {
    s.add(
      'backup-recovery-files',
      'Backup-RecoveryFiles',
      true,
      { diskUniqueId: diskId, partitionOffset: oldRecovery.offset, partitionGuid: oldRecovery.guid },
      'Keep a second copy of Winre.wim and of every other file on the recovery partition (OEM tools) in the state folder before anything changes.',
      'Every file is copied and its SHA256 recorded in the backup manifest.',
    );
  }
  if (sizing.shrinkOsBy > 0) {
    s.add(
      'resize-os-partition',
      'Resize-OsPartition',
      true,
      {
        diskUniqueId: diskId,
        partitionOffset: os.offset,
        fromSize: os.size,
        toSize: os.size - sizing.shrinkOsBy,
      },
      `Make room after C: (${formatBytes(sizing.shrinkOsBy)}) while WinRE is still enabled, so a failure here leaves WinRE untouched.`,
      'C: has the new size and the same offset; its data is untouched.',
    );
  }
  if (input.winreEnabled) {
    s.add(
      'disable-winre',
      'Disable-WinRe',
      true,
      {},
      'reagentc /disable moves Winre.wim to C:\\Windows\\System32\\Recovery before its partition changes (KB5028997).',
      'reagentc /info: Disabled; Winre.wim present in C:\\Windows\\System32\\Recovery.',
    );
    s.add(
      'verify-staged-image',
      'Test-StagedWinReImage',
      false,
      { imageSha256: input.imageSha256 ?? '', imageSize: sizing.imageSize },
      'Never delete the old partition before the staged image is proven whole.',
      'C:\\Windows\\System32\\Recovery\\Winre.wim exists with the recorded SHA256.',
    );
  }
  if (oldRecovery && input.replaceOld) {
    s.add(
      'remove-recovery-partition',
      'Remove-RecoveryPartition',
      true,
      {
        diskUniqueId: diskId,
        partitionOffset: oldRecovery.offset,
        partitionSize: oldRecovery.size,
        partitionGuid: oldRecovery.guid,
      },
      'The old recovery partition is too small and cannot grow in place.',
      'No partition at that offset.',
    );
  }
  const gpt = disk.partitionStyle === 'GPT';
  s.add(
    'new-recovery-partition',
    'New-RecoveryPartition',
    true,
    {
      diskUniqueId: diskId,
      offset: input.newOffset,
      size: sizing.targetRecoverySize,
      partitionStyle: disk.partitionStyle,
      gptType: gpt ? RECOVERY_GPT_TYPE : null,
      // Attributes come after enable (set-recovery-attributes): one partition operation fewer without WinRE.
      gptAttributes: gpt ? 'defer' : null,
      mbrType: gpt ? null : RECOVERY_MBR_TYPE,
    },
    gpt
      ? 'Created typed as recovery in the create call, so Device Encryption cannot claim it.'
      : 'Created as MBR id 0x27 (recovery) in the create call.',
    'A partition at that offset and size with the recovery type and attributes.',
  );
  s.add(
    'format-recovery-volume',
    'Format-RecoveryVolume',
    true,
    { diskUniqueId: diskId, offset: input.newOffset, label: RECOVERY_LABEL },
    'NTFS labelled "Windows RE tools", as Windows setup and KB5028997 make it.',
    'An NTFS volume labelled "Windows RE tools" on the new partition.',
  );
  s.add(
    'enable-winre',
    'Enable-WinRe',
    true,
    { diskUniqueId: diskId, partitionOffset: input.newOffset, imageSha256: input.imageSha256 ?? '' },
    'Put WinRE on the new partition and re-register it.',
    'reagentc /info: Enabled, located on the new partition (not on C:).',
  );
  if (gpt) {
    s.add(
      'set-recovery-attributes',
      'Set-RecoveryPartitionAttributes',
      true,
      { diskUniqueId: diskId, partitionOffset: input.newOffset, gptAttributes: RECOVERY_GPT_ATTRIBUTES },
      'GPT attributes 0x8000000000000001 (required + no drive letter), as Windows setup and KB5028997 set them; done after enable because they do not decide where WinRE goes.',
      'diskpart detail partition shows 0x8000000000000001.',
    );
  }
  if (oldRecovery && input.replaceOld) {
    s.add(
      'restore-recovery-files',
      'Restore-RecoveryFiles',
      true,
      { diskUniqueId: diskId, partitionOffset: input.newOffset },
      'Put back every other file the old recovery partition held (OEM tools).',
      'Every backed-up file is present on the new partition with its SHA256.',
    );
  }
  s.add(
    'verify-winre',
    'Test-WinReHealth',
    false,
    {
      diskUniqueId: diskId,
      partitionOffset: input.newOffset,
      requiredFree: sizing.requiredFree,
      imageSha256: input.imageSha256 ?? '',
      // A partition this run made must also carry the label and (GPT) the attributes it was made with.
      label: RECOVERY_LABEL,
      gptAttributes: gpt ? RECOVERY_GPT_ATTRIBUTES : '',
    },
    'Prove the end state from a fresh read.',
    'WinRE enabled on the new partition, free space per policy, type, attributes and label right, image hash unchanged, one WinRE partition.',
  );
  if (oldRecovery && (input.winreEnabled || input.replaceOld)) {
    s.add(
      'remove-backup',
      'Remove-WinReFixBackup',
      true,
      {},
      'The fix is verified: give back the C: space the second copy of Winre.wim and the OEM files took.',
      'The backup folder of this run is gone.',
    );
  }
  return s.all;
}

export function plan(snapshot: Snapshot, options: PlannerOptions = DEFAULT_PLANNER_OPTIONS): Plan {
  const located = locateOs(snapshot);
  const blockers = environmentBlockers(snapshot, options, located);
  if (!located) {
    return refusedPlan(snapshot, options, [
      ...blockers,
      reason('OS_PARTITION_NOT_FOUND', { drive: snapshot.os.systemDrive }),
    ]);
  }
  const baseTarget = osTarget(located);
  const winre = judgeWinRe(snapshot, located, options.policy);
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
  const allBlockers = [...blockers, ...fix.blockers];
  if (allBlockers.length > 0) {
    return refusedPlan(snapshot, options, [...allBlockers, winre.cause, ...fix.warnings], target, fix.sizing);
  }
  const bitLocker = bitLockerToSuspend(snapshot, located.os);
  const suspend = bitLocker ? [reason('BITLOCKER_WILL_SUSPEND', { mountPoint: bitLocker.mountPoint })] : [];
  return {
    schemaVersion: 1,
    verdict: 'needs-fix',
    case: fix.case,
    reasons: [winre.cause, ...fix.warnings, ...suspend, ...evidenceReasons(snapshot)],
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
    }),
  };
}

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
 */
import type { Plan, Reason, Sizing, Step, Target } from '../contracts/generated/plan';
import type { DiskFacts, PartitionFacts, Snapshot } from './snapshot';
import { DEFAULT_PLANNER_OPTIONS, ntfsOverheadEstimate, type PlannerOptions } from './policy';
import { reasonSeverity, type ReasonCode } from './reasons';
import { alignDown, alignUp, formatBytes, MiB } from './units';
import { makeStep } from './steps/catalogue';
import type { StepKind, StepParams } from './steps/definition';

import {
  isRecoveryPartition,
  RECOVERY_GPT_ATTRIBUTES,
  RECOVERY_GPT_TYPE,
  RECOVERY_LABEL,
  RECOVERY_MBR_TYPE,
} from './recovery-partition';

export { isRecoveryPartition, RECOVERY_GPT_ATTRIBUTES, RECOVERY_GPT_TYPE, RECOVERY_LABEL, RECOVERY_MBR_TYPE };
const LDM_TYPES = new Set([
  '{5808c8aa-7e8f-42e0-85d2-e1e90434cfb3}',
  '{af9b60a0-1431-4f62-bc68-3311714a69ad}',
]);

type Params = Record<string, string | number | boolean>;

function reason(code: ReasonCode, params: Params = {}): Reason {
  return { code, severity: reasonSeverity(code), params };
}

function end(p: { offset: number; size: number }): number {
  return p.offset + p.size;
}

/** Last byte + 1 a partition may reach: GPT keeps 33 sectors for the backup table; Windows aligns to 1 MiB (windows-facts.md 2.7). */
export function usableEnd(disk: DiskFacts): number {
  const tail = disk.partitionStyle === 'GPT' ? 33 * disk.logicalSectorSize : 0;
  return alignDown(disk.size - tail);
}

function ref(p: PartitionFacts): { offset: number; size: number; number: number; guid: string | null } {
  return { offset: p.offset, size: p.size, number: p.number, guid: p.guid };
}

interface Located {
  readonly disk: DiskFacts;
  readonly os: PartitionFacts;
}

function locateOs(snapshot: Snapshot): Located | undefined {
  const letter = snapshot.os.systemDrive.slice(0, 1).toUpperCase();
  for (const disk of snapshot.disks) {
    const os = disk.partitions.find((p) => p.driveLetter?.toUpperCase() === letter);
    if (os) return { disk, os };
  }
  return undefined;
}

const EMPTY_TARGET: Target = {
  disk: null,
  osPartition: null,
  recoveryPartition: null,
  newRecoveryPartition: null,
};

function emptySizing(options: PlannerOptions): Sizing {
  return {
    policy: { ...options.policy },
    imageSize: 0,
    extraFilesSize: 0,
    requiredFree: options.policy.servicingFreeBytes,
    currentRecoverySize: 0,
    currentRecoveryFree: 0,
    targetRecoverySize: 0,
    usableWithoutShrink: 0,
    shrinkOsBy: 0,
    explanation: [],
  };
}

/** Evidence reasons first: they explain the situation whatever the verdict. */
function evidenceReasons(snapshot: Snapshot): Reason[] {
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

/** Blockers about the environment and BitLocker that apply whatever the layout. */
function environmentBlockers(
  snapshot: Snapshot,
  options: PlannerOptions,
  located: Located | undefined,
): Reason[] {
  const out: Reason[] = [];
  if (!snapshot.os.isElevated) out.push(reason('NOT_ELEVATED'));
  if (snapshot.os.pendingRebootReasons.length > 0) {
    out.push(reason('PENDING_REBOOT', { reasons: snapshot.os.pendingRebootReasons.join(', ') }));
  }
  if (snapshot.os.isServerCore && !options.allowServerCore) out.push(reason('SERVER_CORE'));
  if (located) {
    const { disk } = located;
    const dynamic =
      disk.isDynamic ||
      disk.partitions.some((p) => (p.gptType !== null && LDM_TYPES.has(p.gptType)) || p.mbrType === 0x42);
    if (dynamic) out.push(reason('DYNAMIC_DISK', { disk: disk.number }));
    if (disk.isOffline || disk.isReadOnly) out.push(reason('DISK_NOT_WRITABLE', { disk: disk.number }));
  }
  for (const b of snapshot.bitLocker) {
    if (b.lockStatus === 1) out.push(reason('BITLOCKER_LOCKED', { mountPoint: b.mountPoint }));
    if (b.volumeStatus >= 2) {
      const state = b.volumeStatus === 2 || b.volumeStatus === 4 ? 'encrypting' : 'decrypting';
      out.push(
        reason('BITLOCKER_CONVERSION_IN_PROGRESS', {
          mountPoint: b.mountPoint,
          state,
          percent: Math.round(b.encryptionPercentage * 10) / 10,
        }),
      );
    }
  }
  return out;
}

function refused(
  snapshot: Snapshot,
  options: PlannerOptions,
  reasons: Reason[],
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

interface WinReLocation {
  readonly disk: DiskFacts;
  readonly partition: PartitionFacts;
}

/** Where reagentc says WinRE is, checked against ReAgent.xml's offset (language-independent). */
function locateWinRe(snapshot: Snapshot): { location?: WinReLocation; blocker?: Reason } {
  const info = snapshot.winre.reagentc;
  if (info.status !== 'Enabled' || !info.location) return {};
  const { diskNumber, partitionNumber } = info.location;
  const disk = snapshot.disks.find((d) => d.number === diskNumber);
  const partition = disk?.partitions.find((p) => p.number === partitionNumber);
  if (!disk || !partition) {
    return {
      blocker: reason('WINRE_LOCATION_INCONSISTENT', {
        disk: diskNumber,
        partition: partitionNumber,
        detail: 'no such partition exists',
      }),
    };
  }
  const xml = snapshot.winre.reagentXml;
  if (
    xml.present &&
    xml.installState === 1 &&
    xml.winreLocation &&
    xml.winreLocation.offset !== partition.offset
  ) {
    return {
      blocker: reason('WINRE_LOCATION_INCONSISTENT', {
        disk: diskNumber,
        partition: partitionNumber,
        detail: `ReAgent.xml places it at offset ${xml.winreLocation.offset}, not ${partition.offset}`,
      }),
    };
  }
  return { location: { disk, partition } };
}

interface Region {
  /** Start of the free range the new partition may use without shrinking C: (= end of C:). */
  readonly start: number;
  readonly end: number;
}

interface SizingInput {
  readonly imageSize: number;
  /** Bytes of the old recovery volume's content that move to the new one (all of it, Winre.wim included). */
  readonly carriedBytes: number;
  readonly current: PartitionFacts | null;
}

function computeSizing(options: PlannerOptions, input: SizingInput, region: Region): Sizing {
  const { policy } = options;
  const requiredFree = policy.servicingFreeBytes + policy.growthHeadroomBytes;
  const needVolume = input.carriedBytes + requiredFree;
  const computed = alignUp(needVolume + ntfsOverheadEstimate(needVolume));
  const currentSize = input.current?.size ?? 0;
  const targetSize = Math.max(computed, currentSize);
  const newOffset = alignDown(region.end - targetSize);
  const usable = Math.max(0, region.end - region.start);
  const shrink = newOffset < region.start ? alignUp(region.start - newOffset) : 0;
  const currentFree = input.current?.volume ? input.current.volume.sizeRemaining : 0;
  const explanation = [
    `Winre.wim is ${formatBytes(input.imageSize)}; the recovery volume carries ${formatBytes(input.carriedBytes)} in all.`,
    `Required free space after WinRE is in place: ${formatBytes(policy.servicingFreeBytes)} for servicing + ${formatBytes(policy.growthHeadroomBytes)} headroom for the image to grow = ${formatBytes(requiredFree)}.`,
    `reagentc /enable needs free >= WIM + ${formatBytes(policy.reagentcMarginBytes)} on the target, which this covers.`,
    `NTFS metadata estimate ${formatBytes(ntfsOverheadEstimate(needVolume))}; partition size rounded up to 1 MiB: ${formatBytes(computed)}${currentSize > computed ? `, but never smaller than today's ${formatBytes(currentSize)}` : ''}.`,
    `Space after C: usable without shrinking (${input.current ? 'the old recovery partition and ' : ''}unallocated space up to the next partition or the disk's usable end): ${formatBytes(usable)}.`,
    shrink > 0 ? `C: shrinks by ${formatBytes(shrink)} (whole MiB).` : 'C: does not shrink.',
  ];
  return {
    policy: { ...policy },
    imageSize: input.imageSize,
    extraFilesSize: Math.max(0, input.carriedBytes - input.imageSize),
    requiredFree,
    currentRecoverySize: currentSize,
    currentRecoveryFree: currentFree,
    targetRecoverySize: targetSize,
    usableWithoutShrink: usable,
    shrinkOsBy: shrink,
    explanation,
  };
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

/**
 * The risk-minimising order: shrink while WinRE is still enabled; 3 mutations at most while disabled. Each step's
 * script, mutating flag, reason and postcondition come from the step catalogue (src/domain/steps/); its
 * parameters are typed per kind.
 */
function recipe(input: RecipeInput): Step[] {
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
  if (oldRecovery && (input.winreEnabled || input.replaceOld)) {
    add('backup-recovery-files', {
      diskUniqueId: diskId,
      partitionOffset: oldRecovery.offset,
      partitionGuid: oldRecovery.guid,
    });
  }
  if (sizing.shrinkOsBy > 0) {
    add('resize-os-partition', {
      diskUniqueId: diskId,
      partitionOffset: os.offset,
      fromSize: os.size,
      toSize: os.size - sizing.shrinkOsBy,
    });
  }
  if (input.winreEnabled) {
    add('disable-winre', {});
    add('verify-staged-image', { imageSha256, imageSize: sizing.imageSize });
  }
  if (oldRecovery && input.replaceOld) {
    add('remove-recovery-partition', {
      diskUniqueId: diskId,
      partitionOffset: oldRecovery.offset,
      partitionSize: oldRecovery.size,
      partitionGuid: oldRecovery.guid,
    });
  }
  const gpt = disk.partitionStyle === 'GPT';
  add('new-recovery-partition', {
    diskUniqueId: diskId,
    offset: input.newOffset,
    size: sizing.targetRecoverySize,
    partitionStyle: disk.partitionStyle,
    gptType: gpt ? RECOVERY_GPT_TYPE : null,
    // Attributes come after enable (set-recovery-attributes): one partition operation fewer without WinRE.
    gptAttributes: gpt ? 'defer' : null,
    mbrType: gpt ? null : RECOVERY_MBR_TYPE,
  });
  add('format-recovery-volume', { diskUniqueId: diskId, offset: input.newOffset, label: RECOVERY_LABEL });
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
    label: RECOVERY_LABEL,
    gptAttributes: gpt ? RECOVERY_GPT_ATTRIBUTES : '',
  });
  if (oldRecovery && (input.winreEnabled || input.replaceOld)) {
    add('remove-backup', {});
  }
  return steps;
}

export function plan(snapshot: Snapshot, options: PlannerOptions = DEFAULT_PLANNER_OPTIONS): Plan {
  const { policy } = options;
  const located = locateOs(snapshot);
  const blockers = environmentBlockers(snapshot, options, located);
  if (!located) {
    return refused(snapshot, options, [
      ...blockers,
      reason('OS_PARTITION_NOT_FOUND', { drive: snapshot.os.systemDrive }),
    ]);
  }
  const { disk, os } = located;
  const baseTarget: Target = {
    disk: {
      uniqueId: disk.uniqueId,
      partitionStyle: disk.partitionStyle,
      guid: disk.guid,
      signature: disk.signature,
      number: disk.number,
    },
    osPartition: ref(os),
    recoveryPartition: null,
    newRecoveryPartition: null,
  };
  const info = snapshot.winre.reagentc;
  if (info.status === 'Unknown') {
    return refused(
      snapshot,
      options,
      [...blockers, reason('WINRE_STATUS_UNKNOWN', { exitCode: info.exitCode })],
      baseTarget,
    );
  }
  const { location, blocker } = locateWinRe(snapshot);
  if (blocker) return refused(snapshot, options, [...blockers, blocker], baseTarget);

  const bitLockerOs = snapshot.bitLocker.find(
    (b) => b.mountPoint.toUpperCase() === `${os.driveLetter ?? ''}:`.toUpperCase(),
  );
  const suspendBitLocker = bitLockerOs !== undefined && bitLockerOs.protectionStatus === 1;
  const warnings: Reason[] = [];

  // WinRE enabled: where, and does it already have room?
  if (location) {
    if (location.disk.uniqueId !== disk.uniqueId) {
      return refused(
        snapshot,
        options,
        [...blockers, reason('RECOVERY_ON_OTHER_DISK', { disk: location.disk.number, osDisk: disk.number })],
        baseTarget,
      );
    }
    const winrePart = location.partition;
    const free = winrePart.volume?.sizeRemaining ?? 0;
    if (winrePart.offset === os.offset) {
      return compliantPlan(
        snapshot,
        options,
        baseTarget,
        [reason('WINRE_ON_OS_VOLUME', { location: info.location?.path ?? '', free: formatBytes(free) })],
        blockers,
      );
    }
    if (free >= policy.servicingFreeBytes) {
      return compliantPlan(
        snapshot,
        options,
        { ...baseTarget, recoveryPartition: ref(winrePart) },
        [
          reason('WINRE_HAS_ENOUGH_SPACE', {
            free: formatBytes(free),
            needed: formatBytes(policy.servicingFreeBytes),
          }),
        ],
        blockers,
      );
    }
  }

  const cause: Reason[] = [];
  const imageSize = snapshot.winre.activeImage?.size ?? snapshot.winre.stagedImage?.size ?? 0;
  const imageSha256 = snapshot.winre.activeImage?.sha256 ?? snapshot.winre.stagedImage?.sha256 ?? null;
  if (location) {
    cause.push(
      reason('WINRE_PARTITION_TOO_SMALL', {
        free: formatBytes(location.partition.volume?.sizeRemaining ?? 0),
        needed: formatBytes(policy.servicingFreeBytes),
      }),
    );
  } else if (snapshot.winre.stagedImage) {
    cause.push(
      reason('WINRE_DISABLED_WIM_STAGED', {
        path: 'C:\\Windows\\System32\\Recovery\\Winre.wim',
        size: formatBytes(snapshot.winre.stagedImage.size),
      }),
    );
  } else {
    return refused(snapshot, options, [...blockers, reason('WINRE_DISABLED_WIM_MISSING')], baseTarget);
  }

  // The partition right after C: by offset (gaps allowed), and the recovery partition to work on.
  const afterOs = disk.partitions.find((p) => p.offset >= end(os));
  const winrePart = location?.partition ?? null;
  let oldRecovery: PartitionFacts | null;
  let replaceOld: boolean;
  if (winrePart) {
    if (winrePart.offset < os.offset) {
      oldRecovery = winrePart;
      replaceOld = false;
      warnings.push(reason('RECOVERY_BEFORE_OS', { size: formatBytes(winrePart.size) }));
    } else if (afterOs && afterOs.offset !== winrePart.offset) {
      blockers.push(
        reason('PARTITION_BETWEEN_OS_AND_RECOVERY', {
          partition: afterOs.number,
          type: afterOs.type,
          size: formatBytes(afterOs.size),
        }),
      );
      oldRecovery = winrePart;
      replaceOld = true;
    } else {
      oldRecovery = winrePart;
      replaceOld = true;
    }
  } else {
    // Disabled: use a recovery partition right after C: if there is one; otherwise create one.
    const candidate = afterOs && isRecoveryPartition(afterOs) ? afterOs : null;
    if (
      afterOs &&
      !candidate &&
      disk.partitions.some((p) => isRecoveryPartition(p) && p.offset > os.offset)
    ) {
      blockers.push(
        reason('PARTITION_BETWEEN_OS_AND_RECOVERY', {
          partition: afterOs.number,
          type: afterOs.type,
          size: formatBytes(afterOs.size),
        }),
      );
    }
    oldRecovery = candidate;
    replaceOld = candidate !== null;
    if (!candidate) {
      const before = disk.partitions.find((p) => isRecoveryPartition(p) && p.offset < os.offset);
      if (before) warnings.push(reason('RECOVERY_BEFORE_OS', { size: formatBytes(before.size) }));
    }
  }

  if (oldRecovery && replaceOld && oldRecovery.size > policy.maxRecoveryBytes) {
    blockers.push(
      reason('OEM_RECOVERY_PARTITION_LARGE', {
        partition: oldRecovery.number,
        size: formatBytes(oldRecovery.size),
        limit: formatBytes(policy.maxRecoveryBytes),
      }),
    );
  }

  // Region the new partition may occupy: from the end of C: to the next partition that stays.
  const stays = disk.partitions.filter(
    (p) => p.offset > os.offset && !(replaceOld && oldRecovery && p.offset === oldRecovery.offset),
  );
  const nextStaying = stays.find((p) => p.offset >= end(os));
  const region: Region = { start: end(os), end: nextStaying ? nextStaying.offset : usableEnd(disk) };

  const oldUsed = oldRecovery?.volume
    ? Math.max(0, oldRecovery.volume.size - oldRecovery.volume.sizeRemaining)
    : 0;
  const carriedBytes = replaceOld ? oldUsed + (winrePart ? 0 : imageSize) : imageSize;
  const sizing = computeSizing(
    options,
    { imageSize, carriedBytes, current: replaceOld ? oldRecovery : null },
    region,
  );

  // Disabled + a recovery partition after C: that already has room: enable in place.
  // Not when Device Encryption claimed the partition: reagentc /enable refuses an encrypted target (windows-facts.md 4).
  const recoveryEncrypted =
    oldRecovery?.volume != null &&
    snapshot.bitLocker.some((b) => b.mountPoint === oldRecovery?.volume?.path && b.volumeStatus !== 0);
  const enableOnly =
    !winrePart &&
    !recoveryEncrypted &&
    oldRecovery !== null &&
    oldRecovery.volume !== null &&
    oldRecovery.volume.sizeRemaining - imageSize >= sizing.requiredFree;

  if (recoveryEncrypted) warnings.push(reason('RECOVERY_ENCRYPTED'));
  if (!enableOnly) {
    const newOffset = alignDown(region.end - sizing.targetRecoverySize);
    if (sizing.shrinkOsBy > 0) {
      const min = os.supportedSize?.min;
      const osFree = os.volume?.sizeRemaining ?? 0;
      const shrink = formatBytes(sizing.shrinkOsBy);
      if (min === undefined) {
        blockers.push(
          reason('INSUFFICIENT_SHRINK_SPACE', {
            shrink,
            detail: 'Windows did not report how far C: can shrink',
          }),
        );
      } else if (os.size - sizing.shrinkOsBy < min) {
        blockers.push(
          reason('INSUFFICIENT_SHRINK_SPACE', {
            shrink,
            detail: `Windows can shrink it by at most ${formatBytes(Math.max(0, os.size - min))} (unmovable files or used space)`,
          }),
        );
      } else if (osFree - sizing.shrinkOsBy < policy.minOsFreeAfterShrinkBytes) {
        blockers.push(
          reason('INSUFFICIENT_SHRINK_SPACE', {
            shrink,
            detail: `C: would keep only ${formatBytes(Math.max(0, osFree - sizing.shrinkOsBy))} free (policy minimum ${formatBytes(policy.minOsFreeAfterShrinkBytes)})`,
          }),
        );
      }
      if (os.volume?.dirty) blockers.push(reason('VOLUME_DIRTY', { volume: `${os.driveLetter ?? '?'}:` }));
    }
    if (region.end <= region.start && sizing.shrinkOsBy === 0) {
      blockers.push(reason('NO_ROOM_FOR_RECOVERY', { size: formatBytes(sizing.targetRecoverySize) }));
    }
    if (disk.partitionStyle === 'MBR' && !replaceOld) {
      const primaries = disk.partitions.length;
      if (primaries >= 4) blockers.push(reason('MBR_NO_FREE_SLOT', { count: primaries }));
    }
    if (
      sizing.usableWithoutShrink > 0 &&
      replaceOld &&
      region.end - region.start > (oldRecovery?.size ?? 0)
    ) {
      warnings.push(
        reason('FREE_SPACE_USED', {
          free: formatBytes(region.end - region.start - (oldRecovery?.size ?? 0)),
          shrink: formatBytes(sizing.shrinkOsBy),
        }),
      );
    }
    const target: Target = {
      ...baseTarget,
      recoveryPartition: oldRecovery ? ref(oldRecovery) : null,
      newRecoveryPartition: { offset: newOffset, size: sizing.targetRecoverySize },
    };
    if (blockers.length > 0)
      return refused(snapshot, options, [...blockers, ...cause, ...warnings], target, sizing);
    if (suspendBitLocker)
      warnings.push(reason('BITLOCKER_WILL_SUSPEND', { mountPoint: bitLockerOs?.mountPoint ?? 'C:' }));
    return {
      schemaVersion: 1,
      verdict: 'needs-fix',
      case: replaceOld ? 'grow-recovery-after-os' : 'new-recovery-after-os',
      reasons: [...cause, ...warnings, ...evidenceReasons(snapshot)],
      sizing,
      target,
      steps: recipe({
        disk,
        os,
        oldRecovery,
        replaceOld,
        winreEnabled: winrePart !== null,
        sizing,
        newOffset,
        suspendBitLocker,
        imageSha256,
        enableOnly: false,
      }),
    };
  }

  const target: Target = { ...baseTarget, recoveryPartition: oldRecovery ? ref(oldRecovery) : null };
  const enableSizing: Sizing = {
    ...sizing,
    shrinkOsBy: 0,
    targetRecoverySize: oldRecovery?.size ?? 0,
    usableWithoutShrink: 0,
  };
  if (blockers.length > 0)
    return refused(snapshot, options, [...blockers, ...cause, ...warnings], target, enableSizing);
  if (suspendBitLocker)
    warnings.push(reason('BITLOCKER_WILL_SUSPEND', { mountPoint: bitLockerOs?.mountPoint ?? 'C:' }));
  return {
    schemaVersion: 1,
    verdict: 'needs-fix',
    case: 'enable-staged-image',
    reasons: [...cause, ...warnings, ...evidenceReasons(snapshot)],
    sizing: enableSizing,
    target,
    steps: recipe({
      disk,
      os,
      oldRecovery,
      replaceOld: false,
      winreEnabled: false,
      sizing: enableSizing,
      newOffset: oldRecovery?.offset ?? 0,
      suspendBitLocker,
      imageSha256,
      enableOnly: true,
    }),
  };
}

function compliantPlan(
  snapshot: Snapshot,
  options: PlannerOptions,
  target: Target,
  why: Reason[],
  blockers: Reason[],
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

/** Mebibytes for display in plans. */
export function toMiB(bytes: number): number {
  return Math.round((bytes / MiB) * 100) / 100;
}

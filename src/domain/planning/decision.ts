/** The case decision: is WinRE fine as it is, why does it need a fix, and which fix (grow, new, enable in place). */
import type { Reason, Sizing } from '../../contracts/generated/plan';
import type { PlannerOptions, SizingPolicy } from '../policy';
import type { BitLockerFacts, PartitionFacts, Snapshot } from '../snapshot';
import { formatBytes } from '../units';
import { oemPartitionBlockers, placementBlockers } from './blockers';
import { chooseRecoveryPartition, locateWinRe, regionAfterOs, type Located } from './layout';
import { reason } from './reason';
import { carriedBytes, computeSizing, enableInPlaceSizing, newRecoveryOffset } from './sizing';

/** What WinRE's state alone decides, before any layout or sizing. */
export type WinReJudgement =
  | { readonly kind: 'refused'; readonly blocker: Reason }
  | {
      readonly kind: 'compliant';
      readonly why: Reason;
      /** WinRE's partition, when it is not C:. */
      readonly recoveryPartition: PartitionFacts | null;
    }
  | {
      readonly kind: 'needs-fix';
      /** Why the PC needs a fix: WinRE's partition is too small, or WinRE is disabled with its image staged. */
      readonly cause: Reason;
      /** Where WinRE is enabled today on a recovery partition; null when it is disabled or on C:. */
      readonly winrePart: PartitionFacts | null;
      /** WinRE is enabled on the OS volume (C:\\Recovery\\WindowsRE), which BitLocker encrypts: it moves off. */
      readonly winreOnOs: boolean;
      /** The image a fix moves: the active one, or the staged one when WinRE is disabled. */
      readonly image: { readonly size: number; readonly sha256: string | null };
    };

/** The image given with --wim, verified and accepted (src/domain/supplied-image.ts). */
export interface AcceptedSuppliedImage {
  readonly cause: Reason;
  readonly size: number;
  readonly sha256: string;
}

export function judgeWinRe(
  snapshot: Snapshot,
  located: Located,
  policy: SizingPolicy,
  supplied?: AcceptedSuppliedImage,
): WinReJudgement {
  const { disk, os } = located;
  const info = snapshot.winre.reagentc;
  if (info.status === 'Unknown') {
    return { kind: 'refused', blocker: reason('WINRE_STATUS_UNKNOWN', { exitCode: info.exitCode }) };
  }
  const { location, blocker } = locateWinRe(snapshot);
  if (blocker) return { kind: 'refused', blocker };

  // WinRE enabled: where, and does it already have room?
  if (location) {
    if (location.disk.uniqueId !== disk.uniqueId) {
      return {
        kind: 'refused',
        blocker: reason('RECOVERY_ON_OTHER_DISK', { disk: location.disk.number, osDisk: disk.number }),
      };
    }
    const free = location.partition.volume?.sizeRemaining ?? 0;
    if (location.partition.offset === os.offset) {
      const encrypted = osVolumeEncryption(snapshot, os);
      if (encrypted) {
        // Compliant only while C: is not encrypted: a WinRE that BitLocker recovery locks away cannot start, and
        // reagentc /enable refuses an encrypted target (docs/reference/bitlocker.md#winre-on-an-encrypted-c).
        const cause = reason('WINRE_ON_ENCRYPTED_OS_VOLUME', {
          location: info.location?.path ?? '',
          volumeStatus: encrypted,
        });
        return { kind: 'needs-fix', cause, winrePart: null, winreOnOs: true, image: imageOf(snapshot) };
      }
      return {
        kind: 'compliant',
        why: reason('WINRE_ON_OS_VOLUME', { location: info.location?.path ?? '', free: formatBytes(free) }),
        recoveryPartition: null,
      };
    }
    if (free >= policy.servicingFreeBytes) {
      return {
        kind: 'compliant',
        why: reason('WINRE_HAS_ENOUGH_SPACE', {
          free: formatBytes(free),
          needed: formatBytes(policy.servicingFreeBytes),
        }),
        recoveryPartition: location.partition,
      };
    }
  }

  const { stagedImage } = snapshot.winre;
  // A supplied image replaces a missing or damaged staged one (it is accepted only then).
  const image = supplied ? { size: supplied.size, sha256: supplied.sha256 } : imageOf(snapshot);
  if (location) {
    const cause = reason('WINRE_PARTITION_TOO_SMALL', {
      free: formatBytes(location.partition.volume?.sizeRemaining ?? 0),
      needed: formatBytes(policy.servicingFreeBytes),
    });
    return { kind: 'needs-fix', cause, winrePart: location.partition, winreOnOs: false, image };
  }
  if (supplied) return { kind: 'needs-fix', cause: supplied.cause, winrePart: null, winreOnOs: false, image };
  if (stagedImage) {
    const cause = reason('WINRE_DISABLED_WIM_STAGED', {
      path: 'C:\\Windows\\System32\\Recovery\\Winre.wim',
      size: formatBytes(stagedImage.size),
    });
    return { kind: 'needs-fix', cause, winrePart: null, winreOnOs: false, image };
  }
  return { kind: 'refused', blocker: reason('WINRE_DISABLED_WIM_MISSING') };
}

/** The image a fix moves: the active one, or the staged one when WinRE is disabled. */
function imageOf(snapshot: Snapshot): { readonly size: number; readonly sha256: string | null } {
  const { activeImage, stagedImage } = snapshot.winre;
  return {
    size: activeImage?.size ?? stagedImage?.size ?? 0,
    sha256: activeImage?.sha256 ?? stagedImage?.sha256 ?? null,
  };
}

/** Win32_EncryptableVolume conversion status names (docs/reference/bitlocker.md#volume-status-and-protection). */
const VOLUME_STATUS_NAMES: Readonly<Record<number, string>> = {
  1: 'FullyEncrypted',
  2: 'EncryptionInProgress',
  3: 'DecryptionInProgress',
  4: 'EncryptionPaused',
  5: 'DecryptionPaused',
};

/**
 * C:'s BitLocker volume status when it is not fully decrypted (encrypted, encrypting, decrypting, paused, or
 * Device Encryption's "waiting for activation"), else null: reagent's own test for "has BitLocker"
 * (docs/reference/bitlocker.md#volume-status-and-protection).
 */
function osVolumeEncryption(snapshot: Snapshot, os: PartitionFacts): string | null {
  const mount = `${os.driveLetter ?? ''}:`.toUpperCase();
  const onOs = snapshot.bitLocker.find((b) => b.mountPoint.toUpperCase() === mount);
  if (!onOs || onOs.volumeStatus === 0) return null;
  return VOLUME_STATUS_NAMES[onOs.volumeStatus] ?? `VolumeStatus ${onOs.volumeStatus}`;
}

export type FixCase =
  'grow-recovery-after-os' | 'new-recovery-after-os' | 'enable-staged-image' | 'move-winre-off-os-volume';

/** The fix for a PC that needs one, with what the layout and sizing say against it or about it. */
export interface FixDecision {
  readonly case: FixCase;
  /** The existing recovery partition the fix works on or keeps beside the new one. */
  readonly oldRecovery: PartitionFacts | null;
  /** The recipe deletes `oldRecovery` and recreates it bigger (false when enabling in place). */
  readonly replaceOld: boolean;
  readonly winreEnabled: boolean;
  readonly sizing: Sizing;
  /** Offset WinRE ends up at: the new partition's, or the existing one's when enabling in place. */
  readonly newOffset: number;
  /** The partition the fix creates; null when enabling in place. */
  readonly newRecoveryPartition: { readonly offset: number; readonly size: number } | null;
  readonly blockers: readonly Reason[];
  readonly warnings: readonly Reason[];
}

export function decideFix(
  snapshot: Snapshot,
  located: Located,
  options: PlannerOptions,
  winre: Extract<WinReJudgement, { kind: 'needs-fix' }>,
): FixDecision {
  const { policy } = options;
  const { disk, os } = located;
  const { winrePart, image } = winre;
  const choice = chooseRecoveryPartition(disk, os, winrePart);
  const { oldRecovery, replaceOld } = choice;
  const blockers = [...choice.blockers, ...oemPartitionBlockers(oldRecovery, replaceOld, policy)];
  const warnings = [...choice.warnings];
  const region = regionAfterOs(disk, os, choice);
  const sizing = computeSizing(
    options,
    {
      imageSize: image.size,
      carriedBytes: carriedBytes(oldRecovery, replaceOld, winrePart !== null, image.size),
      current: replaceOld ? oldRecovery : null,
    },
    region,
  );

  // Disabled + a recovery partition after C: that already has room: enable in place.
  // Not when Device Encryption claimed the partition: reagentc /enable refuses an encrypted target (docs/reference/bitlocker.md#volume-status-and-protection).
  const recoveryEncrypted =
    oldRecovery?.volume != null &&
    snapshot.bitLocker.some((b) => b.mountPoint === oldRecovery?.volume?.path && b.volumeStatus !== 0);
  if (recoveryEncrypted) warnings.push(reason('RECOVERY_ENCRYPTED'));
  // A stale staged location kept while WinRE is enabled: Disable-WinRe blanks it before /disable.
  const stale = snapshot.winre.reagentXml.imageLocation;
  if ((winrePart || winre.winreOnOs) && snapshot.winre.reagentXml.installState === 1 && stale) {
    warnings.push(reason('STALE_IMAGE_LOCATION', { path: stale.path || '(empty)', offset: stale.offset }));
  }
  if (
    !winrePart &&
    !recoveryEncrypted &&
    oldRecovery !== null &&
    oldRecovery.volume !== null &&
    oldRecovery.volume.sizeRemaining - image.size >= sizing.requiredFree
  ) {
    return {
      case: winre.winreOnOs ? 'move-winre-off-os-volume' : 'enable-staged-image',
      oldRecovery,
      replaceOld: false,
      winreEnabled: winre.winreOnOs,
      sizing: enableInPlaceSizing(sizing, oldRecovery),
      newOffset: oldRecovery.offset,
      newRecoveryPartition: null,
      blockers,
      warnings,
    };
  }

  const newOffset = newRecoveryOffset(region, sizing);
  const placement = placementBlockers(
    disk,
    os,
    region,
    sizing,
    replaceOld,
    policy,
    options.shrinkRetry,
    options.rememberedLadder,
  );
  blockers.push(...placement.filter((r) => r.severity === 'blocker'));
  warnings.push(...placement.filter((r) => r.severity !== 'blocker'));
  const freeBeyondOld = region.end - region.start - (oldRecovery?.size ?? 0);
  if (sizing.usableWithoutShrink > 0 && replaceOld && freeBeyondOld > 0) {
    warnings.push(
      reason('FREE_SPACE_USED', {
        free: formatBytes(freeBeyondOld),
        shrink: formatBytes(sizing.shrinkOsBy),
      }),
    );
  }
  return {
    case: winre.winreOnOs
      ? 'move-winre-off-os-volume'
      : replaceOld
        ? 'grow-recovery-after-os'
        : 'new-recovery-after-os',
    oldRecovery,
    replaceOld,
    winreEnabled: winrePart !== null || winre.winreOnOs,
    sizing,
    newOffset,
    newRecoveryPartition: { offset: newOffset, size: sizing.targetRecoverySize },
    blockers,
    warnings,
  };
}

/** The BitLocker volume of C: when its protection is on: a fix suspends it for one restart. */
export function bitLockerToSuspend(snapshot: Snapshot, os: PartitionFacts): BitLockerFacts | undefined {
  const onOs = snapshot.bitLocker.find(
    (b) => b.mountPoint.toUpperCase() === `${os.driveLetter ?? ''}:`.toUpperCase(),
  );
  return onOs !== undefined && onOs.protectionStatus === 1 ? onOs : undefined;
}

/** Why a fix may not run: the PC and BitLocker, an OEM image partition, and whether C: can give the room. */
import type { Reason, Sizing } from '../../contracts/generated/plan';
import type { PlannerOptions, SizingPolicy } from '../policy';
import type { DiskFacts, PartitionFacts, Snapshot } from '../snapshot';
import { GPT_TYPE } from '../gpt-types';
import { formatBytes } from '../units';
import type { Located, Region } from './layout';
import { rememberedLadderReason, type RememberedLadder } from '../shrink-memo';
import { reason } from './reason';
import {
  DEFAULT_SHRINK_RETRY_POLICY,
  maxShrinkAttempts,
  shrinkRetryWarning,
  type ShrinkRetryPolicy,
} from '../shrink-retry';

/** GPT types of Windows dynamic disks (LDM metadata and data); MBR type 0x42 is the same. */
const LDM_TYPES = new Set<string>([GPT_TYPE.ldmMetadata, GPT_TYPE.ldmData]);

/**
 * Windows setup is finished only in IMAGE_STATE_COMPLETE; audit mode, OOBE (Autopilot's enrollment status page
 * runs inside OOBE) and a generalized image are other states, and reagentc /enable fails there with 0x4c7
 * (ERROR_CANCELLED), which would leave WinRE disabled (docs/reference/tools-landscape.md#existing-tools, WinRE-Manager;
 * states: https://learn.microsoft.com/windows-hardware/manufacture/desktop/windows-setup-states). An empty value
 * means the registry value was absent (Get-OsFacts): no evidence of setup, so no deferral.
 */
function setupIncomplete(imageState: string): boolean {
  return imageState !== '' && imageState.toUpperCase() !== 'IMAGE_STATE_COMPLETE';
}

/** Blockers that only ask to wait: once the PC is past them, the same plan can run. */
const DEFERRALS: ReadonlySet<string> = new Set(['SETUP_NOT_COMPLETE']);

/**
 * A refusal is a deferral when every blocker in it only asks to wait (the PC is still in Windows setup): the
 * deployment tool should retry later rather than report a PC winre-fix will never touch.
 */
export function isDeferral(reasons: readonly Reason[]): boolean {
  const blockers = reasons.filter((r) => r.severity === 'blocker');
  return blockers.length > 0 && blockers.every((r) => DEFERRALS.has(r.code));
}

/** Blockers about the environment and BitLocker that apply whatever the layout. */
export function environmentBlockers(
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
  if (setupIncomplete(snapshot.os.imageState)) {
    out.push(reason('SETUP_NOT_COMPLETE', { state: snapshot.os.imageState }));
  }
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

/** A recovery-typed partition larger than the policy allows is an OEM image: never delete it. */
export function oemPartitionBlockers(
  oldRecovery: PartitionFacts | null,
  replaceOld: boolean,
  policy: SizingPolicy,
): Reason[] {
  if (!oldRecovery || !replaceOld || oldRecovery.size <= policy.maxRecoveryBytes) return [];
  return [
    reason('OEM_RECOVERY_PARTITION_LARGE', {
      partition: oldRecovery.number,
      size: formatBytes(oldRecovery.size),
      limit: formatBytes(policy.maxRecoveryBytes),
    }),
  ];
}

/**
 * Whether C: can shrink by what the sizing asks for. Too little free space (or no SizeMin at all) is a blocker. A
 * SizeMin above the new size while the data would fit is files Windows cannot move right now near the end of C:
 * (docs/reference/storage-cmdlets.md#get-partitionsupportedsize): the fix tries the shrink retry ladder
 * (src/domain/shrink-retry.ts) and gives up with nothing changed, so that is a warning saying what it will try -
 * unless the policy has no retry, when it stays the blocker it was.
 */
function shrinkBlockers(
  os: PartitionFacts,
  sizing: Sizing,
  policy: SizingPolicy,
  retry: ShrinkRetryPolicy,
  remembered: RememberedLadder | undefined,
): Reason[] {
  if (sizing.shrinkOsBy <= 0) return [];
  const out: Reason[] = [];
  const min = os.supportedSize?.min;
  const osFree = os.volume?.sizeRemaining ?? 0;
  const shrink = formatBytes(sizing.shrinkOsBy);
  if (min === undefined) {
    out.push(
      reason('INSUFFICIENT_SHRINK_SPACE', {
        shrink,
        detail: 'SHRINK_LIMIT_UNKNOWN',
      }),
    );
  } else if (osFree - sizing.shrinkOsBy < policy.minOsFreeAfterShrinkBytes) {
    out.push(
      reason('INSUFFICIENT_SHRINK_SPACE', {
        shrink,
        detail: 'OS_FREE_BELOW_POLICY',
        keepFree: formatBytes(Math.max(0, osFree - sizing.shrinkOsBy)),
        minFree: formatBytes(policy.minOsFreeAfterShrinkBytes),
      }),
    );
  } else if (remembered) {
    // A failed ladder remembered for this very C: (src/domain/shrink-memo.ts): the fix still shrinks (and retries
    // at once and after the pause) but skips defrag; the warning says so instead of SHRINK_LIMIT_WILL_RETRY.
    out.push(rememberedLadderReason(remembered, `${os.driveLetter ?? 'C'}:`));
  } else if (os.size - sizing.shrinkOsBy < min) {
    const maxShrink = formatBytes(Math.max(0, os.size - min));
    out.push(
      maxShrinkAttempts(retry) > 1
        ? shrinkRetryWarning(retry, `${os.driveLetter ?? 'C'}:`, shrink, maxShrink)
        : reason('INSUFFICIENT_SHRINK_SPACE', { shrink, detail: 'SHRINK_LIMIT', maxShrink }),
    );
  }
  if (os.volume?.dirty) out.push(reason('VOLUME_DIRTY', { volume: `${os.driveLetter ?? '?'}:` }));
  return out;
}

/**
 * Whether a new or regrown partition fits: C: can shrink by what it must, there is room at all, and an MBR disk
 * has a free slot for a new primary partition. Blockers, and the one warning of a shrink the fix will retry
 * (SHRINK_LIMIT_WILL_RETRY): the caller sorts them by severity.
 */
export function placementBlockers(
  disk: DiskFacts,
  os: PartitionFacts,
  region: Region,
  sizing: Sizing,
  replaceOld: boolean,
  policy: SizingPolicy,
  retry: ShrinkRetryPolicy = DEFAULT_SHRINK_RETRY_POLICY,
  remembered?: RememberedLadder,
): Reason[] {
  const out = shrinkBlockers(os, sizing, policy, retry, remembered);
  if (region.end <= region.start && sizing.shrinkOsBy === 0) {
    out.push(reason('NO_ROOM_FOR_RECOVERY', { size: formatBytes(sizing.targetRecoverySize) }));
  }
  if (disk.partitionStyle === 'MBR' && !replaceOld) {
    const primaries = disk.partitions.length;
    if (primaries >= 4) out.push(reason('MBR_NO_FREE_SLOT', { count: primaries }));
  }
  return out;
}

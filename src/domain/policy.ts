/**
 * The sizing policy: how much free space the recovery partition must end with, and the limits the planner keeps.
 * Every plan prints the policy it used (plan.sizing.policy) and the arithmetic (plan.sizing.explanation).
 *
 * Defaults and why (docs/sizing-policy.md has the long form):
 *  - servicingFreeBytes 250 MiB: "Updates to WinRE require at minimum 250MB of free space in the recovery
 *    partition" (Microsoft's sample script header, docs/reference/update-failure.md#free-space-rules) - what KB5034441 needs to install.
 *  - reagentcMarginBytes 52 MiB: reagentc /enable accepts a partition only when its free space >= WIM + 52 MiB,
 *    otherwise it silently puts WinRE on C: (SetupPlatform log: WIM + 54,525,952 bytes; docs/reference/update-failure.md#free-space-rules, docs/reference/reagentc.md#info-output-when-enabled).
 *  - growthHeadroomBytes 100 MiB: each WinRE update grows Winre.wim; without headroom the next update fails again.
 *    ASSUMPTION: 100 MiB covers the growth seen between 22H2 and 24H2 WinRE images; configurable.
 *  - maxRecoveryBytes 2 GiB: a recovery-typed partition larger than this is an OEM image partition
 *    (docs/reference/tools-landscape.md#existing-tools; docs/reference/partition-layouts.md#real-layouts: 7-20 GiB OEM partitions carry the recovery type): never delete it.
 *  - minOsFreeAfterShrinkBytes 1 GiB: leave C: usable after the shrink; ASSUMPTION, configurable.
 */
import type { ReadSafeOsPackageOutput } from '../contracts/generated/read-safe-os-package';
import type { WinReBaseline } from '../contracts/generated/winre-baseline';
import type { KeepBackupRequest } from './keep-backup';
import { DEFAULT_WINRE_BASELINE } from './winre-baseline';
import { GiB, MiB, MB250 } from './units';
import type { ShrinkRetryPolicy } from './shrink-retry';
import type { RememberedLadder } from './shrink-memo';

export interface SizingPolicy {
  readonly servicingFreeBytes: number;
  readonly reagentcMarginBytes: number;
  readonly growthHeadroomBytes: number;
  readonly maxRecoveryBytes: number;
  readonly minOsFreeAfterShrinkBytes: number;
}

export const DEFAULT_POLICY: SizingPolicy = {
  servicingFreeBytes: MB250,
  reagentcMarginBytes: 52 * MiB,
  growthHeadroomBytes: 100 * MiB,
  maxRecoveryBytes: 2 * GiB,
  minOsFreeAfterShrinkBytes: 1 * GiB,
};

/**
 * Free space a freshly formatted NTFS volume loses to its own metadata (MFT, log file, boot sectors).
 * ASSUMPTION: 1 % + 16 MiB is at least what Windows takes on 0.5-2 GiB volumes ("5-15MB or more on a 750MB
 * partition", configure-uefigpt, docs/reference/storage-cmdlets.md#cmdlets-that-change-partitions); erring high only costs a few MiB of C:.
 */
export function ntfsOverheadEstimate(partitionSize: number): number {
  return Math.ceil(partitionSize * 0.01) + 16 * MiB;
}

export interface PlannerOptions {
  readonly policy: SizingPolicy;
  /** Server Core is refused unless the admin allows it (docs/reference/tools-landscape.md#f19-windows-server); it has every tool we use. */
  readonly allowServerCore: boolean;
  /** The minimum WinRE versions the image is judged against (`--winre-baseline`; src/domain/winre-patch-level.ts). */
  readonly winreBaseline: WinReBaseline;
  /** What a fix tries when Windows refuses the shrink (src/domain/shrink-retry.ts); default DEFAULT_SHRINK_RETRY_POLICY. */
  readonly shrinkRetry?: ShrinkRetryPolicy;
  /**
   * A failed ladder remembered for this C: (src/domain/shrink-memo.ts, read by src/app/shrink-memo.ts): the plan
   * warns SHRINK_LADDER_REMEMBERED; `shrinkRetry` is then the ladder without its defrag rung.
   */
  readonly rememberedLadder?: RememberedLadder;
  /**
   * `fix --safeos-package`: the Safe OS package as Read-SafeOsPackage read it; the plan then patches WinRE offline
   * (src/domain/planning/safeos.ts). Absent: no patch.
   */
  readonly safeosPackage?: ReadSafeOsPackageOutput | undefined;
  /**
   * `--wim <path|UNC>`: the Winre.wim to stage when WinRE is disabled with its image missing or damaged
   * (src/domain/supplied-image.ts); its facts are snapshot.suppliedImage.
   */
  readonly suppliedWimPath?: string;
  /** `fix --keep-backup <folder>`: where the verified backup is also kept, with what the PC showed of it. */
  readonly keepBackup?: KeepBackupRequest;
}

export const DEFAULT_PLANNER_OPTIONS: PlannerOptions = {
  policy: DEFAULT_POLICY,
  allowServerCore: false,
  winreBaseline: DEFAULT_WINRE_BASELINE,
};

/**
 * The offline WinRE patch with an administrator's Safe OS Dynamic Update (`fix --safeos-package`; docs/safeos-patch.md):
 * what refuses it up front, and how its steps join a plan - alone on a PC whose WinRE already has room (case
 * `patch-winre`), or around the steps that make the room (the image is patched before anything else changes and
 * swapped in while WinRE is disabled for the move anyway).
 *
 * Design (why a copy): DISM's commit writes into the WIM it mounted, and a power cut in that write leaves the
 * header write-in-progress (docs/reference/winre-version.md#adding-a-safe-os-update). So the live image is never
 * mounted: a copy is patched in the run's backup folder and verified, then it replaces the staged image through
 * the journal, and `reagentc /enable` puts it on the partition and records its hash for BitLocker's Trusted WIM
 * Boot. Every state in between has WinRE enabled with the old image, or disabled with a whole old or new image
 * staged, which the journal's roll-forward enables.
 */
import type { Plan, Reason, Step } from '../../contracts/generated/plan';
import type { ReadSafeOsPackageOutput } from '../../contracts/generated/read-safe-os-package';
import type { PlannerOptions } from '../policy';
import type { Snapshot } from '../snapshot';
import { makeStep, type PlanContext } from '../steps/catalogue';
import type { StepKind, StepParams } from '../steps/definition';
import { GiB, formatBytes } from '../units';
import { compareWinReVersions } from '../winre-patch-level';
import { reason } from './reason';

export type SafeOsPackage = ReadSafeOsPackageOutput;

/** WIM XML ARCH codes (docs/reference/winre-version.md#reading-the-version) as people read them. */
const ARCH_NAMES: Readonly<Record<number, string>> = { 0: 'x86', 5: 'arm', 9: 'x64', 12: 'arm64' };
function archName(code: number): string {
  return ARCH_NAMES[code] ?? `architecture ${code}`;
}

/**
 * Room the patch needs on C: beyond what it already uses: the copy, the mounted image (DISM expands it; ASSUMPTION:
 * twice the WIM, no published figure), the exported result, the package, and DISM's scratch (ASSUMPTION: 1 GiB).
 */
export function safeOsWorkBytes(imageSize: number, packageSize: number): number {
  return imageSize * 4 + packageSize + 1 * GiB;
}

/** The image the patch starts from: the active one when WinRE is enabled, else the staged one. */
export function sourceImage(snapshot: Snapshot): Snapshot['winre']['activeImage'] {
  return snapshot.winre.reagentc.status === 'Enabled'
    ? snapshot.winre.activeImage
    : snapshot.winre.stagedImage;
}

/**
 * Every reason the patch cannot run, from the package as read, the image's own metadata, the baseline and the
 * room on C: after the plan's shrink and backup. Empty: it can run.
 */
export function safeOsBlockers(
  snapshot: Snapshot,
  pkg: SafeOsPackage,
  options: PlannerOptions,
  plan: Pick<Plan, 'sizing' | 'steps' | 'reasons'>,
): Reason[] {
  const out: Reason[] = [];
  if (!pkg.present)
    out.push(reason('SAFEOS_PACKAGE_MISSING', { path: pkg.path, error: pkg.error ?? 'no file' }));
  else if (!pkg.readable)
    out.push(reason('SAFEOS_PACKAGE_UNREADABLE', { path: pkg.path, error: pkg.error ?? 'unreadable' }));
  if (pkg.extension !== '.cab' && pkg.extension !== '.msu')
    out.push(reason('SAFEOS_NOT_A_PACKAGE', { path: pkg.path }));
  const onOs = plan.reasons.find((r) => r.code === 'WINRE_ON_OS_VOLUME');
  if (onOs)
    out.push(reason('SAFEOS_WINRE_ON_OS_VOLUME', { location: String(onOs.params['location'] ?? '') }));
  const image = sourceImage(snapshot);
  if (!image) return out; // WinRE has no image at all: the plan already refuses (WINRE_DISABLED_WIM_MISSING).
  const wim = image.wim;
  if (!wim || !wim.readable || !wim.version || wim.writeInProgress) {
    const error = !wim
      ? 'not read'
      : wim.writeInProgress
        ? 'a write never finished'
        : (wim.error ?? 'no version');
    out.push(reason('SAFEOS_IMAGE_UNREADABLE', { error }));
    return out;
  }
  if (pkg.architecture !== null && wim.architecture !== null && pkg.architecture !== wim.architecture) {
    out.push(
      reason('SAFEOS_ARCHITECTURE_MISMATCH', {
        kb: pkg.kb ?? pkg.path,
        packageArch: archName(pkg.architecture),
        imageArch: archName(wim.architecture),
      }),
    );
  }
  const os = snapshot.disks
    .flatMap((d) => d.partitions)
    .find((p) => p.driveLetter && `${p.driveLetter}:` === snapshot.os.systemDrive);
  const backupBytes = plan.steps.some((s) => s.kind === 'backup-recovery-files') ? image.size : 0;
  const free = (os?.volume?.sizeRemaining ?? 0) - plan.sizing.shrinkOsBy - backupBytes;
  const need = safeOsWorkBytes(image.size, pkg.size ?? 0);
  if (free < need) {
    out.push(
      reason('SAFEOS_NO_ROOM_ON_OS_VOLUME', {
        need: formatBytes(need),
        free: formatBytes(Math.max(0, free)),
      }),
    );
  }
  return out;
}

/**
 * The patch is already in: the baseline names the KB that brings each family's minimum, and that package adds
 * nothing to an image at or above it. Not a refusal: the same command line run again after a patch (Intune and
 * ConfigMgr rerun it) must answer "nothing to do" (exit 0), so the reason is information and the plan is the one
 * without the patch. Null when the patch is not known to be in.
 */
export function alreadyPatched(
  snapshot: Snapshot,
  pkg: SafeOsPackage,
  options: PlannerOptions,
): Reason | null {
  const wim = sourceImage(snapshot)?.wim;
  if (!pkg.kb || !wim?.readable || !wim.version || wim.build === null || wim.writeInProgress) return null;
  const entry = options.winreBaseline.families.find((f) => f.build === wim.build);
  if (!entry || entry.kb.toUpperCase() !== pkg.kb || compareWinReVersions(wim.version, entry.minimum) < 0)
    return null;
  return reason('SAFEOS_ALREADY_CURRENT', {
    version: wim.version,
    minimum: entry.minimum,
    kb: pkg.kb,
    baseline: options.winreBaseline.name,
  });
}

/** The image facts the patch steps carry: what it is before, so every check can tell the patched one. */
interface PatchFacts {
  readonly pkg: SafeOsPackage;
  readonly fromSha256: string;
  readonly fromVersion: string;
  readonly architecture: number | null;
  readonly editionId: string | null;
}

function patchFacts(snapshot: Snapshot, pkg: SafeOsPackage): PatchFacts {
  const image = sourceImage(snapshot)!;
  return {
    pkg,
    fromSha256: image.sha256,
    fromVersion: image.wim!.version!,
    architecture: image.wim!.architecture,
    editionId: image.wim!.editionId,
  };
}

/**
 * The steps of `base` (a plan's recipe, possibly empty) with the patch woven in: build the patched copy first
 * (nothing else has changed if it fails: DISM's not-applicable ends the run with the PC as it was), disable WinRE
 * when the recipe does not, swap the staged image once it is proven to be the old one, enable and check without
 * the old hash, prove the patched image runs, and delete the work files with the backup folder last.
 * `winrePartitionOffset`: where WinRE is enabled today (the patch-alone case re-enables it there).
 */
export function patchSteps(
  snapshot: Snapshot,
  pkg: SafeOsPackage,
  base: readonly Step[],
  context: PlanContext,
  alone: {
    readonly diskUniqueId: string;
    readonly partitionOffset: number;
    readonly requiredFree: number;
  } | null,
): Step[] {
  const facts = patchFacts(snapshot, pkg);
  const steps: Step[] = [];
  const add = <K extends StepKind>(kind: K, params: StepParams<K>): void => {
    steps.push(makeStep(kind, steps.length + 1, params, context));
  };
  const copy = (s: Step): void => {
    steps.push({ ...s, id: steps.length + 1 });
  };
  const from = { fromSha256: facts.fromSha256, fromVersion: facts.fromVersion };
  const build = (): void =>
    add('build-patched-image', {
      packagePath: pkg.path,
      packageSha256: pkg.sha256 ?? '',
      kb: pkg.kb,
      sourceSha256: facts.fromSha256,
      fromVersion: facts.fromVersion,
      architecture: facts.architecture,
      editionId: facts.editionId,
    });
  if (alone) {
    build();
    add('disable-winre', {});
    add('verify-staged-image', { imageSha256: facts.fromSha256, imageSize: 0 });
    add('install-patched-image', from);
    add('enable-winre', {
      diskUniqueId: alone.diskUniqueId,
      partitionOffset: alone.partitionOffset,
      imageSha256: '',
    });
    add('verify-winre', {
      diskUniqueId: alone.diskUniqueId,
      partitionOffset: alone.partitionOffset,
      requiredFree: alone.requiredFree,
      imageSha256: '',
    });
    add('verify-patched-winre', from);
    add('remove-backup', {});
    return steps;
  }
  // Around a recipe: the BitLocker suspension stays first (its roll-back resumes it), the build comes next.
  let built = false;
  let installed = false;
  const hasStagedCheck = base.some((s) => s.kind === 'verify-staged-image');
  for (const s of base) {
    if (!built && s.kind !== 'suspend-bitlocker') {
      build();
      built = true;
    }
    if (!installed && s.kind === 'enable-winre' && !hasStagedCheck) {
      add('install-patched-image', from);
      installed = true;
    }
    if (s.kind === 'remove-backup') add('verify-patched-winre', from);
    if (s.kind === 'enable-winre' || s.kind === 'verify-winre') {
      // The image changes by design: the end state is checked by verify-patched-winre, not by the old hash.
      const params = { ...(s.params as Record<string, unknown>), imageSha256: '' };
      steps.push(makeStep(s.kind, steps.length + 1, params as never, context));
    } else copy(s);
    if (!installed && s.kind === 'verify-staged-image') {
      add('install-patched-image', from);
      installed = true;
    }
  }
  if (!steps.some((s) => s.kind === 'verify-patched-winre')) add('verify-patched-winre', from);
  if (!steps.some((s) => s.kind === 'remove-backup')) add('remove-backup', {});
  return steps;
}

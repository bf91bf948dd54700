/**
 * The image given with `--wim <path|UNC>` for a PC whose WinRE is disabled with Winre.wim missing (or damaged):
 * when the PC needs one, and whether the file is one winre-fix may stage. Pure: the facts come from
 * ps-scripts/Read-SuppliedWinReImage.ps1 (snapshot.suppliedImage), read only when needsSuppliedImage says so.
 *
 * Accepted only when image 1 of the WIM is a WinRE image (EDITIONID and INSTALLATIONTYPE WindowsPE,
 * docs/reference/winre-version.md#reading-the-version), of the PC's architecture and of the WinRE build family its
 * OS build carries (src/domain/winre-family.ts), with a header that is not write-in-progress and metadata that
 * reads whole. An image older than the baseline's minimum for its family is accepted with a warning: it is still
 * better than no WinRE, and Windows Update patches it once the partition has room (src/domain/winre-patch-level.ts).
 * A PC that already has a usable image ignores --wim (a note, not a refusal): one Intune or ConfigMgr command line
 * serves a whole group of PCs, most of which do not need the file, and none of them should read the share for it.
 */
import type { Reason, SuppliedImage } from '../contracts/generated/plan';
import type { PlannerOptions } from './policy';
import { reason } from './planning/reason';
import type { Snapshot } from './snapshot';
import { compareWinReVersions } from './winre-patch-level';
import { wimArchitectureName, wimArchitectureOf, winReFamilyOfOsBuild } from './winre-family';

type StagedImage = NonNullable<Snapshot['winre']['stagedImage']>;

/** A staged Winre.wim whose own metadata says it is damaged: a write never finished, or it does not read whole. */
export function stagedImageDamaged(staged: StagedImage): boolean {
  const wim = staged.wim;
  return wim !== undefined && (!wim.readable || wim.writeInProgress === true);
}

/** WinRE is disabled and there is no usable image to enable: the only PCs `--wim` is for. */
export function needsSuppliedImage(snapshot: Snapshot): boolean {
  const { reagentc, stagedImage } = snapshot.winre;
  if (reagentc.status !== 'Disabled' || reagentc.location) return false;
  return stagedImage === null || stagedImageDamaged(stagedImage);
}

export type SuppliedJudgement =
  | { readonly status: 'not-needed'; readonly summary: SuppliedImage; readonly note: Reason }
  | { readonly status: 'rejected'; readonly summary: SuppliedImage; readonly blockers: readonly Reason[] }
  | {
      readonly status: 'accepted';
      readonly summary: SuppliedImage;
      /** Why the PC needs the fix, naming the image. */
      readonly cause: Reason;
      readonly warnings: readonly Reason[];
      readonly size: number;
      readonly sha256: string;
    };

const WINRE_EDITION = 'WindowsPE';

/** What the planner makes of --wim on this PC; undefined without --wim. */
export function judgeSuppliedImage(
  snapshot: Snapshot,
  options: PlannerOptions,
): SuppliedJudgement | undefined {
  const path = options.suppliedWimPath;
  if (path === undefined) return undefined;
  const expected = winReFamilyOfOsBuild(snapshot.os.build);
  const facts = snapshot.suppliedImage;
  const expectedArch = wimArchitectureOf(facts?.osArchitecture ?? null);
  const wim = facts?.wim ?? null;
  const summary: SuppliedImage = {
    path,
    status: 'not-needed',
    account: facts?.account ?? null,
    size: facts?.size ?? null,
    sha256: facts?.sha256 ?? null,
    version: wim?.readable ? wim.version : null,
    family: wim?.readable ? wim.build : null,
    expectedFamily: expected?.family ?? null,
    architecture: wim?.readable ? wimArchitectureName(wim.architecture) : null,
    expectedArchitecture: expectedArch === undefined ? null : wimArchitectureName(expectedArch),
  };
  if (!needsSuppliedImage(snapshot)) {
    const why = snapshot.winre.reagentc.status === 'Disabled' ? 'staged' : 'enabled';
    return {
      status: 'not-needed',
      summary,
      note: reason('WIM_SUPPLIED_NOT_NEEDED', {
        path,
        detail: why === 'staged' ? 'WIM_HEALTHY_STAGED' : 'WINRE_ENABLED',
      }),
    };
  }
  const rejected = (blockers: Reason[]): SuppliedJudgement => ({
    status: 'rejected',
    summary: { ...summary, status: 'rejected' },
    blockers,
  });
  if (!facts) {
    // The use case reads the file whenever needsSuppliedImage holds; a snapshot without it was not read.
    return rejected([reason('WIM_SUPPLIED_UNREADABLE', { path, error: 'the file was not read' })]);
  }
  if (!facts.readable || facts.sha256 === null || facts.size === null) {
    const params = { path, error: facts.error ?? 'unknown error', account: facts.account ?? '' };
    switch (facts.errorKind) {
      case 'access-denied':
        return rejected([
          reason(facts.unc ? 'WIM_SUPPLIED_SHARE_DENIED' : 'WIM_SUPPLIED_ACCESS_DENIED', params),
        ]);
      case 'unreachable':
        return rejected([reason('WIM_SUPPLIED_UNREACHABLE', params)]);
      case 'not-found':
        return rejected([reason('WIM_SUPPLIED_NOT_FOUND', params)]);
      default:
        return rejected([reason('WIM_SUPPLIED_UNREADABLE', params)]);
    }
  }
  if (!wim || !wim.readable) {
    return rejected([
      reason('WIM_SUPPLIED_DAMAGED', {
        path,
        detail: 'WIM_UNREADABLE',
        error: wim?.error ?? 'no WIM metadata',
      }),
    ]);
  }
  const blockers: Reason[] = [];
  if (wim.writeInProgress) {
    blockers.push(reason('WIM_SUPPLIED_DAMAGED', { path, detail: 'WIM_WRITE_IN_PROGRESS' }));
  }
  const installationType = wim.installationType ?? null;
  if (wim.editionId !== WINRE_EDITION || (installationType !== null && installationType !== WINRE_EDITION)) {
    blockers.push(
      reason('WIM_SUPPLIED_NOT_WINRE', {
        path,
        edition: wim.editionId ?? '(none)',
        installationType: installationType ?? '(none)',
        name: wim.name ?? '(none)',
      }),
    );
  }
  if (expectedArch === undefined || wim.architecture !== expectedArch) {
    blockers.push(
      reason('WIM_SUPPLIED_WRONG_ARCHITECTURE', {
        path,
        architecture: wimArchitectureName(wim.architecture),
        expected:
          expectedArch === undefined
            ? (facts.osArchitecture ?? 'unknown')
            : wimArchitectureName(expectedArch),
      }),
    );
  }
  if (!expected) {
    blockers.push(reason('WIM_SUPPLIED_FAMILY_UNKNOWN', { path, osBuild: snapshot.os.build }));
  } else if (wim.build !== expected.family) {
    blockers.push(
      reason('WIM_SUPPLIED_WRONG_FAMILY', {
        path,
        version: wim.version ?? '?',
        family: wim.build ?? '?',
        expected: expected.family,
        osBuild: snapshot.os.build,
        releases: expected.releases,
      }),
    );
  }
  if (blockers.length > 0) return rejected(blockers);

  const version = wim.version!;
  const warnings: Reason[] = [];
  const entry = options.winreBaseline.families.find((f) => f.build === expected!.family);
  if (entry && compareWinReVersions(version, entry.minimum) < 0) {
    warnings.push(
      reason('WIM_SUPPLIED_OUTDATED', {
        version,
        minimum: entry.minimum,
        kb: entry.kb,
        baseline: options.winreBaseline.name,
      }),
    );
  }
  const staged = snapshot.winre.stagedImage;
  return {
    status: 'accepted',
    summary: { ...summary, status: 'accepted' },
    cause: reason('WINRE_DISABLED_WIM_SUPPLIED', {
      path,
      version,
      family: expected!.family,
      sha256: facts.sha256,
      detail: staged ? 'STAGED_WIM_DAMAGED' : 'STAGED_WIM_MISSING',
    }),
    warnings,
    size: facts.size,
    sha256: facts.sha256,
  };
}

/**
 * The WinRE patch level: which version the PC's WinRE image is, against the baseline's minimum for its WinRE build
 * family. Pure (no I/O): the facts come from the snapshot, the baseline from the planner options.
 *
 * Which version counts (docs/reference/winre-version.md#reading-the-version):
 *  1. the image's own WIM metadata (what Windows' WinREAgent reports): the active image when WinRE is enabled,
 *     else the staged one in System32\Recovery;
 *  2. reagentc /info's "Windows RE Version" line (24H2+ only; 0.0.0.0 while disabled is no version);
 *  3. the WinREVersion registry value: evidence only (spoofable, stale after a manual patch), used only when
 *     nothing else is readable.
 * The family is the version's BUILD (19041, 20348, 22000, 22621, 26100, 28000): never the OS build, which differs
 * (Windows 10 22H2 is 19045 but carries WinRE 19041; Windows 11 23H2 is 22631 and carries 22621).
 */
import type { Plan, WinRePatchLevel } from '../contracts/generated/plan';
import type { WinReBaseline } from '../contracts/generated/winre-baseline';
import type { Reason } from '../contracts/generated/plan';
import { reason } from './planning/reason';
import type { Snapshot } from './snapshot';

const VERSION = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/;

/** A four-part version as numbers, or undefined when it is not one. */
function parts(version: string | null | undefined): [number, number, number, number] | undefined {
  const m = version ? VERSION.exec(version) : null;
  return m ? [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])] : undefined;
}

/** Negative, zero or positive as `a` is older than, equal to or newer than `b` (both four-part versions). */
export function compareWinReVersions(a: string, b: string): number {
  const x = parts(a);
  const y = parts(b);
  if (!x || !y) throw new Error(`not a four-part version: ${x ? b : a}`);
  for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}

/** A version that says something: four parts and not the 0.0.0.0 reagentc prints while WinRE is disabled. */
function meaningful(version: string | null | undefined): string | null {
  const p = parts(version);
  return p && p.some((n) => n !== 0) ? version! : null;
}

type Source = WinRePatchLevel['source'];

function room(plan: Pick<Plan, 'verdict'>): WinRePatchLevel['room'] {
  if (plan.verdict === 'compliant') return 'now';
  return plan.verdict === 'needs-fix' ? 'after-fix' : 'no';
}

/** The patch level of the PC's WinRE, for a plan already decided (its verdict says whether updates have room). */
export function judgePatchLevel(
  snapshot: Snapshot,
  baseline: WinReBaseline,
  plan: Pick<Plan, 'verdict'>,
): WinRePatchLevel {
  const { winre } = snapshot;
  const enabled = winre.reagentc.status === 'Enabled';
  const image = enabled ? winre.activeImage : winre.stagedImage;
  const imageSource: Source = enabled ? 'active-image' : 'staged-image';
  const wim = image?.wim;
  const imageVersion = wim?.readable ? meaningful(wim.version) : null;
  const reagentcVersion = meaningful(winre.reagentc.version);
  const registryVersion = meaningful(winre.registry.winreVersion);
  const [version, source]: [string | null, Source] = imageVersion
    ? [imageVersion, imageSource]
    : reagentcVersion
      ? [reagentcVersion, 'reagentc']
      : registryVersion
        ? [registryVersion, 'registry']
        : [null, null];
  const family = parts(version)?.[2] ?? null;
  const entry = family === null ? undefined : baseline.families.find((f) => f.build === family);
  const base = {
    version,
    source,
    family,
    minimum: entry?.minimum ?? null,
    kb: entry?.kb ?? null,
    baseline: { name: baseline.name, published: baseline.published },
    room: room(plan),
    evidence: { imageVersion, reagentcVersion, registryVersion },
  };
  if (wim?.readable && wim.writeInProgress) return { status: 'damaged', ...base };
  if (!version || !entry) return { status: 'unknown', ...base };
  return { status: compareWinReVersions(version, entry.minimum) >= 0 ? 'current' : 'outdated', ...base };
}

const SOURCE_TEXT: Readonly<Record<NonNullable<Source>, string>> = {
  'active-image': 'the active Winre.wim',
  'staged-image': 'the staged Winre.wim',
  reagentc: 'reagentc /info',
  registry: 'the WinREVersion registry value',
};

const ROOM_DETAIL: Readonly<Record<WinRePatchLevel['room'], string>> = {
  now: 'ROOM_NOW',
  'after-fix': 'ROOM_AFTER_FIX',
  no: 'ROOM_NONE',
};

/** The evidence line of the plan: one reason that says the version, its source and how it compares. */
export function patchLevelReason(level: WinRePatchLevel, imageError: string | null): Reason {
  const common = {
    baseline: level.baseline.name,
    from: level.source ? SOURCE_TEXT[level.source] : 'nothing readable',
  };
  switch (level.status) {
    case 'current':
      return reason('WINRE_IMAGE_CURRENT', {
        ...common,
        version: level.version!,
        minimum: level.minimum!,
        family: level.family!,
      });
    case 'outdated':
      return reason('WINRE_IMAGE_OUTDATED', {
        ...common,
        version: level.version!,
        minimum: level.minimum!,
        kb: level.kb!,
        family: level.family!,
        detail: ROOM_DETAIL[level.room],
      });
    case 'damaged':
      return reason('WINRE_IMAGE_DAMAGED', { ...common, version: level.version ?? '?' });
    case 'unknown':
      return level.version
        ? reason('WINRE_FAMILY_NOT_IN_BASELINE', { ...common, version: level.version, family: level.family! })
        : reason('WINRE_VERSION_UNKNOWN', { ...common, error: imageError ?? 'no version was readable' });
  }
}

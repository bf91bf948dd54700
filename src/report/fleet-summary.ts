/**
 * Counts over the latest report of each PC, and what an admin acts on: the to-do list, stale PCs, restarts
 * pending, tool versions, what the fix runs did, the remedy per reason.
 */
import type { RunVerdict } from '../contracts/generated/run-report';
import type { WinRePatchLevel } from '../contracts/generated/plan';
import { reasonRemedy, type Language } from '../domain/reasons';
import {
  NEEDS_ACTION,
  sortComputers,
  VERDICTS,
  type ComputerState,
  type FleetRollup,
  type InvalidReport,
} from './fleet-state';

export interface FleetSummary {
  readonly folder: string;
  readonly filesSeen: number;
  readonly validReports: number;
  readonly supersededReports: number;
  readonly computers: number;
  readonly simulatedComputers: number;
  readonly byVerdict: Readonly<Record<RunVerdict, number>>;
  /** Per reason code: how many PCs' latest report gives it, and what the admin can do about it. */
  readonly byReason: readonly { code: string; computers: number; remedy: string | null }[];
  /** Which winre-fix versions the fleet last ran, newest first. */
  readonly byToolVersion: readonly { version: string; computers: number }[];
  /** PCs whose latest report is older than `staleDays` before `asOf`: they stopped reporting. */
  readonly stale: {
    readonly days: number;
    readonly asOf: string;
    readonly count: number;
    readonly rows: readonly FleetPcRow[];
  };
  /** PCs whose latest run needs a restart to finish (BitLocker resumes after it). */
  readonly restartNeeded: { readonly count: number; readonly rows: readonly FleetPcRow[] };
  /** Reports left out by `--since` (count 0 and since null without it). */
  readonly beforeSince: { readonly count: number; readonly since: string | null };
  readonly byExitCode: readonly { exitCode: number; computers: number }[];
  readonly outcome: OutcomeSummary;
  readonly needsActionCount: number;
  readonly needsAction: readonly NeedsActionRow[];
  readonly invalid: { readonly count: number; readonly samples: readonly InvalidReport[] };
  readonly winre: WinReSummary;
}

/** The fleet's WinRE patch level (docs/winre-patch-level.md): "prove every PC's WinRE is patched". */
export interface WinReSummary {
  /** PCs whose latest planning report judged their WinRE image. */
  readonly computers: number;
  readonly byStatus: Readonly<Record<WinRePatchLevel['status'], number>>;
  /** Per WinRE build family (null: no readable version), newest family first, its versions newest first. */
  readonly byFamily: readonly {
    readonly family: number | null;
    readonly computers: number;
    readonly outdated: number;
    readonly versions: readonly { readonly version: string; readonly computers: number }[];
  }[];
  /** Outdated PCs where an update cannot find room and winre-fix cannot make it (refused): a person must look. */
  readonly outdatedWithoutRoom: { readonly count: number; readonly rows: readonly FleetPcRow[] };
  /** The baselines the PCs were judged against (one, unless the baseline changed between runs). */
  readonly baselines: readonly { readonly name: string; readonly computers: number }[];
}

const PATCH_STATUSES: readonly WinRePatchLevel['status'][] = ['current', 'outdated', 'unknown', 'damaged'];

function winreSummary(computers: Iterable<ComputerState>, listLimit: number): WinReSummary {
  const byStatus = Object.fromEntries(PATCH_STATUSES.map((x) => [x, 0])) as Record<
    WinRePatchLevel['status'],
    number
  >;
  const families = new Map<
    number | null,
    { computers: number; outdated: number; versions: Map<string, number> }
  >();
  const baselines = new Map<string, number>();
  const noRoom: ComputerState[] = [];
  let judged = 0;
  for (const c of computers) {
    const w = c.winre;
    if (!w) continue;
    judged += 1;
    byStatus[w.status] += 1;
    baselines.set(w.baseline, (baselines.get(w.baseline) ?? 0) + 1);
    const f = families.get(w.family) ?? { computers: 0, outdated: 0, versions: new Map<string, number>() };
    f.computers += 1;
    if (w.status === 'outdated') f.outdated += 1;
    if (w.version !== null) f.versions.set(w.version, (f.versions.get(w.version) ?? 0) + 1);
    families.set(w.family, f);
    if (w.status === 'outdated' && w.room === 'no') noRoom.push(c);
  }
  return {
    computers: judged,
    byStatus,
    byFamily: [...families]
      .sort(([a], [b]) => (b ?? -1) - (a ?? -1))
      .map(([family, f]) => ({
        family,
        computers: f.computers,
        outdated: f.outdated,
        versions: [...f.versions]
          .map(([version, n]) => ({ version, computers: n }))
          .sort((a, b) => compareVersionsDescending(a.version, b.version)),
      })),
    outdatedWithoutRoom: {
      count: noRoom.length,
      rows: noRoom
        .sort((a, b) => a.computerName.localeCompare(b.computerName))
        .slice(0, listLimit)
        .map(pcRow),
    },
    baselines: [...baselines]
      .map(([name, n]) => ({ name, computers: n }))
      .sort((a, b) => b.computers - a.computers || a.name.localeCompare(b.name)),
  };
}

/** Upper bounds (exclusive) of the WinRE-disabled buckets, in minutes; the last bucket is open-ended. */
export const DISABLED_BUCKETS_MIN = [1, 5, 15, 60] as const;

/** What the latest runs did to the PCs (only runs that changed something contribute to the byte and time figures). */
export interface OutcomeSummary {
  readonly rebootRequired: number;
  readonly bytesTakenFromOs: { readonly computers: number; readonly total: number; readonly max: number };
  /** How long PCs were without WinRE in their latest run: count, longest, mean, and a histogram by minutes. */
  readonly winreDisabled: {
    readonly computers: number;
    readonly maxMs: number;
    readonly meanMs: number;
    readonly buckets: readonly { readonly label: string; readonly computers: number }[];
  };
  /** The step that failed in each PC's latest run, counted. */
  readonly failedSteps: readonly { readonly step: string; readonly computers: number }[];
}

/** A PC in a list of the summary. */
export interface FleetPcRow {
  readonly computerName: string;
  readonly verdict: RunVerdict;
  readonly finishedAt: string;
  readonly toolVersion: string;
}

export interface SummaryOptions {
  /** How many rows each PC list holds at most (the counts are always whole). Default: all. */
  readonly listLimit?: number;
  /** A PC whose latest report is older than this many days is stale. Default 30. */
  readonly staleDays?: number;
  /** "Now" for staleness (tests and reproducible reports); default the current time. */
  readonly asOfMs?: number;
  /** Language of the remedies. Default English. */
  readonly language?: Language;
  /** The `--since` the roll-up was made with, to say so. */
  readonly sinceMs?: number;
}

/**
 * A reason's remedy for the whole fleet: the catalogue's text with any per-PC value (e.g. {volume}) named
 * generically, since the roll-up speaks of many PCs at once.
 */
function fleetRemedy(code: string, language: Language): string | null {
  const text = reasonRemedy(code, {}, language);
  return text === undefined ? null : text.replace(/\{(\w+)\}/g, (_m, key: string) => `<${key}>`);
}

/** Version strings compared by their numeric parts (0.10.0 after 0.9.1), then as text. */
export function compareVersionsDescending(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((p) => Number.parseInt(p, 10));
  const pb = b.split(/[.+-]/).map((p) => Number.parseInt(p, 10));
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const x = pa[i] ?? -1;
    const y = pb[i] ?? -1;
    if (Number.isNaN(x) || Number.isNaN(y)) break;
    if (x !== y) return y - x;
  }
  return b.localeCompare(a);
}

export interface NeedsActionRow {
  readonly computerName: string;
  readonly verdict: RunVerdict;
  readonly exitCode: number;
  readonly reasonCodes: readonly string[];
  readonly why: string;
  readonly finishedAt: string;
  readonly runId: string;
  readonly command: string;
  readonly file: string;
}

function pcRow(c: ComputerState): FleetPcRow {
  return {
    computerName: c.computerName,
    verdict: c.verdict,
    finishedAt: c.finishedAt,
    toolVersion: c.toolVersion,
  };
}

/**
 * Counts over the latest report of each computer, the to-do list (at most `needsActionLimit` rows), and what
 * else an admin acts on: stale PCs, restarts pending, tool versions, the remedy per reason.
 */
export function summarize(
  rollup: FleetRollup,
  needsActionLimit = Number.POSITIVE_INFINITY,
  options: SummaryOptions = {},
): FleetSummary {
  const listLimit = options.listLimit ?? Number.POSITIVE_INFINITY;
  const staleDays = options.staleDays ?? 30;
  const asOfMs = options.asOfMs ?? Date.now();
  const staleBeforeMs = asOfMs - staleDays * 86_400_000;
  const language = options.language ?? 'en';
  const byToolVersion = new Map<string, number>();
  const stale: ComputerState[] = [];
  const restart: ComputerState[] = [];
  const byVerdict = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<RunVerdict, number>;
  const byReason = new Map<string, number>();
  const byExitCode = new Map<number, number>();
  let simulatedComputers = 0;
  let needsActionCount = 0;
  let rebootRequired = 0;
  const bytes = { computers: 0, total: 0, max: 0 };
  const disabled = { computers: 0, maxMs: 0, totalMs: 0 };
  const buckets = new Array<number>(DISABLED_BUCKETS_MIN.length + 1).fill(0);
  const failedSteps = new Map<string, number>();
  for (const c of rollup.computers.values()) {
    if (c.rebootRequired) rebootRequired += 1;
    if (c.rebootRequired || c.verdict === 'reboot-pending') restart.push(c);
    if (c.finishedAtMs < staleBeforeMs) stale.push(c);
    byToolVersion.set(c.toolVersion, (byToolVersion.get(c.toolVersion) ?? 0) + 1);
    if (c.bytesTakenFromOs > 0) {
      bytes.computers += 1;
      bytes.total += c.bytesTakenFromOs;
      bytes.max = Math.max(bytes.max, c.bytesTakenFromOs);
    }
    const ms = c.winreDisabledMs;
    if (ms !== null) {
      disabled.computers += 1;
      disabled.totalMs += ms;
      disabled.maxMs = Math.max(disabled.maxMs, ms);
      const bucket = DISABLED_BUCKETS_MIN.findIndex((m) => ms < m * 60_000);
      const index = bucket < 0 ? DISABLED_BUCKETS_MIN.length : bucket;
      buckets[index] = (buckets[index] ?? 0) + 1;
    }
    if (c.failedStep !== null) failedSteps.set(c.failedStep, (failedSteps.get(c.failedStep) ?? 0) + 1);
    byVerdict[c.verdict] += 1;
    byExitCode.set(c.exitCode, (byExitCode.get(c.exitCode) ?? 0) + 1);
    for (const code of new Set(c.reasonCodes ? c.reasonCodes.split(';') : []))
      byReason.set(code, (byReason.get(code) ?? 0) + 1);
    if (c.simulated) simulatedComputers += 1;
    if (NEEDS_ACTION.has(c.verdict)) needsActionCount += 1;
  }
  const needsAction: NeedsActionRow[] = [];
  if (needsActionLimit > 0) {
    const todo = [...rollup.computers.values()].filter((c) => NEEDS_ACTION.has(c.verdict));
    for (const c of sortComputers(todo)) {
      needsAction.push({
        computerName: c.computerName,
        verdict: c.verdict,
        exitCode: c.exitCode,
        reasonCodes: c.reasonCodes ? c.reasonCodes.split(';') : [],
        why: c.reasonMessages ?? '',
        finishedAt: c.finishedAt,
        runId: c.runId,
        command: c.command,
        file: c.file ?? '',
      });
      if (needsAction.length >= needsActionLimit) break;
    }
  }
  return {
    folder: rollup.folder,
    filesSeen: rollup.filesSeen,
    validReports: rollup.validReports,
    supersededReports: rollup.supersededReports,
    computers: rollup.computers.size,
    simulatedComputers,
    byVerdict,
    byReason: [...byReason]
      .map(([code, computers]) => ({ code, computers, remedy: fleetRemedy(code, language) }))
      .sort((a, b) => b.computers - a.computers || a.code.localeCompare(b.code)),
    byToolVersion: [...byToolVersion]
      .map(([version, computers]) => ({ version, computers }))
      .sort((a, b) => compareVersionsDescending(a.version, b.version)),
    stale: {
      days: staleDays,
      asOf: new Date(asOfMs).toISOString(),
      count: stale.length,
      // Oldest first: the PC silent the longest is the first to look at.
      rows: stale
        .sort((a, b) => a.finishedAtMs - b.finishedAtMs || a.computerName.localeCompare(b.computerName))
        .slice(0, listLimit)
        .map(pcRow),
    },
    restartNeeded: {
      count: restart.length,
      rows: restart
        .sort((a, b) => a.computerName.localeCompare(b.computerName))
        .slice(0, listLimit)
        .map(pcRow),
    },
    byExitCode: [...byExitCode]
      .map(([exitCode, computers]) => ({ exitCode, computers }))
      .sort((a, b) => b.computers - a.computers || a.exitCode - b.exitCode),
    outcome: {
      rebootRequired,
      bytesTakenFromOs: bytes,
      winreDisabled: {
        computers: disabled.computers,
        maxMs: disabled.maxMs,
        meanMs: disabled.computers ? Math.round(disabled.totalMs / disabled.computers) : 0,
        buckets: buckets.map((computers, i) => ({
          label:
            i === 0
              ? `< ${DISABLED_BUCKETS_MIN[0]} min`
              : i < DISABLED_BUCKETS_MIN.length
                ? `${DISABLED_BUCKETS_MIN[i - 1]}-${DISABLED_BUCKETS_MIN[i]} min`
                : `>= ${DISABLED_BUCKETS_MIN[DISABLED_BUCKETS_MIN.length - 1]} min`,
          computers,
        })),
      },
      failedSteps: [...failedSteps]
        .map(([step, computers]) => ({ step, computers }))
        .sort((a, b) => b.computers - a.computers || a.step.localeCompare(b.step)),
    },
    beforeSince: {
      count: rollup.beforeSince,
      since: options.sinceMs === undefined ? null : new Date(options.sinceMs).toISOString(),
    },
    needsActionCount,
    needsAction,
    invalid: { count: rollup.invalidCount, samples: rollup.invalidSamples },
    winre: winreSummary(rollup.computers.values(), listLimit),
  };
}

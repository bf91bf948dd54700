/**
 * The state of each PC in a roll-up: of all its reports, the latest (by finishedAt) wins, reduced to the fields the
 * output needs, with repeated strings interned. Memory grows with the number of PCs, not of reports.
 */
import type { WinRePatchLevel } from '../contracts/generated/plan';
import * as path from 'node:path';
import type { RunReport, RunVerdict } from '../contracts/generated/run-report';
import { primaryDeviceId } from '../domain/device-id';

export const VERDICTS: readonly RunVerdict[] = [
  'compliant',
  'fixed',
  'reboot-pending',
  'needs-fix',
  'refused',
  'rolled-back',
  'degraded',
  'error',
];

/**
 * Verdicts that put a PC on the admin's to-do list. Beyond needs-fix, refused, error and degraded, rolled-back
 * is here too: the fix failed and was undone, so the PC still has the small WinRE partition.
 */
export const NEEDS_ACTION: ReadonlySet<RunVerdict> = new Set<RunVerdict>([
  'needs-fix',
  'refused',
  'rolled-back',
  'degraded',
  'error',
]);

/** What is kept per computer: only the latest report's fields the output needs. */
export interface ComputerState {
  readonly computerName: string;
  /** The device id the PC is keyed on (SMBIOS UUID, else MachineGuid: src/domain/device-id.ts); null: by name. */
  readonly deviceId: string | null;
  readonly finishedAtMs: number;
  readonly finishedAt: string;
  readonly runId: string;
  readonly verdict: RunVerdict;
  readonly exitCode: number;
  readonly command: string;
  readonly toolVersion: string;
  readonly simulated: boolean;
  /** Reason codes joined with ';' (interned: fleets share few distinct combinations). */
  readonly reasonCodes: string;
  /** Reason messages, kept only for PCs that need action (the "why"). */
  readonly reasonMessages: string | undefined;
  /** The report's path relative to the folder, kept only for PCs that need action. */
  readonly file: string | undefined;
  readonly winreDisabledMs: number | null;
  readonly bytesTakenFromOs: number;
  readonly rebootRequired: boolean;
  readonly failedStep: string | null;
  /** The run log of the PC's latest fix or resume that kept one (its full evidence), from any of its reports. */
  readonly runLog: string | null;
  readonly runLogFinishedAtMs: number;
  /** The WinRE patch level of the PC's latest report that made a plan (strings interned); null: none did. */
  readonly winre: ComputerWinRe | null;
  readonly winreFinishedAtMs: number;
}

/** What the roll-up keeps of a report's WinRE patch level (docs/winre-patch-level.md). */
export interface ComputerWinRe {
  readonly version: string | null;
  readonly family: number | null;
  readonly status: WinRePatchLevel['status'];
  readonly room: WinRePatchLevel['room'];
  readonly baseline: string;
}

export interface InvalidReport {
  readonly file: string;
  readonly problem: string;
}

export interface FleetRollup {
  readonly folder: string;
  readonly filesSeen: number;
  readonly validReports: number;
  /** Valid reports that an later report of the same PC replaced. */
  readonly supersededReports: number;
  readonly invalidCount: number;
  readonly invalidSamples: readonly InvalidReport[];
  /** Valid reports left out because they finished before `sinceMs`. */
  readonly beforeSince: number;
  readonly computers: ReadonlyMap<string, ComputerState>;
}

class Interner {
  private readonly seen = new Map<string, string>();
  constructor(private readonly limit = 50_000) {}
  get(value: string): string {
    const hit = this.seen.get(value);
    if (hit !== undefined) return hit;
    if (this.seen.size < this.limit) this.seen.set(value, value);
    return value;
  }
}

/** The "why" kept per PC is capped: a report may carry 100 reasons of 2,000 characters (the schema's limits). */
const MAX_WHY_CHARS = 500;
function clip(text: string): string {
  return text.length <= MAX_WHY_CHARS ? text : `${text.slice(0, MAX_WHY_CHARS - 3)}...`;
}

function isNewer(candidate: { finishedAtMs: number; runId: string }, current: ComputerState): boolean {
  if (candidate.finishedAtMs !== current.finishedAtMs) return candidate.finishedAtMs > current.finishedAtMs;
  return candidate.runId > current.runId; // deterministic tie-break; run ids start with their UTC time
}

/** Folds valid reports, in any order, into the latest state of each computer. */
export class FleetState {
  readonly computers = new Map<string, ComputerState>();
  validReports = 0;
  supersededReports = 0;
  beforeSince = 0;
  private readonly interner = new Interner();
  /** For each upper-case name, the id keys of the PCs that carry it (mergeNamelessRuns). */
  private readonly idKeysByName = new Map<string, Set<string>>();

  /** `folder`: the rolled-up folder; `sinceMs`: reports that finished before it are counted, not used (`--since`). */
  constructor(
    private readonly folder: string,
    private readonly sinceMs?: number,
  ) {}

  /** `file`: where the report was read. */
  add(report: RunReport, file: string): void {
    const finishedAtMs = Date.parse(report.finishedAt);
    if (this.sinceMs !== undefined && finishedAtMs < this.sinceMs) {
      this.beforeSince += 1;
      return;
    }
    this.validReports += 1;
    // A PC is its device id when the report has one (two PCs may share a name), else its name (Windows computer
    // names are case-insensitive). A run that ended before the PC was read has no id: mergeNamelessRuns.
    const deviceId = primaryDeviceId(report.deviceIds);
    const key = deviceId ? `id:${deviceId.toUpperCase()}` : report.computerName.toUpperCase();
    if (deviceId) {
      const name = report.computerName.toUpperCase();
      const keys = this.idKeysByName.get(name) ?? new Set<string>();
      keys.add(key);
      this.idKeysByName.set(name, keys);
    }
    const current = this.computers.get(key);
    const runLog = report.logPaths.runLog ?? null;
    if (current && !isNewer({ finishedAtMs, runId: report.runId }, current)) {
      this.supersededReports += 1;
      // An older report can still hold the latest fix's log (the PC ran detection since).
      let kept = current;
      if (runLog !== null && finishedAtMs > current.runLogFinishedAtMs)
        kept = { ...kept, runLog, runLogFinishedAtMs: finishedAtMs };
      // ... and the latest WinRE patch level, when the newer reports made no plan.
      if (report.winre && finishedAtMs > current.winreFinishedAtMs)
        kept = { ...kept, winre: this.winreOf(report.winre), winreFinishedAtMs: finishedAtMs };
      if (kept !== current) this.computers.set(key, kept);
      return;
    }
    const keptLog =
      runLog !== null
        ? { runLog, runLogFinishedAtMs: finishedAtMs }
        : { runLog: current?.runLog ?? null, runLogFinishedAtMs: current?.runLogFinishedAtMs ?? -Infinity };
    if (current) this.supersededReports += 1;
    const needsAction = NEEDS_ACTION.has(report.verdict);
    const interner = this.interner;
    this.computers.set(key, {
      computerName: report.computerName,
      deviceId: deviceId ?? current?.deviceId ?? null,
      finishedAtMs,
      finishedAt: report.finishedAt,
      runId: report.runId,
      verdict: report.verdict,
      exitCode: report.exitCode,
      command: interner.get(report.command),
      toolVersion: interner.get(report.toolVersion),
      simulated: report.simulated,
      reasonCodes: interner.get(report.reasons.map((r) => r.code).join(';')),
      reasonMessages: needsAction ? clip(report.reasons.map((r) => r.message).join(' | ')) : undefined,
      file: needsAction ? path.relative(this.folder, file) : undefined,
      winreDisabledMs: report.outcome.winreDisabledMs,
      bytesTakenFromOs: report.outcome.bytesTakenFromOs,
      rebootRequired: report.outcome.rebootRequired,
      failedStep: report.outcome.failedStep === null ? null : interner.get(report.outcome.failedStep),
      ...keptLog,
      // A run that stopped before it planned keeps the PC's last known WinRE patch level.
      ...(report.winre
        ? { winre: this.winreOf(report.winre), winreFinishedAtMs: finishedAtMs }
        : { winre: current?.winre ?? null, winreFinishedAtMs: current?.winreFinishedAtMs ?? -Infinity }),
    });
  }

  private winreOf(level: NonNullable<RunReport['winre']>): ComputerWinRe {
    return {
      version: level.version === null ? null : this.interner.get(level.version),
      family: level.family,
      status: level.status,
      room: level.room,
      baseline: this.interner.get(level.baseline.name),
    };
  }

  /**
   * Folds the reports keyed by name only (a run that ended before it read the PC, or a report of an older winre-fix)
   * into the PC of that name that has a device id, when exactly one has: it is the same PC. With two or more PCs of
   * that name the nameless reports stay a row of their own (which PC they belong to is unknown). Call once, after
   * the last add; each fold is one more superseded report.
   */
  mergeNamelessRuns(): void {
    for (const [key, nameless] of [...this.computers]) {
      if (key.startsWith('id:')) continue; // a name cannot hold ':' (run-report schema), an id key always does
      const ids = this.idKeysByName.get(key);
      if (ids?.size !== 1) continue;
      const idKey = [...ids][0]!;
      const withId = this.computers.get(idKey);
      if (!withId) continue;
      const newer = isNewer(nameless, withId) ? nameless : withId;
      const log = nameless.runLogFinishedAtMs > withId.runLogFinishedAtMs ? nameless : withId;
      this.computers.set(idKey, {
        ...newer,
        deviceId: withId.deviceId,
        runLog: log.runLog,
        runLogFinishedAtMs: log.runLogFinishedAtMs,
      });
      this.computers.delete(key);
      this.supersededReports += 1;
    }
  }
}

const SEVERITY: Record<RunVerdict, number> = {
  error: 0,
  degraded: 1,
  'rolled-back': 2,
  refused: 3,
  'needs-fix': 4,
  'reboot-pending': 5,
  fixed: 6,
  compliant: 7,
};

/** Computers in a stable order: most urgent verdict first, then by name. */
export function sortComputers(computers: Iterable<ComputerState>): ComputerState[] {
  return [...computers].sort(
    (a, b) =>
      SEVERITY[a.verdict] - SEVERITY[b.verdict] ||
      (a.computerName < b.computerName ? -1 : a.computerName > b.computerName ? 1 : 0),
  );
}

/**
 * The state of each PC in a roll-up: of all its reports, the latest (by finishedAt) wins, reduced to the fields the
 * output needs, with repeated strings interned. Memory grows with the number of PCs, not of reports.
 */
import * as path from 'node:path';
import type { RunReport, RunVerdict } from '../contracts/generated/run-report';

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
    const key = report.computerName.toUpperCase(); // Windows computer names are case-insensitive
    const current = this.computers.get(key);
    const runLog = report.logPaths.runLog ?? null;
    if (current && !isNewer({ finishedAtMs, runId: report.runId }, current)) {
      this.supersededReports += 1;
      // An older report can still hold the latest fix's log (the PC ran detection since).
      if (runLog !== null && finishedAtMs > current.runLogFinishedAtMs)
        this.computers.set(key, { ...current, runLog, runLogFinishedAtMs: finishedAtMs });
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
    });
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

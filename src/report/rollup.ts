/**
 * The fleet roll-up behind `winre-fix report <folder>`: many run reports (one per run per PC, collected from the
 * fleet) reduced to the state of each PC and counts over the fleet.
 *
 * Streaming: the folder is walked with fs.opendir one entry at a time; each file is read into one reused buffer,
 * parsed, validated and reduced, then dropped. What stays is a per-computer record of only what the output needs
 * (the latest report wins, by finishedAt), with repeated strings interned, and a bounded list of invalid files. So
 * memory grows with the number of PCs, not with the number or size of reports.
 */
import { primaryDeviceId } from '../domain/device-id';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunReport, RunVerdict } from '../contracts/generated/run-report';
import { reasonRemedy, type Language } from '../domain/reasons';
import { describeErrors, validatorFor } from '../schemas/validators';
import { RUN_REPORT_SCHEMA } from './write-report';

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

export interface RollupOptions {
  /** How many invalid files to name (all are counted). Default 20. */
  readonly invalidSampleLimit?: number;
  /** Larger files are invalid without being parsed (a run report is a few KiB). Default 1 MiB. */
  readonly maxFileBytes?: number;
  /** Walk sub-folders too (a collection share often has one folder per PC). Default true. */
  readonly recursive?: boolean;
  /** Called after each file (the benchmark samples memory here). */
  readonly onProgress?: (filesSeen: number) => void;
  /** Only reports that finished at or after this time count (`--since`); older ones are counted, not used. */
  readonly sinceMs?: number;
}

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

async function* walk(
  root: string,
  recursive: boolean,
  onUnreadable: (dir: string, error: Error) => void,
): AsyncGenerator<string> {
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    let handle: fs.Dir;
    try {
      handle = await fs.promises.opendir(dir, { bufferSize: 256 });
    } catch (error) {
      // The folder itself must be readable; a sub-folder that is not (an ACL on one site's share) is reported.
      if (dir === root) throw error;
      onUnreadable(dir, error as Error);
      continue;
    }
    for await (const entry of handle) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (recursive) pending.push(full);
      } else if (entry.isFile() && /\.json$/i.test(entry.name) && !entry.name.startsWith('.')) {
        // Names starting with '.' are writeRunReport's temporary files.
        yield full;
      }
    }
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

/**
 * Folds the reports keyed by name only (a run that ended before it read the PC, or a report of an older winre-fix)
 * into the PC of that name that has a device id, when exactly one has: it is the same PC. With two or more PCs of
 * that name the nameless reports stay a row of their own (which PC they belong to is unknown). Returns how many
 * entries were folded (each one more superseded report).
 */
function mergeNamelessRuns(
  computers: Map<string, ComputerState>,
  idKeysByName: Map<string, Set<string>>,
): number {
  let merged = 0;
  for (const [key, nameless] of [...computers]) {
    if (key.startsWith('id:')) continue; // a name cannot hold ':' (run-report schema), an id key always does
    const ids = idKeysByName.get(key);
    if (ids?.size !== 1) continue;
    const idKey = [...ids][0]!;
    const withId = computers.get(idKey);
    if (!withId) continue;
    const newer = isNewer(nameless, withId) ? nameless : withId;
    const log = nameless.runLogFinishedAtMs > withId.runLogFinishedAtMs ? nameless : withId;
    computers.set(idKey, {
      ...newer,
      deviceId: withId.deviceId,
      runLog: log.runLog,
      runLogFinishedAtMs: log.runLogFinishedAtMs,
    });
    computers.delete(key);
    merged += 1;
  }
  return merged;
}

export async function rollUpReports(folder: string, options: RollupOptions = {}): Promise<FleetRollup> {
  const sampleLimit = options.invalidSampleLimit ?? 20;
  const maxBytes = options.maxFileBytes ?? 1024 * 1024;
  const validate = validatorFor(RUN_REPORT_SCHEMA);
  const interner = new Interner();
  const computers = new Map<string, ComputerState>();
  const idKeysByName = new Map<string, Set<string>>();
  const invalidSamples: InvalidReport[] = [];
  const buffer = Buffer.allocUnsafe(maxBytes + 1);
  let filesSeen = 0;
  let validReports = 0;
  let supersededReports = 0;
  let invalidCount = 0;
  let beforeSince = 0;

  const invalid = (file: string, problem: string): void => {
    invalidCount += 1;
    if (invalidSamples.length < sampleLimit)
      invalidSamples.push({ file: path.relative(folder, file), problem });
  };

  const unreadableFolder = (dir: string, error: Error): void =>
    invalid(dir, `folder unreadable: ${error.message}`);
  for await (const file of walk(folder, options.recursive ?? true, unreadableFolder)) {
    filesSeen += 1;
    options.onProgress?.(filesSeen);
    let text: string;
    try {
      const fd = fs.openSync(file, 'r');
      try {
        let length = 0;
        for (;;) {
          const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
          if (n === 0) break;
          length += n;
          if (length > maxBytes) break;
        }
        if (length > maxBytes) {
          invalid(file, `larger than ${maxBytes} bytes`);
          continue;
        }
        text = buffer.toString('utf8', 0, length);
      } finally {
        fs.closeSync(fd);
      }
    } catch (error) {
      invalid(file, `unreadable: ${(error as Error).message}`);
      continue;
    }
    let value: unknown;
    try {
      // A report re-saved by PowerShell may have gained a byte-order mark.
      value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    } catch (error) {
      invalid(file, `not JSON: ${(error as Error).message}`);
      continue;
    }
    if (!validate(value)) {
      const first = describeErrors(validate.errors)[0];
      invalid(
        file,
        `not a run report: ${first ? `${first.path || '/'} ${first.message}` : 'schema mismatch'}`,
      );
      continue;
    }
    const report = value as RunReport;
    const finishedAtMs = Date.parse(report.finishedAt);
    if (options.sinceMs !== undefined && finishedAtMs < options.sinceMs) {
      beforeSince += 1;
      continue;
    }
    validReports += 1;
    // A PC is its device id when the report has one (two PCs may share a name), else its name (Windows computer
    // names are case-insensitive). A run that ended before the PC was read has no id: mergeNamelessRuns below.
    const deviceId = primaryDeviceId(report.deviceIds);
    const key = deviceId ? `id:${deviceId.toUpperCase()}` : report.computerName.toUpperCase();
    if (deviceId) {
      const name = report.computerName.toUpperCase();
      const keys = idKeysByName.get(name) ?? new Set<string>();
      keys.add(key);
      idKeysByName.set(name, keys);
    }
    const current = computers.get(key);
    const runLog = report.logPaths.runLog ?? null;
    if (current && !isNewer({ finishedAtMs, runId: report.runId }, current)) {
      supersededReports += 1;
      // An older report can still hold the latest fix's log (the PC ran detection since).
      if (runLog !== null && finishedAtMs > current.runLogFinishedAtMs)
        computers.set(key, { ...current, runLog, runLogFinishedAtMs: finishedAtMs });
      continue;
    }
    const keptLog =
      runLog !== null
        ? { runLog, runLogFinishedAtMs: finishedAtMs }
        : { runLog: current?.runLog ?? null, runLogFinishedAtMs: current?.runLogFinishedAtMs ?? -Infinity };
    if (current) supersededReports += 1;
    const needsAction = NEEDS_ACTION.has(report.verdict);
    computers.set(key, {
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
      file: needsAction ? path.relative(folder, file) : undefined,
      winreDisabledMs: report.outcome.winreDisabledMs,
      bytesTakenFromOs: report.outcome.bytesTakenFromOs,
      rebootRequired: report.outcome.rebootRequired,
      failedStep: report.outcome.failedStep === null ? null : interner.get(report.outcome.failedStep),
      ...keptLog,
    });
  }

  supersededReports += mergeNamelessRuns(computers, idKeysByName);
  return {
    folder,
    filesSeen,
    validReports,
    supersededReports,
    invalidCount,
    invalidSamples,
    beforeSince,
    computers,
  };
}

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
  };
}

/**
 * The typed events a run emits. The engine and the commands emit these and never call a logger themselves
 * (docs/reference/design-models.md#executor-with-a-write-ahead-journal, "events, not log calls, in the engine"); the CLI subscribes the run logger (files) and
 * the console renderer. Each kind has exactly one formatter in `eventFormatters` below: a `Record` over the
 * kinds, so adding a kind without a formatter is a compile error (zx `src/log.ts` does the same).
 *
 * Events carry data, not text for one audience: both the CMTrace log and the JSON-lines log render every field
 * in full (raw reagentc output, partition tables before/after, when WinRE was disabled), the console shortens.
 */

import type { Reason, RunVerdict } from '../contracts/generated/run-report';

export type { Reason, RunVerdict };

/** Free-form structured data attached to an event (rendered fully in both logs). */
export type EventFields = Readonly<Record<string, unknown>>;

/** One run of an external tool, e.g. `reagentc.exe /disable`: its raw output is evidence, logged verbatim. */
export interface ToolInvocation {
  readonly command: string;
  readonly exitCode: number | null;
  readonly output: string;
}

interface EventBase {
  /** Extra data the emitter wants in the logs; never needed by a formatter. */
  readonly fields?: EventFields;
}

export interface RunStartedEvent extends EventBase {
  readonly kind: 'run-started';
  readonly runId: string;
  readonly command: string;
  readonly toolVersion: string;
  readonly computerName: string;
  readonly simulated: boolean;
  /** The command line as given (arguments only), for the log's first line. */
  readonly argv?: readonly string[];
}

/** One fact read from the PC: the partition table, `reagentc /info`, BitLocker status, ... */
export interface FactGatheredEvent extends EventBase {
  readonly kind: 'fact-gathered';
  /** Stable name of the fact, e.g. `partition-table-before`, `reagentc-info`, `bitlocker`. */
  readonly fact: string;
  /** One human line, e.g. "Disk 0: GPT, 4 partitions, WinRE on partition 4 (529 MiB, 87 MiB free)". */
  readonly summary: string;
  /** The fact itself (a partition table is an array of rows and is rendered as a table in the CMTrace log). */
  readonly data?: unknown;
  /** When the fact came from an external tool, its verbatim output and exit code. */
  readonly invocation?: ToolInvocation;
}

export interface PlannedStep {
  readonly id: string;
  readonly kind: string;
  readonly description: string;
}

export interface PlanReadyEvent extends EventBase {
  readonly kind: 'plan-ready';
  readonly verdict: RunVerdict;
  readonly reasons: readonly Reason[];
  readonly steps: readonly PlannedStep[];
  /** Bytes the plan takes from the OS partition (0 when none). */
  readonly bytesFromOs?: number;
}

export interface StepStartedEvent extends EventBase {
  readonly kind: 'step-started';
  readonly stepId: string;
  readonly stepKind: string;
  readonly description: string;
  /** 1-based position and total, for "step 3/9". */
  readonly index?: number;
  readonly total?: number;
}

export interface StepCompletedEvent extends EventBase {
  readonly kind: 'step-completed';
  readonly stepId: string;
  readonly stepKind: string;
  readonly durationMs: number;
  /** True when a resumed run found the step already done (postcondition held). */
  readonly recovered?: boolean;
  readonly result?: unknown;
}

export interface StepFailedEvent extends EventBase {
  readonly kind: 'step-failed';
  readonly stepId: string;
  readonly stepKind: string;
  readonly durationMs: number;
  readonly error: { readonly code: string; readonly message: string; readonly hint?: string };
  readonly machineChanged: boolean;
}

export interface WinReDisabledEvent extends EventBase {
  readonly kind: 'winre-disabled';
  /** ISO 8601 time WinRE was disabled: the start of the window in which the PC has no recovery environment. */
  readonly at: string;
  readonly invocation?: ToolInvocation;
}

export interface WinReEnabledEvent extends EventBase {
  readonly kind: 'winre-enabled';
  readonly at: string;
  /** How long WinRE was disabled, when this run saw it disabled. */
  readonly disabledForMs?: number;
  /** Where reagentc now says WinRE lives, e.g. `\\?\GLOBALROOT\device\harddisk0\partition5\Recovery\WindowsRE`. */
  readonly location?: string;
  readonly invocation?: ToolInvocation;
}

export interface RebootRequiredEvent extends EventBase {
  readonly kind: 'reboot-required';
  readonly reason: string;
  /** Why, by key, for the console's language (notes.ts `RESTART_REASON_TEXT`); `reason` stays English. */
  readonly reasonKey?: 'bitlocker-suspended';
  /** Hard reboot (1641): nothing else may install first; soft (3010) otherwise. */
  readonly hard: boolean;
}

export interface RunFinishedEvent extends EventBase {
  readonly kind: 'run-finished';
  readonly verdict: RunVerdict;
  readonly exitCode: number;
  readonly durationMs: number;
  readonly reasons: readonly Reason[];
  readonly reportPath?: string;
}

export type NoteLevel = 'debug' | 'info' | 'warn' | 'error';

export interface NoteEvent extends EventBase {
  readonly kind: 'note';
  readonly level: NoteLevel;
  /** English, for the log (one language for admins and support to search). */
  readonly message: string;
  /** The same note by key in the note catalogue (notes.ts), so the console can say it in the reader's language. */
  readonly text?: NoteText;
}

/** Keys of the note catalogue (notes.ts: English for the log, every language for the console). */
export type NoteKey =
  | 'simulated-pc'
  | 'status-record-written'
  | 'status-record-unchanged'
  | 'status-record-failed'
  | 'startup-task-registered'
  | 'backups-kept'
  | 'gpt-attributes-unread'
  | 'fact-unreadable'
  | 'report-not-written'
  | 'state-folder-untrusted'
  | 'retention-problem'
  | 'startup-task-not-removed'
  | 'lock-not-released'
  | 'backups-unlisted'
  | 'no-startup-task'
  | 'startup-program-left'
  | 'backup-removed'
  | 'backup-kept'
  | 'backup-left'
  | 'backups-not-removed'
  | 'step-still-running'
  | 'resuming-run'
  | 'bitlocker-not-resumed'
  | 'rolling-back'
  | 'roll-back-failed'
  | 'last-resort-failed'
  | 'backup-folder-not-removed'
  | 'lost-answer-reread'
  | 'lost-answer-done'
  | 'lost-answer-not-done'
  | 'lost-answer-unreadable'
  | 'shrink-refused-retrying'
  | 'shrink-defrag-done'
  | 'shrink-defrag-failed'
  | 'shrink-memo-ignored'
  | 'shrink-memo-cleared'
  | 'shrink-memo-forced'
  | 'shrink-memo-written'
  | 'shrink-memo-not-saved';

export interface NoteText {
  readonly key: NoteKey;
  readonly params?: Readonly<Record<string, string | number>>;
}

export type RunEvent =
  | RunStartedEvent
  | FactGatheredEvent
  | PlanReadyEvent
  | StepStartedEvent
  | StepCompletedEvent
  | StepFailedEvent
  | WinReDisabledEvent
  | WinReEnabledEvent
  | RebootRequiredEvent
  | RunFinishedEvent
  | NoteEvent;

export type RunEventKind = RunEvent['kind'];
export type RunEventOf<K extends RunEventKind> = Extract<RunEvent, { kind: K }>;

/** Something that receives run events: the run logger, the console renderer, a test's array. */
export type RunEventListener = (event: RunEvent) => void;

/** One listener that forwards to several; a listener that throws does not stop the others (logging must not break a run). */
export function fanOut(...listeners: readonly RunEventListener[]): RunEventListener {
  return (event) => {
    let firstError: unknown;
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        firstError ??= error;
      }
    }
    if (firstError !== undefined) throw firstError;
  };
}

/** What the log files record for an event: level, one message (may be multi-line) and the structured fields. */
export interface LogRecord {
  readonly level: NoteLevel;
  readonly message: string;
  readonly fields: EventFields;
}

type Formatter<K extends RunEventKind> = (event: RunEventOf<K>) => LogRecord;

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  const rest = Math.round(s - m * 60);
  if (m < 60) return `${m}m ${String(rest).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

function withExtra(fields: EventFields, extra: EventFields | undefined): EventFields {
  return extra ? { ...fields, ...extra } : fields;
}

function reasonsText(reasons: readonly Reason[]): string {
  return reasons.map((r) => `${r.code}: ${r.message}`).join('; ');
}

/** The log-file view of each event kind. Everything the event carries goes into `fields`. */
export const eventFormatters: { readonly [K in RunEventKind]: Formatter<K> } = {
  'run-started': (e) => ({
    level: 'info',
    message: `winre-fix ${e.toolVersion} ${e.command} started on ${e.computerName} (run ${e.runId}${
      e.simulated ? ', SIMULATED PC' : ''
    })`,
    fields: withExtra(
      {
        runId: e.runId,
        command: e.command,
        toolVersion: e.toolVersion,
        computerName: e.computerName,
        simulated: e.simulated,
        ...(e.argv ? { argv: e.argv } : {}),
      },
      e.fields,
    ),
  }),
  'fact-gathered': (e) => ({
    level: 'info',
    message: `Fact ${e.fact}: ${e.summary}`,
    fields: withExtra(
      {
        fact: e.fact,
        ...(e.data !== undefined ? { data: e.data } : {}),
        ...(e.invocation ? { invocation: e.invocation } : {}),
      },
      e.fields,
    ),
  }),
  'plan-ready': (e) => ({
    level: e.verdict === 'refused' || e.verdict === 'error' ? 'warn' : 'info',
    message:
      `Plan: ${e.verdict}, ${e.steps.length} step(s)` +
      (e.bytesFromOs
        ? `, takes ${(e.bytesFromOs / 1048576).toFixed(1)} MiB (${e.bytesFromOs} bytes) from the OS partition`
        : '') +
      (e.reasons.length ? ` (${reasonsText(e.reasons)})` : ''),
    fields: withExtra(
      {
        verdict: e.verdict,
        reasons: e.reasons,
        steps: e.steps,
        ...(e.bytesFromOs !== undefined ? { bytesFromOs: e.bytesFromOs } : {}),
      },
      e.fields,
    ),
  }),
  'step-started': (e) => ({
    level: 'info',
    message: `Step ${e.index !== undefined && e.total !== undefined ? `${e.index}/${e.total} ` : ''}${
      e.stepId
    } (${e.stepKind}) started: ${e.description}`,
    fields: withExtra(
      {
        stepId: e.stepId,
        stepKind: e.stepKind,
        ...(e.index !== undefined ? { index: e.index } : {}),
        ...(e.total !== undefined ? { total: e.total } : {}),
      },
      e.fields,
    ),
  }),
  'step-completed': (e) => ({
    level: 'info',
    message: `Step ${e.stepId} (${e.stepKind}) ${e.recovered ? 'found already done' : 'completed'} in ${formatDuration(
      e.durationMs,
    )}`,
    fields: withExtra(
      {
        stepId: e.stepId,
        stepKind: e.stepKind,
        durationMs: e.durationMs,
        ...(e.recovered !== undefined ? { recovered: e.recovered } : {}),
        ...(e.result !== undefined ? { result: e.result } : {}),
      },
      e.fields,
    ),
  }),
  'step-failed': (e) => ({
    level: 'error',
    message:
      `Step ${e.stepId} (${e.stepKind}) FAILED after ${formatDuration(e.durationMs)}: [${e.error.code}] ${
        e.error.message
      }` +
      (e.machineChanged ? ' (the PC was changed)' : ' (nothing was changed by this step)') +
      (e.error.hint ? `\nHint: ${e.error.hint}` : ''),
    fields: withExtra(
      {
        stepId: e.stepId,
        stepKind: e.stepKind,
        durationMs: e.durationMs,
        error: e.error,
        machineChanged: e.machineChanged,
      },
      e.fields,
    ),
  }),
  'winre-disabled': (e) => ({
    level: 'warn',
    message: `WinRE DISABLED at ${e.at}: the PC has no recovery environment until it is enabled again`,
    fields: withExtra({ at: e.at, ...(e.invocation ? { invocation: e.invocation } : {}) }, e.fields),
  }),
  'winre-enabled': (e) => ({
    level: 'info',
    message:
      `WinRE enabled at ${e.at}` +
      (e.disabledForMs !== undefined ? ` (it was disabled for ${formatDuration(e.disabledForMs)})` : '') +
      (e.location ? `, location ${e.location}` : ''),
    fields: withExtra(
      {
        at: e.at,
        ...(e.disabledForMs !== undefined ? { disabledForMs: e.disabledForMs } : {}),
        ...(e.location ? { location: e.location } : {}),
        ...(e.invocation ? { invocation: e.invocation } : {}),
      },
      e.fields,
    ),
  }),
  'reboot-required': (e) => ({
    level: 'warn',
    message: `A ${e.hard ? 'hard' : 'soft'} reboot is required: ${e.reason}`,
    fields: withExtra({ reason: e.reason, hard: e.hard }, e.fields),
  }),
  'run-finished': (e) => ({
    level:
      e.verdict === 'error' || e.verdict === 'degraded' ? 'error' : e.verdict === 'refused' ? 'warn' : 'info',
    message:
      `Finished: ${e.verdict}, exit code ${e.exitCode}, in ${formatDuration(e.durationMs)}` +
      (e.reasons.length ? ` (${reasonsText(e.reasons)})` : ''),
    fields: withExtra(
      {
        verdict: e.verdict,
        exitCode: e.exitCode,
        durationMs: e.durationMs,
        reasons: e.reasons,
        ...(e.reportPath ? { reportPath: e.reportPath } : {}),
      },
      e.fields,
    ),
  }),
  note: (e) => ({ level: e.level, message: e.message, fields: e.fields ?? {} }),
};

export function formatEvent<K extends RunEventKind>(event: RunEventOf<K>): LogRecord {
  return (eventFormatters[event.kind] as Formatter<K>)(event);
}

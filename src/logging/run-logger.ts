/**
 * The run logger: winston with a CMTrace file, a JSON-lines file of the same entries, and optionally a second
 * CMTrace file where Intune or ConfigMgr collect logs. It subscribes to run events (`onEvent`) and also takes
 * direct info/warn/error calls from the CLI.
 *
 * Nothing may be lost when the process ends: winston drops what it buffers if the process exits under it
 * (winstonjs/winston #228, #1504; docs/reference/fleet-tools.md#log-size-and-rollover). So the CLI never calls process.exit; it awaits
 * `flushAndClose()`, which resolves only after every transport emitted 'finish' (its file closed), then sets
 * process.exitCode.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import winston from 'winston';
import { cmTraceType, formatCmTraceEntry } from './cmtrace';
import {
  formatEvent,
  type EventFields,
  type NoteLevel,
  type RunEvent,
  type RunEventListener,
} from './events';
import { LineFileTransport, type LogInfo } from './line-file-transport';
import { renderFields, safeJson } from './render-fields';

/** ConfigMgr client default LogMaxSize (docs/reference/fleet-tools.md#log-size-and-rollover). */
export const DEFAULT_MAX_LOG_BYTES = 250_000;
export const LOG_BASE_NAME = 'winre-fix';

export interface RunLoggerOptions {
  /** Folder for winre-fix.log and winre-fix.jsonl (see defaultLogDir). */
  readonly logDir: string;
  /** CMTrace `component`, e.g. `audit`, `fix`. */
  readonly component: string;
  readonly runId: string;
  /** --no-log: write no file and create no folder at all. */
  readonly noLog?: boolean;
  /** Rollover size of each file (default 250,000 bytes). */
  readonly maxBytes?: number;
  /** A folder that receives a second CMTrace log (Intune IME Logs or %windir%\CCM\Logs); written only if it exists. */
  readonly extraCopyDir?: string;
  /**
   * Open the files in logDir only when `openFiles(true)` is called, keeping every entry until then: the state
   * folder is judged first (src/engine/state-folder.ts) and nothing is written in it before it is trusted.
   * There is no fallback folder: the only candidates a SYSTEM process has (C:\Windows\Temp, %TEMP%) are folders
   * standard users can write, where a planted link would turn our writes into theirs (docs/security.md).
   */
  readonly deferFiles?: boolean;
  /**
   * A CMTrace log of this run alone (fix and resume: the full evidence of a change, kept apart from the shared
   * log that daily detection rolls over). Opened with the other files; never rolled over.
   */
  readonly runLogPath?: string;
  /**
   * One compact record per run (detect, run daily by Intune and ConfigMgr): facts are not logged and no entry
   * carries its fields, so a year of detection costs the shared log a few hundred KB, not the fix's evidence.
   */
  readonly compact?: boolean;
  /** fdatasync each entry (default true). */
  readonly durable?: boolean;
  readonly clock?: () => Date;
}

export interface LogPaths {
  readonly cmtrace: string | null;
  readonly jsonl: string | null;
  readonly extraCmtrace: string | null;
  /** This run's own CMTrace log (fix, resume), when one was asked for and could be written. */
  readonly runLog?: string | null;
}

/** A run log is never rolled over: a fix writes a few hundred entries. This only bounds a runaway. */
const RUN_LOG_MAX_BYTES = 20 * 1024 * 1024;

export interface RunLogger {
  readonly runId: string;
  readonly logPaths: LogPaths;
  /** Why a file could not be written where asked (also logged as warnings). */
  readonly problems: readonly string[];
  /**
   * With `deferFiles`: open the log files now and write every entry kept so far (true), or give them up and
   * write no file in logDir at all (false). Once only; a no-op without `deferFiles`.
   */
  openFiles(enabled: boolean): void;
  debug(message: string, fields?: EventFields): void;
  info(message: string, fields?: EventFields): void;
  warn(message: string, fields?: EventFields): void;
  error(message: string, fields?: EventFields): void;
  /** Subscribe this to the run's events. */
  readonly onEvent: RunEventListener;
  /** Resolves when every file transport has written everything and closed its file. Idempotent. */
  close(): Promise<void>;
}

/** A sortable, unique run id: UTC time plus 6 random hex digits, e.g. `20261125T201041Z-3fa9c1`. */
export function newRunId(
  now: Date = new Date(),
  random: () => string = () => randomBytes(3).toString('hex'),
): string {
  return `${now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')}-${random()}`;
}

function cmTraceText(info: LogInfo): string {
  const fields = renderFields(info.fields);
  return formatCmTraceEntry({
    message: fields ? `${info.message}\n${fields}` : info.message,
    time: info.time,
    component: info.component,
    type: cmTraceType(info.level),
    thread: process.pid,
  });
}

function jsonLine(info: LogInfo): string {
  return (
    safeJson({
      time: info.time.toISOString(),
      level: info.level,
      component: info.component,
      runId: info.runId,
      message: info.message,
      fields: info.fields,
    }) + '\n'
  );
}

function fileTransports(
  dir: string,
  maxBytes: number,
  durable: boolean,
): { cmtrace: LineFileTransport; jsonl: LineFileTransport } {
  const base = path.join(dir, LOG_BASE_NAME);
  const cmtrace = new LineFileTransport({
    filePath: `${base}.log`,
    rolloverPath: `${base}.lo_`,
    maxBytes,
    bom: true,
    formatEntry: cmTraceText,
    durable,
  });
  try {
    const jsonl = new LineFileTransport({
      filePath: `${base}.jsonl`,
      rolloverPath: `${base}.1.jsonl`,
      maxBytes,
      bom: false,
      formatEntry: jsonLine,
      durable,
    });
    return { cmtrace, jsonl };
  } catch (error) {
    cmtrace.dispose(); // both logs live in the same folder, or neither is written
    throw error;
  }
}

export function createRunLogger(options: RunLoggerOptions): RunLogger {
  const clock = options.clock ?? (() => new Date());
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_LOG_BYTES;
  const durable = options.durable ?? true;
  const problems: string[] = [];
  const transports: LineFileTransport[] = [];
  let paths: LogPaths = { cmtrace: null, jsonl: null, extraCmtrace: null };

  const openOwnFiles = (): void => {
    try {
      const pair = fileTransports(options.logDir, maxBytes, durable);
      transports.push(pair.cmtrace, pair.jsonl);
      paths = { ...paths, cmtrace: pair.cmtrace.filePath, jsonl: pair.jsonl.filePath };
    } catch (error) {
      problems.push(`cannot write logs in ${options.logDir}: ${(error as Error).message}`);
    }
    if (options.runLogPath) {
      try {
        const run = new LineFileTransport({
          filePath: options.runLogPath,
          rolloverPath: `${options.runLogPath.replace(/\.log$/i, '')}.lo_`,
          maxBytes: RUN_LOG_MAX_BYTES,
          bom: true,
          formatEntry: cmTraceText,
          durable,
        });
        transports.push(run);
        paths = { ...paths, runLog: run.filePath };
      } catch (error) {
        problems.push(`cannot write the run log ${options.runLogPath}: ${(error as Error).message}`);
      }
    }
  };
  if (!options.noLog) {
    if (!options.deferFiles) openOwnFiles();
    const ownDir = path.resolve(options.logDir);
    if (options.extraCopyDir && path.resolve(options.extraCopyDir) === ownDir) {
      problems.push(`no log copy in ${options.extraCopyDir}: it is the log folder itself`);
    } else if (options.extraCopyDir) {
      // ASSUMPTION: only copy into a collector folder that exists. Creating C:\Windows\CCM\Logs on a PC without
      // the ConfigMgr client (or the IME folder without Intune) would mislead other tools.
      try {
        const stat = fs.lstatSync(options.extraCopyDir);
        if (stat.isSymbolicLink()) throw new Error('it is a link');
        if (!stat.isDirectory()) throw new Error('not a folder');
        const base = path.join(options.extraCopyDir, LOG_BASE_NAME);
        const extra = new LineFileTransport({
          filePath: `${base}.log`,
          rolloverPath: `${base}.lo_`,
          maxBytes,
          bom: true,
          formatEntry: cmTraceText,
          durable,
        });
        transports.push(extra);
        paths = { ...paths, extraCmtrace: extra.filePath };
      } catch (error) {
        problems.push(`no log copy in ${options.extraCopyDir}: ${(error as Error).message}`);
      }
    }
  }

  const logger = winston.createLogger({
    level: 'debug',
    levels: { error: 0, warn: 1, info: 2, debug: 3 },
    exitOnError: false,
    transports,
    // With no file (--no-log) winston would warn "no transports"; a silent logger is what was asked for.
    silent: transports.length === 0,
  });

  // winston re-emits a transport's 'error' on the logger, and an unheard 'error' event would crash the run.
  logger.on('error', (error: Error) => problems.push(`log transport: ${error.message}`));

  let closing: Promise<void> | undefined;
  // Entries written before the deferred files are opened (or given up), to be written to them in order.
  let kept: LogInfo[] | undefined = options.deferFiles && !options.noLog ? [] : undefined;

  const write = (level: NoteLevel, message: string, fields: EventFields = {}): void => {
    if (closing) return; // after close: dropping is better than "write after end" crashing the exit path
    const info: LogInfo = {
      level,
      message,
      time: clock(),
      component: options.component,
      runId: options.runId,
      fields,
    };
    if (kept) kept.push(info);
    logger.log(info as unknown as winston.LogEntry);
  };

  for (const problem of problems) write('warn', `Logging: ${problem}`);

  return {
    runId: options.runId,
    get logPaths() {
      return paths;
    },
    get problems() {
      return [...problems, ...transports.flatMap((t) => t.problems)];
    },
    openFiles(enabled: boolean) {
      const entries = kept;
      if (entries === undefined) return;
      kept = undefined;
      if (!enabled) return;
      const before = transports.length;
      const known = problems.length;
      openOwnFiles();
      const added = transports.slice(before);
      for (const t of added) {
        logger.add(t);
        for (const info of entries) t.log(info, () => undefined);
      }
      logger.silent = transports.length === 0;
      for (const problem of problems.slice(known)) write('warn', `Logging: ${problem}`);
    },
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    onEvent: (event: RunEvent) => {
      if (options.compact && event.kind === 'fact-gathered') return;
      const record = formatEvent(event);
      write(record.level, record.message, options.compact ? {} : record.fields);
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        // The logger pipes into each transport; ending it ends them, and each emits 'finish' after _final
        // closed its file. Waiting on the logger's own 'finish' is not enough (winston #1504).
        const pending = transports.map((t) => new Promise<void>((done) => t.once('finish', () => done())));
        logger.end();
        void Promise.all(pending).then(() => resolve());
      });
      return closing;
    },
  };
}

/** Awaited by the CLI before it lets the process end: every logger's files written and closed. */
export async function flushAndClose(...loggers: readonly RunLogger[]): Promise<void> {
  await Promise.all(loggers.map((l) => l.close()));
}

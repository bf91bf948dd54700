/**
 * Everything a command needs to record one run, wired once: the run logger (CMTrace + JSON lines, optional
 * collector copy), the console renderer and the report recorder all subscribe to the same events.
 *
 *   const run = startRunSession({ command: 'fix', computerName, toolVersion, simulated, json, quiet, ... });
 *   engine.execute(plan, run.emit);                         // the engine only emits RunEvents
 *   await run.finish({ verdict, exitCode, reasons });       // report written, logs flushed and closed
 *   setExitCode(exitCode);                                  // and main.ts sets process.exitCode, never exit()
 *
 * `finish` writes the JSON report, emits run-finished (so the console prints the one summary line on stdout and
 * the logs record where the report went), then waits for every log file to be written and closed.
 */
import type { Reason, RunOutcome, RunReport, RunVerdict } from '../contracts/generated/run-report';
import { RunRecorder } from '../report/run-recorder';
import { writeRunReport } from '../report/write-report';
import { ConsoleRenderer, type ConsoleLanguage, type ConsoleStream } from './console-renderer';
import { fanOut, type RunEvent, type RunEventListener } from './events';
import { defaultLogDir, defaultReportDir, type Env } from './paths';
import { createRunLogger, flushAndClose, newRunId, type RunLogger } from './run-logger';

export interface RunSessionOptions {
  readonly command: string;
  readonly computerName: string;
  readonly toolVersion: string;
  readonly simulated: boolean;
  readonly argv?: readonly string[];
  readonly runId?: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
  /** Console language (default English). */
  readonly language?: ConsoleLanguage;
  /** The console's one-line summary on stdout at the end (default true). */
  readonly summary?: boolean;
  /** --no-log: no log file, no report file, no folder (audit's "creates nothing" promise). */
  readonly noLog?: boolean;
  readonly logDir?: string;
  readonly reportDir?: string;
  /** Intune IME Logs or %windir%\CCM\Logs (see paths.ts); written only if the folder exists. */
  readonly extraLogDir?: string;
  readonly maxLogBytes?: number;
  readonly env?: Env;
  readonly platform?: NodeJS.Platform;
  readonly stdout?: ConsoleStream;
  readonly stderr?: ConsoleStream;
  readonly clock?: () => Date;
}

export interface RunFinish {
  readonly verdict: RunVerdict;
  readonly exitCode: number;
  readonly reasons: readonly Reason[];
  readonly outcome?: Partial<RunOutcome>;
}

export interface RunSession {
  readonly runId: string;
  /** Hand this to the engine: every subscriber gets every event. */
  readonly emit: RunEventListener;
  readonly logger: RunLogger;
  /** Writes the report, emits run-finished, flushes and closes the logs. Call exactly once, also on failure. */
  finish(result: RunFinish): Promise<{ report: RunReport; reportPath: string | null }>;
}

export function startRunSession(options: RunSessionOptions): RunSession {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const clock = options.clock ?? (() => new Date());
  const startedAt = clock();
  const runId = options.runId ?? newRunId(startedAt);
  const logger = createRunLogger({
    logDir: options.logDir ?? defaultLogDir(env, platform),
    component: options.command,
    runId,
    noLog: options.noLog,
    maxBytes: options.maxLogBytes,
    extraCopyDir: options.extraLogDir,
    clock,
  });
  const renderer = new ConsoleRenderer({
    stdout: options.stdout ?? process.stdout,
    stderr: options.stderr ?? process.stderr,
    env,
    json: options.json,
    quiet: options.quiet,
    verbose: options.verbose,
    summary: options.summary,
    ...(options.language ? { language: options.language } : {}),
  });
  const recorder = new RunRecorder({
    runId,
    command: options.command,
    computerName: options.computerName,
    toolVersion: options.toolVersion,
    simulated: options.simulated,
    startedAt,
  });
  const emit = fanOut(logger.onEvent, renderer.onEvent, recorder.onEvent);
  const started: RunEvent = {
    kind: 'run-started',
    runId,
    command: options.command,
    toolVersion: options.toolVersion,
    computerName: options.computerName,
    simulated: options.simulated,
    ...(options.argv ? { argv: options.argv } : {}),
  };
  emit(started);

  let finished: Promise<{ report: RunReport; reportPath: string | null }> | undefined;
  const finish = async (result: RunFinish): Promise<{ report: RunReport; reportPath: string | null }> => {
    const finishedAt = clock();
    const report = recorder.toReport(result, finishedAt, logger.logPaths);
    let reportPath: string | null = null;
    if (!options.noLog) {
      try {
        reportPath = writeRunReport(options.reportDir ?? defaultReportDir(env, platform), report);
      } catch (error) {
        // The run's own outcome stands; a missing report is logged, not turned into a different exit code.
        logger.error(`The run report could not be written: ${(error as Error).message}`, { report });
      }
    }
    emit({
      kind: 'run-finished',
      verdict: result.verdict,
      exitCode: result.exitCode,
      durationMs: report.durationMs,
      reasons: result.reasons,
      ...(reportPath ? { reportPath } : {}),
      fields: { outcome: report.outcome },
    });
    renderer.dispose();
    await flushAndClose(logger);
    return { report, reportPath };
  };

  return {
    runId,
    emit,
    logger,
    finish: (result) => (finished ??= finish(result)),
  };
}

/**
 * What every command that touches a PC sets up, in one place: which PC (the real one, or a simulated one), the
 * log files and the console, the PowerShell session and its script runner (read-only for audit and detect), and
 * the JSON report at the end. Commands receive a RunContext and only decide and print.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Argv } from 'yargs';
import { openSession } from '../adapters/powershell/open-session';
import { PowerShellScriptRunner, type ScriptRunner } from '../adapters/powershell/script-runner';
import type { PowerShellSession, SharedPowerShellProcess } from '../adapters/powershell/session';
import { readAsset } from '../assets';
import type { RunReport } from '../contracts/generated/run-report';
import { DEFAULT_POLICY, type PlannerOptions } from '../domain/policy';
import type { Language } from '../domain/reasons';
import type { Snapshot } from '../domain/snapshot';
import { MiB } from '../domain/units';
import { gatherSnapshot, refreshSnapshot, type SnapshotPart } from '../engine/facts/gather';
import { gateStateFolder } from '../engine/state-folder';
import type { StateFolderTrust } from '../domain/state-folder-trust';
import { statePaths, type StatePaths } from '../engine/state-paths';
import { SimulatedPowerCutError, UsageError } from '../errors';
import type { SimulatedMachine } from '../contracts/generated/simulated-machine';
import {
  builtInLanguageOf,
  builtInMachineAsset,
  DEFAULT_BUILT_IN_LANGUAGE,
  type BuiltInLanguage,
} from '../simulation/built-in-machines';
import { simulatorIncluded } from '../simulation/simulator-library';
import { describeErrors, validatorFor } from '../schemas/validators';
import { createRunLogger, fanOut, newRunId, type RunEvent, type RunLogger } from '../logging';
import { ConsoleRenderer } from '../logging/console-renderer';
import { defaultLogDir, defaultReportDir } from '../logging/paths';
import { writeRunReport } from '../report/write-report';
import { keepNewest } from '../logging/retention';
import { toolVersion } from '../version';
import { ExitCode } from './exit-codes';

export interface GlobalArgs {
  json: boolean;
  quiet: boolean;
  verbose: boolean;
  log: boolean;
  'compact-log'?: boolean;
  'log-dir'?: string;
  'log-copy-dir'?: string;
  'report-dir'?: string;
  'report-copy-dir'?: string;
  report: boolean;
  lang?: string;
  simulate?: string;
  'allow-server-core': boolean;
  'headroom-mib'?: number;
  'min-os-free-mib'?: number;
}

export function withGlobalOptions<T>(y: Argv<T>): Argv<T & GlobalArgs> {
  return y
    .option('json', {
      type: 'boolean',
      default: false,
      describe: 'Print one JSON document on stdout and nothing else there.',
    })
    .option('quiet', {
      type: 'boolean',
      default: false,
      describe: 'Only warnings and errors on the console.',
    })
    .option('verbose', { type: 'boolean', default: false, describe: 'More detail on the console.' })
    .option('log', {
      type: 'boolean',
      default: true,
      describe: 'Write the CMTrace and JSON-lines logs (--no-log: write no file at all).',
    })
    .option('compact-log', {
      type: 'boolean',
      default: false,
      describe: 'One compact log record per run (detection scripts that run at every agent evaluation).',
    })
    .option('log-dir', { type: 'string', describe: 'Log folder (default %ProgramData%\\winre-fix\\Logs).' })
    .option('log-copy-dir', {
      type: 'string',
      describe: 'Also write a CMTrace copy here (e.g. the IME or CCM Logs folder).',
    })
    .option('report', {
      type: 'boolean',
      default: true,
      describe: 'Write the JSON run report (--no-report: do not).',
    })
    .option('report-dir', {
      type: 'string',
      describe: 'Report folder (default %ProgramData%\\winre-fix\\Reports).',
    })
    .option('report-copy-dir', {
      type: 'string',
      describe:
        'Also write the run report here, e.g. a UNC share the fleet collects from (as SYSTEM: the computer account writes it). Never fails the run.',
    })
    .option('lang', {
      type: 'string',
      choices: ['en', 'zh-CN'],
      describe: 'Message language (default: from the OS UI language).',
    })
    .option('simulate', {
      type: 'string',
      describe:
        'Run against a simulated PC described by this machine file, or `builtin` (English, the default on non-Windows) or `builtin:zh-CN` (Chinese): the built-in simulated PC.',
    })
    .option('allow-server-core', {
      type: 'boolean',
      default: false,
      describe: 'Fix Windows Server Core too.',
    })
    .option('headroom-mib', {
      type: 'number',
      coerce: mibOption('headroom-mib'),
      describe: `Free space kept for WinRE image growth (default ${DEFAULT_POLICY.growthHeadroomBytes / MiB}).`,
    })
    .option('min-os-free-mib', {
      type: 'number',
      coerce: mibOption('min-os-free-mib'),
      describe: `Free space C: must keep after the shrink (default ${DEFAULT_POLICY.minOsFreeAfterShrinkBytes / MiB}).`,
    }) as Argv<T & GlobalArgs>;
}

/**
 * A size option in MiB: a finite number from 0 to 1 TiB. yargs turns `abc` into NaN and takes `-400` as given;
 * either would reach the planner (NaN sizes) or the journal schema after the startup task was registered, so a
 * bad value is a usage error (24) before anything runs.
 */
export function mibOption(name: string): (value: unknown) => number | undefined {
  return (value) => {
    if (value === undefined) return undefined;
    const n = typeof value === 'number' ? value : Number(value);
    if (!Number.isFinite(n) || n < 0 || n > 1024 * 1024) {
      throw new UsageError(
        `--${name} must be a number of MiB from 0 to 1048576, not ${Number.isNaN(n) ? 'a number' : String(value)}.`,
      );
    }
    return n;
  };
}

/** A built-in simulated PC: a copy of simulator/machines/builtin-<language>.json kept in the user's state folder. */
export function builtInSimulatedMachine(
  env: NodeJS.ProcessEnv = process.env,
  language: BuiltInLanguage = DEFAULT_BUILT_IN_LANGUAGE,
): string {
  const root = statePaths({ env, platform: 'linux' }).root;
  const file = path.join(root, `simulated-pc-${language}.json`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(root, { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, readAsset(builtInMachineAsset(language)), { mode: 0o600 });
  }
  return file;
}

/**
 * The simulated machine file: it must exist and be a machine description (schemas/simulated-machine.schema.json).
 * Both are the user's mistakes, so usage errors (24) before PowerShell starts, not a defect (28) or a raw
 * ConvertFrom-Json error from inside the simulator.
 */
export function resolveSimulation(args: Pick<GlobalArgs, 'simulate'>): string | undefined {
  if ((args.simulate || process.platform !== 'win32') && !simulatorIncluded()) {
    throw new UsageError(
      'This winre-fix.exe was built without the simulator, so it cannot run --simulate: use a build made with `npm run build:exe -- --with-simulator`, or run from a checkout.',
    );
  }
  if (args.simulate) {
    const language = builtInLanguageOf(args.simulate);
    if (language) return builtInSimulatedMachine(process.env, language);
    const file = path.resolve(args.simulate);
    if (!fs.existsSync(file)) throw new UsageError(`The machine file ${file} does not exist.`);
    simulatedMachine(file);
    return file;
  }
  return process.platform === 'win32' ? undefined : builtInSimulatedMachine();
}

/** Reads and validates a simulated machine file (usage error when it is not one). */
export function simulatedMachine(file: string): SimulatedMachine {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new UsageError(`The machine file ${file} is not JSON: ${(error as Error).message}`);
  }
  const valid = validatorFor('simulated-machine');
  if (!valid(parsed)) {
    const first = describeErrors(valid.errors)[0];
    throw new UsageError(
      `The machine file ${file} is not a simulated machine: ${first ? `${first.path || '/'} ${first.message}` : 'schema mismatch'}.`,
    );
  }
  return parsed as SimulatedMachine;
}

/**
 * The PC's name for every record of the run, known before anything can fail: the simulated PC's own name in
 * simulation (not the Linux host's), COMPUTERNAME on Windows (what Win32_OperatingSystem.CSName reads too).
 */
export function runComputerName(simulate: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  let name: string | undefined;
  if (simulate) {
    try {
      name = simulatedMachine(simulate).os.computerName;
    } catch {
      name = undefined;
    }
  } else {
    name = env['COMPUTERNAME'] ?? os.hostname();
  }
  // The report file is named after it: keep only what a Windows file name can hold.
  const safe = [...(name ?? '')]
    .map((c) => (c.charCodeAt(0) < 0x20 || '\\/:*?"<>|'.includes(c) ? '_' : c))
    .join('')
    .slice(0, 255);
  return safe || 'unknown';
}

export function plannerOptions(args: GlobalArgs): PlannerOptions {
  return {
    allowServerCore: args['allow-server-core'],
    policy: {
      ...DEFAULT_POLICY,
      ...(args['headroom-mib'] !== undefined
        ? { growthHeadroomBytes: Math.round(args['headroom-mib'] * MiB) }
        : {}),
      ...(args['min-os-free-mib'] !== undefined
        ? { minOsFreeAfterShrinkBytes: Math.round(args['min-os-free-mib'] * MiB) }
        : {}),
    },
  };
}

export interface RunContext {
  readonly command: string;
  readonly args: GlobalArgs;
  readonly runId: string;
  /** The PC's name, known before anything can fail (runComputerName). */
  readonly computerName: string;
  readonly startedAt: Date;
  readonly simulate: string | undefined;
  readonly paths: StatePaths;
  readonly logger: RunLogger;
  readonly emit: (event: RunEvent) => void;
  readonly session: PowerShellSession;
  readonly runner: ScriptRunner;
  /** True once the simulated PC lost power. */
  poweredOff: boolean;
  /**
   * The state folder's trust gate (src/engine/state-folder.ts), started when the run opens and run first in its
   * PowerShell session. Until it resolves trusted, nothing is written in the folder: logs there are kept in
   * memory, a report there is not written. Commands that act in the folder (fix, resume, status) refuse when it
   * is not trusted; audit and detect diagnose and say so.
   */
  readonly stateFolder: Promise<StateFolderTrust>;
  gather(): Promise<Snapshot>;
  refresh(previous: Snapshot, parts: readonly SnapshotPart[]): Promise<Snapshot>;
  language(snapshot?: Snapshot): Language;
  /** Writes the JSON run report (unless --no-report); returns its path. */
  writeReport(
    report: Omit<
      RunReport,
      | 'schemaVersion'
      | 'toolVersion'
      | 'runId'
      | 'command'
      | 'startedAt'
      | 'finishedAt'
      | 'durationMs'
      | 'simulated'
      | 'logPaths'
    >,
  ): string | undefined;
  close(): Promise<void>;
}

export interface OpenRunOptions {
  readonly command: string;
  readonly args: GlobalArgs;
  readonly readOnly: boolean;
  /** detect: nothing on stderr, ever (Intune reads stderr as failure). */
  readonly silentConsole?: boolean;
  /** detect: one compact log record per run (run-logger.ts `compact`). */
  readonly compactLog?: boolean;
  /** Called when the simulated PC loses power (the CLI ends the process at once). */
  readonly onPowerCut?: () => void;
  /** Tests only: run in this warm, reset PowerShell process (the power-cut matrix). */
  readonly sharedProcess?: SharedPowerShellProcess;
}

export function openRun(options: OpenRunOptions): RunContext {
  const { args } = options;
  const simulate = resolveSimulation(args);
  const paths = statePaths(simulate ? { simulate } : {});
  const runId = newRunId();
  const computerName = runComputerName(simulate);
  const startedAt = new Date();
  const logDir = args['log-dir'] ?? (simulate ? paths.logs : defaultLogDir(process.env, process.platform));
  // Routine read-only checks (audit, detect: run daily by Intune and ConfigMgr) keep their reports apart from the
  // reports of changes, and only the newest few of them (the roll-up reads sub-folders and keeps each PC's latest).
  const baseReportDir = simulate ? paths.reports : defaultReportDir(process.env, process.platform);
  const reportDir =
    args['report-dir'] ?? (options.readOnly ? path.join(baseReportDir, 'checks') : baseReportDir);
  // Nothing is written inside the state folder before the gate has judged it (docs/security.md): a folder a
  // standard user made first, or a link planted in it, would turn SYSTEM's writes and deletes into theirs. The
  // gate creates the folder restricted when this run will write in it; a read-only run that writes nothing there
  // creates nothing.
  const inside = (dir: string) => {
    const rel = path.relative(paths.root, dir);
    return !rel.startsWith('..') && !path.isAbsolute(rel);
  };
  const logsInside = args.log && inside(logDir);
  const reportInside = args.report && inside(reportDir);
  let trusted = false;
  // fix and resume also keep the whole run in a log of its own (Logs\runs), the newest RUN_LOGS_KEPT of them.
  const runLogDir = path.join(logDir, 'runs');
  const logger = createRunLogger({
    logDir,
    component: options.command,
    runId,
    noLog: !args.log,
    deferFiles: logsInside,
    ...(options.readOnly ? {} : { runLogPath: path.join(runLogDir, `${runId}-${options.command}.log`) }),
    ...(options.compactLog || args['compact-log'] ? { compact: true } : {}),
    ...(args['log-copy-dir'] ? { extraCopyDir: args['log-copy-dir'] } : {}),
  });
  const renderer = options.silentConsole
    ? undefined
    : new ConsoleRenderer({
        stdout: process.stdout,
        stderr: process.stderr,
        json: args.json,
        quiet: args.quiet,
        verbose: args.verbose,
      });
  const emit = fanOut(logger.onEvent, ...(renderer ? [renderer.onEvent] : []));
  const ctx: RunContext = {
    command: options.command,
    args,
    runId,
    computerName,
    startedAt,
    simulate,
    paths,
    logger,
    emit,
    poweredOff: false,
    stateFolder: undefined as unknown as Promise<StateFolderTrust>,
    session: undefined as unknown as PowerShellSession,
    runner: undefined as unknown as ScriptRunner,
    gather: async () => {
      await ctx.stateFolder;
      const snapshot = await gatherSnapshot(ctx.runner, {
        takenAt: new Date().toISOString(),
        simulated: simulate !== undefined,
        onScriptOutput: (script, output) =>
          emit({ kind: 'fact-gathered', fact: script, summary: `${script} read`, data: output }),
        onNote: (note) => emit({ kind: 'note', level: 'warn', message: `${note.script}: ${note.message}` }),
      });
      if (ctx.poweredOff) throw new SimulatedPowerCutError('The simulated PC lost power.');
      // The console speaks the PC's UI language from now on unless --lang chose one (en and zh-CN).
      if (!args.lang) renderer?.setLanguage(ctx.language(snapshot));
      return snapshot;
    },
    refresh: async (previous, parts) => {
      const snapshot = await refreshSnapshot(ctx.runner, previous, parts, {
        takenAt: new Date().toISOString(),
        simulated: simulate !== undefined,
        onScriptOutput: (script, output) =>
          emit({ kind: 'fact-gathered', fact: script, summary: `${script} read`, data: output }),
      });
      if (ctx.poweredOff) throw new SimulatedPowerCutError('The simulated PC lost power.');
      return snapshot;
    },
    language: (snapshot) => {
      if (args.lang === 'zh-CN' || args.lang === 'en') return args.lang;
      return snapshot?.os.uiLanguage.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
    },
    writeReport: (body) => {
      if (!args.report) return undefined;
      const finishedAt = new Date();
      const report: RunReport = {
        schemaVersion: 1,
        toolVersion: toolVersion(),
        runId,
        command: options.command,
        startedAt: startedAt.toISOString(),
        finishedAt: finishedAt.toISOString(),
        durationMs: finishedAt.getTime() - startedAt.getTime(),
        simulated: simulate !== undefined,
        logPaths: logger.logPaths,
        ...body,
      };
      // The report records the outcome; failing to write it never changes the outcome or its exit code
      // (a fixed PC stays 0 even when Reports is a file or the share is down): a warning says what was lost.
      const write = (dir: string, what: string, create: boolean): string | undefined => {
        try {
          return writeRunReport(dir, report, { create });
        } catch (error) {
          emit({
            kind: 'note',
            level: 'warn',
            message: `The ${what} could not be written in ${dir}: ${error instanceof Error ? error.message : String(error)}. The run's outcome is unchanged.`,
          });
          return undefined;
        }
      };
      const written = reportInside && !trusted ? undefined : write(reportDir, 'run report', true);
      const copyDir = args['report-copy-dir'];
      if (copyDir) write(copyDir, 'copy of the run report', false);
      return written;
    },
    close: async () => {
      // Never judged (PowerShell did not start): the folder is unknown, so nothing is written in it.
      logger.openFiles(false);
      renderer?.dispose();
      await ctx.session.dispose();
      await logger.close();
    },
  };
  const session = openSession({
    ...(simulate ? { simulate } : {}),
    ...(options.sharedProcess ? { shared: options.sharedProcess } : {}),
    onPowerCut: () => {
      ctx.poweredOff = true;
      options.onPowerCut?.();
    },
  });
  (ctx as { session: PowerShellSession }).session = session;
  (ctx as { runner: ScriptRunner }).runner = new PowerShellScriptRunner(session, {
    readOnly: options.readOnly,
  });
  const gate = gateStateFolder(ctx.runner, paths.root, {
    create: !options.readOnly || logsInside || reportInside,
  }).then((trust) => {
    trusted = trust.trusted;
    logger.openFiles(trust.trusted);
    if (trust.trusted) {
      const pruned = [
        ...(args.log && !options.readOnly ? keepNewest(runLogDir, RUN_LOGS_KEPT, /^[\w-]+\.log$/) : []),
        ...(args.report && options.readOnly && reportInside
          ? keepNewest(reportDir, CHECK_REPORTS_KEPT - 1, /\.json$/i)
          : []),
      ];
      for (const problem of pruned) emit({ kind: 'note', level: 'warn', message: problem });
    }
    if (!trust.trusted) {
      emit({
        kind: 'note',
        level: 'warn',
        message: `The state folder ${trust.path} is not trusted (${trust.problems.join('; ')}): nothing is written in it.`,
      });
    }
    return trust;
  });
  // A command that never awaits the gate (it failed before) must not leave an unhandled rejection behind.
  gate.catch(() => undefined);
  (ctx as { stateFolder: Promise<StateFolderTrust> }).stateFolder = gate;
  emit({
    kind: 'run-started',
    runId,
    command: options.command,
    toolVersion: toolVersion(),
    computerName,
    simulated: simulate !== undefined,
  });
  if (simulate)
    emit({
      kind: 'note',
      level: 'warn',
      message: `SIMULATED PC: ${simulate} (no real disk is read or changed)`,
    });
  return ctx;
}

/** How many per-run logs of fix/resume, and reports of routine checks, a PC keeps (the newest). */
export const RUN_LOGS_KEPT = 20;
export const CHECK_REPORTS_KEPT = 10;

/** Exit code of the process when the simulated PC loses power (src/cli/exit-codes.ts). */
export const POWER_CUT_EXIT = ExitCode.SimulatedPowerCut;

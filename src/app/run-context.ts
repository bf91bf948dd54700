/**
 * What every command that touches a PC sets up, in one place: which PC (the real one, or a simulated one), the
 * log files and the console, the PowerShell session and its script runner (read-only for audit and detect), and
 * the JSON report at the end. The use cases (src/app/fix.ts, audit.ts, ...) receive a RunContext and decide;
 * the CLI only prints what they tell it.
 */
import * as path from 'node:path';
import { openSession, type OpenSessionOptions } from './open-session';
import { PowerShellScriptRunner } from '../adapters/powershell/script-runner';
import { powerCutScriptRunner } from '../simulation/power-cut';
import type { ScriptRunner } from '../contracts/script-runner';
import { STATUS_RECORD_SCRIPT } from '../engine/status-record';
import type { PowerShellSession } from '../adapters/powershell/session';
import type { DeviceIds, RunReport } from '../contracts/generated/run-report';
import { NO_DEVICE_IDS, primaryDeviceId } from '../domain/device-id';
import { DEFAULT_POLICY, type PlannerOptions } from '../domain/policy';
import type { Language } from '../domain/reasons';
import { DEFAULT_WINRE_BASELINE } from '../domain/winre-baseline';
import type { WinReBaseline } from '../contracts/generated/winre-baseline';
import type { Snapshot } from '../domain/snapshot';
import { MiB } from '../domain/units';
import { gatherSnapshot, refreshSnapshot, type SnapshotPart } from '../engine/facts/gather';
import { resolveSimulation, runComputerName } from './target-pc';
import { gateStateFolder, NEW_STATE_FOLDER_SCRIPT } from '../engine/state-folder';
import type { StateFolderTrust } from '../domain/state-folder-trust';
import { statePaths, type StatePaths } from '../engine/state-paths';
import { createRunLogger, fanOut, newRunId, type RunEvent, type RunLogger } from '../logging';
import { ConsoleRenderer } from '../logging/console-renderer';
import { defaultLogDir, defaultReportDir } from '../logging/paths';
import { noteEvent } from '../logging/notes';
import { writeRunReport } from '../report/write-report';
import { keepNewest } from '../logging/retention';
import { toolVersion } from '../version';

/**
 * The options every run takes (the command line's global options, as plain data: src/cli/options.ts declares
 * them to yargs). Use cases receive them as they are; nothing below the CLI parses them.
 */
export interface RunArgs {
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
  /** The admin's WinRE baseline, already loaded and checked (src/app/winre-baseline-file.ts); default: shipped. */
  'winre-baseline'?: WinReBaseline;
  /** fix/audit: a Safe OS Dynamic Update (.cab/.msu) to add to WinRE offline (src/app/safeos-package.ts). */
  'safeos-package'?: string;
  /** `--wim <path|UNC>`: the Winre.wim for a PC whose image is missing or damaged (src/app/supplied-image.ts). */
  wim?: string;
  /** `fix --keep-backup <folder>` (and audit, to see the plan): keep the verified backup there (src/domain/keep-backup.ts). */
  'keep-backup'?: string;
}

export function plannerOptions(args: RunArgs): PlannerOptions {
  return {
    allowServerCore: args['allow-server-core'],
    winreBaseline: args['winre-baseline'] ?? DEFAULT_WINRE_BASELINE,
    ...(args.wim !== undefined ? { suppliedWimPath: args.wim } : {}),
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
  readonly args: RunArgs;
  readonly runId: string;
  /** The PC's name, known before anything can fail (runComputerName). */
  readonly computerName: string;
  /** The PC's stable identifiers (Get-OsFacts), all null until the PC was first read; every report carries them. */
  deviceIds: DeviceIds;
  readonly startedAt: Date;
  readonly simulate: string | undefined;
  readonly paths: StatePaths;
  readonly logger: RunLogger;
  readonly emit: (event: RunEvent) => void;
  readonly session: PowerShellSession;
  readonly runner: ScriptRunner;
  /** Writes only the status record (src/engine/status-record.ts), also in a read-only run. */
  readonly statusRunner: ScriptRunner;
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
      | 'deviceIds'
    >,
  ): string | undefined;
  close(): Promise<void>;
}

export interface OpenRunOptions {
  readonly command: string;
  readonly args: RunArgs;
  readonly readOnly: boolean;
  /** detect: nothing on stderr, ever (Intune reads stderr as failure). */
  readonly silentConsole?: boolean;
  /** detect: one compact log record per run (run-logger.ts `compact`). */
  readonly compactLog?: boolean;
  /** Called when the simulated PC loses power (the CLI ends the process at once). */
  readonly onPowerCut?: () => void;
  /** Opens the PowerShell session (default openSession; tests borrow a warm shared process through it). */
  readonly openSession?: (options: OpenSessionOptions) => PowerShellSession;
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
        // --lang speaks from the first line; without it the PC's UI language takes over after the facts (gather).
        ...(args.lang === 'zh-CN' || args.lang === 'en' ? { language: args.lang } : {}),
      });
  const emit = fanOut(logger.onEvent, ...(renderer ? [renderer.onEvent] : []));
  const ctx: RunContext = {
    command: options.command,
    args,
    runId,
    computerName,
    deviceIds: NO_DEVICE_IDS,
    startedAt,
    simulate,
    paths,
    logger,
    emit,
    poweredOff: false,
    stateFolder: undefined as unknown as Promise<StateFolderTrust>,
    session: undefined as unknown as PowerShellSession,
    runner: undefined as unknown as ScriptRunner,
    statusRunner: undefined as unknown as ScriptRunner,
    gather: async () => {
      await ctx.stateFolder;
      const snapshot = await gatherSnapshot(ctx.runner, {
        takenAt: new Date().toISOString(),
        simulated: simulate !== undefined,
        onScriptOutput: (script, output) =>
          emit({ kind: 'fact-gathered', fact: script, summary: `${script} read`, data: output }),
        onNote: (note) => emit(noteEvent('warn', note.text)),
      });
      // The first read names the PC for the fleet: the log gets its ids once, every report carries them.
      if (ctx.deviceIds === NO_DEVICE_IDS) {
        ctx.deviceIds = snapshot.os.deviceIds;
        emit(deviceIdsNote(snapshot.os.deviceIds));
      }
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
        deviceIds: ctx.deviceIds,
        ...body,
      };
      // The report records the outcome; failing to write it never changes the outcome or its exit code
      // (a fixed PC stays 0 even when Reports is a file or the share is down): a warning says what was lost.
      const write = (dir: string, create: boolean): string | undefined => {
        try {
          return writeRunReport(dir, report, { create });
        } catch (error) {
          emit(
            noteEvent('warn', {
              key: 'report-not-written',
              params: {
                dir,
                copy: create ? '' : 'copy',
                error: error instanceof Error ? error.message : String(error),
              },
            }),
          );
          return undefined;
        }
      };
      const written = reportInside && !trusted ? undefined : write(reportDir, true);
      const copyDir = args['report-copy-dir'];
      if (copyDir) write(copyDir, false);
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
  const session = (options.openSession ?? openSession)({
    ...(simulate ? { simulate } : {}),
    onPowerCut: () => {
      ctx.poweredOff = true;
      options.onPowerCut?.();
    },
  });
  (ctx as { session: PowerShellSession }).session = session;
  // --simulate only: after a simulated power cut every script call fails at once with SimulatedPowerCutError, so
  // nothing that runs scripts (facts, backups, the startup task, the status record) acts after the cut.
  const powered = (runner: ScriptRunner): ScriptRunner =>
    simulate ? powerCutScriptRunner(runner, () => ctx.poweredOff) : runner;
  (ctx as { runner: ScriptRunner }).runner = powered(
    new PowerShellScriptRunner(session, { readOnly: options.readOnly }),
  );
  (ctx as { statusRunner: ScriptRunner }).statusRunner = powered(statusRecordRunner(session));
  const gate = gateStateFolder(powered(stateFolderRunner(session)), paths.root, {
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
      for (const problem of pruned)
        emit(noteEvent('warn', { key: 'retention-problem', params: { problem } }));
    }
    if (!trust.trusted) {
      emit(
        noteEvent('warn', {
          key: 'state-folder-untrusted',
          params: { path: trust.path, problems: trust.problems.join('; ') },
        }),
      );
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
  if (simulate) emit(noteEvent('warn', { key: 'simulated-pc', params: { file: simulate } }));
  return ctx;
}

/** The only runner that may run the status record in a read-only run: read-only but for that one script. */
export function statusRecordRunner(session: PowerShellSession): ScriptRunner {
  return new PowerShellScriptRunner(session, { readOnly: true, allowMutating: [STATUS_RECORD_SCRIPT] });
}

/**
 * The state folder gate's runner: read-only but for New-StateFolder, so that audit and detect, which create the
 * state folder when they write logs or reports in it, create it restricted through the same script as fix
 * (src/engine/state-folder.ts). The runner the command works with (RunContext.runner) never has this exception.
 */
export function stateFolderRunner(session: PowerShellSession): ScriptRunner {
  return new PowerShellScriptRunner(session, { readOnly: true, allowMutating: [NEW_STATE_FOLDER_SCRIPT] });
}

/** The log's record of the PC's identifiers (debug on the console; the log and its CMTrace copy keep it). */
export function deviceIdsNote(ids: DeviceIds): RunEvent {
  const show = (v: string | null) => v ?? 'none';
  return {
    kind: 'note',
    level: 'debug',
    message: `device id ${show(primaryDeviceId(ids))} (SMBIOS UUID ${show(ids.smbiosUuid)}, MachineGuid ${show(ids.machineGuid)}, Intune device id ${show(ids.intuneDeviceId)}, ConfigMgr client id ${show(ids.configMgrClientId)})`,
    fields: { deviceId: primaryDeviceId(ids), ...ids },
  };
}

/** How many per-run logs of fix/resume, and reports of routine checks, a PC keeps (the newest). */
export const RUN_LOGS_KEPT = 20;
export const CHECK_REPORTS_KEPT = 10;

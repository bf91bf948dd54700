/**
 * The startup task that resumes an interrupted fix (docs/reference/fleet-tools.md#resuming-after-a-reboot): registered as SYSTEM at startup before the
 * first change, removed when the run ends. If Intune kills the install, the user pulls the plug or the PC
 * restarts mid-run, the next boot continues the journal without waiting for Intune's next retry. Inside a
 * ConfigMgr task sequence no task is registered: the sequence itself resumes after the restart (3.5).
 *
 * What the task runs is never the program where it was started: SYSTEM runs it at every boot, so an exe started
 * from Downloads, the Desktop or a user-writable share cache could be replaced by that user, who would then run
 * their own program as SYSTEM. The single executable is copied into C:\ProgramData\winre-fix\bin (inside the
 * state folder: SYSTEM and Administrators only), the copy is verified by SHA256, the folder's and the copy's ACL
 * are read back (Get-Acl SDDL) and judged by src/domain/state-acl.ts, and only then is that copy registered.
 * Under node (development: node + a script + node_modules, which cannot be copied as one file and whose folders
 * are typically the developer's), no task is registered on a real PC (reason RESUME_TASK_NOT_SINGLE_EXE): an
 * interrupted run is then continued by the next `winre-fix fix` or `resume`. A simulated PC stands node in for
 * the exe (it is only copied and recorded, never run).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { ScriptRunner } from '../contracts/script-runner';
import type { InstallWinReFixResumeProgramResult } from '../contracts/generated/install-win-re-fix-resume-program';
import type { UnregisterResumeTaskResult } from '../contracts/generated/unregister-win-re-fix-resume-task';
import { judgeStateFolderSddl } from '../domain/state-acl';
import { UsageError } from '../errors';
import type { RunEvent } from '../logging/events';
import { noteEvent } from '../logging/notes';

export const RESUME_TASK_NAME = 'winre-fix resume';

interface TaskResult {
  changed: boolean;
  registered: boolean;
  skippedReason: string;
}

/** Where the task's program is copied on the PC (validated again by the three task scripts). */
export function resumeProgramPath(systemDrive: string): string {
  return `${systemDrive}\\ProgramData\\winre-fix\\bin\\winre-fix.exe`;
}

export type ResumeTaskStatus =
  | { readonly registered: true; readonly execute: string }
  | { readonly registered: false; readonly code: string; readonly reason: string };

function runningAsSea(): boolean {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sea = require('node:sea') as { isSea(): boolean };
    return sea.isSea();
  } catch {
    return false;
  }
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex').toUpperCase();
}

/** The run options the startup task's `resume` must keep: where logs and reports go, language, sizing policy. */
export interface ResumeTaskOptions {
  readonly 'log-dir'?: string | undefined;
  readonly 'log-copy-dir'?: string | undefined;
  readonly 'report-dir'?: string | undefined;
  readonly 'report-copy-dir'?: string | undefined;
  readonly lang?: string | undefined;
  readonly log?: boolean;
  readonly report?: boolean;
  readonly 'allow-server-core'?: boolean;
  readonly 'headroom-mib'?: number | undefined;
  readonly 'min-os-free-mib'?: number | undefined;
}

/** What registering and removing the task needs of the run (src/app/run-context.ts RunContext is one). */
export interface ResumeTaskRun {
  /** The run's options the task's `resume` keeps. */
  readonly args: ResumeTaskOptions;
  /** The simulated machine file, when the PC is simulated. */
  readonly simulate: string | undefined;
  readonly runner: ScriptRunner;
  readonly emit: (event: RunEvent) => void;
}

/**
 * One Windows command-line argument, quoted the way CommandLineToArgvW and the C runtime read it back
 * (learn.microsoft.com/cpp/c-language/parsing-c-command-line-arguments): backslashes are literal unless they
 * precede a double quote, so only a trailing run of them is doubled before the closing quote. A value with a
 * double quote or a control character cannot be a Windows path or language and is refused.
 */
export function quoteWindowsArgument(value: string): string {
  if ([...value].some((c) => c === '"' || c.charCodeAt(0) < 0x20))
    throw new UsageError(
      `${JSON.stringify(value)} cannot be passed on to the startup task (a quote or control character).`,
    );
  if (value !== '' && !/[\s]/.test(value)) return value;
  const trailing = /\\*$/.exec(value)?.[0].length ?? 0;
  return `"${value}${'\\'.repeat(trailing)}"`;
}

/**
 * The startup task's arguments: `resume --yes --quiet` plus every option of this run that shapes where its
 * evidence goes and what it decides, so the run resumed at boot logs and reports where the admin asked (the IME
 * or CCM log copy, a report share) and plans with the same policy.
 */
export function resumeTaskArgument(options: ResumeTaskOptions): string {
  const out = ['resume', '--yes', '--quiet'];
  const pass = (name: keyof ResumeTaskOptions & string, value: string | number | undefined) => {
    if (value !== undefined) out.push(`--${name}`, quoteWindowsArgument(String(value)));
  };
  pass('log-dir', options['log-dir']);
  pass('log-copy-dir', options['log-copy-dir']);
  pass('report-dir', options['report-dir']);
  pass('report-copy-dir', options['report-copy-dir']);
  pass('lang', options.lang);
  pass('headroom-mib', options['headroom-mib']);
  pass('min-os-free-mib', options['min-os-free-mib']);
  if (options.log === false) out.push('--no-log');
  if (options.report === false) out.push('--no-report');
  if (options['allow-server-core']) out.push('--allow-server-core');
  return out.join(' ');
}

/**
 * Copies the program into the protected folder, judges it, registers the task. Never throws for a refusal: a fix
 * without a startup task is still a safe fix (the next run resumes it); the refusal is a warning with its code.
 */
export async function registerResumeTask(
  ctx: ResumeTaskRun,
  systemDrive: string,
  program: { readonly path: string; readonly isSea: boolean } = {
    path: process.execPath,
    isSea: runningAsSea(),
  },
): Promise<ResumeTaskStatus> {
  // Built first: a value that cannot be passed on is a usage error before anything is copied or registered.
  const argument = resumeTaskArgument(ctx.args);
  const refuse = (code: string, reason: string): ResumeTaskStatus => {
    ctx.emit(noteEvent('warn', { key: 'no-startup-task', params: { code, reason } }));
    return { registered: false, code, reason };
  };
  if (!program.isSea && !ctx.simulate) {
    return refuse(
      'RESUME_TASK_NOT_SINGLE_EXE',
      'running under node, not as winre-fix.exe: node, the script and its modules cannot be copied where only administrators write; an interruption is resumed by the next `winre-fix fix` or `resume`',
    );
  }
  const target = resumeProgramPath(systemDrive);
  const copy = await ctx.runner.run<InstallWinReFixResumeProgramResult>('Install-WinReFixResumeProgram', {
    Source: program.path,
    Destination: target,
    Sha256: await sha256Of(program.path),
  });
  const problems = [
    ...judgeStateFolderSddl(copy.folderSddl).problems.map((p) => `its folder: ${p}`),
    ...judgeStateFolderSddl(copy.fileSddl).problems.map((p) => `the copy: ${p}`),
  ];
  if (problems.length > 0) {
    await removeResumeTask(ctx, systemDrive);
    return refuse(
      'RESUME_TASK_PROGRAM_NOT_PROTECTED',
      `${target} could be replaced by accounts other than SYSTEM and Administrators (${problems.join('; ')})`,
    );
  }
  const result = await ctx.runner.run<TaskResult>('Register-WinReFixResumeTask', {
    TaskName: RESUME_TASK_NAME,
    Execute: target,
    Argument: argument,
  });
  if (!result.registered) {
    await removeResumeTask(ctx, systemDrive);
    return refuse('RESUME_TASK_SKIPPED', result.skippedReason);
  }
  ctx.emit(noteEvent('info', { key: 'startup-task-registered', params: { task: RESUME_TASK_NAME, target } }));
  return { registered: true, execute: target };
}

/** Removes the task and the program copy (left when it is the one running: the next run removes it). */
export async function removeResumeTask(ctx: ResumeTaskRun, systemDrive?: string): Promise<void> {
  const result = await ctx.runner.run<UnregisterResumeTaskResult>('Unregister-WinReFixResumeTask', {
    TaskName: RESUME_TASK_NAME,
    ProgramPath: resumeProgramPath(systemDrive ?? process.env['SystemDrive'] ?? 'C:'),
  });
  if (result.programLeft)
    ctx.emit(noteEvent('info', { key: 'startup-program-left', params: { path: result.programLeft } }));
}

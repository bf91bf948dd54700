/**
 * The startup task that resumes an interrupted fix (ecosystem.md 4.1): registered as SYSTEM at startup before the
 * first change, removed when the run ends. If Intune kills the install, the user pulls the plug or the PC
 * restarts mid-run, the next boot continues the journal without waiting for Intune's next retry. Inside a
 * ConfigMgr task sequence no task is registered: the sequence itself resumes after the restart (3.5).
 */
import type { RunContext } from '../cli/run-context';

export const RESUME_TASK_NAME = 'winre-fix resume';

interface TaskResult {
  changed: boolean;
  registered: boolean;
  skippedReason: string;
}

export async function registerResumeTask(ctx: RunContext, executable: string): Promise<void> {
  // The single executable is the program; in development (node + script) the task would run node with our script.
  const script = process.argv[1] && !/winre-fix(\.exe)?$/i.test(executable) ? `"${process.argv[1]}" ` : '';
  const result = await ctx.runner.run<TaskResult>('Register-WinReFixResumeTask', {
    TaskName: RESUME_TASK_NAME,
    Execute: executable,
    Argument: `${script}resume --yes --quiet`,
  });
  ctx.emit({
    kind: 'note',
    level: 'info',
    message: result.registered
      ? `startup task "${RESUME_TASK_NAME}" registered to resume after an interruption`
      : `no startup task: ${result.skippedReason}`,
  });
}

export async function removeResumeTask(ctx: RunContext): Promise<void> {
  await ctx.runner.run<TaskResult>('Unregister-WinReFixResumeTask', { TaskName: RESUME_TASK_NAME });
}

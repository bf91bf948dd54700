/**
 * How a session start can fail. PowerShell's language mode is asked first in every new process: anything but
 * FullLanguage (App Control or AppLocker script enforcement) is refused at once, before node-powershell's own
 * lines (which need FullLanguage) could hang the session. A start that times out or dies is PowerShell being
 * unavailable.
 */
import { EOL } from 'node:os';
import {
  PowerShellConstrainedError,
  PowerShellExitedError,
  PowerShellTimeoutError,
  PowerShellUnavailableError,
} from '../../errors';
import { seconds, tail } from './framing';
import type { LiveProcess } from './process-tree';

/**
 * The first line a new process gets: prints its language mode between markers. It uses only what every
 * language mode but NoLanguage allows (a variable's property, string concatenation): no .NET method, no
 * [ScriptBlock]::Create, so a ConstrainedLanguage session answers it at once instead of hanging on the next
 * line. about_Language_Modes: https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_language_modes
 */
export const LANGUAGE_PROBE = "'<<<WINREFIX-LANGUAGE:' + $ExecutionContext.SessionState.LanguageMode + '>>>'";
const LANGUAGE_ANSWER = /<<<WINREFIX-LANGUAGE:([A-Za-z]+)>>>/;

/**
 * The refusal of a session that is not FullLanguage (src/app/error-exit.ts: exit 25 Environment). The message
 * carries the remedy and the sources itself: it is the one line an admin sees in Intune's or ConfigMgr's output.
 * Under an App Control policy PowerShell runs only allowed script FILES in FullLanguage; commands sent to a session
 * (the bridge's) always run constrained (https://learn.microsoft.com/powershell/scripting/security/app-control/application-control).
 * AppLocker is detected by PowerShell running two test files from $env:TEMP (C:\Windows\Temp for SYSTEM), per that page.
 */
export function constrainedError(mode: string, executable: string): PowerShellConstrainedError {
  return new PowerShellConstrainedError(
    `PowerShell runs in ${mode} mode on this PC (${executable}): an App Control for Business (WDAC) or ` +
      `AppLocker policy enforces scripts. winre-fix needs FullLanguage (it loads its scripts as script blocks ` +
      `and calls .NET methods), so it stopped before reading or changing anything. To fix these PCs, let ` +
      `PowerShell run winre-fix in FullLanguage there: App Control in audit mode or with option 11 ` +
      `"Disabled:Script Enforcement" for them; with AppLocker, script rules that allow SYSTEM's TEMP folder ` +
      `(C:\\Windows\\Temp), where PowerShell tests the policy. See ` +
      `https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_language_modes and ` +
      `https://learn.microsoft.com/windows/security/application-security/application-control/app-control-for-business/design/script-enforcement`,
    {
      hint:
        'Commands sent to an enforced PowerShell session always run constrained, so signing the .ps1 files alone ' +
        'does not lift it: https://learn.microsoft.com/powershell/scripting/security/app-control/application-control',
      context: { languageMode: mode, executable },
    },
  );
}

/**
 * Sends LANGUAGE_PROBE straight to the new process's stdin (node-powershell's invoke cannot be used: its
 * delimiter lines call [Console]::Out.WriteLine, a .NET method that ConstrainedLanguage refuses, so the
 * invocation would never end) and waits for the answer, the process's end, or the start limit.
 */
export function probeLanguage(live: LiveProcess, limitMs: number): Promise<string> {
  const child = live.child;
  if (live.exited || !child?.stdout || !child.stdin)
    return Promise.reject(new PowerShellExitedError(`PowerShell has exited (${live.exitInfo}).`));
  const stdout = child.stdout;
  const stderr = child.stderr;
  const stdin = child.stdin;
  return new Promise<string>((resolve, reject) => {
    let out = '';
    let err = '';
    const onOut = (chunk: Buffer | string): void => {
      out += String(chunk);
      const m = LANGUAGE_ANSWER.exec(out);
      if (m) settle(() => resolve(m[1] ?? ''));
    };
    const onErr = (chunk: Buffer | string): void => {
      err += String(chunk);
    };
    const onGone = (): void =>
      settle(() =>
        reject(
          new PowerShellExitedError(
            `PowerShell exited before it reported its language mode (${live.exitInfo || 'no exit code'}).`,
            { context: { stdout: tail(out), stderr: tail(err) } },
          ),
        ),
      );
    // Referenced on purpose, as a call's timer: it keeps Node alive while the unref'd process starts.
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(
            new PowerShellTimeoutError(
              `PowerShell did not report its language mode within ${seconds(limitMs)}.`,
              { context: { stdout: tail(out), stderr: tail(err), limitMs } },
            ),
          ),
        ),
      limitMs,
    );
    const settle = (done: () => void): void => {
      clearTimeout(timer);
      stdout.off('data', onOut);
      stderr?.off('data', onErr);
      child.off('exit', onGone);
      child.off('error', onGone);
      done();
    };
    stdout.on('data', onOut);
    stderr?.on('data', onErr);
    child.once('exit', onGone);
    child.once('error', onGone);
    stdin.write(`${LANGUAGE_PROBE}${EOL}`);
  });
}

/**
 * What a failed session start means to the run: a start that timed out or a process that died is PowerShell
 * being unavailable (exit 25); anything else (a constrained session, a library that failed) stays as it is.
 */
export function startFailure(error: unknown, executable: string, startLimit: number): unknown {
  if (error instanceof PowerShellTimeoutError) {
    return new PowerShellUnavailableError(
      `PowerShell (${executable}) did not finish starting within ${seconds(startLimit)}: ${error.message}`,
      {
        cause: error,
        hint: 'Nothing was changed. Security software that scans or blocks PowerShell can hold it at start.',
      },
    );
  }
  if (error instanceof PowerShellExitedError) {
    return new PowerShellUnavailableError(`PowerShell (${executable}) did not start: ${error.message}`, {
      cause: error,
    });
  }
  return error;
}

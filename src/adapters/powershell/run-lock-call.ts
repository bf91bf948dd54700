/**
 * The run lock as the session takes it (ps-scripts/lib/Bridge.ps1 Lock-WinReFixRun): the request, and what its
 * answer means (taken; held by another run: 1618; the lock path is a folder: 27).
 */
import type { RunLockAttempt } from '../../contracts/generated/lock-win-re-fix-run';
import { JournalRejectedError, LockHeldError, PowerShellUnavailableError } from '../../errors';
import { assertValid } from '../../schemas/validators';
import { b64, type Envelope } from './framing';

/**
 * How long taking the run lock tolerates a busy answer: a read-only probe (audit, detect, status) holds the file
 * open for a moment, and that must not turn a run away. 7 attempts 50 ms apart: about 300 ms.
 */
export const RUN_LOCK_ATTEMPTS = 7;
export const RUN_LOCK_PAUSE_MS = 50;

/** The Lock-WinReFixRun payload for `file`. */
export function lockRequest(file: string): string {
  return b64(JSON.stringify({ path: file, attempts: RUN_LOCK_ATTEMPTS, pauseMs: RUN_LOCK_PAUSE_MS }));
}

/** Returns when the lock was taken; throws what the answer means otherwise. */
export function judgeLockAnswer(res: Envelope, file: string): void {
  if (!res.ok) {
    throw new PowerShellUnavailableError(`The run lock ${file} could not be taken: ${res.error.message}`, {
      context: { ...res.error },
    });
  }
  const attempt = assertValid<RunLockAttempt>('lock-win-re-fix-run', res.data, 'Lock-WinReFixRun');
  if (attempt.state === 'not-a-file') {
    throw new JournalRejectedError(`The run lock ${file} is a folder, not a file; nothing was done.`, {
      hint: 'Something other than winre-fix made it: inspect and remove it.',
    });
  }
  if (attempt.state === 'held-elsewhere') {
    throw new LockHeldError('Another winre-fix run is in progress (it holds the run lock).', {
      hint: 'Intune/ConfigMgr retry on exit code 1618; nothing was changed by this run.',
      context: { lock: file, attempts: attempt.attempts },
    });
  }
}

/**
 * One fix or resume at a time (exit 1618 for the others), held by the PowerShell process that makes the changes.
 *
 * The lock is that process holding the lock file open with FileShare.None (ps-scripts/lib/Bridge.ps1,
 * Lock-WinReFixRun): Windows refuses every other open of the file with a sharing violation, and on Linux (tests,
 * simulation) .NET takes flock(LOCK_EX), which the kernel drops when the process ends. So the lock is released
 * exactly when the process that could still change the disk ends - by exit, kill, crash or power cut - and no
 * PID, host or boot identity is read or judged: a lock can neither look stale while held (two holders) nor look
 * alive once its holder is gone (a reused PID). If node dies, PowerShell finishes the command it is in (a long
 * shrink) and then exits at the end of its input: until then it still holds the lock, so no other run works
 * beside it. docs/architecture.md "The run lock" has the whole argument.
 *
 * The session takes the lock again in every PowerShell process it starts later in the run (after a timeout),
 * before any script (src/adapters/powershell/session.ts holdRunLock).
 */
/** What holds the lock: the run's PowerShell session (PowerShellSession implements it). */
export interface RunLockHolder {
  holdRunLock(file: string): Promise<void>;
  releaseRunLock(): Promise<void>;
}

export class RunLock {
  private held = false;

  constructor(
    readonly file: string,
    private readonly holder: RunLockHolder,
  ) {}

  /** Takes the lock or throws LockHeldError (another run holds it) or JournalRejectedError (a folder). */
  async acquire(): Promise<void> {
    await this.holder.holdRunLock(this.file);
    this.held = true;
  }

  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    await this.holder.releaseRunLock();
  }
}

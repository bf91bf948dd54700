/* Generated from schemas/lock-win-re-fix-run.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * What Lock-WinReFixRun (ps-scripts/lib/Bridge.ps1) answers: whether this PowerShell process now holds the run lock (the lock file open with FileShare.None).
 */
export interface RunLockAttempt {
  path: string;
  /**
   * acquired: this process opened it now; already-held: it held it before the call; held-elsewhere: another process holds it (every attempt met a sharing violation); not-a-file: the path is a folder.
   */
  state: 'acquired' | 'already-held' | 'held-elsewhere' | 'not-a-file';
  /**
   * Opens tried in this call.
   */
  attempts: number;
}

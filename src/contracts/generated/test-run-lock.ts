/* Generated from schemas/test-run-lock.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * What Test-RunLock answers: whether a fix or resume holds the run lock now, found by a read-only open of the lock file.
 */
export interface RunLockProbe {
  path: string;
  /**
   * absent: no lock file (no run ever started here); free: the file exists and no process holds it; held: a run holds it now; not-a-file: the path is a folder.
   */
  state: 'absent' | 'free' | 'held' | 'not-a-file';
}

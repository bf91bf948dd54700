/* Generated from schemas/optimize-os-volume.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * ps-scripts/Optimize-OsVolume.ps1: one run of `defrag <C:> /X /U /V` (free-space consolidation) with a time limit, before the last attempt of a refused shrink (src/domain/shrink-retry.ts).
 */
export interface OptimizeOsVolume {
  /**
   * True when defrag ran (it may have moved files).
   */
  changed: boolean;
  drive: string;
  /**
   * defrag.exe's exit code (0 success, else the HRESULT such as 0x89000007 as a signed integer); null when it was stopped at the time limit.
   */
  exitCode: number | null;
  timedOut: boolean;
  durationMs: number;
  /**
   * The last non-empty lines of its output (progress and report), for the log.
   */
  lastLines: string[];
}

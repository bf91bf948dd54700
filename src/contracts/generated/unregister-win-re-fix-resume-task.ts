/* Generated from schemas/unregister-win-re-fix-resume-task.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

export interface UnregisterResumeTaskResult {
  changed: boolean;
  /**
   * Whether the startup task exists after the script.
   */
  registered: boolean;
  skippedReason: string;
  /**
   * The program copy that could not be removed (running, or a link in its place); empty when none is left.
   */
  programLeft: string;
}

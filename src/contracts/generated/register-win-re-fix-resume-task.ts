/* Generated from schemas/register-win-re-fix-resume-task.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

export interface ResumeTaskResult {
  changed: boolean;
  /**
   * Whether the startup task exists after the script.
   */
  registered: boolean;
  skippedReason: string;
}

/**
 * Every planner option of a run: the command line's (run-context plannerOptions) plus what must be read from the
 * PC before planning: the Safe OS package of `--safeos-package` (src/app/safeos-package.ts) and the folder of
 * `--keep-backup` (src/app/keep-backup.ts). audit and fix plan with the same options, so audit shows what fix does.
 */
import type { PlannerOptions } from '../domain/policy';
import { keepBackupRequest } from './keep-backup';
import type { RunArgs, RunContext } from './run-context';
import { plannerOptionsWithPackage } from './safeos-package';

export async function readPlannerOptions(
  ctx: Pick<RunContext, 'runner'>,
  args: RunArgs,
): Promise<PlannerOptions> {
  const options = await plannerOptionsWithPackage(ctx, args);
  const keepBackup = await keepBackupRequest(ctx, args['keep-backup']);
  return { ...options, ...(keepBackup ? { keepBackup } : {}) };
}

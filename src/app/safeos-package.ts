/**
 * `--safeos-package <path>` (fix, and audit as its dry run): the Safe OS Dynamic Update package is read on the PC
 * (ps-scripts/Read-SafeOsPackage.ps1, read-only: presence, SHA256, the KB and architecture its Update Catalog name
 * states) and validated before the planner sees it (src/domain/planning/safeos.ts).
 */
import type { ReadSafeOsPackageOutput } from '../contracts/generated/read-safe-os-package';
import type { PlannerOptions } from '../domain/policy';
import { plannerOptions, type RunArgs, type RunContext } from './run-context';

export async function readSafeOsPackage(
  ctx: Pick<RunContext, 'runner'>,
  path: string,
): Promise<ReadSafeOsPackageOutput> {
  return ctx.runner.run<ReadSafeOsPackageOutput>('Read-SafeOsPackage', { PackagePath: path });
}

/** The planner options of a run, with the package read when the command line gives one. */
export async function plannerOptionsWithPackage(
  ctx: Pick<RunContext, 'runner'>,
  args: RunArgs,
): Promise<PlannerOptions> {
  const options = plannerOptions(args);
  const path = args['safeos-package'];
  return path ? { ...options, safeosPackage: await readSafeOsPackage(ctx, path) } : options;
}

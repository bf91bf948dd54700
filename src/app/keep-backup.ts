/**
 * `--keep-backup <folder>` before the plan: what the PC shows of the folder (Test-KeepBackupFolder.ps1,
 * read-only), handed to the pure planner, which accepts or refuses it (src/domain/keep-backup.ts). A path the
 * planner refuses by its form alone (relative, UNC, ...) is never looked at.
 */
import type { KeepBackupFolderProbe } from '../contracts/generated/test-keep-backup-folder';
import { checkKeepPath, type KeepBackupRequest } from '../domain/keep-backup';
import { SimulatedPowerCutError } from '../errors';
import { errorText } from '../logging/notes';
import type { RunContext } from './run-context';

export async function keepBackupRequest(
  ctx: Pick<RunContext, 'runner'>,
  folder: string | undefined,
): Promise<KeepBackupRequest | undefined> {
  if (folder === undefined) return undefined;
  const checked = checkKeepPath(folder);
  if (!checked.ok) return { folder, probe: null };
  try {
    const probe = await ctx.runner.run<KeepBackupFolderProbe>('Test-KeepBackupFolder', {
      Path: checked.path,
    });
    return { folder, probe };
  } catch (error) {
    if (error instanceof SimulatedPowerCutError) throw error;
    // Not examined, not written to: the planner refuses it (KEEP_BACKUP_NOT_READ) with this error.
    return { folder, probe: null, error: errorText(error) };
  }
}

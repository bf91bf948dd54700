/**
 * No orphans on C: the backup folders that earlier runs left (a run that rolled back, failed or ended degraded, or
 * one cut off before its own clean-up) are deleted by the next fix or resume once the PC is safe
 * (src/domain/backup-sweep.ts), never the unfinished run's, and reported in the run report (which folders, bytes).
 * The deleting is Remove-WinReFixOrphanedBackups.ps1's (it never goes through a junction or symbolic link).
 * A clean-up that fails is a warning, never the run's failure: the space is only space.
 */
import type { ScriptRunner } from '../contracts/script-runner';
import type { Journal } from '../contracts/generated/journal';
import type { RemoveWinReFixOrphanedBackupsResult } from '../contracts/generated/remove-win-re-fix-orphaned-backups';
import type { BackupCleanup, KeptBackup } from '../contracts/generated/run-report';
import { backupSweepBlocker } from '../domain/backup-sweep';
import type { Snapshot } from '../domain/snapshot';
import { SimulatedPowerCutError } from '../errors';
import type { RunEvent } from '../logging/events';
import { errorText, noteEvent } from '../logging/notes';

/** C:\ProgramData\winre-fix\backup on the PC being fixed (the parent of every run's backupFolderOnPc). */
export function backupRootOnPc(systemDrive: string): string {
  return `${systemDrive}\\ProgramData\\winre-fix\\backup`;
}

export interface SweepDeps {
  readonly runner: ScriptRunner;
  readonly emit: (event: RunEvent) => void;
}

/**
 * Deletes the backups of finished runs when `snapshot` shows WinRE enabled and healthy. `keepRunId`: the run in
 * the journal that is still unfinished (its backup stays whatever the PC looks like). Returns what was done, or
 * undefined when nothing was looked at (not safe, or the clean-up itself failed).
 */
export async function sweepOrphanedBackups(
  deps: SweepDeps,
  snapshot: Snapshot,
  keepRunId: string | null,
): Promise<BackupCleanup | undefined> {
  const blocker = backupSweepBlocker(snapshot);
  if (blocker) {
    deps.emit(noteEvent('info', { key: 'backups-kept', params: { blocker } }));
    return undefined;
  }
  try {
    const result = await deps.runner.run<RemoveWinReFixOrphanedBackupsResult>(
      'Remove-WinReFixOrphanedBackups',
      {
        BackupRoot: backupRootOnPc(snapshot.os.systemDrive),
        KeepRunId: keepRunId ?? '',
      },
    );
    for (const r of result.removed)
      deps.emit(
        noteEvent('info', {
          key: 'backup-removed',
          params: { runId: r.runId, files: r.files, bytes: r.bytes, complete: r.complete ? 'yes' : '' },
        }),
      );
    for (const s of result.skipped)
      deps.emit(noteEvent('warn', { key: 'backup-left', params: { path: s.path, reason: s.reason } }));
    return { removed: result.removed, skipped: result.skipped, bytesReclaimed: result.bytesReclaimed };
  } catch (error) {
    // A simulated power cut (the runner says so, src/simulation/power-cut.ts) ends the run: nothing more is said.
    if (error instanceof SimulatedPowerCutError) throw error;
    deps.emit(noteEvent('warn', { key: 'backups-not-removed', params: { error: errorText(error) } }));
    return undefined;
  }
}

/**
 * What a finished run leaves of its own backup, said plainly (exit 22 promises "as it was"; a 1 GB folder on C: is
 * not that), or null when nothing is left. The next fix or resume deletes it once the PC is safe.
 */
export function backupLeftBehind(journal: Journal): string | null {
  const backup = journal.steps.find((s) => s.kind === 'backup-recovery-files' && s.status !== 'pending');
  if (!backup) return null;
  const folder = String(backup.params['StateFolder'] ?? 'the backup folder');
  const removal = [...journal.steps, ...journal.rollback].find(
    (s) => s.kind === 'remove-backup' && s.status === 'completed',
  );
  if (removal) return null;
  if (journal.phase === 'degraded')
    return `The backup of this run stays in ${folder} (it may hold the only copy of the recovery partition's files); the next fix or resume removes it once WinRE is healthy again.`;
  return `The backup of this run is still in ${folder}; the next fix or resume removes it once WinRE is enabled and healthy, or delete it as an administrator.`;
}

/**
 * `--keep-backup`: where this run kept the verified backup (the keep-backup step's result in the journal), or
 * null when it kept none (no option, or the copy was not verified). A roll-back leaves the kept copy: it is still
 * the old partition's content.
 */
export function keptBackupOf(journal: Journal): KeptBackup | null {
  const step = journal.steps.find((s) => s.kind === 'keep-backup' && s.status === 'completed');
  const r = step?.result as Record<string, unknown> | undefined;
  if (!r || typeof r['folder'] !== 'string' || typeof r['manifestSha256'] !== 'string') return null;
  return {
    folder: r['folder'],
    manifestPath: String(r['manifestPath']),
    manifestSha256: r['manifestSha256'],
    files: Number(r['files']),
    totalBytes: Number(r['totalBytes']),
  };
}

/** The kept copy in one sentence (the run's last line, its reasons). */
export function keptBackupText(kept: KeptBackup): string {
  return `The verified backup of the old recovery partition is kept in ${kept.folder} (${kept.files} files, ${kept.totalBytes} bytes; manifest.json SHA256 ${kept.manifestSha256}).`;
}

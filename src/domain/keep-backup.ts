/**
 * `fix --keep-backup <folder>`: the verified backup of the old recovery partition (Winre.wim and every other file,
 * OEM tools included) is also kept where the administrator says, for audit rules; Microsoft's KB5028997 sample
 * script keeps such a backup folder too. Pure: the rules that accept or refuse the folder, and the name of the
 * run's own folder under it. The folder's facts come from Test-KeepBackupFolder.ps1 (read-only), read before the
 * plan; the copy is the step `keep-backup` (src/domain/steps/files.ts, ps-scripts/Copy-WinReFixBackup.ps1).
 *
 * Decisions (docs/architecture.md "Kept backups"):
 *  - An absolute path on a local drive letter only. UNC paths are refused: a SYSTEM run reaches a share as the
 *    computer account, it can neither give the copy an ACL of this PC's SYSTEM and Administrators nor see the
 *    server's links and free space, and a share that is down mid-copy would hold up a fix. Device paths
 *    (\\?\, \\.\), drive-relative (`C:x`), relative paths, `.`/`..` segments, 8.3 short names (`PROGRA~3`: another
 *    spelling of a folder the rules below compare by name) and names Windows would silently change (trailing dot
 *    or space) are refused too.
 *  - Never inside winre-fix's state folder (its backup sweep and clean-up own everything there), never on the
 *    recovery partition the fix deletes, never through a junction, symbolic link or mount point at any level.
 *  - One new folder per run, `<folder>\<computer>_<yyyyMMdd-HHmmss>Z_<runId>`, so repeated runs never overwrite a
 *    kept copy. The administrator's folder itself may be missing (winre-fix creates it, SYSTEM and Administrators
 *    only), empty, or one winre-fix made for THIS PC earlier (its winre-fix-keep.json names this computer); any
 *    other existing content is refused: winre-fix does not mix its copies into someone else's folder.
 *  - Room on its volume, checked at plan time: the copy, plus a margin; on the Windows volume also what the
 *    shrink takes, the run's own backup beside it and the free space C: must keep (the policy's minimum).
 *  - NTFS on a fixed local volume: the copy's ACL (SYSTEM and Administrators) needs NTFS.
 */
import type { Reason } from '../contracts/generated/plan';
import type { KeepBackupFolderProbe } from '../contracts/generated/test-keep-backup-folder';
import type { SizingPolicy } from './policy';
import { reason } from './planning/reason';
import type { PartitionFacts, Snapshot } from './snapshot';
import { formatBytes, MiB } from './units';

/** What the planner is told about `--keep-backup`: the folder as given and what the PC showed of it. */
export interface KeepBackupRequest {
  readonly folder: string;
  /** Null when the path was refused before anything was read (syntax), or could not be read. */
  readonly probe: KeepBackupFolderProbe | null;
  /** Why it could not be read, when it could not. */
  readonly error?: string;
}

/** The file winre-fix writes in a folder it made its own: which PC's kept copies it holds. */
export const KEEP_MARKER_FILE = 'winre-fix-keep.json';

/** Room left over on the kept copy's volume for its manifest and NTFS bookkeeping. ASSUMPTION: as the backup's. */
export const KEEP_MARGIN_BYTES = 64 * MiB;

/** Why a path is not an absolute local one (the `detail` of KEEP_BACKUP_PATH_INVALID). */
export type KeepPathProblem =
  | 'RELATIVE'
  | 'DRIVE_RELATIVE'
  | 'DEVICE_PATH'
  | 'DOT_SEGMENT'
  | 'SHORT_NAME'
  | 'BAD_NAME'
  | 'DRIVE_ROOT'
  | 'TOO_LONG';

export type KeepPathCheck =
  | { readonly ok: true; readonly path: string; readonly drive: string }
  | { readonly ok: false; readonly unc: boolean; readonly problem?: KeepPathProblem };

/** Characters NTFS refuses in a name (learn.microsoft.com/windows/win32/fileio/naming-a-file). */
// eslint-disable-next-line no-control-regex
const BAD_CHARS = /[<>:"|?*\u0000-\u001f]/;

/**
 * An absolute local path `X:\a\b` (forward slashes read as backslashes, trailing separators dropped), or why not.
 * Naming rules: learn.microsoft.com/windows/win32/fileio/naming-a-file ("Do not end a file or directory name with
 * a space or a period"; `\\?\` and `\\.\` prefixes; relative and drive-relative forms).
 */
export function checkKeepPath(raw: string): KeepPathCheck {
  const p = raw.replace(/\//g, '\\');
  if (/^\\\\[?.]\\/.test(p)) return { ok: false, unc: false, problem: 'DEVICE_PATH' };
  if (p.startsWith('\\\\')) return { ok: false, unc: true };
  if (/^[A-Za-z]:(?!\\)/.test(p)) return { ok: false, unc: false, problem: 'DRIVE_RELATIVE' };
  const m = /^([A-Za-z]):\\(.*)$/.exec(p);
  if (!m) return { ok: false, unc: false, problem: 'RELATIVE' };
  const segments = m[2]!.split('\\').filter((s, i, all) => s !== '' || i < all.length - 1);
  if (segments.length === 0) return { ok: false, unc: false, problem: 'DRIVE_ROOT' };
  if (segments.some((s) => s === '')) return { ok: false, unc: false, problem: 'BAD_NAME' };
  if (segments.some((s) => s === '.' || s === '..')) return { ok: false, unc: false, problem: 'DOT_SEGMENT' };
  if (segments.some((s) => /~\d/.test(s))) return { ok: false, unc: false, problem: 'SHORT_NAME' };
  if (segments.some((s) => BAD_CHARS.test(s) || /[ .]$/.test(s) || /^ /.test(s)))
    return { ok: false, unc: false, problem: 'BAD_NAME' };
  const drive = m[1]!.toUpperCase();
  const path = `${drive}:\\${segments.join('\\')}`;
  // The run's folder and its files go below it; MAX_PATH (260) must hold them without \\?\ tricks.
  if (path.length > 150) return { ok: false, unc: false, problem: 'TOO_LONG' };
  return { ok: true, path, drive };
}

/** The run's own folder under the administrator's: one per run, never reused (runId is new each run). */
export function keptRunFolder(folder: string, computerName: string, at: string, runId: string): string {
  const stamp = at.replace(/[-:]/g, '').replace(/\.\d+/, '').replace('T', '-'); // 20261205-104210Z
  const name = computerName.replace(/[^A-Za-z0-9-]/g, '_');
  return `${folder}\\${name}_${stamp}_${runId}`;
}

/** The reason codes of the keep-backup rules: a refusal made of these alone exits 31 (KeepBackupRefused). */
export const KEEP_BACKUP_BLOCKERS: ReadonlySet<string> = new Set([
  'KEEP_BACKUP_PATH_INVALID',
  'KEEP_BACKUP_UNC',
  'KEEP_BACKUP_IN_STATE_FOLDER',
  'KEEP_BACKUP_ON_RECOVERY',
  'KEEP_BACKUP_LINK',
  'KEEP_BACKUP_NO_VOLUME',
  'KEEP_BACKUP_NOT_NTFS',
  'KEEP_BACKUP_NOT_A_FOLDER',
  'KEEP_BACKUP_FOLDER_NOT_EMPTY',
  'KEEP_BACKUP_NO_SPACE',
  'KEEP_BACKUP_NOT_READ',
]);

/** A refusal whose every blocker is about the kept folder alone: the PC itself could be fixed. */
export function isKeepBackupRefusal(reasons: readonly Reason[]): boolean {
  const blockers = reasons.filter((r) => r.severity === 'blocker');
  return blockers.length > 0 && blockers.every((r) => KEEP_BACKUP_BLOCKERS.has(r.code));
}

/** Bytes the kept copy takes: the old recovery volume's used space (its files and NTFS metadata: never less). */
export function keptBytesEstimate(oldRecovery: PartitionFacts): number {
  const v = oldRecovery.volume;
  return v && v.size > 0 ? Math.max(0, v.size - v.sizeRemaining) : oldRecovery.size;
}

export interface KeepContext {
  readonly snapshot: Snapshot;
  readonly policy: SizingPolicy;
  /** The recovery partition the plan backs up. */
  readonly oldRecovery: PartitionFacts;
  /** The plan deletes that partition (grow in place). */
  readonly deletesOld: boolean;
  /** Bytes the plan takes from C:. */
  readonly shrinkOsBy: number;
}

/** Every reason the folder cannot take the kept copy (empty: it can). */
export function keepBackupBlockers(request: KeepBackupRequest, ctx: KeepContext): Reason[] {
  const checked = checkKeepPath(request.folder);
  const folder = request.folder;
  if (!checked.ok) {
    return checked.unc
      ? [reason('KEEP_BACKUP_UNC', { folder })]
      : [
          reason('KEEP_BACKUP_PATH_INVALID', {
            folder,
            detail: `KEEP_PATH_${checked.problem ?? 'RELATIVE'}`,
          }),
        ];
  }
  const out: Reason[] = [];
  const lower = checked.path.toLowerCase();
  const system = ctx.snapshot.os.systemDrive.toUpperCase();
  const stateRoot = `${system}\\programdata\\winre-fix`.toLowerCase();
  if (lower === stateRoot || lower.startsWith(`${stateRoot}\\`))
    out.push(reason('KEEP_BACKUP_IN_STATE_FOLDER', { folder }));
  const oldLetter = ctx.oldRecovery.driveLetter?.toUpperCase();
  if (oldLetter && oldLetter === checked.drive)
    out.push(
      reason('KEEP_BACKUP_ON_RECOVERY', {
        folder,
        partition: ctx.oldRecovery.number,
        fate: ctx.deletesOld ? 'deleted' : 'kept',
      }),
    );
  const probe = request.probe;
  if (!probe)
    return [...out, reason('KEEP_BACKUP_NOT_READ', { folder, error: request.error ?? 'no answer' })];
  for (const link of probe.links) out.push(reason('KEEP_BACKUP_LINK', { folder, link }));
  const volume = probe.volume;
  if (!volume) {
    out.push(reason('KEEP_BACKUP_NO_VOLUME', { folder, drive: `${checked.drive}:` }));
    return out;
  }
  if (volume.fileSystem.toUpperCase() !== 'NTFS' || volume.driveType.toLowerCase() !== 'fixed')
    out.push(
      reason('KEEP_BACKUP_NOT_NTFS', {
        folder,
        fileSystem: volume.fileSystem || 'none',
        driveType: volume.driveType,
      }),
    );
  if (probe.exists && !probe.isFolder) out.push(reason('KEEP_BACKUP_NOT_A_FOLDER', { folder }));
  else if (probe.exists && probe.entries > 0) {
    const ours = probe.markerComputerName?.toLowerCase() === ctx.snapshot.os.computerName.toLowerCase();
    if (!ours)
      out.push(
        reason('KEEP_BACKUP_FOLDER_NOT_EMPTY', {
          folder,
          entries: probe.entries,
          marker: KEEP_MARKER_FILE,
          computer: ctx.snapshot.os.computerName,
        }),
      );
  }
  const need = keptBytesEstimate(ctx.oldRecovery) + KEEP_MARGIN_BYTES;
  const onSystem = `${checked.drive}:` === system;
  // On the Windows volume the copy shares C: with the shrink, the run's own backup and the free space C: keeps.
  const reserved = onSystem
    ? ctx.shrinkOsBy + keptBytesEstimate(ctx.oldRecovery) + ctx.policy.minOsFreeAfterShrinkBytes
    : 0;
  const available = Math.max(0, volume.sizeRemaining - reserved);
  if (available < need)
    out.push(
      reason('KEEP_BACKUP_NO_SPACE', {
        folder,
        need: formatBytes(need),
        free: formatBytes(volume.sizeRemaining),
        detail: onSystem ? 'KEEP_SPACE_SYSTEM' : 'KEEP_SPACE_OTHER',
        reserved: formatBytes(reserved),
      }),
    );
  return out;
}

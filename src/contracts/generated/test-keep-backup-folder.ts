/* Generated from schemas/test-keep-backup-folder.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * What Test-KeepBackupFolder.ps1 read of the folder an administrator named with `fix --keep-backup` (read-only). The planner judges it (src/domain/keep-backup.ts).
 */
export interface KeepBackupFolderProbe {
  /**
   * The folder as given (an absolute local path).
   */
  path: string;
  /**
   * The volume of the path's drive letter; null when the letter names no volume (none, a subst or mapped network drive).
   */
  volume: null | {
    driveLetter: string;
    fileSystem: string;
    driveType: string;
    sizeRemaining: number;
  };
  /**
   * Every junction, symbolic link or mount point on the path, from the drive's root down to the deepest level that exists (never followed).
   *
   * @maxItems 64
   */
  links: string[];
  /**
   * Something is at the path.
   */
  exists: boolean;
  /**
   * What is there is a folder (not a file).
   */
  isFolder: boolean;
  /**
   * Entries directly in the folder (0 when it does not exist).
   */
  entries: number;
  /**
   * The computer name in the folder's winre-fix-keep.json (written when winre-fix made the folder its own), or null when there is none.
   */
  markerComputerName: string | null;
}

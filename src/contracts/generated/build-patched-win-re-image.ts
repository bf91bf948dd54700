/* Generated from schemas/build-patched-win-re-image.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * Output of ps-scripts/Build-PatchedWinReImage.ps1: the patched copy of Winre.wim in the run's backup folder, verified from its own WIM header, and the stale DISM mounts it discarded first.
 */
export interface BuildPatchedWinReImageOutput {
  changed: boolean;
  kb: string | null;
  packageSha256: string;
  patchedPath: string;
  fromVersion: string;
  toVersion: string;
  fromSha256: string;
  toSha256: string;
  fromSize: number;
  toSize: number;
  /**
   * DISM mounts discarded before the build (damaged, needing a remount, of a winre.wim, or left by an interrupted run).
   */
  staleMounts: {
    path: string;
    imagePath: string;
    mountStatus: string;
    outcome: string;
  }[];
}

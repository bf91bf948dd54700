/* Generated from schemas/read-safe-os-package.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * Output of ps-scripts/Read-SafeOsPackage.ps1 (read-only): the Safe OS Dynamic Update package an administrator gave with `fix --safeos-package`, read before planning. KB and architecture come from the Microsoft Update Catalog file name (windows11.0-kb5089593-x64_<sha1>.cab) when it follows that convention; whether the package applies to the image is DISM's answer when it is added (0x800f081e).
 */
export interface ReadSafeOsPackageOutput {
  path: string;
  /**
   * A file (not a folder) exists at the path.
   */
  present: boolean;
  /**
   * Its content could be read (hashed).
   */
  readable: boolean;
  /**
   * Why it is absent or unreadable; null otherwise.
   */
  error: string | null;
  /**
   * The lower-case extension with its dot (.cab, .msu, or anything else the admin gave).
   */
  extension: string;
  size: number | null;
  sha256: string | null;
  /**
   * The KB number from the file name, or null.
   */
  kb: string | null;
  /**
   * From the file name: 0 x86, 9 x64 (amd64), 12 arm64 (the WIM XML ARCH codes); null when the name does not say.
   */
  architecture: number | null;
}

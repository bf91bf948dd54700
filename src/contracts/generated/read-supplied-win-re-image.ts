/* Generated from schemas/read-supplied-win-re-image.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * Output of ps-scripts/Read-SuppliedWinReImage.ps1: what the file given with --wim is (size, SHA-256, WIM metadata) or why it could not be read. Read-only; the planner judges it (src/domain/supplied-image.ts).
 */
export interface ReadSuppliedWinReImageOutput {
  /**
   * The path as given.
   */
  path: string;
  /**
   * A \\server\share path: read over the network.
   */
  unc: boolean;
  /**
   * Who the file server sees for a UNC path: the computer account DOMAIN\PC$ when winre-fix runs as SYSTEM on a domain PC (https://learn.microsoft.com/windows/win32/services/localsystem-account), else the user; null for a local path.
   */
  account: string | null;
  /**
   * PROCESSOR_ARCHITECTURE of the OS (PROCESSOR_ARCHITEW6432 first under WOW64): AMD64, ARM64, x86.
   */
  osArchitecture: string | null;
  readable: boolean;
  /**
   * Why it could not be read, by the exception's type and HRESULT (never its text): FileNotFoundException / ItemNotFoundException, UnauthorizedAccessException, IOException 0x80070035 (network path not found) or 0x80070043 (network name not found).
   */
  errorKind: 'not-found' | 'access-denied' | 'unreachable' | 'not-a-file' | 'other' | null;
  /**
   * The exception's message as Windows gave it.
   */
  error: string | null;
  size: number | null;
  sha256: string | null;
  wim: WimInfo | null;
}
/**
 * What the WIM's own header and XML metadata say (ps-scripts/lib/Wim.ps1 Read-WinReFixWimInfo; docs/reference/winre-version.md#reading-the-version): only the 208-byte header and the XML are read, never the image. readable=false carries the reason (not a WIM, cut short, unreadable) and nulls.
 *
 * This interface was referenced by `ReadSuppliedWinReImageOutput`'s JSON-Schema
 * via the `definition` "wimInfo".
 */
export interface WimInfo {
  readable: boolean;
  /**
   * Why the metadata could not be read; null when readable.
   */
  error: string | null;
  /**
   * Header flag 0x40 (WIM_HDR_FLAG_WRITE_IN_PROGRESS): a writer never finished; the image is damaged.
   */
  writeInProgress: boolean | null;
  imageCount: number | null;
  /**
   * Image 1's WINDOWS/VERSION as MAJOR.MINOR.BUILD.SPBUILD: what Windows calls the WinRE version.
   */
  version: string | null;
  /**
   * The WinRE build family (19041, 20348, 22000, 22621, 26100, 28000, ...).
   */
  build: number | null;
  spBuild: number | null;
  /**
   * WINDOWS/ARCH: 0 x86, 5 arm, 9 x64, 12 arm64.
   */
  architecture: number | null;
  /**
   * WINDOWS/EDITIONID; WinRE images say WindowsPE.
   */
  editionId: string | null;
  /**
   * WINDOWS/INSTALLATIONTYPE; WinRE images say WindowsPE. Optional: snapshots kept from before it was read have none.
   */
  installationType?: string | null;
  name: string | null;
}

/* Generated from schemas/get-win-re-status.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * A file that exists (size and upper-case SHA256 as Get-FileHash prints it) or one that does not.
 *
 * This interface was referenced by `GetWinReStatusOutput`'s JSON-Schema
 * via the `definition` "image".
 */
export type Image =
  | {
      path: string;
      present: true;
      size: number;
      sha256: string;
      wim: WimInfo;
    }
  | {
      path: string;
      present: false;
      size: null;
      sha256: null;
    };

/**
 * Output of ps-scripts/Get-WinReStatus.ps1: raw WinRE state. reagentc lines and ReAgent.xml text are parsed in TypeScript (src/domain/reagentc-info.ts, src/domain/reagent-xml.ts), so no localized text is interpreted in PowerShell.
 */
export interface GetWinReStatusOutput {
  /**
   * reagentc /info as Invoke-ReAgentC returned it: the body on stdout, the REAGENTC.EXE status lines usually on stderr (docs/reference/transcripts.md#e6-not-elevated-with-separate-streams, docs/reference/transcripts.md#e7-streams-in-windows-powershell).
   */
  reagentc: {
    exitCode: number;
    stdout: string[];
    stderr: string[];
  };
  reagentXml: {
    path: string;
    present: boolean;
    /**
     * The whole file (Get-Content -Raw), null when absent.
     */
    text: string | null;
  };
  registry: {
    /**
     * ...\CurrentVersion\WinRE WinRELocation.
     */
    winreLocation: string | null;
    /**
     * ...\CurrentVersion WinREVersion (docs/reference/reagentc.md#winre-registry-values), else ...\CurrentVersion\WinRE WinREVersion.
     */
    winreVersion: string | null;
  };
  /**
   * %windir%\System32\Recovery\Winre.wim.
   */
  stagedImage:
    | {
        path: string;
        present: true;
        size: number;
        sha256: string;
        wim: WimInfo;
      }
    | {
        path: string;
        present: false;
        size: null;
        sha256: null;
      };
  /**
   * <reagentc location>\Winre.wim; null when reagentc reports no GLOBALROOT location.
   */
  activeImage: Image | null;
}
/**
 * What the WIM's own header and XML metadata say (ps-scripts/lib/Wim.ps1 Read-WinReFixWimInfo; docs/reference/winre-version.md#reading-the-version): only the 208-byte header and the XML are read, never the image. readable=false carries the reason (not a WIM, cut short, unreadable) and nulls.
 *
 * This interface was referenced by `GetWinReStatusOutput`'s JSON-Schema
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

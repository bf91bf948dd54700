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

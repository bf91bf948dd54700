/* Generated from schemas/winre-baseline.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * The minimum WinRE image version per WinRE build family that an organisation accepts (`winre-fix audit --winre-baseline <file>`; the default ships in src/domain/winre-baseline.ts). WinRE is versioned by its own build family (Windows 10 22H2 carries 10.0.19041.x, Windows 11 23H2 10.0.22621.x, 24H2/25H2 10.0.26100.x), never by the OS build (docs/reference/winre-version.md#build-families).
 */
export interface WinReBaseline {
  schemaVersion: 1;
  /**
   * What the reports say was compared against (e.g. 'winre-fix default 2026-05' or 'Contoso security baseline 2026-06').
   */
  name: string;
  /**
   * When this baseline was last brought up to date.
   */
  published: string;
  /**
   * @minItems 1
   */
  families: [WinReBaselineFamily, ...WinReBaselineFamily[]];
}
/**
 * This interface was referenced by `WinReBaseline`'s JSON-Schema
 * via the `definition` "family".
 */
export interface WinReBaselineFamily {
  /**
   * The WinRE build family: the third part of the image version (19041, 20348, 22000, 22621, 26100, 28000).
   */
  build: number;
  /**
   * The lowest accepted image version, MAJOR.MINOR.BUILD.SPBUILD; its BUILD must equal `build`.
   */
  minimum: string;
  /**
   * The Windows releases that carry this WinRE family, for people.
   */
  releases: string;
  /**
   * The update that brings WinRE to `minimum`.
   */
  kb: string;
  /**
   * Release date of that update, where its KB page states one.
   */
  date?: string;
  /**
   * Where `minimum` comes from (a URL).
   */
  source: string;
}

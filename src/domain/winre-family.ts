/**
 * The WinRE build family a PC must carry, from its OS build. WinRE is versioned by its own build, not the OS build:
 * releases delivered as an enablement package on top of an earlier release keep that release's WinRE
 * (docs/reference/winre-version.md#build-families). Windows 10 20H2-22H2 (19042-19045) are enablement packages
 * over 2004 (19041): Microsoft's KB5015684 ("Feature update to Windows 10, version 22H2 by using an enablement
 * package"); Windows 11 23H2 (22631) over 22H2 (22621): KB5027397; Windows 11 25H2 (26200) over 24H2 (26100):
 * KB5054156. Releases of their own (Windows 10 1607/1809, Server 2016/2019/2022, Windows 11 21H2, 26H1) carry
 * WinRE of their own build. A build not listed is unknown: a supplied image cannot be checked against it.
 */

export interface WinReFamily {
  /** The WinRE build family (the third number of the image version). */
  readonly family: number;
  /** The releases that share it, for messages. */
  readonly releases: string;
}

/** OS build -> WinRE build family. One entry per OS build; sources in the comment above. */
const OS_BUILD_TO_FAMILY: ReadonlyMap<number, WinReFamily> = new Map<number, WinReFamily>([
  [14393, { family: 14393, releases: 'Windows 10 1607, Windows Server 2016' }],
  [17763, { family: 17763, releases: 'Windows 10 1809, Windows Server 2019' }],
  [19041, { family: 19041, releases: 'Windows 10 2004-22H2' }],
  [19042, { family: 19041, releases: 'Windows 10 2004-22H2' }],
  [19043, { family: 19041, releases: 'Windows 10 2004-22H2' }],
  [19044, { family: 19041, releases: 'Windows 10 2004-22H2' }],
  [19045, { family: 19041, releases: 'Windows 10 2004-22H2' }],
  [20348, { family: 20348, releases: 'Windows Server 2022' }],
  [22000, { family: 22000, releases: 'Windows 11 21H2' }],
  [22621, { family: 22621, releases: 'Windows 11 22H2/23H2' }],
  [22631, { family: 22621, releases: 'Windows 11 22H2/23H2' }],
  [26100, { family: 26100, releases: 'Windows 11 24H2/25H2, Windows Server 2025' }],
  [26200, { family: 26100, releases: 'Windows 11 24H2/25H2, Windows Server 2025' }],
  [28000, { family: 28000, releases: 'Windows 11 26H1' }],
]);

/** The WinRE build family of an OS build, or undefined when the build is not one winre-fix knows. */
export function winReFamilyOfOsBuild(osBuild: number): WinReFamily | undefined {
  return OS_BUILD_TO_FAMILY.get(osBuild);
}

/** WIM `WINDOWS/ARCH` values (docs/reference/winre-version.md#reading-the-version). */
export const WIM_ARCHITECTURES: Readonly<Record<number, string>> = {
  0: 'x86',
  5: 'arm',
  9: 'x64',
  12: 'arm64',
};

/**
 * PROCESSOR_ARCHITECTURE of the OS (the native one: Get-OsFacts-style readers take PROCESSOR_ARCHITEW6432 first
 * under WOW64) -> the WIM ARCH value an image for it has. Values: learn.microsoft.com/windows/win32/winprog64/
 * wow64-implementation-details (AMD64, ARM64, x86).
 */
const PROCESSOR_TO_WIM_ARCH: Readonly<Record<string, number>> = { AMD64: 9, ARM64: 12, X86: 0 };

export function wimArchitectureOf(processorArchitecture: string | null): number | undefined {
  return processorArchitecture === null
    ? undefined
    : PROCESSOR_TO_WIM_ARCH[processorArchitecture.toUpperCase()];
}

export function wimArchitectureName(arch: number | null): string {
  return arch === null ? 'unknown' : (WIM_ARCHITECTURES[arch] ?? `ARCH ${arch}`);
}

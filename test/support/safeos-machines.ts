/**
 * Simulated PCs for `fix --safeos-package` (docs/safeos-patch.md): a committed fixture plus the Safe OS package
 * file the administrator downloaded, declared as simulator/66-Dism.ps1 reads it (schemas/simulated-machine.schema.json
 * $defs/safeOsPackage). The package's file name follows the Update Catalog convention Read-SafeOsPackage.ps1 reads.
 */
import * as fs from 'node:fs';
import { fixturePath } from './harness';

export const PACKAGE_PATH =
  'C:\\Updates\\windows11.0-kb5089593-x64_0123456789abcdef0123456789abcdef01234567.cab';
const MiB = 1024 * 1024;

export interface PackageSpec {
  readonly targetBuild: number;
  readonly resultingVersion: string;
  readonly architecture?: number;
}

/** The 24H2 family's May 2026 Safe OS update (KB5089593 -> 10.0.26100.8455), for WinRE 26100 on x64. */
export const KB5089593: PackageSpec = { targetBuild: 26100, resultingVersion: '10.0.26100.8455' };

type Machine = {
  disks: { partitions: { driveLetter?: string; volume?: { files: Record<string, unknown>[] } }[] }[];
};

/** `fixture` with the package file on C:. */
export function withPackage(
  fixture: string,
  spec: PackageSpec = KB5089593,
): Machine & Record<string, unknown> {
  const m = JSON.parse(fs.readFileSync(fixturePath(fixture), 'utf8')) as Machine & Record<string, unknown>;
  const c = m.disks.flatMap((d) => d.partitions).find((p) => p.driveLetter === 'C')!.volume!;
  c.files.push({
    path: PACKAGE_PATH.slice(2),
    size: 40 * MiB,
    sha256: 'B'.repeat(64),
    package: {
      kb: 'KB5089593',
      targetBuild: spec.targetBuild,
      architecture: spec.architecture ?? 9,
      resultingVersion: spec.resultingVersion,
      addsBytes: 30 * MiB,
      reclaimableBytes: 20 * MiB,
    },
  });
  return m;
}

/**
 * The power-cut matrix's Safe OS entries (test/support/power-cut-matrix.ts): the machine and the version the
 * patched image reads. An outdated 24H2 WinRE with room: the patch alone.
 */
export const SAFEOS_MATRIX_FIXTURES: Readonly<
  Record<string, { readonly machine: () => object; readonly patchedVersion: string }>
> = {
  'safeos:win11-24h2-winre-already-resized': {
    machine: () => withPackage('win11-24h2-winre-already-resized'),
    patchedVersion: KB5089593.resultingVersion,
  },
};

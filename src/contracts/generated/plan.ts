/* Generated from schemas/plan.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * Generated from the step catalogue (src/domain/steps/catalogue.ts) by `npm run gen:types`; do not edit by hand.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "stepKind".
 */
export type StepKind =
  | 'stage-supplied-image'
  | 'suspend-bitlocker'
  | 'backup-recovery-files'
  | 'keep-backup'
  | 'resize-os-partition'
  | 'disable-winre'
  | 'verify-staged-image'
  | 'remove-recovery-partition'
  | 'new-recovery-partition'
  | 'format-recovery-volume'
  | 'enable-winre'
  | 'set-recovery-attributes'
  | 'restore-recovery-files'
  | 'verify-winre'
  | 'remove-backup'
  | 'enable-winre-on-os-volume'
  | 'resume-bitlocker'
  | 'build-patched-image'
  | 'install-patched-image'
  | 'restore-staged-image'
  | 'verify-patched-winre';

/**
 * What winre-fix decided for one PC: the verdict, the reasons, the sizing arithmetic and the ordered steps a fix would run. Produced by the pure planner (src/domain/planner.ts); audit prints it, fix applies it, the journal stores it.
 */
export interface Plan {
  schemaVersion: 1;
  verdict: 'compliant' | 'needs-fix' | 'refused';
  /**
   * The named case the PC falls in; each has a fixed step recipe (docs/cases.md).
   */
  case:
    | 'compliant'
    | 'grow-recovery-after-os'
    | 'enable-staged-image'
    | 'new-recovery-after-os'
    | 'patch-winre'
    | 'move-winre-off-os-volume'
    | 'refused';
  reasons: Reason[];
  sizing: Sizing;
  target: Target;
  steps: Step[];
  winrePatchLevel?: WinRePatchLevel;
  suppliedImage?: SuppliedImage;
}
/**
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "reason".
 */
export interface Reason {
  /**
   * Stable reason code; the message comes from the catalogue (src/domain/reasons.ts).
   */
  code: string;
  severity: 'info' | 'warning' | 'blocker' | 'cause';
  params: {
    [k: string]: string | number | boolean | undefined;
  };
}
/**
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "sizing".
 */
export interface Sizing {
  policy: {
    servicingFreeBytes: number;
    reagentcMarginBytes: number;
    growthHeadroomBytes: number;
    maxRecoveryBytes: number;
    minOsFreeAfterShrinkBytes: number;
  };
  /**
   * Winre.wim size in bytes (0 when unknown).
   */
  imageSize: number;
  /**
   * Other files on the recovery partition that are carried over (OEM tools).
   */
  extraFilesSize: number;
  /**
   * Free bytes the recovery volume must have after WinRE is in place.
   */
  requiredFree: number;
  currentRecoverySize: number;
  currentRecoveryFree: number;
  /**
   * Size of the recovery partition after the fix (never smaller than now).
   */
  targetRecoverySize: number;
  /**
   * Unallocated bytes next to the recovery partition that the fix uses before taking any from C:.
   */
  usableWithoutShrink: number;
  /**
   * Bytes taken from C: (a multiple of 1 MiB).
   */
  shrinkOsBy: number;
  explanation: string[];
}
/**
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "target".
 */
export interface Target {
  disk: {
    uniqueId: string;
    partitionStyle: 'GPT' | 'MBR' | 'RAW';
    guid: string | null;
    signature: number | null;
    number: number;
  } | null;
  osPartition: PartitionRef | null;
  recoveryPartition: PartitionRef | null;
  newRecoveryPartition: {
    offset: number;
    size: number;
  } | null;
}
/**
 * A partition by stable identity: its offset on the disk (and GUID on GPT); the number is only what it was when planned.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "partitionRef".
 */
export interface PartitionRef {
  offset: number;
  size: number;
  number: number;
  guid?: string | null;
}
/**
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "step".
 */
export interface Step {
  id: number;
  kind: StepKind;
  /**
   * The ps-script that performs the step; its result schema is the kebab-case of this name.
   */
  script: string;
  mutating: boolean;
  params: {
    [k: string]: string | number | boolean | null | undefined;
  };
  /**
   * Why this step is in the plan, for a person.
   */
  reason: string;
  /**
   * What proves the step done, checked against a fresh read of the PC.
   */
  postcondition: string;
}
/**
 * The WinRE image's version against the baseline (src/domain/winre-patch-level.ts; docs/winre-patch-level.md). Information: it never changes the verdict.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "winrePatchLevel".
 */
export interface WinRePatchLevel {
  /**
   * current: at or above the family's minimum; outdated: below it; unknown: no readable version, or no minimum for the family; damaged: the WIM header says a write never finished.
   */
  status: 'current' | 'outdated' | 'unknown' | 'damaged';
  /**
   * The version judged: the image's own metadata first, else reagentc's Windows RE Version line, else the WinREVersion registry value.
   */
  version: string | null;
  /**
   * Where `version` comes from.
   */
  source: 'active-image' | 'staged-image' | 'reagentc' | 'registry' | null;
  /**
   * The WinRE build family (the third part of the version).
   */
  family: number | null;
  /**
   * The baseline's minimum for the family; null when it has none.
   */
  minimum: string | null;
  /**
   * The update that brings the family to its minimum.
   */
  kb: string | null;
  baseline: {
    name: string;
    published: string;
  };
  /**
   * Whether a WinRE update has room to install: now (compliant), after winre-fix fixes the PC, or no (refused).
   */
  room: 'now' | 'after-fix' | 'no';
  evidence: {
    /**
     * From the WIM metadata of the image in use (active when enabled, else staged).
     */
    imageVersion: string | null;
    /**
     * reagentc /info's Windows RE Version line (24H2+ only; 0.0.0.0 counts as absent).
     */
    reagentcVersion: string | null;
    /**
     * HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion WinREVersion: evidence only, spoofable and stale after a manual patch.
     */
    registryVersion: string | null;
  };
}
/**
 * The image given with --wim and what the planner made of it (src/domain/supplied-image.ts). Absent without --wim.
 *
 * This interface was referenced by `Plan`'s JSON-Schema
 * via the `definition` "suppliedImage".
 */
export interface SuppliedImage {
  path: string;
  /**
   * accepted: the fix stages it; rejected: the plan is refused (exit 31); not-needed: the PC has a usable image, --wim is ignored (not read).
   */
  status: 'accepted' | 'rejected' | 'not-needed';
  /**
   * Who the file server saw (UNC paths).
   */
  account: string | null;
  size: number | null;
  sha256: string | null;
  version: string | null;
  /**
   * The image's WinRE build family (BUILD of its version).
   */
  family: number | null;
  /**
   * The family the PC's OS build carries (src/domain/winre-family.ts).
   */
  expectedFamily: number | null;
  architecture: string | null;
  expectedArchitecture: string | null;
}

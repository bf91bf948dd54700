/* Generated from schemas/audit-report.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * This interface was referenced by `Snapshot`'s JSON-Schema
 * via the `definition` "PartitionStyle".
 */
export type PartitionStyle = 'GPT' | 'MBR' | 'RAW';

/**
 * What `winre-fix audit --json` prints: the verdict, the reasons with their messages, the plan a fix would apply, and the evidence it rests on. Changing nothing was a promise of the run.
 */
export interface AuditReport {
  schemaVersion: 1;
  toolVersion: string;
  computerName: string;
  takenAt: string;
  simulated: boolean;
  /**
   * in-progress: a fix or resume holds the run lock now, so the PC was not judged (exit 1618). unfinished: the journal shows a run stopped mid-way and no run holds the lock (exit 23; `winre-fix fix` resumes it).
   */
  verdict: 'compliant' | 'needs-fix' | 'refused' | 'error' | 'in-progress' | 'unfinished';
  reasons: {
    code: string;
    severity: 'info' | 'warning' | 'blocker' | 'cause' | 'error';
    message: string;
    remedy?: string;
  }[];
  plan: Plan | null;
  evidence: Snapshot | null;
  leftoverBackups?: WinReFixBackups;
  /**
   * The state folder's trust gate (docs/security.md). Absent when it could not be read. When not trusted, the audit wrote nothing there.
   */
  stateFolder?: {
    path: string;
    exists: boolean;
    trusted: boolean;
    problems: string[];
  };
  /**
   * The run audit found in progress or unfinished instead of judging the PC; absent otherwise.
   */
  run?: {
    state: 'in-progress' | 'unfinished';
    /**
     * The live journal's phase (null when there is no readable journal).
     */
    phase: string | null;
    runId: string | null;
  };
}
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
  /**
   * Generated from the step catalogue (src/domain/steps/catalogue.ts) by `npm run gen:types`; do not edit by hand.
   *
   * This interface was referenced by `Plan`'s JSON-Schema
   * via the `definition` "stepKind".
   */
  kind:
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
/**
 * The validated facts the planner reasons over: one value, assembled by src/engine/facts/gather.ts from the fact-gathering ps-scripts (each validated against its own schema). Pure data: no functions, no Dates (ISO strings), numbers in bytes. Disks and partitions carry stable identities (disk GUID or MBR signature; partition GUID or offset), because numbers change across reboots (StorageDsc README; docs/reference/storage-cmdlets.md#get-partition).
 */
export interface Snapshot {
  schemaVersion: 1;
  /**
   * ISO time the facts were gathered (given by the engine; the planner never reads a clock).
   */
  takenAt: string;
  /**
   * The facts come from the simulator, not from Windows.
   */
  simulated: boolean;
  os: OsFacts;
  disks: DiskFacts[];
  winre: WinReFacts;
  bitLocker: BitLockerFacts[];
  evidence: UpdateFailureEvidence;
  suppliedImage?: ReadSuppliedWinReImageOutput;
}
/**
 * This interface was referenced by `Snapshot`'s JSON-Schema
 * via the `definition` "OsFacts".
 */
export interface OsFacts {
  computerName: string;
  caption: string;
  edition: string;
  build: number;
  ubr: number;
  displayVersion: string;
  uiLanguage: string;
  systemDrive: string;
  isElevated: boolean;
  isServerCore: boolean;
  imageState: string;
  pendingRebootReasons: string[];
  deviceIds: DeviceIds;
}
/**
 * The identifiers fleet tools key a PC on (ps-scripts/Get-OsFacts.ps1 Get-WinReFixDeviceIds); null when the PC has none.
 *
 * This interface was referenced by `Snapshot`'s JSON-Schema
 * via the `definition` "DeviceIds".
 */
export interface DeviceIds {
  /**
   * Win32_ComputerSystemProduct.UUID (the hardware id of Intune, ConfigMgr, Autopilot), upper case; null for none, all zeros or all F.
   */
  smbiosUuid: string | null;
  /**
   * HKLM\SOFTWARE\Microsoft\Cryptography MachineGuid, lower case (one per OS install).
   */
  machineGuid: string | null;
  /**
   * EntDMID of the 'MS DM Server' (Intune) enrollment.
   */
  intuneDeviceId: string | null;
  /**
   * root\ccm CCM_Client.ClientId ('GUID:...').
   */
  configMgrClientId: string | null;
}
/**
 * This interface was referenced by `Snapshot`'s JSON-Schema
 * via the `definition` "DiskFacts".
 */
export interface DiskFacts {
  number: number;
  uniqueId: string;
  /**
   * GPT disk GUID.
   */
  guid: string | null;
  /**
   * MBR disk signature.
   */
  signature: number | null;
  partitionStyle: PartitionStyle;
  /**
   * This interface was referenced by `Snapshot`'s JSON-Schema
   * via the `definition` "bytes".
   */
  size: number;
  logicalSectorSize: number;
  busType: string;
  friendlyName: string;
  isBoot: boolean;
  isSystem: boolean;
  isOffline: boolean;
  isReadOnly: boolean;
  /**
   * LDM dynamic disk: partitions are not managed by the basic-disk rules.
   */
  isDynamic: boolean;
  /**
   * Largest free extent the disk can place a new partition in.
   */
  largestFreeExtent: number;
  /**
   * Partitions in OFFSET order (numbers may be out of order until a reboot).
   */
  partitions: PartitionFacts[];
}
/**
 * This interface was referenced by `Snapshot`'s JSON-Schema
 * via the `definition` "PartitionFacts".
 */
export interface PartitionFacts {
  number: number;
  /**
   * This interface was referenced by `Snapshot`'s JSON-Schema
   * via the `definition` "bytes".
   */
  offset: number;
  /**
   * This interface was referenced by `Snapshot`'s JSON-Schema
   * via the `definition` "bytes".
   */
  size: number;
  /**
   * Get-Partition's display Type: Basic, System, Reserved, Recovery, Unknown, IFS, ...
   */
  type: string;
  /**
   * Lower-case braced GUID, GPT only.
   */
  gptType: string | null;
  /**
   * MBR partition id, MBR only (0x27 = 39 recovery).
   */
  mbrType: number | null;
  /**
   * Partition GUID, GPT only.
   */
  guid: string | null;
  driveLetter: string | null;
  accessPaths: string[];
  isBoot: boolean;
  isSystem: boolean;
  isActive: boolean;
  isHidden: boolean;
  /**
   * GPT attribute bits as 0x-prefixed 16-digit hex when known (diskpart `detail partition`).
   */
  gptAttributes: string | null;
  /**
   * Get-PartitionSupportedSize; null where Windows cannot tell (no or unknown file system).
   */
  supportedSize: {
    /**
     * This interface was referenced by `Snapshot`'s JSON-Schema
     * via the `definition` "bytes".
     */
    min: number;
    /**
     * This interface was referenced by `Snapshot`'s JSON-Schema
     * via the `definition` "bytes".
     */
    max: number;
  } | null;
  volume: VolumeFacts | null;
}
/**
 * This interface was referenced by `Snapshot`'s JSON-Schema
 * via the `definition` "VolumeFacts".
 */
export interface VolumeFacts {
  /**
   * `\\?\Volume{GUID}\`
   */
  path: string;
  /**
   * NTFS, FAT32, ReFS, RAW, or '' when Windows reports none.
   */
  fileSystem: string;
  label: string;
  /**
   * This interface was referenced by `Snapshot`'s JSON-Schema
   * via the `definition` "bytes".
   */
  size: number;
  /**
   * This interface was referenced by `Snapshot`'s JSON-Schema
   * via the `definition` "bytes".
   */
  sizeRemaining: number;
  /**
   * Healthy, Warning, Unhealthy (Get-Volume display string).
   */
  healthStatus: string;
  /**
   * Dirty bit (chkdsk pending): a shrink fails with 42008. `null` when it could not be read.
   */
  dirty: boolean | null;
}
/**
 * This interface was referenced by `Snapshot`'s JSON-Schema
 * via the `definition` "WinReFacts".
 */
export interface WinReFacts {
  reagentc: ReAgentCInfo;
  reagentXml: ReAgentXmlFacts;
  /**
   * WinRELocation from HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\WinRE; WinREVersion from ...\CurrentVersion (where real machines keep it, docs/reference/reagentc.md#winre-registry-values), else from the WinRE subkey.
   */
  registry: {
    winreLocation: string | null;
    winreVersion: string | null;
  };
  /**
   * C:\Windows\System32\Recovery\Winre.wim, where /disable stages the image.
   */
  stagedImage: {
    /**
     * This interface was referenced by `Snapshot`'s JSON-Schema
     * via the `definition` "bytes".
     */
    size: number;
    /**
     * Upper-case hex, as Get-FileHash prints it.
     *
     * This interface was referenced by `Snapshot`'s JSON-Schema
     * via the `definition` "sha256".
     */
    sha256: string;
    wim?: WimInfo;
  } | null;
  /**
   * The Winre.wim on the partition reagentc reports, when enabled.
   */
  activeImage: {
    /**
     * This interface was referenced by `Snapshot`'s JSON-Schema
     * via the `definition` "bytes".
     */
    size: number;
    /**
     * Upper-case hex, as Get-FileHash prints it.
     *
     * This interface was referenced by `Snapshot`'s JSON-Schema
     * via the `definition` "sha256".
     */
    sha256: string;
    wim?: WimInfo;
  } | null;
}
/**
 * What `reagentc /info` said, parsed without relying on localized labels (src/domain/reagentc-info.ts).
 *
 * This interface was referenced by `Snapshot`'s JSON-Schema
 * via the `definition` "ReAgentCInfo".
 */
export interface ReAgentCInfo {
  exitCode: number;
  status: 'Enabled' | 'Disabled' | 'Unknown';
  /**
   * From the GLOBALROOT path: `\\?\GLOBALROOT\device\harddiskN\partitionM\...`
   */
  location: {
    diskNumber: number;
    partitionNumber: number;
    path: string;
  } | null;
  /**
   * As printed (no braces, lower case); all zeros when reagentc reports no entry (docs/reference/transcripts.md#e3-windows-server-2025-core-disable-and-enable-cycle).
   */
  bcdId: string | null;
  /**
   * `Windows RE Version` line (24H2+), e.g. 10.0.26100.8235 or 0.0.0.0.
   */
  version: string | null;
}
/**
 * ReAgent.xml (C:\Windows\System32\Recovery\ReAgent.xml), the language-independent cross-check (src/domain/reagent-xml.ts).
 *
 * This interface was referenced by `Snapshot`'s JSON-Schema
 * via the `definition` "ReAgentXmlFacts".
 */
export interface ReAgentXmlFacts {
  present: boolean;
  /**
   * InstallState state="1" enabled, "0" not.
   */
  installState: number | null;
  /**
   * WinreBCD id, lower case WITHOUT braces so it compares with reagentc's BCD id.
   */
  winreBcdId: string | null;
  /**
   * WinreLocation: offset of the WinRE partition; id = disk number or MBR signature; guid = disk GUID. Null when absent or empty.
   */
  winreLocation: {
    path: string;
    id: number;
    /**
     * This interface was referenced by `Snapshot`'s JSON-Schema
     * via the `definition` "bytes".
     */
    offset: number;
    /**
     * Lower-case GUID in braces, as the Storage cmdlets print it (docs/reference/storage-cmdlets.md#get-partition).
     *
     * This interface was referenced by `Snapshot`'s JSON-Schema
     * via the `definition` "bracedGuid".
     */
    guid: string;
  } | null;
  /**
   * ImageLocation: a staged image's location, which reagentc fills only while an image is staged (/setreimage, or an image captured on another PC). Kept while WinRE is enabled it is stale, and Microsoft's KB5028997 sample clears it before reagentc /disable. Null when empty; absent only in snapshots built by hand.
   */
  imageLocation?: {
    path: string;
    id: number;
    offset: number;
  } | null;
}
/**
 * The image's own metadata (its WinRE version); absent only in snapshots built by hand.
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
/**
 * This interface was referenced by `Snapshot`'s JSON-Schema
 * via the `definition` "BitLockerFacts".
 */
export interface BitLockerFacts {
  /**
   * Mount point (C:) or volume path.
   */
  mountPoint: string;
  /**
   * 0 FullyDecrypted, 1 FullyEncrypted, 2 EncryptionInProgress, 3 DecryptionInProgress, 4/5 paused.
   */
  volumeStatus: number;
  /**
   * 0 Off, 1 On, 2 Unknown.
   */
  protectionStatus: number;
  /**
   * 0 Unlocked, 1 Locked.
   */
  lockStatus: number;
  encryptionPercentage: number;
  keyProtectors: string[];
}
/**
 * This interface was referenced by `Snapshot`'s JSON-Schema
 * via the `definition` "UpdateFailureEvidence".
 */
export interface UpdateFailureEvidence {
  /**
   * Update history entries for KB5034441 / KB5034439 / KB5034440 that failed with 0x80070643.
   */
  failedUpdates: {
    title: string;
    date: string;
    hresult: number;
  }[];
  /**
   * Microsoft-Windows-WinREAgent event 4502 "Windows Recovery Environment servicing failed."
   */
  winreAgentEvents: {
    id: number;
    timeCreated: string;
    message: string;
  }[];
}
/**
 * The image given with --wim, read only when the PC needs one (WinRE disabled, Winre.wim missing or damaged; src/domain/supplied-image.ts needsSuppliedImage). Absent otherwise.
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
  wim: WimInfo1 | null;
}
/**
 * What the WIM's own header and XML metadata say (ps-scripts/lib/Wim.ps1 Read-WinReFixWimInfo; docs/reference/winre-version.md#reading-the-version): only the 208-byte header and the XML are read, never the image. readable=false carries the reason (not a WIM, cut short, unreadable) and nulls.
 *
 * This interface was referenced by `ReadSuppliedWinReImageOutput`'s JSON-Schema
 * via the `definition` "wimInfo".
 */
export interface WimInfo1 {
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
/**
 * What the WIM's own header and XML metadata say (ps-scripts/lib/Wim.ps1 Read-WinReFixWimInfo; docs/reference/winre-version.md#reading-the-version): only the 208-byte header and the XML are read, never the image. readable=false carries the reason (not a WIM, cut short, unreadable) and nulls.
 *
 * This interface was referenced by `Snapshot`'s JSON-Schema
 * via the `definition` "wimInfo".
 */
export interface WimInfo2 {
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
/**
 * Backup folders earlier runs left on C: and the space they take (read-only: the next fix or resume deletes them once WinRE is healthy). Absent when they could not be read.
 */
export interface WinReFixBackups {
  backupRoot: string;
  /**
   * @maxItems 500
   */
  runs: WinReFixBackupFolder[];
  /**
   * Entries under backup\ that are not run folders, or links; never deleted.
   */
  others: SkippedBackupPath[];
  /**
   * C: space the run folders take.
   */
  totalBytes: number;
}
export interface WinReFixBackupFolder {
  runId: string;
  path: string;
  files: number;
  bytes: number;
  /**
   * Junctions or symbolic links inside (not followed).
   */
  links: string[];
}
/**
 * This interface was referenced by `WinReFixBackups`'s JSON-Schema
 * via the `definition` "skippedBackupPath".
 */
export interface SkippedBackupPath {
  path: string;
  reason: string;
}

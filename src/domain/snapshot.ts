/**
 * The validated facts the planner reasons over: one value, assembled by src/engine/facts/ from the fact-gathering
 * ps-scripts (each validated against its schema). Pure data: no functions, no Dates (ISO strings), numbers in
 * bytes. Disks and partitions carry stable identities (disk GUID or MBR signature; partition GUID or offset),
 * because numbers change across reboots (StorageDsc README; windows-facts.md 2.1).
 */

export type PartitionStyle = 'GPT' | 'MBR' | 'RAW';

export interface VolumeFacts {
  /** `\\?\Volume{GUID}\` */
  readonly path: string;
  readonly fileSystem: string;
  readonly label: string;
  readonly size: number;
  readonly sizeRemaining: number;
  readonly healthStatus: string;
  /** Dirty bit (chkdsk pending): a shrink fails with 42008. `null` when it could not be read. */
  readonly dirty: boolean | null;
}

export interface PartitionFacts {
  readonly number: number;
  readonly offset: number;
  readonly size: number;
  /** Get-Partition's display Type: Basic, System, Reserved, Recovery, Unknown, IFS, ... */
  readonly type: string;
  /** Lower-case braced GUID, GPT only. */
  readonly gptType: string | null;
  /** MBR partition id, MBR only (0x27 = 39 recovery). */
  readonly mbrType: number | null;
  /** Partition GUID, GPT only. */
  readonly guid: string | null;
  readonly driveLetter: string | null;
  readonly accessPaths: readonly string[];
  readonly isBoot: boolean;
  readonly isSystem: boolean;
  readonly isActive: boolean;
  readonly isHidden: boolean;
  /** GPT attribute bits as 0x-prefixed 16-digit hex when known (diskpart `detail partition`). */
  readonly gptAttributes: string | null;
  /** Get-PartitionSupportedSize; null where Windows cannot tell (no or unknown file system). */
  readonly supportedSize: { readonly min: number; readonly max: number } | null;
  readonly volume: VolumeFacts | null;
}

export interface DiskFacts {
  readonly number: number;
  readonly uniqueId: string;
  readonly guid: string | null;
  readonly signature: number | null;
  readonly partitionStyle: PartitionStyle;
  readonly size: number;
  readonly logicalSectorSize: number;
  readonly busType: string;
  readonly friendlyName: string;
  readonly isBoot: boolean;
  readonly isSystem: boolean;
  readonly isOffline: boolean;
  readonly isReadOnly: boolean;
  /** LDM dynamic disk: partitions are not managed by the basic-disk rules. */
  readonly isDynamic: boolean;
  /** Largest free extent the disk can place a new partition in. */
  readonly largestFreeExtent: number;
  /** Partitions in OFFSET order (numbers may be out of order until a reboot). */
  readonly partitions: readonly PartitionFacts[];
}

export interface OsFacts {
  readonly computerName: string;
  readonly caption: string;
  readonly edition: string;
  readonly build: number;
  readonly ubr: number;
  readonly displayVersion: string;
  readonly uiLanguage: string;
  readonly systemDrive: string;
  readonly isElevated: boolean;
  readonly isServerCore: boolean;
  readonly imageState: string;
  readonly pendingRebootReasons: readonly string[];
}

/** What `reagentc /info` said, parsed without relying on localized labels (src/domain/reagentc-info.ts). */
export interface ReAgentCInfo {
  readonly exitCode: number;
  readonly status: 'Enabled' | 'Disabled' | 'Unknown';
  /** From the GLOBALROOT path: `\\?\GLOBALROOT\device\harddiskN\partitionM\...` */
  readonly location: { readonly diskNumber: number; readonly partitionNumber: number; readonly path: string } | null;
  readonly bcdId: string | null;
  readonly version: string | null;
}

/** ReAgent.xml (C:\Windows\System32\Recovery\ReAgent.xml), the language-independent cross-check. */
export interface ReAgentXmlFacts {
  readonly present: boolean;
  /** InstallState state="1" enabled, "0" not. */
  readonly installState: number | null;
  readonly winreBcdId: string | null;
  /** WinreLocation: offset of the WinRE partition; id = disk number or MBR signature; guid = disk GUID. */
  readonly winreLocation: { readonly path: string; readonly id: number; readonly offset: number; readonly guid: string } | null;
}

export interface WinReFacts {
  readonly reagentc: ReAgentCInfo;
  readonly reagentXml: ReAgentXmlFacts;
  /** HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion\WinRE values of interest. */
  readonly registry: { readonly winreLocation: string | null; readonly winreVersion: string | null };
  /** C:\Windows\System32\Recovery\Winre.wim, where /disable stages the image. */
  readonly stagedImage: { readonly size: number; readonly sha256: string } | null;
  /** The Winre.wim on the partition reagentc reports, when enabled. */
  readonly activeImage: { readonly size: number; readonly sha256: string } | null;
}

export interface BitLockerFacts {
  /** Mount point (C:) or volume path. */
  readonly mountPoint: string;
  /** 0 FullyDecrypted, 1 FullyEncrypted, 2 EncryptionInProgress, 3 DecryptionInProgress, 4/5 paused. */
  readonly volumeStatus: number;
  /** 0 Off, 1 On, 2 Unknown. */
  readonly protectionStatus: number;
  readonly lockStatus: number;
  readonly encryptionPercentage: number;
  readonly keyProtectors: readonly string[];
}

export interface UpdateFailureEvidence {
  /** Update history entries for KB5034441 / KB5034439 / KB5034440 that failed with 0x80070643. */
  readonly failedUpdates: readonly { readonly title: string; readonly date: string; readonly hresult: number }[];
  /** Microsoft-Windows-WinREAgent event 4502 "Windows Recovery Environment servicing failed." */
  readonly winreAgentEvents: readonly { readonly id: number; readonly timeCreated: string; readonly message: string }[];
}

export interface Snapshot {
  readonly schemaVersion: 1;
  /** ISO time the facts were gathered (given by the engine; the planner never reads a clock). */
  readonly takenAt: string;
  readonly simulated: boolean;
  readonly os: OsFacts;
  readonly disks: readonly DiskFacts[];
  readonly winre: WinReFacts;
  readonly bitLocker: readonly BitLockerFacts[];
  readonly evidence: UpdateFailureEvidence;
}

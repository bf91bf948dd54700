/* Generated from schemas/simulated-machine.schema.json by build/gen-types.ts. Do not edit; run `npm run gen:types`. */

/**
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "bytes".
 */
export type Bytes = number;
/**
 * Lower-case GUID in braces, as the Storage cmdlets print it (docs/reference/storage-cmdlets.md#get-partition).
 *
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "guid".
 */
export type Guid = string;
/**
 * BitLocker KeyProtectorType names as Get-BitLockerVolume prints them (simulator/40-BitLocker.ps1 gives their numbers).
 *
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "keyProtectorType".
 */
export type KeyProtectorType =
  | 'Tpm'
  | 'ExternalKey'
  | 'RecoveryPassword'
  | 'TpmPin'
  | 'TpmStartupKey'
  | 'TpmPinStartupKey'
  | 'PublicKey'
  | 'Password'
  | 'TpmNetworkKey'
  | 'AdAccountOrGroup';
/**
 * Makes the Nth call of a command fail (error), hang or crawl (delayMs), or both: at least one of the two.
 *
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "fault".
 */
export type Fault = Fault1 & {
  /**
   * Simulated command name, e.g. 'Resize-Partition', 'reagentc /enable', 'diskpart'.
   */
  command: string;
  /**
   * Fires on the Nth call of that command counted over the machine's life (trace.calls).
   */
  onCall: number;
  /**
   * Name of a documented error from the simulator's catalogue (docs/simulation.md), e.g. 'SizeNotSupported', 'NotEnoughCapacity', 'AccessDenied'.
   */
  error?: string;
  /**
   * That call first sleeps this many ms (a hang, or a slow disk), then fails with `error` if one is given, else runs normally.
   */
  delayMs?: number;
  /**
   * Set by the simulator once the fault fired.
   */
  fired?: boolean;
};
export type Fault1 =
  | {
      error: string;
    }
  | {
      delayMs: number;
    };
/**
 * Simulation only: the process blocks right before the Nth mutating operation (trace.mutations + 1) until untilFile exists or forMs have passed, whichever comes first, so a test can start a second run at a known point. The simulator sets `reached` in the machine file when the pause starts.
 *
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "pause".
 */
export type Pause = Pause1 & {
  atMutation: number;
  /**
   * Absolute path of a file whose appearance ends the pause.
   */
  untilFile?: string;
  /**
   * Longest pause in ms (with untilFile: a safety limit).
   */
  forMs?: number;
  /**
   * Set by the simulator when the pause starts.
   */
  reached?: boolean;
};
export type Pause1 =
  | {
      untilFile: string;
    }
  | {
      forMs: number;
    };

/**
 * One simulated Windows PC: the 'disk' of the simulation. The simulator (simulator/*.ps1) reads it on every command and writes it back atomically before a mutating command returns. See docs/simulation.md for every field's Windows source.
 */
export interface SimulatedMachine {
  schemaVersion: 1;
  /**
   * Short id of the machine, e.g. 'win11-gpt-small-winre-zh'.
   */
  name: string;
  /**
   * The real layout or report this machine models (a section of docs/reference/, or a public source).
   */
  source: string;
  notes?: string;
  os: Os;
  disks: Disk[];
  winre: Winre;
  reagentc: Reagentc;
  deviceEncryption: DeviceEncryption;
  updateHistory: UpdateEntry[];
  events: Event[];
  /**
   * Extra registry keys and values, keyed by full key path (HKLM:\...), then value name: a plain string is a REG_SZ, a plain integer a REG_DWORD; New-ItemProperty / Set-ItemProperty (simulator/50-System.ps1) write typed values. A key with no values is an empty object.
   */
  registry?: {
    [k: string]:
      | {
          [k: string]: string | number | RegistryValue | undefined;
        }
      | undefined;
  };
  faults: Fault[];
  powerCut?: PowerCut;
  journalPowerCut?: JournalPowerCut;
  pause?: Pause;
  /**
   * What Get-Acl reports for winre-fix's state folder (SDDL); absent: the folder winre-fix creates (SYSTEM and Administrators only).
   */
  stateFolderSddl?: string;
  /**
   * Tests only (test/support/crash-states.ts): before and after every mutation, copy the machine file and the companion folders into folder/<m###-before|after>, the state a power cut at that instant would leave.
   */
  crashCapture?: {
    folder: string;
    companions?: string[];
  };
  pendingReboot?: PendingReboot;
  trace: Trace;
  /**
   * Scheduled tasks registered on the PC (only what winre-fix registers: its resume-at-startup task). Simulated by simulator/80-ScheduledTasks.ps1.
   */
  scheduledTasks?: {
    taskName: string;
    execute: string;
    argument: string;
    userId: string;
    trigger: string;
  }[];
  /**
   * Images mounted by DISM (Mount-WindowsImage, dism /Mount-Image, reagentc /mountre; simulator/66-Dism.ps1). They survive a reboot as DISM's do: the status turns NeedsRemount (DismMountStatus, https://learn.microsoft.com/windows-hardware/manufacture/desktop/dism/dismmountstatus-enumeration).
   */
  dismMounts?: DismMount[];
  /**
   * SMB shares reachable from the PC (UNC paths \\\\server\\share\\...).
   */
  shares?: Share[];
}
/**
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "os".
 */
export interface Os {
  /**
   * e.g. 'Microsoft Windows 11 Pro'
   */
  caption: string;
  /**
   * EditionID, e.g. 'Professional', 'ServerStandard'
   */
  edition: string;
  /**
   * CurrentBuildNumber, e.g. 22631
   */
  build: number;
  ubr: number;
  /**
   * e.g. '23H2' (empty on old builds)
   */
  displayVersion: string;
  /**
   * Display language, e.g. 'zh-CN', 'de-DE'
   */
  uiLanguage: string;
  systemDrive: string;
  /**
   * Whether the simulated process runs elevated (SYSTEM from Intune is elevated).
   */
  isElevated: boolean;
  /**
   * HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Setup\State ImageState, e.g. IMAGE_STATE_COMPLETE
   */
  imageState: string;
  isServerCore: boolean;
  computerName: string;
  /**
   * Account the simulated process runs as, for its environment (USERNAME, USERPROFILE, TEMP, ...). Absent or 'SYSTEM': SYSTEM, as Intune, ConfigMgr and a startup task run it.
   */
  userName?: string;
  /**
   * PROCESSOR_ARCHITECTURE of the OS (the native one); default AMD64 (https://learn.microsoft.com/windows/win32/winprog64/wow64-implementation-details).
   */
  architecture?: 'AMD64' | 'ARM64' | 'x86';
  /**
   * The Active Directory domain (NetBIOS name) the PC is joined to; absent: a workgroup PC. SYSTEM presents the computer account <domain>\\<computerName>$ to file servers (https://learn.microsoft.com/windows/win32/services/localsystem-account); a workgroup PC's SYSTEM is anonymous there (ASSUMPTION, docs/simulation.md "Shares").
   */
  domain?: string;
  /**
   * e.g. 'CBS RebootPending', 'PendingFileRenameOperations'
   */
  pendingRebootReasons?: string[];
  /**
   * The PC's stable identifiers fleet tools key on; absent, or a member null: the PC has none (no SMBIOS UUID, not enrolled in Intune, no ConfigMgr client).
   */
  identity?: {
    /**
     * Win32_ComputerSystemProduct.UUID as Windows gives it (upper case, dashes); firmware without one gives all zeros or all F (https://learn.microsoft.com/windows/win32/cimwin32prov/win32-computersystemproduct).
     */
    smbiosUuid?: string | null;
    /**
     * HKLM\SOFTWARE\Microsoft\Cryptography MachineGuid (lower case, one per OS install).
     */
    machineGuid?: string | null;
    /**
     * The Intune device id: EntDMID (DMClient CSP, https://learn.microsoft.com/windows/client-management/mdm/dmclient-csp) of the enrollment whose ProviderID is 'MS DM Server', kept in HKLM\SOFTWARE\Microsoft\Enrollments\<guid>\DMClient\MS DM Server.
     */
    intuneDeviceId?: string | null;
    /**
     * The ConfigMgr client's unique id, root\ccm CCM_Client.ClientId ('GUID:...'; https://learn.microsoft.com/intune/configmgr/develop/core/servers/configure/how-to-get-the-unique-identifier-value-for-a-client); null: no client.
     */
    configMgrClientId?: string | null;
  };
}
/**
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "disk".
 */
export interface Disk {
  number: number;
  /**
   * Disk number this disk gets after the next simulated reboot (disk numbers are not stable: StorageDsc README).
   */
  numberAfterReboot?: number;
  uniqueId: string;
  /**
   * GPT disk GUID; absent on MBR.
   */
  guid?: string;
  /**
   * MBR disk signature; absent on GPT.
   */
  signature?: number;
  partitionStyle: 'GPT' | 'MBR' | 'RAW';
  /**
   * LDM dynamic disk (partition types 5808c8aa/af9b60a0 or MBR 0x42).
   */
  isDynamic?: boolean;
  size: Bytes;
  logicalSectorSize: 512 | 4096;
  physicalSectorSize: 512 | 4096;
  /**
   * Display string, e.g. 'NVMe', 'SATA', 'SAS', 'Virtual', 'File Backed Virtual'
   */
  busType: string;
  friendlyName: string;
  /**
   * MSFT_Disk / MSFT_PhysicalDisk SerialNumber (Get-Disk, Get-PhysicalDisk). Absent: empty.
   */
  serialNumber?: string;
  /**
   * MSFT_PhysicalDisk MediaType as Get-PhysicalDisk prints it. Absent: SSD on an NVMe bus, else Unspecified (ASSUMPTION).
   */
  mediaType?: 'SSD' | 'HDD' | 'SCM' | 'Unspecified';
  /**
   * HealthStatus of the disk as Get-Disk and Get-PhysicalDisk print it. Absent: Healthy.
   */
  healthStatus?: 'Healthy' | 'Warning' | 'Unhealthy';
  isBoot: boolean;
  isSystem: boolean;
  isOffline: boolean;
  isReadOnly: boolean;
  partitions: Partition[];
}
/**
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "partition".
 */
export interface Partition {
  /**
   * PartitionNumber as Get-Partition reports it now (may be out of offset order until a reboot).
   */
  number: number;
  offset: Bytes;
  size: Bytes;
  gptType?: Guid;
  /**
   * GPT attribute bits, e.g. 0x8000000000000001 for a Windows-created recovery partition.
   */
  gptAttributes?: string;
  /**
   * MBR partition id, e.g. 7 (IFS), 39 (0x27 recovery).
   */
  mbrType?: number;
  /**
   * Lower-case GUID in braces, as the Storage cmdlets print it (docs/reference/storage-cmdlets.md#get-partition).
   */
  guid?: string;
  /**
   * Get-Partition UniqueId: '{00000000-0000-0000-' + the Offset as 8 little-endian bytes in the last two GUID groups + '}' + the disk UniqueId (docs/reference/storage-cmdlets.md#captured-get-partition-output). Optional: the simulator derives it for partitions it creates.
   */
  uniqueId?: string;
  driveLetter?: string;
  isBoot: boolean;
  isSystem: boolean;
  isActive: boolean;
  isHidden: boolean;
  isReadOnly?: boolean;
  noDefaultDriveLetter?: boolean;
  volume?: Volume;
}
/**
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "volume".
 */
export interface Volume {
  /**
   * Lower-case GUID in braces, as the Storage cmdlets print it (docs/reference/storage-cmdlets.md#get-partition).
   */
  guid: string;
  fileSystem: 'NTFS' | 'FAT32' | 'ReFS' | 'RAW';
  label: string;
  /**
   * Volume capacity (NTFS: a little less than the partition).
   */
  size: number;
  /**
   * Bytes used by everything not listed in files (user data, system files, metadata).
   */
  usedBytes: number;
  /**
   * Bytes from the partition start below which unmovable files end: Get-PartitionSupportedSize SizeMin cannot go lower (msft-partition-getsupportedsizes).
   */
  unmovableBoundary?: number;
  /**
   * Files the shrink cannot move (page file, hiberfil.sys, shadow-copy storage in System Volume Information, NTFS metadata) that hold Get-PartitionSupportedSize SizeMin at limitBytes while they are in the way, and make Resize-Partition below it fail with Size Not Supported (docs/simulation.md 'Unmovable files'). 'attempt': the attempt-th shrink below the limit succeeds (earlier ones are refused; a moment's use, e.g. a shadow copy being taken); 'defrag': until a whole defrag /X run; 'never': for ever (a page file at the end of C:).
   */
  unmovableFiles?: {
    /**
     * Bytes from the partition start that SizeMin cannot go below while they are in the way.
     */
    limitBytes: number;
    until: 'attempt' | 'defrag' | 'never';
    /**
     * With until 'attempt': which Resize-Partition shrink below the limit succeeds.
     */
    attempt?: number;
    /**
     * What the files are (documentation for the fixture's reader).
     */
    what?: string[];
    /**
     * How long defrag /X takes here (default 120 s); a run given less time is stopped and releases nothing.
     */
    defragSeconds?: number;
    /**
     * Written by the simulator: shrinks refused so far.
     */
    refusals?: number;
    /**
     * Written by the simulator: a defrag /X ran to its end (until 'defrag').
     */
    released?: boolean;
  };
  /**
   * Dirty bit set (chkdsk pending): a shrink fails (42008 'Cannot shrink a partition containing a volume with errors').
   */
  dirty: boolean;
  healthStatus: 'Healthy' | 'Warning' | 'Unhealthy';
  /**
   * Stands for the user data on the volume; the simulator never changes it, so a test can prove the data is untouched.
   */
  dataFingerprint?: string;
  /**
   * Files the scenario cares about (Winre.wim, ReAgent.xml, OEM tools), paths relative to the volume root, starting with a backslash.
   */
  files: File[];
  /**
   * Folders that exist without any listed file in them (made by New-Item -ItemType Directory), paths relative to the volume root. Every parent folder of a listed file exists implicitly.
   */
  directories?: string[];
  /**
   * What Get-Acl reports (SDDL) for a folder or file on this volume and, by inheritance, everything below it (the nearest listed ancestor wins). Absent for a path under \ProgramData\winre-fix: the SYSTEM-and-Administrators-only ACL winre-fix gives its folder.
   */
  acls?: {
    path: string;
    sddl: string;
  }[];
  /**
   * Directory reparse points (junctions, directory symbolic links) on this volume: path and target relative to the volume root. Listed with Attributes Directory|ReparsePoint and their LinkType; Windows PowerShell 5.1's Remove-Item -Recurse goes through them (simulator/60-FileSystem.ps1).
   */
  links?: {
    path: string;
    linkType: 'Junction' | 'SymbolicLink';
    target: string;
  }[];
  bitLocker?: BitLocker;
}
/**
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "file".
 */
export interface File {
  path: string;
  size: Bytes;
  /**
   * Content hash as Get-FileHash prints it (upper-case hex).
   */
  sha256: string;
  hidden?: boolean;
  system?: boolean;
  /**
   * Text content for small text files the tools read (ReAgent.xml): the text as Windows reads it back (without the BOM).
   */
  content?: string;
  /**
   * How content lies on disk (size and sha256 are of those bytes): unicode = UTF-16LE with BOM (Out-File and > in Windows PowerShell 5.1), ansi = the ANSI code page (Set-Content), utf8bom = UTF-8 with BOM (Start-Transcript, -Encoding UTF8), utf8 = UTF-8 without BOM (the default when absent).
   */
  encoding?: 'unicode' | 'bigendianunicode' | 'utf8bom' | 'utf8' | 'utf32' | 'ascii' | 'ansi' | 'oem';
  wim?: WimMetadata;
  package?: SafeOsPackage;
}
/**
 * What a WIM file's header and XML metadata say (simulator/65-Wim.ps1 serves them as bytes). Without it, a *.wim file reads as a healthy WinRE image of winre.version for x64.
 *
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "wimMetadata".
 */
export interface WimMetadata {
  /**
   * IMAGE[1]/WINDOWS/VERSION as MAJOR.MINOR.BUILD.SPBUILD; default winre.version.
   */
  version?: string;
  /**
   * IMAGE[1]/WINDOWS/ARCH: 0 x86, 5 arm, 9 x64, 12 arm64 (PROCESSOR_ARCHITECTURE values); default 9.
   */
  architecture?: number;
  /**
   * IMAGE[1]/WINDOWS/EDITIONID; WinRE images say WindowsPE (the default).
   */
  editionId?: string;
  /**
   * IMAGE[1]/WINDOWS/INSTALLATIONTYPE; WinRE images say WindowsPE (the default).
   */
  installationType?: string;
  /**
   * IMAGE[1]/NAME; default 'Microsoft Windows Recovery Environment (<arch>)'.
   */
  name?: string;
  /**
   * Header flag 0x40 (WIM_HDR_FLAG_WRITE_IN_PROGRESS): a writer never finished; the image is damaged.
   */
  writeInProgress?: boolean;
  /**
   * The file is shorter than a WIM header (a copy cut short).
   */
  truncated?: boolean;
  /**
   * Bytes an Export-WindowsImage / dism /Export-Image would drop (left by a commit after ResetBase); default 0.
   */
  reclaimableBytes?: number;
}
/**
 * What a .cab/.msu update package is (simulator/66-Dism.ps1): a Safe OS Dynamic Update for one WinRE build family and architecture. A .cab/.msu without it is not a valid package.
 *
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "safeOsPackage".
 */
export interface SafeOsPackage {
  kb: string;
  /**
   * The WinRE build family it applies to (19041, 20348, 22000, 22621, 26100, 28000): the image's BUILD must equal it.
   */
  targetBuild: number;
  /**
   * wimMetadata ARCH codes: 0 x86, 5 arm, 9 x64, 12 arm64.
   */
  architecture: number;
  /**
   * The image's version after the package is added and committed.
   */
  resultingVersion: string;
  /**
   * How much the WIM grows when the mount is committed.
   */
  addsBytes: number;
  /**
   * What /Cleanup-Image /StartComponentCleanup /ResetBase plus an export reclaim (the export is that much smaller than the committed WIM).
   */
  reclaimableBytes?: number;
  /**
   * Adding it fails: Corrupt = ERROR_FILE_CORRUPT (0x80070570), PendingActions = CBS_E_PENDING (0x800f082f).
   */
  fault?: 'Corrupt' | 'PendingActions';
}
/**
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "bitLocker".
 */
export interface BitLocker {
  /**
   * 0 FullyDecrypted, 1 FullyEncrypted, 2 EncryptionInProgress, 3 DecryptionInProgress, 4 EncryptionPaused, 5 DecryptionPaused (docs/reference/bitlocker.md#volume-status-and-protection).
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
  /**
   * e.g. 6 XtsAes128, 7 XtsAes256, 0 None.
   */
  encryptionMethod: number;
  /**
   * Key protectors as Get-BitLockerVolume's KeyProtector lists them: a type name as Windows prints it, or an object that also gives the KeyProtectorId / RecoveryPassword a script sees (ids and passwords not given are derived from the volume GUID, stable).
   */
  keyProtectors: (
    | KeyProtectorType
    | {
        type: KeyProtectorType;
        /**
         * KeyProtectorId, upper-case GUID in braces.
         */
        id?: string;
        /**
         * RecoveryPassword protectors only: 8 groups of 6 digits.
         */
        recoveryPassword?: string;
      }
  )[];
  /**
   * Set while protection is suspended: reboots left before it resumes (0 = until Resume-BitLocker).
   */
  suspendedRebootCount?: number;
  /**
   * Encrypted by Device Encryption (automatic), not by an admin.
   */
  deviceEncryption?: boolean;
}
/**
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "winre".
 */
export interface Winre {
  status: 'Enabled' | 'Disabled';
  /**
   * Where WinRE is registered when Enabled: the partition (by disk and offset, as ReAgent.xml WinreLocation does) whose \Recovery\WindowsRE holds Winre.wim.
   */
  location?: {
    diskUniqueId: string;
    partitionOffset: Bytes;
    /**
     * Folder of Winre.wim on that partition; absent means \Recovery\WindowsRE.
     */
    path?: string;
  };
  /**
   * Staged WinRE image set by 'reagentc /setreimage /path' (ReAgent.xml ImageLocation) that the next /enable installs in place; absent when nothing is staged there.
   */
  imageLocation?: {
    diskUniqueId: string;
    partitionOffset: Bytes;
    path: string;
  };
  /**
   * WinRE BCD entry id, no braces (reagentc /info prints it so).
   */
  bcdId: string;
  /**
   * WinRE version, e.g. 10.0.22621.2428; printed as 'Windows RE Version' on builds that show it.
   */
  version: string;
  /**
   * ReAgent.xml is absent (it is normally generated from this state).
   */
  reagentXmlMissing?: boolean;
}
/**
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "reagentc".
 */
export interface Reagentc {
  /**
   * Language reagentc prints in (may be English on a localized system: docs/reference/reagentc.md#streams-code-pages-and-the-printed-language). Built-in text tables: en-US, de-DE, zh-CN, ru-RU (simulator/30-ReAgentC.ps1); any other language needs `transcript`.
   */
  outputLanguage: string;
  /**
   * reagentc output pasted from a real PC (any language), used instead of the built-in text tables (docs/simulation.md, 'reagentc transcripts'). /info: the indented 'label: value' lines are matched by position (status, location, BCD, recovery image location and index, custom image location and index, version) and their values replaced by the machine's state; every other line is printed as given. /disable and /enable: the success output as given. Failures keep the built-in texts of outputLanguage (en-US when it has none).
   */
  transcript?: {
    /**
     * Where the lines come from (URLs, or a docs/reference section).
     */
    source: string;
    info: ReagentcLine[];
    disable?: ReagentcLine[];
    enable?: ReagentcLine[];
  };
  /**
   * reagentc /enable succeeds (exit 0, success line, Winre.wim moved) but /info keeps printing Disabled until the next reboot (pendingReboot.winreEnable). ASSUMPTION: modelled on the field report of issue 13; no Microsoft source documents it.
   */
  enableDeferredUntilReboot?: boolean;
  /**
   * Prints 'Windows RE Version' (24H2+).
   */
  showsVersionLine?: boolean;
  /**
   * Also prints it (as 0.0.0.0) while disabled (ZH6, de-DE 25H2 reports).
   */
  versionLineWhenDisabled?: boolean;
  /**
   * REAGENTC.EXE: status lines go to stderr (E7). Default true.
   */
  statusLinesOnStderr?: boolean;
}
/**
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "reagentcLine".
 */
export interface ReagentcLine {
  /**
   * The line exactly as printed (no line break).
   */
  text: string;
  /**
   * Where reagentc wrote it: the REAGENTC.EXE status lines go to stderr (docs/reference/reagentc.md#output-streams-and-exit-codes).
   */
  stream: 'stdout' | 'stderr';
  /**
   * capture = copied from a real console; report = quoted in prose by someone who saw it; assumption = no source (absent: capture).
   */
  basis?: 'capture' | 'report' | 'assumption';
}
/**
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "deviceEncryption".
 */
export interface DeviceEncryption {
  /**
   * Device Encryption is active: it encrypts new NTFS volumes that were not typed recovery at creation (WinRE-Manager troubleshooting.md, docs/reference/bitlocker.md#volume-status-and-protection).
   */
  enabled: boolean;
}
/**
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "updateEntry".
 */
export interface UpdateEntry {
  title: string;
  date: string;
  /**
   * OperationResultCode: 2 Succeeded, 4 Failed (wuapi).
   */
  resultCode: number;
  /**
   * Signed 32-bit, e.g. -2147023293 for 0x80070643.
   */
  hresult: number;
}
/**
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "event".
 */
export interface Event {
  logName: string;
  providerName: string;
  id: number;
  /**
   * 2 Error, 3 Warning, 4 Information.
   */
  level: number;
  timeCreated: string;
  message: string;
  properties?: (string | number)[];
}
/**
 * A registry value with its kind (Microsoft.Win32.RegistryValueKind names, what New-ItemProperty -PropertyType takes). DWord holds a signed 32-bit number and QWord a signed 64-bit one (what Get-ItemProperty returns for them), MultiString an array of strings, Binary an array of bytes.
 *
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "registryValue".
 */
export interface RegistryValue {
  kind: 'String' | 'ExpandString' | 'DWord' | 'QWord' | 'MultiString' | 'Binary';
  value: string | number | (string | number)[];
}
/**
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "powerCut".
 */
export interface PowerCut {
  /**
   * Counts mutating operations (trace.mutations) over the machine's life.
   */
  atMutation: number;
  /**
   * Cut before the Nth mutation touches anything, or right after it is persisted.
   */
  phase: 'before' | 'after';
  fired?: boolean;
}
/**
 * Simulation only: cut the power in the middle of winre-fix's Nth journal write of a fix or resume run (src/simulation/journal-power-cut.ts), leaving on disk what the atomic write (src/engine/journal.ts) leaves at that instant.
 *
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "journalPowerCut".
 */
export interface JournalPowerCut {
  /**
   * The Nth journal write of the run (1 = the run's first journal).
   */
  atWrite: number;
  /**
   * temp-partial: the new version half written to journal.json.tmp; temp-written: .tmp complete and flushed, journal.json the old one; backup-kept: .bak holds the old version too; journal-torn: journal.json itself half written (what a NON-atomic write would leave).
   */
  stage: 'temp-partial' | 'temp-written' | 'backup-kept' | 'journal-torn';
  /**
   * Set once the cut happened (the next run is not cut again).
   */
  fired?: boolean;
}
/**
 * What the next simulated reboot applies (Windows defers these).
 *
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "pendingReboot".
 */
export interface PendingReboot {
  /**
   * Partition numbers are rescanned in offset order at the next boot.
   */
  renumber?: boolean;
  /**
   * A deferred reagentc /enable (reagentc.enableDeferredUntilReboot): /info says Disabled until the next reboot clears this.
   */
  winreEnable?: boolean;
}
/**
 * Bookkeeping of the simulator: counts and an append-only log of mutating operations (tests read it).
 *
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "trace".
 */
export interface Trace {
  mutations: number;
  calls: {
    [k: string]: number | undefined;
  };
  boots: number;
  log: {
    seq: number;
    command: string;
    detail: string;
  }[];
}
/**
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "dismMount".
 */
export interface DismMount {
  /**
   * The mount folder as DISM prints it (full path, no trailing backslash).
   */
  mountDir: string;
  mountLocation: SimLocation;
  /**
   * The WIM as DISM prints it (the path it was given: C:\..., or \\?\GLOBALROOT\device\harddiskN\partitionM\... after reagentc /mountre).
   */
  imagePath: string;
  imageLocation: SimLocation;
  index: number;
  readOnly: boolean;
  /**
   * Stored status; DISM reports Invalid on top when the WIM or the mount folder is gone (simulator/66-Dism.ps1).
   */
  status: 'Ok' | 'NeedsRemount';
  /**
   * The mounted image's version: the WIM's at mount, then the resultingVersion of each package added.
   */
  version: string;
  /**
   * The mounted image's ARCH (wimMetadata codes).
   */
  architecture: number;
  /**
   * Packages added since the mount (not yet committed).
   */
  packages: {
    kb: string;
    resultingVersion: string;
    addsBytes: Bytes;
    reclaimableBytes?: Bytes;
  }[];
  /**
   * dism /Cleanup-Image /StartComponentCleanup /ResetBase ran on this mount.
   */
  resetBase: boolean;
  mountedBy: 'dism' | 'reagentc';
}
/**
 * Where a path lies, as ReAgent.xml names a partition (disk unique id + offset), so disk renumbering does not move it.
 *
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "simLocation".
 */
export interface SimLocation {
  diskUniqueId: string;
  partitionOffset: Bytes;
  /**
   * Path relative to the volume root.
   */
  path: string;
}
/**
 * An SMB share the simulated PC can reach as \\\\<server>\\<share> (simulator/60-FileSystem.ps1 "Shares"). Read-only for the PC: winre-fix only reads from shares.
 *
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "share".
 */
export interface Share {
  /**
   * NetBIOS or DNS name, compared case-insensitively.
   */
  server: string;
  share: string;
  /**
   * false: the server does not answer (off, blocked, no VPN): 'The network path was not found.' Default true.
   */
  reachable?: boolean;
  /**
   * Who may read the files (share and NTFS permissions together): account names such as 'CONTOSO\\PC01$', 'CONTOSO\\Domain Computers' (every computer account of CONTOSO), 'Everyone' (also the anonymous logon of a workgroup PC: ASSUMPTION, a share opened to anonymous access). Absent: everyone may read.
   */
  readers?: string[];
  files: ShareFile[];
}
/**
 * This interface was referenced by `SimulatedMachine`'s JSON-Schema
 * via the `definition` "shareFile".
 */
export interface ShareFile {
  /**
   * Path inside the share, e.g. '\\WinRE\\22621\\Winre.wim'.
   */
  path: string;
  size: Bytes;
  sha256: string;
  wim?: WimMetadata;
}

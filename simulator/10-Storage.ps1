# Simulated Storage module cmdlets: Get-Disk, Get-Partition, Get-PartitionSupportedSize, Resize-Partition,
# Remove-Partition, New-Partition, Set-Partition, Format-Volume, Get-Volume, Add-/Remove-PartitionAccessPath.
# Output shapes follow docs/reference/storage-cmdlets.md#get-partition, docs/reference/storage-cmdlets.md#enums-as-strings-in-json, docs/reference/storage-cmdlets.md#get-disk, docs/reference/storage-cmdlets.md#get-partitionsupportedsize, docs/reference/storage-cmdlets.md#cmdlets-that-change-partitions and docs/reference/storage-cmdlets.md#captured-get-partition-output, docs/reference/partition-layouts.md#captured-layouts, docs/reference/storage-cmdlets.md#captured-json-from-a-github-runner, docs/reference/storage-cmdlets.md#get-disk, docs/reference/storage-cmdlets.md#get-volume, docs/reference/storage-cmdlets.md#get-partitionsupportedsize; errors docs/reference/storage-cmdlets.md#error-records and
# docs/reference/storage-cmdlets.md#error-records. Every rule cites its source; what no source settles is marked ASSUMPTION.

$script:SimMiB = [long]1048576
$script:SimGptBasic = '{ebd0a0a2-b9e5-4433-87c0-68b6b72699c7}'
$script:SimGptRecovery = '{de94bba4-06d1-4d40-a16a-bfd50179d6ac}'
$script:SimGptEsp = '{c12a7328-f81f-11d2-ba4b-00a0c93ec93b}'
$script:SimGptMsr = '{e3c9e316-0b5c-4db8-817d-f92df00215ae}'
$script:SimMbrRecovery = 39   # 0x27 (configure-biosmbr; docs/reference/storage-cmdlets.md#type-guids-mbr-ids-and-gpt-attributes)
$script:SimTypeNs = 'Microsoft.Management.Infrastructure.CimInstance#ROOT/Microsoft/Windows/Storage/'

# Get-Partition 'Type' display strings (docs/reference/storage-cmdlets.md#get-partition, docs/reference/storage-cmdlets.md#type-guids-mbr-ids-and-gpt-attributes; docs/reference/partition-layouts.md#captured-layouts).
$script:SimGptTypeNames = @{
    $script:SimGptEsp      = 'System'
    $script:SimGptMsr      = 'Reserved'
    $script:SimGptBasic    = 'Basic'
    $script:SimGptRecovery = 'Recovery'
}
# MBR: 0x07 'IFS' and 0x27 'Unknown' are observed (docs/reference/partition-layouts.md#captured-layouts). ASSUMPTION: the other names follow the
# Storage module's MbrType enum (FAT12 1, FAT16 4, Extended 5, Huge 6, FAT32 12).
$script:SimMbrTypeNames = @{ 1 = 'FAT12'; 4 = 'FAT16'; 5 = 'Extended'; 6 = 'Huge'; 7 = 'IFS'; 12 = 'FAT32'; 15 = 'Extended' }
# New-Partition -MbrType accepts these names (New-Partition.md).
$script:SimMbrTypeByName = @{ 'FAT12' = 1; 'FAT16' = 4; 'Extended' = 5; 'Huge' = 6; 'IFS' = 7; 'FAT32' = 12 }

# ---------------------------------------------------------------------------------------------------------
# Geometry
# ---------------------------------------------------------------------------------------------------------

function Get-SimAlignUp { param([long] $Value, [long] $Unit) return [long]([math]::Ceiling($Value / [double]$Unit)) * $Unit }
function Get-SimAlignDown { param([long] $Value, [long] $Unit) return [long]([math]::Floor($Value / [double]$Unit)) * $Unit }

function Get-SimDiskBounds {
    # First and last usable byte (+1) of a disk. GPT keeps a backup header + 16 KiB entry array at the end:
    # 33 sectors on 512-byte disks (docs/reference/storage-cmdlets.md#alignment-and-disk-end: C: ends 16,896 bytes before the disk end on the
    # GitHub runner; docs/reference/storage-cmdlets.md#captured-json-from-a-github-runner). ASSUMPTION: on 4Kn disks the same 16 KiB array + 1 header = 5 sectors.
    # MBR uses the disk to its end; both start after their headers.
    param([Parameter(Mandatory = $true)] $Disk)
    # MBR addresses 2^32 sectors at most: "Only the first 2 TB are usable on MBR disks." (return code 41011;
    # docs/reference/partition-layouts.md#real-layouts "MBR max 4 primary, 2 TB").
    $sector = [long]$Disk.logicalSectorSize
    $size = [long]$Disk.size
    if ($Disk.partitionStyle -eq 'GPT') {
        $tail = 16384 + $sector
        $head = 16384 + 2 * $sector
        return @{ Start = $head; End = $size - $tail }
    }
    $limit = [long]4294967296 * $sector
    if ($size -gt $limit) { $size = $limit }
    return @{ Start = $sector; End = $size }
}

function Get-SimSortedPartitions {
    param([Parameter(Mandatory = $true)] $Disk)
    return @(@($Disk.partitions) | Where-Object { $null -ne $_ } | Sort-Object -Property { [long]$_.offset })
}

function Get-SimFreeExtents {
    # Raw gaps between partitions inside the usable area, in offset order: @{ Start; End } (End exclusive).
    param([Parameter(Mandatory = $true)] $Disk)
    $bounds = Get-SimDiskBounds -Disk $Disk
    $cursor = [long]$bounds.Start
    $extents = @()
    foreach ($p in (Get-SimSortedPartitions -Disk $Disk)) {
        $start = [long]$p.offset
        if ($start -gt $cursor) { $extents += , @{ Start = $cursor; End = $start } }
        $end = $start + [long]$p.size
        if ($end -gt $cursor) { $cursor = $end }
    }
    if ([long]$bounds.End -gt $cursor) { $extents += , @{ Start = $cursor; End = [long]$bounds.End } }
    return $extents
}

function Get-SimUsableExtent {
    # What New-Partition can use in a raw gap: start rounded up to 1 MiB, end rounded down to 1 MiB.
    # Source: Windows aligns new partitions to 1 MiB (docs/reference/storage-cmdlets.md#alignment-and-disk-end); a -UseMaximumSize partition on a
    # 60 GB disk was exactly 1,031,680 bytes smaller than SizeMax, i.e. its end was rounded down to 1 MiB
    # (docs/reference/storage-cmdlets.md#get-partitionsupportedsize, ansible/ansible issue #56910).
    param([Parameter(Mandatory = $true)] $Extent)
    $start = Get-SimAlignUp -Value $Extent.Start -Unit $script:SimMiB
    $end = Get-SimAlignDown -Value $Extent.End -Unit $script:SimMiB
    if ($end -lt $start) { $end = $start }
    return @{ Start = $start; End = $end; Size = $end - $start }
}

function Get-SimLargestFreeExtent {
    # MSFT_Disk.LargestFreeExtent: "the largest size of a partition that can be created" (msft-disk.md); 0 on
    # a full disk although ~1 MiB stays at its end (docs/reference/storage-cmdlets.md#get-disk).
    param([Parameter(Mandatory = $true)] $Disk)
    [long]$best = 0
    foreach ($e in (Get-SimFreeExtents -Disk $Disk)) {
        $u = Get-SimUsableExtent -Extent $e
        if ($u.Size -gt $best) { $best = $u.Size }
    }
    return $best
}

function Get-SimNtfsOverhead {
    # Bytes a freshly formatted NTFS volume uses for its metadata ($MFT, $LogFile, $Bitmap, ...).
    # ASSUMPTION (calibrated, no formula published): 4 MiB + 0.8303 % of the volume. It reproduces the one
    # fresh-format capture (10 GiB volume: 10,485,755,904 - 10,394,501,120 = 91,254,784 bytes used; captures
    # 1.6) and Microsoft's "5-15MB or more on a 750MB partition" (configure-uefigpt; docs/reference/storage-cmdlets.md#cmdlets-that-change-partitions).
    param([long] $VolumeSize)
    return [long](4194304 + [math]::Floor($VolumeSize * (87060480.0 / 10485755904.0)))
}

function Get-SimNtfsVolumeSize {
    # NTFS volume capacity = partition size - 4,096 bytes (the backup boot sector's cluster): 10 GiB partition
    # -> 10,485,755,904 (docs/reference/storage-cmdlets.md#get-volume) and 674 MiB -> 706,736,128 (docs/reference/storage-cmdlets.md#cmdlets-that-change-partitions, SetupPlatform log).
    param([long] $PartitionSize)
    return $PartitionSize - 4096
}

function Get-SimSupportedSizes {
    # Get-PartitionSupportedSize (msft-partition-getsupportedsizes.md; docs/reference/storage-cmdlets.md#get-partitionsupportedsize):
    #  SizeMax = size + the free extent immediately after the partition (raw, not rounded: C: can end exactly
    #            at the last usable byte, docs/reference/storage-cmdlets.md#captured-json-from-a-github-runner, docs/reference/storage-cmdlets.md#get-partitionsupportedsize);
    #  SizeMin = where the unmovable files end (volume.unmovableBoundary), at least the used data
    #            (NTFS overhead + usedBytes + files), rounded up to a 4 KiB cluster (real SizeMin values are
    #            cluster multiples, docs/reference/storage-cmdlets.md#get-partitionsupportedsize). Partitions without an NTFS volume (MSR, ESP, RAW):
    #            SizeMin = SizeMax = Size (docs/reference/storage-cmdlets.md#get-partitionsupportedsize, MSR rows). ASSUMPTION: the same for FAT32/ReFS.
    param([Parameter(Mandatory = $true)] $Disk, [Parameter(Mandatory = $true)] $Partition)
    $size = [long]$Partition.size
    $offset = [long]$Partition.offset
    $end = $offset + $size
    $bounds = Get-SimDiskBounds -Disk $Disk
    [long]$next = $bounds.End
    foreach ($p in (Get-SimSortedPartitions -Disk $Disk)) {
        if ([long]$p.offset -ge $end -and [long]$p.offset -lt $next) { $next = [long]$p.offset }
    }
    $volume = Get-SimProp $Partition 'volume'
    if ($null -eq $volume -or $volume.fileSystem -ne 'NTFS') {
        return @{ SizeMin = $size; SizeMax = $size }
    }
    $sizeMax = $next - $offset
    if ($sizeMax -lt $size) { $sizeMax = $size }
    $overhead = $size - [long]$volume.size
    $used = $overhead + [long]$volume.size - (Get-SimVolumeFree -Volume $volume)
    $boundary = [long](Get-SimProp $volume 'unmovableBoundary' 0)
    $min = $used
    if ($boundary -gt $min) { $min = $boundary }
    $held = Get-SimUnmovableLimit -Volume $volume
    if ($held -gt $min) { $min = $held }
    $min = Get-SimAlignUp -Value $min -Unit 4096
    if ($min -gt $size) { $min = $size }
    return @{ SizeMin = $min; SizeMax = $sizeMax }
}

function Get-SimUnmovableLimit {
    # volume.unmovableFiles (docs/simulation.md "Unmovable files"): the bytes SizeMin cannot go below while files the
    # shrink cannot move are in the way, else 0. SizeMin "is determined by Disk Defragmenter and takes into account
    # the location of immovable files" and "can change slightly" between calls
    # (https://learn.microsoft.com/windows-hardware/drivers/storage/msft-partition-getsupportedsizes); the page file,
    # hiberfil.sys, shadow-copy storage and NTFS metadata are what the shrink cannot move, and the limit moves while
    # the volume is in use (diskpart `shrink querymax` "may change if applications are currently accessing the
    # volume": https://learn.microsoft.com/windows-server/administration/windows-commands/shrink). Released:
    #   until 'attempt' - once refusals reach attempt - 1 (the attempt-th shrink goes through: a file in use for a
    #                     moment, such as a shadow copy being taken; ASSUMPTION: modelled by count, not by time);
    #   until 'defrag'  - once a defrag /X ran to its end (free-space consolidation moved them; simulator/68-Defrag.ps1);
    #   until 'never'   - never (a page file at the end of C: that no retry moves).
    param($Volume)
    if ($null -eq $Volume) { return [long]0 }
    $u = Get-SimProp $Volume 'unmovableFiles'
    if ($null -eq $u) { return [long]0 }
    switch ([string]$u.until) {
        'attempt' { if ([int](Get-SimProp $u 'refusals' 0) -ge ([int](Get-SimProp $u 'attempt' 1) - 1)) { return [long]0 } }
        'defrag' { if ([bool](Get-SimProp $u 'released' $false)) { return [long]0 } }
        default { }
    }
    return [long]$u.limitBytes
}

function Register-SimUnmovableRefusal {
    # Counts a shrink refused because of volume.unmovableFiles and writes the count at once (not a mutation: the
    # partitions did not change, and no power cut is declared on it; the count only decides when the files let go).
    param([Parameter(Mandatory = $true)] $Machine, $Volume, [long] $Target)
    if ($null -eq $Volume) { return }
    $u = Get-SimProp $Volume 'unmovableFiles'
    if ($null -eq $u) { return }
    if ($Target -ge (Get-SimUnmovableLimit -Volume $Volume)) { return }
    Set-SimProp $u 'refusals' ([int](Get-SimProp $u 'refusals' 0) + 1)
    Write-SimMachine -Machine $Machine
}

function Test-SimRecoveryType {
    param([Parameter(Mandatory = $true)] $Partition)
    $gpt = [string](Get-SimProp $Partition 'gptType' '')
    if ($gpt -eq $script:SimGptRecovery) { return $true }
    $mbr = Get-SimProp $Partition 'mbrType'
    return ($null -ne $mbr -and [int]$mbr -eq $script:SimMbrRecovery)
}

function Get-SimUsedLetters {
    param([Parameter(Mandatory = $true)] $Machine)
    $used = @{}
    foreach ($e in @(Get-SimPartitionEntries -Machine $Machine)) {
        $l = [string](Get-SimProp $e.Partition 'driveLetter' '')
        if ($l) { $used[$l] = $true }
    }
    return $used
}

function Get-SimNextFreeLetter {
    # ASSUMPTION: the mount manager hands out the first free letter from C: (A: and B: are floppy letters).
    param([Parameter(Mandatory = $true)] $Machine)
    $used = Get-SimUsedLetters -Machine $Machine
    foreach ($c in [char[]]'CDEFGHIJKLMNOPQRSTUVWXYZ') {
        if (-not $used.ContainsKey([string]$c)) { return [string]$c }
    }
    return $null
}

function New-SimGuid { return '{' + [guid]::NewGuid().ToString() + '}' }

function Get-SimPartitionUniqueId {
    # '{00000000-0000-0000-' + Offset as 8 little-endian bytes in the last 8 GUID bytes + '}' + disk UniqueId
    # (docs/reference/storage-cmdlets.md#captured-get-partition-output, checked against three real values). A stored partition.uniqueId wins.
    param([Parameter(Mandatory = $true)] $Disk, [Parameter(Mandatory = $true)] $Partition)
    $stored = Get-SimProp $Partition 'uniqueId'
    if ($stored) { return [string]$stored }
    $bytes = [System.BitConverter]::GetBytes([long]$Partition.offset)
    if (-not [System.BitConverter]::IsLittleEndian) { [array]::Reverse($bytes) }
    $hex = -join ($bytes | ForEach-Object { $_.ToString('x2') })
    return '{00000000-0000-0000-' + $hex.Substring(0, 4) + '-' + $hex.Substring(4, 12) + '}' + [string]$Disk.uniqueId
}

function Get-SimDiskPath {
    # '\\?\Disk{guid}' form of DiskPath/DiskId (docs/reference/storage-cmdlets.md#captured-get-partition-output). ASSUMPTION: the GPT disk GUID is used; MBR disks
    # get '{<signature as 8 hex>-0000-0000-0000-<disk number as 12 hex>}'.
    param([Parameter(Mandatory = $true)] $Disk)
    $g = Get-SimProp $Disk 'guid'
    if (-not $g) {
        $sig = [long](Get-SimProp $Disk 'signature' 0)
        $g = '{' + $sig.ToString('x8') + '-0000-0000-0000-' + ([long]$Disk.number).ToString('x12') + '}'
    }
    return '\\?\Disk' + $g
}

# ---------------------------------------------------------------------------------------------------------
# Output objects (PSCustomObjects with the CIM class in PSTypeName; property types as the real ones)
# ---------------------------------------------------------------------------------------------------------

function Add-SimCimTypeNames {
    # The type names a real CIM instance carries (PowerShell's CimInstance adapter): '<ns>/<class>' and '#<class>'
    # for the class and each parent class, then 'Microsoft.Management.Infrastructure.CimInstance'. The Storage
    # module's CDXML parameters that take objects (-Disk, -Partition, -Volume, -InputObject) are typed
    # [PSTypeName('Microsoft.Management.Infrastructure.CimInstance#MSFT_<class>')], so pipeline and parameter
    # binding select on the '#<class>' name (Accept pipeline input: True (ByValue) on every page of
    # https://learn.microsoft.com/powershell/module/storage/). The first name stays the full class path, as
    # Get-Member and format data see it. Parent: MSFT_StorageObject (msft-disk.md, msft-partition.md, msft-volume.md).
    param([Parameter(Mandatory = $true)] $Object, [Parameter(Mandatory = $true)][string] $Class, [string] $Parent = 'MSFT_StorageObject', [string] $Namespace = 'ROOT/Microsoft/Windows/Storage')
    $base = 'Microsoft.Management.Infrastructure.CimInstance'
    $names = $Object.PSObject.TypeNames
    $names.Clear()
    foreach ($n in @(($base + '#' + $Namespace + '/' + $Class), ($base + '#' + $Class), ($base + '#' + $Namespace + '/' + $Parent), ($base + '#' + $Parent), $base, 'System.Object')) {
        $names.Add($n)
    }
    return $Object
}

function ConvertTo-SimDiskObject {
    # MSFT_Disk as Get-Disk shows it (docs/reference/storage-cmdlets.md#get-disk; docs/reference/storage-cmdlets.md#get-disk): mapped strings for PartitionStyle,
    # BusType, OperationalStatus, HealthStatus, ProvisioningType, UniqueIdFormat (docs/reference/storage-cmdlets.md#enums-as-strings-in-json).
    param([Parameter(Mandatory = $true)] $Disk)
    $isGpt = $Disk.partitionStyle -eq 'GPT'
    $parts = @(Get-SimSortedPartitions -Disk $Disk)
    $largest = Get-SimLargestFreeExtent -Disk $Disk
    [long]$free = 0
    foreach ($e in (Get-SimFreeExtents -Disk $Disk)) { $free += (Get-SimUsableExtent -Extent $e).Size }
    $guid = $null
    if ($isGpt) { $guid = [string](Get-SimProp $Disk 'guid') }
    $signature = $null
    if ($Disk.partitionStyle -eq 'MBR') { $signature = [uint32](Get-SimProp $Disk 'signature' 0) }
    $opStatus = 'Online'
    if ([bool]$Disk.isOffline) { $opStatus = 'Offline' }
    $path = Get-SimDiskPath -Disk $Disk
    $obj = [pscustomobject][ordered]@{
        PSTypeName         = $script:SimTypeNs + 'MSFT_Disk'
        DiskNumber         = [uint32]$Disk.number
        PartitionStyle     = [string]$Disk.partitionStyle
        ProvisioningType   = 'Fixed'
        OperationalStatus  = $opStatus
        HealthStatus       = [string](Get-SimProp $Disk 'healthStatus' 'Healthy')
        BusType            = [string]$Disk.busType
        UniqueIdFormat     = 'Vendor Specific'
        OfflineReason      = $null
        ObjectId           = '{1}\\' + [string](Get-SimProp $script:SimCurrentMachineOs 'computerName' 'LOCALHOST') + '\root/Microsoft/Windows/Storage/Providers_v2\WSP_Disk.ObjectId="{00000000-0000-0000-0000-000000000000}:DI:' + $path + '"'
        UniqueId           = [string]$Disk.uniqueId
        AllocatedSize      = [uint64]([long]$Disk.size - $free)
        BootFromDisk       = [bool]$Disk.isBoot
        FriendlyName       = [string]$Disk.friendlyName
        Guid               = $guid
        IsBoot             = [bool]$Disk.isBoot
        IsClustered        = $false
        IsHighlyAvailable  = $false
        IsOffline          = [bool]$Disk.isOffline
        IsReadOnly         = [bool]$Disk.isReadOnly
        IsScaleOut         = $false
        IsSystem           = [bool]$Disk.isSystem
        LargestFreeExtent  = [uint64]$largest
        Location           = ''
        LogicalSectorSize  = [uint32]$Disk.logicalSectorSize
        Manufacturer       = ''
        Model              = [string]$Disk.friendlyName
        Number             = [uint32]$Disk.number
        NumberOfPartitions = [uint32]$parts.Count
        Path               = $path
        PhysicalSectorSize = [uint32]$Disk.physicalSectorSize
        SerialNumber       = [string](Get-SimProp $Disk 'serialNumber' '')
        Signature          = $signature
        Size               = [uint64]$Disk.size
    }
    return (Add-SimCimTypeNames -Object $obj -Class 'MSFT_Disk')
}

function Get-SimPartitionTypeName {
    param([Parameter(Mandatory = $true)] $Disk, [Parameter(Mandatory = $true)] $Partition)
    if ($Disk.partitionStyle -eq 'GPT') {
        $t = [string](Get-SimProp $Partition 'gptType' '')
        if ($script:SimGptTypeNames.ContainsKey($t)) { return $script:SimGptTypeNames[$t] }
        return 'Unknown'
    }
    $m = Get-SimProp $Partition 'mbrType'
    if ($null -ne $m -and $script:SimMbrTypeNames.ContainsKey([int]$m)) { return $script:SimMbrTypeNames[[int]$m] }
    return 'Unknown'
}

function Get-SimAccessPaths {
    # 'C:\' first when lettered, then '\\?\Volume{GUID}\' (docs/reference/storage-cmdlets.md#captured-get-partition-output, docs/reference/storage-cmdlets.md#captured-json-from-a-github-runner). A partition without a volume
    # (MSR) has none: $null (docs/reference/storage-cmdlets.md#captured-json-from-a-github-runner shows [null]).
    param([Parameter(Mandatory = $true)] $Partition)
    $volume = Get-SimProp $Partition 'volume'
    if ($null -eq $volume) { return $null }
    $paths = @()
    $letter = [string](Get-SimProp $Partition 'driveLetter' '')
    if ($letter) { $paths += ($letter + ':\') }
    $paths += ('\\?\Volume' + [string]$volume.guid + '\')
    # The comma keeps a one-path array an array (a function's output would otherwise be unrolled).
    return , ([string[]]$paths)
}

function ConvertTo-SimPartitionObject {
    # MSFT_Partition as Get-Partition shows it (docs/reference/storage-cmdlets.md#get-partition; docs/reference/storage-cmdlets.md#captured-get-partition-output).
    param([Parameter(Mandatory = $true)] $Disk, [Parameter(Mandatory = $true)] $Partition)
    $isGpt = $Disk.partitionStyle -eq 'GPT'
    $letter = [string](Get-SimProp $Partition 'driveLetter' '')
    $driveLetter = [char]0
    if ($letter) { $driveLetter = [char]$letter }
    $gptType = $null; $guid = $null; $mbrType = $null
    if ($isGpt) {
        $gptType = [string](Get-SimProp $Partition 'gptType' $script:SimGptBasic)
        $guid = [string](Get-SimProp $Partition 'guid')
    } else {
        $mbrType = [uint16](Get-SimProp $Partition 'mbrType' 7)
    }
    $type = Get-SimPartitionTypeName -Disk $Disk -Partition $Partition
    # On a GPT recovery partition IsReadOnly/IsShadowCopy/IsDAX/NoDefaultDriveLetter print empty, on a basic
    # data partition False (docs/reference/storage-cmdlets.md#captured-get-partition-output). ASSUMPTION: every non-basic GPT type behaves like recovery.
    $flagsNull = $isGpt -and $gptType -ne $script:SimGptBasic
    $ro = [bool](Get-SimProp $Partition 'isReadOnly' $false)
    $ndl = [bool](Get-SimProp $Partition 'noDefaultDriveLetter' $false)
    $isActive = $false
    if (-not $isGpt) { $isActive = [bool]$Partition.isActive }
    $diskPath = Get-SimDiskPath -Disk $Disk
    $uid = Get-SimPartitionUniqueId -Disk $Disk -Partition $Partition
    $opStatus = 'Online'
    if ([bool]$Disk.isOffline) { $opStatus = 'Offline' }
    $obj = [pscustomobject][ordered]@{
        PSTypeName           = $script:SimTypeNs + 'MSFT_Partition'
        OperationalStatus    = $opStatus
        Type                 = $type
        DiskPath             = $diskPath
        ObjectId             = '{1}\\' + [string](Get-SimProp $script:SimCurrentMachineOs 'computerName' 'LOCALHOST') + '\root/Microsoft/Windows/Storage/Providers_v2\WSP_Partition.ObjectId="{00000000-0000-0000-0000-000000000000}:PR:' + $uid.Substring(0, 38) + $diskPath + '"'
        PassThroughClass     = $null
        PassThroughIds       = $null
        PassThroughNamespace = $null
        PassThroughServer    = $null
        UniqueId             = $uid
        AccessPaths          = (Get-SimAccessPaths -Partition $Partition)
        DiskId               = $diskPath
        DiskNumber           = [uint32]$Disk.number
        DriveLetter          = $driveLetter
        GptType              = $gptType
        Guid                 = $guid
        IsActive             = $isActive
        IsBoot               = [bool]$Partition.isBoot
        IsDAX                = $(if ($flagsNull) { $null } else { $false })
        IsHidden             = [bool]$Partition.isHidden
        IsOffline            = [bool]$Disk.isOffline
        IsReadOnly           = $(if ($flagsNull) { $null } else { $ro })
        IsShadowCopy         = $(if ($flagsNull) { $null } else { $false })
        IsSystem             = [bool]$Partition.isSystem
        MbrType              = $mbrType
        NoDefaultDriveLetter = $(if ($flagsNull) { $null } else { $ndl })
        Offset               = [uint64]$Partition.offset
        PartitionNumber      = [uint32]$Partition.number
        Size                 = [uint64]$Partition.size
        TransitionState      = [uint16]1
    }
    return (Add-SimCimTypeNames -Object $obj -Class 'MSFT_Partition')
}

function ConvertTo-SimVolumeObject {
    # MSFT_Volume as Get-Volume/Format-Volume show it (msft-volume.md; docs/reference/storage-cmdlets.md#get-volume): Path and ObjectId are the
    # '\\?\Volume{GUID}\' path, sizes in bytes, FileSystemType/DriveType/HealthStatus display strings.
    param([Parameter(Mandatory = $true)] $Partition)
    $volume = $Partition.volume
    $letter = [string](Get-SimProp $Partition 'driveLetter' '')
    $driveLetter = [char]0
    if ($letter) { $driveLetter = [char]$letter }
    $path = '\\?\Volume' + [string]$volume.guid + '\'
    $fs = [string]$volume.fileSystem
    $fsName = $fs
    if ($fs -eq 'RAW') { $fsName = '' }
    $fsType = $fs
    if ($fs -eq 'RAW') { $fsType = 'Unknown' }
    $op = 'OK'
    if ($volume.healthStatus -eq 'Warning') { $op = 'Full Repair Needed' }
    $size = [long]$volume.size
    $remaining = [long](Get-SimVolumeFree -Volume $volume)
    if ($fs -eq 'RAW') { $size = 0; $remaining = 0 }
    $obj = [pscustomobject][ordered]@{
        PSTypeName         = $script:SimTypeNs + 'MSFT_Volume'
        ObjectId           = $path
        UniqueId           = $path
        AllocationUnitSize = [uint32]4096
        DriveLetter        = $driveLetter
        DriveType          = 'Fixed'
        FileSystem         = $fsName
        FileSystemLabel    = [string]$volume.label
        FileSystemType     = $fsType
        HealthStatus       = [string]$volume.healthStatus
        OperationalStatus  = $op
        Path               = $path
        Size               = [uint64]$size
        SizeRemaining      = [uint64]$remaining
    }
    return (Add-SimCimTypeNames -Object $obj -Class 'MSFT_Volume')
}

# ---------------------------------------------------------------------------------------------------------
# Shared command plumbing
# ---------------------------------------------------------------------------------------------------------

$script:SimCurrentMachineOs = $null

function Open-SimCommand {
    # Reads the machine, counts the call and fires a declared fault. Returns the machine, or $null when a fault
    # fired (its error is already written through $Caller).
    param([Parameter(Mandatory = $true)][string] $Command, [Parameter(Mandatory = $true)] $Caller, [string] $TargetClass = 'MSFT_Partition')
    # A module function does not see its caller's $ErrorActionPreference (a real cmdlet does): copy the caller's
    # value into the calling simulated cmdlet's scope (scope 1), unless -ErrorAction was given.
    if (-not $Caller.MyInvocation.BoundParameters.ContainsKey('ErrorAction')) {
        $pref = $Caller.SessionState.PSVariable.GetValue('ErrorActionPreference')
        if ($null -ne $pref) { Set-Variable -Name ErrorActionPreference -Value $pref -Scope 1 }
    }
    $m = Read-SimMachine
    $script:SimCurrentMachineOs = $m.os
    $fault = Register-SimCall -Machine $m -Command $Command
    if ($null -ne $fault) {
        $record = Get-SimNamedError -Name $fault -Cmdlet $Command -TargetClass $TargetClass
        if ($null -eq $record) {
            throw "Simulator: fault '$fault' declared for $Command is not in the error catalogue (docs/simulation.md)."
        }
        Write-SimError -Caller $Caller -Record $record
        return $null
    }
    return $m
}

function Write-SimNamedError {
    param([Parameter(Mandatory = $true)] $Caller, [Parameter(Mandatory = $true)][string] $Name, [Parameter(Mandatory = $true)][string] $Cmdlet, [string] $TargetClass)
    Write-SimError -Caller $Caller -Record (Get-SimNamedError -Name $Name -Cmdlet $Cmdlet -TargetClass $TargetClass)
}

function Resolve-SimPartitionArgs {
    # Finds the partition a cmdlet addresses: -InputObject (a partition object from Get-Partition, found again
    # by disk number + offset, which a resize does not change), -DiskNumber/-PartitionNumber, or -DriveLetter.
    # Writes the real not-found error and returns $null when there is none (docs/reference/storage-cmdlets.md#error-records).
    param(
        [Parameter(Mandatory = $true)] $Machine,
        [Parameter(Mandatory = $true)] $Caller,
        [Parameter(Mandatory = $true)][hashtable] $Bound
    )
    if ($Bound.ContainsKey('InputObject') -and $null -ne $Bound['InputObject']) {
        $io = $Bound['InputObject']
        $disk = Get-SimDisk -Machine $Machine -Number ([int]$io.DiskNumber)
        if ($null -ne $disk) {
            foreach ($p in @($disk.partitions)) {
                if ($null -ne $p -and [long]$p.offset -eq [long]$io.Offset) {
                    return [pscustomobject]@{ Disk = $disk; Partition = $p; Volume = (Get-SimProp $p 'volume') }
                }
            }
        }
        Write-SimError -Caller $Caller -Record (Get-SimNamedError -Name 'Failed' -Cmdlet $Caller.MyInvocation.MyCommand.Name)
        return $null
    }
    if ($Bound.ContainsKey('DriveLetter')) {
        $letter = ([string]$Bound['DriveLetter']).ToUpperInvariant()
        $entry = Find-SimPartition -Machine $Machine -DriveLetter $letter
        if ($null -eq $entry) {
            Write-SimError -Caller $Caller -Record (New-SimNotFoundErrorRecord -Class 'MSFT_Partition' -Property 'DriveLetter' -Value $letter)
        }
        return $entry
    }
    $dn = [int]$Bound['DiskNumber']
    if ($null -eq (Get-SimDisk -Machine $Machine -Number $dn)) {
        Write-SimError -Caller $Caller -Record (New-SimNotFoundErrorRecord -Class 'MSFT_Partition' -Property 'DiskNumber' -Value $dn)
        return $null
    }
    $pn = [int]$Bound['PartitionNumber']
    $entry = Find-SimPartition -Machine $Machine -DiskNumber $dn -PartitionNumber $pn
    if ($null -eq $entry) {
        # ASSUMPTION: same wording with the PartitionNumber property (only the DiskNumber case is captured).
        Write-SimError -Caller $Caller -Record (New-SimNotFoundErrorRecord -Class 'MSFT_Partition' -Property 'PartitionNumber' -Value $pn)
    }
    return $entry
}

function Resolve-SimPartitionTargets {
    # Every partition a partition cmdlet addresses, in the order given, as the CDXML parameter sets declare them
    # (https://learn.microsoft.com/powershell/module/storage/resize-partition and its siblings): InputObject
    # (MSFT_Partition objects, found again by disk number + offset, which a resize does not change), ByNumber
    # (-DiskNumber x -PartitionNumber, both arrays), ByDriveLetter (-DriveLetter, array), ById (-DiskId x -Offset).
    # A value that matches nothing writes the real not-found error (docs/reference/storage-cmdlets.md#error-records)
    # and is skipped.
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)] $Caller, [Parameter(Mandatory = $true)][hashtable] $Bound)
    if ($Bound.ContainsKey('InputObject')) {
        foreach ($io in @($Bound['InputObject'])) {
            if ($null -eq $io) { continue }
            $e = Resolve-SimPartitionArgs -Machine $Machine -Caller $Caller -Bound @{ InputObject = $io }
            if ($null -ne $e) { $e }
        }
        return
    }
    if ($Bound.ContainsKey('DriveLetter')) {
        foreach ($l in @($Bound['DriveLetter'])) {
            $e = Resolve-SimPartitionArgs -Machine $Machine -Caller $Caller -Bound @{ DriveLetter = $l }
            if ($null -ne $e) { $e }
        }
        return
    }
    if ($Bound.ContainsKey('DiskId')) {
        foreach ($id in @($Bound['DiskId'])) {
            $found = @(Get-SimPartitionEntries -Machine $Machine | Where-Object { (Get-SimDiskPath -Disk $_.Disk) -eq [string]$id })
            if ($found.Count -eq 0) {
                Write-SimError -Caller $Caller -Record (New-SimNotFoundErrorRecord -Class 'MSFT_Partition' -Property 'DiskId' -Value $id); continue
            }
            foreach ($o in @($Bound['Offset'])) {
                $hit = @($found | Where-Object { [uint64]$_.Partition.offset -eq [uint64]$o })
                if ($hit.Count -eq 0) {
                    # ASSUMPTION: same wording with the Offset property (only the DiskNumber case is captured).
                    Write-SimError -Caller $Caller -Record (New-SimNotFoundErrorRecord -Class 'MSFT_Partition' -Property 'Offset' -Value $o); continue
                }
                $hit[0]
            }
        }
        return
    }
    foreach ($dn in @($Bound['DiskNumber'])) {
        foreach ($pn in @($Bound['PartitionNumber'])) {
            $e = Resolve-SimPartitionArgs -Machine $Machine -Caller $Caller -Bound @{ DiskNumber = $dn; PartitionNumber = $pn }
            if ($null -ne $e) { $e }
        }
    }
}

function Resolve-SimVolumeTargets {
    # Every volume a volume cmdlet (Format-Volume, Get-Volume) addresses, as entries {Disk; Partition; Volume}, by
    # parameter set (https://learn.microsoft.com/powershell/module/storage/get-volume): InputObject (cdxml) and
    # ByPartition (objects), ByDriveLetter, ById (ObjectId = '\\?\Volume{guid}\'), ByPaths, ByLabel (wildcards).
    # A value that matches nothing writes the real not-found error (docs/reference/storage-cmdlets.md#error-records;
    # PowerShell/PowerShell issue #16865) and is skipped.
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)] $Caller, [Parameter(Mandatory = $true)][string] $SetName, [Parameter(Mandatory = $true)][hashtable] $Bound)
    switch ($SetName) {
        'ByPartition' {
            $e = Resolve-SimPartitionArgs -Machine $Machine -Caller $Caller -Bound @{ InputObject = $Bound['Partition'] }
            # A partition without a volume (MSR) comes back too: Format-Volume refuses it, Get-Volume lists nothing.
            if ($null -ne $e) { $e }
        }
        'ByLabel' {
            $entries = @(Get-SimPartitionEntries -Machine $Machine | Where-Object { $null -ne $_.Volume })
            foreach ($lab in @($Bound['FileSystemLabel'])) {
                $hit = @($entries | Where-Object { [string]$_.Volume.label -like $lab })
                if ($hit.Count -eq 0) {
                    Write-SimError -Caller $Caller -Record (New-SimNotFoundErrorRecord -Class 'MSFT_Volume' -Property 'FileSystemLabel' -Value $lab); continue
                }
                $hit
            }
        }
        default {
            $key = @{ 'ByDriveLetter' = 'DriveLetter'; 'ById' = 'ObjectId'; 'ByPaths' = 'Path'; 'InputObject (cdxml)' = 'InputObject' }[$SetName]
            foreach ($v in @($Bound[$key])) {
                if ($null -eq $v) { continue }
                $text = [string]$v
                $property = $key
                if ($key -eq 'DriveLetter') { $text = $text.ToUpperInvariant() + ':' }
                if ($key -eq 'InputObject') { $text = [string]$v.Path; $property = 'Path' }
                $r = Resolve-SimPath -Machine $Machine -Path $text
                # Only a volume root names a volume ('C:', 'C:\', '\\?\Volume{guid}\').
                if ($null -ne $r -and $r.RelativePath -eq '\') { [pscustomobject]@{ Disk = $r.Disk; Partition = $r.Partition; Volume = $r.Volume }; continue }
                $shown = $v
                if ($key -eq 'DriveLetter') { $shown = ([string]$v).ToUpperInvariant() }
                if ($key -eq 'InputObject') { $shown = $text }
                Write-SimError -Caller $Caller -Record (New-SimNotFoundErrorRecord -Class 'MSFT_Volume' -Property $property -Value $shown)
            }
        }
    }
}

function Test-SimConversionBlocksResize {
    # ASSUMPTION (docs/reference/bitlocker.md#volume-status-and-protection, inferred): a locked or converting BitLocker volume cannot be resized.
    param($Volume)
    $bl = Get-SimProp $Volume 'bitLocker'
    if ($null -eq $bl) { return $false }
    return ([int]$bl.lockStatus -eq 1 -or [int]$bl.volumeStatus -eq 2 -or [int]$bl.volumeStatus -eq 3)
}

# ---------------------------------------------------------------------------------------------------------
# Get-Disk
# ---------------------------------------------------------------------------------------------------------

function Get-Disk {
    # Parameter sets as https://learn.microsoft.com/powershell/module/storage/get-disk declares them (the simulated
    # subset): -Number (alias DeviceId, ByPropertyName), -Partition (MSFT_Partition, ByValue), -UniqueId,
    # -FriendlyName / -SerialNumber (ByName), -Path (ByPropertyName).
    [CmdletBinding(DefaultParameterSetName = 'ByNumber')]
    param(
        [Parameter(ParameterSetName = 'ByNumber', Position = 0, ValueFromPipelineByPropertyName = $true)][Alias('DeviceId')][uint32[]] $Number,
        [Parameter(ParameterSetName = 'ByUniqueId')][Alias('Id')][string[]] $UniqueId,
        [Parameter(ParameterSetName = 'ByName')][string[]] $FriendlyName,
        [Parameter(ParameterSetName = 'ByName')][string[]] $SerialNumber,
        [Parameter(ParameterSetName = 'ByPath', ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'ByPartition', ValueFromPipeline = $true)][PSTypeName('Microsoft.Management.Infrastructure.CimInstance#MSFT_Partition')][psobject] $Partition
    )
    process {
        $m = Open-SimCommand -Command 'Get-Disk' -Caller $PSCmdlet -TargetClass 'MSFT_Disk'
        if ($null -eq $m) { return }
        $numbers = @()
        $all = @(@($m.disks) | Sort-Object -Property { [int]$_.number })
        if ($PSCmdlet.ParameterSetName -eq 'ByPartition') {
            $numbers = @([int]$Partition.DiskNumber)
        } elseif ($PSBoundParameters.ContainsKey('Number')) {
            $numbers = @($Number | ForEach-Object { [int]$_ })
        } elseif ($PSCmdlet.ParameterSetName -in @('ByUniqueId', 'ByName', 'ByPath')) {
            # Wildcards as the CDXML queries allow them on strings (ASSUMPTION: -like semantics).
            foreach ($d in $all) {
                $ok = $true
                if ($PSCmdlet.ParameterSetName -eq 'ByName') {
                    if ($null -ne $FriendlyName -and -not @($FriendlyName | Where-Object { [string]$d.friendlyName -like $_ }).Count) { $ok = $false }
                    $serial = [string](Get-SimProp $d 'serialNumber' '')
                    if ($null -ne $SerialNumber -and -not @($SerialNumber | Where-Object { $serial -like $_ }).Count) { $ok = $false }
                } elseif ($PSCmdlet.ParameterSetName -eq 'ByUniqueId') {
                    if (-not @($UniqueId | Where-Object { [string]$d.uniqueId -like $_ }).Count) { $ok = $false }
                } else {
                    if (-not @($Path | Where-Object { (Get-SimDiskPath -Disk $d) -like $_ }).Count) { $ok = $false }
                }
                if ($ok) { $numbers += [int]$d.number }
            }
            if ($numbers.Count -eq 0) {
                $prop = @{ ByUniqueId = 'UniqueId'; ByName = 'FriendlyName'; ByPath = 'Path' }[$PSCmdlet.ParameterSetName]
                $val = @{ ByUniqueId = $UniqueId; ByName = $(if ($null -ne $FriendlyName) { $FriendlyName } else { $SerialNumber }); ByPath = $Path }[$PSCmdlet.ParameterSetName]
                if ($prop -eq 'FriendlyName' -and $null -eq $FriendlyName) { $prop = 'SerialNumber' }
                Write-SimError -Caller $PSCmdlet -Record (New-SimNotFoundErrorRecord -Class 'MSFT_Disk' -Property $prop -Value (@($val) -join ', '))
                return
            }
        } else {
            $numbers = @($all | ForEach-Object { [int]$_.number })
        }
        foreach ($n in $numbers) {
            $disk = Get-SimDisk -Machine $m -Number $n
            if ($null -eq $disk) {
                Write-SimError -Caller $PSCmdlet -Record (New-SimNotFoundErrorRecord -Class 'MSFT_Disk' -Property 'Number' -Value $n)
                continue
            }
            ConvertTo-SimDiskObject -Disk $disk
        }
    }
}

# ---------------------------------------------------------------------------------------------------------
# Get-PhysicalDisk
# ---------------------------------------------------------------------------------------------------------

function ConvertTo-SimPhysicalDiskObject {
    # MSFT_PhysicalDisk as Get-PhysicalDisk shows it (https://learn.microsoft.com/windows-hardware/drivers/storage/msft-physicaldisk;
    # the Storage module prints MediaType, BusType, HealthStatus, OperationalStatus, Usage as strings, as it does for
    # MSFT_Disk: docs/reference/storage-cmdlets.md#enums-as-strings-in-json). One physical disk per simulated disk:
    # DeviceId is the disk number as a string (the column Get-PhysicalDisk prints first).
    # ASSUMPTION: a disk holding Windows cannot join a storage pool: CanPool False, CannotPoolReason
    # 'Insufficient Capacity' (no unallocated space) - the values usually seen on a laptop's only disk.
    param([Parameter(Mandatory = $true)] $Disk)
    $media = [string](Get-SimProp $Disk 'mediaType' '')
    if ([string]::IsNullOrEmpty($media)) {
        $media = 'Unspecified'
        if ([string]$Disk.busType -eq 'NVMe') { $media = 'SSD' }
    }
    $health = [string](Get-SimProp $Disk 'healthStatus' 'Healthy')
    $op = 'OK'
    if ($health -eq 'Warning') { $op = 'Degraded' }
    if ($health -eq 'Unhealthy') { $op = 'Lost Communication' }
    # SpindleSpeed: 0 for solid state, 4294967295 (UInt32 max) when unknown (msft-physicaldisk).
    $spindle = [uint32]4294967295
    if ($media -eq 'SSD' -or $media -eq 'SCM') { $spindle = [uint32]0 }
    $computer = [string](Get-SimProp $script:SimCurrentMachineOs 'computerName' 'LOCALHOST')
    $obj = [pscustomobject][ordered]@{
        PSTypeName        = $script:SimTypeNs + 'MSFT_PhysicalDisk'
        ObjectId          = '{1}\\' + $computer + '\root/Microsoft/Windows/Storage/Providers_v2\SPACES_PhysicalDisk.ObjectId="{00000000-0000-0000-0000-000000000000}:PD:{' + ([string]$Disk.uniqueId) + '}"'
        UniqueId          = [string]$Disk.uniqueId
        Description       = ''
        FriendlyName      = [string]$Disk.friendlyName
        HealthStatus      = $health
        Manufacturer      = $null
        Model             = [string]$Disk.friendlyName
        OperationalStatus = $op
        PhysicalLocation  = ''
        SerialNumber      = [string](Get-SimProp $Disk 'serialNumber' '')
        AllocatedSize     = [uint64]$Disk.size
        BusType           = [string]$Disk.busType
        CannotPoolReason  = 'Insufficient Capacity'
        CanPool           = $false
        DeviceId          = [string]$Disk.number
        FirmwareVersion   = ''
        IsPartial         = $true
        LogicalSectorSize = [uint64]$Disk.logicalSectorSize
        MediaType         = $media
        PhysicalSectorSize = [uint64]$Disk.physicalSectorSize
        Size              = [uint64]$Disk.size
        SpindleSpeed      = $spindle
        Usage             = 'Auto-Select'
    }
    return (Add-SimCimTypeNames -Object $obj -Class 'MSFT_PhysicalDisk')
}

function Get-PhysicalDisk {
    # Parameter sets as https://learn.microsoft.com/powershell/module/storage/get-physicaldisk declares them (the
    # simulated subset): ByUniqueId (default, -UniqueId alias Id), ByObjectId, ByName (-FriendlyName position 0,
    # -SerialNumber position 1), with the filters -Usage, -Description, -Manufacturer, -Model, -CanPool,
    # -HealthStatus. Strings match with wildcards. Nothing matched: the CDXML not-found error.
    [CmdletBinding(DefaultParameterSetName = 'ByUniqueId')]
    param(
        [Parameter(ParameterSetName = 'ByUniqueId', ValueFromPipeline = $true)][Alias('Id')][string] $UniqueId,
        [Parameter(ParameterSetName = 'ByObjectId', ValueFromPipeline = $true)][Alias('PhysicalDiskObjectId')][string] $ObjectId,
        [Parameter(ParameterSetName = 'ByName', Position = 0, ValueFromPipeline = $true)][string] $FriendlyName,
        [Parameter(ParameterSetName = 'ByName', Position = 1, ValueFromPipeline = $true)][string] $SerialNumber,
        [string] $Usage,
        [string] $Description,
        [string] $Manufacturer,
        [string] $Model,
        [bool] $CanPool,
        [string] $HealthStatus
    )
    process {
        $m = Open-SimCommand -Command 'Get-PhysicalDisk' -Caller $PSCmdlet -TargetClass 'MSFT_PhysicalDisk'
        if ($null -eq $m) { return }
        $all = @(@($m.disks) | Sort-Object -Property { [int]$_.number } | ForEach-Object { ConvertTo-SimPhysicalDiskObject -Disk $_ })
        $hit = @($all)
        foreach ($name in @('UniqueId', 'ObjectId', 'FriendlyName', 'SerialNumber', 'Usage', 'Description', 'Manufacturer', 'Model', 'HealthStatus')) {
            if (-not $PSBoundParameters.ContainsKey($name)) { continue }
            $want = [string]$PSBoundParameters[$name]
            $hit = @($hit | Where-Object { [string]$_.$name -like $want })
            if ($hit.Count -eq 0) {
                Write-SimError -Caller $PSCmdlet -Record (New-SimNotFoundErrorRecord -Class 'MSFT_PhysicalDisk' -Property $name -Value $want)
                return
            }
        }
        if ($PSBoundParameters.ContainsKey('CanPool')) { $hit = @($hit | Where-Object { $_.CanPool -eq $CanPool }) }
        $hit
    }
}

# ---------------------------------------------------------------------------------------------------------
# Get-Partition
# ---------------------------------------------------------------------------------------------------------

function Get-Partition {
    # Parameter sets as https://learn.microsoft.com/powershell/module/storage/get-partition declares them:
    # ByNumber (-DiskNumber ByPropertyName, so `Get-Disk -Number 0 | Get-Partition -PartitionNumber 3` binds the
    # disk's DiskNumber; -PartitionNumber alias Number), ByDriveLetter, ById (-DiskId alias DiskPath, -Offset),
    # ByDisk (-Disk, an MSFT_Disk, ByValue), ByVolume (-Volume, an MSFT_Volume, ByValue), ByUniqueId.
    # ASSUMPTION: ByNumber stays the default set (Windows 10's module; the 2022 page names ByUniqueId, which
    # behaves the same with no argument: every partition).
    [CmdletBinding(DefaultParameterSetName = 'ByNumber')]
    param(
        [Parameter(ParameterSetName = 'ByNumber', Position = 0, ValueFromPipelineByPropertyName = $true)][uint32[]] $DiskNumber,
        [Parameter(ParameterSetName = 'ByNumber', Position = 1)][Alias('Number')][uint32[]] $PartitionNumber,
        [Parameter(ParameterSetName = 'ByDriveLetter', ValueFromPipelineByPropertyName = $true)][char[]] $DriveLetter,
        [Parameter(ParameterSetName = 'ById', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('DiskPath')][string[]] $DiskId,
        [Parameter(ParameterSetName = 'ById', ValueFromPipelineByPropertyName = $true)][uint64[]] $Offset,
        [Parameter(ParameterSetName = 'ByUniqueId', ValueFromPipelineByPropertyName = $true)][string[]] $UniqueId,
        [Parameter(ParameterSetName = 'ByDisk', ValueFromPipeline = $true)][PSTypeName('Microsoft.Management.Infrastructure.CimInstance#MSFT_Disk')][psobject] $Disk,
        [Parameter(ParameterSetName = 'ByVolume', ValueFromPipeline = $true)][PSTypeName('Microsoft.Management.Infrastructure.CimInstance#MSFT_Volume')][psobject] $Volume
    )
    process {
        $m = Open-SimCommand -Command 'Get-Partition' -Caller $PSCmdlet
        if ($null -eq $m) { return }
        if ($PSCmdlet.ParameterSetName -eq 'ById' -or $PSCmdlet.ParameterSetName -eq 'ByUniqueId') {
            $entries = @(Get-SimPartitionEntries -Machine $m | Sort-Object -Property { [int]$_.Disk.number }, { [int]$_.Partition.number })
            if ($PSCmdlet.ParameterSetName -eq 'ById') {
                $hit = @($entries | Where-Object { $DiskId -contains (Get-SimDiskPath -Disk $_.Disk) -and ($null -eq $Offset -or $Offset -contains [uint64]$_.Partition.offset) })
                if ($hit.Count -eq 0) { Write-SimError -Caller $PSCmdlet -Record (New-SimNotFoundErrorRecord -Class 'MSFT_Partition' -Property 'DiskId' -Value (@($DiskId) -join ', ')); return }
            } else {
                $hit = @($entries | Where-Object { $UniqueId -contains (Get-SimPartitionUniqueId -Disk $_.Disk -Partition $_.Partition) })
                if ($null -eq $UniqueId) { $hit = $entries }
                if ($hit.Count -eq 0) { Write-SimError -Caller $PSCmdlet -Record (New-SimNotFoundErrorRecord -Class 'MSFT_Partition' -Property 'UniqueId' -Value (@($UniqueId) -join ', ')); return }
            }
            foreach ($h in $hit) { ConvertTo-SimPartitionObject -Disk $h.Disk -Partition $h.Partition }
            return
        }
        if ($PSCmdlet.ParameterSetName -eq 'ByVolume') {
            foreach ($e in @(Get-SimPartitionEntries -Machine $m)) {
                if ($null -ne $e.Volume -and ('\\?\Volume' + $e.Volume.guid + '\') -eq [string]$Volume.Path) {
                    ConvertTo-SimPartitionObject -Disk $e.Disk -Partition $e.Partition
                }
            }
            return
        }
        if ($PSCmdlet.ParameterSetName -eq 'ByDisk') { $DiskNumber = @([uint32]$Disk.Number) }
        if ($PSCmdlet.ParameterSetName -eq 'ByDriveLetter') {
            foreach ($l in $DriveLetter) {
                $letter = ([string]$l).ToUpperInvariant()
                $e = Find-SimPartition -Machine $m -DriveLetter $letter
                if ($null -eq $e) {
                    Write-SimError -Caller $PSCmdlet -Record (New-SimNotFoundErrorRecord -Class 'MSFT_Partition' -Property 'DriveLetter' -Value $letter)
                    continue
                }
                ConvertTo-SimPartitionObject -Disk $e.Disk -Partition $e.Partition
            }
            return
        }
        $disks = @()
        if ($null -ne $DiskNumber -and @($DiskNumber).Count -gt 0) {
            foreach ($dn in $DiskNumber) {
                $d = Get-SimDisk -Machine $m -Number ([int]$dn)
                if ($null -eq $d) {
                    Write-SimError -Caller $PSCmdlet -Record (New-SimNotFoundErrorRecord -Class 'MSFT_Partition' -Property 'DiskNumber' -Value $dn)
                    continue
                }
                $disks += $d
            }
        } else {
            $disks = @(@($m.disks) | Sort-Object -Property { [int]$_.number })
        }
        foreach ($d in $disks) {
            $parts = @(@($d.partitions) | Where-Object { $null -ne $_ } | Sort-Object -Property { [int]$_.number })
            if ($null -ne $PartitionNumber -and @($PartitionNumber).Count -gt 0) {
                foreach ($pn in $PartitionNumber) {
                    $hit = @($parts | Where-Object { [int]$_.number -eq [int]$pn })
                    if ($hit.Count -eq 0) {
                        Write-SimError -Caller $PSCmdlet -Record (New-SimNotFoundErrorRecord -Class 'MSFT_Partition' -Property 'PartitionNumber' -Value $pn)
                        continue
                    }
                    ConvertTo-SimPartitionObject -Disk $d -Partition $hit[0]
                }
            } else {
                foreach ($p in $parts) { ConvertTo-SimPartitionObject -Disk $d -Partition $p }
            }
        }
    }
}

# ---------------------------------------------------------------------------------------------------------
# Get-PartitionSupportedSize
# ---------------------------------------------------------------------------------------------------------

function Get-PartitionSupportedSize {
    [CmdletBinding(DefaultParameterSetName = 'ByNumber')]
    param(
        [Parameter(ParameterSetName = 'ByNumber', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][uint32[]] $DiskNumber,
        [Parameter(ParameterSetName = 'ByNumber', Mandatory = $true, Position = 1)][Alias('Number')][uint32[]] $PartitionNumber,
        [Parameter(ParameterSetName = 'ByDriveLetter', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][char[]] $DriveLetter,
        [Parameter(ParameterSetName = 'ById', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][string[]] $DiskId,
        [Parameter(ParameterSetName = 'ById', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][uint64[]] $Offset,
        [Parameter(ParameterSetName = 'InputObject (cdxml)', Mandatory = $true, ValueFromPipeline = $true)][PSTypeName('Microsoft.Management.Infrastructure.CimInstance#MSFT_Partition')][psobject[]] $InputObject
    )
    process {
        $m = Open-SimCommand -Command 'Get-PartitionSupportedSize' -Caller $PSCmdlet
        if ($null -eq $m) { return }
        if (-not [bool]$m.os.isElevated) {
            # Non-admin: 'Access to a CIM resource was not available to the client.' / MI RESULT 2 /
            # PermissionDenied (docs/reference/storage-cmdlets.md#error-records, MicrosoftDocs/windowsserverdocs issue #4647).
            $ex = New-Object -TypeName $script:SimCimExceptionType.FullName -ArgumentList 'Access to a CIM resource was not available to the client.'
            $rec = New-Object System.Management.Automation.ErrorRecord -ArgumentList $ex, 'MI RESULT 2', ([System.Management.Automation.ErrorCategory]::PermissionDenied), $null
            $rec.CategoryInfo.TargetName = 'MSFT_Partition'
            $rec.CategoryInfo.TargetType = 'ROOT/Microsoft/.../MSFT_Partition'
            Write-SimError -Caller $PSCmdlet -Record $rec
            return
        }
        # One pass per addressed partition (the CDXML parameters are arrays; the pipeline gives one at a time).
        foreach ($e in @(Resolve-SimPartitionTargets -Machine $m -Caller $PSCmdlet -Bound $PSBoundParameters)) {
            & {
                $s = Get-SimSupportedSizes -Disk $e.Disk -Partition $e.Partition
                [pscustomobject][ordered]@{
                    PSTypeName = 'Microsoft.Management.Infrastructure.CimMethodResult#MSFT_Partition#GetSupportedSize'
                    SizeMin    = [uint64]$s.SizeMin
                    SizeMax    = [uint64]$s.SizeMax
                }
            }
        }
    }
}

# ---------------------------------------------------------------------------------------------------------
# Resize-Partition
# ---------------------------------------------------------------------------------------------------------

function Resize-Partition {
    [CmdletBinding(DefaultParameterSetName = 'ByNumber', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(ParameterSetName = 'ByNumber', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][uint32[]] $DiskNumber,
        [Parameter(ParameterSetName = 'ByNumber', Mandatory = $true, Position = 1)][Alias('Number')][uint32[]] $PartitionNumber,
        [Parameter(ParameterSetName = 'ByDriveLetter', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][char[]] $DriveLetter,
        [Parameter(ParameterSetName = 'ById', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][string[]] $DiskId,
        [Parameter(ParameterSetName = 'ById', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][uint64[]] $Offset,
        [Parameter(ParameterSetName = 'InputObject (cdxml)', Mandatory = $true, ValueFromPipeline = $true)][PSTypeName('Microsoft.Management.Infrastructure.CimInstance#MSFT_Partition')][psobject[]] $InputObject,
        [Parameter(Mandatory = $true, Position = 2)][uint64] $Size,
        [switch] $PassThru
    )
    process {
        $cmd = 'Resize-Partition'
        $m = Open-SimCommand -Command $cmd -Caller $PSCmdlet
        if ($null -eq $m) { return }
        # One pass per addressed partition (the CDXML parameters are arrays; the pipeline gives one at a time).
        foreach ($e in @(Resolve-SimPartitionTargets -Machine $m -Caller $PSCmdlet -Bound $PSBoundParameters)) {
            & {
                if (-not (Assert-SimElevated -Machine $m -Cmdlet $cmd -Caller $PSCmdlet)) { return }
                $part = $e.Partition
                $current = [long]$part.size
                $target = [long]$Size
                $volume = $e.Volume
                # "supported only on NTFS-formatted partitions and RAW partitions" (msft-partition-resize.md): 42009.
                if ($null -ne $volume -and @('NTFS', 'RAW') -notcontains [string]$volume.fileSystem) {
                    Write-SimNamedError -Caller $PSCmdlet -Name 'UnknownFileSystem' -Cmdlet $cmd; return
                }
                # Same size: 'The partition is already the requested size.' (docs/reference/storage-cmdlets.md#error-records).
                if ($target -eq $current) { Write-SimNamedError -Caller $PSCmdlet -Name 'AlreadyRequestedSize' -Cmdlet $cmd; return }
                # A change under 1 MiB: 'The size of the extent is less than the minimum of 1MB.' (docs/reference/storage-cmdlets.md#error-records).
                if ([math]::Abs($target - $current) -lt $script:SimMiB) {
                    Write-SimNamedError -Caller $PSCmdlet -Name 'ExtentLessThanMinimum' -Cmdlet $cmd; return
                }
                $sizes = Get-SimSupportedSizes -Disk $e.Disk -Partition $part
                $shrink = $target -lt $current
                # Dirty bit: 42008 'Cannot shrink a partition containing a volume with errors.' (msft-partition-resize;
                # docs/reference/tools-landscape.md#f12-shrink-refused-near-sizemin).
                # ASSUMPTION: a volume whose health is not Healthy ('Full Repair Needed', docs/reference/storage-cmdlets.md#get-volume) is refused the same way.
                if ($shrink -and $null -ne $volume -and ([bool]$volume.dirty -or [string]$volume.healthStatus -ne 'Healthy')) {
                    Write-SimNamedError -Caller $PSCmdlet -Name 'DirtyVolume' -Cmdlet $cmd; return
                }
                if (Test-SimConversionBlocksResize -Volume $volume) {
                    Write-SimNamedError -Caller $PSCmdlet -Name 'Failed' -Cmdlet $cmd; return
                }
                # Above SizeMax: 'Size Not Supported' without extended text (docs/reference/storage-cmdlets.md#error-records, bosh-agent #435).
                if ($target -gt [long]$sizes.SizeMax) { Write-SimNamedError -Caller $PSCmdlet -Name 'SizeNotSupported' -Cmdlet $cmd; return }
                # Below SizeMin: 4097 'Size Not Supported' (bosh-agent #434; docs/reference/storage-cmdlets.md#error-records) with the VDS
                # shrink-too-big text as extended information (docs/reference/storage-cmdlets.md#error-records; ASSUMPTION on the pairing).
                if ($target -lt [long]$sizes.SizeMin) {
                    Register-SimUnmovableRefusal -Machine $m -Volume $volume -Target $target
                    Write-SimNamedError -Caller $PSCmdlet -Name 'ShrinkTooBig' -Cmdlet $cmd; return
                }
                $label = 'disk ' + $e.Disk.number + ' partition ' + $part.number + ' size ' + $current + ' -> ' + $target
                if (-not $PSCmdlet.ShouldProcess($label, $cmd)) { return }
                $null = Invoke-SimMutation -Machine $m -Command $cmd -Detail $label -Action {
                    param($mm)
                    $delta = $target - $current
                    $part.size = $target
                    # The file system grows/shrinks with the partition; its data (usedBytes, files, fingerprint) stays.
                    if ($null -ne $volume -and $volume.fileSystem -eq 'NTFS') { $volume.size = [long]$volume.size + $delta }
                    if ($null -ne $volume -and $volume.fileSystem -eq 'RAW') { $volume.size = $target }
                }
                if ($PassThru) { ConvertTo-SimPartitionObject -Disk $e.Disk -Partition $part }
            }
        }
    }
}

# ---------------------------------------------------------------------------------------------------------
# Remove-Partition
# ---------------------------------------------------------------------------------------------------------

function Set-SimRenumberPending {
    # Partition numbers are not renumbered until the next boot (docs/reference/storage-cmdlets.md#get-partition: a partition created in a
    # gap got number 5 and is listed before 4; docs/reference/storage-cmdlets.md#diskpart-list-disk-and-partition-numbers). The reboot rescans them in offset order.
    param([Parameter(Mandatory = $true)] $Machine)
    $pending = Get-SimProp $Machine 'pendingReboot'
    if ($null -eq $pending) {
        $pending = [pscustomobject]@{}
        Set-SimProp $Machine 'pendingReboot' $pending
    }
    Set-SimProp $pending 'renumber' $true
}

function Remove-Partition {
    [CmdletBinding(DefaultParameterSetName = 'ByNumber', SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(ParameterSetName = 'ByNumber', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][uint32[]] $DiskNumber,
        [Parameter(ParameterSetName = 'ByNumber', Mandatory = $true, Position = 1)][Alias('Number')][uint32[]] $PartitionNumber,
        [Parameter(ParameterSetName = 'ByDriveLetter', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][char[]] $DriveLetter,
        [Parameter(ParameterSetName = 'ById', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][string[]] $DiskId,
        [Parameter(ParameterSetName = 'ById', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][uint64[]] $Offset,
        [Parameter(ParameterSetName = 'InputObject (cdxml)', Mandatory = $true, ValueFromPipeline = $true)][PSTypeName('Microsoft.Management.Infrastructure.CimInstance#MSFT_Partition')][psobject[]] $InputObject,
        [switch] $PassThru
    )
    process {
        $cmd = 'Remove-Partition'
        $m = Open-SimCommand -Command $cmd -Caller $PSCmdlet
        if ($null -eq $m) { return }
        # One pass per addressed partition (the CDXML parameters are arrays; the pipeline gives one at a time).
        foreach ($e in @(Resolve-SimPartitionTargets -Machine $m -Caller $PSCmdlet -Bound $PSBoundParameters)) {
            & {
                if (-not (Assert-SimElevated -Machine $m -Cmdlet $cmd -Caller $PSCmdlet)) { return }
                $part = $e.Partition
                # The running Windows and the system partition cannot be deleted (delete-partition docs); the exact
                # PowerShell text is not captured: ASSUMPTION 'In Use' (DeleteObject code 6, docs/reference/storage-cmdlets.md#error-records).
                if ([bool]$part.isBoot -or [bool]$part.isSystem) {
                    Write-SimNamedError -Caller $PSCmdlet -Name 'InUse' -Cmdlet $cmd; return
                }
                $label = 'disk ' + $e.Disk.number + ' partition ' + $part.number + ' at ' + $part.offset
                if (-not $PSCmdlet.ShouldProcess($label, $cmd)) { return }
                $disk = $e.Disk
                $null = Invoke-SimMutation -Machine $m -Command $cmd -Detail $label -Action {
                    param($mm)
                    $disk.partitions = @(@($disk.partitions) | Where-Object { $null -ne $_ -and [long]$_.offset -ne [long]$part.offset })
                    Set-SimRenumberPending -Machine $mm
                }
                if ($PassThru) { ConvertTo-SimPartitionObject -Disk $disk -Partition $part }
            }
        }
    }
}

# ---------------------------------------------------------------------------------------------------------
# New-Partition
# ---------------------------------------------------------------------------------------------------------

function New-Partition {
    # Parameter sets as https://learn.microsoft.com/powershell/module/storage/new-partition declares them:
    # ByNumber (-DiskNumber, ByPropertyName), ByUniqueId (-DiskId alias Id), ByPath (-DiskPath), InputObject (cdxml)
    # (-InputObject, MSFT_Disk objects, ByValue: `Get-Disk -Number 0 | New-Partition ...`).
    [CmdletBinding(DefaultParameterSetName = 'ByNumber')]
    param(
        [Parameter(ParameterSetName = 'ByNumber', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][uint32[]] $DiskNumber,
        [Parameter(ParameterSetName = 'ByUniqueId', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('Id')][string[]] $DiskId,
        [Parameter(ParameterSetName = 'ByPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][string[]] $DiskPath,
        [Parameter(ParameterSetName = 'InputObject (cdxml)', Mandatory = $true, ValueFromPipeline = $true)][PSTypeName('Microsoft.Management.Infrastructure.CimInstance#MSFT_Disk')][psobject[]] $InputObject,
        [uint64] $Size,
        [switch] $UseMaximumSize,
        [uint64] $Offset,
        [uint32] $Alignment,
        [Alias('NewDriveLetter')][char] $DriveLetter,
        [switch] $AssignDriveLetter,
        [string] $MbrType,
        [string] $GptType,
        [switch] $IsHidden,
        [switch] $IsActive
    )
    process {
        $cmd = 'New-Partition'
        $m = Open-SimCommand -Command $cmd -Caller $PSCmdlet -TargetClass 'MSFT_Disk'
        if ($null -eq $m) { return }
        $simBound = $PSBoundParameters
        $targets = @()
        switch ($PSCmdlet.ParameterSetName) {
            'InputObject (cdxml)' { foreach ($io in $InputObject) { $targets += , @('Number', [string]$io.Number, { param($d, $v) [string]$d.number -eq $v }) } }
            'ByUniqueId' { foreach ($v in $DiskId) { $targets += , @('UniqueId', $v, { param($d, $v) [string]$d.uniqueId -eq $v }) } }
            'ByPath' { foreach ($v in $DiskPath) { $targets += , @('Path', $v, { param($d, $v) (Get-SimDiskPath -Disk $d) -eq $v }) } }
            default { foreach ($v in $DiskNumber) { $targets += , @('Number', [string]$v, { param($d, $v) [string]$d.number -eq $v }) } }
        }
        foreach ($t in $targets) {
            $disk = @(@($m.disks) | Where-Object { & $t[2] $_ $t[1] }) | Select-Object -First 1
            if ($null -eq $disk) {
                Write-SimError -Caller $PSCmdlet -Record (New-SimNotFoundErrorRecord -Class 'MSFT_Disk' -Property $t[0] -Value $t[1]); continue
            }
            & {
                if (-not (Assert-SimElevated -Machine $m -Cmdlet $cmd -Caller $PSCmdlet -TargetClass 'MSFT_Disk')) { return }
                # Exactly one of -Size / -UseMaximumSize: 40005 (storage-management-api-common-return-codes).
                if ($simBound.ContainsKey('Size') -eq [bool]$UseMaximumSize) {
                    $rec = New-SimCimErrorRecord -Cmdlet $cmd -Code 40005 -Message 'You must specify a size by using either the Size or the UseMaximumSize parameter. You can specify only one of these parameters at a time.' -Category InvalidArgument -TargetType 'ROOT/Microsoft/Windows/Storage/MSFT_Disk'
                    Write-SimError -Caller $PSCmdlet -Record $rec; return
                }
                if ([bool]$disk.isOffline) { Write-SimNamedError -Caller $PSCmdlet -Name 'DiskOffline' -Cmdlet $cmd -TargetClass 'MSFT_Disk'; return }
                if ([bool]$disk.isReadOnly) { Write-SimNamedError -Caller $PSCmdlet -Name 'DiskReadOnly' -Cmdlet $cmd -TargetClass 'MSFT_Disk'; return }
                $isGpt = $disk.partitionStyle -eq 'GPT'
                $existing = @(Get-SimSortedPartitions -Disk $disk)
                # MBR: 4 primary partitions at most (configure-biosmbr; VDS_E_PARTITION_LIMIT_REACHED): 41004.
                # GPT: 128 entries (configure-uefigpt).
                $limit = 128
                if (-not $isGpt) { $limit = 4 }
                if ($existing.Count -ge $limit) { Write-SimNamedError -Caller $PSCmdlet -Name 'PartitionLimit' -Cmdlet $cmd -TargetClass 'MSFT_Disk'; return }
                # Type: default basic data on GPT, Huge on MBR (New-Partition.md). -MbrType takes the enum names or a number.
                $gpt = $null; $mbr = $null
                if ($isGpt) {
                    $gpt = $script:SimGptBasic
                    if ($simBound.ContainsKey('GptType')) {
                        if ($GptType -notmatch '^\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}$') {
                            Write-SimNamedError -Caller $PSCmdlet -Name 'InvalidPartitionType' -Cmdlet $cmd -TargetClass 'MSFT_Disk'; return
                        }
                        $gpt = $GptType.ToLowerInvariant()
                    }
                } else {
                    $mbr = 6
                    if ($simBound.ContainsKey('MbrType')) {
                        if ($script:SimMbrTypeByName.ContainsKey($MbrType)) { $mbr = $script:SimMbrTypeByName[$MbrType] }
                        elseif ($MbrType -match '^(0x[0-9A-Fa-f]+|\d+)$') { $mbr = [int]$MbrType }
                        else { Write-SimNamedError -Caller $PSCmdlet -Name 'InvalidPartitionType' -Cmdlet $cmd -TargetClass 'MSFT_Disk'; return }
                    }
                }
                # createpartition-msft-disk.md: -DriveLetter and -AssignDriveLetter together, or a type of the other
                # partition style, are invalid parameters.
                if (($simBound.ContainsKey('DriveLetter') -and $AssignDriveLetter) -or ($isGpt -and $simBound.ContainsKey('MbrType')) -or (-not $isGpt -and $simBound.ContainsKey('GptType'))) {
                    Write-SimNamedError -Caller $PSCmdlet -Name 'InvalidParameter' -Cmdlet $cmd -TargetClass 'MSFT_Disk'; return
                }
                # Placement (createpartition-msft-disk.md): -UseMaximumSize "will fill the largest free extent on the disk";
                # -Size goes to the first free extent that fits (diskpart create-partition docs; docs/reference/storage-cmdlets.md#cmdlets-that-change-partitions,
                # inferred for New-Partition). Starts are aligned to 1 MiB (docs/reference/storage-cmdlets.md#alignment-and-disk-end); an unaligned -Offset is
                # "rounded up or down to the closest alignment boundary".
                $align = $script:SimMiB
                if ($simBound.ContainsKey('Alignment') -and $Alignment -gt 0) { $align = [long]$Alignment }
                $want = $null
                if ($simBound.ContainsKey('Offset')) {
                    $want = [long]([math]::Round([long]$Offset / [double]$align, [System.MidpointRounding]::AwayFromZero)) * $align
                    # An offset that is not in free space: 41012 'The specified offset is not valid.' (return-code table;
                    # ASSUMPTION that this is the code New-Partition gives for an offset inside a partition).
                    $inFree = @(Get-SimFreeExtents -Disk $disk | Where-Object { $want -ge $_.Start -and $want -lt $_.End }).Count -gt 0
                    if (-not $inFree) { Write-SimNamedError -Caller $PSCmdlet -Name 'InvalidOffset' -Cmdlet $cmd; return }
                }
                $chosen = $null
                foreach ($raw in (Get-SimFreeExtents -Disk $disk)) {
                    $start = Get-SimAlignUp -Value $raw.Start -Unit $align
                    $end = Get-SimAlignDown -Value $raw.End -Unit $script:SimMiB
                    if ($null -ne $want) {
                        if ($want -lt $raw.Start -or $want -ge $raw.End) { continue }
                        $start = $want
                    }
                    if ($end -le $start) { continue }
                    if ($UseMaximumSize) {
                        if ($null -eq $chosen -or ($end - $start) -gt $chosen.Size) { $chosen = @{ Start = $start; Size = $end - $start } }
                        continue
                    }
                    if ($start + [long]$Size -le $end) {
                        $chosen = @{ Start = $start; Size = [long]$Size }
                        break
                    }
                }
                if ($null -eq $chosen) {
                    # No room: 'Not enough available capacity' StorageWMI 40000 on MSFT_Disk (docs/reference/storage-cmdlets.md#error-records).
                    Write-SimNamedError -Caller $PSCmdlet -Name 'NotEnoughCapacity' -Cmdlet $cmd; return
                }
                # "If the drive letter is not available, the partition will be created, but error '42002' will be
                # returned"; -AssignDriveLetter with no letter left creates it without one (createpartition-msft-disk.md).
                $letter = $null
                $letterTaken = $false
                if ($simBound.ContainsKey('DriveLetter')) {
                    $letter = ([string]$DriveLetter).ToUpperInvariant()
                    if ((Get-SimUsedLetters -Machine $m).ContainsKey($letter)) { $letter = $null; $letterTaken = $true }
                } elseif ($AssignDriveLetter) {
                    $letter = Get-SimNextFreeLetter -Machine $m
                }
                # The next free partition number; nothing else renumbers until a reboot (docs/reference/storage-cmdlets.md#get-partition; captures
                # 2.1 keeps 4 when 4 was deleted first, 2.4 gives 5 to a partition created before 4).
                $used = @{}
                foreach ($p in $existing) { $used[[int]$p.number] = $true }
                $number = 1
                while ($used.ContainsKey($number)) { $number++ }
                $guid = New-SimGuid
                $record = [ordered]@{
                    number   = $number
                    offset   = [long]$chosen.Start
                    size     = [long]$chosen.Size
                }
                if ($isGpt) {
                    $record['gptType'] = $gpt
                    $record['gptAttributes'] = '0x0000000000000000'
                    $record['guid'] = $guid
                } else {
                    $record['mbrType'] = $mbr
                }
                if ($letter) { $record['driveLetter'] = $letter }
                $record['isBoot'] = $false
                $record['isSystem'] = $false
                $record['isActive'] = [bool]$IsActive -and -not $isGpt
                # ASSUMPTION: a recovery-typed partition reports IsHidden (docs/reference/storage-cmdlets.md#captured-get-partition-output shows IsHidden True on one).
                $record['isHidden'] = [bool]$IsHidden -or ($gpt -eq $script:SimGptRecovery) -or ($mbr -eq $script:SimMbrRecovery)
                if ([bool]$IsHidden -and $isGpt) { $record['gptAttributes'] = '0x4000000000000000' }
                # A new partition carries a RAW volume until it is formatted. ASSUMPTION: on GPT its volume GUID equals
                # the partition GUID (docs/reference/storage-cmdlets.md#captured-get-partition-output: GPT volume GUIDs equal the partition Guid); on MBR a fresh GUID.
                $volGuid = $guid
                if (-not $isGpt) { $volGuid = New-SimGuid }
                $record['volume'] = [pscustomobject][ordered]@{
                    guid = $volGuid; fileSystem = 'RAW'; label = ''; size = [long]$chosen.Size; usedBytes = 0
                    dirty = $false; healthStatus = 'Healthy'; files = @()
                }
                $newPart = [pscustomobject]$record
                $detail = 'disk ' + $disk.number + ' new partition ' + $number + ' at ' + $chosen.Start + ' size ' + $chosen.Size
                $null = Invoke-SimMutation -Machine $m -Command $cmd -Detail $detail -Action {
                    param($mm)
                    $disk.partitions = @(@($disk.partitions) + $newPart)
                    Set-SimRenumberPending -Machine $mm
                }
                if ($letterTaken) { Write-SimNamedError -Caller $PSCmdlet -Name 'AccessPathInUse' -Cmdlet $cmd }
                ConvertTo-SimPartitionObject -Disk $disk -Partition $newPart
            }
        }
    }
}

# ---------------------------------------------------------------------------------------------------------
# Set-Partition
# ---------------------------------------------------------------------------------------------------------

function Set-SimGptAttributeBit {
    # $BitHex: the attribute bit as 16 hex digits (e.g. '4000000000000000'); returns '0x' + 16 lower-case hex.
    param([string] $Attributes, [string] $BitHex, [bool] $On)
    $value = [uint64]0
    if ($Attributes) { $value = [Convert]::ToUInt64($Attributes.Substring(2), 16) }
    $bit = [Convert]::ToUInt64($BitHex, 16)
    if ($On) { $value = $value -bor $bit } else { $value = $value -band ([uint64]::MaxValue - $bit) }
    return '0x' + $value.ToString('x16')
}

function Update-SimHiddenFromType {
    # After a type change: a recovery type reads as hidden (docs/reference/storage-cmdlets.md#captured-get-partition-output IsHidden True; diskpart 'Hidden : Yes' in
    # docs/reference/storage-cmdlets.md#diskpart-detail-partition with attributes that lack the hidden bit), basic data as not hidden unless GPT bit 62 is set.
    # ASSUMPTION: other types keep their flag.
    param([Parameter(Mandatory = $true)] $Partition)
    if (Test-SimRecoveryType -Partition $Partition) { $Partition.isHidden = $true; return }
    $gpt = [string](Get-SimProp $Partition 'gptType' '')
    $mbr = Get-SimProp $Partition 'mbrType'
    if ($gpt -eq $script:SimGptBasic -or ($null -ne $mbr -and @(6, 7, 12) -contains [int]$mbr)) {
        $attrs = [string](Get-SimProp $Partition 'gptAttributes' '0x0000000000000000')
        $Partition.isHidden = ([Convert]::ToUInt64($attrs.Substring(2), 16) -band [Convert]::ToUInt64('4000000000000000', 16)) -ne 0
    }
}

function Set-Partition {
    # Parameter sets as https://learn.microsoft.com/powershell/module/storage/set-partition declares them: each
    # addressing (ByNumber, ByDriveLetter, ById, ByObject = -InputObject MSFT_Partition ByValue) comes in three
    # sets, plain (-IsOffline), *AccessPath (-NewDriveLetter) and *Attributes (-IsReadOnly, -NoDefaultDriveLetter,
    # -IsActive, -IsHidden, -IsShadowCopy, -IsDAX, -MbrType, -GptType), so -NewDriveLetter and an attribute in one
    # call do not bind, as on Windows. Default ByNumberAttributes.
    [CmdletBinding(DefaultParameterSetName = 'ByNumberAttributes')]
    param(
        [Parameter(ParameterSetName = 'ByNumber', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Parameter(ParameterSetName = 'ByNumberAccessPath', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Parameter(ParameterSetName = 'ByNumberAttributes', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][uint32] $DiskNumber,
        [Parameter(ParameterSetName = 'ByNumber', Mandatory = $true, Position = 1)]
        [Parameter(ParameterSetName = 'ByNumberAccessPath', Mandatory = $true, Position = 1)]
        [Parameter(ParameterSetName = 'ByNumberAttributes', Mandatory = $true, Position = 1)][Alias('Number')][uint32] $PartitionNumber,
        [Parameter(ParameterSetName = 'ByDriveLetter', Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [Parameter(ParameterSetName = 'ByDriveLetterAccessPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [Parameter(ParameterSetName = 'ByDriveLetterAttributes', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][char] $DriveLetter,
        [Parameter(ParameterSetName = 'ById', Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [Parameter(ParameterSetName = 'ByIdAccessPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [Parameter(ParameterSetName = 'ByIdAttributes', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][string] $DiskId,
        [Parameter(ParameterSetName = 'ById', Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [Parameter(ParameterSetName = 'ByIdAccessPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [Parameter(ParameterSetName = 'ByIdAttributes', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][uint64] $Offset,
        [Parameter(ParameterSetName = 'ByObject', Mandatory = $true, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'ByObjectAccessPath', Mandatory = $true, ValueFromPipeline = $true)]
        [Parameter(ParameterSetName = 'ByObjectAttributes', Mandatory = $true, ValueFromPipeline = $true)][PSTypeName('Microsoft.Management.Infrastructure.CimInstance#MSFT_Partition')][psobject[]] $InputObject,
        [Parameter(ParameterSetName = 'ByNumber')][Parameter(ParameterSetName = 'ByDriveLetter')][Parameter(ParameterSetName = 'ById')][Parameter(ParameterSetName = 'ByObject')][bool] $IsOffline,
        [Parameter(ParameterSetName = 'ByNumberAccessPath')][Parameter(ParameterSetName = 'ByDriveLetterAccessPath')][Parameter(ParameterSetName = 'ByIdAccessPath')][Parameter(ParameterSetName = 'ByObjectAccessPath')][char] $NewDriveLetter,
        [Parameter(ParameterSetName = 'ByNumberAttributes')][Parameter(ParameterSetName = 'ByDriveLetterAttributes')][Parameter(ParameterSetName = 'ByIdAttributes')][Parameter(ParameterSetName = 'ByObjectAttributes')][string] $GptType,
        [Parameter(ParameterSetName = 'ByNumberAttributes')][Parameter(ParameterSetName = 'ByDriveLetterAttributes')][Parameter(ParameterSetName = 'ByIdAttributes')][Parameter(ParameterSetName = 'ByObjectAttributes')][uint16] $MbrType,
        [Parameter(ParameterSetName = 'ByNumberAttributes')][Parameter(ParameterSetName = 'ByDriveLetterAttributes')][Parameter(ParameterSetName = 'ByIdAttributes')][Parameter(ParameterSetName = 'ByObjectAttributes')][bool] $IsHidden,
        [Parameter(ParameterSetName = 'ByNumberAttributes')][Parameter(ParameterSetName = 'ByDriveLetterAttributes')][Parameter(ParameterSetName = 'ByIdAttributes')][Parameter(ParameterSetName = 'ByObjectAttributes')][bool] $NoDefaultDriveLetter,
        [Parameter(ParameterSetName = 'ByNumberAttributes')][Parameter(ParameterSetName = 'ByDriveLetterAttributes')][Parameter(ParameterSetName = 'ByIdAttributes')][Parameter(ParameterSetName = 'ByObjectAttributes')][bool] $IsActive,
        [Parameter(ParameterSetName = 'ByNumberAttributes')][Parameter(ParameterSetName = 'ByDriveLetterAttributes')][Parameter(ParameterSetName = 'ByIdAttributes')][Parameter(ParameterSetName = 'ByObjectAttributes')][bool] $IsReadOnly
    )
    process {
        $cmd = 'Set-Partition'
        $m = Open-SimCommand -Command $cmd -Caller $PSCmdlet
        if ($null -eq $m) { return }
        if ($PSBoundParameters.ContainsKey('IsOffline')) { throw 'Simulator: Set-Partition -IsOffline is not simulated.' }
        $simBound = $PSBoundParameters
        # One pass per addressed partition (-InputObject is an array; the pipeline gives one at a time).
        foreach ($e in @(Resolve-SimPartitionTargets -Machine $m -Caller $PSCmdlet -Bound $simBound)) {
            & {
                if (-not (Assert-SimElevated -Machine $m -Cmdlet $cmd -Caller $PSCmdlet)) { return }
                $part = $e.Partition
                $isGpt = $e.Disk.partitionStyle -eq 'GPT'
                $changes = @()
                $critical = [bool]$part.isBoot -or [bool]$part.isSystem
                # SetAttributes/type changes on a system or critical partition: 42010 (msft-partition-setattributes;
                # docs/reference/storage-cmdlets.md#cmdlets-that-change-partitions). ASSUMPTION: a type change is refused the same way.
                $attrChange = $simBound.ContainsKey('IsHidden') -or $simBound.ContainsKey('NoDefaultDriveLetter') -or $simBound.ContainsKey('IsReadOnly') -or $simBound.ContainsKey('GptType') -or $simBound.ContainsKey('MbrType')
                if ($critical -and $attrChange) { Write-SimNamedError -Caller $PSCmdlet -Name 'SystemCriticalPartition' -Cmdlet $cmd; return }
                if ($simBound.ContainsKey('GptType')) {
                    if (-not $isGpt -or $GptType -notmatch '^\{[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}$') {
                        Write-SimNamedError -Caller $PSCmdlet -Name 'InvalidParameter' -Cmdlet $cmd; return
                    }
                    $changes += 'gptType=' + $GptType.ToLowerInvariant()
                }
                if ($simBound.ContainsKey('MbrType')) {
                    if ($isGpt) { Write-SimNamedError -Caller $PSCmdlet -Name 'InvalidParameter' -Cmdlet $cmd; return }
                    $changes += 'mbrType=' + $MbrType
                }
                $newLetter = $null
                if ($simBound.ContainsKey('NewDriveLetter')) {
                    $newLetter = ([string]$NewDriveLetter).ToUpperInvariant()
                    if ($newLetter -ne [string](Get-SimProp $part 'driveLetter' '') -and (Get-SimUsedLetters -Machine $m).ContainsKey($newLetter)) {
                        Write-SimNamedError -Caller $PSCmdlet -Name 'AccessPathInUse' -Cmdlet $cmd; return
                    }
                    if ($null -eq (Get-SimProp $part 'volume')) { Write-SimNamedError -Caller $PSCmdlet -Name 'InvalidParameter' -Cmdlet $cmd; return }
                    $changes += 'letter=' + $newLetter
                }
                foreach ($flag in @('IsHidden', 'NoDefaultDriveLetter', 'IsActive', 'IsReadOnly')) {
                    if ($simBound.ContainsKey($flag)) { $changes += ($flag + '=' + $simBound[$flag]) }
                }
                if ($simBound.ContainsKey('IsActive') -and $isGpt) { Write-SimNamedError -Caller $PSCmdlet -Name 'InvalidParameter' -Cmdlet $cmd; return }
                if ($changes.Count -eq 0) { return }
                $detail = 'disk ' + $e.Disk.number + ' partition ' + $part.number + ' ' + ($changes -join ' ')
                $disk = $e.Disk
                $bound = $simBound
                $null = Invoke-SimMutation -Machine $m -Command $cmd -Detail $detail -Action {
                    param($mm)
                    if ($bound.ContainsKey('GptType')) { Set-SimProp $part 'gptType' $GptType.ToLowerInvariant(); Update-SimHiddenFromType -Partition $part }
                    if ($bound.ContainsKey('MbrType')) { Set-SimProp $part 'mbrType' ([int]$MbrType); Update-SimHiddenFromType -Partition $part }
                    if ($null -ne $newLetter) { Set-SimProp $part 'driveLetter' $newLetter }
                    # GPT attribute bits (docs/reference/storage-cmdlets.md#type-guids-mbr-ids-and-gpt-attributes): hidden 0x4000..., no default letter 0x8000...,
                    # read-only 0x1000....
                    if ($bound.ContainsKey('IsHidden')) {
                        Set-SimProp $part 'isHidden' $IsHidden
                        if ($isGpt) { Set-SimProp $part 'gptAttributes' (Set-SimGptAttributeBit -Attributes (Get-SimProp $part 'gptAttributes' '') -BitHex '4000000000000000' -On $IsHidden) }
                    }
                    if ($bound.ContainsKey('NoDefaultDriveLetter')) {
                        Set-SimProp $part 'noDefaultDriveLetter' $NoDefaultDriveLetter
                        if ($isGpt) { Set-SimProp $part 'gptAttributes' (Set-SimGptAttributeBit -Attributes (Get-SimProp $part 'gptAttributes' '') -BitHex '8000000000000000' -On $NoDefaultDriveLetter) }
                    }
                    if ($bound.ContainsKey('IsReadOnly')) {
                        Set-SimProp $part 'isReadOnly' $IsReadOnly
                        if ($isGpt) { Set-SimProp $part 'gptAttributes' (Set-SimGptAttributeBit -Attributes (Get-SimProp $part 'gptAttributes' '') -BitHex '1000000000000000' -On $IsReadOnly) }
                    }
                    if ($bound.ContainsKey('IsActive')) {
                        # MBR: one active partition per disk.
                        if ($IsActive) { foreach ($p in @($disk.partitions)) { if ($null -ne $p) { $p.isActive = $false } } }
                        $part.isActive = $IsActive
                    }
                }
            }
        }
    }
}

# ---------------------------------------------------------------------------------------------------------
# Format-Volume
# ---------------------------------------------------------------------------------------------------------

function New-SimFormattedVolume {
    # The volume a format leaves (Format-Volume and diskpart `format`): capacity = partition - 4096, NTFS metadata
    # as used space, no files, clean, same volume GUID. Device Encryption claims a new NTFS volume that is not
    # typed recovery (docs/reference/bitlocker.md#volume-status-and-protection; WinRE-Manager docs/troubleshooting.md; docs/reference/tools-landscape.md#f1-new-partition-encrypted-before-it-is-typed/#3):
    # encryption in progress, protection off. ASSUMPTION: the type is judged when the volume is formatted
    # (diskpart `create partition primary id=de94...` or `set id` before `format` escapes it; formatting first
    # and typing afterwards does not).
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)] $Partition, [string] $FileSystem = 'NTFS', [string] $Label = '')
    $old = $Partition.volume
    $volSize = Get-SimNtfsVolumeSize -PartitionSize ([long]$Partition.size)
    $used = Get-SimNtfsOverhead -VolumeSize $volSize
    $fresh = [ordered]@{
        guid = [string]$old.guid; fileSystem = $FileSystem; label = $Label; size = $volSize
        usedBytes = $used; dirty = $false; healthStatus = 'Healthy'; files = @()
    }
    $de = Get-SimProp $Machine 'deviceEncryption'
    if ($null -ne $de -and [bool]$de.enabled -and $FileSystem -eq 'NTFS' -and -not (Test-SimRecoveryType -Partition $Partition)) {
        $fresh['bitLocker'] = [pscustomobject][ordered]@{
            volumeStatus = 2; protectionStatus = 0; lockStatus = 0; encryptionPercentage = 0
            encryptionMethod = 6; keyProtectors = @(); deviceEncryption = $true
        }
    }
    return [pscustomobject]$fresh
}

function Format-Volume {
    # Parameter sets as https://learn.microsoft.com/powershell/module/storage/format-volume declares them:
    # ByDriveLetter (default, -DriveLetter position 0), ById (-ObjectId), ByPaths (-Path), ByLabel
    # (-FileSystemLabel), ByPartition (-Partition, an MSFT_Partition, ByValue) and InputObject (cdxml)
    # (-InputObject, MSFT_Volume objects, ByValue).
    [CmdletBinding(DefaultParameterSetName = 'ByDriveLetter', SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param(
        [Parameter(ParameterSetName = 'ByDriveLetter', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][char[]] $DriveLetter,
        [Parameter(ParameterSetName = 'ById', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('Id')][string[]] $ObjectId,
        [Parameter(ParameterSetName = 'ByPaths', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'ByLabel', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][string[]] $FileSystemLabel,
        [Parameter(ParameterSetName = 'ByPartition', Mandatory = $true, ValueFromPipeline = $true)][PSTypeName('Microsoft.Management.Infrastructure.CimInstance#MSFT_Partition')][psobject] $Partition,
        [Parameter(ParameterSetName = 'InputObject (cdxml)', Mandatory = $true, ValueFromPipeline = $true)][PSTypeName('Microsoft.Management.Infrastructure.CimInstance#MSFT_Volume')][psobject[]] $InputObject,
        [string] $FileSystem = 'NTFS',
        [string] $NewFileSystemLabel = '',
        [Alias('ClusterSize')][uint32] $AllocationUnitSize,
        [switch] $Full,
        [switch] $Force
    )
    process {
        $cmd = 'Format-Volume'
        $m = Open-SimCommand -Command $cmd -Caller $PSCmdlet -TargetClass 'MSFT_Volume'
        if ($null -eq $m) { return }
        # One pass per addressed volume (the CDXML parameters are arrays; the pipeline gives one at a time).
        foreach ($e in @(Resolve-SimVolumeTargets -Machine $m -Caller $PSCmdlet -SetName $PSCmdlet.ParameterSetName -Bound $PSBoundParameters)) {
            & {
                if (-not (Assert-SimElevated -Machine $m -Cmdlet $cmd -Caller $PSCmdlet -TargetClass 'MSFT_Volume')) { return }
                $part = $e.Partition
                if (@('NTFS', 'FAT32', 'ReFS') -notcontains $FileSystem) {
                    Write-SimNamedError -Caller $PSCmdlet -Name 'FileSystemNotSupported' -Cmdlet $cmd -TargetClass 'MSFT_Volume'; return
                }
                if ($null -eq (Get-SimProp $part 'volume')) {
                    # A partition that carries no volume (MSR): ASSUMPTION 'Invalid Parameter' as docs/reference/storage-cmdlets.md#error-records.
                    Write-SimNamedError -Caller $PSCmdlet -Name 'InvalidParameter' -Cmdlet $cmd -TargetClass 'MSFT_Volume'; return
                }
                # ASSUMPTION: Windows refuses to format the running system or the system partition ('In Use').
                if ([bool]$part.isBoot -or [bool]$part.isSystem) {
                    Write-SimNamedError -Caller $PSCmdlet -Name 'InUse' -Cmdlet $cmd -TargetClass 'MSFT_Volume'; return
                }
                $label = 'disk ' + $e.Disk.number + ' partition ' + $part.number + ' ' + $FileSystem + ' "' + $NewFileSystemLabel + '"'
                if (-not $PSCmdlet.ShouldProcess($label, $cmd)) { return }
                $newVolume = New-SimFormattedVolume -Machine $m -Partition $part -FileSystem $FileSystem -Label $NewFileSystemLabel
                $claimed = $null -ne (Get-SimProp $newVolume 'bitLocker')
                $detail = $label
                if ($claimed) { $detail = $detail + ' (claimed by Device Encryption)' }
                $null = Invoke-SimMutation -Machine $m -Command $cmd -Detail $detail -Action {
                    param($mm)
                    Set-SimProp $part 'volume' $newVolume
                }
                ConvertTo-SimVolumeObject -Partition $part
            }
        }
    }
}

# ---------------------------------------------------------------------------------------------------------
# Get-Volume
# ---------------------------------------------------------------------------------------------------------

function Get-Volume {
    # Parameter sets as https://learn.microsoft.com/powershell/module/storage/get-volume declares them (the
    # simulated subset): ByDriveLetter (default; no letter = every volume), ById (-ObjectId), ByPaths (-Path),
    # ByLabel (-FileSystemLabel), ByUniqueId, ByPartition (-Partition, an MSFT_Partition, ByValue).
    [CmdletBinding(DefaultParameterSetName = 'ByDriveLetter')]
    param(
        [Parameter(ParameterSetName = 'ByDriveLetter', Position = 0, ValueFromPipelineByPropertyName = $true)][char[]] $DriveLetter,
        [Parameter(ParameterSetName = 'ById', ValueFromPipelineByPropertyName = $true)][Alias('Id')][string[]] $ObjectId,
        [Parameter(ParameterSetName = 'ByPaths', ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'ByLabel', ValueFromPipelineByPropertyName = $true)][string[]] $FileSystemLabel,
        [Parameter(ParameterSetName = 'ByUniqueId', ValueFromPipelineByPropertyName = $true)][string[]] $UniqueId,
        [Parameter(ParameterSetName = 'ByPartition', ValueFromPipeline = $true)][PSTypeName('Microsoft.Management.Infrastructure.CimInstance#MSFT_Partition')][psobject] $Partition
    )
    process {
        $m = Open-SimCommand -Command 'Get-Volume' -Caller $PSCmdlet -TargetClass 'MSFT_Volume'
        if ($null -eq $m) { return }
        $set = $PSCmdlet.ParameterSetName
        $bound = @{} + $PSBoundParameters
        if ($set -eq 'ByUniqueId') { $set = 'ById'; $bound['ObjectId'] = $UniqueId }
        $key = @{ 'ByDriveLetter' = 'DriveLetter'; 'ById' = 'ObjectId'; 'ByPaths' = 'Path'; 'ByLabel' = 'FileSystemLabel'; 'ByPartition' = 'Partition' }[$set]
        if ($null -eq $bound[$key]) {
            # No value: every volume (as the CDXML query with no filter).
            foreach ($h in @(Get-SimPartitionEntries -Machine $m | Where-Object { $null -ne $_.Volume })) { ConvertTo-SimVolumeObject -Partition $h.Partition }
            return
        }
        foreach ($e in @(Resolve-SimVolumeTargets -Machine $m -Caller $PSCmdlet -SetName $set -Bound $bound)) {
            if ($null -ne $e.Volume) { ConvertTo-SimVolumeObject -Partition $e.Partition }
        }
    }
}

# ---------------------------------------------------------------------------------------------------------
# Add-PartitionAccessPath / Remove-PartitionAccessPath (drive letters; folder mount points are not modelled)
# ---------------------------------------------------------------------------------------------------------

function ConvertFrom-SimAccessPath {
    # 'R', 'R:' or 'R:\' -> 'R'; anything else $null (folder mount points are not modelled).
    param([string] $AccessPath)
    if ($AccessPath -match '^([A-Za-z])(:\\?)?$') { return $Matches[1].ToUpperInvariant() }
    return $null
}

function Add-PartitionAccessPath {
    [CmdletBinding(DefaultParameterSetName = 'ByNumber')]
    param(
        [Parameter(ParameterSetName = 'ByNumber', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][uint32[]] $DiskNumber,
        [Parameter(ParameterSetName = 'ByNumber', Mandatory = $true, Position = 1)][Alias('Number')][uint32[]] $PartitionNumber,
        [Parameter(ParameterSetName = 'ByDriveLetter', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][char[]] $DriveLetter,
        [Parameter(ParameterSetName = 'ById', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][string[]] $DiskId,
        [Parameter(ParameterSetName = 'ById', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][uint64[]] $Offset,
        [Parameter(ParameterSetName = 'InputObject (cdxml)', Mandatory = $true, ValueFromPipeline = $true)][PSTypeName('Microsoft.Management.Infrastructure.CimInstance#MSFT_Partition')][psobject[]] $InputObject,
        [Parameter(Position = 2)][string] $AccessPath,
        [switch] $AssignDriveLetter,
        [switch] $PassThru
    )
    process {
        $cmd = 'Add-PartitionAccessPath'
        $m = Open-SimCommand -Command $cmd -Caller $PSCmdlet
        if ($null -eq $m) { return }
        # One pass per addressed partition (the CDXML parameters are arrays; the pipeline gives one at a time).
        foreach ($e in @(Resolve-SimPartitionTargets -Machine $m -Caller $PSCmdlet -Bound $PSBoundParameters)) {
            & {
                if (-not (Assert-SimElevated -Machine $m -Cmdlet $cmd -Caller $PSCmdlet)) { return }
                $part = $e.Partition
                if ($null -eq $e.Volume) { Write-SimNamedError -Caller $PSCmdlet -Name 'InvalidAccessPath' -Cmdlet $cmd; return }
                # GPT hidden attribute (0x4000...): 42004. A recovery-typed partition without it can get a letter
                # (docs/reference/storage-cmdlets.md#get-partition, Set-Gen2Partition output shows J: on a Recovery partition).
                $attrs = [string](Get-SimProp $part 'gptAttributes' '0x0000000000000000')
                if ($attrs -and ([Convert]::ToUInt64($attrs.Substring(2), 16) -band [Convert]::ToUInt64('4000000000000000', 16)) -ne 0) {
                    Write-SimNamedError -Caller $PSCmdlet -Name 'HiddenPartitionPath' -Cmdlet $cmd; return
                }
                if ([string](Get-SimProp $part 'driveLetter' '')) { Write-SimNamedError -Caller $PSCmdlet -Name 'MultipleDriveLetters' -Cmdlet $cmd; return }
                $letter = $null
                if ($AssignDriveLetter) { $letter = Get-SimNextFreeLetter -Machine $m }
                else {
                    $letter = ConvertFrom-SimAccessPath -AccessPath $AccessPath
                    if ($null -eq $letter) { Write-SimNamedError -Caller $PSCmdlet -Name 'InvalidAccessPath' -Cmdlet $cmd; return }
                    if ((Get-SimUsedLetters -Machine $m).ContainsKey($letter)) { Write-SimNamedError -Caller $PSCmdlet -Name 'AccessPathInUse' -Cmdlet $cmd; return }
                }
                $detail = 'disk ' + $e.Disk.number + ' partition ' + $part.number + ' letter ' + $letter
                $null = Invoke-SimMutation -Machine $m -Command $cmd -Detail $detail -Action { param($mm) Set-SimProp $part 'driveLetter' $letter }
                if ($PassThru) { ConvertTo-SimPartitionObject -Disk $e.Disk -Partition $part }
            }
        }
    }
}

function Remove-PartitionAccessPath {
    [CmdletBinding(DefaultParameterSetName = 'ByNumber', SupportsShouldProcess = $true, ConfirmImpact = 'Medium')]
    param(
        [Parameter(ParameterSetName = 'ByNumber', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][uint32[]] $DiskNumber,
        [Parameter(ParameterSetName = 'ByNumber', Mandatory = $true, Position = 1)][Alias('Number')][uint32[]] $PartitionNumber,
        [Parameter(ParameterSetName = 'ByDriveLetter', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][char[]] $DriveLetter,
        [Parameter(ParameterSetName = 'ById', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][string[]] $DiskId,
        [Parameter(ParameterSetName = 'ById', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][uint64[]] $Offset,
        [Parameter(ParameterSetName = 'InputObject (cdxml)', Mandatory = $true, ValueFromPipeline = $true)][PSTypeName('Microsoft.Management.Infrastructure.CimInstance#MSFT_Partition')][psobject[]] $InputObject,
        [Parameter(Mandatory = $true)][string] $AccessPath,
        [switch] $PassThru
    )
    process {
        $cmd = 'Remove-PartitionAccessPath'
        $m = Open-SimCommand -Command $cmd -Caller $PSCmdlet
        if ($null -eq $m) { return }
        # One pass per addressed partition (the CDXML parameters are arrays; the pipeline gives one at a time).
        foreach ($e in @(Resolve-SimPartitionTargets -Machine $m -Caller $PSCmdlet -Bound $PSBoundParameters)) {
            & {
                if (-not (Assert-SimElevated -Machine $m -Cmdlet $cmd -Caller $PSCmdlet)) { return }
                $part = $e.Partition
                if ($AccessPath -match '^\\\\\?\\Volume') { Write-SimNamedError -Caller $PSCmdlet -Name 'InvalidAccessPath' -Cmdlet $cmd; return }
                $letter = ConvertFrom-SimAccessPath -AccessPath $AccessPath
                if ($null -eq $letter -or $letter -ne [string](Get-SimProp $part 'driveLetter' '')) {
                    Write-SimNamedError -Caller $PSCmdlet -Name 'InvalidAccessPath' -Cmdlet $cmd; return
                }
                # 42006: not the letter of the boot (running Windows) partition.
                if ([bool]$part.isBoot) { Write-SimNamedError -Caller $PSCmdlet -Name 'BootDriveLetter' -Cmdlet $cmd; return }
                $detail = 'disk ' + $e.Disk.number + ' partition ' + $part.number + ' remove letter ' + $letter
                if (-not $PSCmdlet.ShouldProcess($detail, $cmd)) { return }
                $null = Invoke-SimMutation -Machine $m -Command $cmd -Detail $detail -Action { param($mm) Remove-SimProp $part 'driveLetter' }
                if ($PassThru) { ConvertTo-SimPartitionObject -Disk $e.Disk -Partition $part }
            }
        }
    }
}

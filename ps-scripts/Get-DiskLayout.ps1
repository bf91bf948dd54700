<#
.SYNOPSIS
    Reads every disk (or one, -DiskNumber) with its partitions in OFFSET order and their volumes. Read-only.
.DESCRIPTION
    Storage cmdlets only (Get-Disk, Get-Partition, Get-Volume, Get-PartitionSupportedSize), with explicit
    primitive properties (docs/reference/storage-cmdlets.md#enums-as-strings-in-json: never serialize CIM objects). Extra sources, each allowed to fail
    into null:
      - Win32_Volume DirtyBitSet for the dirty bit (a dirty volume cannot be shrunk: 42008, docs/reference/storage-cmdlets.md#get-partitionsupportedsize);
      - diskpart 'detail partition' for the GPT attribute bits, which no Storage cmdlet exposes
        (docs/reference/storage-cmdlets.md#type-guids-mbr-ids-and-gpt-attributes), and only for GPT recovery-typed partitions: the one place the planner needs them
        (0x8000000000000001 on a Windows-made recovery partition). diskpart is fed its commands on stdin (no
        script file is created; see Invoke-DiskPartScript) and only when elevated (diskpart refuses otherwise).
    Partition numbers are not in offset order until a reboot (docs/reference/storage-cmdlets.md#get-partition), so partitions are sorted by
    Offset. Changes nothing.
.PARAMETER DiskNumber
    Only this disk; -1 (default) for every disk.
.OUTPUTS
    One object, schemas/get-disk-layout.schema.json.
#>
[CmdletBinding()]
param([ValidateRange(-1, 4096)][int] $DiskNumber = -1)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

# docs/reference/storage-cmdlets.md#type-guids-mbr-ids-and-gpt-attributes: LDM metadata / data partition types (dynamic disk) and the Microsoft recovery type.
$LdmGptTypes = @((Get-WinReFixGptType -Kind ldmMetadata), (Get-WinReFixGptType -Kind ldmData))
$LdmMbrType = 0x42
$RecoveryGptType = Get-WinReFixGptType -Kind recovery

function Get-OptionalValue {
    # A property's value or $null: CIM instances leave some properties empty (IsReadOnly on a recovery partition,
    # docs/reference/storage-cmdlets.md#captured-get-partition-output) and strict mode throws on a property that does not exist at all.
    param($InputObject, [string] $Name)
    if ($null -eq $InputObject) { return $null }
    $property = $InputObject.PSObject.Properties[$Name]
    if ($null -eq $property) { return $null }
    return $property.Value
}

function ConvertTo-LowerGuid {
    # '{EB87A94F-...}' or 'eb87a94f-...' -> '{eb87a94f-...}'; anything else -> $null.
    param($Value)
    $text = [string]$Value
    if ($text -match '^\{?([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12})\}?$') {
        return '{' + $Matches[1].ToLowerInvariant() + '}'
    }
    return $null
}

function ConvertTo-DriveLetter {
    # No letter is [char]0 and would serialize as "\u0000" (docs/reference/storage-cmdlets.md#enums-as-strings-in-json).
    param($Value)
    if ($null -eq $Value) { return $null }
    $text = ([string]$Value).Trim([char]0).Trim()
    if ($text -match '^[A-Za-z]$') { return $text.ToUpperInvariant() }
    return $null
}

function Invoke-DiskPartScript {
    # Feeds diskpart its commands on standard input (no script file) and returns its stdout lines, by absolute
    # path (the tool runs elevated: no PATH resolution) through the one native seam, Invoke-WinReFixNativeTool
    # (lib/NativeCommand.ps1: System.Diagnostics.Process, stdout and stderr read asynchronously while the commands
    # are written, the console code page; the simulated diskpart.exe during simulation), NOT as
    # `$Commands | & $exe 2>$null`: under $ErrorActionPreference = 'Stop' Windows PowerShell 5.1 turns the first
    # redirected stderr line of a native program into a terminating error (PowerShell 7.2+ does not, so tests under
    # pwsh 7 never saw it), and the GPT attributes silently came back empty on 5.1 (docs/ps51-check.md, rule
    # native-stderr-under-stop).
    param([string[]] $Commands)
    if ([string]::IsNullOrEmpty($env:SystemRoot)) { return @() }
    return @((Invoke-WinReFixNativeTool -ExeName 'diskpart.exe' -Arguments @() -InputLines $Commands).stdout)
}

function Get-GptAttributeMap {
    # Offset -> '0x' + 16 lower-case hex digits, for the given partitions of one disk. diskpart prints
    # 'Attrib  : 0X8000000000000001', or '0000000000000000' without 0X for zero (docs/reference/storage-cmdlets.md#diskpart-detail-partition), and
    # 'Offset in Bytes: <n>'. Labels are localized (docs/reference/storage-cmdlets.md#diskpart-on-mbr), so a 'detail partition' answer is recognised
    # by its VALUES: the partition's exact offset and one 16-hex-digit value. Answers are split at the prompts.
    param([int] $Disk, $Partitions)
    $map = @{}
    if (@($Partitions).Count -eq 0) { return $map }
    $commands = New-Object System.Collections.Generic.List[string]
    $commands.Add("select disk $Disk")
    foreach ($p in @($Partitions)) {
        $commands.Add("select partition $([int]$p.PartitionNumber)")
        $commands.Add('detail partition')
    }
    $commands.Add('exit')
    $lines = @()
    try { $lines = @(Invoke-DiskPartScript -Commands $commands.ToArray()) } catch { return $map }
    $blocks = New-Object System.Collections.Generic.List[object]
    $current = New-Object System.Collections.Generic.List[string]
    foreach ($line in $lines) {
        if ([string]$line -match '^\s*DISKPART>') {
            $blocks.Add($current.ToArray())
            $current = New-Object System.Collections.Generic.List[string]
        } else {
            $current.Add([string]$line)
        }
    }
    $blocks.Add($current.ToArray())
    $wanted = @(@($Partitions) | ForEach-Object { [string][uint64]$_.Offset })
    foreach ($block in $blocks) {
        $offset = $null
        $attributes = $null
        foreach ($line in @($block)) {
            if ($line -match '[:\uFF1A]\s*(\d+)\s*$' -and $wanted -contains $Matches[1]) { $offset = $Matches[1] }
            if ($line -match '[:\uFF1A]\s*(?:0[Xx])?([0-9A-Fa-f]{16})\s*$') { $attributes = '0x' + $Matches[1].ToLowerInvariant() }
        }
        if ($null -ne $offset -and $null -ne $attributes) { $map[$offset] = $attributes }
    }
    return $map
}

$elevated = [bool](Test-WinReFixElevated)

# Win32_Volume DirtyBitSet, by DeviceID (= the \\?\Volume{GUID}\ path). Unavailable -> every dirty bit null.
$dirtyByPath = @{}
$dirtyKnown = $false
try {
    foreach ($v in @(Get-CimInstance -ClassName Win32_Volume -ErrorAction Stop)) {
        $id = [string](Get-OptionalValue $v 'DeviceID')
        $bit = Get-OptionalValue $v 'DirtyBitSet'
        if (-not [string]::IsNullOrEmpty($id) -and $null -ne $bit) { $dirtyByPath[$id.ToLowerInvariant()] = [bool]$bit }
    }
    $dirtyKnown = $true
} catch {
    $dirtyKnown = $false
}

# Every volume by its \\?\Volume{GUID}\ path: a partition's AccessPaths contain that path (docs/reference/storage-cmdlets.md#get-partition).
$volumeByPath = @{}
foreach ($v in @(Get-Volume)) {
    $path = [string](Get-OptionalValue $v 'Path')
    if (-not [string]::IsNullOrEmpty($path)) { $volumeByPath[$path.ToLowerInvariant()] = $v }
}

$disks = @(Get-Disk | Sort-Object -Property { [int]$_.Number })
if ($DiskNumber -ge 0) {
    $disks = @($disks | Where-Object { [int]$_.Number -eq $DiskNumber })
    if ($disks.Count -eq 0) { throw "No disk with number $DiskNumber." }
}

$diskFacts = New-Object System.Collections.Generic.List[object]
foreach ($disk in $disks) {
    $number = [int]$disk.Number
    $style = [string]$disk.PartitionStyle
    $partitions = @()
    if ($style -ne 'RAW') {
        # A disk without partitions makes Get-Partition raise 'No MSFT_Partition objects found' (docs/reference/storage-cmdlets.md#error-records).
        $partitions = @(Get-Partition -DiskNumber $number -ErrorAction SilentlyContinue)
    }
    $partitions = @($partitions | Sort-Object -Property { [uint64]$_.Offset })

    $attributeMap = @{}
    if ($style -eq 'GPT' -and $elevated) {
        $recovery = @($partitions | Where-Object { (ConvertTo-LowerGuid (Get-OptionalValue $_ 'GptType')) -eq $RecoveryGptType })
        $attributeMap = Get-GptAttributeMap -Disk $number -Partitions $recovery
    }

    $isDynamic = $false
    $partitionFacts = New-Object System.Collections.Generic.List[object]
    foreach ($p in $partitions) {
        $gptType = ConvertTo-LowerGuid (Get-OptionalValue $p 'GptType')
        $mbrRaw = Get-OptionalValue $p 'MbrType'
        $mbrType = $null
        if ($style -eq 'MBR' -and $null -ne $mbrRaw -and [string]$mbrRaw -ne '') { $mbrType = [int]$mbrRaw }
        if ($style -ne 'GPT') { $gptType = $null }
        if (($null -ne $gptType -and $LdmGptTypes -contains $gptType) -or ($null -ne $mbrType -and $mbrType -eq $LdmMbrType)) {
            $isDynamic = $true
        }

        $accessPaths = @(@(Get-OptionalValue $p 'AccessPaths') | Where-Object { -not [string]::IsNullOrEmpty([string]$_) } | ForEach-Object { [string]$_ })

        $volume = $null
        foreach ($ap in $accessPaths) {
            $key = $ap.ToLowerInvariant()
            if ($volumeByPath.ContainsKey($key)) {
                $v = $volumeByPath[$key]
                $dirty = $null
                if ($dirtyKnown -and $dirtyByPath.ContainsKey($key)) { $dirty = $dirtyByPath[$key] }
                $volume = [ordered]@{
                    path          = [string]$v.Path
                    fileSystem    = [string](Get-OptionalValue $v 'FileSystem')
                    label         = [string](Get-OptionalValue $v 'FileSystemLabel')
                    size          = [int64](Get-OptionalValue $v 'Size')
                    sizeRemaining = [int64](Get-OptionalValue $v 'SizeRemaining')
                    healthStatus  = [string](Get-OptionalValue $v 'HealthStatus')
                    dirty         = $dirty
                }
                break
            }
        }

        # Per partition, errors become null: 'Failed' (StorageWMI 4) happens on some partitions (docs/reference/storage-cmdlets.md#get-partitionsupportedsize).
        $supported = $null
        if ($null -ne $volume) {
            try {
                $s = @(Get-PartitionSupportedSize -DiskNumber $number -PartitionNumber ([int]$p.PartitionNumber) -ErrorAction Stop)
                if ($s.Count -eq 1) { $supported = [ordered]@{ min = [int64]$s[0].SizeMin; max = [int64]$s[0].SizeMax } }
            } catch {
                $supported = $null
            }
        }

        $attributes = $null
        $offsetKey = [string][uint64]$p.Offset
        if ($attributeMap.ContainsKey($offsetKey)) { $attributes = $attributeMap[$offsetKey] }

        $guid = $null
        if ($style -eq 'GPT') { $guid = ConvertTo-LowerGuid (Get-OptionalValue $p 'Guid') }

        $partitionFacts.Add([ordered]@{
                number        = [int]$p.PartitionNumber
                offset        = [int64]$p.Offset
                size          = [int64]$p.Size
                type          = [string](Get-OptionalValue $p 'Type')
                gptType       = $gptType
                mbrType       = $mbrType
                guid          = $guid
                driveLetter   = (ConvertTo-DriveLetter (Get-OptionalValue $p 'DriveLetter'))
                accessPaths   = @($accessPaths)
                isBoot        = [bool](Get-OptionalValue $p 'IsBoot')
                isSystem      = [bool](Get-OptionalValue $p 'IsSystem')
                isActive      = [bool](Get-OptionalValue $p 'IsActive')
                isHidden      = [bool](Get-OptionalValue $p 'IsHidden')
                gptAttributes = $attributes
                supportedSize = $supported
                volume        = $volume
            })
    }

    $signature = $null
    if ($style -eq 'MBR') {
        $rawSignature = Get-OptionalValue $disk 'Signature'
        if ($null -ne $rawSignature -and [string]$rawSignature -ne '') { $signature = [int64]$rawSignature }
    }
    $diskGuid = $null
    if ($style -eq 'GPT') { $diskGuid = ConvertTo-LowerGuid (Get-OptionalValue $disk 'Guid') }

    $diskFacts.Add([ordered]@{
            number            = $number
            uniqueId          = [string]$disk.UniqueId
            guid              = $diskGuid
            signature         = $signature
            partitionStyle    = $style
            size              = [int64]$disk.Size
            logicalSectorSize = [int](Get-OptionalValue $disk 'LogicalSectorSize')
            busType           = [string](Get-OptionalValue $disk 'BusType')
            friendlyName      = [string](Get-OptionalValue $disk 'FriendlyName')
            isBoot            = [bool](Get-OptionalValue $disk 'IsBoot')
            isSystem          = [bool](Get-OptionalValue $disk 'IsSystem')
            isOffline         = [bool](Get-OptionalValue $disk 'IsOffline')
            isReadOnly        = [bool](Get-OptionalValue $disk 'IsReadOnly')
            isDynamic         = $isDynamic
            largestFreeExtent = [int64](Get-OptionalValue $disk 'LargestFreeExtent')
            partitions        = @($partitionFacts.ToArray())
        })
}

[ordered]@{
    elevated = $elevated
    dirtyBitSource = $(if ($dirtyKnown) { 'Win32_Volume' } else { 'unavailable' })
    disks = @($diskFacts.ToArray())
}

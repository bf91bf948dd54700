<#
.SYNOPSIS
    Read-only proof of the end state (docs/reference/tools-landscape.md#what-a-better-tool-must-do, "verify the end state"): WinRE enabled, located on the partition
    at -PartitionOffset (not silently on C:), free space per policy, recovery type, GPT attributes or MBR id,
    NTFS and label, Winre.wim SHA256 equal to before, exactly one partition on the disk holding a WinRE image.
.DESCRIPTION
    Every fact is read fresh from the PC and returned with one entry per check in 'checks' (name, ok, detail)
    and 'healthy' = all checks ok. It does not throw on an unhealthy PC: the executor reads 'healthy' and the
    failing checks decide between done, degraded and roll back.
    Label and GPT attributes are always reported; they are CHECKED only when -Label / -GptAttributes are given
    (for a partition this run made: 'Windows RE tools' and 0x8000000000000001, KB5028997 step 4). Not by default,
    because the plan's verify step carries the same params whether the partition is new or one Windows or the OEM
    made and WinRE was only enabled on it (enable-staged-image): that one keeps its own label (often empty) and
    bits, and a healthy WinRE there must not read as a failure. For a new partition, New-RecoveryPartition and
    Format-RecoveryVolume have already proven the bits and the label from a fresh read.
    GPT attributes come from diskpart 'detail partition' (no cmdlet reports bit 0x1: docs/reference/storage-cmdlets.md#type-guids-mbr-ids-and-gpt-attributes).
    Volumes are read through a temporary drive letter (StepCommon.ps1 says why); the temporary letters are the
    only trace this script leaves, and it removes them.
.OUTPUTS
    One object, schemas/test-win-re-health.schema.json.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string] $DiskUniqueId,
    [Parameter(Mandatory = $true)][long] $PartitionOffset,
    [long] $RequiredFree = 0,
    [AllowEmptyString()][string] $ImageSha256 = '',
    [AllowEmptyString()][string] $Label = '',
    [AllowEmptyString()][string] $GptAttributes = ''
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$checks = New-Object System.Collections.Generic.List[object]
function Add-Check {
    param([string] $Name, [bool] $Ok, [string] $Detail)
    $checks.Add([ordered]@{ name = $Name; ok = $Ok; detail = $Detail })
}

$disk = Get-StepDisk -UniqueId $DiskUniqueId
$gpt = [string]$disk.PartitionStyle -eq 'GPT'
$winre = Get-StepReAgentInfo
$where = Resolve-StepWinReLocation -Location $winre.info.location
$onTarget = ($null -ne $where -and [string]$where.diskUniqueId -eq $DiskUniqueId -and [long]$where.offset -eq $PartitionOffset)
$isOs = ($null -ne $where -and [bool]$where.isOsVolume)
Add-Check 'enabled' ($winre.info.status -eq 'Enabled') ('reagentc /info status ' + $winre.info.status)
$whereText = 'nowhere'
if ($null -ne $where) { $whereText = 'disk ' + $where.diskNumber + ' partition ' + $where.partitionNumber + ' at offset ' + $where.offset }
Add-Check 'onTarget' $onTarget ('WinRE is on ' + $whereText + '; expected offset ' + $PartitionOffset)
Add-Check 'notOnOsVolume' (-not $isOs) ('WinRE on the OS volume: ' + $isOs)

$part = Find-StepPartitionAt -Disk $disk -Offset $PartitionOffset
$partitionFacts = $null
$volumeFacts = $null
$attributes = $null
$image = $null
if ($null -eq $part) {
    Add-Check 'partitionExists' $false ('no partition starts at offset ' + $PartitionOffset)
} else {
    $partitionFacts = ConvertTo-StepPartitionFacts -Partition $part
    $recovery = Test-StepRecoveryTyped -Partition $part
    Add-Check 'recoveryType' $recovery ('type ' + [string]$part.Type + ' GptType ' + [string]$part.GptType + ' MbrType ' + [string]$part.MbrType)
    if ($gpt) {
        $attributes = (Get-StepGptAttributes -Partition $part).attributes
        if ($GptAttributes -ne '') {
            $wantAttributes = '0x' + $GptAttributes.Substring(2).ToLowerInvariant()
            Add-Check 'gptAttributes' ($attributes -eq $wantAttributes) ('attributes ' + $attributes + ', expected ' + $wantAttributes)
        }
    }
    $volume = Get-StepVolume -Partition $part
    $volumeFacts = ConvertTo-StepVolumeFacts -Volume $volume
    if ($null -eq $volume) {
        Add-Check 'ntfs' $false 'no volume on the partition'
    } else {
        Add-Check 'ntfs' ([string]$volume.FileSystem -eq 'NTFS') ('file system ' + [string]$volume.FileSystem)
        if ($Label -ne '') { Add-Check 'label' ([string]$volume.FileSystemLabel -eq $Label) ('label "' + [string]$volume.FileSystemLabel + '", expected "' + $Label + '"') }
        Add-Check 'freeSpace' ([long]$volume.SizeRemaining -ge $RequiredFree) ('free ' + [long]$volume.SizeRemaining + ' bytes, required ' + $RequiredFree)
    }
}

# Which partitions of the disk hold a WinRE image (<root>\Recovery\WindowsRE\Winre.wim, docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml),
# and the image on the target (in the folder reagentc reports when it is there).
$inside = 'Recovery\WindowsRE'
if ($onTarget -and [string]$where.path -match '\\partition\d+\\(.+)$') { $inside = $Matches[1] }
$holders = @()
foreach ($p in @(Get-StepPartitions -Disk $disk)) {
    $v = Get-StepVolume -Partition $p
    if ($null -eq $v -or [string]$v.FileSystem -ne 'NTFS') { continue }
    $isTarget = ([long]$p.Offset -eq $PartitionOffset)
    $found = Invoke-StepWithDriveLetter -Partition $p -ScriptBlock {
        param($root)
        $facts = [ordered]@{ standard = (Get-StepFileFacts -Path ($root + 'Recovery\WindowsRE\Winre.wim')); target = $null }
        if ($isTarget) { $facts.target = Get-StepFileFacts -Path ($root + $inside + '\Winre.wim') }
        $facts
    }
    if ($isTarget) { $image = $found.target }
    if ($found.standard.present -or ($isTarget -and $found.target.present)) { $holders += [int64]$p.Offset }
}
if ($null -ne $part) {
    $present = ($null -ne $image -and $image.present)
    $detail = 'Winre.wim not found on the target'
    if ($present) { $detail = 'Winre.wim ' + $image.size + ' bytes, SHA256 ' + $image.sha256 }
    $hashOk = $present
    if ($present -and $ImageSha256 -ne '') {
        $hashOk = ($image.sha256 -eq $ImageSha256.ToUpperInvariant())
        $detail = $detail + ', expected ' + $ImageSha256.ToUpperInvariant()
    }
    Add-Check 'image' $hashOk $detail
}
Add-Check 'oneWinRePartition' ($holders.Count -eq 1) ('' + $holders.Count + ' partition(s) on the disk hold Recovery\WindowsRE\Winre.wim')

$imageOut = $null
if ($null -ne $image) { $imageOut = [ordered]@{ present = [bool]$image.present; size = $image.size; sha256 = $image.sha256 } }
$landed = $null
if ($null -ne $where) {
    $landed = [ordered]@{
        diskUniqueId    = [string]$where.diskUniqueId
        diskNumber      = [int]$where.diskNumber
        partitionNumber = [int]$where.partitionNumber
        offset          = [int64]$where.offset
        isOsVolume      = [bool]$where.isOsVolume
        onTarget        = $onTarget
        path            = [string]$where.path
    }
}
$healthy = $true
foreach ($c in $checks) { if (-not $c.ok) { $healthy = $false } }
[ordered]@{
    changed                  = $false
    healthy                  = $healthy
    status                   = [string]$winre.info.status
    landed                   = $landed
    partition                = $partitionFacts
    gptAttributes            = $attributes
    volume                   = $volumeFacts
    image                    = $imageOut
    winrePartitionOffsets    = @($holders)
    checks                   = @($checks.ToArray())
    info                     = (ConvertTo-StepNativeResult -Run $winre.run)
}

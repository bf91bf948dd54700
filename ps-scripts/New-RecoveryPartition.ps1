<#
.SYNOPSIS
    Creates the new recovery partition at exactly -Offset with exactly -Size bytes, typed recovery IN THE CREATE
    CALL (so Device Encryption cannot claim it: docs/reference/bitlocker.md#volume-status-and-protection), then makes sure of its GPT attributes.
    Idempotent.
.DESCRIPTION
    GPT: New-Partition -DiskNumber -Offset -Size -GptType '{de94bba4-06d1-4d40-a16a-bfd50179d6ac}'
    (docs/reference/storage-cmdlets.md#cmdlets-that-change-partitions), then diskpart 'gpt attributes=0x8000000000000001' (required + no drive letter, as
    Windows setup and KB5028997 make it): no cmdlet can set bit 0x1 (docs/reference/storage-cmdlets.md#type-guids-mbr-ids-and-gpt-attributes).
    MBR: New-Partition -MbrType cannot express 0x27 (docs/reference/storage-cmdlets.md#cmdlets-that-change-partitions), so diskpart
    'create partition primary offset=<KiB> size=<MiB> id=27' (KB5028997 step 4; diskpart offset= is in KB).
    Already done: a partition of that offset, size and recovery type exists -> not created again; its attributes
    are still checked and set when wrong (changed=true only then).
    A partition of another size or type at that offset: 'IdentityMismatch:'. Another partition overlapping the
    range: 'UnexpectedState:'. Nothing is changed in either case.
.OUTPUTS
    One object, schemas/new-recovery-partition.schema.json.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string] $DiskUniqueId,
    [Parameter(Mandatory = $true)][long] $Offset,
    [Parameter(Mandatory = $true)][long] $Size,
    [Parameter(Mandatory = $true)][ValidateSet('GPT', 'MBR')][string] $PartitionStyle,
    [AllowNull()][AllowEmptyString()][string] $GptType = '',
    [AllowNull()][AllowEmptyString()][string] $GptAttributes = '',
    $MbrType = $null
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$MiB = [long]1048576
$gpt = $PartitionStyle -eq 'GPT'
if ($Offset % $MiB -ne 0 -or $Size % $MiB -ne 0 -or $Size -le 0) {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('offset ' + $Offset + ' and size ' + $Size + ' must be positive whole MiB (docs/reference/storage-cmdlets.md#alignment-and-disk-end).'))
}
if ($gpt) {
    $recoveryType = Get-WinReFixGptType -Kind recovery
    if ([string]::IsNullOrEmpty($GptType)) { $GptType = $recoveryType }
    if ((ConvertTo-StepGuid $GptType) -ne $recoveryType) {
        throw (New-StepError -Kind 'UnexpectedState' -Message ('GptType ' + $GptType + ' is not the recovery type.'))
    }
    if ([string]::IsNullOrEmpty($GptAttributes)) { $GptAttributes = '0x8000000000000001' }
    # 'defer': the plan sets the attributes in a later step (Set-RecoveryPartitionAttributes, after WinRE is
    # enabled again), so that only delete, create and format run while the PC has no WinRE.
    if ($GptAttributes -ne 'defer' -and $GptAttributes -notmatch '^0[xX][0-9A-Fa-f]{16}$') {
        throw (New-StepError -Kind 'UnexpectedState' -Message ('GptAttributes ' + $GptAttributes + ' is not 0x + 16 hex digits.'))
    }
    if ($GptAttributes -ne 'defer') { $GptAttributes = '0x' + $GptAttributes.Substring(2).ToLowerInvariant() }
} elseif ($null -ne $MbrType -and [string]$MbrType -ne '' -and [int]$MbrType -ne 39) {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('MbrType ' + $MbrType + ' is not 0x27 (39).'))
}

$disk = Get-StepDisk -UniqueId $DiskUniqueId
if ([string]$disk.PartitionStyle -ne $PartitionStyle) {
    throw (New-StepError -Kind 'IdentityMismatch' -Message ('disk ' + $disk.Number + ' is ' + [string]$disk.PartitionStyle + ', the plan recorded ' + $PartitionStyle + '.'))
}
$diskNumber = [uint32]$disk.Number
$runs = @()
$created = $false
$part = Find-StepPartitionAt -Disk $disk -Offset $Offset
if ($null -ne $part) {
    Assert-StepPartitionIdentity -Partition $part -What 'the new recovery partition' -Size $Size -Recovery
} else {
    $end = $Offset + $Size
    foreach ($p in @(Get-StepPartitions -Disk $disk)) {
        if ([long]$p.Offset -lt $end -and ([long]$p.Offset + [long]$p.Size) -gt $Offset) {
            throw (New-StepError -Kind 'UnexpectedState' -Message ('partition ' + $p.PartitionNumber + ' (offset ' + [long]$p.Offset + ', ' + [long]$p.Size + ' bytes) overlaps the planned range ' + $Offset + '..' + $end + '; nothing was changed.'))
        }
    }
    if ($gpt) {
        New-Partition -DiskNumber $diskNumber -Offset ([uint64]$Offset) -Size ([uint64]$Size) -GptType (Get-WinReFixGptType -Kind recovery) -ErrorAction Stop | Out-Null
    } else {
        $run = Invoke-StepDiskPart -Lines @(('select disk ' + $diskNumber), ('create partition primary offset=' + ($Offset / 1024) + ' size=' + ($Size / $MiB) + ' id=27'))
        $runs += (ConvertTo-StepNativeResult -Run $run)
        Assert-StepDiskPartOk -Run $run -What 'create partition primary id=27'
    }
    $created = $true
    $part = Find-StepPartitionAt -Disk $disk -Offset $Offset
    if ($null -eq $part) {
        throw (New-StepError -Kind 'UnexpectedState' -Message ('the create call returned but no partition starts at offset ' + $Offset + '.'))
    }
    Assert-StepPartitionIdentity -Partition $part -What 'the partition just created' -Size $Size -Recovery
}

$attributes = $null
$attributesSet = $false
if ($gpt -and $GptAttributes -ne 'defer') {
    $read = Get-StepGptAttributes -Partition $part
    $runs += (ConvertTo-StepNativeResult -Run $read.run)
    $attributes = $read.attributes
    if ($attributes -ne $GptAttributes) {
        $run = Invoke-StepDiskPart -Lines @(('select disk ' + $diskNumber), ('select partition ' + [int]$part.PartitionNumber), ('gpt attributes=' + $GptAttributes))
        $runs += (ConvertTo-StepNativeResult -Run $run)
        Assert-StepDiskPartOk -Run $run -What 'gpt attributes'
        $attributesSet = $true
        $read = Get-StepGptAttributes -Partition $part
        $attributes = $read.attributes
        if ($attributes -ne $GptAttributes) {
            throw (New-StepError -Kind 'UnexpectedState' -Message ('GPT attributes are ' + $attributes + ' after diskpart set ' + $GptAttributes + '.'))
        }
    }
}

[ordered]@{
    changed       = ($created -or $attributesSet)
    created       = $created
    attributesSet = $attributesSet
    partition     = (ConvertTo-StepPartitionFacts -Partition $part)
    gptAttributes = $attributes
    diskpart      = @($runs)
}

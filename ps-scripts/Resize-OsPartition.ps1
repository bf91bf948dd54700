<#
.SYNOPSIS
    Shrinks the OS partition (C:) from exactly -FromSize to -ToSize bytes, keeping its offset. Never runs twice
    blindly.
.DESCRIPTION
    The disk is found by UniqueId and C: by its offset (numbers change across reboots). The step acts ONLY on the
    exact before-state, because a second shrink after a power cut would take space twice:
      size = ToSize   -> already done, changed=false;
      size = FromSize -> Resize-Partition -Size ToSize (docs/reference/storage-cmdlets.md#cmdlets-that-change-partitions), then re-read;
      anything else   -> 'UnexpectedState:' and nothing is changed.
    The partition must be the running Windows' partition (IsBoot), else 'IdentityMismatch:'.
    Resize-Partition errors (Size Not Supported 4097, volume with errors 42008, ...: docs/reference/storage-cmdlets.md#error-records) are
    terminating and reach the executor with their FullyQualifiedErrorId; it decides about the one retry.
.OUTPUTS
    One object, schemas/resize-os-partition.schema.json.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string] $DiskUniqueId,
    [Parameter(Mandatory = $true)][long] $PartitionOffset,
    [Parameter(Mandatory = $true)][long] $FromSize,
    [Parameter(Mandatory = $true)][long] $ToSize
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

if ($ToSize -ge $FromSize -or $ToSize -le 0) {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('a shrink needs 0 < ToSize < FromSize; got FromSize ' + $FromSize + ', ToSize ' + $ToSize + '.'))
}
$disk = Get-StepDisk -UniqueId $DiskUniqueId
$os = Find-StepPartitionAt -Disk $disk -Offset $PartitionOffset
if ($null -eq $os) {
    throw (New-StepError -Kind 'IdentityMismatch' -Message ('no partition starts at offset ' + $PartitionOffset + ' on disk ' + $disk.Number + '; nothing was changed.'))
}
if (-not [bool]$os.IsBoot) {
    throw (New-StepError -Kind 'IdentityMismatch' -Message ('the partition at offset ' + $PartitionOffset + ' (disk ' + $disk.Number + ' partition ' + $os.PartitionNumber + ') is not the running Windows partition; nothing was changed.'))
}

$sizeBefore = [long]$os.Size
$changed = $false
if ($sizeBefore -eq $ToSize) {
    $changed = $false
} elseif ($sizeBefore -eq $FromSize) {
    Resize-Partition -DiskNumber ([uint32]$os.DiskNumber) -PartitionNumber ([uint32]$os.PartitionNumber) -Size ([uint64]$ToSize) -ErrorAction Stop
    $changed = $true
} else {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('C: (offset ' + $PartitionOffset + ') is ' + $sizeBefore + ' bytes: neither the planned ' + $FromSize + ' before the shrink nor ' + $ToSize + ' after it; it is not shrunk again. Nothing was changed.'))
}

$after = Find-StepPartitionAt -Disk $disk -Offset $PartitionOffset
if ($null -eq $after -or [long]$after.Size -ne $ToSize) {
    $now = 'gone'
    if ($null -ne $after) { $now = [string][long]$after.Size }
    throw (New-StepError -Kind 'UnexpectedState' -Message ('after Resize-Partition C: is ' + $now + ' bytes, not ' + $ToSize + '.'))
}

[ordered]@{
    changed    = $changed
    sizeBefore = $sizeBefore
    partition  = (ConvertTo-StepPartitionFacts -Partition $after)
}

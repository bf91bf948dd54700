<#
.SYNOPSIS
    Formats the new recovery partition NTFS with the label 'Windows RE tools' (KB5028997 step 4:
    'format quick fs=ntfs label="Windows RE tools"'; Format-Volume, docs/reference/storage-cmdlets.md#cmdlets-that-change-partitions). Idempotent.
.DESCRIPTION
    The partition at -Offset must exist and be recovery-typed ('IdentityMismatch:' otherwise): formatting is only
    ever done to the partition this run created.
    Already done: its volume is NTFS with that label -> changed=false.
    A volume with another file system or label already there: 'UnexpectedState:' (it could hold data; nothing
    is formatted over it).
.OUTPUTS
    One object, schemas/format-recovery-volume.schema.json.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string] $DiskUniqueId,
    [Parameter(Mandatory = $true)][long] $Offset,
    [Parameter(Mandatory = $true)][ValidateLength(1, 32)][string] $Label
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$disk = Get-StepDisk -UniqueId $DiskUniqueId
$part = Find-StepPartitionAt -Disk $disk -Offset $Offset
if ($null -eq $part) {
    throw (New-StepError -Kind 'IdentityMismatch' -Message ('no partition starts at offset ' + $Offset + ' on disk ' + $disk.Number + '; nothing was formatted.'))
}
Assert-StepPartitionIdentity -Partition $part -What 'the recovery partition to format' -Recovery

$volume = Get-StepVolume -Partition $part
$fileSystem = ''
if ($null -ne $volume) { $fileSystem = [string]$volume.FileSystem }
$changed = $false
if ($fileSystem -eq 'NTFS' -and [string]$volume.FileSystemLabel -eq $Label) {
    $changed = $false
} elseif ($fileSystem -eq '' -or $fileSystem -eq 'RAW' -or $fileSystem -eq 'Unknown') {
    Format-Volume -Partition $part -FileSystem NTFS -NewFileSystemLabel $Label -Confirm:$false -ErrorAction Stop | Out-Null
    $changed = $true
    $volume = Get-StepVolume -Partition (Find-StepPartitionAt -Disk $disk -Offset $Offset)
} else {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('the partition at offset ' + $Offset + ' already holds a ' + $fileSystem + ' volume labelled "' + [string]$volume.FileSystemLabel + '"; it is not formatted over. Nothing was changed.'))
}

if ($null -eq $volume -or [string]$volume.FileSystem -ne 'NTFS' -or [string]$volume.FileSystemLabel -ne $Label) {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('after Format-Volume the partition at offset ' + $Offset + ' has no NTFS volume labelled "' + $Label + '".'))
}

[ordered]@{
    changed   = $changed
    partition = (ConvertTo-StepPartitionFacts -Partition $part)
    volume    = (ConvertTo-StepVolumeFacts -Volume $volume)
}

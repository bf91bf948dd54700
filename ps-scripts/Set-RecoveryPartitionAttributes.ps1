<#
.SYNOPSIS
    Sets the GPT attributes of the recovery partition at -PartitionOffset (0x8000000000000001: required by the
    platform + no default drive letter, as Windows setup and KB5028997 make it). Idempotent.
.DESCRIPTION
    No cmdlet sets bit 0x1, so diskpart `gpt attributes=` does it (docs/reference/storage-cmdlets.md#type-guids-mbr-ids-and-gpt-attributes). The plan runs this step
    after WinRE is enabled again: the attributes do not decide where reagentc puts WinRE (the recovery TYPE, set
    in the create call, does), so they need not be set while the PC has no recovery environment.
    Already done: the attributes read back from `detail partition` equal -GptAttributes -> changed=false.
.OUTPUTS
    One object, schemas/set-recovery-partition-attributes.schema.json.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string] $DiskUniqueId,
    [Parameter(Mandatory = $true)][long] $PartitionOffset,
    [ValidatePattern('^0[xX][0-9A-Fa-f]{16}$')][string] $GptAttributes = '0x8000000000000001'
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$want = '0x' + $GptAttributes.Substring(2).ToLowerInvariant()
$disk = Get-StepDisk -UniqueId $DiskUniqueId
if ([string]$disk.PartitionStyle -ne 'GPT') {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('disk ' + $disk.Number + ' is ' + $disk.PartitionStyle + '; GPT attributes exist only on GPT disks.'))
}
$part = Find-StepPartitionAt -Disk $disk -Offset $PartitionOffset
if ($null -eq $part) {
    throw (New-StepError -Kind 'IdentityMismatch' -Message ('no partition starts at offset ' + $PartitionOffset + ' on disk ' + $disk.Number + '; nothing was changed.'))
}
Assert-StepPartitionIdentity -Partition $part -What 'the recovery partition' -Recovery
$runs = @()
$read = Get-StepGptAttributes -Partition $part
$runs += (ConvertTo-StepNativeResult -Run $read.run)
$changed = $false
if ($read.attributes -ne $want) {
    $run = Invoke-StepDiskPart -Lines @(('select disk ' + [int]$disk.Number), ('select partition ' + [int]$part.PartitionNumber), ('gpt attributes=' + $want))
    $runs += (ConvertTo-StepNativeResult -Run $run)
    Assert-StepDiskPartOk -Run $run -What 'gpt attributes'
    $changed = $true
    $read = Get-StepGptAttributes -Partition $part
    $runs += (ConvertTo-StepNativeResult -Run $read.run)
    if ($read.attributes -ne $want) {
        throw (New-StepError -Kind 'UnexpectedState' -Message ('GPT attributes are ' + $read.attributes + ' after diskpart set ' + $want + '.'))
    }
}
[ordered]@{ changed = $changed; gptAttributes = [string]$read.attributes; partitionNumber = [int]$part.PartitionNumber; diskpart = @($runs) }

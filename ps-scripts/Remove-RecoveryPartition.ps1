<#
.SYNOPSIS
    Deletes the old, too small recovery partition (KB5028997 step 3: 'delete partition override'; Microsoft's
    script uses Remove-Partition -Confirm:$false, docs/reference/reagentc.md#microsofts-sample-script, docs/reference/storage-cmdlets.md#cmdlets-that-change-partitions). Idempotent.
.DESCRIPTION
    Already done: no partition starts at -PartitionOffset -> changed=false.
    Otherwise the partition there must be exactly the one planned: same size, same GPT partition GUID (when the
    plan has one) and a recovery type (GPT de94bba4-..., MBR 0x27); else 'IdentityMismatch:' and nothing changes.
    Never deletes the partition WinRE is enabled on (reagentc /info location maps to it), nor one ReAgent.xml
    already registers while /info lags until a restart (Test-StepPendingEnableAt): 'UnexpectedState:'.
    Never the running Windows or the system partition (IsBoot/IsSystem): 'IdentityMismatch:'.
.OUTPUTS
    One object, schemas/remove-recovery-partition.schema.json.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string] $DiskUniqueId,
    [Parameter(Mandatory = $true)][long] $PartitionOffset,
    [Parameter(Mandatory = $true)][long] $PartitionSize,
    [AllowNull()][AllowEmptyString()][string] $PartitionGuid = ''
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$disk = Get-StepDisk -UniqueId $DiskUniqueId
$part = Find-StepPartitionAt -Disk $disk -Offset $PartitionOffset
$removed = $null
$changed = $false
if ($null -ne $part) {
    Assert-StepPartitionIdentity -Partition $part -What 'the recovery partition to delete' -Size $PartitionSize -Guid $PartitionGuid -Recovery
    if ([bool]$part.IsBoot -or [bool]$part.IsSystem) {
        throw (New-StepError -Kind 'IdentityMismatch' -Message ('the partition at offset ' + $PartitionOffset + ' is a boot or system partition; it is never deleted.'))
    }
    $winre = Get-StepReAgentInfo
    if ($winre.info.status -eq 'Enabled') {
        $where = Resolve-StepWinReLocation -Location $winre.info.location
        if ($null -ne $where -and $where.diskUniqueId -eq $DiskUniqueId -and [long]$where.offset -eq $PartitionOffset) {
            throw (New-StepError -Kind 'UnexpectedState' -Message ('WinRE is still enabled on the partition at offset ' + $PartitionOffset + ' (' + $where.path + '); disable it first. Nothing was changed.'))
        }
    }
    # /info can lag behind an /enable until a restart: ReAgent.xml then already registers WinRE here, and the
    # partition holds the only enabled image. Never deleted (a roll-back must not undo a WinRE that is in place).
    if (Test-StepPendingEnableAt -Info $winre.info -Offset $PartitionOffset) {
        throw (New-StepError -Kind 'UnexpectedState' -Message ('ReAgent.xml registers WinRE on the partition at offset ' + $PartitionOffset + ' (InstallState 1) while reagentc /info says Disabled until a restart; it is never deleted. Nothing was changed.'))
    }
    $removed = ConvertTo-StepPartitionFacts -Partition $part
    Remove-Partition -DiskNumber ([uint32]$part.DiskNumber) -PartitionNumber ([uint32]$part.PartitionNumber) -Confirm:$false -ErrorAction Stop
    $changed = $true
    if ($null -ne (Find-StepPartitionAt -Disk $disk -Offset $PartitionOffset)) {
        throw (New-StepError -Kind 'UnexpectedState' -Message ('Remove-Partition returned but a partition still starts at offset ' + $PartitionOffset + '.'))
    }
}

[ordered]@{
    changed    = $changed
    diskNumber = [int]$disk.Number
    offset     = $PartitionOffset
    removed    = $removed
}

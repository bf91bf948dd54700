# Simulated reboot: what restarting Windows does to the machine file. Called by src/simulation/reboot.ts (a
# short pwsh of its own, never by ps-scripts: a real run reboots through Windows).

function Invoke-SimReboot {
    # Applies a reboot and returns a summary of what changed. Writes the machine directly (a reboot is the
    # machine's doing, not a command's): it is not a counted mutation and cannot be power-cut.
    $m = Read-SimMachine
    $summary = [ordered]@{ renumbered = @(); diskNumbers = @(); bitLockerResumed = @(); bitLockerCountedDown = @() }

    # Disk numbers are not stable across boots (StorageDsc README; dsccommunity/StorageDsc issues #81, #104;
    # docs/reference/tools-landscape.md#f14-disk-numbers-change-between-reboots): a disk takes numberAfterReboot when the machine declares one.
    foreach ($d in @($m.disks)) {
        $next = Get-SimProp $d 'numberAfterReboot'
        if ($null -ne $next) {
            $summary.diskNumbers += ('' + $d.number + '->' + $next)
            $d.number = [int]$next
            Remove-SimProp $d 'numberAfterReboot'
        }
    }

    # Partition numbers: a partition created or deleted keeps the numbers as they were until the next boot,
    # which rescans them in offset order (docs/reference/storage-cmdlets.md#get-partition: "Ordering is based on the partition's offset";
    # docs/reference/storage-cmdlets.md#diskpart-list-disk-and-partition-numbers shows 5 before 4 right after creation). Only when something changed (pendingReboot.renumber).
    $pending = Get-SimProp $m 'pendingReboot'
    if ($null -ne $pending -and [bool](Get-SimProp $pending 'renumber' $false)) {
        foreach ($d in @($m.disks)) {
            $n = 1
            foreach ($p in (Get-SimSortedPartitions -Disk $d)) {
                if ([int]$p.number -ne $n) { $summary.renumbered += ('disk ' + $d.number + ' partition ' + $p.number + '->' + $n) }
                $p.number = $n
                $n++
            }
        }
        Remove-SimProp $pending 'renumber'
    }

    # A deferred reagentc /enable (reagentc.enableDeferredUntilReboot, simulator/30-ReAgentC.ps1) shows in /info
    # from this boot on.
    if ($null -ne $pending) { Remove-SimProp $pending 'winreEnable' }

    # BitLocker suspended with -RebootCount N resumes after N restarts; 0 = until Resume-BitLocker
    # (Suspend-BitLocker.md; docs/reference/bitlocker.md#volume-status-and-protection). Protection comes back only with a protector to use.
    foreach ($e in @(Get-SimPartitionEntries -Machine $m)) {
        if ($null -eq $e.Volume) { continue }
        $bl = Get-SimProp $e.Volume 'bitLocker'
        if ($null -eq $bl) { continue }
        $count = Get-SimProp $bl 'suspendedRebootCount'
        if ($null -eq $count -or [int]$count -eq 0) { continue }
        $left = [int]$count - 1
        $where = 'disk ' + $e.Disk.number + ' partition ' + $e.Partition.number
        if ($left -gt 0) {
            $bl.suspendedRebootCount = $left
            $summary.bitLockerCountedDown += $where
        } else {
            Remove-SimProp $bl 'suspendedRebootCount'
            if (@($bl.keyProtectors).Count -gt 0) { $bl.protectionStatus = 1 }
            $summary.bitLockerResumed += $where
        }
    }

    # DISM mounts survive the restart as records and folders, no longer mounted: NeedsRemount (simulator/66-Dism.ps1).
    $null = Invoke-SimDismReboot -Machine $m

    # A restart completes what was waiting for it (CBS RebootPending, PendingFileRenameOperations, ...).
    if ($null -ne (Get-SimProp $m.os 'pendingRebootReasons')) { $m.os.pendingRebootReasons = @() }

    $trace = Get-SimTrace -Machine $m
    $trace.boots = [int]$trace.boots + 1
    Write-SimMachine -Machine $m
    $summary['boots'] = [int]$trace.boots
    return [pscustomobject]$summary
}

<#
.SYNOPSIS
    Runs `defrag <C:> /X /U /V` (free-space consolidation) on the running Windows' volume, with a time limit. Moves
    files inside C:; changes no partition.
.DESCRIPTION
    The last rung of the shrink retry ladder (src/domain/shrink-retry.ts): before the last attempt of a shrink that
    Windows refused because of files it could not move, free-space consolidation moves the movable ones out of the
    end of C: (https://learn.microsoft.com/windows-server/administration/windows-commands/defrag: /X "Perform free
    space consolidation on the specified volumes", /U progress, /V verbose statistics; low priority by default, as
    the weekly maintenance task runs it). Optimize-Volume has no free-space consolidation
    (https://learn.microsoft.com/powershell/module/storage/optimize-volume), hence defrag.exe.
    The disk is found by UniqueId and C: by its offset; it must be the running Windows' partition (IsBoot), else
    'IdentityMismatch:' and nothing runs. defrag.exe runs by absolute path from System32 with its stdin closed (as
    SYSTEM nobody answers a prompt) and is killed when it runs longer than -TimeLimitSeconds (timedOut, exit code
    null). Its exit code is its HRESULT (0 success): a failure is returned, not thrown - the executor records it and
    makes the last attempt anyway (a partial consolidation may be enough; the shrink decides).
.OUTPUTS
    One object, schemas/optimize-os-volume.schema.json.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string] $DiskUniqueId,
    [Parameter(Mandatory = $true)][long] $PartitionOffset,
    [Parameter(Mandatory = $true)][ValidateRange(1, 86400)][int] $TimeLimitSeconds
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$disk = Get-StepDisk -UniqueId $DiskUniqueId
$os = Find-StepPartitionAt -Disk $disk -Offset $PartitionOffset
if ($null -eq $os) {
    throw (New-StepError -Kind 'IdentityMismatch' -Message ('no partition starts at offset ' + $PartitionOffset + ' on disk ' + $disk.Number + '; defrag did not run.'))
}
if (-not [bool]$os.IsBoot) {
    throw (New-StepError -Kind 'IdentityMismatch' -Message ('the partition at offset ' + $PartitionOffset + ' is not the running Windows partition; defrag did not run.'))
}
$letter = ConvertTo-StepDriveLetter -Value $os.DriveLetter
if ($letter -eq '') {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('the Windows partition at offset ' + $PartitionOffset + ' has no drive letter; defrag did not run.'))
}
$drive = $letter + ':'

$watch = [System.Diagnostics.Stopwatch]::StartNew()
$run = Invoke-WinReFixNativeTool -ExeName 'defrag.exe' -Arguments @($drive, '/X', '/U', '/V') -TimeoutMilliseconds ($TimeLimitSeconds * 1000)
$watch.Stop()
$timedOut = [bool]$run.timedOut
$exitCode = $null
if (-not $timedOut) { $exitCode = [int]$run.exitCode }

# The last lines that say something (progress with /U is tab-indented; the report and the result come last).
$lines = @(@($run.stdout) + @($run.stderr) | ForEach-Object { ([string]$_).Trim() } | Where-Object { $_ -ne '' })
$keep = 12
if ($lines.Count -gt $keep) { $lines = @($lines[($lines.Count - $keep)..($lines.Count - 1)]) }

[ordered]@{
    changed    = $true
    drive      = $drive
    exitCode   = $exitCode
    timedOut   = $timedOut
    durationMs = [long]$watch.ElapsedMilliseconds
    lastLines  = @($lines)
}

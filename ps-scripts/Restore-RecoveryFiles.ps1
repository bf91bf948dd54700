<#
.SYNOPSIS
    Puts back on the NEW recovery partition every file the old one held (OEM tools), from the backup that
    Backup-RecoveryFiles made in -StateFolder, verifying each copy by SHA256. Idempotent.
.DESCRIPTION
    Copies each manifest file that is not already on the new volume with the same SHA256. Not copied:
      - Recovery\WindowsRE\Winre.wim: reagentc /enable placed the live image there (docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml);
      - $WINRE_BACKUP_PARTITION.MARKER: reagentc's own bookkeeping of "the existing WinRE partition"; /enable
        removes it, so putting the old one back would contradict reagentc (ASSUMPTION: reagent's
        FindTargetPartition reads it, as simulator/30-ReAgentC.ps1 notes from ReAgent.log).
    Each backup copy is checked against the manifest before it is used: a damaged backup is 'UnexpectedState:'.
    Already done: every file is there with its hash -> changed=false.
.OUTPUTS
    One object, schemas/restore-recovery-files.schema.json.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string] $DiskUniqueId,
    [Parameter(Mandatory = $true)][long] $PartitionOffset,
    [Parameter(Mandatory = $true)][string] $StateFolder
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$folder = $StateFolder.TrimEnd('\')
$manifestPath = $folder + '\manifest.json'
$filesFolder = $folder + '\files'
if (-not (Test-Path -LiteralPath $manifestPath -PathType Leaf)) {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('no backup manifest at ' + $manifestPath + '; nothing to restore. Nothing was changed.'))
}
$manifest = (Get-Content -LiteralPath $manifestPath -Raw -ErrorAction Stop) | ConvertFrom-Json

$disk = Get-StepDisk -UniqueId $DiskUniqueId
$part = Find-StepPartitionAt -Disk $disk -Offset $PartitionOffset
if ($null -eq $part) {
    throw (New-StepError -Kind 'IdentityMismatch' -Message ('no partition starts at offset ' + $PartitionOffset + ' on disk ' + $disk.Number + '; nothing was restored.'))
}
Assert-StepPartitionIdentity -Partition $part -What 'the new recovery partition' -Recovery
$volume = Get-StepVolume -Partition $part
if ($null -eq $volume -or [string]$volume.FileSystem -ne 'NTFS') {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('the partition at offset ' + $PartitionOffset + ' has no NTFS volume yet; nothing was restored.'))
}

$excluded = '^(Recovery\\WindowsRE\\Winre\.wim|\$WINRE_BACKUP_PARTITION\.MARKER)$'
$outcome = Invoke-StepWithDriveLetter -Partition $part -ScriptBlock {
    param($root)
    $copied = @()
    $present = @()
    $skipped = @()
    foreach ($f in @($manifest.files)) {
        $relative = [string]$f.path
        if ($relative -match $excluded) { $skipped += $relative; continue }
        $target = $root + $relative
        $now = Get-StepFileFacts -Path $target
        if ($now.present -and $now.sha256 -eq [string]$f.sha256) { $present += $relative; continue }
        $source = $filesFolder + '\' + $relative
        $backup = Get-StepFileFacts -Path $source
        if (-not $backup.present -or $backup.sha256 -ne [string]$f.sha256) {
            throw (New-StepError -Kind 'UnexpectedState' -Message ('the backup copy ' + $source + ' is missing or damaged (SHA256 ' + $backup.sha256 + ', manifest ' + [string]$f.sha256 + ').'))
        }
        $parent = $target.Substring(0, $target.LastIndexOf('\'))
        if ($parent.Length -gt 3 -and -not (Test-Path -LiteralPath $parent -PathType Container)) { New-Item -ItemType Directory -Path $parent -Force -ErrorAction Stop | Out-Null }
        Copy-Item -LiteralPath $source -Destination $target -Force -ErrorAction Stop
        $after = Get-StepFileFacts -Path $target
        if (-not $after.present -or $after.sha256 -ne [string]$f.sha256) {
            throw (New-StepError -Kind 'UnexpectedState' -Message ('the restored ' + $target + ' has SHA256 ' + $after.sha256 + ', not ' + [string]$f.sha256 + '.'))
        }
        $copied += , ([ordered]@{ path = $relative; size = [int64]$after.size; sha256 = [string]$after.sha256 })
    }
    , ([ordered]@{ copied = $copied; present = $present; skipped = $skipped })
}

[ordered]@{
    changed      = (@($outcome.copied).Count -gt 0)
    manifestPath = $manifestPath
    copied       = @($outcome.copied)
    present      = @($outcome.present)
    skipped      = @($outcome.skipped)
    partition    = (ConvertTo-StepPartitionFacts -Partition $part)
}

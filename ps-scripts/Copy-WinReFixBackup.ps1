<#
.SYNOPSIS
    `fix --keep-backup <folder>` (step keep-backup): copies this run's verified backup of the old recovery partition
    (Winre.wim and every other file, OEM tools included: -StateFolder, made by Backup-RecoveryFiles.ps1) into the
    run's own folder -KeepFolder under the administrator's -Folder, verifies every copy's SHA256 against the
    backup's manifest and writes manifest.json there last. Changes the PC (only those folders). Idempotent.
.DESCRIPTION
    - Already done: -KeepFolder\manifest.json exists and every file it lists is in -KeepFolder\files with its size
      and SHA256 -> changed = false (nothing is written).
    - Never through a link: every level from the drive's root to -KeepFolder that exists is checked for a reparse
      point (junction, symbolic link, mount point; lib/BackupFolders.ps1 Test-WinReFixLink) before anything is
      written, and the copy is refused ('UnexpectedState', nothing written) when one is there.
    - Folders winre-fix creates (the administrator's folder when missing, with its missing parents, and the run's
      folder) are made with their final DACL by the call that creates them: protected, full control for SYSTEM and
      Administrators only (New-WinReFixRestrictedFolder, as for the state folder: ps-scripts/New-StateFolder.ps1);
      what goes inside inherits it. The run folder's SDDL is returned and judged by the step (src/domain/state-acl.ts).
    - The administrator's folder is winre-fix's once it holds winre-fix-keep.json naming this computer (written
      when winre-fix first uses it, empty); a folder that holds anything else is refused ('UnexpectedState').
    - A power cut anywhere leaves either no manifest (the next run copies what is missing or wrong, and writes it)
      or a complete one: it is written to a temporary name and renamed.
    - The copies are checked against the backup's manifest, never against themselves: a damaged backup copy is
      refused, not propagated. Every source, the room on the volume and the administrator's folder are checked
      before anything is written, so a refusal writes nothing.
.OUTPUTS
    One object, schemas/copy-win-re-fix-backup.schema.json.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidatePattern('^[A-Za-z]:\\ProgramData\\winre-fix\\backup\\[0-9a-f]{16}$')][string] $StateFolder,
    [Parameter(Mandatory = $true)][ValidatePattern('^[A-Za-z]:\\[^\\]')][string] $Folder,
    [Parameter(Mandatory = $true)][string] $KeepFolder,
    [Parameter(Mandatory = $true)][string] $ComputerName,
    # The plan's estimate (shown in the plan); the copy measures the files themselves.
    [long] $Bytes = 0
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$root = $Folder.TrimEnd('\')
$runFolder = $KeepFolder.TrimEnd('\')
$runName = $runFolder.Substring($runFolder.LastIndexOf('\') + 1)
if (-not [string]::Equals($runFolder, $root + '\' + $runName, [System.StringComparison]::OrdinalIgnoreCase) -or $runName -notmatch '^[A-Za-z0-9_-]+$') {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('the kept copy''s folder ' + $KeepFolder + ' is not a run folder directly under ' + $Folder + '; nothing was copied.'))
}
$markerPath = $root + '\winre-fix-keep.json'
$manifestPath = $runFolder + '\manifest.json'
$filesFolder = $runFolder + '\files'
$protectedSddl = 'D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)'

function Assert-NoLinkOnPath {
    # Every existing level from the drive's root down to $Path: none may be a junction, symbolic link or mount point.
    param([Parameter(Mandatory = $true)][string] $Path)
    $current = $Path.Substring(0, 2)
    foreach ($name in @($Path.Substring(3) -split '\\')) {
        $current = $current + '\' + $name
        $item = Get-Item -LiteralPath $current -Force -ErrorAction SilentlyContinue
        if ($null -eq $item) { return }
        if (Test-WinReFixLink -Item $item) {
            throw (New-StepError -Kind 'UnexpectedState' -Message ($current + ' is a junction, symbolic link or mount point; winre-fix never writes through one. Nothing was copied there.'))
        }
    }
}

function Get-KeptResult {
    param([bool] $Changed, [long] $Total, [int] $Count)
    $manifestFacts = Get-StepFileFacts -Path $manifestPath
    [ordered]@{
        changed        = $Changed
        folder         = $runFolder
        manifestPath   = $manifestPath
        manifestSha256 = [string]$manifestFacts.sha256
        files          = $Count
        totalBytes     = $Total
        folderSddl     = [string](Get-Acl -LiteralPath $runFolder).Sddl
    }
}

Assert-NoLinkOnPath -Path $runFolder

$backupManifestPath = $StateFolder.TrimEnd('\') + '\manifest.json'
if (-not (Test-Path -LiteralPath $backupManifestPath -PathType Leaf)) {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('no backup manifest at ' + $backupManifestPath + '; there is no verified backup to keep. Nothing was copied.'))
}
$backup = (Get-Content -LiteralPath $backupManifestPath -Raw -ErrorAction Stop) | ConvertFrom-Json
$files = @(@($backup.files) | Where-Object { $null -ne $_ })

# Already kept and verified?
if (Test-Path -LiteralPath $manifestPath -PathType Leaf) {
    $kept = $null
    try { $kept = (Get-Content -LiteralPath $manifestPath -Raw -ErrorAction Stop) | ConvertFrom-Json } catch { $kept = $null }
    $complete = $null -ne $kept -and $null -ne $kept.PSObject.Properties['files'] -and @($kept.files).Count -eq $files.Count
    if ($complete) {
        foreach ($f in $files) {
            $copy = Get-StepFileFacts -Path ($filesFolder + '\' + [string]$f.path)
            if (-not $copy.present -or [long]$copy.size -ne [long]$f.size -or $copy.sha256 -ne ([string]$f.sha256).ToUpperInvariant()) { $complete = $false; break }
        }
    }
    if ($complete) {
        Get-KeptResult -Changed $false -Total ([long]$backup.totalBytes) -Count $files.Count
        return
    }
}

# What is still to copy, and whether it can be copied: every source checked against the backup's manifest and the
# room on the volume BEFORE anything is written, so a refusal changes nothing. ASSUMPTION: 64 MiB left over is
# enough for the manifest and NTFS bookkeeping (as Backup-RecoveryFiles.ps1 assumes).
[long]$need = 67108864
$todo = @()
foreach ($f in $files) {
    $expected = ([string]$f.sha256).ToUpperInvariant()
    $now = Get-StepFileFacts -Path ($filesFolder + '\' + [string]$f.path)
    if ($now.present -and $now.sha256 -eq $expected) { continue }
    $source = $StateFolder.TrimEnd('\') + '\files\' + [string]$f.path
    $from = Get-StepFileFacts -Path $source
    if (-not $from.present -or $from.sha256 -ne $expected -or [long]$from.size -ne [long]$f.size) {
        throw (New-StepError -Kind 'UnexpectedState' -Message ('the backup copy ' + $source + ' is missing or damaged (SHA256 ' + $from.sha256 + ', manifest ' + $expected + '); it is not kept. Nothing was copied.'))
    }
    $todo += , $f
    $need += [long]$f.size
}
$volume = Get-Volume -DriveLetter $root.Substring(0, 1) -ErrorAction Stop
if ($todo.Count -gt 0 -and [long]$volume.SizeRemaining -lt $need) {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('the kept copy needs ' + $need + ' bytes on ' + $root.Substring(0, 2) + ' but only ' + [long]$volume.SizeRemaining + ' are free; nothing more was copied.'))
}

# The administrator's folder: made (SYSTEM and Administrators only) when missing; winre-fix's only when empty or
# already marked for this computer.
$missing = New-Object System.Collections.Generic.List[string]
$probe = $root
while ($probe.Length -gt 3 -and -not (Test-Path -LiteralPath $probe)) {
    $missing.Insert(0, $probe)
    $probe = $probe.Substring(0, $probe.LastIndexOf('\'))
}
if ($probe.Length -gt 3 -and -not (Test-Path -LiteralPath $probe -PathType Container)) {
    throw (New-StepError -Kind 'UnexpectedState' -Message ($probe + ' is a file, not a folder; nothing was copied.'))
}
$markerName = $null
if (Test-Path -LiteralPath $markerPath -PathType Leaf) {
    try { $markerName = [string]((Get-Content -LiteralPath $markerPath -Raw -ErrorAction Stop) | ConvertFrom-Json).computerName } catch { $markerName = $null }
}
$ours = [string]::Equals($markerName, $ComputerName, [System.StringComparison]::OrdinalIgnoreCase)
if (-not $ours -and $missing.Count -eq 0) {
    $entries = @(Get-ChildItem -LiteralPath $root -Force -ErrorAction Stop | Where-Object { -not [string]::Equals([string]$_.Name, 'winre-fix-keep.json.tmp', [System.StringComparison]::OrdinalIgnoreCase) })
    if ($entries.Count -gt 0) {
        throw (New-StepError -Kind 'UnexpectedState' -Message ($root + ' holds ' + $entries.Count + ' entries and is not a folder winre-fix made for ' + $ComputerName + '; nothing was copied.'))
    }
}
foreach ($m in $missing) { New-WinReFixRestrictedFolder -Path $m -Sddl $protectedSddl }
if (-not $ours) {
    $marker = [ordered]@{ tool = 'winre-fix'; computerName = $ComputerName; note = 'winre-fix keeps one folder per run here (fix --keep-backup).' }
    # ps51-allow utf8-bom: read only by Get-Content -Raw | ConvertFrom-Json (here and Test-KeepBackupFolder.ps1), which accept it with or without a BOM.
    Set-Content -LiteralPath ($markerPath + '.tmp') -Value (ConvertTo-Json -InputObject $marker -Depth 3 -Compress) -Encoding UTF8 -ErrorAction Stop
    Move-Item -LiteralPath ($markerPath + '.tmp') -Destination $markerPath -Force -ErrorAction Stop
}
if (-not (Test-Path -LiteralPath $runFolder)) { New-WinReFixRestrictedFolder -Path $runFolder -Sddl $protectedSddl }
Assert-NoLinkOnPath -Path $runFolder

foreach ($f in $todo) {
    $relative = [string]$f.path
    $expected = ([string]$f.sha256).ToUpperInvariant()
    $source = $StateFolder.TrimEnd('\') + '\files\' + $relative
    $target = $filesFolder + '\' + $relative
    $parent = $target.Substring(0, $target.LastIndexOf('\'))
    if (-not (Test-Path -LiteralPath $parent -PathType Container)) { New-Item -ItemType Directory -Path $parent -Force -ErrorAction Stop | Out-Null }
    Copy-Item -LiteralPath $source -Destination $target -Force -ErrorAction Stop
    $copy = Get-StepFileFacts -Path $target
    if (-not $copy.present -or $copy.sha256 -ne $expected -or [long]$copy.size -ne [long]$f.size) {
        throw (New-StepError -Kind 'UnexpectedState' -Message ('the kept copy ' + $target + ' has SHA256 ' + $copy.sha256 + ', not ' + $expected + '.'))
    }
}

[long]$total = 0
$listed = @()
foreach ($f in $files) {
    $total += [long]$f.size
    $hidden = $false
    if ($null -ne $f.PSObject.Properties['hidden']) { $hidden = [bool]$f.hidden }
    $listed += , ([ordered]@{ path = [string]$f.path; size = [int64]$f.size; sha256 = ([string]$f.sha256).ToUpperInvariant(); hidden = $hidden })
}
$manifest = [ordered]@{
    schemaVersion = 1
    tool          = 'winre-fix'
    computerName  = $ComputerName
    runFolder     = $runName
    source        = [ordered]@{
        diskUniqueId    = [string]$backup.diskUniqueId
        partitionOffset = [int64]$backup.partitionOffset
        partitionGuid   = $backup.partitionGuid
        partitionSize   = [int64]$backup.partitionSize
    }
    totalBytes    = $total
    files         = @($listed)
}
$temporary = $manifestPath + '.tmp'
# ps51-allow utf8-bom: read only by Get-Content -Raw | ConvertFrom-Json (this script) and by people; both accept a BOM.
Set-Content -LiteralPath $temporary -Value (ConvertTo-Json -InputObject $manifest -Depth 8 -Compress) -Encoding UTF8 -ErrorAction Stop
Move-Item -LiteralPath $temporary -Destination $manifestPath -Force -ErrorAction Stop

Get-KeptResult -Changed $true -Total $total -Count $files.Count

<#
.SYNOPSIS
    Reads what the planner needs to judge the folder named with `fix --keep-backup <folder>` (src/domain/keep-backup.ts):
    its drive's volume (file system, drive type, free space), every junction, symbolic link or mount point on the
    way to it, and whether it exists, is a folder, holds anything, and carries winre-fix's winre-fix-keep.json.
    Read-only: changes nothing.
.DESCRIPTION
    -Path is already an absolute local path (X:\...; the planner refuses anything else before this runs).
    The walk goes from the drive's root down one level at a time with Get-Item -Force (which shows a link as the
    link, never its target) and stops at the first level that is missing, a link (reported, never followed) or a
    file. A drive letter without a volume (none, a subst or a mapped network drive: Get-Volume knows only volumes)
    gives volume = $null and nothing else is read.
.OUTPUTS
    One object, schemas/test-keep-backup-folder.schema.json.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][ValidatePattern('^[A-Za-z]:\\[^\\]')][string] $Path)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$folder = $Path.TrimEnd('\')
$letter = $folder.Substring(0, 1).ToUpperInvariant()
$volume = $null
$links = @()
$exists = $false
$isFolder = $false
$entries = 0
$marker = $null

$found = $null
try { $found = Get-Volume -DriveLetter $letter -ErrorAction Stop } catch { $found = $null }
if ($null -ne $found) {
    $volume = [ordered]@{
        driveLetter   = $letter
        fileSystem    = [string]$found.FileSystem
        driveType     = [string]$found.DriveType
        sizeRemaining = [int64]$found.SizeRemaining
    }
    $current = $letter + ':'
    $names = @($folder.Substring(3) -split '\\')
    for ($i = 0; $i -lt $names.Count; $i++) {
        $current = $current + '\' + $names[$i]
        $item = Get-Item -LiteralPath $current -Force -ErrorAction SilentlyContinue
        if ($null -eq $item) { break }
        if (Test-WinReFixLink -Item $item) { $links += $current; break }
        if (-not [bool]$item.PSIsContainer) {
            # A file at the folder's place, or in the way to it: either way the path cannot be a folder.
            $exists = $true
            break
        }
        if ($i -eq $names.Count - 1) {
            $exists = $true
            $isFolder = $true
            $entries = @(Get-ChildItem -LiteralPath $current -Force -ErrorAction Stop).Count
            $markerPath = $current + '\winre-fix-keep.json'
            if (Test-Path -LiteralPath $markerPath -PathType Leaf) {
                try {
                    $read = (Get-Content -LiteralPath $markerPath -Raw -ErrorAction Stop) | ConvertFrom-Json
                    if ($null -ne $read -and $null -ne $read.PSObject.Properties['computerName']) { $marker = [string]$read.computerName }
                } catch {
                    # Unreadable: not winre-fix's marker, so the folder is not winre-fix's.
                    $marker = $null
                }
            }
        }
    }
}

[ordered]@{
    path               = $Path
    volume             = $volume
    links              = @($links)
    exists             = $exists
    isFolder           = $isFolder
    entries            = [int]$entries
    markerComputerName = $marker
}

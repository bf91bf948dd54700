<#
.SYNOPSIS
    Reads what decides whether winre-fix's state folder can be trusted: its owner and DACL (as SDDL), and every
    reparse point (symbolic link, junction, mount point) in or below it. Read-only.
.DESCRIPTION
    The folder holds the journal a SYSTEM run acts on, its logs and its reports. A standard user may create
    %ProgramData%\winre-fix before winre-fix does, or plant links in it, so SYSTEM would write or delete files the
    user chose (docs/security.md). src/domain/state-folder-trust.ts judges this document; nothing is opened in the
    folder before it says the folder is trusted.
    - Get-Acl's .Sddl names accounts by SID, so the answer is the same in every Windows language.
    - A reparse point is found by its attribute (FILE_ATTRIBUTE_REPARSE_POINT covers symbolic links, junctions and
      mount points: learn.microsoft.com/windows/win32/fileio/reparse-points); LinkType says which, where PowerShell
      knows it. The walk never descends into a reparse point (Windows PowerShell 5.1's Get-ChildItem -Recurse
      follows directory links, so the walk is done here one folder at a time).
    - The walk stops after $MaxEntries entries and says so (truncated): an unknown tree is not a trusted one.
    Changes nothing.
.OUTPUTS
    One object, schemas/get-state-folder-security.schema.json.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string] $Path,
    [int] $MaxEntries = 100000
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

function Get-WinReFixLinkType {
    param($Item)
    $type = ''
    if ($null -ne $Item.PSObject.Properties['LinkType'] -and $null -ne $Item.LinkType) { $type = [string]$Item.LinkType }
    if ($type -eq '') { $type = 'ReparsePoint' }
    return $type
}

function Test-WinReFixReparsePoint {
    param($Item)
    return (([int]$Item.Attributes) -band ([int][System.IO.FileAttributes]::ReparsePoint)) -ne 0
}

$result = [ordered]@{
    path         = $Path
    exists       = $false
    kind         = 'missing'
    sddl         = ''
    links        = @()
    entries      = @()
    entriesTotal = 0
    truncated    = $false
}
# -Force: hidden and system items too. Test-Path follows a link to decide "container"; Get-Item does not.
$root = Get-Item -LiteralPath $Path -Force -ErrorAction SilentlyContinue
if ($null -eq $root) {
    $result
    return
}
$result.exists = $true
if (Test-WinReFixReparsePoint -Item $root) {
    # The folder itself is a link: nothing below it is read (it lives wherever the link's author chose).
    $result.kind = 'link'
    $result.links = @([ordered]@{ relativePath = '.'; linkType = (Get-WinReFixLinkType -Item $root) })
    $result
    return
}
if (-not $root.PSIsContainer) {
    $result.kind = 'file'
    $result
    return
}
$result.kind = 'directory'
$result.sddl = [string](Get-Acl -LiteralPath $Path).Sddl

$links = New-Object System.Collections.ArrayList
$entries = New-Object System.Collections.ArrayList
$pending = New-Object System.Collections.Stack
$pending.Push(@{ Full = $root.FullName; Relative = '' })
$count = 0
while ($pending.Count -gt 0 -and -not $result.truncated) {
    $folder = $pending.Pop()
    foreach ($child in @(Get-ChildItem -LiteralPath $folder.Full -Force)) {
        $count += 1
        if ($count -gt $MaxEntries) { $result.truncated = $true; break }
        $relative = $child.Name
        if ($folder.Relative -ne '') { $relative = $folder.Relative + '/' + $child.Name }
        $kind = 'file'
        if ($child.PSIsContainer) { $kind = 'directory' }
        if (Test-WinReFixReparsePoint -Item $child) {
            $null = $links.Add([ordered]@{ relativePath = $relative; linkType = (Get-WinReFixLinkType -Item $child) })
            $kind = 'link'
        } elseif ($child.PSIsContainer) {
            $pending.Push(@{ Full = $child.FullName; Relative = $relative })
        }
        # Only the top level is listed by kind: that is where the names winre-fix opens live.
        if ($folder.Relative -eq '') { $null = $entries.Add([ordered]@{ name = $child.Name; kind = $kind }) }
    }
}
$result.links = @($links | Select-Object -First 100)
$result.entries = @($entries | Select-Object -First 1000)
$result.entriesTotal = [Math]::Min($count, $MaxEntries)
$result

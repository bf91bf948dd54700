# winre-fix's backup folders on C: (ProgramData\winre-fix\backup\<runId>): walked and deleted WITHOUT ever going
# through a reparse point. Remove-Item -Recurse on a folder that holds a junction or a directory symbolic link
# deletes the content of the link's target on Windows PowerShell 5.1, which winre-fix runs on
# (github.com/PowerShell/PowerShell/issues/621; github.com/scriptcs-contrib/svm/issues/48), so nothing here uses
# -Recurse: files are deleted one by one, then each folder once it is empty, deepest first, and every entry is
# checked for a reparse point (Attributes -band ReparsePoint, or a LinkType) before it is touched. A link is
# reported and left where it is: neither followed nor removed.

Set-StrictMode -Version 3.0

$script:WinReFixRunIdPattern = '^[0-9a-f]{16}$'

function Test-WinReFixLink {
    # True for a junction, a symbolic link or a mount point (anything a walk could be redirected through).
    param([Parameter(Mandatory = $true)] $Item)
    $attr = [int]$Item.Attributes
    if (($attr -band [int][System.IO.FileAttributes]::ReparsePoint) -ne 0) { return $true }
    $linkType = ''
    if ($null -ne $Item.PSObject.Properties['LinkType']) { $linkType = [string]$Item.LinkType }
    # A hard link is another name of the same file: deleting this name never touches anything else.
    return ($linkType -ne '' -and $linkType -ne 'HardLink')
}

function Get-WinReFixTree {
    # Everything under $Folder (itself not included), never going into a link:
    # @{ files = @(@{ path; size }); links = @(path); folders = @(path, parents before children) }.
    param([Parameter(Mandatory = $true)][string] $Folder)
    $files = @()
    $links = @()
    $folders = @()
    $queue = New-Object System.Collections.Generic.Queue[string]
    $queue.Enqueue($Folder)
    while ($queue.Count -gt 0) {
        $current = $queue.Dequeue()
        foreach ($item in @(Get-ChildItem -LiteralPath $current -Force -ErrorAction Stop)) {
            $full = [string]$item.FullName
            if (Test-WinReFixLink -Item $item) { $links += $full; continue }
            if ([bool]$item.PSIsContainer) { $folders += $full; $queue.Enqueue($full); continue }
            $files += , @{ path = $full; size = [long]$item.Length }
        }
    }
    return @{ files = $files; links = $links; folders = $folders }
}

function Remove-WinReFixTree {
    # Deletes $Folder and what it holds without following links (see the top of this file). A link, and the
    # folders above it, stay. Returns @{ files; bytes; links = @(paths left); complete = the folder is gone }.
    param([Parameter(Mandatory = $true)][string] $Folder)
    $top = Get-Item -LiteralPath $Folder -Force -ErrorAction Stop
    if (Test-WinReFixLink -Item $top) {
        return @{ files = 0; bytes = [long]0; links = @($Folder); complete = $false }
    }
    $tree = Get-WinReFixTree -Folder $Folder
    [long]$bytes = 0
    $count = 0
    foreach ($f in $tree.files) {
        # Checked again right before deleting: the walk and the delete are not one operation.
        $item = Get-Item -LiteralPath $f.path -Force -ErrorAction Stop
        if (Test-WinReFixLink -Item $item) { $tree.links += $f.path; continue }
        Remove-Item -LiteralPath $f.path -Force -ErrorAction Stop
        $bytes += [long]$f.size
        $count += 1
    }
    $ordered = @($tree.folders)
    [array]::Reverse($ordered)
    foreach ($d in @($ordered) + @($Folder)) {
        if (-not (Test-Path -LiteralPath $d)) { continue }
        $item = Get-Item -LiteralPath $d -Force -ErrorAction Stop
        if (Test-WinReFixLink -Item $item) { continue }
        if (@(Get-ChildItem -LiteralPath $d -Force -ErrorAction Stop).Count -gt 0) { continue }
        Remove-Item -LiteralPath $d -Force -ErrorAction Stop
    }
    return @{ files = $count; bytes = $bytes; links = @($tree.links); complete = -not (Test-Path -LiteralPath $Folder) }
}

function Get-WinReFixBackupInventory {
    # The run folders directly under $Root (ProgramData\winre-fix\backup) with their size, read-only:
    # @{ rootIsLink; runs = @(@{ runId; path; bytes; files; links = @(...) }); others = @(@{ path; reason }) }.
    param([Parameter(Mandatory = $true)][string] $Root)
    $result = @{ rootIsLink = $false; runs = @(); others = @() }
    $parent = $Root.Substring(0, $Root.LastIndexOf('\'))
    foreach ($p in @($parent, $Root)) {
        if (-not (Test-Path -LiteralPath $p)) { return $result }
        if (Test-WinReFixLink -Item (Get-Item -LiteralPath $p -Force -ErrorAction Stop)) {
            $result.rootIsLink = $true
            $result.others += , @{ path = $p; reason = 'a link (junction or symbolic link): not followed' }
            return $result
        }
    }
    foreach ($item in @(Get-ChildItem -LiteralPath $Root -Force -ErrorAction Stop)) {
        $full = [string]$item.FullName
        $name = [string]$item.Name
        if (Test-WinReFixLink -Item $item) {
            $result.others += , @{ path = $full; reason = 'a link (junction or symbolic link): not followed' }
            continue
        }
        if (-not [bool]$item.PSIsContainer -or $name -cnotmatch $script:WinReFixRunIdPattern) {
            $result.others += , @{ path = $full; reason = 'not a winre-fix run folder (the name is not a run id)' }
            continue
        }
        $tree = Get-WinReFixTree -Folder $full
        [long]$bytes = 0
        foreach ($f in $tree.files) { $bytes += [long]$f.size }
        $result.runs += , @{ runId = $name; path = $full; bytes = $bytes; files = @($tree.files).Count; links = @($tree.links) }
    }
    return $result
}

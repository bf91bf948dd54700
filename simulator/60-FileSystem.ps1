# Simulated files: Test-Path, Get-Item, Get-ChildItem, Get-FileHash, Copy-Item (files and folders), Move-Item,
# Remove-Item, New-Item, Rename-Item, Get-Content, Set-Content, Add-Content, Out-File (and so the > and >>
# redirections), Select-String, Start-/Stop-Transcript for paths ON the simulated machine ('C:\...' for a simulated
# drive letter, '\\?\Volume{guid}\...', '\\?\GLOBALROOT\device\harddiskN\partitionM\...'); HKLM paths go to the
# registry of 50-System.ps1; every other path (e.g. /tmp on Linux) passes through to the real cmdlet unchanged.
# docs/simulation-windows.md "Files" has the design (why shadows over one machine file, not host folders), the
# sources and the DEVIATIONs (.NET calls: reported, never written next to the tests).
# Model (docs/simulation.md "Files"): volume.files[] (path, size, sha256, hidden/system, optional text content);
# folders exist implicitly as parents of listed files, or explicitly in volume.directories (New-Item).
# ReAgent.xml is generated from the WinRE state unless a stored copy exists (30-ReAgentC.ps1).
# Directory reparse points (volume.links: junctions and directory symbolic links, path -> target on the same
# volume) are listed as folders with Attributes Directory|ReparsePoint, LinkType and Target, the way the
# FileSystem provider shows them (learn.microsoft.com/powershell/module/microsoft.powershell.management/new-item,
# -ItemType Junction/SymbolicLink; learn.microsoft.com/windows/win32/fileio/reparse-points). Paths THROUGH a link
# are not resolved, and Get-ChildItem -Recurse does not descend into one (PowerShell 6+ behaviour: -FollowSymlink).
# Remove-Item -Recurse on a folder holding a link deletes the target's content too, as Windows PowerShell 5.1 (what
# winre-fix runs on) does: github.com/PowerShell/PowerShell/issues/621, github.com/scriptcs-contrib/svm/issues/48.

Set-StrictMode -Version 3.0

$script:SimReAgentXmlPath = '\Windows\System32\Recovery\ReAgent.xml'
# Folders every Windows volume holding the OS has, whether or not the machine file lists a file in them.
$script:SimOsFolders = @('\Windows', '\Windows\System32', '\Windows\System32\Recovery', '\Windows\Temp', '\Windows\Logs',
    '\ProgramData', '\Users', '\Program Files', '\Program Files (x86)')

function Get-SimFsLink {
    # The link record (volume.links) at exactly $Relative, or $null.
    param([Parameter(Mandatory = $true)] $Volume, [Parameter(Mandatory = $true)][string] $Relative)
    foreach ($l in @(Get-SimProp $Volume 'links' @())) {
        if ($null -ne $l -and [string]::Equals(([string]$l.path).TrimEnd('\'), $Relative.TrimEnd('\'), [System.StringComparison]::OrdinalIgnoreCase)) { return $l }
    }
    return $null
}

function Test-SimFsFolder {
    # Test-SimFolderExists plus the standard folders of the OS volume, links and the folders holding them.
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)] $Volume, [Parameter(Mandatory = $true)][string] $Folder)
    if (Test-SimFolderExists -Volume $Volume -Folder $Folder) { return $true }
    $linkPrefix = $Folder.TrimEnd('\') + '\'
    foreach ($l in @(Get-SimProp $Volume 'links' @())) {
        if ($null -eq $l) { continue }
        $lp = ([string]$l.path).TrimEnd('\')
        if ([string]::Equals($lp, $Folder.TrimEnd('\'), [System.StringComparison]::OrdinalIgnoreCase) -or $lp.StartsWith($linkPrefix, [System.StringComparison]::OrdinalIgnoreCase)) { return $true }
    }
    $os = Get-SimOsEntry -Machine $Machine
    if ($null -eq $os -or -not [object]::ReferenceEquals($os.Volume, $Volume)) { return $false }
    foreach ($f in $script:SimOsFolders) { if ([string]::Equals($f, $Folder.TrimEnd('\'), [System.StringComparison]::OrdinalIgnoreCase)) { return $true } }
    return $false
}

function Test-SimFsSyntax {
    # Cheap check before reading the machine: only drive-letter and \\?\ paths can be simulated.
    param([AllowEmptyString()][string] $Path)
    if ([string]::IsNullOrEmpty($Path)) { return $false }
    return ($Path -match '^[A-Za-z]:(\\|/|$)' -or $Path -match '^\\\\\?\\')
}

function Resolve-SimFsPath {
    # @{ Root (display prefix); Relative; Entry {Disk,Partition,Volume}; File (record or $null); IsDirectory }
    # for a simulated path, else $null.
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)][string] $Path)
    if (-not (Test-SimFsSyntax -Path $Path)) { return $null }
    $p = $Path.Replace('/', '\')
    $resolved = Resolve-SimPath -Machine $Machine -Path $p
    if ($null -eq $resolved) { return $null }
    $root = $null
    if ($p -match '^(\\\\\?\\GLOBALROOT\\device\\harddisk\d+\\partition\d+)') { $root = $Matches[1] }
    elseif ($p -match '^(\\\\\?\\Volume\{[0-9A-Fa-f-]{36}\})') { $root = $Matches[1] }
    else { $root = $p.Substring(0, 2).ToUpperInvariant() }
    $relative = [string]$resolved.RelativePath
    $file = Get-SimFsFile -Machine $Machine -Volume $resolved.Volume -Entry $resolved -Relative $relative
    $isDir = ($null -eq $file) -and (Test-SimFsFolder -Machine $Machine -Volume $resolved.Volume -Folder $relative)
    if ($null -eq $file -and -not $isDir -and $script:SimReAgentXmlPath.StartsWith($relative.TrimEnd('\') + '\', [System.StringComparison]::OrdinalIgnoreCase)) {
        # The folders of the generated ReAgent.xml exist while it does.
        $isDir = $null -ne (Get-SimFsFile -Machine $Machine -Volume $resolved.Volume -Entry $resolved -Relative $script:SimReAgentXmlPath)
    }
    $link = Get-SimFsLink -Volume $resolved.Volume -Relative $relative
    if ($null -ne $link) { $file = $null; $isDir = $true }
    return @{ Root = $root; Relative = $relative; Entry = $resolved; Volume = $resolved.Volume; File = $file; IsDirectory = $isDir; Link = $link }
}

# The simulated programs are files of System32 on the OS volume, as on Windows (the sources are beside
# Install-SimHostPrograms below): Test-Path, Get-Item, Get-ChildItem and Get-FileHash see them. Their bytes are those
# of the program that runs (the file on PATH, src/simulation/executables.ts), read once per process; they are not in
# the machine file and take no space of it (part of usedBytes, as the rest of Windows). Only where those programs
# exist: never on a Windows host, where the simulated PC has none (Get-WinReFixSystemToolPath refuses).
# ASSUMPTION: the casings of the names as Windows lists them (ReAgentc.exe, Dism.exe, Defrag.exe).
$script:SimSystem32ProgramNames = @('cmd.exe', 'Defrag.exe', 'diskpart.exe', 'Dism.exe', 'ReAgentc.exe')
$script:SimSystem32Programs = $null

function Get-SimSystem32Programs {
    # @{ '<lower-case relative path>' = file record } of the simulated programs, or an empty table without them.
    if ($null -ne $script:SimSystem32Programs) { return $script:SimSystem32Programs }
    $table = @{}
    $bin = [string]$env:WINREFIX_SIM_BIN
    if ([System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Unix -and -not [string]::IsNullOrEmpty($bin)) {
        foreach ($name in $script:SimSystem32ProgramNames) {
            $file = [System.IO.Path]::Combine($bin, $name.ToLowerInvariant())
            if (-not [System.IO.File]::Exists($file)) { continue }
            $bytes = [System.IO.File]::ReadAllBytes($file)
            $sha = [System.Security.Cryptography.SHA256]::Create()
            try { $hash = [System.BitConverter]::ToString($sha.ComputeHash($bytes)).Replace('-', '') } finally { $sha.Dispose() }
            $relative = '\Windows\System32\' + $name
            $table[$relative.ToLowerInvariant()] = [pscustomobject][ordered]@{ path = $relative; size = [long]$bytes.Length; sha256 = $hash }
        }
    }
    $script:SimSystem32Programs = $table
    return $table
}

function Get-SimFsFile {
    # The file record at $Relative, including the generated ReAgent.xml and the simulated programs on the OS volume.
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)] $Volume, $Entry, [Parameter(Mandatory = $true)][string] $Relative)
    $f = Get-SimVolumeFile -Volume $Volume -Path $Relative
    if ($null -ne $f) { return $f }
    if ($Relative.EndsWith('.exe', [System.StringComparison]::OrdinalIgnoreCase)) {
        $program = (Get-SimSystem32Programs)[$Relative.ToLowerInvariant()]
        if ($null -eq $program) { return $null }
        $os = Get-SimOsEntry -Machine $Machine
        if ($null -eq $os -or -not [object]::ReferenceEquals($os.Volume, $Volume)) { return $null }
        return $program
    }
    if (-not [string]::Equals($Relative, $script:SimReAgentXmlPath, [System.StringComparison]::OrdinalIgnoreCase)) { return $null }
    if ([bool](Get-SimProp $Machine.winre 'reagentXmlMissing' $false)) { return $null }
    $os = Get-SimOsEntry -Machine $Machine
    if ($null -eq $os -or -not [object]::ReferenceEquals($os.Volume, $Volume)) { return $null }
    return (New-SimTextFileRecord -Path $script:SimReAgentXmlPath -Text (Get-SimReAgentXml -Machine $Machine) -Bom)
}

function New-SimTextFileRecord {
    # A text file as stored: UTF-8 (with a BOM when -Bom), size and SHA-256 of those bytes.
    param([Parameter(Mandatory = $true)][string] $Path, [Parameter(Mandatory = $true)][AllowEmptyString()][string] $Text, [switch] $Bom)
    $bytes = [System.Text.Encoding]::UTF8.GetBytes($Text)
    if ($Bom) { $bytes = [byte[]](@(0xEF, 0xBB, 0xBF) + $bytes) }
    $sha = [System.Security.Cryptography.SHA256]::Create()
    try { $hash = -join ($sha.ComputeHash([byte[]]$bytes) | ForEach-Object { $_.ToString('X2') }) } finally { $sha.Dispose() }
    $encoding = 'utf8'
    if ($Bom) { $encoding = 'utf8bom' }
    return [pscustomobject][ordered]@{ path = $Path; size = [long]$bytes.Length; sha256 = $hash; content = $Text; encoding = $encoding }
}

function Get-SimFsAttributes {
    param([Parameter(Mandatory = $true)] $File)
    $attr = [System.IO.FileAttributes]::Archive
    if ([bool](Get-SimProp $File 'hidden' $false)) { $attr = $attr -bor [System.IO.FileAttributes]::Hidden }
    if ([bool](Get-SimProp $File 'system' $false)) { $attr = $attr -bor [System.IO.FileAttributes]::System }
    return [System.IO.FileAttributes]$attr
}

function ConvertTo-SimFsItem {
    # FileInfo / DirectoryInfo look-alikes (the properties scripts read).
    param([Parameter(Mandatory = $true)][string] $Root, [Parameter(Mandatory = $true)][string] $Relative, $File, $Link)
    $full = $Root + $Relative
    if ($Relative -eq '\') { $full = $Root + '\' }
    $name = $Relative.Substring($Relative.LastIndexOf('\') + 1)
    $parent = $Root + $Relative.Substring(0, $Relative.LastIndexOf('\'))
    if ($null -ne $File) {
        $attr = Get-SimFsAttributes -File $File
        $mode = '-a---'
        if (($attr -band [System.IO.FileAttributes]::Hidden) -ne 0) { $mode = $mode.Substring(0, 3) + 'h' + $mode.Substring(4) }
        if (($attr -band [System.IO.FileAttributes]::System) -ne 0) { $mode = $mode.Substring(0, 4) + 's' }
        $ext = ''
        if ($name.Contains('.')) { $ext = $name.Substring($name.LastIndexOf('.')) }
        $o = [pscustomobject][ordered]@{
            Name = $name; FullName = $full; DirectoryName = $parent; Extension = $ext; Length = [long]$File.size
            Attributes = $attr; Mode = $mode; PSIsContainer = $false; Exists = $true; PSPath = ($script:SimFsProviderPrefix + $full)
        }
        $o.PSObject.TypeNames.Insert(0, 'System.IO.FileInfo')
        return $o
    }
    $d = [pscustomobject][ordered]@{
        Name = $name; FullName = $full; Parent = $parent; Attributes = [System.IO.FileAttributes]::Directory
        Mode = 'd----'; PSIsContainer = $true; Exists = $true; LinkType = $null; Target = $null; PSPath = ($script:SimFsProviderPrefix + $full)
    }
    if ($null -ne $Link) {
        $d.Attributes = [System.IO.FileAttributes]([int][System.IO.FileAttributes]::Directory -bor [int][System.IO.FileAttributes]::ReparsePoint)
        $d.Mode = 'd----l'
        $d.LinkType = [string]$Link.linkType
        $d.Target = $Root + [string]$Link.target
    }
    $d.PSObject.TypeNames.Insert(0, 'System.IO.DirectoryInfo')
    return $d
}

function Get-SimFsChildren {
    # Immediate children of $Folder: @{ Relative; File } (File $null for folders), files then folders by name.
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)] $Resolved, [Parameter(Mandatory = $true)][string] $Folder)
    $prefix = $Folder.TrimEnd('\') + '\'
    $files = @{}
    $dirs = @{}
    $all = @(@($Resolved.Volume.files) | Where-Object { $null -ne $_ })
    $xml = Get-SimFsFile -Machine $Machine -Volume $Resolved.Volume -Entry $Resolved.Entry -Relative $script:SimReAgentXmlPath
    if ($null -ne $xml -and $null -eq (Get-SimVolumeFile -Volume $Resolved.Volume -Path $script:SimReAgentXmlPath)) { $all += $xml }
    if ('\Windows\System32\'.StartsWith($prefix, [System.StringComparison]::OrdinalIgnoreCase)) {
        $table = Get-SimSystem32Programs
        foreach ($key in @($table.Keys)) {
            $program = Get-SimFsFile -Machine $Machine -Volume $Resolved.Volume -Entry $Resolved.Entry -Relative ([string]$table[$key].path)
            if ($null -ne $program -and $null -eq (Get-SimVolumeFile -Volume $Resolved.Volume -Path ([string]$table[$key].path))) { $all += $program }
        }
    }
    $paths = @($all | ForEach-Object { @{ Path = [string]$_.path; File = $_ } })
    $paths += @(@(Get-SimProp $Resolved.Volume 'directories' @()) | Where-Object { $null -ne $_ } | ForEach-Object { @{ Path = ([string]$_).TrimEnd('\') + '\'; File = $null } })
    $paths += @(@(Get-SimProp $Resolved.Volume 'links' @()) | Where-Object { $null -ne $_ } | ForEach-Object { @{ Path = ([string]$_.path).TrimEnd('\') + '\'; File = $null } })
    foreach ($item in $paths) {
        $p = $item.Path
        if (-not $p.StartsWith($prefix, [System.StringComparison]::OrdinalIgnoreCase)) { continue }
        $rest = $p.Substring($prefix.Length)
        if ($rest -eq '') { continue }
        $cut = $rest.IndexOf('\')
        if ($cut -lt 0 -and $null -ne $item.File) { $files[$rest.ToLowerInvariant()] = @{ Relative = $prefix + $rest; File = $item.File; Link = $null } }
        else {
            $name = $rest
            if ($cut -ge 0) { $name = $rest.Substring(0, $cut) }
            if (-not $dirs.ContainsKey($name.ToLowerInvariant())) { $dirs[$name.ToLowerInvariant()] = @{ Relative = $prefix + $name; File = $null; Link = (Get-SimFsLink -Volume $Resolved.Volume -Relative ($prefix + $name)) } }
        }
    }
    @($files.Keys | Sort-Object | ForEach-Object { $files[$_] })
    @($dirs.Keys | Sort-Object | ForEach-Object { $dirs[$_] })
}

function Get-SimFsWriteDenied {
    # ASSUMPTION: without elevation every write on the simulated machine outside \Users\ is denied, with .NET's
    # "Access to the path '<path>' is denied." (UnauthorizedAccessException).
    # The simulated programs in System32 are denied to every account but TrustedInstaller, elevated or not (Windows
    # Resource Protection: https://learn.microsoft.com/windows/win32/wfp/windows-resource-protection-portal).
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)][string] $Relative)
    if ($Relative.EndsWith('.exe', [System.StringComparison]::OrdinalIgnoreCase) -and (Get-SimSystem32Programs).ContainsKey($Relative.ToLowerInvariant())) { return $true }
    if ([bool]$Machine.os.isElevated) { return $false }
    return -not $Relative.StartsWith('\Users\', [System.StringComparison]::OrdinalIgnoreCase)
}

function New-SimFsError {
    param([Parameter(Mandatory = $true)][System.Exception] $Exception, [Parameter(Mandatory = $true)][string] $Id, [Parameter(Mandatory = $true)][string] $Cmdlet, [System.Management.Automation.ErrorCategory] $Category = 'NotSpecified', $Target)
    return New-SimCmdletErrorRecord -Exception $Exception -ErrorId $Id -CmdletType ('Microsoft.PowerShell.Commands.' + $Cmdlet) -Category $Category -Target $Target
}

# Items carry PSPath as the FileSystem provider's items do, so piping them binds -LiteralPath (alias PSPath) of the
# next cmdlet: Get-ChildItem C:\Logs | Select-String / Remove-Item / Get-FileHash work as on Windows.
$script:SimFsProviderPrefix = 'Microsoft.PowerShell.Core\FileSystem::'

function ConvertFrom-SimFsPsPath {
    param([AllowNull()][AllowEmptyString()][string] $Path)
    if ($null -ne $Path -and $Path.StartsWith($script:SimFsProviderPrefix, [System.StringComparison]::OrdinalIgnoreCase)) { return $Path.Substring($script:SimFsProviderPrefix.Length) }
    return $Path
}

function Get-SimFsPaths {
    param([Parameter(Mandatory = $true)] $Bound)
    if ($Bound.ContainsKey('LiteralPath')) { return @(@($Bound['LiteralPath']) | ForEach-Object { ConvertFrom-SimFsPsPath -Path $_ }) }
    if ($Bound.ContainsKey('Path')) { return @($Bound['Path']) }
    return @()
}

function Test-SimFsAny {
    # True when any of the paths is simulated (registry or machine files); reads the machine only when needed.
    param([string[]] $Paths)
    foreach ($p in @($Paths)) {
        if (Test-SimRegistryPath -Path $p) { return $true }
        # UNC paths are the simulated shares (simulator/62-Shares.ps1): never the host's.
        if (Test-SimSharePath -Path $p) { return $true }
        if (Test-SimFsSyntax -Path $p) {
            if ($null -ne (Resolve-SimPath -Machine (Read-SimMachine) -Path $p.Replace('/', '\'))) { return $true }
        }
    }
    return $false
}

# ------------------------------------------------------------------------------------------------------------
# Text encodings, as Windows PowerShell 5.1 writes and reads them (about_Character_Encoding, 5.1 version:
# https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_character_encoding?view=powershell-5.1).
# A text file is stored as its decoded text (`content`, what diskpart /s and Get-Content read), the name of the
# encoding it was written in (`encoding`), and size and SHA-256 of the exact bytes Windows would have written
# (BOM included). Defaults in 5.1: Out-File and the > / >> redirections write Unicode (UTF-16LE with BOM);
# Set-Content and Add-Content write Default, the ANSI code page (no BOM); Start-Transcript writes UTF-8 with a
# BOM; every Unicode encoding except UTF-7 writes a BOM (-Encoding UTF8 included). Reading: a BOM decides;
# without one Get-Content reads ANSI and Select-String UTF-8
# (https://github.com/PowerShell/PowerShell-RFC/issues/71, https://github.com/MicrosoftDocs/PowerShell-Docs/issues/1483).
# Appending never writes a second BOM (StreamWriter writes its preamble only at position 0). Out-File -Append and
# >> do not match the existing file's encoding (they may mix two in one file, read back as Windows reads it:
# https://github.com/PowerShell/PowerShell/issues/9423); Add-Content without -Encoding appends in the encoding of
# a file that has a BOM (same issue: "Add-content doesn't seem to suffer from this"; ASSUMPTION for 5.1).
# ASSUMPTION: ANSI is Windows-1252 and OEM is 437 (an en-US PC); the machine file does not declare code pages.
# ------------------------------------------------------------------------------------------------------------

$script:SimFsEncodings = @('unicode', 'bigendianunicode', 'utf8bom', 'utf8', 'utf32', 'ascii', 'ansi', 'oem')

function Get-SimFsEncodingName {
    # The stored encoding name for an -Encoding argument ($null: $Default). 5.1 names and 7's names both map.
    param($Encoding, [Parameter(Mandatory = $true)][string] $Default)
    if ($null -eq $Encoding) { return $Default }
    if ($Encoding -is [System.Text.Encoding]) {
        $bom = $Encoding.GetPreamble().Length -gt 0
        switch ($Encoding.CodePage) {
            1200 { return 'unicode' }
            1201 { return 'bigendianunicode' }
            65001 { if ($bom) { return 'utf8bom' } else { return 'utf8' } }
            12000 { return 'utf32' }
            20127 { return 'ascii' }
            1252 { return 'ansi' }
            437 { return 'oem' }
        }
        throw "Simulator: -Encoding with code page $($Encoding.CodePage) is not simulated."
    }
    switch (([string]$Encoding).ToLowerInvariant()) {
        'unicode' { return 'unicode' }
        'unknown' { return 'unicode' }
        'bigendianunicode' { return 'bigendianunicode' }
        'utf8' { return 'utf8bom' }
        'utf8bom' { return 'utf8bom' }
        'utf8nobom' { return 'utf8' }
        'utf32' { return 'utf32' }
        'ascii' { return 'ascii' }
        'default' { return 'ansi' }
        'ansi' { return 'ansi' }
        'oem' { return 'oem' }
        'string' { return $Default }
        '1252' { return 'ansi' }
        '65001' { return 'utf8' }
    }
    throw "Simulator: -Encoding $Encoding is not simulated."
}

function Get-SimFsEncoder {
    # The .NET encoding for a stored name (no preamble of its own: Get-SimFsPreamble gives the BOM).
    param([Parameter(Mandatory = $true)][string] $Name)
    switch ($Name) {
        'unicode' { return [System.Text.UnicodeEncoding]::new($false, $false) }
        'bigendianunicode' { return [System.Text.UnicodeEncoding]::new($true, $false) }
        'utf8bom' { return [System.Text.UTF8Encoding]::new($false) }
        'utf8' { return [System.Text.UTF8Encoding]::new($false) }
        'utf32' { return [System.Text.UTF32Encoding]::new($false, $false) }
        'ascii' { return [System.Text.ASCIIEncoding]::new() }
        'ansi' { return [System.Text.Encoding]::GetEncoding(1252) }
        'oem' { return [System.Text.Encoding]::GetEncoding(437) }
    }
    throw "Simulator: encoding '$Name' is not simulated."
}

function Get-SimFsPreamble {
    param([Parameter(Mandatory = $true)][string] $Name)
    switch ($Name) {
        'unicode' { return [byte[]](0xFF, 0xFE) }
        'bigendianunicode' { return [byte[]](0xFE, 0xFF) }
        'utf8bom' { return [byte[]](0xEF, 0xBB, 0xBF) }
        'utf32' { return [byte[]](0xFF, 0xFE, 0x00, 0x00) }
    }
    return [byte[]]@()
}

function Get-SimFsRecordEncoding {
    # The stored encoding of a file record. A declared file without one is UTF-8 without BOM (ASSUMPTION).
    param([Parameter(Mandatory = $true)] $File)
    $e = [string](Get-SimProp $File 'encoding' '')
    if ($script:SimFsEncodings -contains $e) { return $e }
    return 'utf8'
}

function Get-SimFsBytes {
    # The bytes of a text file record as they lie on disk: BOM (when its encoding has one) + encoded content.
    param([Parameter(Mandatory = $true)] $File)
    $name = Get-SimFsRecordEncoding -File $File
    $text = [string](Get-SimProp $File 'content' '')
    $body = (Get-SimFsEncoder -Name $name).GetBytes($text)
    return [byte[]]((Get-SimFsPreamble -Name $name) + $body)
}

function ConvertFrom-SimFsBytes {
    # Decodes file bytes as a StreamReader with BOM detection does: a BOM decides, else $Fallback.
    # Returns @{ Text; Encoding (the BOM's or the fallback's name) }.
    param([Parameter(Mandatory = $true)][AllowEmptyCollection()][byte[]] $Bytes, [Parameter(Mandatory = $true)][string] $Fallback)
    $name = $Fallback
    $skip = 0
    if ($Bytes.Length -ge 4 -and $Bytes[0] -eq 0xFF -and $Bytes[1] -eq 0xFE -and $Bytes[2] -eq 0 -and $Bytes[3] -eq 0) { $name = 'utf32'; $skip = 4 }
    elseif ($Bytes.Length -ge 2 -and $Bytes[0] -eq 0xFF -and $Bytes[1] -eq 0xFE) { $name = 'unicode'; $skip = 2 }
    elseif ($Bytes.Length -ge 2 -and $Bytes[0] -eq 0xFE -and $Bytes[1] -eq 0xFF) { $name = 'bigendianunicode'; $skip = 2 }
    elseif ($Bytes.Length -ge 3 -and $Bytes[0] -eq 0xEF -and $Bytes[1] -eq 0xBB -and $Bytes[2] -eq 0xBF) { $name = 'utf8bom'; $skip = 3 }
    elseif ($name -eq 'utf8bom') { $name = 'utf8' }
    $text = (Get-SimFsEncoder -Name $name).GetString($Bytes, $skip, $Bytes.Length - $skip)
    return @{ Text = $text; Encoding = $name }
}

function New-SimFsBytesRecord {
    # A file record for these exact bytes: content decoded as Windows reads them back, size and SHA-256 of the bytes.
    param([Parameter(Mandatory = $true)][string] $Path, [Parameter(Mandatory = $true)][AllowEmptyCollection()][byte[]] $Bytes, [Parameter(Mandatory = $true)][string] $Encoding)
    $decoded = ConvertFrom-SimFsBytes -Bytes $Bytes -Fallback $Encoding
    $sha = [System.Security.Cryptography.SHA256]::Create()
    try { $hash = -join ($sha.ComputeHash($Bytes) | ForEach-Object { $_.ToString('X2') }) } finally { $sha.Dispose() }
    return [pscustomobject][ordered]@{ path = $Path; size = [long]$Bytes.Length; sha256 = $hash; content = $decoded.Text; encoding = $decoded.Encoding }
}

function Get-SimFsTextLines {
    # Lines as StreamReader.ReadLine splits them (CR, LF or CRLF); a final line break ends the last line.
    param([Parameter(Mandatory = $true)][AllowEmptyString()][string] $Text)
    if ($Text.Length -eq 0) { return @() }
    $lines = @($Text -split "`r`n|`n|`r")
    if ($lines.Count -gt 0 -and $lines[$lines.Count - 1] -eq '') { $lines = @($lines | Select-Object -First ($lines.Count - 1)) }
    return $lines
}

function Write-SimFsText {
    # The shared body of Set-Content, Add-Content, Out-File, New-Item -Value and Stop-Transcript on the simulated
    # disks: writes $Text in encoding $Encoding (a stored name) to $Path as ONE mutation (a power cut falls before
    # or after it, never inside). -Append adds to an existing file (no second BOM); -KeepEncoding appends in the
    # encoding of a file that has a BOM (Add-Content without -Encoding). Errors go through $Caller (-Terminating:
    # thrown, as Out-File's FileOpenFailure is). Returns the new record, or $null when nothing was written.
    param(
        [Parameter(Mandatory = $true)] $Caller, [Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)][string] $Path,
        [Parameter(Mandatory = $true)][AllowEmptyString()][string] $Text, [Parameter(Mandatory = $true)][string] $Encoding,
        [Parameter(Mandatory = $true)][string] $Cmdlet, [Parameter(Mandatory = $true)][string] $Command,
        [switch] $Append, [switch] $KeepEncoding, [switch] $Terminating, [switch] $NoClobber,
        [string] $NotFoundId = 'FileOpenFailure', [string] $DeniedId = 'FileOpenFailure',
        # The exact bytes of the whole new file instead of $Text (.NET writes: 55-DotNet.ps1); $Encoding is then
        # how they are read back when they have no BOM.
        [AllowEmptyCollection()][byte[]] $RawBytes
    )
    $fail = {
        param($ex, $id, $category)
        $record = New-SimFsError -Exception $ex -Id $id -Cmdlet $Cmdlet -Category $category -Target $Path
        if ($Terminating) { $Caller.ThrowTerminatingError($record) } else { $Caller.WriteError($record) }
    }
    $r = Resolve-SimFsPath -Machine $Machine -Path $Path
    if ($null -eq $r) { $Caller.WriteError((New-SimPathNotFoundRecord -Path $Path -CmdletType ('Microsoft.PowerShell.Commands.' + $Cmdlet))); return $null }
    $rel = $r.Relative
    $full = $r.Root + $rel
    if ($r.IsDirectory) {
        & $fail ([System.UnauthorizedAccessException]::new("Access to the path '$full' is denied.")) $DeniedId ([System.Management.Automation.ErrorCategory]::OpenError)
        return $null
    }
    if ($NoClobber -and $null -ne $r.File) {
        & $fail ([System.IO.IOException]::new("The file '$full' already exists.")) 'NoClobber' ([System.Management.Automation.ErrorCategory]::ResourceExists)
        return $null
    }
    $parent = $rel.Substring(0, [math]::Max(1, $rel.LastIndexOf('\')))
    if (-not (Test-SimFsFolder -Machine $Machine -Volume $r.Volume -Folder $parent)) {
        & $fail ([System.IO.DirectoryNotFoundException]::new("Could not find a part of the path '$full'.")) $NotFoundId ([System.Management.Automation.ErrorCategory]::OpenError)
        return $null
    }
    if (Get-SimFsWriteDenied -Machine $Machine -Relative $rel) {
        & $fail ([System.UnauthorizedAccessException]::new("Access to the path '$full' is denied.")) $DeniedId ([System.Management.Automation.ErrorCategory]::OpenError)
        return $null
    }
    $old = [byte[]]@()
    $label = $Encoding
    if ($Append -and $null -ne $r.File) {
        $old = Get-SimFsBytes -File $r.File
        $label = Get-SimFsRecordEncoding -File $r.File
        if ($KeepEncoding -and (Get-SimFsPreamble -Name $label).Length -gt 0) { $Encoding = $label }
    }
    if ($PSBoundParameters.ContainsKey('RawBytes')) {
        $bytes = [byte[]]$RawBytes
        $file = New-SimFsBytesRecord -Path $rel -Bytes $bytes -Encoding $Encoding
        # Bytes that are no text in that encoding (a binary file) are kept exactly: Windows-1252 maps each byte
        # to one character and back.
        if (-not [System.Linq.Enumerable]::SequenceEqual([byte[]]@(Get-SimFsBytes -File $file), $bytes)) {
            $sha = [System.Security.Cryptography.SHA256]::Create()
            try { $hash = -join ($sha.ComputeHash($bytes) | ForEach-Object { $_.ToString('X2') }) } finally { $sha.Dispose() }
            $file = [pscustomobject][ordered]@{ path = $rel; size = [long]$bytes.Length; sha256 = $hash; content = (Get-SimFsEncoder -Name 'ansi').GetString($bytes); encoding = 'ansi' }
        }
    } else {
        $body = (Get-SimFsEncoder -Name $Encoding).GetBytes($Text)
        if ($old.Length -eq 0) { $bytes = [byte[]]((Get-SimFsPreamble -Name $Encoding) + $body); $label = $Encoding }
        else { $bytes = [byte[]]($old + $body) }
        $file = New-SimFsBytesRecord -Path $rel -Bytes $bytes -Encoding $label
    }
    if ($null -ne $r.File) { foreach ($opt in @('hidden', 'system')) { $v = Get-SimProp $r.File $opt; if ($null -ne $v) { Set-SimProp $file $opt $v } } }
    $existing = 0
    if ($null -ne $r.File -and $null -ne (Get-SimVolumeFile -Volume $r.Volume -Path $rel)) { $existing = [long]$r.File.size }
    if ((Get-SimVolumeFree -Volume $r.Volume) -lt ([long]$file.size - $existing)) {
        & $fail ([System.IO.IOException]::new('There is not enough space on the disk.')) ($Cmdlet.Replace('Command', '') + 'IOError') ([System.Management.Automation.ErrorCategory]::WriteError)
        return $null
    }
    $diskId = [string]$r.Entry.Disk.uniqueId; $offset = [long]$r.Entry.Partition.offset
    $null = Invoke-SimMutation -Machine $Machine -Command $Command -Detail $full -Action {
        param($m)
        $e = Find-SimPartition -Machine $m -DiskUniqueId $diskId -Offset $offset
        $null = Add-SimVolumeFile -Volume $e.Volume -File $file
        if ([string]::Equals($rel, $script:SimReAgentXmlPath, [System.StringComparison]::OrdinalIgnoreCase)) { Remove-SimProp $m.winre 'reagentXmlMissing' }
    }
    return $file
}

function Get-SimFsStringLines {
    # Objects as Out-File renders them: through the formatter all at once (one table header), one string per line.
    param([AllowEmptyCollection()][object[]] $InputObjects, [int] $Width = 0)
    $splat = @{ Stream = $true }
    if ($Width -gt 0) { $splat['Width'] = $Width }
    $items = @(@($InputObjects) | Where-Object { $null -ne $_ })
    if ($items.Count -eq 0) { return @() }
    return @($items | Microsoft.PowerShell.Utility\Out-String @splat | ForEach-Object { [string]$_ })
}

# ------------------------------------------------------------------------------------------------------------
# Read-only cmdlets.
# ------------------------------------------------------------------------------------------------------------

function Test-Path {
    [CmdletBinding(DefaultParameterSetName = 'Path')]
    param(
        [Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][AllowEmptyString()][AllowNull()][string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath', 'LP')][string[]] $LiteralPath,
        [string] $Filter, [string[]] $Include, [string[]] $Exclude,
        # [string], not [Microsoft.PowerShell.Commands.TestPathType]: that type lives in the Management module's
        # assembly, which a session that only ever calls these shadows may not have loaded yet (TypeNotFound).
        [Alias('Type')][ValidateSet('Any', 'Container', 'Leaf')][string] $PathType = 'Any',
        [switch] $IsValid, [System.Nullable[datetime]] $OlderThan, [System.Nullable[datetime]] $NewerThan
    )
    process {
        $paths = @(Get-SimFsPaths -Bound $PSBoundParameters)
        if ($IsValid -or -not (Test-SimFsAny -Paths $paths)) {
            return (Invoke-SimPassThrough -Command 'Microsoft.PowerShell.Management\Test-Path' -Bound $PSBoundParameters)
        }
        $machine = Read-SimMachine
        foreach ($p in $paths) {
            if (Test-SimRegistryPath -Path $p) {
                $exists = $null -ne (Find-SimRegistryKey -Machine $machine -Path $p)
                $exists -and $PathType -ne 'Leaf'
                continue
            }
            if (Test-SimSharePath -Path $p) {
                # A share file exists for Test-Path only when it can be opened (unreachable, denied: $false).
                $s = Resolve-SimSharePath -Machine $machine -Path $p
                ($null -ne $s.File) -and $PathType -ne 'Container'
                continue
            }
            $r = Resolve-SimFsPath -Machine $machine -Path $p
            if ($null -eq $r) { $false; continue }
            switch ([string]$PathType) {
                'Leaf' { $null -ne $r.File }
                'Container' { [bool]$r.IsDirectory }
                default { ($null -ne $r.File) -or [bool]$r.IsDirectory }
            }
        }
    }
}

function Get-Item {
    [CmdletBinding(DefaultParameterSetName = 'Path')]
    param(
        [Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath', 'LP')][string[]] $LiteralPath,
        [string] $Filter, [string[]] $Include, [string[]] $Exclude, [switch] $Force, [string[]] $Stream
    )
    process {
        $ErrorActionPreference = Get-SimCallerErrorAction -Caller $PSCmdlet -Bound $PSBoundParameters
        $paths = @(Get-SimFsPaths -Bound $PSBoundParameters)
        if (-not (Test-SimFsAny -Paths $paths)) { return (Invoke-SimPassThrough -Command 'Microsoft.PowerShell.Management\Get-Item' -Bound $PSBoundParameters) }
        $machine = Read-SimMachine
        foreach ($p in $paths) {
            if (Test-SimRegistryPath -Path $p) {
                $key = Find-SimRegistryKey -Machine $machine -Path $p
                if ($null -eq $key) { $PSCmdlet.WriteError((New-SimPathNotFoundRecord -Path $p -CmdletType 'Microsoft.PowerShell.Commands.GetItemCommand')); continue }
                New-SimRegistryKeyObject -Key $key
                continue
            }
            if (Test-SimSharePath -Path $p) {
                $s = Resolve-SimSharePath -Machine $machine -Path $p
                if ($null -ne $s.File) { ConvertTo-SimShareItem -Path $s.Path -File $s.File; continue }
                if ($s.Exception -is [System.UnauthorizedAccessException]) {
                    # ASSUMPTION: a share that denies the account denies the item too (no listing of its folder).
                    $PSCmdlet.WriteError((New-SimFsError -Exception $s.Exception -Id 'ItemExistsUnauthorizedAccessError' -Cmdlet 'GetItemCommand' -Category PermissionDenied -Target $p))
                    continue
                }
                $PSCmdlet.WriteError((New-SimPathNotFoundRecord -Path $p -CmdletType 'Microsoft.PowerShell.Commands.GetItemCommand'))
                continue
            }
            $r = Resolve-SimFsPath -Machine $machine -Path $p
            if ($null -eq $r -or ($null -eq $r.File -and -not $r.IsDirectory)) {
                $PSCmdlet.WriteError((New-SimPathNotFoundRecord -Path $p -CmdletType 'Microsoft.PowerShell.Commands.GetItemCommand'))
                continue
            }
            if ($null -ne $r.File -and -not $Force -and [bool](Get-SimProp $r.File 'hidden' $false)) {
                # A hidden item needs -Force (the FileSystem provider skips hidden items otherwise).
                $ex = [System.Management.Automation.ItemNotFoundException]::new("Could not find item $p.")
                $PSCmdlet.WriteError((New-SimFsError -Exception $ex -Id 'ItemNotFound' -Cmdlet 'GetItemCommand' -Category ObjectNotFound -Target $p))
                continue
            }
            ConvertTo-SimFsItem -Root $r.Root -Relative $r.Relative -File $r.File -Link $r.Link
        }
    }
}

function Get-ChildItem {
    [CmdletBinding(DefaultParameterSetName = 'Items')]
    param(
        [Parameter(ParameterSetName = 'Items', Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralItems', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath', 'LP')][string[]] $LiteralPath,
        [Parameter(Position = 1)][string] $Filter, [string[]] $Include, [string[]] $Exclude,
        [Alias('s')][switch] $Recurse, [uint32] $Depth, [switch] $Force, [switch] $Name,
        [switch] $File, [switch] $Directory, [switch] $Hidden, [switch] $ReadOnly, [switch] $System,
        [System.Management.Automation.FlagsExpression[System.IO.FileAttributes]] $Attributes, [switch] $FollowSymlink
    )
    process {
        $ErrorActionPreference = Get-SimCallerErrorAction -Caller $PSCmdlet -Bound $PSBoundParameters
        $paths = @(Get-SimFsPaths -Bound $PSBoundParameters)
        if ($paths.Count -eq 0 -or -not (Test-SimFsAny -Paths $paths)) { return (Invoke-SimPassThrough -Command 'Microsoft.PowerShell.Management\Get-ChildItem' -Bound $PSBoundParameters) }
        $machine = Read-SimMachine
        foreach ($p in $paths) {
            if (Test-SimRegistryPath -Path $p) {
                $key = Find-SimRegistryKey -Machine $machine -Path $p
                if ($null -eq $key) { $PSCmdlet.WriteError((New-SimPathNotFoundRecord -Path $p -CmdletType 'Microsoft.PowerShell.Commands.GetChildItemCommand')); continue }
                foreach ($sub in @($key.SubKeys)) {
                    $child = Find-SimRegistryKey -Machine $machine -Path ($key.Path.TrimEnd('\') + '\' + $sub)
                    if ($null -ne $child) { New-SimRegistryKeyObject -Key $child }
                }
                continue
            }
            $r = Resolve-SimFsPath -Machine $machine -Path $p
            if ($null -eq $r -or ($null -eq $r.File -and -not $r.IsDirectory)) {
                $PSCmdlet.WriteError((New-SimPathNotFoundRecord -Path $p -CmdletType 'Microsoft.PowerShell.Commands.GetChildItemCommand'))
                continue
            }
            if ($null -ne $r.File) {
                if ($Force -or -not [bool](Get-SimProp $r.File 'hidden' $false)) { ConvertTo-SimFsItem -Root $r.Root -Relative $r.Relative -File $r.File }
                continue
            }
            $queue = New-Object System.Collections.Generic.Queue[string]
            $queue.Enqueue($r.Relative)
            while ($queue.Count -gt 0) {
                $folder = $queue.Dequeue()
                foreach ($c in @(Get-SimFsChildren -Machine $machine -Resolved $r -Folder $folder)) {
                    $isFile = $null -ne $c.File
                    if ($isFile -and -not $Force -and [bool](Get-SimProp $c.File 'hidden' $false)) { continue }
                    if (-not $isFile -and $Recurse -and $null -eq $c.Link) { $queue.Enqueue($c.Relative) }
                    if ($File -and -not $isFile) { continue }
                    if ($Directory -and $isFile) { continue }
                    $leaf = $c.Relative.Substring($c.Relative.LastIndexOf('\') + 1)
                    if (-not [string]::IsNullOrEmpty($Filter) -and $leaf -notlike $Filter) { continue }
                    if ($Name) { $leaf; continue }
                    ConvertTo-SimFsItem -Root $r.Root -Relative $c.Relative -File $c.File -Link $c.Link
                }
            }
        }
    }
}

function Get-FileHash {
    [CmdletBinding(DefaultParameterSetName = 'Path')]
    param(
        [Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath', 'LP')][string[]] $LiteralPath,
        [Parameter(ParameterSetName = 'Stream', Mandatory = $true)][System.IO.Stream] $InputStream,
        [ValidateSet('SHA1', 'SHA256', 'SHA384', 'SHA512', 'MD5')][string] $Algorithm = 'SHA256'
    )
    process {
        $ErrorActionPreference = Get-SimCallerErrorAction -Caller $PSCmdlet -Bound $PSBoundParameters
        $paths = @(Get-SimFsPaths -Bound $PSBoundParameters)
        if ($PSCmdlet.ParameterSetName -eq 'Stream' -or -not (Test-SimFsAny -Paths $paths)) { return (Invoke-SimPassThrough -Command 'Microsoft.PowerShell.Utility\Get-FileHash' -Bound $PSBoundParameters) }
        $machine = Read-SimMachine
        foreach ($p in $paths) {
            if (Test-SimSharePath -Path $p) {
                # GetFileHashCommand opens the file with File.OpenRead: FileNotFoundException is written as the
                # non-terminating FileNotFound error; any other exception (IOException of an unreachable server,
                # UnauthorizedAccessException) ends the cmdlet in Windows PowerShell 5.1 (PowerShell 7 also writes
                # UnauthorizedAccessError non-terminating: github.com/PowerShell/PowerShell/pull/11114).
                $s = Resolve-SimSharePath -Machine $machine -Path $p
                if ($null -eq $s.File) {
                    if ($s.Exception -is [System.IO.FileNotFoundException]) {
                        $PSCmdlet.WriteError((New-SimFsError -Exception $s.Exception -Id 'FileNotFound' -Cmdlet 'GetFileHashCommand' -Category ObjectNotFound -Target $p))
                        continue
                    }
                    $PSCmdlet.ThrowTerminatingError((New-SimFsError -Exception $s.Exception -Id $s.Exception.GetType().FullName -Cmdlet 'GetFileHashCommand' -Target $p))
                }
                $o = [pscustomobject][ordered]@{ Algorithm = 'SHA256'; Hash = ([string]$s.File.sha256).ToUpperInvariant(); Path = $s.Path }
                $o.PSObject.TypeNames.Insert(0, 'Microsoft.Powershell.Utility.FileHash')
                $o
                continue
            }
            $r = Resolve-SimFsPath -Machine $machine -Path $p
            if ($null -eq $r -or $null -eq $r.File) {
                $ex = [System.Management.Automation.ItemNotFoundException]::new("Cannot find path '$p' because it does not exist.")
                $PSCmdlet.WriteError((New-SimFsError -Exception $ex -Id 'FileNotFound' -Cmdlet 'GetFileHashCommand' -Category ObjectNotFound -Target $p))
                continue
            }
            if ($Algorithm -ne 'SHA256') {
                # ASSUMPTION/limit: simulated files carry only their SHA-256.
                throw "Simulator: Get-FileHash -Algorithm $Algorithm is not simulated (files carry only SHA256)."
            }
            $o = [pscustomobject][ordered]@{ Algorithm = 'SHA256'; Hash = ([string]$r.File.sha256).ToUpperInvariant(); Path = $r.Root + $r.Relative }
            $o.PSObject.TypeNames.Insert(0, 'Microsoft.Powershell.Utility.FileHash')
            $o
        }
    }
}

function Get-Content {
    [CmdletBinding(DefaultParameterSetName = 'Path')]
    param(
        [Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath', 'LP')][string[]] $LiteralPath,
        [long] $ReadCount = 1, [Alias('First', 'Head')][long] $TotalCount = -1, [Alias('Last')][int] $Tail = -1,
        [string] $Filter, [string[]] $Include, [string[]] $Exclude, [switch] $Force,
        [switch] $Raw, [object] $Encoding, [string] $Delimiter, [switch] $Wait, [switch] $AsByteStream, [string] $Stream
    )
    process {
        $ErrorActionPreference = Get-SimCallerErrorAction -Caller $PSCmdlet -Bound $PSBoundParameters
        $paths = @(Get-SimFsPaths -Bound $PSBoundParameters)
        if (-not (Test-SimFsAny -Paths $paths)) { return (Invoke-SimPassThrough -Command 'Microsoft.PowerShell.Management\Get-Content' -Bound $PSBoundParameters) }
        $machine = Read-SimMachine
        foreach ($p in $paths) {
            $r = Resolve-SimFsPath -Machine $machine -Path $p
            if ($null -eq $r -or $null -eq $r.File) {
                $PSCmdlet.WriteError((New-SimPathNotFoundRecord -Path $p -CmdletType 'Microsoft.PowerShell.Commands.GetContentCommand'))
                continue
            }
            # ASSUMPTION: a file without text content (a WIM) reads as nothing.
            if ($null -eq (Get-SimProp $r.File 'content')) { continue }
            $bytes = Get-SimFsBytes -File $r.File
            if ($AsByteStream -or ([string]$Encoding) -eq 'Byte') {
                if ($TotalCount -ge 0 -and $TotalCount -lt $bytes.Length) { $bytes = [byte[]]($bytes[0..([int]$TotalCount - 1)]) }
                if ($Raw) { , $bytes } else { $bytes }
                continue
            }
            # Without a BOM, Windows PowerShell 5.1's Get-Content reads the ANSI code page (see "Text encodings").
            $fallback = Get-SimFsEncodingName -Encoding $Encoding -Default 'ansi'
            $text = (ConvertFrom-SimFsBytes -Bytes $bytes -Fallback $fallback).Text
            if ($Raw) { $text; continue }
            $lines = @(Get-SimFsTextLines -Text $text)
            if ($TotalCount -ge 0) { $lines = @($lines | Select-Object -First $TotalCount) }
            if ($Tail -ge 0) { $lines = @($lines | Select-Object -Last $Tail) }
            $lines
        }
    }
}

function Resolve-SimFsWildcard {
    # Paths on the simulated disks matching $Path: the path itself, or, with * or ? in the last component (-Path
    # only, as the provider globs), the files of its folder whose names match (hidden ones skipped, as globbing does).
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)][string] $Path, [switch] $Literal)
    $p = $Path.Replace('/', '\')
    $cut = $p.LastIndexOf('\')
    if ($Literal -or $cut -lt 0 -or -not [System.Management.Automation.WildcardPattern]::ContainsWildcardCharacters($p.Substring($cut + 1))) { return @($p) }
    $folder = Resolve-SimFsPath -Machine $Machine -Path $p.Substring(0, [math]::Max($cut, 3))
    if ($null -eq $folder -or -not $folder.IsDirectory) { return @() }
    $pattern = [System.Management.Automation.WildcardPattern]::new($p.Substring($cut + 1), [System.Management.Automation.WildcardOptions]::IgnoreCase)
    return @(Get-SimFsChildren -Machine $Machine -Resolved $folder -Folder $folder.Relative | Where-Object {
            $null -ne $_.File -and -not [bool](Get-SimProp $_.File 'hidden' $false) -and $pattern.IsMatch($_.Relative.Substring($_.Relative.LastIndexOf('\') + 1))
        } | ForEach-Object { $folder.Root + $_.Relative })
}

function Select-String {
    # For files on the simulated disks: their lines go through the real Select-String, and each MatchInfo gets the
    # file's Path and Filename back. Without a BOM the file is read as UTF-8 (Select-String's default in Windows
    # PowerShell 5.1 too: https://github.com/PowerShell/PowerShell-RFC/issues/71). Everything else is the real cmdlet.
    [CmdletBinding(DefaultParameterSetName = 'File')]
    param(
        [Parameter(ParameterSetName = 'Object', Mandatory = $true, ValueFromPipeline = $true)][AllowNull()][AllowEmptyString()][psobject] $InputObject,
        [Parameter(Mandatory = $true, Position = 0)][string[]] $Pattern,
        [Parameter(ParameterSetName = 'File', Mandatory = $true, Position = 1, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralFile', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath', 'LP')][string[]] $LiteralPath,
        [switch] $SimpleMatch, [switch] $CaseSensitive, [switch] $Quiet, [switch] $List, [string[]] $Include, [string[]] $Exclude,
        [switch] $NotMatch, [switch] $AllMatches, [object] $Encoding, [ValidateCount(1, 2)][int[]] $Context, [switch] $Raw, [switch] $NoEmphasis, [string] $Culture
    )
    begin {
        $steppable = $null
        $begun = @(Get-SimFsPaths -Bound $PSBoundParameters)
        if ($begun.Count -eq 0 -or -not (Test-SimFsAny -Paths $begun)) {
            $real = Get-Command -Name 'Microsoft.PowerShell.Utility\Select-String' -CommandType Cmdlet
            $wrapped = { & $real @PSBoundParameters }
            $steppable = $wrapped.GetSteppablePipeline($MyInvocation.CommandOrigin)
            $steppable.Begin($PSCmdlet)
        }
    }
    process {
        $paths = @(Get-SimFsPaths -Bound $PSBoundParameters)
        $literal = $PSCmdlet.ParameterSetName -eq 'LiteralFile'
        if ($PSCmdlet.ParameterSetName -eq 'Object' -and $null -ne $InputObject -and $InputObject.PSObject.TypeNames -contains 'System.IO.FileInfo' -and $null -ne $InputObject.PSObject.Properties['PSPath']) {
            # The real cmdlet searches a FileInfo it is piped (Get-ChildItem C:\Logs | Select-String ...).
            $paths = @(ConvertFrom-SimFsPsPath -Path ([string]$InputObject.PSPath))
            $literal = $true
        }
        if ($paths.Count -eq 0 -or -not (Test-SimFsAny -Paths $paths)) {
            if ($null -eq $steppable) { return (Invoke-SimPassThrough -Command 'Microsoft.PowerShell.Utility\Select-String' -Bound $PSBoundParameters) }
            $steppable.Process($_)
            return
        }
        $machine = Read-SimMachine
        $splat = @{}
        foreach ($k in @('Pattern', 'SimpleMatch', 'CaseSensitive', 'Quiet', 'List', 'NotMatch', 'AllMatches', 'Context', 'Raw', 'NoEmphasis', 'Culture')) {
            if ($PSBoundParameters.ContainsKey($k)) { $splat[$k] = $PSBoundParameters[$k] }
        }
        foreach ($given in $paths) {
            $found = @(Resolve-SimFsWildcard -Machine $machine -Path $given -Literal:$literal)
            foreach ($p in $found) {
                $r = Resolve-SimFsPath -Machine $machine -Path $p
                if ($null -eq $r -or $null -eq $r.File) {
                    $PSCmdlet.WriteError((New-SimPathNotFoundRecord -Path $p -CmdletType 'Microsoft.PowerShell.Commands.SelectStringCommand'))
                    continue
                }
                $leaf = $r.Relative.Substring($r.Relative.LastIndexOf('\') + 1)
                if ($null -ne $Include -and -not @($Include | Where-Object { $leaf -like $_ }).Count) { continue }
                if ($null -ne $Exclude -and @($Exclude | Where-Object { $leaf -like $_ }).Count) { continue }
                if ($null -eq (Get-SimProp $r.File 'content')) { continue }
                $fallback = Get-SimFsEncodingName -Encoding $Encoding -Default 'utf8'
                $lines = @(Get-SimFsTextLines -Text (ConvertFrom-SimFsBytes -Bytes (Get-SimFsBytes -File $r.File) -Fallback $fallback).Text)
                if ($lines.Count -eq 0) { continue }
                foreach ($m in @($lines | Microsoft.PowerShell.Utility\Select-String @splat)) {
                    if ($m -is [Microsoft.PowerShell.Commands.MatchInfo]) {
                        $m.Path = $r.Root + $r.Relative
                        # MatchInfo.Filename is Path.GetFileName of Path: on Linux that is the whole 'C:\...' string.
                        $m.PSObject.Properties.Add([System.Management.Automation.PSNoteProperty]::new('Filename', $leaf))
                    }
                    $m
                }
            }
        }
    }
    end { if ($null -ne $steppable) { $steppable.End() } }
}

# ------------------------------------------------------------------------------------------------------------
# Writes. Each is one mutation of the machine (Invoke-SimMutation: persisted atomically, power cuts apply).
# ------------------------------------------------------------------------------------------------------------

function Write-SimFsDenied {
    param([Parameter(Mandatory = $true)] $Caller, [Parameter(Mandatory = $true)][string] $Path, [Parameter(Mandatory = $true)][string] $Cmdlet, [Parameter(Mandatory = $true)][string] $Id)
    $ex = [System.UnauthorizedAccessException]::new("Access to the path '$Path' is denied.")
    $Caller.WriteError((New-SimFsError -Exception $ex -Id $Id -Cmdlet $Cmdlet -Category PermissionDenied -Target $Path))
}

function Get-SimRealFileRecord {
    # A real (host) file as a simulated record: size and SHA-256 of its bytes (copying a real WIM onto C:).
    param([Parameter(Mandatory = $true)][string] $Path, [Parameter(Mandatory = $true)][string] $Relative)
    $full = (Microsoft.PowerShell.Management\Resolve-Path -LiteralPath $Path).ProviderPath
    $hash = (Microsoft.PowerShell.Utility\Get-FileHash -LiteralPath $full -Algorithm SHA256).Hash
    return [pscustomobject][ordered]@{ path = $Relative; size = [long](New-Object System.IO.FileInfo -ArgumentList $full).Length; sha256 = $hash }
}

function Copy-SimFsItem {
    # Shared body of Copy-Item and Move-Item for one source path.
    param([Parameter(Mandatory = $true)] $Caller, [Parameter(Mandatory = $true)][string] $Source, [Parameter(Mandatory = $true)][string] $Destination, [switch] $Move, [switch] $PassThru, [switch] $Recurse)
    $cmdlet = 'CopyItemCommand'; $verb = 'Copy-Item'
    if ($Move) { $cmdlet = 'MoveItemCommand'; $verb = 'Move-Item' }
    $machine = Read-SimMachine
    $shareFile = $null
    if (Test-SimSharePath -Path $Source) {
        # From a share (simulator/62-Shares.ps1): the provider finds no item behind an unreachable server or a
        # missing file (PathNotFound); a denied read fails as File.Copy does (UnauthorizedAccessException).
        if ($Move) { throw "Simulator: Move-Item from a share ($Source) is not simulated." }
        $s = Resolve-SimSharePath -Machine $machine -Path $Source
        if ($null -eq $s.File) {
            if ($s.Exception -is [System.UnauthorizedAccessException]) {
                $Caller.WriteError((New-SimFsError -Exception $s.Exception -Id 'CopyFileInfoItemUnauthorizedAccessError' -Cmdlet $cmdlet -Category PermissionDenied -Target $Source))
            } else {
                $Caller.WriteError((New-SimPathNotFoundRecord -Path $Source -CmdletType ('Microsoft.PowerShell.Commands.' + $cmdlet)))
            }
            return
        }
        $shareFile = $s.File
    }
    $src = $null
    if ($null -eq $shareFile) { $src = Resolve-SimFsPath -Machine $machine -Path $Source }
    $record = $null
    if ($null -ne $shareFile) {
        # Handled below like a host file: $src stays $null, the record is the share's.
    } elseif ($null -eq $src) {
        if ($Move -or -not (Microsoft.PowerShell.Management\Test-Path -LiteralPath $Source -PathType Leaf)) {
            $Caller.WriteError((New-SimPathNotFoundRecord -Path $Source -CmdletType ('Microsoft.PowerShell.Commands.' + $cmdlet)))
            return
        }
    } elseif ($null -eq $src.File) {
        if ($src.IsDirectory -and -not $Move) { Copy-SimFsFolder -Caller $Caller -Machine $machine -Source $src -Destination $Destination -Recurse:$Recurse; return }
        if ($src.IsDirectory) { throw "Simulator: $verb of a folder ($Source) is not simulated." }
        $Caller.WriteError((New-SimPathNotFoundRecord -Path $Source -CmdletType ('Microsoft.PowerShell.Commands.' + $cmdlet)))
        return
    }
    $dst = Resolve-SimFsPath -Machine $machine -Path $Destination
    if ($null -eq $dst) { throw "Simulator: $verb from the simulated machine to '$Destination' (not on it) is not simulated." }
    $leaf = $null
    if ($null -ne $src) { $leaf = $src.Relative.Substring($src.Relative.LastIndexOf('\') + 1) }
    elseif ($null -ne $shareFile) { $leaf = $Source.Replace('/', '\').Substring($Source.Replace('/', '\').LastIndexOf('\') + 1) }
    else { $leaf = [System.IO.Path]::GetFileName($Source) }
    $dstRelative = $dst.Relative
    if ($dst.IsDirectory) { $dstRelative = $dst.Relative.TrimEnd('\') + '\' + $leaf }
    $dstParent = $dstRelative.Substring(0, [math]::Max(1, $dstRelative.LastIndexOf('\')))
    if (-not (Test-SimFsFolder -Machine $machine -Volume $dst.Volume -Folder $dstParent)) {
        $ex = [System.IO.DirectoryNotFoundException]::new("Could not find a part of the path '$($dst.Root + $dstRelative)'.")
        $Caller.WriteError((New-SimFsError -Exception $ex -Id ($verb.Replace('-', '') + 'IOError') -Cmdlet $cmdlet -Category WriteError -Target $Destination))
        return
    }
    if ((Get-SimFsWriteDenied -Machine $machine -Relative $dstRelative) -or ($null -ne $src -and $Move -and (Get-SimFsWriteDenied -Machine $machine -Relative $src.Relative))) {
        Write-SimFsDenied -Caller $Caller -Path ($dst.Root + $dstRelative) -Cmdlet $cmdlet -Id ($verb.Replace('-', '') + 'UnauthorizedAccessError')
        return
    }
    if (-not $Caller.ShouldProcess(('Item: ' + $Source + ' Destination: ' + $dst.Root + $dstRelative), $verb)) { return }
    if ($null -ne $shareFile) { $record = $shareFile }
    elseif ($null -eq $src) { $record = Get-SimRealFileRecord -Path $Source -Relative $dstRelative } else { $record = $src.File }
    $sameVolume = ($null -ne $src) -and [object]::ReferenceEquals($src.Volume, $dst.Volume)
    if (-not ($Move -and $sameVolume)) {
        $existing = Get-SimVolumeFile -Volume $dst.Volume -Path $dstRelative
        $needed = [long]$record.size
        if ($null -ne $existing) { $needed -= [long]$existing.size }
        if ((Get-SimVolumeFree -Volume $dst.Volume) -lt $needed) {
            # The real IOException text (ERROR_DISK_FULL).
            $ex = [System.IO.IOException]::new('There is not enough space on the disk.')
            $id = 'CopyFileInfoItemIOError'
            if ($Move) { $id = 'MoveFileInfoItemIOError' }
            $Caller.WriteError((New-SimFsError -Exception $ex -Id $id -Cmdlet $cmdlet -Category WriteError -Target ($dst.Root + $dstRelative)))
            return
        }
    }
    $dstDisk = [string]$dst.Entry.Disk.uniqueId; $dstOffset = [long]$dst.Entry.Partition.offset
    $srcDisk = $null; $srcOffset = 0; $srcRelative = $null
    if ($null -ne $src) { $srcDisk = [string]$src.Entry.Disk.uniqueId; $srcOffset = [long]$src.Entry.Partition.offset; $srcRelative = $src.Relative }
    $copy = [pscustomobject]@{ path = $dstRelative; size = $record.size; sha256 = $record.sha256 }
    foreach ($opt in @('hidden', 'system', 'content', 'encoding', 'wim', 'package')) { $v = Get-SimProp $record $opt; if ($null -ne $v) { Set-SimProp $copy $opt $v } }
    $null = Invoke-SimMutation -Machine $machine -Command $verb -Detail ($Source + ' -> ' + $dst.Root + $dstRelative) -Action {
        param($m)
        $to = Find-SimPartition -Machine $m -DiskUniqueId $dstDisk -Offset $dstOffset
        $null = Add-SimVolumeFile -Volume $to.Volume -File $copy
        if ($Move -and $null -ne $srcDisk) {
            $from = Find-SimPartition -Machine $m -DiskUniqueId $srcDisk -Offset $srcOffset
            if (-not ([object]::ReferenceEquals($from.Volume, $to.Volume) -and [string]::Equals($srcRelative, $dstRelative, [System.StringComparison]::OrdinalIgnoreCase))) {
                $null = Remove-SimVolumeFile -Volume $from.Volume -Path $srcRelative
            }
        }
    }
    if ($PassThru) { ConvertTo-SimFsItem -Root $dst.Root -Relative $dstRelative -File $copy }
}

function Copy-SimFsFolder {
    # Copy-Item of a folder, as FileSystemProvider.CopyDirectoryInfoItem does it (github.com/PowerShell/PowerShell,
    # src/System.Management.Automation/namespaces/FileSystemProvider.cs): into <destination>\<name> when the
    # destination is a folder, else as <destination>; the folder is made with CreateDirectory (missing parents
    # too; an existing one is reported as DirectoryExist and its content still copied); without -Recurse that is
    # all (an empty folder); with -Recurse every file (hidden ones too: EnumerateFiles does not filter), then each
    # sub-folder the same way. Each folder and each file is one write, so a power cut can fall between any two; a
    # file that does not fit is a non-terminating CopyDirectoryInfoItemIOError and the copy goes on.
    param([Parameter(Mandatory = $true)] $Caller, [Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)] $Source, [Parameter(Mandatory = $true)][string] $Destination, [switch] $Recurse)
    $dst = Resolve-SimFsPath -Machine $Machine -Path $Destination
    if ($null -eq $dst) { throw "Simulator: Copy-Item of the simulated folder $($Source.Root + $Source.Relative) to '$Destination' (not on the simulated PC) is not simulated." }
    $name = $Source.Relative.Substring($Source.Relative.LastIndexOf('\') + 1)
    $top = $dst.Relative
    if ($dst.IsDirectory) { $top = $dst.Relative.TrimEnd('\') + '\' + $name }
    elseif ($null -ne $dst.File) {
        $ex = [System.IO.IOException]::new("An item with the specified name $($dst.Root + $dst.Relative) already exists.")
        $Caller.WriteError((New-SimFsError -Exception $ex -Id 'DirectoryExist' -Cmdlet 'CopyItemCommand' -Category ResourceExists -Target ($dst.Root + $dst.Relative)))
        return
    }
    if (Get-SimFsWriteDenied -Machine $Machine -Relative $top) {
        Write-SimFsDenied -Caller $Caller -Path ($dst.Root + $top) -Cmdlet 'CopyItemCommand' -Id 'CopyDirectoryInfoItemUnauthorizedAccessError'
        return
    }
    if (-not $Caller.ShouldProcess(('Item: ' + $Source.Root + $Source.Relative + ' Destination: ' + $dst.Root + $top), 'Copy Directory')) { return }
    # What to copy, listed before anything is written (a destination inside the source is not walked again).
    $plan = New-Object System.Collections.Generic.List[object]
    $queue = New-Object System.Collections.Generic.Queue[object]
    $queue.Enqueue(@($Source.Relative, $top))
    while ($queue.Count -gt 0) {
        $pair = $queue.Dequeue()
        $plan.Add(@{ Folder = $pair[1] })
        if (-not $Recurse) { continue }
        $children = @(Get-SimFsChildren -Machine $Machine -Resolved $Source -Folder $pair[0])
        foreach ($c in $children) {
            $leaf = $c.Relative.Substring($c.Relative.LastIndexOf('\') + 1)
            if ($null -ne $c.File) { $plan.Add(@{ File = $c.File; To = $pair[1].TrimEnd('\') + '\' + $leaf; From = $c.Relative }) }
        }
        foreach ($c in $children) {
            if ($null -eq $c.File) { $queue.Enqueue(@($c.Relative, ($pair[1].TrimEnd('\') + '\' + $c.Relative.Substring($c.Relative.LastIndexOf('\') + 1)))) }
        }
    }
    $diskId = [string]$dst.Entry.Disk.uniqueId; $offset = [long]$dst.Entry.Partition.offset
    foreach ($step in $plan) {
        if ($step.ContainsKey('Folder')) {
            $folder = [string]$step.Folder
            if (Test-SimFsFolder -Machine $Machine -Volume $dst.Volume -Folder $folder) {
                if ($folder -eq $top) {
                    $ex = [System.IO.IOException]::new("An item with the specified name $($dst.Root + $folder) already exists.")
                    $Caller.WriteError((New-SimFsError -Exception $ex -Id 'DirectoryExist' -Cmdlet 'CopyItemCommand' -Category ResourceExists -Target ($dst.Root + $folder)))
                }
                continue
            }
            $missing = New-Object System.Collections.Generic.List[string]
            $f = $folder
            while ($f -ne '\' -and -not (Test-SimFsFolder -Machine $Machine -Volume $dst.Volume -Folder $f)) {
                $missing.Insert(0, $f)
                $f = $f.Substring(0, [math]::Max(1, $f.LastIndexOf('\')))
            }
            foreach ($one in $missing) {
                $null = Invoke-SimMutation -Machine $Machine -Command 'Copy-Item' -Detail ($dst.Root + $one) -Action {
                    param($m)
                    $e = Find-SimPartition -Machine $m -DiskUniqueId $diskId -Offset $offset
                    $dirs = @(@(Get-SimProp $e.Volume 'directories' @()) | Where-Object { $null -ne $_ -and -not [string]::Equals(([string]$_).TrimEnd('\'), $one, [System.StringComparison]::OrdinalIgnoreCase) })
                    Set-SimProp $e.Volume 'directories' @($dirs + $one)
                }
            }
            continue
        }
        $to = [string]$step.To
        $record = $step.File
        $existing = Get-SimVolumeFile -Volume $dst.Volume -Path $to
        $needed = [long]$record.size
        if ($null -ne $existing) { $needed -= [long]$existing.size }
        if ((Get-SimVolumeFree -Volume $dst.Volume) -lt $needed) {
            $ex = [System.IO.IOException]::new('There is not enough space on the disk.')
            $Caller.WriteError((New-SimFsError -Exception $ex -Id 'CopyDirectoryInfoItemIOError' -Cmdlet 'CopyItemCommand' -Category WriteError -Target ($Source.Root + [string]$step.From)))
            continue
        }
        $copy = [pscustomobject]@{ path = $to; size = $record.size; sha256 = $record.sha256 }
        foreach ($opt in @('hidden', 'system', 'content', 'encoding', 'wim', 'package')) { $v = Get-SimProp $record $opt; if ($null -ne $v) { Set-SimProp $copy $opt $v } }
        $null = Invoke-SimMutation -Machine $Machine -Command 'Copy-Item' -Detail ($Source.Root + [string]$step.From + ' -> ' + $dst.Root + $to) -Action {
            param($m)
            $e = Find-SimPartition -Machine $m -DiskUniqueId $diskId -Offset $offset
            $null = Add-SimVolumeFile -Volume $e.Volume -File $copy
        }
    }
}

function Copy-Item {
    [CmdletBinding(DefaultParameterSetName = 'Path', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath', 'LP')][string[]] $LiteralPath,
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = $true)][string] $Destination,
        [switch] $Container, [switch] $Force, [string] $Filter, [string[]] $Include, [string[]] $Exclude,
        [switch] $Recurse, [switch] $PassThru, [object] $FromSession, [object] $ToSession
    )
    process {
        $ErrorActionPreference = Get-SimCallerErrorAction -Caller $PSCmdlet -Bound $PSBoundParameters
        $paths = @(Get-SimFsPaths -Bound $PSBoundParameters)
        if (-not (Test-SimFsAny -Paths (@($paths) + @($Destination)))) { return (Invoke-SimPassThrough -Command 'Microsoft.PowerShell.Management\Copy-Item' -Bound $PSBoundParameters) }
        foreach ($p in $paths) { Copy-SimFsItem -Caller $PSCmdlet -Source $p -Destination $Destination -PassThru:$PassThru -Recurse:$Recurse }
    }
}

function Move-Item {
    [CmdletBinding(DefaultParameterSetName = 'Path', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath', 'LP')][string[]] $LiteralPath,
        [Parameter(Position = 1, ValueFromPipelineByPropertyName = $true)][string] $Destination,
        [switch] $Force, [string] $Filter, [string[]] $Include, [string[]] $Exclude, [switch] $PassThru
    )
    process {
        $ErrorActionPreference = Get-SimCallerErrorAction -Caller $PSCmdlet -Bound $PSBoundParameters
        $paths = @(Get-SimFsPaths -Bound $PSBoundParameters)
        if (-not (Test-SimFsAny -Paths (@($paths) + @($Destination)))) { return (Invoke-SimPassThrough -Command 'Microsoft.PowerShell.Management\Move-Item' -Bound $PSBoundParameters) }
        foreach ($p in $paths) { Copy-SimFsItem -Caller $PSCmdlet -Source $p -Destination $Destination -Move -PassThru:$PassThru }
    }
}

function Remove-Item {
    [CmdletBinding(DefaultParameterSetName = 'Path', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath', 'LP')][string[]] $LiteralPath,
        [string] $Filter, [string[]] $Include, [string[]] $Exclude, [switch] $Recurse, [switch] $Force, [string[]] $Stream
    )
    process {
        $ErrorActionPreference = Get-SimCallerErrorAction -Caller $PSCmdlet -Bound $PSBoundParameters
        $paths = @(Get-SimFsPaths -Bound $PSBoundParameters)
        if (-not (Test-SimFsAny -Paths $paths)) { return (Invoke-SimPassThrough -Command 'Microsoft.PowerShell.Management\Remove-Item' -Bound $PSBoundParameters) }
        $machine = Read-SimMachine
        foreach ($p in $paths) {
            $r = Resolve-SimFsPath -Machine $machine -Path $p
            if ($null -eq $r -or ($null -eq $r.File -and -not $r.IsDirectory)) {
                $PSCmdlet.WriteError((New-SimPathNotFoundRecord -Path $p -CmdletType 'Microsoft.PowerShell.Commands.RemoveItemCommand'))
                continue
            }
            if (Get-SimFsWriteDenied -Machine $machine -Relative $r.Relative) {
                Write-SimFsDenied -Caller $PSCmdlet -Path $p -Cmdlet 'RemoveItemCommand' -Id 'RemoveFileSystemItemUnAuthorizedAccess'
                continue
            }
            $rel = $r.Relative
            $isDir = $r.IsDirectory
            $isLink = $null -ne $r.Link
            if ($isDir -and -not $isLink -and -not $Recurse -and @(Get-SimFsChildren -Machine $machine -Resolved $r -Folder $rel).Count -gt 0) {
                # ASSUMPTION: non-interactive, a non-empty folder without -Recurse is refused.
                $ex = [System.IO.IOException]::new("The item at $p has children and the Recurse parameter was not specified.")
                $PSCmdlet.WriteError((New-SimFsError -Exception $ex -Id 'RemoveItemIOError' -Cmdlet 'RemoveItemCommand' -Category WriteError -Target $p))
                continue
            }
            if (-not $PSCmdlet.ShouldProcess($p, 'Remove')) { continue }
            $diskId = [string]$r.Entry.Disk.uniqueId; $offset = [long]$r.Entry.Partition.offset
            $null = Invoke-SimMutation -Machine $machine -Command 'Remove-Item' -Detail ($r.Root + $rel) -Action {
                param($m)
                $e = Find-SimPartition -Machine $m -DiskUniqueId $diskId -Offset $offset
                if (-not $isDir) {
                    $null = Remove-SimVolumeFile -Volume $e.Volume -Path $rel
                    # Deleting ReAgent.xml (stored or generated) leaves the machine without one until reagentc writes it.
                    if ([string]::Equals($rel, $script:SimReAgentXmlPath, [System.StringComparison]::OrdinalIgnoreCase)) { Set-SimProp $m.winre 'reagentXmlMissing' $true }
                    return
                }
                $prefix = $rel.TrimEnd('\') + '\'
                # The links to remove: this one, or every one inside the folder. With -Recurse, Windows PowerShell 5.1
                # deletes what each link points to as well (PowerShell issue 621; see the header); without it, a
                # link alone goes (the link, not its target).
                $links = @(@(Get-SimProp $e.Volume 'links' @()) | Where-Object { $null -ne $_ -and ((([string]$_.path).TrimEnd('\') + '\').StartsWith($prefix, [System.StringComparison]::OrdinalIgnoreCase)) })
                $prefixes = @($prefix)
                if ($Recurse) { foreach ($l in $links) { $prefixes += ([string]$l.target).TrimEnd('\') + '\' } }
                Set-SimProp $e.Volume 'links' @(@(Get-SimProp $e.Volume 'links' @()) | Where-Object { $null -ne $_ -and -not ((([string]$_.path).TrimEnd('\') + '\').StartsWith($prefix, [System.StringComparison]::OrdinalIgnoreCase)) })
                foreach ($pre in $prefixes) {
                    $e.Volume.files = @(@($e.Volume.files) | Where-Object { $null -ne $_ -and -not ([string]$_.path).StartsWith($pre, [System.StringComparison]::OrdinalIgnoreCase) })
                }
                if ($isLink -and -not $Recurse) { return }
                $dirs = @(@(Get-SimProp $e.Volume 'directories' @()) | Where-Object { $null -ne $_ -and -not (([string]$_).TrimEnd('\') + '\').StartsWith($prefix, [System.StringComparison]::OrdinalIgnoreCase) })
                Set-SimProp $e.Volume 'directories' $dirs
                if ($rel -eq $script:SimWinReStageFolder -or $prefix.StartsWith($script:SimWinReStageFolder + '\', [System.StringComparison]::OrdinalIgnoreCase)) { Set-SimProp $m.winre 'reagentXmlMissing' $true }
            }
        }
    }
}

function New-Item {
    [CmdletBinding(DefaultParameterSetName = 'pathSet', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'pathSet', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)]
        [Parameter(ParameterSetName = 'nameSet', Position = 0, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'nameSet', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][AllowNull()][AllowEmptyString()][string] $Name,
        [Alias('Type')][string] $ItemType,
        [Parameter(ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][Alias('Target')][object] $Value,
        [switch] $Force
    )
    process {
        $ErrorActionPreference = Get-SimCallerErrorAction -Caller $PSCmdlet -Bound $PSBoundParameters
        $paths = @($Path)
        if ($PSBoundParameters.ContainsKey('Name') -and -not [string]::IsNullOrEmpty($Name)) { $paths = @($paths | ForEach-Object { $_.TrimEnd('\', '/') + '\' + $Name }) }
        if (-not (Test-SimFsAny -Paths $paths)) { return (Invoke-SimPassThrough -Command 'Microsoft.PowerShell.Management\New-Item' -Bound $PSBoundParameters) }
        $machine = Read-SimMachine
        foreach ($p in $paths) {
            if (Test-SimRegistryPath -Path $p) {
                # A registry key (simulator/50-System.ps1).
                New-SimRegistryKey -Caller $PSCmdlet -Path $p -Force:$Force
                continue
            }
            $r = Resolve-SimFsPath -Machine $machine -Path $p
            if ($null -eq $r) { $PSCmdlet.WriteError((New-SimPathNotFoundRecord -Path $p -CmdletType 'Microsoft.PowerShell.Commands.NewItemCommand')); continue }
            $rel = $r.Relative
            $isDirectory = ([string]$ItemType -match '^(?i)dir')
            if (-not $isDirectory -and -not [string]::IsNullOrEmpty([string]$ItemType) -and [string]$ItemType -notmatch '^(?i)file$') {
                throw "Simulator: New-Item -ItemType $ItemType is not simulated."
            }
            # FileSystemProvider.NewItem (github.com/PowerShell/PowerShell, src/System.Management.Automation/namespaces/
            # FileSystemProvider.cs): a folder is made with Directory.CreateDirectory, which creates every missing parent
            # (learn.microsoft.com/dotnet/api/system.io.directory.createdirectory), -Force or not; with -Force an existing
            # folder is returned as it is (no error, nothing written). A file needs its parent unless -Force, which first
            # creates the missing parents (CreateIntermediateDirectories) and overwrites an existing file (FileMode.Create).
            if ($isDirectory -and $r.IsDirectory -and $Force) { ConvertTo-SimFsItem -Root $r.Root -Relative $rel -Link $r.Link; continue }
            if (($null -ne $r.File -or $r.IsDirectory) -and -not ($Force -and -not $isDirectory -and $null -ne $r.File)) {
                $ex = [System.IO.IOException]::new("An item with the specified name $p already exists.")
                $id = 'NewItemIOError'
                if ($isDirectory) { $id = 'DirectoryExist' }
                $PSCmdlet.WriteError((New-SimFsError -Exception $ex -Id $id -Cmdlet 'NewItemCommand' -Category ResourceExists -Target $p))
                continue
            }
            if (Get-SimFsWriteDenied -Machine $machine -Relative $rel) {
                Write-SimFsDenied -Caller $PSCmdlet -Path $p -Cmdlet 'NewItemCommand' -Id 'NewItemUnauthorizedAccessError'
                continue
            }
            # The missing folders above the item, outermost first.
            $missing = New-Object System.Collections.Generic.List[string]
            $parent = $rel.Substring(0, [math]::Max(1, $rel.LastIndexOf('\')))
            while ($parent -ne '\' -and -not (Test-SimFsFolder -Machine $machine -Volume $r.Volume -Folder $parent)) {
                $missing.Insert(0, $parent)
                $parent = $parent.Substring(0, [math]::Max(1, $parent.LastIndexOf('\')))
            }
            if ($missing.Count -gt 0 -and -not $isDirectory -and -not $Force) {
                $ex = [System.IO.DirectoryNotFoundException]::new("Could not find a part of the path '$p'.")
                $PSCmdlet.WriteError((New-SimFsError -Exception $ex -Id 'NewItemIOError' -Cmdlet 'NewItemCommand' -Category WriteError -Target $p))
                continue
            }
            if (-not $PSCmdlet.ShouldProcess($p, 'Create')) { continue }
            $diskId = [string]$r.Entry.Disk.uniqueId; $offset = [long]$r.Entry.Partition.offset
            $file = $null
            if (-not $isDirectory) {
                # The value is written through a StreamWriter without an encoding: UTF-8 without BOM.
                $text = ''
                if ($null -ne $Value) { $text = [string]$Value }
                $file = New-SimTextFileRecord -Path $rel -Text $text
                $existing = 0
                if ($null -ne $r.File -and $null -ne (Get-SimVolumeFile -Volume $r.Volume -Path $rel)) { $existing = [long]$r.File.size }
                if ((Get-SimVolumeFree -Volume $r.Volume) -lt ([long]$file.size - $existing)) {
                    $ex = [System.IO.IOException]::new('There is not enough space on the disk.')
                    $PSCmdlet.WriteError((New-SimFsError -Exception $ex -Id 'NewItemIOError' -Cmdlet 'NewItemCommand' -Category WriteError -Target $p))
                    continue
                }
            } else {
                $missing.Add($rel)
            }
            # One write per folder created (CreateDirectory makes them one at a time), then the file: a power cut can
            # fall between any two.
            foreach ($folder in $missing) {
                $null = Invoke-SimMutation -Machine $machine -Command 'New-Item' -Detail ($r.Root + $folder) -Action {
                    param($m)
                    $e = Find-SimPartition -Machine $m -DiskUniqueId $diskId -Offset $offset
                    $dirs = @(@(Get-SimProp $e.Volume 'directories' @()) | Where-Object { $null -ne $_ -and -not [string]::Equals(([string]$_).TrimEnd('\'), $folder, [System.StringComparison]::OrdinalIgnoreCase) })
                    Set-SimProp $e.Volume 'directories' @($dirs + $folder)
                }
            }
            if (-not $isDirectory) {
                $null = Invoke-SimMutation -Machine $machine -Command 'New-Item' -Detail ($r.Root + $rel) -Action {
                    param($m)
                    $e = Find-SimPartition -Machine $m -DiskUniqueId $diskId -Offset $offset
                    $null = Add-SimVolumeFile -Volume $e.Volume -File $file
                }
            }
            ConvertTo-SimFsItem -Root $r.Root -Relative $rel -File $file
        }
    }
}

function Rename-Item {
    # One rename, one write (MoveFile within a folder): a file's record or a folder with everything in it takes the
    # new name. Errors as the FileSystem provider gives them (FileSystemProvider.RenameItem, github.com/PowerShell/
    # PowerShell src/System.Management.Automation/namespaces/FileSystemProvider.cs; the messages of
    # learn.microsoft.com/powershell/module/microsoft.powershell.management/rename-item).
    [CmdletBinding(DefaultParameterSetName = 'ByPath', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'ByPath', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][string] $Path,
        [Parameter(ParameterSetName = 'ByLiteralPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath', 'LP')][string] $LiteralPath,
        [Parameter(Mandatory = $true, Position = 1, ValueFromPipelineByPropertyName = $true)][string] $NewName,
        [switch] $Force, [switch] $PassThru, [object] $Credential
    )
    process {
        $ErrorActionPreference = Get-SimCallerErrorAction -Caller $PSCmdlet -Bound $PSBoundParameters
        $p = $Path
        if ($PSCmdlet.ParameterSetName -eq 'ByLiteralPath') { $p = ConvertFrom-SimFsPsPath -Path $LiteralPath }
        if (-not (Test-SimFsAny -Paths @($p))) { return (Invoke-SimPassThrough -Command 'Microsoft.PowerShell.Management\Rename-Item' -Bound $PSBoundParameters) }
        $machine = Read-SimMachine
        $r = Resolve-SimFsPath -Machine $machine -Path $p
        if ($null -eq $r -or ($null -eq $r.File -and -not $r.IsDirectory) -or $r.Relative -eq '\') {
            $ex = [System.Management.Automation.PSInvalidOperationException]::new("Cannot rename because item at '$p' does not exist.")
            $PSCmdlet.WriteError((New-SimFsError -Exception $ex -Id 'InvalidOperation' -Cmdlet 'RenameItemCommand' -Category InvalidOperation -Target $p))
            return
        }
        $rel = $r.Relative
        $folder = $rel.Substring(0, [math]::Max(1, $rel.LastIndexOf('\')))
        $name = $NewName.Replace('/', '\')
        if ($name.Contains('\')) {
            # A full path is accepted only when it names the same folder (the provider compares the parents).
            $target = Resolve-SimFsPath -Machine $machine -Path $name
            $sameFolder = $null -ne $target -and [object]::ReferenceEquals($target.Volume, $r.Volume) -and
                [string]::Equals($target.Relative.Substring(0, [math]::Max(1, $target.Relative.LastIndexOf('\'))), $folder, [System.StringComparison]::OrdinalIgnoreCase)
            if (-not $sameFolder) {
                $ex = [System.Management.Automation.PSArgumentException]::new('Cannot rename the specified target, because it represents a path or device name.')
                $PSCmdlet.WriteError((New-SimFsError -Exception $ex -Id 'Argument' -Cmdlet 'RenameItemCommand' -Category InvalidArgument -Target $p))
                return
            }
            $name = $target.Relative.Substring($target.Relative.LastIndexOf('\') + 1)
        }
        $newRel = $folder.TrimEnd('\') + '\' + $name
        $existing = Resolve-SimFsPath -Machine $machine -Path ($r.Root + $newRel)
        if ($null -ne $existing -and ($null -ne $existing.File -or $existing.IsDirectory) -and -not [string]::Equals($newRel, $rel, [System.StringComparison]::OrdinalIgnoreCase)) {
            $ex = [System.IO.IOException]::new('Cannot create a file when that file already exists.')
            $PSCmdlet.WriteError((New-SimFsError -Exception $ex -Id 'RenameItemIOError' -Cmdlet 'RenameItemCommand' -Category WriteError -Target $p))
            return
        }
        if ((Get-SimFsWriteDenied -Machine $machine -Relative $rel) -or (Get-SimFsWriteDenied -Machine $machine -Relative $newRel)) {
            Write-SimFsDenied -Caller $PSCmdlet -Path $p -Cmdlet 'RenameItemCommand' -Id 'RenameItemUnauthorizedAccessError'
            return
        }
        if (-not $PSCmdlet.ShouldProcess(('Item: ' + $r.Root + $rel + ' Destination: ' + $r.Root + $newRel), 'Rename Item')) { return }
        $diskId = [string]$r.Entry.Disk.uniqueId; $offset = [long]$r.Entry.Partition.offset
        $isDir = [bool]$r.IsDirectory
        $generated = $null
        if (-not $isDir -and $null -eq (Get-SimVolumeFile -Volume $r.Volume -Path $rel)) { $generated = $r.File }
        $null = Invoke-SimMutation -Machine $machine -Command 'Rename-Item' -Detail ($r.Root + $rel + ' -> ' + $name) -Action {
            param($m)
            $e = Find-SimPartition -Machine $m -DiskUniqueId $diskId -Offset $offset
            $v = $e.Volume
            if (-not $isDir) {
                if ($null -ne $generated) {
                    # The generated ReAgent.xml: its text moves, and the machine has none at the old path any more.
                    $copy = [pscustomobject]@{ path = $newRel; size = $generated.size; sha256 = $generated.sha256; content = $generated.content; encoding = (Get-SimFsRecordEncoding -File $generated) }
                    $null = Add-SimVolumeFile -Volume $v -File $copy
                    Set-SimProp $m.winre 'reagentXmlMissing' $true
                } else {
                    $null = Move-SimVolumeFile -FromVolume $v -FromPath $rel -ToVolume $v -ToPath $newRel
                }
                # Like Remove-Item: a renamed-away ReAgent.xml leaves none until reagentc writes one; one renamed to it is it.
                if ([string]::Equals($rel, $script:SimReAgentXmlPath, [System.StringComparison]::OrdinalIgnoreCase)) { Set-SimProp $m.winre 'reagentXmlMissing' $true }
                if ([string]::Equals($newRel, $script:SimReAgentXmlPath, [System.StringComparison]::OrdinalIgnoreCase)) { Remove-SimProp $m.winre 'reagentXmlMissing' }
                return
            }
            $prefix = $rel.TrimEnd('\') + '\'
            $rename = {
                param([string] $value)
                if ([string]::Equals($value.TrimEnd('\'), $rel, [System.StringComparison]::OrdinalIgnoreCase)) { return $newRel }
                if ($value.StartsWith($prefix, [System.StringComparison]::OrdinalIgnoreCase)) { return $newRel + '\' + $value.Substring($prefix.Length) }
                return $value
            }
            foreach ($f in @($v.files)) { if ($null -ne $f) { $f.path = & $rename ([string]$f.path) } }
            Set-SimProp $v 'directories' @(@(Get-SimProp $v 'directories' @()) | Where-Object { $null -ne $_ } | ForEach-Object { & $rename ([string]$_) })
            foreach ($l in @(Get-SimProp $v 'links' @())) {
                if ($null -eq $l) { continue }
                $l.path = & $rename ([string]$l.path)
                $l.target = & $rename ([string]$l.target)
            }
        }
        if ($PassThru) {
            $after = Resolve-SimFsPath -Machine $machine -Path ($r.Root + $newRel)
            ConvertTo-SimFsItem -Root $r.Root -Relative $newRel -File $after.File -Link $after.Link
        }
    }
}

function Set-Content {
    [CmdletBinding(DefaultParameterSetName = 'Path', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath', 'LP')][string[]] $LiteralPath,
        [Parameter(Mandatory = $true, Position = 1, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][AllowNull()][AllowEmptyCollection()][object[]] $Value,
        [switch] $PassThru, [string] $Filter, [string[]] $Include, [string[]] $Exclude, [switch] $Force,
        [switch] $NoNewline, [object] $Encoding, [string] $Stream, [switch] $AsByteStream
    )
    begin {
        # The steppable pipeline is made here, in the cmdlet's own begin{} (made in a helper, its output is lost).
        $state = @{ Steppable = $null; Values = (New-Object System.Collections.Generic.List[string]) }
        if (-not (Test-SimFsAny -Paths (Get-SimFsPaths -Bound $PSBoundParameters))) {
            $real = Get-Command -Name 'Microsoft.PowerShell.Management\Set-Content' -CommandType Cmdlet
            $wrapped = { & $real @PSBoundParameters }
            $state.Steppable = $wrapped.GetSteppablePipeline($MyInvocation.CommandOrigin)
            $state.Steppable.Begin($PSCmdlet)
        }
    }
    process { Add-SimFsContentInput -State $state -Item $_ -Value $Value }
    end { Complete-SimFsContentWrite -State $state -Caller $PSCmdlet -Bound $PSBoundParameters -Command 'Set-Content' -Cmdlet 'SetContentCommand' }
}

function Add-Content {
    # Windows PowerShell 5.1: ANSI by default; an existing file with a BOM keeps its encoding (see "Text encodings").
    [CmdletBinding(DefaultParameterSetName = 'Path', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath', 'LP')][string[]] $LiteralPath,
        [Parameter(Mandatory = $true, Position = 1, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][AllowNull()][AllowEmptyCollection()][object[]] $Value,
        [switch] $PassThru, [string] $Filter, [string[]] $Include, [string[]] $Exclude, [switch] $Force,
        [switch] $NoNewline, [object] $Encoding, [string] $Stream, [switch] $AsByteStream
    )
    begin {
        # The steppable pipeline is made here, in the cmdlet's own begin{} (made in a helper, its output is lost).
        $state = @{ Steppable = $null; Values = (New-Object System.Collections.Generic.List[string]) }
        if (-not (Test-SimFsAny -Paths (Get-SimFsPaths -Bound $PSBoundParameters))) {
            $real = Get-Command -Name 'Microsoft.PowerShell.Management\Add-Content' -CommandType Cmdlet
            $wrapped = { & $real @PSBoundParameters }
            $state.Steppable = $wrapped.GetSteppablePipeline($MyInvocation.CommandOrigin)
            $state.Steppable.Begin($PSCmdlet)
        }
    }
    process { Add-SimFsContentInput -State $state -Item $_ -Value $Value }
    end { Complete-SimFsContentWrite -State $state -Caller $PSCmdlet -Bound $PSBoundParameters -Command 'Add-Content' -Cmdlet 'AddContentCommand' -Append }
}

function Add-SimFsContentInput {
    param([Parameter(Mandatory = $true)] $State, $Item, [AllowNull()][AllowEmptyCollection()][object[]] $Value)
    if ($null -ne $State.Steppable) { $State.Steppable.Process($Item); return }
    foreach ($v in @($Value)) { if ($null -ne $v) { $State.Values.Add([string]$v) } }
}

function Complete-SimFsContentWrite {
    # end{} of Set-Content / Add-Content on the simulated disks: each value a line ending in CRLF (-NoNewline:
    # joined as they are), in the 5.1 default encoding ANSI unless -Encoding says otherwise; one mutation per path.
    param([Parameter(Mandatory = $true)] $State, [Parameter(Mandatory = $true)] $Caller, [Parameter(Mandatory = $true)] $Bound, [Parameter(Mandatory = $true)][string] $Command, [Parameter(Mandatory = $true)][string] $Cmdlet, [switch] $Append)
    if ($null -ne $State.Steppable) { $State.Steppable.End(); return }
    $machine = Read-SimMachine
    $values = $State.Values.ToArray()
    if ($Bound.ContainsKey('NoNewline') -and [bool]$Bound['NoNewline']) { $text = $values -join '' }
    else { $text = -join @($values | ForEach-Object { $_ + "`r`n" }) }
    $encoding = Get-SimFsEncodingName -Encoding $Bound['Encoding'] -Default 'ansi'
    foreach ($p in (Get-SimFsPaths -Bound $Bound)) {
        if (-not $Caller.ShouldProcess($p, $Command)) { continue }
        $file = Write-SimFsText -Caller $Caller -Machine $machine -Path $p -Text $text -Encoding $encoding -Cmdlet $Cmdlet -Command $Command -Append:$Append -KeepEncoding:($Append -and -not $Bound.ContainsKey('Encoding')) -NotFoundId 'GetContentWriterDirectoryNotFoundError' -DeniedId 'GetContentWriterUnauthorizedAccessError'
        if ($null -ne $file -and $Bound.ContainsKey('PassThru') -and [bool]$Bound['PassThru']) { $values }
    }
}

function Out-File {
    # Also what the > and >> redirections run: PowerShell builds their pipeline with CreateCommand("out-file"),
    # which resolves functions as well (FileRedirection.GetRedirectionPipe in
    # https://github.com/PowerShell/PowerShell/blob/master/src/System.Management.Automation/engine/runtime/Operations/MiscOps.cs;
    # Windows PowerShell 5.1 adds -Encoding Unicode there). Objects are rendered as the formatter renders them,
    # each line ending in CRLF; Windows PowerShell 5.1's default encoding is Unicode (UTF-16LE with BOM).
    [CmdletBinding(DefaultParameterSetName = 'ByPath', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'ByPath', Mandatory = $true, Position = 0)][Alias('Path')][string] $FilePath,
        [Parameter(ParameterSetName = 'ByLiteralPath', Mandatory = $true)][Alias('PSPath', 'LP')][string] $LiteralPath,
        [Parameter(Position = 1)][object] $Encoding,
        [switch] $Append, [switch] $Force, [Alias('NoOverwrite')][switch] $NoClobber, [int] $Width, [switch] $NoNewline,
        [Parameter(ValueFromPipeline = $true)][psobject] $InputObject
    )
    begin {
        $target = $FilePath
        if ($PSCmdlet.ParameterSetName -eq 'ByLiteralPath') { $target = $LiteralPath }
        $collected = New-Object System.Collections.Generic.List[object]
        $steppable = $null
        if (-not (Test-SimFsAny -Paths @($target))) {
            $real = Get-Command -Name 'Microsoft.PowerShell.Utility\Out-File' -CommandType Cmdlet
            $wrapped = { & $real @PSBoundParameters }
            $steppable = $wrapped.GetSteppablePipeline($MyInvocation.CommandOrigin)
            $steppable.Begin($PSCmdlet)
        }
    }
    process {
        if ($null -ne $steppable) { $steppable.Process($_); return }
        if ($null -ne $InputObject) { $collected.Add($InputObject) }
    }
    end {
        if ($null -ne $steppable) { $steppable.End(); return }
        $lines = @(Get-SimFsStringLines -InputObjects $collected.ToArray() -Width $Width)
        if ($NoNewline) { $text = $lines -join '' } else { $text = -join @($lines | ForEach-Object { $_ + "`r`n" }) }
        $enc = Get-SimFsEncodingName -Encoding $Encoding -Default 'unicode'
        if (-not $PSCmdlet.ShouldProcess($target, 'Out-File')) { return }
        $null = Write-SimFsText -Caller $PSCmdlet -Machine (Read-SimMachine) -Path $target -Text $text -Encoding $enc -Cmdlet 'OutFileCommand' -Command 'Out-File' -Append:$Append -NoClobber:($NoClobber -and -not $Append) -Terminating
    }
}

# Start-Transcript / Stop-Transcript to a file on the simulated disks: the real transcript runs into a host file,
# and Stop-Transcript writes its text to the simulated file as one write, UTF-8 with a BOM as Windows PowerShell
# 5.1 writes transcripts (about_Character_Encoding, 5.1: "Start-Transcript creates Utf8 files with a BOM").
# DEVIATION: on Windows the transcript file grows while the script runs; here it appears (or grows, -Append) at
# Stop-Transcript, and a transcript never stopped (the process ends, a power cut) leaves nothing on the simulated PC.
$script:SimTranscripts = New-Object System.Collections.Generic.List[object]

function Start-Transcript {
    [CmdletBinding(DefaultParameterSetName = 'ByPath', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'ByPath', Position = 0)][string] $Path,
        [Parameter(ParameterSetName = 'ByLiteralPath')][Alias('PSPath', 'LP')][string] $LiteralPath,
        [Parameter(ParameterSetName = 'ByOutputDirectory')][string] $OutputDirectory,
        [switch] $Append, [switch] $Force, [Alias('NoOverwrite')][switch] $NoClobber, [switch] $IncludeInvocationHeader, [switch] $UseMinimalHeader
    )
    $target = $Path
    if ($PSCmdlet.ParameterSetName -eq 'ByLiteralPath') { $target = $LiteralPath }
    if ($PSCmdlet.ParameterSetName -eq 'ByOutputDirectory') { $target = $OutputDirectory }
    if ([string]::IsNullOrEmpty($target) -or -not (Test-SimFsAny -Paths @($target))) {
        $out = Invoke-SimPassThrough -Command 'Microsoft.PowerShell.Host\Start-Transcript' -Bound $PSBoundParameters
        $script:SimTranscripts.Add($null)
        return $out
    }
    $machine = Read-SimMachine
    if ($PSCmdlet.ParameterSetName -eq 'ByOutputDirectory') {
        # The name Start-Transcript gives a transcript in a folder: PowerShell_transcript.<computer>.<random>.<time>.txt.
        $random = -join ((1..8) | ForEach-Object { [char](Get-Random -Minimum 97 -Maximum 123) })
        $computer = [string](Get-SimProp $machine.os 'computerName' 'DESKTOP')
        $target = $target.TrimEnd('\') + '\PowerShell_transcript.' + $computer + '.' + $random + '.' + [datetime]::Now.ToString('yyyyMMddHHmmss') + '.txt'
    }
    $r = Resolve-SimFsPath -Machine $machine -Path $target
    $full = $r.Root + $r.Relative
    $parent = $r.Relative.Substring(0, [math]::Max(1, $r.Relative.LastIndexOf('\')))
    if ($r.IsDirectory -or -not (Test-SimFsFolder -Machine $machine -Volume $r.Volume -Folder $parent) -or ($NoClobber -and $null -ne $r.File) -or (Get-SimFsWriteDenied -Machine $machine -Relative $r.Relative)) {
        # ASSUMPTION: the text Start-Transcript gives when it cannot open its file, with the reason as .NET words it.
        $reason = "Could not find a part of the path '$full'."
        if ($NoClobber -and $null -ne $r.File) { $reason = "The file '$full' already exists." }
        elseif ($r.IsDirectory -or (Get-SimFsWriteDenied -Machine $machine -Relative $r.Relative)) { $reason = "Access to the path '$full' is denied." }
        $ex = [System.Management.Automation.PSInvalidOperationException]::new("Transcription cannot be started due to the error: $reason")
        $PSCmdlet.ThrowTerminatingError((New-SimFsError -Exception $ex -Id 'CannotStartTranscription' -Cmdlet 'StartTranscriptCommand' -Category InvalidOperation -Target $full))
    }
    if (-not $PSCmdlet.ShouldProcess($full, 'Start-Transcript')) { return }
    $hostFile = [System.IO.Path]::Combine((Get-SimHostBase), 'transcripts', ([guid]::NewGuid().ToString('N') + '.txt'))
    $null = [System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName($hostFile))
    $real = @{ LiteralPath = $hostFile }
    foreach ($k in @('IncludeInvocationHeader', 'UseMinimalHeader')) { if ($PSBoundParameters.ContainsKey($k)) { $real[$k] = $PSBoundParameters[$k] } }
    if ($Append -and $null -ne $r.File -and $null -ne (Get-SimProp $r.File 'content')) {
        [System.IO.File]::WriteAllText($hostFile, (ConvertFrom-SimFsBytes -Bytes (Get-SimFsBytes -File $r.File) -Fallback 'utf8').Text)
        $real['Append'] = $true
    }
    $null = Invoke-SimPassThrough -Command 'Microsoft.PowerShell.Host\Start-Transcript' -Bound $real
    $script:SimTranscripts.Add(@{ Path = $full; HostFile = $hostFile })
    "Transcript started, output file is $full"
}

function Stop-Transcript {
    [CmdletBinding()]
    param()
    $top = $null
    if ($script:SimTranscripts.Count -gt 0) {
        $top = $script:SimTranscripts[$script:SimTranscripts.Count - 1]
        $script:SimTranscripts.RemoveAt($script:SimTranscripts.Count - 1)
    }
    if ($null -eq $top) { return (Invoke-SimPassThrough -Command 'Microsoft.PowerShell.Host\Stop-Transcript' -Bound $PSBoundParameters) }
    $null = Invoke-SimPassThrough -Command 'Microsoft.PowerShell.Host\Stop-Transcript' -Bound @{}
    # The host writes LF line ends; Windows writes CRLF.
    $text = [regex]::Replace([System.IO.File]::ReadAllText($top.HostFile), '(?<!\r)\n', "`r`n")
    [System.IO.File]::Delete($top.HostFile)
    $null = Write-SimFsText -Caller $PSCmdlet -Machine (Read-SimMachine) -Path $top.Path -Text $text -Encoding 'utf8bom' -Cmdlet 'StopTranscriptCommand' -Command 'Stop-Transcript'
    "Transcript stopped, output file is $($top.Path)"
}

# ------------------------------------------------------------------------------------------------------------
# Get-Acl: only the security descriptor of winre-fix's state folder is asked for (Get-StateFolderSecurity.ps1).
# The machine may declare it (machine.stateFolderSddl, e.g. a folder a standard user made or loosened); otherwise
# it follows how the folder was made, read from its POSIX mode (the simulated state folder is a real folder):
#  - 0700, as New-StateFolder.ps1 makes it (New-WinReFixRestrictedFolder below): the protected DACL with full
#    control for SYSTEM and Administrators that script creates the folder with, owned by SYSTEM, the account
#    Intune and ConfigMgr run as (a new object's owner is its creator's token owner:
#    learn.microsoft.com/windows/win32/secauthz/ownership-of-new-objects);
#  - anything else (a plain mkdir): ProgramData's ACL inherited, which lets Users create folders and append data
#    and gives CREATOR OWNER full control (the default ProgramData DACL; docs/reference/fleet-tools.md#state-folder-security).
# Get-Acl's .Sddl form: learn.microsoft.com/windows/win32/secauthz/security-descriptor-string-format.
# ------------------------------------------------------------------------------------------------------------

$script:SimProtectedSddl = 'O:SYG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)'
# A standard user's SID (the form of a local account: S-1-5-21-<machine>-<rid>, rid 1001 for the first user).
$script:SimOwnUid = $null
$script:SimStandardUserSid = 'S-1-5-21-1004336348-1177238915-682003330-1001'
$script:SimInheritedSddl = 'O:SYG:SYD:AI(A;OICIID;FA;;;SY)(A;OICIID;FA;;;BA)(A;OICIIOID;GA;;;CO)(A;OICIID;0x1200a9;;;BU)(A;CIID;DCLCRPCR;;;BU)'

function Get-SimStateFolderSddl {
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)][string] $Path)
    $declared = Get-SimProp $Machine 'stateFolderSddl'
    if ($null -ne $declared) { return [string]$declared }
    if ([System.Environment]::OSVersion.Platform -ne [System.PlatformID]::Unix -or -not [System.IO.Directory]::Exists($Path)) {
        return $script:SimProtectedSddl
    }
    # UnixFileMode: group and other bits are 0x3F; only an owner-only folder is the restricted one.
    $mode = [int][System.IO.File]::GetUnixFileMode($Path)
    $sddl = $script:SimInheritedSddl
    if (($mode -band 0x3F) -eq 0) { $sddl = $script:SimProtectedSddl }
    # The owner: a folder made by this process's account (the simulated SYSTEM) or by root is owned by SYSTEM;
    # one made by any other account stands for a folder a standard user created under ProgramData first, which
    # that user owns (a new object's owner is its creator's token owner:
    # learn.microsoft.com/windows/win32/secauthz/ownership-of-new-objects).
    $uid = [int](Get-Item -LiteralPath $Path -Force).UnixStat.UserId
    if ($null -eq $script:SimOwnUid) { $script:SimOwnUid = [int](& id -u) }
    if ($uid -ne 0 -and $uid -ne $script:SimOwnUid) { $sddl = $sddl.Replace('O:SY', 'O:' + $script:SimStandardUserSid) }
    return $sddl
}

function Get-SimFsSddl {
    # Get-Acl of a path on the simulated machine: the nearest volume.acls entry at or above it (inheritance), else,
    # under \ProgramData\winre-fix, the ACL winre-fix gives that folder (protected, SYSTEM and Administrators full
    # control: ps-scripts/New-StateFolder.ps1). Anything else is not simulated (no invented ACL).
    param([Parameter(Mandatory = $true)] $Resolved, [Parameter(Mandatory = $true)][string] $Path)
    $best = $null
    $bestLength = -1
    $rel = $Resolved.Relative.TrimEnd('\')
    foreach ($a in @(Get-SimProp $Resolved.Volume 'acls' @())) {
        if ($null -eq $a) { continue }
        $ap = ([string]$a.path).TrimEnd('\')
        $at = [string]::Equals($ap, $rel, [System.StringComparison]::OrdinalIgnoreCase) -or $rel.StartsWith($ap + '\', [System.StringComparison]::OrdinalIgnoreCase)
        if ($at -and $ap.Length -gt $bestLength) { $best = [string]$a.sddl; $bestLength = $ap.Length }
    }
    if ($null -ne $best) { return $best }
    if ([string]::Equals($rel, '\ProgramData\winre-fix', [System.StringComparison]::OrdinalIgnoreCase) -or $rel.StartsWith('\ProgramData\winre-fix\', [System.StringComparison]::OrdinalIgnoreCase)) { return $script:SimProtectedSddl }
    throw "Simulator: Get-Acl of $Path is not simulated (declare it in the volume's acls)."
}

function Get-Acl {
    [CmdletBinding()]
    param([Parameter(Position = 0)][string[]] $Path, [Alias('PSPath')][string[]] $LiteralPath)
    $machine = Read-SimMachine
    foreach ($p in @($Path) + @($LiteralPath)) {
        if ($null -eq $p) { continue }
        $r = $null
        if (Test-SimFsSyntax -Path $p) { $r = Resolve-SimFsPath -Machine $machine -Path $p }
        if ($null -ne $r) {
            if ($null -eq $r.File -and -not $r.IsDirectory) {
                $PSCmdlet.WriteError((New-SimPathNotFoundRecord -Path $p -CmdletType 'Microsoft.PowerShell.Commands.GetAclCommand'))
                continue
            }
            [pscustomobject]@{ Path = $p; Sddl = (Get-SimFsSddl -Resolved $r -Path $p) }
            continue
        }
        [pscustomobject]@{ Path = $p; Sddl = (Get-SimStateFolderSddl -Machine $machine -Path $p) }
    }
}

# ------------------------------------------------------------------------------------------------------------
# New-WinReFixRestrictedFolder (overrides ps-scripts/lib/StateFolder.ps1): the state folder created with its
# security descriptor in the same call. On Windows, CreateDirectory with a DirectorySecurity hands the descriptor
# to the CreateDirectory API, so the folder is born with that DACL and never holds the inherited one
# (learn.microsoft.com/dotnet/api/system.io.directory.createdirectory,
# learn.microsoft.com/dotnet/api/system.io.filesystemaclextensions.createdirectory,
# learn.microsoft.com/windows/win32/api/fileapi/nf-fileapi-createdirectoryw: lpSecurityAttributes); its owner is
# the creating account (learn.microsoft.com/windows/win32/secauthz/ownership-of-new-objects).
# On a simulated PC (Linux/macOS) the state folder is a real POSIX folder: the protected DACL of SYSTEM and
# Administrators is modelled as mode 0700 owned by this process's account (the simulated SYSTEM), which is what
# Get-Acl above reads back as that DACL. The mode goes to mkdir itself (only narrowed by the umask, and set
# again to exactly 0700), so there is no instant in which other accounts may enter. Like CreateDirectory, it
# creates only what is missing: an existing folder is returned untouched (New-StateFolder.ps1 checks first).
# Any other descriptor is not simulated. A path on the simulated disks (the kept copy of `fix --keep-backup`) is
# made there by New-SimFsRestrictedFolder above, with the same descriptor.
# ------------------------------------------------------------------------------------------------------------

$script:SimStateFolderCreationSddl = 'D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)'

function New-SimFsRestrictedFolder {
    # CreateDirectory(path, DirectorySecurity) on the simulated disks (the kept copy of `fix --keep-backup`,
    # ps-scripts/Copy-WinReFixBackup.ps1): like .NET's CreateDirectory it makes every missing level
    # (learn.microsoft.com/dotnet/api/system.io.directory.createdirectory: "Creates all directories and
    # subdirectories in the specified path unless they already exist"), each born with the descriptor: the folder
    # (volume.directories) and its ACL (volume.acls, owner SYSTEM: the creating account,
    # learn.microsoft.com/windows/win32/secauthz/ownership-of-new-objects) in ONE mutation, so no power cut leaves
    # the folder with another ACL. An existing folder is returned untouched; a file in the way is an IOException.
    param([Parameter(Mandatory = $true)][string] $Path)
    $machine = Read-SimMachine
    $r = Resolve-SimFsPath -Machine $machine -Path $Path
    if ($null -eq $r) { throw [System.IO.DirectoryNotFoundException]::new("Could not find a part of the path '$Path'.") }
    if ($r.IsDirectory) { return }
    if ($null -ne $r.File) { throw [System.IO.IOException]::new("Cannot create '$Path' because a file or directory with the same name already exists.") }
    if (Get-SimFsWriteDenied -Machine $machine -Relative $r.Relative) { throw [System.UnauthorizedAccessException]::new("Access to the path '$Path' is denied.") }
    $missing = New-Object System.Collections.Generic.List[string]
    $f = $r.Relative.TrimEnd('\')
    while ($f.Length -gt 1 -and -not (Test-SimFsFolder -Machine $machine -Volume $r.Volume -Folder $f)) {
        if ($null -ne (Get-SimVolumeFile -Volume $r.Volume -Path $f)) { throw [System.IO.IOException]::new("Cannot create '$Path' because a file or directory with the same name already exists.") }
        $missing.Insert(0, $f)
        $f = $f.Substring(0, [math]::Max(1, $f.LastIndexOf('\')))
    }
    $diskId = [string]$r.Entry.Disk.uniqueId; $offset = [long]$r.Entry.Partition.offset
    $sddl = $script:SimProtectedSddl
    foreach ($one in $missing) {
        $null = Invoke-SimMutation -Machine $machine -Command 'New-Item' -Detail ($r.Root + $one + ' (CreateDirectory: SYSTEM and Administrators only)') -Action {
            param($m)
            $e = Find-SimPartition -Machine $m -DiskUniqueId $diskId -Offset $offset
            $dirs = @(@(Get-SimProp $e.Volume 'directories' @()) | Where-Object { $null -ne $_ -and -not [string]::Equals(([string]$_).TrimEnd('\'), $one, [System.StringComparison]::OrdinalIgnoreCase) })
            Set-SimProp $e.Volume 'directories' @($dirs + $one)
            $acls = @(@(Get-SimProp $e.Volume 'acls' @()) | Where-Object { $null -ne $_ -and -not [string]::Equals(([string]$_.path).TrimEnd('\'), $one, [System.StringComparison]::OrdinalIgnoreCase) })
            Set-SimProp $e.Volume 'acls' @($acls + ([pscustomobject][ordered]@{ path = $one; sddl = $sddl }))
        }
    }
}

function New-WinReFixRestrictedFolder {
    param([Parameter(Mandatory = $true)][string] $Path, [Parameter(Mandatory = $true)][string] $Sddl)
    if (Test-SimFsSyntax -Path $Path) {
        if ($Sddl -ne $script:SimStateFolderCreationSddl) {
            throw "Simulator: creating a folder with the security descriptor $Sddl is not simulated (only $script:SimStateFolderCreationSddl is)."
        }
        New-SimFsRestrictedFolder -Path $Path
        return
    }
    if ([System.Environment]::OSVersion.Platform -ne [System.PlatformID]::Unix) {
        # A simulated PC run on Windows: the state folder is a real Windows folder, made as on a real PC.
        $real = Get-Command -Module 'WinReFix.StateFolder' -Name 'New-WinReFixRestrictedFolder' -ErrorAction Stop
        & $real -Path $Path -Sddl $Sddl
        return
    }
    if ($Sddl -ne $script:SimStateFolderCreationSddl) {
        throw "Simulator: creating a folder with the security descriptor $Sddl is not simulated (only $script:SimStateFolderCreationSddl is)."
    }
    $ownerOnly = [System.IO.UnixFileMode]::UserRead -bor [System.IO.UnixFileMode]::UserWrite -bor [System.IO.UnixFileMode]::UserExecute
    # Someone else's folder made meanwhile is returned as it is, as CreateDirectory does on Windows: its mode is
    # set only when this call made it.
    $existed = [System.IO.Directory]::Exists($Path)
    $null = [System.IO.Directory]::CreateDirectory($Path, $ownerOnly)
    if (-not $existed) { [System.IO.File]::SetUnixFileMode($Path, $ownerOnly) }
}

# ------------------------------------------------------------------------------------------------------------
# The host side of the simulated disks (Linux/macOS only; docs/simulation-windows.md "Files", DEVIATION).
# Every lettered simulated volume is also a PowerShell drive (C:, R:, ...) of the FileSystem provider, rooted at
# an empty host folder. PowerShell 7.4+ resolves the target of > and >> through the provider BEFORE it runs
# Out-File (to support > variable:name; FileRedirection.GetRedirectionPipe in MiscOps.cs), so without a drive C
# a redirection to C:\... fails with "Cannot find drive" on the test runtime where Windows PowerShell 5.1 runs
# the shadowed Out-File above. The same drives make Set-Location C:\ and Resolve-Path C:\ work.
# Commands the simulator does not shadow (Export-Csv, Tee-Object, [System.IO.File], [xml].Save(), ...) cannot
# write the machine file: on Linux, .NET reads 'C:\x.txt' as a relative file name, and an unshadowed cmdlet
# writes into the drive's host folder. So the process's current directory is set to an empty host folder too,
# and at the next simulator call every entry found in one of these folders is reported as a terminating error
# naming the file, then moved aside (reported once): a stray write is never silent, and never reaches the
# folder the tests run from.
# ------------------------------------------------------------------------------------------------------------

$script:SimHostDriveMark = 'winre-fix simulated volume'
$script:SimHostLetters = $null

# The simulated programs by their full Windows path (docs/simulation.md "Executables"). On Windows they are files of
# %windir%\System32 (learn.microsoft.com/windows-server/administration/windows-commands/reagentc, .../diskpart,
# .../cmd, .../defrag; learn.microsoft.com/windows-hardware/manufacture/desktop/what-is-dism: "DISM is built into
# Windows ... %WINDIR%\system32"), so `& C:\Windows\System32\reagentc.exe`, `Start-Process -FilePath
# "$env:SystemRoot\System32\reagentc.exe"` and `Get-Command C:\Windows\System32\reagentc.exe` reach them. Here the
# host root of the system drive holds Windows\System32\<each program on PATH> (a copy per process, so an
# unshadowed write there never reaches the shared folder), with WINDOWS and windows linked to Windows and
# system32 and SYSTEM32 to System32 (Linux file names are case-sensitive; these are the casings scripts write).
# The stray check ignores exactly these entries. Made once per process (Install-SimHostPrograms).
# .NET's Process.Start takes 'C:\Windows\System32\reagentc.exe' as a relative name on Linux: the folder on PATH
# answers it (src/simulation/executables.ts).
$script:SimHostWindowsNames = @('Windows', 'WINDOWS', 'windows')
$script:SimHostSystem32Names = @('System32', 'system32', 'SYSTEM32')
$script:SimHostProgramsRoot = $null
$script:SimHostProgramNames = @()
$script:SimHostCheckKey = $null
$script:SimHostCheckFolders = $null

function Install-SimHostPrograms {
    # $Root: the host folder of the system drive. Without the folder of simulated programs (a Windows build) nothing;
    # nothing either in a simulated program's own process (native-host.ps1: it runs no script that could look).
    param([Parameter(Mandatory = $true)][string] $Root)
    $bin = [string]$env:WINREFIX_SIM_BIN
    $names = [System.Collections.Generic.List[string]]::new()
    if (-not [string]::IsNullOrEmpty($bin) -and [string]::IsNullOrEmpty($env:WINREFIX_SIM_HOST) -and [System.IO.Directory]::Exists($bin)) {
        $windows = [System.IO.Path]::Combine($Root, 'Windows')
        $system32 = [System.IO.Path]::Combine($windows, 'System32')
        $null = [System.IO.Directory]::CreateDirectory($system32)
        foreach ($file in [System.IO.Directory]::GetFiles($bin)) {
            $name = [System.IO.Path]::GetFileName($file)
            # The programs only, by name: not the simulator library and host, not the full-path entries for .NET, not
            # what else shares the folder (51-Environment.ps1 caches its compiled provider there, written by other
            # processes at any moment: copying one half-written once failed a session's load).
            if ($name -notmatch '^(?i:reagentc|diskpart|dism|defrag|cmd)(?i:\.exe)?$') { continue }
            [System.IO.File]::Copy($file, [System.IO.Path]::Combine($system32, $name), $true)
            $names.Add($name)
        }
        foreach ($alias in $script:SimHostWindowsNames) {
            $link = [System.IO.Path]::Combine($Root, $alias)
            if (-not [System.IO.Directory]::Exists($link)) { $null = [System.IO.Directory]::CreateSymbolicLink($link, 'Windows') }
        }
        foreach ($alias in $script:SimHostSystem32Names) {
            $link = [System.IO.Path]::Combine($windows, $alias)
            if (-not [System.IO.Directory]::Exists($link)) { $null = [System.IO.Directory]::CreateSymbolicLink($link, 'System32') }
        }
    }
    $script:SimHostProgramNames = $names.ToArray()
    $script:SimHostProgramsRoot = $Root
}

$script:SimHostBase = $null

function Get-SimHostBase {
    if ($null -eq $script:SimHostBase) {
        $script:SimHostBase = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), ('winre-fix-sim-host-' + [System.Diagnostics.Process]::GetCurrentProcess().Id))
    }
    return $script:SimHostBase
}

function Sync-SimFsHost {
    # Called by Read-SimMachine: drives for the machine's letters, the current directory, stray writes reported.
    param([Parameter(Mandatory = $true)] $Machine, [switch] $NoStrayCheck)
    if ([System.Environment]::OSVersion.Platform -ne [System.PlatformID]::Unix) { return }
    $base = Get-SimHostBase
    $cwd = [System.IO.Path]::Combine($base, 'cwd')
    if (-not [string]::Equals([System.Environment]::CurrentDirectory, $cwd, [System.StringComparison]::Ordinal)) {
        $null = [System.IO.Directory]::CreateDirectory($cwd)
        [System.Environment]::CurrentDirectory = $cwd
    }
    # Plain loops, no pipeline: this runs at every Read-SimMachine (bench/sim-files.ts measures it).
    $set = [System.Collections.Generic.SortedSet[string]]::new()
    foreach ($disk in @($Machine.disks)) {
        foreach ($part in @($disk.partitions)) {
            if ($null -eq $part -or $null -eq $part.PSObject.Properties['volume'] -or $null -eq $part.volume) { continue }
            $lp = $part.PSObject.Properties['driveLetter']
            if ($null -eq $lp) { continue }
            $l = [string]$lp.Value
            if ($l.Length -eq 1 -and [char]::IsLetter($l[0])) { $null = $set.Add($l.ToUpperInvariant()) }
        }
    }
    $letters = @($set)
    $signature = $letters -join ''
    if ($signature -ne $script:SimHostLetters) {
        # -ErrorAction Ignore, not SilentlyContinue: nothing of this may reach the script's $Error.
        $drives = @(Microsoft.PowerShell.Management\Get-PSDrive -PSProvider FileSystem -ErrorAction Ignore)
        foreach ($d in $drives) {
            if ([string]$d.Description -eq $script:SimHostDriveMark -and $letters -notcontains $d.Name) {
                Microsoft.PowerShell.Management\Remove-PSDrive -Name $d.Name -Scope Global -Force -ErrorAction Ignore
            }
        }
        foreach ($l in $letters) {
            $root = [System.IO.Path]::Combine($base, $l)
            $null = [System.IO.Directory]::CreateDirectory($root)
            if (@($drives | Where-Object { $_.Name -eq $l -and ([string]$_.Description -ne $script:SimHostDriveMark -or $_.Root -eq $root) }).Count -gt 0) { continue }
            $null = Microsoft.PowerShell.Management\New-PSDrive -Name $l -PSProvider FileSystem -Root $root -Scope Global -Description $script:SimHostDriveMark
        }
        $script:SimHostLetters = $signature
    }
    # The simulated programs at their Windows paths, on the system drive (made once per process), and the folders
    # the stray check reads with the entries of ours in each: worked out again only when the letters change.
    $systemLetter = ''
    $osProp = $Machine.PSObject.Properties['os']
    if ($null -ne $osProp -and $null -ne $osProp.Value) {
        $driveProp = $osProp.Value.PSObject.Properties['systemDrive']
        if ($null -ne $driveProp -and ([string]$driveProp.Value).Length -ge 1) { $systemLetter = ([string]$driveProp.Value).Substring(0, 1).ToUpperInvariant() }
    }
    $checkKey = $signature + '|' + $systemLetter
    if ($checkKey -ne $script:SimHostCheckKey) {
        $programsRoot = $null
        if ($systemLetter -ne '' -and $letters -contains $systemLetter) {
            $programsRoot = [System.IO.Path]::Combine($base, $systemLetter)
            if (-not [string]::Equals($programsRoot, $script:SimHostProgramsRoot, [System.StringComparison]::Ordinal)) { Install-SimHostPrograms -Root $programsRoot }
        }
        # Each folder to check, the name it is shown by, and the entries of ours in it (Install-SimHostPrograms).
        $folders = [System.Collections.Generic.List[object]]::new()
        $folders.Add(@($cwd, '', @()))
        foreach ($l in $letters) {
            $root = [System.IO.Path]::Combine($base, $l)
            if ([string]::Equals($root, $programsRoot, [System.StringComparison]::Ordinal) -and $script:SimHostProgramNames.Count -gt 0) {
                $windows = [System.IO.Path]::Combine($root, 'Windows')
                $folders.Add(@($root, ($l + ':\'), $script:SimHostWindowsNames))
                $folders.Add(@($windows, ($l + ':\Windows\'), $script:SimHostSystem32Names))
                $folders.Add(@([System.IO.Path]::Combine($windows, 'System32'), ($l + ':\Windows\System32\'), $script:SimHostProgramNames))
            } else {
                $folders.Add(@($root, ($l + ':\'), @()))
            }
        }
        $script:SimHostCheckFolders = $folders
        $script:SimHostCheckKey = $checkKey
    }
    if ($NoStrayCheck) { return }
    $strays = [System.Collections.Generic.List[string]]::new()
    $folders = $script:SimHostCheckFolders
    foreach ($check in $folders) {
        $folder = [string]$check[0]
        if (-not [System.IO.Directory]::Exists($folder)) { continue }
        foreach ($entry in [System.IO.Directory]::GetFileSystemEntries($folder)) {
            $name = [System.IO.Path]::GetFileName($entry)
            if ($check[2] -ccontains $name) { continue }
            $shown = [string]$check[1] + $name
            $strays.Add($shown)
            $aside = [System.IO.Path]::Combine($base, 'reported', [guid]::NewGuid().ToString('N'))
            $null = [System.IO.Directory]::CreateDirectory($aside)
            if ([System.IO.Directory]::Exists($entry)) { [System.IO.Directory]::Move($entry, [System.IO.Path]::Combine($aside, $name)) }
            else { [System.IO.File]::Move($entry, [System.IO.Path]::Combine($aside, $name)) }
        }
    }
    if ($strays.Count -gt 0) {
        throw ("Simulator: '" + ($strays -join "', '") + "' was written outside the simulated disks, by a command the simulator does not shadow " +
            '([System.IO.File], [System.IO.Directory], [xml].Save(), Export-Csv, Tee-Object, ...: on Linux a path like C:\x.txt is a host file). ' +
            'It is not on the simulated PC. Write files on it with Set-Content, Add-Content, Out-File, > or >>, New-Item, Copy-Item ' +
            '(docs/simulation-windows.md, "Files").')
    }
}

function Clear-SimHostLeftovers {
    # The host folders of simulator processes that have ended (each leaves a few empty folders in the temp
    # folder); a folder whose process id is alive (this process, or one that reused the id) is left alone.
    if ([System.Environment]::OSVersion.Platform -ne [System.PlatformID]::Unix) { return }
    foreach ($dir in [System.IO.Directory]::GetDirectories([System.IO.Path]::GetTempPath(), 'winre-fix-sim-host-*')) {
        $id = 0
        if (-not [int]::TryParse([System.IO.Path]::GetFileName($dir).Substring('winre-fix-sim-host-'.Length), [ref] $id)) { continue }
        if ($null -ne (Microsoft.PowerShell.Management\Get-Process -Id $id -ErrorAction Ignore)) { continue }
        try { [System.IO.Directory]::Delete($dir, $true) } catch [System.IO.IOException] { $null = $_ } catch [System.UnauthorizedAccessException] { $null = $_ }
    }
}

# The drives exist from the moment the simulator is loaded, before any simulated command ran (a script may start
# with a redirection). Strays are checked at the first command, not here.
if (-not [string]::IsNullOrEmpty($env:WINREFIX_SIM_MACHINE) -and [System.IO.File]::Exists($env:WINREFIX_SIM_MACHINE)) {
    Clear-SimHostLeftovers
    $script:SimLoadMachine = ConvertFrom-Json -InputObject ([System.IO.File]::ReadAllText($env:WINREFIX_SIM_MACHINE))
    if ($null -ne $script:SimLoadMachine -and $null -ne $script:SimLoadMachine.PSObject.Properties['disks']) { Sync-SimFsHost -Machine $script:SimLoadMachine -NoStrayCheck }
    $script:SimLoadMachine = $null
}

# ------------------------------------------------------------------------------------------------------------
# Join-Path and Split-Path: on Windows a path on a drive letter is joined and split with '\'
# (https://learn.microsoft.com/powershell/module/microsoft.powershell.management/join-path: "Join-Path -Path
# C:\win* -ChildPath System*" gives C:\Windows\System32), but on Linux the FileSystem provider's separator is '/',
# so `Join-Path $env:SystemRoot 'Logs'` would give 'C:/Windows/Logs'. The shadows are proxies of the real cmdlets
# (same parameters, pipeline and errors), whose string results on a drive letter get '\' back; everything else
# (host paths, -Leaf, -IsAbsolute) passes unchanged. Not on Windows, whose provider already answers so.
# ------------------------------------------------------------------------------------------------------------

function ConvertTo-SimWindowsPathText {
    param([Parameter(ValueFromPipeline = $true)] $InputObject, [switch] $NoQualifier)
    process {
        if ($InputObject -is [string]) {
            if ($InputObject -match '^[A-Za-z]:') { return $InputObject.Replace('/', '\') }
            if ($NoQualifier -and $InputObject.StartsWith('/')) { return $InputObject.Replace('/', '\') }
        }
        return $InputObject
    }
}

if ([System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Unix) {
    foreach ($simPathCmdlet in @('Join-Path', 'Split-Path')) {
        $simPathMeta = [System.Management.Automation.CommandMetadata]::new((Microsoft.PowerShell.Core\Get-Command -Name ('Microsoft.PowerShell.Management\' + $simPathCmdlet)))
        $simPathProxy = [System.Management.Automation.ProxyCommand]::Create($simPathMeta)
        $simPathFilter = '@PSBoundParameters | ConvertTo-SimWindowsPathText -NoQualifier:([bool]$PSBoundParameters[''NoQualifier''] -and (@($PSBoundParameters[''Path'']) + @($PSBoundParameters[''LiteralPath'']) -match ''^[A-Za-z]:'').Count -gt 0) }'
        if (-not $simPathProxy.Contains('@PSBoundParameters }')) { throw "Simulator: the proxy of $simPathCmdlet has an unexpected shape." }
        Microsoft.PowerShell.Management\Set-Item -Path ('function:script:' + $simPathCmdlet) -Value ([scriptblock]::Create($simPathProxy.Replace('@PSBoundParameters }', $simPathFilter)))
    }
    Remove-Variable -Name simPathCmdlet, simPathMeta, simPathProxy, simPathFilter
}

<#
.SYNOPSIS
    Reads the Safe OS Dynamic Update package an administrator gave with `fix --safeos-package`: whether it is a
    file, its size and SHA256, and the KB and architecture its Microsoft Update Catalog file name states. Changes
    nothing.
.DESCRIPTION
    Catalog file names follow "<product>-kb<number>-<arch>_<sha1>.<cab|msu>", e.g.
    windows11.0-kb5089593-x64_0123....cab (https://www.catalog.update.microsoft.com; the same convention the
    public KB5034957 scripts' download links show). x64 -> 9, arm64 -> 12, x86 -> 0 (the WIM XML ARCH codes);
    another name gives nulls, and DISM's applicability check at add time (0x800f081e) is then the only judge.
    The SHA256 is what the build step checks again before DISM reads the file, so a package swapped after
    planning is refused.
.OUTPUTS
    One object, schemas/read-safe-os-package.schema.json.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string] $PackagePath)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$extension = ''
$leaf = $PackagePath
$slash = $PackagePath.LastIndexOfAny([char[]]@('\', '/'))
if ($slash -ge 0) { $leaf = $PackagePath.Substring($slash + 1) }
$dot = $leaf.LastIndexOf('.')
if ($dot -ge 0) { $extension = $leaf.Substring($dot).ToLowerInvariant() }
$kb = $null
if ($leaf -match '(?i)(?:^|[-_.])kb(\d{6,8})(?:[-_.]|$)') { $kb = 'KB' + $Matches[1] }
$architecture = $null
if ($leaf -match '(?i)-(x64|amd64|arm64|x86)[-_.]') {
    switch ($Matches[1].ToLowerInvariant()) {
        'x64' { $architecture = 9 }
        'amd64' { $architecture = 9 }
        'arm64' { $architecture = 12 }
        'x86' { $architecture = 0 }
    }
}
$result = [ordered]@{
    path = $PackagePath; present = $false; readable = $false; error = $null; extension = $extension
    size = $null; sha256 = $null; kb = $kb; architecture = $architecture
}
if (-not (Test-Path -LiteralPath $PackagePath -PathType Leaf)) {
    if (Test-Path -LiteralPath $PackagePath) { $result.error = 'a folder, not a file' } else { $result.error = 'no such file' }
    return $result
}
$result.present = $true
try {
    $item = Get-Item -LiteralPath $PackagePath -Force -ErrorAction Stop
    $hash = Get-FileHash -LiteralPath $PackagePath -Algorithm SHA256 -ErrorAction Stop
    $result.size = [int64]$item.Length
    $result.sha256 = ([string]$hash.Hash).ToUpperInvariant()
    $result.readable = $true
} catch {
    $result.error = [string]$_.Exception.Message
}
$result

# Simulated SMB shares: UNC paths \\<server>\<share>\<path> to the files of machine.shares (schemas/
# simulated-machine.schema.json $defs/share). Read-only for the PC (winre-fix only reads from a share: the image
# given with `fix --wim \\server\share\Winre.wim`). The shadows of 60-FileSystem.ps1 (Test-Path, Get-Item,
# Get-FileHash, Copy-Item) and the WIM seam of 65-Wim.ps1 ask Resolve-SimSharePath first.
#
# Who the server sees: a process running as SYSTEM "presents the computer's credentials to remote servers"
# (https://learn.microsoft.com/windows/win32/services/localsystem-account), i.e. the computer account
# <DOMAIN>\<COMPUTER>$ of a domain-joined PC; any other user is <DOMAIN or computer>\<user>. ASSUMPTION: a
# workgroup PC's SYSTEM has no account the server knows and reaches it as the anonymous logon, which only a share
# open to 'Everyone' (with anonymous access allowed) admits. `readers` holds the accounts that may read (share and
# NTFS permissions together); '<DOMAIN>\Domain Computers' admits every computer account of the domain.
#
# Errors, as .NET Framework (Windows PowerShell 5.1) raises them, matched by winre-fix by type and HRESULT, never
# by text:
#  - server unreachable: System.IO.IOException "The network path was not found." (ERROR_BAD_NETPATH, HRESULT
#    0x80070035), e.g. Copy-Item's in https://github.com/microsoft/CSS-Exchange/issues/550; the provider's
#    Test-Path and Get-Item see no item there ("Cannot find path '...' because it does not exist.",
#    https://github.com/EUCPilots/vcredist/issues/47);
#  - share name unknown on a reachable server: System.IO.IOException "The network name cannot be found."
#    (ERROR_BAD_NET_NAME, 0x80070043; https://github.com/Hofknecht/SystemTrayMenu/issues/140);
#  - access denied: System.UnauthorizedAccessException "Access to the path '\\server\share\file' is denied."
#    (https://github.com/Crypt32/pkix.net/issues/3, https://github.com/dotnet/runtime/issues/35486);
#  - no such file: System.IO.FileNotFoundException "Could not find file '<path>'." (FileStream's text).

Set-StrictMode -Version 3.0

$script:SimHrBadNetPath = -2147024843   # 0x80070035
$script:SimHrBadNetName = -2147024829   # 0x80070043

function Test-SimSharePath {
    # A UNC path \\server\share... (not \\?\ or \\.\ device paths).
    param([AllowEmptyString()][AllowNull()][string] $Path)
    if ([string]::IsNullOrEmpty($Path)) { return $false }
    $p = $Path.Replace('/', '\')
    return ($p -match '^\\\\[^\\?.][^\\]*\\[^\\]+')
}

function Get-SimNetworkAccount {
    # The account a file server sees for the simulated process (see the top of this file).
    param([Parameter(Mandatory = $true)] $Machine)
    $user = [string](Get-SimProp $Machine.os 'userName' '')
    $domain = [string](Get-SimProp $Machine.os 'domain' '')
    $computer = [string]$Machine.os.computerName
    if ([string]::IsNullOrEmpty($user) -or $user -eq 'SYSTEM') {
        if ([string]::IsNullOrEmpty($domain)) { return 'NT AUTHORITY\ANONYMOUS LOGON' }
        return ($domain + '\' + $computer + '$')
    }
    if ([string]::IsNullOrEmpty($domain)) { return ($computer + '\' + $user) }
    return ($domain + '\' + $user)
}

function Test-SimShareReader {
    param([Parameter(Mandatory = $true)] $Share, [Parameter(Mandatory = $true)][string] $Account)
    $readers = Get-SimProp $Share 'readers' $null
    if ($null -eq $readers) { return $true }
    foreach ($r in @($readers)) {
        $name = [string]$r
        if ([string]::Equals($name, 'Everyone', [System.StringComparison]::OrdinalIgnoreCase)) { return $true }
        if ([string]::Equals($name, $Account, [System.StringComparison]::OrdinalIgnoreCase)) { return $true }
        if ($name -match '^(?<d>[^\\]+)\\Domain Computers$' -and $Account.EndsWith('$') -and
            $Account.StartsWith($Matches['d'] + '\', [System.StringComparison]::OrdinalIgnoreCase)) { return $true }
    }
    return $false
}

function Resolve-SimSharePath {
    # @{ Path; File (record or $null); Exception (what opening the file throws, or $null) } for a UNC path.
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)][string] $Path)
    $p = $Path.Replace('/', '\')
    if ($p -notmatch '^\\\\(?<server>[^\\]+)\\(?<share>[^\\]+)(?<rest>\\.*)?$') { return $null }
    $server = $Matches['server']; $shareName = $Matches['share']; $rest = [string]$Matches['rest']
    $share = $null
    $serverKnown = $false
    foreach ($s in @(Get-SimProp $Machine 'shares' @())) {
        if ($null -eq $s -or -not [string]::Equals([string]$s.server, $server, [System.StringComparison]::OrdinalIgnoreCase)) { continue }
        if (-not [bool](Get-SimProp $s 'reachable' $true)) { continue }
        $serverKnown = $true
        if ([string]::Equals([string]$s.share, $shareName, [System.StringComparison]::OrdinalIgnoreCase)) { $share = $s }
    }
    if (-not $serverKnown) {
        return @{ Path = $p; File = $null; Exception = (New-Object System.IO.IOException('The network path was not found.', $script:SimHrBadNetPath)) }
    }
    if ($null -eq $share) {
        return @{ Path = $p; File = $null; Exception = (New-Object System.IO.IOException('The network name cannot be found.', $script:SimHrBadNetName)) }
    }
    if (-not (Test-SimShareReader -Share $share -Account (Get-SimNetworkAccount -Machine $Machine))) {
        return @{ Path = $p; File = $null; Exception = [System.UnauthorizedAccessException]::new("Access to the path '$p' is denied.") }
    }
    $file = $null
    foreach ($f in @(Get-SimProp $share 'files' @())) {
        if ($null -ne $f -and [string]::Equals([string]$f.path, $rest, [System.StringComparison]::OrdinalIgnoreCase)) { $file = $f }
    }
    if ($null -eq $file) {
        return @{ Path = $p; File = $null; Exception = (New-Object System.IO.FileNotFoundException(("Could not find file '" + $p + "'."), $p)) }
    }
    return @{ Path = $p; File = $file; Exception = $null }
}

function ConvertTo-SimShareItem {
    # A FileInfo look-alike of a share file (Get-Item -Force).
    param([Parameter(Mandatory = $true)][string] $Path, [Parameter(Mandatory = $true)] $File)
    $name = $Path.Substring($Path.LastIndexOf('\') + 1)
    $ext = ''
    if ($name.Contains('.')) { $ext = $name.Substring($name.LastIndexOf('.')) }
    $o = [pscustomobject][ordered]@{
        Name = $name; FullName = $Path; DirectoryName = $Path.Substring(0, $Path.LastIndexOf('\')); Extension = $ext
        Length = [long]$File.size; Attributes = [System.IO.FileAttributes]::Archive; Mode = '-a---'; PSIsContainer = $false
        Exists = $true; PSPath = ($script:SimFsProviderPrefix + $Path)
    }
    $o.PSObject.TypeNames.Insert(0, 'System.IO.FileInfo')
    return $o
}

<#
.SYNOPSIS
    Reads the Winre.wim given with --wim (a local path or \\server\share\...): its size, SHA-256 and the WIM's own
    metadata (image 1's version, architecture, edition, installation type; header write-in-progress). Changes nothing.
.DESCRIPTION
    Opening it first tells why it cannot be read, by the exception's type and HRESULT (never its localized text):
    FileNotFoundException -> not-found; UnauthorizedAccessException -> access-denied; IOException with HRESULT
    0x80070035 (ERROR_BAD_NETPATH, "The network path was not found."), 0x80070043 (ERROR_BAD_NET_NAME) or 0x80070040
    (ERROR_NETNAME_DELETED) -> unreachable; anything else -> other, with the message Windows gave. A folder is
    not-a-file. For a UNC path, `account` is who the file server sees: as SYSTEM the computer account DOMAIN\PC$
    ("presents the computer's credentials to remote servers",
    https://learn.microsoft.com/windows/win32/services/localsystem-account), which %USERDOMAIN%\%USERNAME% names
    for a SYSTEM process. The OS architecture is PROCESSOR_ARCHITEW6432 when set (a 32-bit process under WOW64),
    else PROCESSOR_ARCHITECTURE (https://learn.microsoft.com/windows/win32/winprog64/wow64-implementation-details).
    The planner judges the result (src/domain/supplied-image.ts); this script only reads.
.OUTPUTS
    One object, schemas/read-supplied-win-re-image.schema.json.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string] $Path
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

function Get-SuppliedImageErrorKind {
    param([Parameter(Mandatory = $true)][System.Exception] $Exception)
    $e = $Exception
    while (($e -is [System.Management.Automation.MethodInvocationException] -or $e -is [System.Management.Automation.ActionPreferenceStopException]) -and $null -ne $e.InnerException) {
        $e = $e.InnerException
    }
    if ($e -is [System.IO.FileNotFoundException] -or $e -is [System.IO.DirectoryNotFoundException] -or $e -is [System.Management.Automation.ItemNotFoundException]) { return 'not-found' }
    if ($e -is [System.UnauthorizedAccessException]) { return 'access-denied' }
    if ($e -is [System.IO.IOException] -and (@(-2147024843, -2147024829, -2147024832) -contains [int]$e.HResult)) { return 'unreachable' }
    return 'other'
}

function Get-SuppliedImageErrorMessage {
    param([Parameter(Mandatory = $true)][System.Exception] $Exception)
    $e = $Exception
    if ($e -is [System.Management.Automation.MethodInvocationException] -and $null -ne $e.InnerException) { $e = $e.InnerException }
    return ([string]$e.Message).Trim()
}

$unc = $Path.StartsWith('\\') -and -not $Path.StartsWith('\\?\') -and -not $Path.StartsWith('\\.\')
$account = $null
if ($unc) { $account = [string]$env:USERDOMAIN + '\' + [string]$env:USERNAME }
$arch = [string]$env:PROCESSOR_ARCHITEW6432
if ([string]::IsNullOrEmpty($arch)) { $arch = [string]$env:PROCESSOR_ARCHITECTURE }
if ([string]::IsNullOrEmpty($arch)) { $arch = $null }

$result = [ordered]@{
    path           = $Path
    unc            = $unc
    account        = $account
    osArchitecture = $arch
    readable       = $false
    errorKind      = $null
    error          = $null
    size           = $null
    sha256         = $null
    wim            = $null
}
try {
    if (Test-Path -LiteralPath $Path -PathType Container) {
        $result.errorKind = 'not-a-file'
        $result.error = ($Path + ' is a folder, not a WIM file.')
    } else {
        $stream = Open-WinReFixWimStream -Path $Path
        $stream.Dispose()
        $item = Get-Item -LiteralPath $Path -Force
        $hash = Get-FileHash -LiteralPath $Path -Algorithm SHA256
        $result.size = [int64]$item.Length
        $result.sha256 = ([string]$hash.Hash).ToUpperInvariant()
        $result.wim = Read-WinReFixWimInfo -Path $Path
        $result.readable = $true
    }
} catch {
    $result.errorKind = Get-SuppliedImageErrorKind -Exception $_.Exception
    $result.error = Get-SuppliedImageErrorMessage -Exception $_.Exception
}
$result

<#
.SYNOPSIS
    Tells whether a winre-fix run (fix or resume) holds the run lock now. Read-only.
.DESCRIPTION
    A run holds its lock file open with FileShare.None for as long as its PowerShell process lives
    (ps-scripts/lib/Bridge.ps1, Lock-WinReFixRun). This probe opens the file for reading only, sharing read and
    write, and closes it at once; it never creates the file. While a holder has it open the probe fails with a
    sharing violation (Windows: ERROR_SHARING_VIOLATION; Linux/macOS: .NET's flock(LOCK_SH) meets the holder's
    LOCK_EX) - https://learn.microsoft.com/dotnet/api/system.io.fileshare. Changes nothing.
.OUTPUTS
    One object, schemas/test-run-lock.schema.json.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string] $Path)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
# .NET directly, not Test-Path: the state folder is a real folder even on a simulated PC.
if ([System.IO.Directory]::Exists($Path)) {
    [ordered]@{ path = $Path; state = 'not-a-file' }
    return
}
if (-not [System.IO.File]::Exists($Path)) {
    [ordered]@{ path = $Path; state = 'absent' }
    return
}
$state = 'free'
try {
    $probe = New-Object -TypeName System.IO.FileStream -ArgumentList @(
        $Path, [System.IO.FileMode]::Open, [System.IO.FileAccess]::Read, [System.IO.FileShare]::ReadWrite)
    $probe.Dispose()
} catch {
    # New-Object wraps the constructor's exception (MethodInvocationException): look at the inner ones.
    $inner = $_.Exception
    while ($null -ne $inner.InnerException -and -not ($inner -is [System.IO.IOException])) { $inner = $inner.InnerException }
    if ($inner -is [System.IO.FileNotFoundException]) {
        $state = 'absent' # removed between the check above and the open
    } elseif (Test-WinReFixSharingViolation -Exception $_.Exception) {
        $state = 'held'
    } else {
        throw
    }
}
[ordered]@{ path = $Path; state = $state }

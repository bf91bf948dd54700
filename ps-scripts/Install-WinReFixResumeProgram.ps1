<#
.SYNOPSIS
    Copies the program the resume startup task will run (winre-fix.exe) into C:\ProgramData\winre-fix\bin, verifies
    the copy by SHA256 and reads the security descriptors of that folder and of the copy. Changes the PC (that one
    file). Idempotent.
.DESCRIPTION
    The startup task runs as SYSTEM at every boot. Registering the exe where it was started (Downloads, the Desktop,
    a share's cache) would let whoever can write there replace it and run their program as SYSTEM at the next boot,
    so the task only ever runs this copy. The bin folder is inside winre-fix's state folder, which is created for
    SYSTEM and Administrators only and judged on every fix (src/engine/state-folder.ts); the caller judges the SDDL
    returned here with the same judge (src/domain/state-acl.ts) before it registers anything.
    Already done: the copy exists with -Sha256 -> changed=false. Otherwise the file is copied to a temporary name,
    hashed, and renamed over the old copy, so a power cut leaves the old copy or the new one, never half of one.
    winre-fix\ or bin\ being a junction or symbolic link is refused (UnexpectedState): nothing is written through it.
.OUTPUTS
    One object, schemas/install-win-re-fix-resume-program.schema.json.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string] $Source,
    [Parameter(Mandatory = $true)][ValidatePattern('^[A-Za-z]:\\ProgramData\\winre-fix\\bin\\winre-fix\.exe$')][string] $Destination,
    [Parameter(Mandatory = $true)][ValidatePattern('^[0-9A-Fa-f]{64}$')][string] $Sha256
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$want = $Sha256.ToUpperInvariant()
$folder = $Destination.Substring(0, $Destination.LastIndexOf('\'))
$stateRoot = $folder.Substring(0, $folder.LastIndexOf('\'))
foreach ($p in @($stateRoot, $folder)) {
    if ((Test-Path -LiteralPath $p) -and (Test-WinReFixLink -Item (Get-Item -LiteralPath $p -Force))) {
        throw ('UnexpectedState: ' + $p + ' is a junction or symbolic link; nothing was copied through it.')
    }
}
if (-not (Test-Path -LiteralPath $folder -PathType Container)) {
    New-Item -ItemType Directory -Path $folder -Force | Out-Null
}

$changed = $false
$current = Get-StepFileFacts -Path $Destination
if (-not $current.present -or [string]$current.sha256 -ne $want) {
    $original = Get-StepFileFacts -Path $Source
    if (-not $original.present -or [string]$original.sha256 -ne $want) {
        throw ('UnexpectedState: ' + $Source + ' is not the program this run verified (SHA256 ' + [string]$original.sha256 + ', expected ' + $want + '); nothing was copied.')
    }
    $temporary = $Destination + '.new'
    Copy-Item -LiteralPath $Source -Destination $temporary -Force
    $copy = Get-StepFileFacts -Path $temporary
    if (-not $copy.present -or [string]$copy.sha256 -ne $want) {
        Remove-Item -LiteralPath $temporary -Force -ErrorAction SilentlyContinue
        throw ('UnexpectedState: the copy in ' + $folder + ' does not match (SHA256 ' + [string]$copy.sha256 + ', expected ' + $want + ').')
    }
    Move-Item -LiteralPath $temporary -Destination $Destination -Force
    $changed = $true
}
$final = Get-StepFileFacts -Path $Destination
[ordered]@{
    changed    = $changed
    path       = $Destination
    sha256     = [string]$final.sha256
    size       = [int64]$final.size
    folderSddl = [string](Get-Acl -LiteralPath $folder).Sddl
    fileSddl   = [string](Get-Acl -LiteralPath $Destination).Sddl
}

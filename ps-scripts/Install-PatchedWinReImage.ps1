<#
.SYNOPSIS
    While WinRE is disabled, puts the verified patched image (Build-PatchedWinReImage.ps1) in place of the staged
    %windir%\System32\Recovery\Winre.wim, keeping the old one in the run's backup folder. Changes the PC.
.DESCRIPTION
    Already done: the staged image has the patched image's SHA256 -> changed=false.
    Otherwise: WinRE must be disabled (a live image is never replaced) and the staged image must be the planned
    one (-FromSha256) or absent with a whole temporary copy beside it (a power cut between Move-Item's delete and
    rename on Windows PowerShell 5.1). The old image is copied to Winre.wim.orig and hash-checked, the patched one
    to Winre.wim.winre-fix.tmp next to the staged image and hash- and header-checked, then renamed over it.
    Every state a power cut can leave holds a whole image: the old staged one, or the temporary copy, which the
    resumed step renames; the roll-back's Restore-StagedWinReImage.ps1 puts the old one back from the backup.
.OUTPUTS
    One object, schemas/install-patched-win-re-image.schema.json.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string] $FromSha256,
    [Parameter(Mandatory = $true)][string] $FromVersion,
    [Parameter(Mandatory = $true)][string] $StateFolder
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$paths = Get-WinReFixSafeOsPaths -StateFolder $StateFolder
$from = $FromSha256.ToUpperInvariant()
$staged = Get-StepStagedImagePath
$temporary = $staged + '.winre-fix.tmp'
$record = Read-WinReFixSafeOsRecord -Path $paths.record
if ($null -eq $record) {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('no verified patched image in ' + $paths.work + ' (patched.json is missing); the staged image was not touched.'))
}
$want = [string]$record.toSha256

function Out-Result {
    param([bool] $Changed)
    $facts = Get-StepFileFacts -Path $staged
    [ordered]@{
        changed     = $Changed
        stagedPath  = $staged
        sha256      = [string]$facts.sha256
        size        = [int64]$facts.size
        version     = [string]$record.toVersion
        backupPath  = $paths.original
        fromSha256  = $from
        fromVersion = $FromVersion
    }
}

$now = Get-StepFileFacts -Path $staged
if ($now.present -and $now.sha256 -eq $want) {
    if (Test-Path -LiteralPath $temporary -PathType Leaf) { Remove-Item -LiteralPath $temporary -Force -ErrorAction Stop }
    Out-Result -Changed $false
    return
}
$info = Get-StepReAgentInfo
if ($info.info.status -ne 'Disabled') {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('WinRE is ' + $info.info.status + '; the image is only replaced while WinRE is disabled. Nothing was changed.'))
}

if (-not $now.present) {
    # Move-Item -Force removed the old staged image and was cut before the rename: the temporary copy is whole.
    $tmp = Get-StepFileFacts -Path $temporary
    if (-not $tmp.present -or $tmp.sha256 -ne $want) {
        throw (New-StepError -Kind 'UnexpectedState' -Message ('no staged image at ' + $staged + ' and no whole patched copy beside it.'))
    }
} else {
    if ($now.sha256 -ne $from) {
        throw (New-StepError -Kind 'UnexpectedState' -Message ('the staged image has SHA256 ' + $now.sha256 + ', neither the planned ' + $from + ' nor the patched ' + $want + '. Nothing was changed.'))
    }
    $backup = Get-StepFileFacts -Path $paths.original
    if (-not $backup.present -or $backup.sha256 -ne $from) {
        Copy-Item -LiteralPath $staged -Destination $paths.original -Force -ErrorAction Stop
        $backup = Get-StepFileFacts -Path $paths.original
        if ($backup.sha256 -ne $from) { throw (New-StepError -Kind 'UnexpectedState' -Message ('the backup copy of the staged image does not match it (SHA256 ' + $backup.sha256 + ').')) }
    }
    $source = Get-StepFileFacts -Path $paths.patched
    if (-not $source.present -or $source.sha256 -ne $want) {
        throw (New-StepError -Kind 'UnexpectedState' -Message ('the patched image ' + $paths.patched + ' is missing or changed (SHA256 ' + $source.sha256 + ', recorded ' + $want + '); the staged image was not touched.'))
    }
    Copy-Item -LiteralPath $paths.patched -Destination $temporary -Force -ErrorAction Stop
    $tmp = Get-StepFileFacts -Path $temporary
    $wim = Read-WinReFixWimInfo -Path $temporary
    if ($tmp.sha256 -ne $want -or -not $wim.readable -or $wim.writeInProgress) {
        Remove-Item -LiteralPath $temporary -Force -ErrorAction Stop
        throw (New-StepError -Kind 'UnexpectedState' -Message ('the copy next to the staged image is not the verified patched image (SHA256 ' + $tmp.sha256 + '); the staged image was not touched.'))
    }
}
Move-Item -LiteralPath $temporary -Destination $staged -Force -ErrorAction Stop
$after = Get-StepFileFacts -Path $staged
if ($after.sha256 -ne $want) {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('after the rename the staged image has SHA256 ' + $after.sha256 + ', not ' + $want + '.'))
}
Out-Result -Changed $true

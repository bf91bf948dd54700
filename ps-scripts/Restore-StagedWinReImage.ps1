<#
.SYNOPSIS
    Roll-back of a Safe OS patch: puts the unpatched Winre.wim (kept by Install-PatchedWinReImage.ps1 in the run's
    backup folder) back as the staged image, so the roll-back's reagentc /enable brings back WinRE as it was.
    Changes the PC.
.DESCRIPTION
    Already done: the staged image has -ImageSha256 -> changed=false; WinRE enabled with that image -> changed=false.
    WinRE enabled with another image (the failure came after /enable): reagentc /disable first (the image returns
    to %windir%\System32\Recovery), then the swap back. The old image is copied next to the staged one, hash-checked
    and renamed over it, as the forward swap does.
.OUTPUTS
    One object, schemas/restore-staged-win-re-image.schema.json.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string] $ImageSha256,
    [Parameter(Mandatory = $true)][string] $StateFolder
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$paths = Get-WinReFixSafeOsPaths -StateFolder $StateFolder
$want = $ImageSha256.ToUpperInvariant()
$staged = Get-StepStagedImagePath
$temporary = $staged + '.winre-fix.tmp'
$runs = @()

$info = Get-StepReAgentInfo
if ($info.info.status -eq 'Enabled') {
    $live = Invoke-WinReFixOnActiveImage -Location $info.info.location -ScriptBlock { param($file) Get-StepFileFacts -Path $file }
    if ($live.present -and $live.sha256 -eq $want) {
        [ordered]@{ changed = $false; stagedPath = $staged; sha256 = $want; disabledFirst = $false; reagentc = @() }
        return
    }
    $run = Invoke-ReAgentC -Arguments @('/disable')
    $runs += , (ConvertTo-StepNativeResult -Run $run)
    if ([int]$run.exitCode -ne 0) {
        throw (New-StepError -Kind 'ReAgentCFailed' -Message ('reagentc /disable exited ' + $run.exitCode + ': ' + (Format-StepNativeLines -Run $run)))
    }
}
$now = Get-StepFileFacts -Path $staged
if ($now.present -and $now.sha256 -eq $want) {
    [ordered]@{ changed = ($runs.Count -gt 0); stagedPath = $staged; sha256 = $want; disabledFirst = ($runs.Count -gt 0); reagentc = @($runs) }
    return
}
$backup = Get-StepFileFacts -Path $paths.original
if (-not $backup.present -or $backup.sha256 -ne $want) {
    # No swap happened (the forward step stopped before it made the backup): nothing to put back.
    if ($now.present) {
        throw (New-StepError -Kind 'UnexpectedState' -Message ('the staged image has SHA256 ' + $now.sha256 + ' and no backup of ' + $want + ' exists in ' + $paths.work + '.'))
    }
    throw (New-StepError -Kind 'UnexpectedState' -Message ('no staged image and no backup of ' + $want + ' in ' + $paths.work + '.'))
}
Copy-Item -LiteralPath $paths.original -Destination $temporary -Force -ErrorAction Stop
$tmp = Get-StepFileFacts -Path $temporary
if ($tmp.sha256 -ne $want) {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('the copy of the backed-up image does not match it (SHA256 ' + $tmp.sha256 + ').'))
}
Move-Item -LiteralPath $temporary -Destination $staged -Force -ErrorAction Stop
[ordered]@{ changed = $true; stagedPath = $staged; sha256 = $want; disabledFirst = ($runs.Count -gt 0); reagentc = @($runs) }

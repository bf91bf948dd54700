<#
.SYNOPSIS
    Last resort: puts WinRE on the Windows volume (C:\Recovery\WindowsRE) so the PC is never left without a
    recovery environment. The executor reports the result as DEGRADED, never as success.
.DESCRIPTION
    Idempotent: when WinRE is already enabled anywhere, nothing is done (changed=false). Otherwise the staged image
    (%windir%\System32\Recovery\Winre.wim, where /disable put it) is copied to C:\Recovery\WindowsRE and
    registered there with `reagentc /setreimage /path C:\Recovery\WindowsRE` before `/enable`: Microsoft's
    "Deploy Windows RE" recipe for an image on the Windows partition (docs/reference/reagentc.md#disable-enable-and-setreimage); pinning the path keeps
    reagentc from picking a half-made recovery partition. ASSUMPTION: /enable from a set image on C: installs in
    place, as the simulator models it.
.OUTPUTS
    One object, schemas/enable-win-re-on-os-volume.schema.json.
#>
[CmdletBinding()]
param([AllowEmptyString()][string] $ImageSha256 = '')
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$before = Get-StepReAgentInfo
if ($before.info.status -eq 'Enabled') {
    [ordered]@{ changed = $false; status = 'Enabled'; location = [string]$before.info.location.path; imageSha256 = ''; info = (ConvertTo-StepNativeResult -Run $before.run) }
    return
}
$staged = Get-StepFileFacts -Path (Get-StepStagedImagePath)
if (-not $staged.present) {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('no staged image at ' + (Get-StepStagedImagePath) + '; WinRE cannot be enabled anywhere.'))
}
if ($ImageSha256.Length -gt 0 -and $staged.sha256 -ne $ImageSha256.ToUpperInvariant()) {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('the staged image hash ' + $staged.sha256 + ' differs from the recorded ' + $ImageSha256 + '.'))
}
$systemDrive = (Get-StepWindowsDirectory).Substring(0, 2)
$folder = $systemDrive + '\Recovery\WindowsRE'
if (-not (Test-Path -LiteralPath $folder)) { $null = New-Item -ItemType Directory -Path $folder -Force }
$target = $folder + '\Winre.wim'
$copy = Get-StepFileFacts -Path $target
if (-not $copy.present -or $copy.sha256 -ne $staged.sha256) {
    Copy-Item -LiteralPath (Get-StepStagedImagePath) -Destination $target -Force
    $copy = Get-StepFileFacts -Path $target
    if ($copy.sha256 -ne $staged.sha256) { throw (New-StepError -Kind 'UnexpectedState' -Message ('the copy at ' + $target + ' does not match the staged image.')) }
}
$set = Invoke-ReAgentC -Arguments @('/setreimage', '/path', $folder)
if ([int]$set.exitCode -ne 0) { throw ('reagentc /setreimage failed (' + $set.exitCode + '): ' + (Format-StepNativeLines -Run $set)) }
$enable = Invoke-ReAgentC -Arguments @('/enable')
if ([int]$enable.exitCode -ne 0) { throw ('reagentc /enable failed (' + $enable.exitCode + '): ' + (Format-StepNativeLines -Run $enable)) }
$after = Get-StepReAgentInfo
if ($after.info.status -ne 'Enabled') { throw ('reagentc /enable reported success but /info says ' + $after.info.status) }
[ordered]@{ changed = $true; status = 'Enabled'; location = [string]$after.info.location.path; imageSha256 = [string]$copy.sha256; info = (ConvertTo-StepNativeResult -Run $after.run) }

<#
.SYNOPSIS
    Read-only gate before the old recovery partition is deleted: %windir%\System32\Recovery\Winre.wim exists with
    the size and SHA256 recorded before anything changed (a changed image must never be enabled; docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml).
.DESCRIPTION
    Returns the facts and ok=true when they match. A mismatch is a terminating 'UnexpectedState:' error rather
    than ok=false, because this step is the gate: an executor that only looks at success must still stop before
    the delete. An empty -ImageSha256 or -ImageSize 0 (unknown at plan time) checks presence only for that part.
.OUTPUTS
    One object, schemas/test-staged-win-re-image.schema.json.
#>
[CmdletBinding()]
param(
    [AllowEmptyString()][string] $ImageSha256 = '',
    [long] $ImageSize = 0
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$facts = Get-StepFileFacts -Path (Get-StepStagedImagePath)
$problems = @()
if (-not $facts.present) {
    $problems += ('no staged image at ' + $facts.path)
} else {
    if ($ImageSize -gt 0 -and [long]$facts.size -ne $ImageSize) { $problems += ('size is ' + $facts.size + ', expected ' + $ImageSize) }
    if ($ImageSha256 -ne '' -and $facts.sha256 -ne $ImageSha256.ToUpperInvariant()) { $problems += ('SHA256 is ' + $facts.sha256 + ', expected ' + $ImageSha256.ToUpperInvariant()) }
}
if ($problems.Count -gt 0) {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('staged WinRE image not proven whole: ' + ($problems -join '; ') + '. The old recovery partition must not be deleted.'))
}
[ordered]@{
    changed      = $false
    ok           = $true
    path         = [string]$facts.path
    size         = [int64]$facts.size
    sha256       = [string]$facts.sha256
    hashChecked  = ($ImageSha256 -ne '')
    sizeChecked  = ($ImageSize -gt 0)
}

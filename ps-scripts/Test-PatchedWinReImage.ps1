<#
.SYNOPSIS
    Read-only proof after a Safe OS patch: WinRE is enabled and the image it runs reads, from its own WIM header,
    newer than -FromVersion, whole (no write in progress), with a SHA256 other than the unpatched one.
.DESCRIPTION
    A mismatch is an UnexpectedState error (the run rolls back to the unpatched image), not ok=false. The
    result carries the version, size and SHA256 of the enabled image: the run report's "after".
.OUTPUTS
    One object, schemas/test-patched-win-re-image.schema.json.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string] $FromSha256,
    [Parameter(Mandatory = $true)][string] $FromVersion
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$info = Get-StepReAgentInfo
if ($info.info.status -ne 'Enabled' -or $null -eq $info.info.location) {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('WinRE is ' + $info.info.status + ', not enabled with the patched image.'))
}
$path = [string]$info.info.location.path + '\Winre.wim'
$read = Invoke-WinReFixOnActiveImage -Location $info.info.location -ScriptBlock {
    param($file)
    @{ facts = (Get-StepFileFacts -Path $file); wim = (Read-WinReFixWimInfo -Path $file) }
}
$facts = $read.facts
if (-not $facts.present) { throw (New-StepError -Kind 'UnexpectedState' -Message ('no Winre.wim at ' + $path + '.')) }
$wim = $read.wim
$problems = @()
if (-not $wim.readable) { $problems += ('its WIM metadata is unreadable: ' + $wim.error) }
elseif ($wim.writeInProgress) { $problems += 'its WIM header says a write never finished' }
elseif (-not ([version][string]$wim.version -gt [version]$FromVersion)) { $problems += ('it is version ' + $wim.version + ', not newer than ' + $FromVersion) }
if ($facts.sha256 -eq $FromSha256.ToUpperInvariant()) { $problems += 'its SHA256 is the unpatched image''s' }
if ($problems.Count -gt 0) {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('the enabled WinRE image ' + $path + ' is not the patched one: ' + ($problems -join '; ') + '.'))
}
[ordered]@{
    changed      = $false
    ok           = $true
    path         = $path
    version      = [string]$wim.version
    sha256       = [string]$facts.sha256
    size         = [int64]$facts.size
    architecture = $wim.architecture
    editionId    = $wim.editionId
    fromVersion  = $FromVersion
    fromSha256   = $FromSha256.ToUpperInvariant()
}

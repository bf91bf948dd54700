<#
.SYNOPSIS
    Stages the image given with --wim as %windir%\System32\Recovery\Winre.wim, where reagentc /enable takes it
    from (docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml). CHANGES the PC.
.DESCRIPTION
    The local copy is what is verified, never the source a second time: the source (a share can change, or go,
    between the plan's check and this step) is copied to a temporary name beside the target, the COPY's SHA-256 must
    equal the hash the plan verified (-ImageSha256), and only then is it renamed to Winre.wim. A copy with another
    hash is deleted and the step refuses (UnexpectedState: nothing was staged, retrying would copy the changed file
    again).
    Resumable at every point: the verified image already staged -> changed=false (a leftover temporary copy is
    deleted); a temporary copy with the verified hash (cut after the copy) is renamed without copying again; any
    other temporary copy (cut mid-copy) is overwritten. A staged Winre.wim that is damaged (WIM header
    write-in-progress, or unreadable metadata) is deleted just before the rename; a healthy staged image of another
    hash is never replaced (UnexpectedState: the PC is not the one planned).
.OUTPUTS
    One object, schemas/copy-supplied-win-re-image.schema.json.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string] $SourcePath,
    [Parameter(Mandatory = $true)][string] $ImageSha256,
    # The size verified with the hash (the hash decides; the size makes the failure text say more).
    [long] $ImageSize = 0
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$target = Get-StepStagedImagePath
$temp = $target + '.winre-fix-new'
$expected = $ImageSha256.ToUpperInvariant()

$staged = Get-StepFileFacts -Path $target
if ($staged.present -and $staged.sha256 -eq $expected) {
    if (Test-Path -LiteralPath $temp -PathType Leaf) { Remove-Item -LiteralPath $temp -Force }
    [ordered]@{ changed = $false; path = $target; size = [int64]$staged.size; sha256 = $expected; copied = $false; replacedDamaged = $false }
    return
}
if ($staged.present) {
    $info = Read-WinReFixWimInfo -Path $target
    $damaged = (-not $info.readable) -or [bool]$info.writeInProgress
    if (-not $damaged) {
        throw (New-StepError -Kind 'UnexpectedState' -Message ('a healthy Winre.wim (version ' + $info.version + ', SHA256 ' + $staged.sha256 + ') is staged at ' + $target + ', not the image this plan verified (' + $expected + '); winre-fix does not replace a healthy image.'))
    }
}

$copied = $false
$tempFacts = Get-StepFileFacts -Path $temp
if (-not ($tempFacts.present -and $tempFacts.sha256 -eq $expected)) {
    Copy-Item -LiteralPath $SourcePath -Destination $temp -Force
    $copied = $true
    $tempFacts = Get-StepFileFacts -Path $temp
    if (-not $tempFacts.present -or $tempFacts.sha256 -ne $expected) {
        $got = 'nothing'
        if ($tempFacts.present) {
            Remove-Item -LiteralPath $temp -Force
            $got = 'SHA256 ' + $tempFacts.sha256 + ' (' + $tempFacts.size + ' bytes'
            if ($ImageSize -gt 0) { $got += ', verified: ' + $ImageSize }
            $got += ')'
        }
        throw (New-StepError -Kind 'UnexpectedState' -Message ('the copy of ' + $SourcePath + ' has ' + $got + ', not the ' + $expected + ' verified when the plan was made: the file changed after it was checked. Nothing was staged.'))
    }
}
$replaced = $false
if ($staged.present) {
    Remove-Item -LiteralPath $target -Force
    $replaced = $true
}
Rename-Item -LiteralPath $temp -NewName 'Winre.wim'
$final = Get-StepFileFacts -Path $target
if (-not $final.present -or $final.sha256 -ne $expected) {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('after the rename ' + $target + ' does not have the verified SHA256 ' + $expected + '.'))
}
[ordered]@{ changed = $true; path = $target; size = [int64]$final.size; sha256 = $expected; copied = $copied; replacedDamaged = $replaced }

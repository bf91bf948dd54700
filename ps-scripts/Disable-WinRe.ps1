<#
.SYNOPSIS
    reagentc /disable: moves Winre.wim from the WinRE partition to %windir%\System32\Recovery before that
    partition changes (KB5028997 step 2; docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml, docs/reference/reagentc.md#the-kb5028997-procedure). Idempotent.
.DESCRIPTION
    Already done: /info says Disabled AND Winre.wim is staged in System32\Recovery -> changed=false.
    Disabled with no staged image: 'UnexpectedState:' (the image is gone; nothing to disable, nothing to move).
    Enabled: a stale ImageLocation in ReAgent.xml is blanked first (Clear-StaleImageLocation), then reagentc /disable; a non-zero exit code is 'ReAgentCFailed:' with its raw lines. Afterwards /info
    must say Disabled and the staged image must exist, as Microsoft's sample script checks right after /disable
    (docs/reference/reagentc.md#microsofts-sample-script); otherwise 'UnexpectedState:'.
    /info is read language-independently (StepCommon.ps1 ConvertFrom-StepReAgentInfo); raw lines are returned.
.OUTPUTS
    One object, schemas/disable-win-re.schema.json.
#>
[CmdletBinding()]
param()
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

function Clear-StaleImageLocation {
    # While WinRE is enabled, ReAgent.xml's ImageLocation should be empty: it names a STAGED image
    # (reagentc /setreimage, or an image captured on another PC; Microsoft's MBR example in
    # docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml). Microsoft's KB5028997 sample blanks it before
    # reagentc /disable (docs/reference/reagentc.md#microsofts-sample-script); so do we: path "", id 0, offset 0, zero
    # GUID, every other byte kept. Written to a temporary file, then moved over (one replace). Returns the old element
    # text, or $null when there was nothing to clear.
    $xmlPath = (Get-StepWindowsDirectory) + '\System32\Recovery\ReAgent.xml'
    $temporary = $xmlPath + '.winre-fix.tmp'
    # A temporary file an interrupted run left (power cut between the write and the move) goes first.
    if (Test-Path -LiteralPath $temporary -PathType Leaf) { Remove-Item -LiteralPath $temporary -Force -ErrorAction Stop }
    if (-not (Test-Path -LiteralPath $xmlPath -PathType Leaf)) { return $null }
    $text = [string](Get-Content -LiteralPath $xmlPath -Raw -ErrorAction Stop)
    if ($text -notmatch '<InstallState\s+state="1"') { return $null }
    $element = [regex]::Match($text, '<ImageLocation\b[^>]*/>')
    if (-not $element.Success) { return $null }
    $path = [regex]::Match($element.Value, '\bpath="([^"]*)"')
    $offset = [regex]::Match($element.Value, '\boffset="(\d+)"')
    $empty = ((-not $path.Success) -or $path.Groups[1].Value -eq '') -and ((-not $offset.Success) -or $offset.Groups[1].Value -eq '0')
    if ($empty) { return $null }
    $blank = '<ImageLocation path="" id="0" offset="0" guid="{00000000-0000-0000-0000-000000000000}"/>'
    $newText = $text.Substring(0, $element.Index) + $blank + $text.Substring($element.Index + $element.Length)
    # ps51-allow utf8-bom: reagentc writes ReAgent.xml as UTF-8 with a BOM; reagentc reads it either way.
    Set-Content -LiteralPath $temporary -Value $newText -NoNewline -Encoding UTF8 -ErrorAction Stop
    Move-Item -LiteralPath $temporary -Destination $xmlPath -Force -ErrorAction Stop
    return [string]$element.Value
}

$stagedPath = Get-StepStagedImagePath
$clearedImageLocation = $null
$before = Get-StepReAgentInfo
$disable = $null
$changed = $false

if ($before.info.status -eq 'Disabled') {
    $staged = Get-StepFileFacts -Path $stagedPath
    if (-not $staged.present) {
        throw (New-StepError -Kind 'UnexpectedState' -Message ('WinRE is disabled and no Winre.wim is staged at ' + $stagedPath + '; there is no image to protect. Nothing was changed.'))
    }
} else {
    $clearedImageLocation = Clear-StaleImageLocation
    $disable = Invoke-ReAgentC -Arguments @('/disable')
    $changed = $true
    if ([int]$disable.exitCode -ne 0) {
        throw (New-StepError -Kind 'ReAgentCFailed' -Message ('reagentc /disable exited ' + $disable.exitCode + ': ' + (Format-StepNativeLines -Run $disable)))
    }
}

$after = Get-StepReAgentInfo
$staged = Get-StepFileFacts -Path $stagedPath
if ($after.info.status -ne 'Disabled' -or -not $staged.present) {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('after reagentc /disable: status ' + $after.info.status + ', staged image present: ' + $staged.present + ' (' + $stagedPath + ').'))
}

$disableResult = $null
if ($null -ne $disable) { $disableResult = ConvertTo-StepNativeResult -Run $disable }
[ordered]@{
    changed      = $changed
    statusBefore = [string]$before.info.status
    status       = [string]$after.info.status
    disable      = $disableResult
    info         = (ConvertTo-StepNativeResult -Run $after.run)
    stagedImage  = $staged
    clearedImageLocation = $clearedImageLocation
}

<#
.SYNOPSIS
    reagentc /disable: moves Winre.wim from the WinRE partition to %windir%\System32\Recovery before that
    partition changes (KB5028997 step 2; docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml, docs/reference/reagentc.md#the-kb5028997-procedure). Idempotent.
.DESCRIPTION
    Already done: /info says Disabled AND Winre.wim is staged in System32\Recovery -> changed=false.
    Disabled with no staged image: 'UnexpectedState:' (the image is gone; nothing to disable, nothing to move).
    Enabled: reagentc /disable; a non-zero exit code is 'ReAgentCFailed:' with its raw lines. Afterwards /info
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

$stagedPath = Get-StepStagedImagePath
$before = Get-StepReAgentInfo
$disable = $null
$changed = $false

if ($before.info.status -eq 'Disabled') {
    $staged = Get-StepFileFacts -Path $stagedPath
    if (-not $staged.present) {
        throw (New-StepError -Kind 'UnexpectedState' -Message ('WinRE is disabled and no Winre.wim is staged at ' + $stagedPath + '; there is no image to protect. Nothing was changed.'))
    }
} else {
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
}

# Conformance script (env-casing): the environment of a SYSTEM process read and written in whatever casing a script
# happens to use, as admin scripts do (written for this project, not copied): a log path from $env:sYsTeMrOoT, a
# stage marker kept in a process variable set in one casing and read in another, New-Item / Set-Item /
# Remove-Item / Clear-Item on Env:, Test-Path Env:\..., a REG_EXPAND_SZ value naming %systemroot%, and an
# inventory of Get-ChildItem Env:. On Windows
# environment names are case-insensitive and each variable is stored once, in the casing it was first set with
# (https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_environment_variables,
# https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_environment_provider).
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$LogFolder = "$env:sYsTeMrOoT\Logs\WinRE"
$inventory = @(Get-ChildItem -Path Env:)

# A stage marker for child steps of the remediation, set in one casing and read in others.
$env:WinReFix_Stage = 'backup'
$stageRead = $env:WINREFIX_STAGE
$env:winrefix_stage = 'shrink'
$stageItem = Get-Item -Path Env:\WINREFIX_STAGE
Set-Item -Path Env:\winREfix_STAGE -Value 'enable'
$stageContent = Get-Content -Path Env:\WinReFix_Stage
$stageListed = @(Get-ChildItem -Path Env: | Where-Object { $_.Name -eq 'winrefix_stage' } | ForEach-Object { $_.Name })
$env:WINREFIX_STAGE = $null
$stageGone = -not (Test-Path -Path Env:\WinReFix_Stage)

New-Item -Path Env:\Contoso_LogLevel -Value 'Verbose' | Out-Null
New-Item -Path Env:\CONTOSO_LOGLEVEL -Value 'Debug' -ErrorAction SilentlyContinue -ErrorVariable newItemErrors | Out-Null
$logLevel = $env:contoso_loglevel
Remove-Item -Path Env:\contoso_LOGLEVEL
$logLevelGone = -not (Test-Path -Path Env:\Contoso_LogLevel)

# A log folder kept in the registry as REG_EXPAND_SZ, with the casing installers often write (%Systemroot%).
New-Item -Path HKLM:\SOFTWARE\ContosoWinRE -Force | Out-Null
New-ItemProperty -Path HKLM:\SOFTWARE\ContosoWinRE -Name LogDir -PropertyType ExpandString -Value '%Systemroot%\Logs\%Contoso_Unset%' -Force | Out-Null
$registryLogDir = (Get-ItemProperty -Path HKLM:\SOFTWARE\ContosoWinRE).LogDir

$env:Contoso_Tag = 'WinRE'
Clear-Item -Path Env:\CONTOSO_TAG
$tagGone = $null -eq $env:Contoso_Tag

[pscustomobject][ordered]@{
    logFolder         = $LogFolder
    temp              = $env:tEmP
    programFilesX86   = ${env:PROGRAMFILES(X86)}
    computerName      = $env:ComputerNAME
    testPathOddCasing = Test-Path -Path Env:\sYsTeMrOoT
    itemName          = (Get-Item -Path Env:\computername).Name
    windirListedAs    = @($inventory | Where-Object { $_.Name -eq 'WINDIR' } | ForEach-Object { $_.Name })
    tempListed        = @($inventory | Where-Object { $_.Name -eq 'temp' }).Count
    duplicateNames    = @($inventory | Group-Object -Property Name | Where-Object { $_.Count -gt 1 } | ForEach-Object { $_.Name })
    stageRead         = $stageRead
    stageItemName     = $stageItem.Name
    stageItemValue    = $stageItem.Value
    stageContent      = $stageContent
    stageListed       = $stageListed
    stageGone         = $stageGone
    newItemError      = @($newItemErrors | ForEach-Object { $_.Exception.Message })
    logLevel          = $logLevel
    logLevelGone      = $logLevelGone
    tagGone           = $tagGone
    registryLogDir    = $registryLogDir
    missing           = $null -eq $env:CONTOSO_NEVER_SET
    pathSame          = [string]::Equals($env:Path, $env:PATH, [System.StringComparison]::Ordinal) -and -not [string]::IsNullOrEmpty($env:path)
    pathListed        = @($inventory | Where-Object { $_.Name -eq 'path' }).Count
}

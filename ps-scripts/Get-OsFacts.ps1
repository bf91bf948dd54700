<#
.SYNOPSIS
    Reads the facts about the running Windows that decide whether a WinRE fix may run here. Read-only.
.DESCRIPTION
    Win32_OperatingSystem for the name, caption, build, system drive and UI language; the CurrentVersion registry
    key for edition, UBR, display version and InstallationType ('Server Core'); Setup\State ImageState; the three
    usual pending-reboot markers (ComputerManagementDsc DSC_PendingReboot reads the same keys); and elevation
    through Test-WinReFixElevated (ps-scripts/lib/NativeCommand.ps1). Changes nothing.
.OUTPUTS
    One object, schemas/get-os-facts.schema.json.
#>
[CmdletBinding()]
param()
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$os = Get-CimInstance -ClassName Win32_OperatingSystem
$currentVersion = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion'

$build = 0
$buildText = [string](Get-WinReFixRegistryValue -Path $currentVersion -Name 'CurrentBuildNumber')
if ([string]::IsNullOrEmpty($buildText)) { $buildText = [string]$os.BuildNumber }
if (-not [int]::TryParse($buildText, [ref]$build)) { throw "Build number '$buildText' is not a number." }

$ubr = Get-WinReFixRegistryValue -Path $currentVersion -Name 'UBR'
if ($null -eq $ubr) { $ubr = 0 }

# DisplayVersion exists from 20H2; older builds only have ReleaseId (e.g. 1809). Empty when neither exists.
$displayVersion = Get-WinReFixRegistryValue -Path $currentVersion -Name 'DisplayVersion'
if ($null -eq $displayVersion) { $displayVersion = Get-WinReFixRegistryValue -Path $currentVersion -Name 'ReleaseId' }
if ($null -eq $displayVersion) { $displayVersion = '' }

$edition = Get-WinReFixRegistryValue -Path $currentVersion -Name 'EditionID'
if ($null -eq $edition) { $edition = '' }
# InstallationType: 'Client', 'Server' or 'Server Core' (docs/reference/reagentc.md#winre-registry-values shows the value on a client).
$installationType = [string](Get-WinReFixRegistryValue -Path $currentVersion -Name 'InstallationType')

# The display language: the first MUI language of the OS (the SYSTEM account of Intune/ConfigMgr has no user
# profile language of its own). ASSUMPTION: reagentc prints in this language unless the console code page cannot
# show it (docs/reference/reagentc.md#streams-code-pages-and-the-printed-language); the parser does not depend on it, the report only shows it.
$uiLanguage = ''
$mui = @()
if ($null -ne $os.PSObject.Properties['MUILanguages']) { $mui = @($os.MUILanguages) }
if ($mui.Count -gt 0 -and -not [string]::IsNullOrEmpty([string]$mui[0])) {
    $uiLanguage = [string]$mui[0]
} else {
    $uiLanguage = (Get-UICulture).Name
}

$imageState = Get-WinReFixRegistryValue -Path 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Setup\State' -Name 'ImageState'
if ($null -eq $imageState) { $imageState = '' }

$pending = New-Object System.Collections.Generic.List[string]
if (Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending') {
    $pending.Add('CBS RebootPending')
}
if (Test-Path -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired') {
    $pending.Add('WindowsUpdate RebootRequired')
}
$renames = Get-WinReFixRegistryValue -Path 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager' -Name 'PendingFileRenameOperations'
if ($null -ne $renames -and @($renames | Where-Object { -not [string]::IsNullOrEmpty([string]$_) }).Count -gt 0) {
    $pending.Add('PendingFileRenameOperations')
}

$computerName = [string]$os.CSName
if ([string]::IsNullOrEmpty($computerName)) { $computerName = [string]$env:COMPUTERNAME }

[ordered]@{
    computerName         = $computerName
    caption              = [string]$os.Caption
    edition              = [string]$edition
    build                = [int]$build
    ubr                  = [int]$ubr
    displayVersion       = [string]$displayVersion
    uiLanguage           = [string]$uiLanguage
    systemDrive          = ([string]$os.SystemDrive).ToUpperInvariant()
    isElevated           = [bool](Test-WinReFixElevated)
    isServerCore         = ($installationType -eq 'Server Core')
    imageState           = [string]$imageState
    pendingRebootReasons = @($pending.ToArray())
}

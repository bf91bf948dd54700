<#
.SYNOPSIS
    Reads the facts about the running Windows that decide whether a WinRE fix may run here. Read-only.
.DESCRIPTION
    Win32_OperatingSystem for the name, caption, build, system drive and UI language; the CurrentVersion registry
    key for edition, UBR, display version and InstallationType ('Server Core'); Setup\State ImageState; the three
    usual pending-reboot markers (ComputerManagementDsc DSC_PendingReboot reads the same keys); elevation
    through Test-WinReFixElevated (ps-scripts/lib/NativeCommand.ps1); and the identifiers fleet tools key a PC on
    (Get-WinReFixDeviceIds below), each $null when the PC has none. Changes nothing.
.OUTPUTS
    One object, schemas/get-os-facts.schema.json.
#>
[CmdletBinding()]
param()
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

function Get-WinReFixDeviceIds {
    # The PC's stable identifiers, each $null when absent (never an error: absence is data):
    # - smbiosUuid: Win32_ComputerSystemProduct.UUID, the hardware id Intune, ConfigMgr and Autopilot use
    #   (https://learn.microsoft.com/windows/win32/cimwin32prov/win32-computersystemproduct); firmware without one
    #   reports all zeros or all F, which is no id.
    # - machineGuid: HKLM\SOFTWARE\Microsoft\Cryptography MachineGuid, one per OS install.
    # - intuneDeviceId: EntDMID, the id the MDM server gave the device (DMClient CSP,
    #   https://learn.microsoft.com/windows/client-management/mdm/dmclient-csp), under the enrollment whose ProviderID
    #   is 'MS DM Server' (Intune): HKLM\SOFTWARE\Microsoft\Enrollments\<guid>\DMClient\MS DM Server.
    # - configMgrClientId: root\ccm CCM_Client.ClientId ('GUID:...', the SMS Unique Identifier,
    #   https://learn.microsoft.com/intune/configmgr/develop/core/servers/configure/how-to-get-the-unique-identifier-value-for-a-client);
    #   the namespace is missing without a ConfigMgr client.
    $ids = [ordered]@{ smbiosUuid = $null; machineGuid = $null; intuneDeviceId = $null; configMgrClientId = $null }
    try {
        $product = Get-CimInstance -ClassName Win32_ComputerSystemProduct -ErrorAction Stop | Select-Object -First 1
        $uuid = ''
        if ($null -ne $product -and $null -ne $product.PSObject.Properties['UUID']) { $uuid = [string]$product.UUID }
        $hex = $uuid -replace '[^0-9A-Fa-f]', ''
        if ($hex.Length -eq 32 -and $hex -notmatch '^(0+|[Ff]+)$') { $ids.smbiosUuid = $uuid.ToUpperInvariant() }
    } catch {
        $ids.smbiosUuid = $null
    }
    $guid = [string](Get-WinReFixRegistryValue -Path 'HKLM:\SOFTWARE\Microsoft\Cryptography' -Name 'MachineGuid')
    if (-not [string]::IsNullOrWhiteSpace($guid)) { $ids.machineGuid = $guid.Trim().ToLowerInvariant() }
    $enrollments = @(Get-ChildItem -LiteralPath 'HKLM:\SOFTWARE\Microsoft\Enrollments' -ErrorAction SilentlyContinue)
    foreach ($enrollment in $enrollments) {
        $key = 'HKLM:\SOFTWARE\Microsoft\Enrollments\' + [string]$enrollment.PSChildName
        if ([string](Get-WinReFixRegistryValue -Path $key -Name 'ProviderID') -ne 'MS DM Server') { continue }
        $entDmId = [string](Get-WinReFixRegistryValue -Path ($key + '\DMClient\MS DM Server') -Name 'EntDMID')
        if (-not [string]::IsNullOrWhiteSpace($entDmId)) { $ids.intuneDeviceId = $entDmId.Trim(); break }
    }
    try {
        $client = Get-CimInstance -Namespace 'root\ccm' -ClassName CCM_Client -ErrorAction Stop | Select-Object -First 1
        if ($null -ne $client -and -not [string]::IsNullOrWhiteSpace([string]$client.ClientId)) {
            $ids.configMgrClientId = ([string]$client.ClientId).Trim()
        }
    } catch {
        $ids.configMgrClientId = $null
    }
    return $ids
}

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
    deviceIds            = (Get-WinReFixDeviceIds)
}

<#
.SYNOPSIS
    Collects the raw WinRE state: reagentc /info lines, ReAgent.xml, the WinRE registry values and both Winre.wim
    images (staged and active) with size, SHA256 and the version in their own WIM metadata. Read-only.
.DESCRIPTION
    Nothing here interprets localized text: the reagentc lines go back RAW with the exit code and are parsed in
    TypeScript (src/domain/reagentc-info.ts), ReAgent.xml goes back as text (src/domain/reagent-xml.ts). The only
    text this script reads itself is the language-independent GLOBALROOT path (docs/reference/reagentc.md#language-independent-parsing), to find the
    active image at <location>\Winre.wim.
    Sources: reagentc via Invoke-ReAgentC (ps-scripts/lib/NativeCommand.ps1); ReAgent.xml and the staged image in
    %windir%\System32\Recovery (docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml); WinRELocation in ...\CurrentVersion\WinRE and WinREVersion
    in ...\CurrentVersion (docs/reference/reagentc.md#winre-registry-values; the WinRE subkey as a fallback). Winre.wim is hidden, hence
    -Force (docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml). Changes nothing.
.OUTPUTS
    One object, schemas/get-win-re-status.schema.json.
#>
[CmdletBinding()]
param()
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

function Get-ImageFacts {
    # Size and SHA256 of a file, or present=false. -Force: Winre.wim is hidden (and system).
    param([Parameter(Mandatory = $true)][string] $Path)
    if (-not (Test-Path -LiteralPath $Path)) {
        return [ordered]@{ path = $Path; present = $false; size = $null; sha256 = $null }
    }
    $item = Get-Item -LiteralPath $Path -Force
    $hash = Get-FileHash -LiteralPath $Path -Algorithm SHA256
    # The WinRE version is the image's own metadata (header + XML, never a mount): ps-scripts/lib/Wim.ps1.
    $wim = Read-WinReFixWimInfo -Path $Path
    return [ordered]@{ path = $Path; present = $true; size = [int64]$item.Length; sha256 = ([string]$hash.Hash).ToUpperInvariant(); wim = $wim }
}

# %windir%: the environment on Windows; Win32_OperatingSystem.WindowsDirectory where the environment lacks it.
$windows = [string]$env:SystemRoot
if ([string]::IsNullOrEmpty($windows)) { $windows = [string](Get-CimInstance -ClassName Win32_OperatingSystem).WindowsDirectory }
if ([string]::IsNullOrEmpty($windows)) { throw 'The Windows directory is unknown (no SystemRoot, no Win32_OperatingSystem.WindowsDirectory).' }
$recoveryFolder = $windows.TrimEnd('\') + '\System32\Recovery'

$info = Invoke-ReAgentC -Arguments @('/info')
$stdout = @($info.stdout | ForEach-Object { [string]$_ })
$stderr = @($info.stderr | ForEach-Object { [string]$_ })

$xmlPath = $recoveryFolder + '\ReAgent.xml'
$xmlText = $null
if (Test-Path -LiteralPath $xmlPath) { $xmlText = [string](Get-Content -LiteralPath $xmlPath -Raw) }

$winreKey = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\WinRE'
$version = Get-WinReFixRegistryValue -Path 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' -Name 'WinREVersion' -AsString
if ($null -eq $version) { $version = Get-WinReFixRegistryValue -Path $winreKey -Name 'WinREVersion' -AsString }

# The active image sits in the folder reagentc reports. Only the GLOBALROOT path is read (never a label).
# ASSUMPTION (not verified on Windows PowerShell 5.1): the FileSystem provider accepts this \?\GLOBALROOT device
# path with -LiteralPath, as Win32 CreateFile does; PowerShell 7 handles device paths (PowerShell PR #19442).
# If it does not, Test-Path says False and activeImage reads as absent (present=false), never as a wrong file.
# The location comes from the one PowerShell parser (StepCommon.ps1), the twin of src/domain/reagentc-info.ts, so
# both sides agree on the folder (gather.ts checks it; a test runs both parsers over every real transcript).
$location = $null
$parsed = ConvertFrom-StepReAgentInfo -Run $info
if ($null -ne $parsed.location) { $location = [string]$parsed.location.path }
$active = $null
if ($null -ne $location) { $active = Get-ImageFacts -Path ($location + '\Winre.wim') }

[ordered]@{
    reagentc    = [ordered]@{ exitCode = [int]$info.exitCode; stdout = $stdout; stderr = $stderr }
    reagentXml  = [ordered]@{ path = $xmlPath; present = ($null -ne $xmlText); text = $xmlText }
    registry    = [ordered]@{ winreLocation = (Get-WinReFixRegistryValue -Path $winreKey -Name 'WinRELocation' -AsString); winreVersion = $version }
    stagedImage = (Get-ImageFacts -Path ($recoveryFolder + '\Winre.wim'))
    activeImage = $active
}

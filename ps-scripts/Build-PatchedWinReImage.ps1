<#
.SYNOPSIS
    Adds a Safe OS Dynamic Update to a COPY of Winre.wim in this run's backup folder and verifies the result.
    Changes the PC: files in the state folder and DISM's mount registry only; the live Winre.wim is only read.
.DESCRIPTION
    Microsoft's "Add an update package to Windows RE" procedure (mount, Add-WindowsPackage, /Cleanup-Image
    /StartComponentCleanup /ResetBase, commit; https://learn.microsoft.com/windows-hardware/manufacture/desktop/add-update-to-winre)
    applied to a copy, then Export-WindowsImage to a new file, which drops what the commit left unused (Microsoft's
    media dynamic update sample exports after servicing for that reason). docs/safeos-patch.md has the design.
    Already done: patched.json and patched.wim exist, agree, and the image reads newer than -FromVersion -> changed=false.
    Otherwise, first: stale DISM mounts are discarded (lib/SafeOs.ps1 Clear-WinReFixStaleMounts) and the work
    files of an interrupted build deleted, so a power cut anywhere in here is resumed by building again.
    Refusals (nothing of the PC's changed; work files deleted, mount discarded):
      PackageNotApplicable   DISM's 0x800f081e: another WinRE family or architecture;
      PackageAlreadyApplied  the exported image is not newer than -FromVersion;
      UnexpectedState        the package or the live image changed since planning (SHA256), no room on C:,
                             or the result is not a whole WIM of the same architecture and edition.
.OUTPUTS
    One object, schemas/build-patched-win-re-image.schema.json.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string] $PackagePath,
    [AllowEmptyString()][string] $PackageSha256 = '',
    [AllowNull()][AllowEmptyString()][string] $Kb = '',
    [Parameter(Mandatory = $true)][string] $SourceSha256,
    [Parameter(Mandatory = $true)][string] $FromVersion,
    [AllowNull()] $Architecture = $null,
    [AllowNull()][AllowEmptyString()][string] $EditionId = '',
    [Parameter(Mandatory = $true)][string] $StateFolder
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$paths = Get-WinReFixSafeOsPaths -StateFolder $StateFolder
$kbOut = $null
if (-not [string]::IsNullOrEmpty($Kb)) { $kbOut = $Kb }

function Test-Newer {
    param([string] $Version)
    return ([version]$Version -gt [version]$FromVersion)
}

function Get-Verdict {
    # Why $Path is not an acceptable patched image, or $null.
    param([Parameter(Mandatory = $true)][string] $Path)
    $wim = Read-WinReFixWimInfo -Path $Path
    if (-not $wim.readable) { return ('its WIM metadata is unreadable: ' + $wim.error) }
    if ($wim.writeInProgress) { return 'its WIM header says a write never finished' }
    if ($null -ne $Architecture -and $null -ne $wim.architecture -and [int]$wim.architecture -ne [int]$Architecture) { return ('its architecture is ' + $wim.architecture + ', not ' + $Architecture) }
    if (-not [string]::IsNullOrEmpty($EditionId) -and [string]$wim.editionId -ne $EditionId) { return ('its edition is ' + $wim.editionId + ', not ' + $EditionId) }
    return $null
}

function Out-Result {
    param([bool] $Changed, $Record, $Stale)
    [ordered]@{
        changed       = $Changed
        kb            = $kbOut
        packageSha256 = [string]$Record.packageSha256
        patchedPath   = $paths.patched
        fromVersion   = [string]$Record.fromVersion
        toVersion     = [string]$Record.toVersion
        fromSha256    = [string]$Record.fromSha256
        toSha256      = [string]$Record.toSha256
        fromSize      = [int64]$Record.fromSize
        toSize        = [int64]$Record.toSize
        staleMounts   = @($Stale)
    }
}

# Already built?
$record = Read-WinReFixSafeOsRecord -Path $paths.record
if ($null -ne $record -and [string]$record.fromSha256 -eq $SourceSha256.ToUpperInvariant()) {
    $facts = Get-StepFileFacts -Path $paths.patched
    if ($facts.present -and $facts.sha256 -eq [string]$record.toSha256 -and $null -eq (Get-Verdict -Path $paths.patched) -and (Test-Newer ([string]$record.toVersion))) {
        Out-Result -Changed $false -Record $record -Stale @()
        return
    }
}

# Start clean: mounts an interrupted build (or another tool) left, then this run's work files.
$stale = Clear-WinReFixStaleMounts -Work $paths.work
Remove-WinReFixSafeOsWork -Paths $paths

$package = Get-StepFileFacts -Path $PackagePath
if (-not $package.present) { throw (New-StepError -Kind 'UnexpectedState' -Message ('the Safe OS package ' + $PackagePath + ' is gone; nothing was changed.')) }
if ($PackageSha256 -ne '' -and $package.sha256 -ne $PackageSha256.ToUpperInvariant()) {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('the Safe OS package ' + $PackagePath + ' changed since the plan was made (SHA256 ' + $package.sha256 + ', planned ' + $PackageSha256.ToUpperInvariant() + '); nothing was changed.'))
}

# The image WinRE uses now: the active one when enabled, else the staged one.
$info = Get-StepReAgentInfo
$live = Get-StepStagedImagePath
$enabled = ($info.info.status -eq 'Enabled' -and $null -ne $info.info.location)
if ($enabled) {
    $live = [string]$info.info.location.path + '\Winre.wim'
    $liveFacts = Invoke-WinReFixOnActiveImage -Location $info.info.location -ScriptBlock { param($file) Get-StepFileFacts -Path $file }
} else {
    $liveFacts = Get-StepFileFacts -Path $live
}
if (-not $liveFacts.present -or $liveFacts.sha256 -ne $SourceSha256.ToUpperInvariant()) {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('the WinRE image at ' + $live + ' is not the planned one (SHA256 ' + $liveFacts.sha256 + ', planned ' + $SourceSha256.ToUpperInvariant() + '); nothing was changed.'))
}

# Room on C: for the copy, the mount, the export and DISM's scratch (src/domain/planning/safeos.ts says why).
[long]$need = 4 * [long]$liveFacts.size + [long]$package.size + 1073741824
if ($paths.work -match '^([A-Za-z]):') {
    $volume = Get-Volume -DriveLetter $Matches[1] -ErrorAction Stop
    if ([long]$volume.SizeRemaining -lt $need) {
        throw (New-StepError -Kind 'UnexpectedState' -Message ('patching a copy of Winre.wim needs ' + $need + ' bytes free on ' + $Matches[1] + ': but ' + [long]$volume.SizeRemaining + ' are; nothing was changed.'))
    }
}

if (-not (Test-Path -LiteralPath $paths.work -PathType Container)) { New-Item -ItemType Directory -Path $paths.work -Force -ErrorAction Stop | Out-Null }
if ($enabled) {
    $null = Invoke-WinReFixOnActiveImage -Location $info.info.location -ScriptBlock { param($file) Copy-Item -LiteralPath $file -Destination $paths.source -Force -ErrorAction Stop }
} else {
    Copy-Item -LiteralPath $live -Destination $paths.source -Force -ErrorAction Stop
}
$copy = Get-StepFileFacts -Path $paths.source
if ($copy.sha256 -ne $liveFacts.sha256) {
    Remove-WinReFixSafeOsWork -Paths $paths
    throw (New-StepError -Kind 'UnexpectedState' -Message ('the copy of ' + $live + ' does not match it (SHA256 ' + $copy.sha256 + ' vs ' + $liveFacts.sha256 + '); nothing was changed.'))
}
New-Item -ItemType Directory -Path $paths.mount -Force -ErrorAction Stop | Out-Null

$mounted = $false
try {
    Mount-WindowsImage -ImagePath $paths.source -Index 1 -Path $paths.mount -ErrorAction Stop | Out-Null
    $mounted = $true
    try {
        Add-WindowsPackage -Path $paths.mount -PackagePath $PackagePath -ErrorAction Stop | Out-Null
    } catch {
        if (Test-WinReFixDismNotApplicable -ErrorRecord $_) {
            throw (New-StepError -Kind 'PackageNotApplicable' -Message ('DISM: the Safe OS package ' + $PackagePath + ' is not applicable to this WinRE image ' + $FromVersion + ' (0x800f081e: another WinRE family or architecture). The copy was discarded; the live image was never touched.'))
        }
        throw
    }
    # No cmdlet does /ResetBase (superseded components removed for good: the image shrinks, nothing can be uninstalled).
    $reset = Invoke-WinReFixNativeTool -ExeName 'dism.exe' -Arguments @('/English', ('/Image:' + $paths.mount), '/Cleanup-Image', '/StartComponentCleanup', '/ResetBase')
    if ([int]$reset.exitCode -ne 0) {
        throw (New-StepError -Kind 'UnexpectedState' -Message ('dism /Cleanup-Image /StartComponentCleanup /ResetBase exited ' + $reset.exitCode + ': ' + (Format-StepNativeLines -Run $reset)))
    }
    Dismount-WindowsImage -Path $paths.mount -Save -ErrorAction Stop | Out-Null
    $mounted = $false
    Export-WindowsImage -SourceImagePath $paths.source -SourceIndex 1 -DestinationImagePath $paths.patched -CompressionType max -ErrorAction Stop | Out-Null
} catch {
    $failure = $_
    if ($mounted) {
        try { Dismount-WindowsImage -Path $paths.mount -Discard -ErrorAction Stop | Out-Null } catch { Write-Warning ('discarding the mount failed: ' + $_.Exception.Message) }
    }
    try { Remove-WinReFixSafeOsWork -Paths $paths } catch { Write-Warning ('removing the work files failed: ' + $_.Exception.Message) }
    throw $failure
}

$problem = Get-Verdict -Path $paths.patched
$wim = Read-WinReFixWimInfo -Path $paths.patched
if ($null -eq $problem -and -not (Test-Newer ([string]$wim.version))) {
    Remove-WinReFixSafeOsWork -Paths $paths
    throw (New-StepError -Kind 'PackageAlreadyApplied' -Message ('the image is ' + $wim.version + ' after adding ' + $PackagePath + ', not newer than ' + $FromVersion + ': the package was in it already. Nothing was swapped.'))
}
if ($null -ne $problem) {
    Remove-WinReFixSafeOsWork -Paths $paths
    throw (New-StepError -Kind 'UnexpectedState' -Message ('the exported image is not acceptable: ' + $problem + '. Nothing was swapped.'))
}
$patched = Get-StepFileFacts -Path $paths.patched
$record = [ordered]@{
    schemaVersion = 1
    packageSha256 = [string]$package.sha256
    fromVersion   = $FromVersion
    toVersion     = [string]$wim.version
    fromSha256    = [string]$liveFacts.sha256
    toSha256      = [string]$patched.sha256
    fromSize      = [int64]$liveFacts.size
    toSize        = [int64]$patched.size
}
# The record is the commit point: temporary name, then rename (a power cut leaves none or a whole one).
# ps51-allow utf8-bom: read only by Get-Content -Raw | ConvertFrom-Json (lib/SafeOs.ps1), which accepts a BOM.
Set-Content -LiteralPath ($paths.record + '.tmp') -Value (ConvertTo-Json -InputObject $record -Depth 4 -Compress) -Encoding UTF8 -ErrorAction Stop
Move-Item -LiteralPath ($paths.record + '.tmp') -Destination $paths.record -Force -ErrorAction Stop
# The mounted copy is no longer needed: give its space back now.
Remove-Item -LiteralPath $paths.source -Force -ErrorAction Stop
if (Test-Path -LiteralPath $paths.mount) { $null = Remove-WinReFixTree -Folder $paths.mount }
Out-Result -Changed $true -Record $record -Stale $stale

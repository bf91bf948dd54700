<#
.SYNOPSIS
    Copies EVERY file of the recovery partition (hidden and system ones too: Winre.wim is hidden,
    docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml) into -StateFolder\files, verifies each copy by SHA256 and writes manifest.json there
    last. A second copy of Winre.wim and of the OEM tools, so a failed fix can put them back. Idempotent.
.DESCRIPTION
    Already done: manifest.json exists for this partition (disk UniqueId + offset) and every file it lists is in
    the state folder with its size and SHA256 -> changed=false (the recovery partition is not even touched).
    Otherwise the partition (found by disk UniqueId + offset, GUID checked when given, recovery-typed) is reached
    through a temporary drive letter (StepCommon.ps1 Invoke-StepWithDriveLetter says why not \\?\Volume{GUID}\),
    listed with Get-ChildItem -Force -Recurse -File, copied file by file and hashed on both sides.
    'System Volume Information' and '$RECYCLE.BIN' are skipped: they belong to the volume, not to its content,
    and are recreated by Windows on the new one. ASSUMPTION: nothing an OEM tool needs lives there.
    The manifest is written to a temporary name and then renamed, so a power cut leaves either no manifest (the
    backup reruns) or a complete one.
.OUTPUTS
    One object, schemas/backup-recovery-files.schema.json.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string] $DiskUniqueId,
    [Parameter(Mandatory = $true)][long] $PartitionOffset,
    [AllowNull()][AllowEmptyString()][string] $PartitionGuid = '',
    [Parameter(Mandatory = $true)][string] $StateFolder
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$folder = $StateFolder.TrimEnd('\')
$manifestPath = $folder + '\manifest.json'
$filesFolder = $folder + '\files'

function Test-ExistingBackup {
    # The manifest of a finished backup of THIS partition whose every copy is intact, or $null.
    if (-not (Test-Path -LiteralPath $manifestPath -PathType Leaf)) { return $null }
    $manifest = (Get-Content -LiteralPath $manifestPath -Raw -ErrorAction Stop) | ConvertFrom-Json
    if ([string]$manifest.diskUniqueId -ne $DiskUniqueId -or [long]$manifest.partitionOffset -ne $PartitionOffset) { return $null }
    foreach ($f in @($manifest.files)) {
        $copy = Get-StepFileFacts -Path ($filesFolder + '\' + [string]$f.path)
        if (-not $copy.present -or [long]$copy.size -ne [long]$f.size -or $copy.sha256 -ne [string]$f.sha256) { return $null }
    }
    return $manifest
}

$existing = Test-ExistingBackup
if ($null -ne $existing) {
    [ordered]@{
        changed      = $false
        manifestPath = $manifestPath
        totalBytes   = [int64]$existing.totalBytes
        files        = @(@($existing.files) | ForEach-Object { [ordered]@{ path = [string]$_.path; size = [int64]$_.size; sha256 = [string]$_.sha256; hidden = [bool]$_.hidden } })
        partition    = $null
    }
    return
}

$disk = Get-StepDisk -UniqueId $DiskUniqueId
$part = Find-StepPartitionAt -Disk $disk -Offset $PartitionOffset
if ($null -eq $part) {
    throw (New-StepError -Kind 'IdentityMismatch' -Message ('no partition starts at offset ' + $PartitionOffset + ' on disk ' + $disk.Number + ' and no complete backup exists in ' + $folder + '.'))
}
Assert-StepPartitionIdentity -Partition $part -What 'the recovery partition to back up' -Guid $PartitionGuid -Recovery

$files = Invoke-StepWithDriveLetter -Partition $part -ScriptBlock {
    param($root)
    $out = @()
    $skip = '^(System Volume Information|\$RECYCLE\.BIN)(\\|$)'
    $items = @(Get-ChildItem -LiteralPath $root -Force -Recurse -File -ErrorAction Stop | Where-Object { ([string]$_.FullName).Substring($root.Length).TrimStart('\') -notmatch $skip })
    # Room on the state folder's volume first, so a full C: is a clear refusal and not a copy failing half-way.
    # ASSUMPTION: 64 MiB left over is enough for the manifest and NTFS bookkeeping.
    [long]$need = 67108864
    foreach ($item in $items) { $need += [long]$item.Length }
    if ($folder -match '^([A-Za-z]):') {
        $stateLetter = $Matches[1]
        $stateVolume = Get-Volume -DriveLetter $stateLetter -ErrorAction Stop
        if ([long]$stateVolume.SizeRemaining -lt $need) {
            throw (New-StepError -Kind 'UnexpectedState' -Message ('the backup needs ' + $need + ' bytes on ' + $stateLetter + ': but only ' + [long]$stateVolume.SizeRemaining + ' are free; nothing was copied.'))
        }
    }
    foreach ($item in $items) {
        $relative = ([string]$item.FullName).Substring($root.Length).TrimStart('\')
        $target = $filesFolder + '\' + $relative
        $parent = $target.Substring(0, $target.LastIndexOf('\'))
        if (-not (Test-Path -LiteralPath $parent -PathType Container)) { New-Item -ItemType Directory -Path $parent -Force -ErrorAction Stop | Out-Null }
        $source = Get-StepFileFacts -Path ([string]$item.FullName)
        Copy-Item -LiteralPath ([string]$item.FullName) -Destination $target -Force -ErrorAction Stop
        $copy = Get-StepFileFacts -Path $target
        if (-not $copy.present -or $copy.sha256 -ne $source.sha256 -or [long]$copy.size -ne [long]$source.size) {
            throw (New-StepError -Kind 'UnexpectedState' -Message ('the copy of ' + $relative + ' in ' + $filesFolder + ' does not match its source (SHA256 ' + $copy.sha256 + ' vs ' + $source.sha256 + ').'))
        }
        $hidden = (([int]$item.Attributes) -band [int][System.IO.FileAttributes]::Hidden) -ne 0
        $out += , ([ordered]@{ path = $relative; size = [int64]$source.size; sha256 = [string]$source.sha256; hidden = $hidden })
    }
    , $out
}
$files = @($files)

[long]$total = 0
foreach ($f in $files) { $total += [long]$f.size }
$manifest = [ordered]@{
    schemaVersion   = 1
    diskUniqueId    = $DiskUniqueId
    partitionOffset = $PartitionOffset
    partitionGuid   = (ConvertTo-StepGuid $PartitionGuid)
    partitionSize   = [int64]$part.Size
    totalBytes      = $total
    files           = $files
}
$temporary = $manifestPath + '.tmp'
# ps51-allow utf8-bom: the manifest is read only by Get-Content -Raw | ConvertFrom-Json (here and Restore-RecoveryFiles.ps1), which accept it with or without a BOM.
Set-Content -LiteralPath $temporary -Value (ConvertTo-Json -InputObject $manifest -Depth 8 -Compress) -Encoding UTF8 -ErrorAction Stop
Move-Item -LiteralPath $temporary -Destination $manifestPath -Force -ErrorAction Stop

[ordered]@{
    changed      = $true
    manifestPath = $manifestPath
    totalBytes   = $total
    files        = $files
    partition    = (ConvertTo-StepPartitionFacts -Partition $part)
}

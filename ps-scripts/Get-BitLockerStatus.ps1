<#
.SYNOPSIS
    BitLocker state of every volume on the OS disk (the disk whose partitions a fix would change). Read-only.
.DESCRIPTION
    The OS disk is the disk of the system drive's partition (Get-Partition -DriveLetter). Every formatted volume
    on it (by drive letter, else by its \\?\Volume{GUID}\ path) is queried with Get-BitLockerVolume, except the
    EFI system partition, which BitLocker never encrypts. Enums are numbers, as ConvertTo-Json gives them
    (docs/reference/bitlocker.md#volume-status-and-protection: VolumeStatus 0..5, ProtectionStatus 0 Off / 1 On / 2 Unknown, LockStatus 0 Unlocked /
    1 Locked); key protector types are their names (Tpm, RecoveryPassword...).
    Without the BitLocker module (Server without the feature) nothing can be encrypted: available=false.
    If the SYSTEM DRIVE cannot be queried while elevated, the script fails: the volume a fix shrinks must not
    pass as "not encrypted". Any other volume that cannot be queried (or any volume when not elevated, which the
    planner refuses anyway) is listed under 'unreadable'. ASSUMPTION: Get-BitLockerVolume may fail on volumes
    Win32_EncryptableVolume does not list (e.g. a System Reserved partition); no capture settles it. Changes nothing.
.PARAMETER SystemDrive
    The system drive, e.g. C: (from Get-OsFacts).
.OUTPUTS
    One object, schemas/get-bit-locker-status.schema.json.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][ValidatePattern('^[A-Za-z]:?$')][string] $SystemDrive)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

function Get-OptionalValue {
    param($InputObject, [string] $Name)
    if ($null -eq $InputObject) { return $null }
    $property = $InputObject.PSObject.Properties[$Name]
    if ($null -eq $property) { return $null }
    return $property.Value
}

# docs/reference/storage-cmdlets.md#type-guids-mbr-ids-and-gpt-attributes: the EFI system partition type.
$EspGptType = Get-WinReFixGptType -Kind esp

$available = $null -ne (Get-Command -Name 'Get-BitLockerVolume' -ErrorAction SilentlyContinue)
$elevated = [bool](Test-WinReFixElevated)
$letter = $SystemDrive.Substring(0, 1).ToUpperInvariant()
$osPartition = Get-Partition -DriveLetter $letter
$diskNumber = [int]$osPartition.DiskNumber

$volumes = New-Object System.Collections.Generic.List[object]
$unreadable = New-Object System.Collections.Generic.List[object]
if ($available) {
    $byPath = @{}
    foreach ($v in @(Get-Volume)) {
        $path = [string](Get-OptionalValue $v 'Path')
        if (-not [string]::IsNullOrEmpty($path)) { $byPath[$path.ToLowerInvariant()] = $v }
    }
    foreach ($p in @(Get-Partition -DiskNumber $diskNumber | Sort-Object -Property { [uint64]$_.Offset })) {
        $paths = @(@(Get-OptionalValue $p 'AccessPaths') | Where-Object { -not [string]::IsNullOrEmpty([string]$_) } | ForEach-Object { [string]$_ })
        $volumePath = @($paths | Where-Object { $_ -like '\\?\Volume{*' } | Select-Object -First 1)
        if ($volumePath.Count -eq 0 -or -not $byPath.ContainsKey($volumePath[0].ToLowerInvariant())) { continue }
        $fs = [string](Get-OptionalValue $byPath[$volumePath[0].ToLowerInvariant()] 'FileSystem')
        $gptType = ([string](Get-OptionalValue $p 'GptType')).ToLowerInvariant()
        if ([string]::IsNullOrEmpty($fs) -or $fs -eq 'RAW' -or $gptType -eq $EspGptType) { continue }
        $letterValue = ([string](Get-OptionalValue $p 'DriveLetter')).Trim([char]0).Trim()
        $mountPoint = $volumePath[0]
        if ($letterValue -match '^[A-Za-z]$') { $mountPoint = $letterValue.ToUpperInvariant() + ':' }
        try {
            $b = Get-BitLockerVolume -MountPoint $mountPoint -ErrorAction Stop
        } catch {
            if ($elevated -and $mountPoint -eq ($letter + ':')) { throw }
            $unreadable.Add([ordered]@{ mountPoint = $mountPoint; message = [string]$_.Exception.Message })
            continue
        }
        $protectors = @(@(Get-OptionalValue $b 'KeyProtector') | Where-Object { $null -ne $_ } | ForEach-Object { [string]$_.KeyProtectorType })
        $volumes.Add([ordered]@{
                mountPoint           = $mountPoint
                volumeStatus         = [int]$b.VolumeStatus
                protectionStatus     = [int]$b.ProtectionStatus
                lockStatus           = [int]$b.LockStatus
                encryptionPercentage = [double]$b.EncryptionPercentage
                keyProtectors        = @($protectors)
            })
    }
}

[ordered]@{
    available  = $available
    diskNumber = $diskNumber
    volumes    = @($volumes.ToArray())
    unreadable = @($unreadable.ToArray())
}

<#
.SYNOPSIS
    BitLocker state of every volume on the OS disk (the disk whose partitions a fix would change). Read-only.
.DESCRIPTION
    The OS disk is the disk of the system drive's partition (Get-Partition -DriveLetter). Each NTFS/ReFS volume
    on it (by drive letter, else by its \\?\Volume{GUID}\ path) is queried with Get-BitLockerVolume. Enums are
    numbers, as ConvertTo-Json gives them (windows-facts.md 4: VolumeStatus 0..5, ProtectionStatus 0 Off / 1 On /
    2 Unknown, LockStatus 0 Unlocked / 1 Locked); key protector types are their names (Tpm, RecoveryPassword...).
    Without the BitLocker module (Server without the feature) nothing can be encrypted: available=false.
    A volume that cannot be queried is an error of the script when elevated (an unknown encryption state must
    not pass as "not encrypted"); when not elevated it is listed under 'unreadable' (the planner refuses a
    non-elevated run anyway). Changes nothing.
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
        # BitLocker encrypts NTFS/ReFS (and FAT data volumes, never the ESP); the ESP and MSR are skipped.
        if ($fs -ne 'NTFS' -and $fs -ne 'ReFS') { continue }
        $letterValue = ([string](Get-OptionalValue $p 'DriveLetter')).Trim([char]0).Trim()
        $mountPoint = $volumePath[0]
        if ($letterValue -match '^[A-Za-z]$') { $mountPoint = $letterValue.ToUpperInvariant() + ':' }
        try {
            $b = Get-BitLockerVolume -MountPoint $mountPoint -ErrorAction Stop
        } catch {
            if ($elevated) { throw }
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

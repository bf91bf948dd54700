<#
.SYNOPSIS
    Suspends BitLocker protection of the OS volume for exactly -RebootCount restarts, before the partition table
    and the WinRE BCD entry change. Idempotent.
.DESCRIPTION
    BitLocker recovery triggers include "changes to the NTFS partition table on the disk" and boot manager
    changes; suspending avoids them (docs/reference/bitlocker.md#volume-status-and-protection, recovery-overview.md). Suspend-BitLocker -RebootCount 1
    resumes protection by itself after the next restart.
    Already done: protection is Off (suspended, or a volume that is not protected at all) -> changed=false.
    Refused (UnexpectedState, nothing changed): the volume is locked, or encryption/decryption is in progress or
    paused (VolumeStatus 2..5): the partition table must not change under a conversion (docs/reference/bitlocker.md#volume-status-and-protection).
.OUTPUTS
    One object, schemas/suspend-bit-locker-protection.schema.json.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidatePattern('^[A-Za-z]:$')][string] $MountPoint,
    [ValidateRange(1, 15)][int] $RebootCount = 1
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

function ConvertTo-EnumNumber {
    # Get-BitLockerVolume enums (Microsoft.BitLocker.Structures) are numbers in JSON; as objects they may be enum
    # values, numbers or names. Returns the number (docs/reference/bitlocker.md#volume-status-and-protection).
    param($Value, [hashtable] $Names)
    if ($null -eq $Value) { return -1 }
    $text = [string]$Value
    if ($text -match '^\d+$') { return [int]$text }
    if ($Names.ContainsKey($text)) { return [int]$Names[$text] }
    return [int]$Value
}

$volumeStatusNames = @{ FullyDecrypted = 0; FullyEncrypted = 1; EncryptionInProgress = 2; DecryptionInProgress = 3; EncryptionPaused = 4; DecryptionPaused = 5 }
$protectionNames = @{ Off = 0; On = 1; Unknown = 2 }
$lockNames = @{ Unlocked = 0; Locked = 1 }

function Read-State {
    $v = Get-BitLockerVolume -MountPoint $MountPoint -ErrorAction Stop
    return [ordered]@{
        mountPoint           = [string]$v.MountPoint
        volumeStatus         = (ConvertTo-EnumNumber $v.VolumeStatus $volumeStatusNames)
        protectionStatus     = (ConvertTo-EnumNumber $v.ProtectionStatus $protectionNames)
        lockStatus           = (ConvertTo-EnumNumber $v.LockStatus $lockNames)
        encryptionPercentage = [double]$v.EncryptionPercentage
    }
}

$before = Read-State
if ($before.lockStatus -eq 1) {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('BitLocker volume ' + $MountPoint + ' is locked; nothing was changed.'))
}
if ($before.volumeStatus -ge 2) {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('BitLocker ' + $MountPoint + ' is converting (VolumeStatus ' + $before.volumeStatus + ', ' + $before.encryptionPercentage + '%); wait until it finishes. Nothing was changed.'))
}

$changed = $false
if ($before.protectionStatus -ne 0) {
    Suspend-BitLocker -MountPoint $MountPoint -RebootCount $RebootCount -ErrorAction Stop | Out-Null
    $changed = $true
}
$after = Read-State
if ($after.protectionStatus -ne 0) {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('Suspend-BitLocker returned but protection of ' + $MountPoint + ' is still ' + $after.protectionStatus + '.'))
}

[ordered]@{
    changed              = $changed
    mountPoint           = $MountPoint
    rebootCount          = $RebootCount
    volumeStatus         = $after.volumeStatus
    protectionBefore     = $before.protectionStatus
    protectionStatus     = $after.protectionStatus
    lockStatus           = $after.lockStatus
    encryptionPercentage = $after.encryptionPercentage
}

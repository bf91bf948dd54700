<#
.SYNOPSIS
    Resumes BitLocker protection that this run suspended (roll-back of Suspend-BitLockerProtection).
.DESCRIPTION
    Idempotent: nothing to do when protection is already on or the volume is not encrypted.
    Resume-BitLocker: learn.microsoft.com/powershell/module/bitlocker/resume-bitlocker.
.OUTPUTS
    schemas/resume-bit-locker-protection.schema.json
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][ValidatePattern('^[A-Za-z]:$')][string] $MountPoint)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$volume = Get-BitLockerVolume -MountPoint $MountPoint
# ProtectionStatus 1 = On; VolumeStatus 0 = FullyDecrypted (numbers: docs/reference/bitlocker.md#volume-status-and-protection).
if ([int]$volume.ProtectionStatus -eq 1 -or [int]$volume.VolumeStatus -eq 0) {
    [ordered]@{ changed = $false; protectionStatus = [int]$volume.ProtectionStatus }
    return
}
$null = Resume-BitLocker -MountPoint $MountPoint
$after = Get-BitLockerVolume -MountPoint $MountPoint
[ordered]@{ changed = $true; protectionStatus = [int]$after.ProtectionStatus }

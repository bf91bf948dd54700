# Simulated BitLocker module: Get-BitLockerVolume, Suspend-BitLocker, Resume-BitLocker over volume.bitLocker.
# Sources: docs/reference/bitlocker.md#volume-status-and-protection; docs/reference/bitlocker.md#volume-status-and-protection (list view and ConvertTo-Json of real volumes).
# Enums are numbers, as ConvertTo-Json shows the real Microsoft.BitLocker.Structures enums: VolumeStatus
# 0 FullyDecrypted .. 5, ProtectionStatus 0 Off / 1 On, LockStatus 0 Unlocked, VolumeType 0 OperatingSystem /
# 1 Data, EncryptionMethod 6 XtsAes128 / 7 XtsAes256, KeyProtectorType 1 Tpm / 3 RecoveryPassword.
# docs/simulation.md "BitLocker" lists the rules and assumptions.

Set-StrictMode -Version 3.0

# Win32_EncryptableVolume GetKeyProtectorType numbering (1 TPM, 2 external key, 3 numerical password, 4 TPM+PIN,
# 5 TPM+startup key, 6 TPM+PIN+startup key, 8 passphrase); 1 and 3 are confirmed by docs/reference/bitlocker.md#volume-status-and-protection, the rest of the
# mapping to the PowerShell enum is inferred.
$script:SimKeyProtectorTypes = @{
    'Tpm' = 1; 'ExternalKey' = 2; 'RecoveryPassword' = 3; 'TpmPin' = 4; 'TpmStartupKey' = 5; 'TpmPinStartupKey' = 6; 'Password' = 8
}

function Get-SimStableHash {
    # Deterministic bytes from a seed, so ids and recovery passwords stay the same between calls.
    param([Parameter(Mandatory = $true)][string] $Seed)
    $sha = [System.Security.Cryptography.SHA256]::Create()
    try { return $sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($Seed)) } finally { $sha.Dispose() }
}

function Get-SimMountPoint {
    # 'C:' for a lettered volume, else its volume path '\\?\Volume{guid}\' (docs/reference/bitlocker.md#volume-status-and-protection show 'C:', 'E:').
    param([Parameter(Mandatory = $true)] $Entry)
    $letter = [string](Get-SimProp $Entry.Partition 'driveLetter' '')
    if ($letter -ne '') { return $letter + ':' }
    return '\\?\Volume' + [string]$Entry.Volume.guid + '\'
}

function Get-SimBitLockerEntries {
    # Volumes Get-BitLockerVolume lists: every formatted volume except the EFI system partition.
    # ASSUMPTION: the ESP (FAT32, no letter) is not listed; recovery volumes without a letter are listed by path.
    param([Parameter(Mandatory = $true)] $Machine)
    foreach ($e in @(Get-SimPartitionEntries -Machine $Machine)) {
        if ($null -eq $e.Volume -or [string]$e.Volume.fileSystem -eq 'RAW') { continue }
        if ([string](Get-SimProp $e.Partition 'gptType' '') -eq $script:SimGptEsp) { continue }
        $e
    }
}

function ConvertTo-SimBitLockerVolume {
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)] $Entry)
    $bl = Get-SimProp $Entry.Volume 'bitLocker'
    $isOs = ([string](Get-SimProp $Entry.Partition 'driveLetter' '') + ':') -eq [string]$Machine.os.systemDrive
    $volumeType = 1
    if ($isOs) { $volumeType = 0 }
    $mount = Get-SimMountPoint -Entry $Entry
    $protectors = @()
    $status = 0; $protection = 0; $lock = 0; $percent = 0; $method = 0; $metadata = 0
    if ($null -ne $bl) {
        $status = [int]$bl.volumeStatus
        $protection = [int]$bl.protectionStatus
        $lock = [int]$bl.lockStatus
        $percent = $bl.encryptionPercentage
        $method = [int]$bl.encryptionMethod
        if ($status -ne 0) { $metadata = 2 }
        $i = 0
        foreach ($kind in @($bl.keyProtectors)) {
            $bytes = Get-SimStableHash -Seed ([string]$Entry.Volume.guid + '|' + $i + '|' + $kind)
            $id = '{' + ([guid]::new([byte[]]$bytes[0..15])).ToString().ToUpperInvariant() + '}'
            $password = ''
            if ($kind -eq 'RecoveryPassword') {
                # 8 groups of 6 digits, each a multiple of 11 (the BitLocker recovery password format).
                $groups = for ($g = 0; $g -lt 8; $g++) { (([int]$bytes[16 + $g] * 256 + [int]$bytes[24 + $g]) * 11).ToString('000000') }
                $password = ($groups -join '-')
            }
            $protectors += [pscustomobject][ordered]@{
                KeyProtectorId      = $id
                AutoUnlockProtector = $null
                KeyProtectorType    = [int]$script:SimKeyProtectorTypes[[string]$kind]
                KeyFileName         = ''
                RecoveryPassword    = $password
                KeyCertificateType  = $null
                Thumbprint          = ''
            }
            $i++
        }
    }
    $autoUnlockStored = $null
    if ($isOs) { $autoUnlockStored = $false }
    $capacity = [math]::Round([double]$Entry.Volume.size / 1GB, 5)
    $obj = [pscustomobject][ordered]@{
        ComputerName          = [string]$Machine.os.computerName
        MountPoint            = $mount
        EncryptionMethod      = $method
        EncryptionMethodFlags = 0
        AutoUnlockEnabled     = $null
        AutoUnlockKeyStored   = $autoUnlockStored
        MetadataVersion       = $metadata
        VolumeStatus          = $status
        ProtectionStatus      = $protection
        LockStatus            = $lock
        EncryptionPercentage  = $percent
        WipePercentage        = 0
        VolumeType            = $volumeType
        CapacityGB            = $capacity
        KeyProtector          = $protectors
    }
    $obj.PSObject.TypeNames.Insert(0, 'Microsoft.BitLocker.Structures.BitLockerVolume')
    return $obj
}

function Resolve-SimBitLockerMountPoint {
    # 'C:', 'C', 'C:\' or '\\?\Volume{guid}\' -> entry, or $null.
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)][string] $MountPoint)
    $entries = @(Get-SimBitLockerEntries -Machine $Machine)
    $mp = $MountPoint.Trim()
    if ($mp -match '^([A-Za-z]):?\\?$') {
        $letter = $Matches[1].ToUpperInvariant()
        foreach ($e in $entries) { if ([string](Get-SimProp $e.Partition 'driveLetter' '') -eq $letter) { return $e } }
        return $null
    }
    if ($mp -match '^\\\\\?\\Volume(\{[0-9A-Fa-f-]{36}\})\\?$') {
        $g = $Matches[1].ToLowerInvariant()
        foreach ($e in $entries) { if ([string]$e.Volume.guid -eq $g) { return $e } }
    }
    return $null
}

function New-SimBitLockerError {
    # ASSUMPTION: the real BitLocker module surfaces Win32_EncryptableVolume failures as exceptions whose text is
    # the HRESULT message; the exact records were not captured.
    param([Parameter(Mandatory = $true)][string] $Cmdlet, [Parameter(Mandatory = $true)][string] $Message, [Parameter(Mandatory = $true)][string] $Id, [System.Management.Automation.ErrorCategory] $Category = 'NotSpecified', $Target = $null)
    $exception = [System.Exception]::new($Message)
    # PowerShell appends ',<cmdlet>' to the id when the record is written through the cmdlet.
    return [System.Management.Automation.ErrorRecord]::new($exception, $Id, $Category, $Target)
}

function Write-SimBitLockerFault {
    # Declared fault for a BitLocker cmdlet: 'AccessDenied' or any catalogue name of 00-Machine.ps1 (CIM-shaped),
    # else a generic failure carrying the name.
    param([Parameter(Mandatory = $true)] $Caller, [Parameter(Mandatory = $true)][string] $Cmdlet, [Parameter(Mandatory = $true)][string] $Name)
    $record = Get-SimNamedError -Name $Name -Cmdlet $Cmdlet -TargetClass 'Win32_EncryptableVolume'
    if ($null -eq $record) { $record = New-SimBitLockerError -Cmdlet $Cmdlet -Message $Name -Id 'SimulatedFault' }
    $Caller.WriteError($record)
}

function Use-SimCallerErrorAction {
    # Module functions do not see the caller's $ErrorActionPreference; cmdlets do. Returns the caller's value
    # (or the -ErrorAction given) so the simulated cmdlet can set it locally.
    param([Parameter(Mandatory = $true)] $Caller, [Parameter(Mandatory = $true)] $Bound)
    if ($Bound.ContainsKey('ErrorAction')) { return $Bound['ErrorAction'] }
    $value = $Caller.SessionState.PSVariable.GetValue('ErrorActionPreference')
    if ($null -eq $value) { return 'Continue' }
    return $value
}

function Get-BitLockerVolume {
    [CmdletBinding()]
    param([Parameter(Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][string[]] $MountPoint)
    begin {
        $ErrorActionPreference = Use-SimCallerErrorAction -Caller $PSCmdlet -Bound $PSBoundParameters
        $machine = Read-SimMachine
        $fault = Register-SimCall -Machine $machine -Command 'Get-BitLockerVolume'
        $denied = -not [bool]$machine.os.isElevated
    }
    process {
        if ($denied) {
            # docs/reference/bitlocker.md#volume-status-and-protection: non-elevated, the real cmdlet reports 'Access denied' and lists nothing.
            $PSCmdlet.WriteError((Get-SimNamedError -Name 'AccessDenied' -Cmdlet 'Get-BitLockerVolume' -TargetClass 'Win32_EncryptableVolume'))
            return
        }
        if ($null -ne $fault) { Write-SimBitLockerFault -Caller $PSCmdlet -Cmdlet 'Get-BitLockerVolume' -Name $fault; return }
        if ($null -eq $MountPoint -or $MountPoint.Count -eq 0) {
            foreach ($e in @(Get-SimBitLockerEntries -Machine $machine)) { ConvertTo-SimBitLockerVolume -Machine $machine -Entry $e }
            return
        }
        foreach ($mp in $MountPoint) {
            $entry = Resolve-SimBitLockerMountPoint -Machine $machine -MountPoint $mp
            if ($null -eq $entry) {
                # ASSUMPTION: an unknown mount point fails like Win32 ERROR_FILE_NOT_FOUND.
                $PSCmdlet.WriteError((New-SimBitLockerError -Cmdlet 'Get-BitLockerVolume' -Message 'The system cannot find the file specified. (Exception from HRESULT: 0x80070002)' -Id 'System.IO.FileNotFoundException' -Category ObjectNotFound -Target $mp))
                continue
            }
            ConvertTo-SimBitLockerVolume -Machine $machine -Entry $entry
        }
    }
}

function Set-SimBitLockerProtection {
    # Shared body of Suspend-BitLocker / Resume-BitLocker for one mount point.
    param([Parameter(Mandatory = $true)] $Caller, [Parameter(Mandatory = $true)][string] $Cmdlet, [Parameter(Mandatory = $true)][string] $MountPoint, [Nullable[int]] $RebootCount, [switch] $Resume)
    $machine = Read-SimMachine
    $fault = Register-SimCall -Machine $machine -Command $Cmdlet
    if (-not [bool]$machine.os.isElevated) {
        $Caller.WriteError((Get-SimNamedError -Name 'AccessDenied' -Cmdlet $Cmdlet -TargetClass 'Win32_EncryptableVolume'))
        return
    }
    if ($null -ne $fault) { Write-SimBitLockerFault -Caller $Caller -Cmdlet $Cmdlet -Name $fault; return }
    $entry = Resolve-SimBitLockerMountPoint -Machine $machine -MountPoint $MountPoint
    if ($null -eq $entry) {
        $Caller.WriteError((New-SimBitLockerError -Cmdlet $Cmdlet -Message 'The system cannot find the file specified. (Exception from HRESULT: 0x80070002)' -Id 'System.IO.FileNotFoundException' -Category ObjectNotFound -Target $MountPoint))
        return
    }
    if (-not (Test-SimBitLockerVolume -Volume $entry.Volume)) {
        # FVE_E_NOT_ENCRYPTED 0x80310001. ASSUMPTION: the cmdlet surfaces it as this error.
        $Caller.WriteError((New-SimBitLockerError -Cmdlet $Cmdlet -Message 'BitLocker Drive Encryption is not enabled on this drive. Turn on BitLocker. (Exception from HRESULT: 0x80310001)' -Id 'System.Runtime.InteropServices.COMException' -Category InvalidOperation -Target $MountPoint))
        return
    }
    if (-not $Caller.ShouldProcess((Get-SimMountPoint -Entry $entry), $Cmdlet)) { return }
    $diskId = [string]$entry.Disk.uniqueId
    $offset = [long]$entry.Partition.offset
    $detail = $Cmdlet + ' ' + (Get-SimMountPoint -Entry $entry)
    if (-not $Resume) { $detail = $detail + ' RebootCount=' + $RebootCount }
    $null = Invoke-SimMutation -Machine $machine -Command $Cmdlet -Detail $detail -Action {
        param($m)
        $e = Find-SimPartition -Machine $m -DiskUniqueId $diskId -Offset $offset
        $bl = $e.Volume.bitLocker
        if ($Resume) {
            # Protection comes back on only when there is a protector to protect with.
            if (@($bl.keyProtectors).Count -gt 0) { $bl.protectionStatus = 1 }
            Remove-SimProp $bl 'suspendedRebootCount'
        } else {
            # Suspend: data stays encrypted, protection Off until the reboot count runs out (0 = until
            # Resume-BitLocker) [docs/reference/bitlocker.md#volume-status-and-protection, Suspend-BitLocker.md]. 70-Reboot.ps1 counts it down.
            $bl.protectionStatus = 0
            Set-SimProp $bl 'suspendedRebootCount' ([int]$RebootCount)
        }
    }
    $after = Read-SimMachine
    $now = Find-SimPartition -Machine $after -DiskUniqueId $diskId -Offset $offset
    return (ConvertTo-SimBitLockerVolume -Machine $after -Entry $now)
}

function Suspend-BitLocker {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param(
        [Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][string[]] $MountPoint,
        [ValidateRange(0, 15)][int] $RebootCount = 1
    )
    begin { $ErrorActionPreference = Use-SimCallerErrorAction -Caller $PSCmdlet -Bound $PSBoundParameters }
    process {
        foreach ($mp in $MountPoint) {
            Set-SimBitLockerProtection -Caller $PSCmdlet -Cmdlet 'Suspend-BitLocker' -MountPoint $mp -RebootCount $RebootCount
        }
    }
}

function Resume-BitLocker {
    [CmdletBinding(SupportsShouldProcess = $true)]
    param([Parameter(Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][string[]] $MountPoint)
    begin { $ErrorActionPreference = Use-SimCallerErrorAction -Caller $PSCmdlet -Bound $PSBoundParameters }
    process {
        foreach ($mp in $MountPoint) {
            Set-SimBitLockerProtection -Caller $PSCmdlet -Cmdlet 'Resume-BitLocker' -MountPoint $mp -Resume
        }
    }
}

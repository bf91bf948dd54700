# Simulated BitLocker module: Get-BitLockerVolume, Suspend-BitLocker, Resume-BitLocker over volume.bitLocker.
# Sources: docs/reference/bitlocker.md#volume-status-and-protection; docs/reference/bitlocker.md#volume-status-and-protection (list view and ConvertTo-Json of real volumes).
# Enums are real .NET enums, as the Microsoft.BitLocker.Structures ones: the list view prints their names
# (`VolumeStatus : FullyEncrypted`, `ProtectionStatus : Off`, `KeyProtector : {Tpm, RecoveryPassword}`), a script
# compares them with names (`$_.KeyProtectorType -eq 'TpmPin'`, Remove-BitLockerKeyProtector example 2 on
# https://learn.microsoft.com/powershell/module/bitlocker/remove-bitlockerkeyprotector) or numbers, and
# ConvertTo-Json writes the numbers (docs/reference/bitlocker.md#volume-status-and-protection: VolumeStatus 1,
# ProtectionStatus 1, VolumeType 0, EncryptionMethod 6, KeyProtectorType 3 / 1).
# docs/simulation.md "BitLocker" lists the rules and assumptions.

Set-StrictMode -Version 3.0

# The enums, built on first use with System.Reflection.Emit (a PowerShell `enum` costs about a second at every
# simulator load; this costs a fraction, once per process, only when a BitLocker command runs).
# KeyProtectorType: numbers as Win32_EncryptableVolume.GetKeyProtectorType returns them (0 unknown, 1 TPM,
# 2 external key, 3 numerical password, 4 TPM+PIN, 5 TPM+startup key, 6 TPM+PIN+startup key, 7 public key,
# 8 passphrase, 9 TPM certificate, 10 CNG protector:
# https://learn.microsoft.com/windows/win32/secprov/getkeyprotectortype-win32-encryptablevolume); names Tpm and
# RecoveryPassword as printed (docs/reference/bitlocker.md#volume-status-and-protection), TpmPin (the
# Remove-BitLockerKeyProtector example), the others as the module's -*Protector parameters name them
# (https://learn.microsoft.com/powershell/module/bitlocker/add-bitlockerkeyprotector). ASSUMPTION: 9 TpmNetworkKey,
# 10 AdAccountOrGroup.
# VolumeStatus: Win32_EncryptableVolume ConversionStatus numbering, names of the module (FullyEncrypted,
# EncryptionInProgress observed in docs/reference/bitlocker.md). ASSUMPTION: 4 EncryptionSuspended, 5 DecryptionSuspended.
# EncryptionMethod: Win32_EncryptableVolume GetEncryptionMethod numbering; Aes128/Aes256/XtsAes128/XtsAes256 as
# Enable-BitLocker -EncryptionMethod names them. ASSUMPTION: 1 Aes128Diffuser, 2 Aes256Diffuser, 5 Hardware.
# ASSUMPTION: the enum type names (Microsoft.BitLocker.Structures.BitLockerVolume<Kind>, the namespace of the
# volume object's type).
$script:SimBitLockerEnumValues = [ordered]@{
    KeyProtectorType = [ordered]@{ Unknown = 0; Tpm = 1; ExternalKey = 2; RecoveryPassword = 3; TpmPin = 4; TpmStartupKey = 5; TpmPinStartupKey = 6; PublicKey = 7; Password = 8; TpmNetworkKey = 9; AdAccountOrGroup = 10 }
    Status           = [ordered]@{ FullyDecrypted = 0; FullyEncrypted = 1; EncryptionInProgress = 2; DecryptionInProgress = 3; EncryptionSuspended = 4; DecryptionSuspended = 5 }
    ProtectionStatus = [ordered]@{ Off = 0; On = 1; Unknown = 2 }
    LockStatus       = [ordered]@{ Unlocked = 0; Locked = 1 }
    Type             = [ordered]@{ OperatingSystem = 0; Data = 1 }
    EncryptionMethod = [ordered]@{ None = 0; Aes128Diffuser = 1; Aes256Diffuser = 2; Aes128 = 3; Aes256 = 4; Hardware = 5; XtsAes128 = 6; XtsAes256 = 7 }
}
$script:SimBitLockerEnums = $null

function ConvertTo-SimBitLockerEnum {
    # $Value (a number or a name) as the BitLocker enum $Kind (VolumeStatus, VolumeType, or a key of
    # $script:SimBitLockerEnumValues).
    param([Parameter(Mandatory = $true)][string] $Kind, [Parameter(Mandatory = $true)] $Value)
    if ($null -eq $script:SimBitLockerEnums) {
        $name = New-Object System.Reflection.AssemblyName -ArgumentList 'WinReFix.Simulator.BitLocker'
        $assembly = [System.Reflection.Emit.AssemblyBuilder]::DefineDynamicAssembly($name, [System.Reflection.Emit.AssemblyBuilderAccess]::Run)
        $module = $assembly.DefineDynamicModule('WinReFix.Simulator.BitLocker')
        $types = @{}
        foreach ($k in @($script:SimBitLockerEnumValues.Keys)) {
            $builder = $module.DefineEnum('Microsoft.BitLocker.Structures.BitLockerVolume' + $k, [System.Reflection.TypeAttributes]::Public, [int])
            foreach ($literal in @($script:SimBitLockerEnumValues[$k].Keys)) { $null = $builder.DefineLiteral($literal, [int]$script:SimBitLockerEnumValues[$k][$literal]) }
            $types[$k] = $builder.CreateTypeInfo().AsType()
        }
        $script:SimBitLockerEnums = $types
    }
    $key = $Kind
    if ($Kind -eq 'VolumeStatus') { $key = 'Status' }
    if ($Kind -eq 'VolumeType') { $key = 'Type' }
    $type = $script:SimBitLockerEnums[$key]
    if ($Value -is [string]) { return [Enum]::Parse($type, $Value, $true) }
    return [Enum]::ToObject($type, [int]$Value)
}

function Get-SimKeyProtectors {
    # The volume's key protectors from the machine file: each item a type name ('Tpm', 'RecoveryPassword', ...)
    # or an object { type; id; recoveryPassword } giving the id / password a script will see. Missing ids and
    # passwords are derived from the volume GUID, stable between calls. Returns { Type (enum); Id; Password }.
    param([Parameter(Mandatory = $true)] $Volume)
    $bl = Get-SimProp $Volume 'bitLocker'
    if ($null -eq $bl) { return }
    $i = 0
    foreach ($item in @(Get-SimProp $bl 'keyProtectors' @())) {
        if ($null -eq $item) { continue }
        $kind = $item
        $id = $null
        $password = $null
        if ($item -isnot [string]) {
            $kind = [string]$item.type
            $id = Get-SimProp $item 'id'
            $password = Get-SimProp $item 'recoveryPassword'
        }
        $type = ConvertTo-SimBitLockerEnum -Kind KeyProtectorType -Value ([string]$kind)
        $bytes = Get-SimStableHash -Seed ([string]$Volume.guid + '|' + $i + '|' + $kind)
        if ([string]::IsNullOrEmpty([string]$id)) {
            $id = '{' + ([guid]::new([byte[]]$bytes[0..15])).ToString().ToUpperInvariant() + '}'
        }
        if ([int]$type -ne 3) { $password = '' }
        elseif ([string]::IsNullOrEmpty([string]$password)) {
            # 8 groups of 6 digits, each a multiple of 11 (the BitLocker recovery password format).
            $groups = for ($g = 0; $g -lt 8; $g++) { (([int]$bytes[16 + $g] * 256 + [int]$bytes[24 + $g]) * 11).ToString('000000') }
            $password = ($groups -join '-')
        }
        [pscustomobject]@{ Type = $type; Id = [string]$id; Password = [string]$password }
        $i++
    }
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
        foreach ($k in @(Get-SimKeyProtectors -Volume $Entry.Volume)) {
            $protector = [pscustomobject][ordered]@{
                KeyProtectorId      = $k.Id
                AutoUnlockProtector = $null
                KeyProtectorType    = $k.Type
                KeyFileName         = ''
                RecoveryPassword    = $k.Password
                KeyCertificateType  = $null
                Thumbprint          = ''
            }
            # The module's KeyProtector object prints as its type: `KeyProtector : {Tpm, RecoveryPassword}`
            # (docs/reference/bitlocker.md#volume-status-and-protection, list view).
            $protector.PSObject.TypeNames.Insert(0, 'Microsoft.BitLocker.Structures.BitLockerVolumeKeyProtector')
            Add-Member -InputObject $protector -MemberType ScriptMethod -Name ToString -Value { [string]$this.KeyProtectorType } -Force
            $protectors += $protector
        }
    }
    $autoUnlockStored = $null
    if ($isOs) { $autoUnlockStored = $false }
    $capacity = [math]::Round([double]$Entry.Volume.size / 1GB, 5)
    $obj = [pscustomobject][ordered]@{
        ComputerName          = [string]$Machine.os.computerName
        MountPoint            = $mount
        EncryptionMethod      = (ConvertTo-SimBitLockerEnum -Kind EncryptionMethod -Value $method)
        EncryptionMethodFlags = 0
        AutoUnlockEnabled     = $null
        AutoUnlockKeyStored   = $autoUnlockStored
        MetadataVersion       = $metadata
        VolumeStatus          = (ConvertTo-SimBitLockerEnum -Kind VolumeStatus -Value $status)
        ProtectionStatus      = (ConvertTo-SimBitLockerEnum -Kind ProtectionStatus -Value $protection)
        LockStatus            = (ConvertTo-SimBitLockerEnum -Kind LockStatus -Value $lock)
        EncryptionPercentage  = $percent
        WipePercentage        = 0
        VolumeType            = (ConvertTo-SimBitLockerEnum -Kind VolumeType -Value $volumeType)
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

# Simulated OS facts: elevation (Test-WinReFixElevated), Win32_OperatingSystem and Win32_Volume (Get-CimInstance,
# Get-WmiObject), the registry
# values our fact scripts read (Get-ItemProperty / Get-ItemPropertyValue; Test-Path, Get-Item and Get-ChildItem
# dispatch here from 60-FileSystem.ps1), System events (Get-WinEvent) and Windows Update history (the
# Microsoft.Update.Session COM object through New-Object). Everything else passes through to the real cmdlet.
# Sources: docs/reference/update-failure.md#detecting-the-failure; docs/reference/reagentc.md#winre-registry-values, docs/reference/update-failure.md#winreagent-events, docs/reference/update-failure.md#windows-update-client-events, docs/reference/update-failure.md#update-history-from-automation. docs/simulation.md "System facts".

Set-StrictMode -Version 3.0

# Production code sees a Windows environment. Only the simulator sets these (it is loaded only to simulate).
# The values a process has on Windows: SYSTEM (Intune, ConfigMgr, a startup task) unless os.userName names the
# interactive user. Sources: https://learn.microsoft.com/windows/deployment/usmt/usmt-recognized-environment-variables
# (ALLUSERSPROFILE, ProgramData, ProgramFiles, ProgramFiles(x86), CommonProgramFiles, PUBLIC, SystemDrive, SystemRoot,
# windir, USERPROFILE under C:\Users); SYSTEM's profile is %SystemRoot%\system32\config\systemprofile and its TEMP
# and TMP are %SystemRoot%\TEMP, from HKLM\SYSTEM\CurrentControlSet\Control\Session Manager\Environment
# (https://learn.microsoft.com/windows/win32/services/localsystem-account: no user profile of its own;
# chocolatey/choco issue #532 shows SYSTEM's TEMP); a SYSTEM process's USERNAME is the computer account,
# '<COMPUTERNAME>$' (https://ss64.com/nt/syntax-variables.html). USERDOMAIN is os.domain on a domain PC (SYSTEM's
# too), else ASSUMPTION: 'WORKGROUP' (a PC in no domain); PROCESSOR_ARCHITECTURE is os.architecture (default AMD64).
# Not set: Path/PATH, PSModulePath, TMPDIR, HOME, PATHEXT, ComSpec (pwsh and the simulated executables
# on PATH need the Linux values).
# Each is set once, in the casing Windows gives it; any casing reads it, as on Windows, through the simulated
# Env: drive (51-Environment.ps1).
function Get-SimWindowsEnvironment {
    param([Parameter(Mandatory = $true)] $Machine)
    $drive = [string]$Machine.os.systemDrive
    $windows = $drive + '\Windows'
    $computer = [string]$Machine.os.computerName
    $user = [string](Get-SimProp $Machine.os 'userName' '')
    $vars = [ordered]@{
        ALLUSERSPROFILE             = $drive + '\ProgramData'
        CommonProgramFiles          = $drive + '\Program Files\Common Files'
        'CommonProgramFiles(x86)'   = $drive + '\Program Files (x86)\Common Files'
        CommonProgramW6432          = $drive + '\Program Files\Common Files'
        COMPUTERNAME                = $computer
        DriverData                  = $windows + '\System32\Drivers\DriverData'
        OS                          = 'Windows_NT'
        PROCESSOR_ARCHITECTURE      = [string](Get-SimProp $Machine.os 'architecture' 'AMD64')
        ProgramData                 = $drive + '\ProgramData'
        ProgramFiles                = $drive + '\Program Files'
        'ProgramFiles(x86)'         = $drive + '\Program Files (x86)'
        ProgramW6432                = $drive + '\Program Files'
        PUBLIC                      = $drive + '\Users\Public'
        SystemDrive                 = $drive
        SystemRoot                  = $windows
        windir                      = $windows
        USERDOMAIN                  = [string](Get-SimProp $Machine.os 'domain' 'WORKGROUP')
    }
    if ([string]::IsNullOrEmpty($user) -or $user -eq 'SYSTEM') {
        $profileDir = $windows + '\system32\config\systemprofile'
        $vars['USERNAME'] = $computer + '$'
        $vars['USERPROFILE'] = $profileDir
        $vars['APPDATA'] = $profileDir + '\AppData\Roaming'
        $vars['LOCALAPPDATA'] = $profileDir + '\AppData\Local'
        $vars['TEMP'] = $windows + '\TEMP'
        $vars['TMP'] = $windows + '\TEMP'
    } else {
        $profileDir = $drive + '\Users\' + $user
        $vars['USERNAME'] = $user
        $vars['USERPROFILE'] = $profileDir
        $vars['HOMEDRIVE'] = $drive
        $vars['HOMEPATH'] = '\Users\' + $user
        $vars['APPDATA'] = $profileDir + '\AppData\Roaming'
        $vars['LOCALAPPDATA'] = $profileDir + '\AppData\Local'
        $vars['TEMP'] = $profileDir + '\AppData\Local\Temp'
        $vars['TMP'] = $profileDir + '\AppData\Local\Temp'
    }
    return $vars
}

function Set-SimWindowsEnvironment {
    param([Parameter(Mandatory = $true)] $Machine)
    Enable-SimEnvDrive
    $vars = Get-SimWindowsEnvironment -Machine $Machine
    $existing = @([System.Environment]::GetEnvironmentVariables().Keys)
    foreach ($name in @($vars.Keys)) {
        # One variable per name, in its Windows casing: drop any other casing first (a parent process's, say).
        # No pipeline here (this runs at every simulator load).
        foreach ($key in $existing) {
            if ([string]::Equals([string]$key, $name, [System.StringComparison]::OrdinalIgnoreCase) -and -not [string]::Equals([string]$key, $name, [System.StringComparison]::Ordinal)) {
                [System.Environment]::SetEnvironmentVariable([string]$key, $null)
            }
        }
        [System.Environment]::SetEnvironmentVariable($name, [string]$vars[$name])
    }
}

# The environment is set when the simulator is loaded: simulator/99-Boot.ps1 (after every file has defined its
# functions: reading the machine file needs 60-FileSystem.ps1's Sync-SimFsHost).

# ------------------------------------------------------------------------------------------------------------
# Errors shaped as the real cmdlet writes them: FullyQualifiedErrorId '<id>,<cmdlet class>'. A function's
# WriteError would append ',<function name>'; PreserveInvocationInfoOnce (internal, PowerShell 3+) stops that.
# ------------------------------------------------------------------------------------------------------------

function New-SimCmdletErrorRecord {
    param(
        [Parameter(Mandatory = $true)][System.Exception] $Exception,
        [Parameter(Mandatory = $true)][string] $ErrorId,
        [Parameter(Mandatory = $true)][string] $CmdletType,
        [System.Management.Automation.ErrorCategory] $Category = 'NotSpecified',
        $Target = $null
    )
    $record = [System.Management.Automation.ErrorRecord]::new($Exception, ($ErrorId + ',' + $CmdletType), $Category, $Target)
    $flag = $record.GetType().GetProperty('PreserveInvocationInfoOnce', [System.Reflection.BindingFlags]'NonPublic,Instance')
    if ($null -ne $flag) { $flag.SetValue($record, $true) }
    return $record
}

function New-SimPathNotFoundRecord {
    # "Cannot find path '<path>' because it does not exist." ItemNotFoundException, ObjectNotFound, PathNotFound.
    param([Parameter(Mandatory = $true)][string] $Path, [Parameter(Mandatory = $true)][string] $CmdletType)
    $exception = [System.Management.Automation.ItemNotFoundException]::new("Cannot find path '$Path' because it does not exist.")
    return New-SimCmdletErrorRecord -Exception $exception -ErrorId 'PathNotFound' -CmdletType $CmdletType -Category ObjectNotFound -Target $Path
}

function Get-SimCallerErrorAction {
    # A module function does not see its caller's $ErrorActionPreference (a cmdlet does): read it from the caller.
    param([Parameter(Mandatory = $true)] $Caller, [Parameter(Mandatory = $true)] $Bound)
    if ($Bound.ContainsKey('ErrorAction')) { return $Bound['ErrorAction'] }
    $value = $Caller.SessionState.PSVariable.GetValue('ErrorActionPreference')
    if ($null -eq $value) { return 'Continue' }
    return $value
}

function ConvertTo-SimDateTime {
    # Machine dates are ISO 8601 strings (Read-SimMachine keeps them strings); DateTime in UTC.
    param([Parameter(Mandatory = $true)] $Value)
    if ($Value -is [datetime]) { return $Value.ToUniversalTime() }
    return [datetime]::Parse([string]$Value, [System.Globalization.CultureInfo]::InvariantCulture, [System.Globalization.DateTimeStyles]'AdjustToUniversal, AssumeUniversal')
}

function Invoke-SimPassThrough {
    # Runs the real command with the caller's bound parameters and pipeline input, e.g. for paths that are not on
    # the simulated machine (/tmp stays real).
    param([Parameter(Mandatory = $true)][string] $Command, [Parameter(Mandatory = $true)] $Bound, [object[]] $InputObjects)
    # Cmdlet or function: on Windows PowerShell 5.1 Get-FileHash is a script function of its module.
    $real = Get-Command -Name $Command -CommandType Cmdlet, Function -ErrorAction Stop
    if ($null -ne $InputObjects -and $InputObjects.Count -gt 0) { return ($InputObjects | & $real @Bound) }
    return (& $real @Bound)
}

# ------------------------------------------------------------------------------------------------------------
# Elevation and the OS.
# ------------------------------------------------------------------------------------------------------------

function Test-WinReFixElevated {
    # Overrides ps-scripts/lib/NativeCommand.ps1: the simulated process is elevated when os.isElevated.
    return [bool](Read-SimMachine).os.isElevated
}

# LCIDs of the display languages our fixtures use (Win32_OperatingSystem.OSLanguage is an LCID).
$script:SimLcids = @{ 'en-US' = 1033; 'de-DE' = 1031; 'zh-CN' = 2052; 'ru-RU' = 1049; 'ja-JP' = 1041; 'fr-FR' = 1036; 'en-GB' = 2057 }

function Get-SimOsObject {
    param([Parameter(Mandatory = $true)] $Machine)
    $os = $Machine.os
    $lang = [string]$os.uiLanguage
    $lcid = 1033
    if ($script:SimLcids.ContainsKey($lang)) { $lcid = $script:SimLcids[$lang] }
    $productType = 1
    if ([string]$os.edition -like 'Server*') { $productType = 3 }
    $obj = [pscustomobject][ordered]@{
        Caption          = [string]$os.caption
        BuildNumber      = [string]$os.build
        Version          = '10.0.' + [string]$os.build
        OSLanguage       = [uint32]$lcid
        MUILanguages     = [string[]]@($lang)
        SystemDrive      = [string]$os.systemDrive
        WindowsDirectory = [string]$os.systemDrive + '\Windows'
        SystemDirectory  = [string]$os.systemDrive + '\Windows\system32'
        CSName           = [string]$os.computerName
        OSArchitecture   = '64-bit'
        ProductType      = [uint32]$productType
    }
    $obj.PSObject.TypeNames.Insert(0, 'Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_OperatingSystem')
    return $obj
}

function Get-SimComputerSystemProduct {
    # Win32_ComputerSystemProduct: UUID is the SMBIOS system UUID; firmware without one reports all F (or zeros)
    # (https://learn.microsoft.com/windows/win32/cimwin32prov/win32-computersystemproduct). A machine file without
    # os.identity.smbiosUuid has firmware that gives none: all F.
    param([Parameter(Mandatory = $true)] $Machine)
    $uuid = [string](Get-SimProp (Get-SimProp $Machine.os 'identity') 'smbiosUuid' '')
    if ([string]::IsNullOrEmpty($uuid)) { $uuid = 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF' }
    $obj = [pscustomobject][ordered]@{
        Caption           = 'Computer System Product'
        IdentifyingNumber = 'SIM-' + [string]$Machine.os.computerName
        Name              = 'Simulated PC'
        UUID              = $uuid
        Vendor            = 'winre-fix simulator'
    }
    $obj.PSObject.TypeNames.Insert(0, 'Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_ComputerSystemProduct')
    return $obj
}

function Get-SimConfigMgrClient {
    # root\ccm CCM_Client (ClientId = the SMS Unique Identifier, 'GUID:...';
    # https://learn.microsoft.com/intune/configmgr/develop/core/servers/configure/how-to-get-the-unique-identifier-value-for-a-client).
    # Without a ConfigMgr client the root\ccm namespace does not exist: Get-CimInstance fails with WMI's
    # WBEM_E_INVALID_NAMESPACE, 0x8004100E "Invalid namespace"
    # (https://learn.microsoft.com/windows/win32/wmisdk/wmi-error-constants).
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)] $Caller)
    $id = [string](Get-SimProp (Get-SimProp $Machine.os 'identity') 'configMgrClientId' '')
    if ([string]::IsNullOrEmpty($id)) {
        $ex = New-Object System.Management.Automation.RuntimeException('Invalid namespace ')
        $Caller.WriteError((New-SimCmdletErrorRecord -Exception $ex -ErrorId 'HRESULT 0x8004100e' -CmdletType 'Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand' -Category MetadataError -Target 'root\ccm'))
        return
    }
    $obj = [pscustomobject][ordered]@{ ClientId = $id; ClientType = [uint32]1; PreviousClientId = $null }
    $obj.PSObject.TypeNames.Insert(0, 'Microsoft.Management.Infrastructure.CimInstance#root/ccm/CCM_Client')
    return $obj
}

function Get-SimWin32Volumes {
    # Win32_Volume for every formatted volume (the MS sample script reads Capacity/FreeSpace by DeviceID =
    # the \\?\Volume{GUID}\ path, docs/reference/reagentc.md#microsofts-sample-script; our Get-DiskLayout reads DirtyBitSet).
    param([Parameter(Mandatory = $true)] $Machine)
    foreach ($e in @(Get-SimPartitionEntries -Machine $Machine)) {
        $v = $e.Volume
        if ($null -eq $v) { continue }
        $letter = [string](Get-SimProp $e.Partition 'driveLetter' '')
        $driveLetter = $null
        $name = '\\?\Volume' + [string]$v.guid + '\'
        if ($letter -ne '') { $driveLetter = $letter + ':'; $name = $letter + ':\' }
        $fs = [string]$v.fileSystem
        if ($fs -eq 'RAW') { $fs = $null }
        $o = [pscustomobject][ordered]@{
            DeviceID     = '\\?\Volume' + [string]$v.guid + '\'
            DriveLetter  = $driveLetter
            Name         = $name
            Label        = [string]$v.label
            FileSystem   = $fs
            Capacity     = [uint64]$v.size
            FreeSpace    = [uint64](Get-SimVolumeFree -Volume $v)
            DirtyBitSet  = [bool]$v.dirty
            DriveType    = [uint32]3
            BootVolume   = [bool]$e.Partition.isBoot
            SystemVolume = [bool]$e.Partition.isSystem
        }
        $o.PSObject.TypeNames.Insert(0, 'Microsoft.Management.Infrastructure.CimInstance#root/cimv2/Win32_Volume')
        $o
    }
}

function Select-SimWqlFilter {
    # WQL -Filter / WHERE clause: "Prop = 'value'" or "Prop = 3" / TRUE / FALSE terms joined by AND, compared
    # case-insensitively as WMI compares strings (https://learn.microsoft.com/windows/win32/wmisdk/wql-operators).
    # Anything else is refused loudly: a script must not get a silently wrong answer.
    param([Parameter(Mandatory = $true)][AllowEmptyCollection()][object[]] $Objects, [string] $Filter)
    if ([string]::IsNullOrWhiteSpace($Filter)) { return $Objects }
    $terms = @($Filter -split '(?i)\s+AND\s+')
    $tests = foreach ($t in $terms) {
        if ($t -match "^\s*\(?\s*(\w+)\s*=\s*'([^']*)'\s*\)?\s*$" -or $t -match '^\s*\(?\s*(\w+)\s*=\s*"([^"]*)"\s*\)?\s*$') {
            @{ Name = $Matches[1]; Value = $Matches[2].Replace('\\', '\') }
        } elseif ($t -match '^\s*\(?\s*(\w+)\s*=\s*(-?\d+|TRUE|FALSE)\s*\)?\s*$') {
            @{ Name = $Matches[1]; Value = $Matches[2] }
        } else {
            throw "Simulator: WQL filter '$Filter' is not simulated (only Prop = 'value' / number / TRUE / FALSE joined by AND)."
        }
    }
    foreach ($o in $Objects) {
        $ok = $true
        foreach ($t in $tests) {
            $p = $o.PSObject.Properties[$t.Name]
            if ($null -eq $p) { throw "Simulator: WQL filter on '$($t.Name)', a property this simulated class does not have." }
            $v = $p.Value
            if ($v -is [bool]) { $v = $v.ToString().ToUpperInvariant() }
            elseif ($null -ne $v -and $v.GetType().IsEnum) { $v = [string][int]$v }
            if (-not [string]::Equals([string]$v, [string]$t.Value, [System.StringComparison]::OrdinalIgnoreCase)) { $ok = $false }
        }
        if ($ok) { $o }
    }
}

function ConvertFrom-SimWqlQuery {
    # "SELECT * FROM <class> [WHERE <filter>]" -> @{ Class; Filter }. Other WQL (ASSOCIATORS OF, property lists
    # that matter, JOIN-like forms) is refused loudly.
    param([Parameter(Mandatory = $true)][string] $Query)
    if ($Query -match '(?is)^\s*SELECT\s+(\*|[\w\s,]+?)\s+FROM\s+(\w+)\s*(WHERE\s+(.+?))?\s*$') {
        return @{ Class = $Matches[2]; Filter = [string]$Matches[4] }
    }
    throw "Simulator: WQL query '$Query' is not simulated (only SELECT ... FROM <class> [WHERE Prop = value AND ...])."
}

function Add-SimWmiTypeNames {
    # Type names a CIM instance carries ('<ns>/<class>', '#<class>', then CimInstance), or, for Get-WmiObject,
    # a ManagementObject's ('System.Management.ManagementObject#<ns>\<class>').
    param([Parameter(Mandatory = $true)] $Object, [Parameter(Mandatory = $true)][string] $Namespace, [Parameter(Mandatory = $true)][string] $Class, [switch] $Wmi)
    $names = $Object.PSObject.TypeNames
    $names.Clear()
    if ($Wmi) {
        $names.Add('System.Management.ManagementObject#' + $Namespace.Replace('/', '\') + '\' + $Class)
        $names.Add('System.Management.ManagementObject')
    } else {
        $names.Add('Microsoft.Management.Infrastructure.CimInstance#' + $Namespace + '/' + $Class)
        $names.Add('Microsoft.Management.Infrastructure.CimInstance#' + $Class)
        $names.Add('Microsoft.Management.Infrastructure.CimInstance')
    }
    $names.Add('System.Object')
    return $Object
}

# Win32_DiskPartition Type strings (https://learn.microsoft.com/windows/win32/cimwin32prov/win32-diskpartition):
# GPT partitions 'GPT: System' (ESP), 'GPT: Basic Data', anything else 'GPT: Unknown' (a recovery partition); MBR by
# type id. The GUIDs are 10-Storage.ps1's one copy. Not simulated: the 'GPT: Logical Disk Manager Data' / 'Metadata'
# of dynamic disks (they come out 'GPT: Unknown').
$script:SimWin32GptTypes = @{
    $script:SimGptEsp   = 'GPT: System'
    $script:SimGptBasic = 'GPT: Basic Data'
}
$script:SimWin32MbrTypes = @{
    0 = 'Unused'; 1 = '12-bit FAT'; 4 = '16-bit FAT'; 5 = 'Extended Partition'; 6 = 'MS-DOS V4 Huge'; 7 = 'Installable File System'
    11 = 'Win95 w/Extended Int 13'; 12 = 'Win95 w/Extended Int 13'; 14 = 'Win95 w/Extended Int 13'; 15 = 'Extended w/Extended Int 13'; 66 = 'Logical Disk Manager'
}

function Get-SimWin32DiskPartitions {
    # Win32_DiskPartition (https://learn.microsoft.com/windows/win32/cimwin32prov/win32-diskpartition): Index is
    # 0-based ("Index number of the partition"), DeviceID/Name "Disk #<n>, Partition #<Index>", so "Partition #1" is
    # NOT PartitionNumber 1 - the trap scripts fall into. Bootable/BootPartition: the active partition on MBR, the
    # EFI system partition on GPT. PrimaryPartition: every GPT partition; MBR: not inside an extended one.
    # ASSUMPTION: the MSR (no volume, GPT type e3c9e316) is not enumerated, and Index counts the listed partitions in
    # offset order (how the class numbers a GPT disk's partitions on the PCs seen; no captured output here).
    param([Parameter(Mandatory = $true)] $Machine)
    foreach ($d in @(@($Machine.disks) | Sort-Object -Property { [int]$_.number })) {
        $isGpt = [string]$d.partitionStyle -eq 'GPT'
        $index = 0
        foreach ($p in @(@($d.partitions) | Where-Object { $null -ne $_ } | Sort-Object -Property { [long]$_.offset })) {
            $gpt = ([string](Get-SimProp $p 'gptType' '')).ToLowerInvariant()
            if ($isGpt -and $gpt -eq $script:SimGptMsr) { continue }
            $type = 'Unknown'
            $bootable = $false
            if ($isGpt) {
                $type = 'GPT: Unknown'
                if ($script:SimWin32GptTypes.ContainsKey($gpt)) { $type = $script:SimWin32GptTypes[$gpt] }
                $bootable = $gpt -eq $script:SimGptEsp
            } else {
                $mbr = [int](Get-SimProp $p 'mbrType' 7)
                if ($script:SimWin32MbrTypes.ContainsKey($mbr)) { $type = $script:SimWin32MbrTypes[$mbr] }
                $bootable = [bool](Get-SimProp $p 'isActive' $false)
            }
            $name = 'Disk #' + [int]$d.number + ', Partition #' + $index
            $sector = [long]$d.logicalSectorSize
            $o = [pscustomobject][ordered]@{
                Caption          = $name
                Name             = $name
                DeviceID         = $name
                Description      = $type
                Type             = $type
                DiskIndex        = [uint32]$d.number
                Index            = [uint32]$index
                Bootable         = $bootable
                BootPartition    = $bootable
                PrimaryPartition = $true
                BlockSize        = [uint64]$sector
                NumberOfBlocks   = [uint64]([long]$p.size / $sector)
                Size             = [uint64]$p.size
                StartingOffset   = [uint64]$p.offset
                HiddenSectors    = [uint32]0
            }
            $index++
            $o
        }
    }
}

function Get-SimWin32LogicalDisks {
    # Win32_LogicalDisk for lettered fixed volumes (DriveType 3): DeviceID 'C:', Size, FreeSpace, FileSystem,
    # VolumeName (https://learn.microsoft.com/windows/win32/cimwin32prov/win32-logicaldisk).
    param([Parameter(Mandatory = $true)] $Machine)
    foreach ($e in @(Get-SimPartitionEntries -Machine $Machine | Sort-Object -Property { [string](Get-SimProp $_.Partition 'driveLetter' '') })) {
        $letter = [string](Get-SimProp $e.Partition 'driveLetter' '')
        if ($letter -eq '' -or $null -eq $e.Volume) { continue }
        $fs = [string]$e.Volume.fileSystem
        $size = [uint64]$e.Volume.size
        $free = [uint64](Get-SimVolumeFree -Volume $e.Volume)
        if ($fs -eq 'RAW') { $fs = $null; $size = $null; $free = $null }
        [pscustomobject][ordered]@{
            DeviceID     = $letter + ':'
            Caption      = $letter + ':'
            Name         = $letter + ':'
            DriveType    = [uint32]3
            MediaType    = [uint32]12
            FileSystem   = $fs
            Size         = $size
            FreeSpace    = $free
            VolumeName   = [string]$e.Volume.label
            VolumeDirty  = [bool]$e.Volume.dirty
            ProviderName = $null
        }
    }
}

# Win32_EncryptableVolume (https://learn.microsoft.com/windows/win32/secprov/win32-encryptablevolume):
# ConversionStatus 0 FullyDecrypted .. 5 DecryptionPaused, ProtectionStatus 0 off / 1 on / 2 unknown (locked),
# EncryptionMethod 0 none .. 7 XTS-AES 256, VolumeType 0 OS / 1 fixed data. The volumes are those
# Get-BitLockerVolume lists (simulator/40-BitLocker.ps1).
function Get-SimEncryptableVolumes {
    param([Parameter(Mandatory = $true)] $Machine, [switch] $Wmi)
    foreach ($e in @(Get-SimBitLockerEntries -Machine $Machine)) {
        $bl = Get-SimProp $e.Volume 'bitLocker'
        $letter = [string](Get-SimProp $e.Partition 'driveLetter' '')
        $driveLetter = $null
        if ($letter -ne '') { $driveLetter = $letter + ':' }
        $isOs = ($driveLetter -eq [string]$Machine.os.systemDrive)
        $o = [pscustomobject][ordered]@{
            DeviceID                         = '\\?\Volume' + [string]$e.Volume.guid + '\'
            PersistentVolumeID               = $null
            DriveLetter                      = $driveLetter
            ProtectionStatus                 = [uint32]0
            ConversionStatus                 = [uint32]0
            EncryptionMethod                 = [uint32]0
            IsVolumeInitializedForProtection = $false
            VolumeType                       = [uint32]$(if ($isOs) { 0 } else { 1 })
        }
        if ($null -ne $bl) {
            $o.PersistentVolumeID = '{' + ([string]$e.Volume.guid).Trim('{}').ToUpperInvariant() + '}'
            $o.ProtectionStatus = [uint32]$bl.protectionStatus
            $o.ConversionStatus = [uint32]$bl.volumeStatus
            $o.EncryptionMethod = [uint32]$bl.encryptionMethod
            $o.IsVolumeInitializedForProtection = ([int]$bl.volumeStatus -ne 0)
        }
        if ($Wmi) {
            # Get-WmiObject objects carry the class methods (ManagementObject); CIM instances do not (Invoke-CimMethod).
            foreach ($method in @('GetProtectionStatus', 'GetConversionStatus', 'GetLockStatus', 'GetEncryptionMethod', 'GetKeyProtectors', 'GetKeyProtectorType')) {
                $body = $ExecutionContext.SessionState.Module.NewBoundScriptBlock([scriptblock]::Create("param(`$a, `$b) Invoke-SimEncryptableVolumeMethod -DeviceId `$this.DeviceID -MethodName '$method' -Arguments @(`$a, `$b)"))
                Add-Member -InputObject $o -MemberType ScriptMethod -Name $method -Value $body
            }
        }
        $o
    }
}

function Invoke-SimEncryptableVolumeMethod {
    # The Win32_EncryptableVolume methods scripts call, with their out parameters as properties of the result and
    # ReturnValue 0 (https://learn.microsoft.com/windows/win32/secprov/win32-encryptablevolume, method pages):
    # GetProtectionStatus -> ProtectionStatus; GetConversionStatus -> ConversionStatus, EncryptionPercentage,
    # EncryptionFlags, WipingStatus, WipingPercentage; GetLockStatus -> LockStatus; GetEncryptionMethod ->
    # EncryptionMethod, SelfEncryptionDriveEncryptionMethod; GetKeyProtectors([KeyProtectorType]) ->
    # VolumeKeyProtectorID[]; GetKeyProtectorType(VolumeKeyProtectorID) -> KeyProtectorType.
    param([Parameter(Mandatory = $true)][string] $DeviceId, [Parameter(Mandatory = $true)][string] $MethodName, [object[]] $Arguments = @(), [hashtable] $Named = @{})
    $machine = Read-SimMachine
    $entry = Resolve-SimBitLockerMountPoint -Machine $machine -MountPoint $DeviceId
    if ($null -eq $entry) { throw "Simulator: Win32_EncryptableVolume $DeviceId no longer exists." }
    $bl = Get-SimProp $entry.Volume 'bitLocker'
    $status = 0; $protection = 0; $lock = 0; $method = 0; $percent = 0
    if ($null -ne $bl) { $status = [int]$bl.volumeStatus; $protection = [int]$bl.protectionStatus; $lock = [int]$bl.lockStatus; $method = [int]$bl.encryptionMethod; $percent = [int]$bl.encryptionPercentage }
    $protectors = @(Get-SimKeyProtectors -Volume $entry.Volume)
    $result = [ordered]@{}
    switch ($MethodName) {
        'GetProtectionStatus' { $result['ProtectionStatus'] = [uint32]$protection }
        'GetConversionStatus' {
            $result['ConversionStatus'] = [uint32]$status; $result['EncryptionFlags'] = [uint32]0; $result['EncryptionPercentage'] = [uint32]$percent
            $result['WipingPercentage'] = [uint32]0; $result['WipingStatus'] = [uint32]0
        }
        'GetLockStatus' { $result['LockStatus'] = [uint32]$lock }
        'GetEncryptionMethod' { $result['EncryptionMethod'] = [uint32]$method; $result['SelfEncryptionDriveEncryptionMethod'] = '' }
        'GetKeyProtectors' {
            $want = $null
            if ($Named.ContainsKey('KeyProtectorType')) { $want = $Named['KeyProtectorType'] } elseif (@($Arguments).Count -gt 0) { $want = $Arguments[0] }
            $ids = @($protectors | Where-Object { $null -eq $want -or [int]$want -eq 0 -or [int]$_.Type -eq [int]$want } | ForEach-Object { $_.Id })
            $result['VolumeKeyProtectorID'] = [string[]]$ids
        }
        'GetKeyProtectorType' {
            $id = $null
            if ($Named.ContainsKey('VolumeKeyProtectorID')) { $id = $Named['VolumeKeyProtectorID'] } elseif (@($Arguments).Count -gt 0) { $id = $Arguments[0] }
            $hit = @($protectors | Where-Object { $_.Id -eq [string]$id })
            if ($hit.Count -eq 0) {
                # FVE_E_NOT_FOUND 0x80310008 as the method's return value.
                $result['ReturnValue'] = [uint32]2150694920
                return [pscustomobject]$result
            }
            $result['KeyProtectorType'] = [uint32][int]$hit[0].Type
        }
        default { throw "Simulator: Win32_EncryptableVolume method $MethodName is not simulated." }
    }
    $result['ReturnValue'] = [uint32]0
    return [pscustomobject]$result
}

function Write-SimCimFault {
    # A CIM / WMI failure as Get-CimInstance or Get-WmiObject writes it. Get-CimInstance: CimException whose message
    # is the WMI error text with a trailing space ('Invalid class ', 'Invalid namespace ', 'Access denied '),
    # FullyQualifiedErrorId 'HRESULT 0x<code>,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand'
    # (https://learn.microsoft.com/windows/win32/wmisdk/wmi-error-constants: 0x80041010 WBEM_E_INVALID_CLASS,
    # 0x8004100E WBEM_E_INVALID_NAMESPACE, 0x80041003 WBEM_E_ACCESS_DENIED). Get-WmiObject: 'Invalid class "<class>"'
    # / 'Invalid namespace "<ns>"' / 'Access denied ', GetWMIManagementException.
    param([Parameter(Mandatory = $true)] $Caller, [Parameter(Mandatory = $true)][ValidateSet('InvalidClass', 'InvalidNamespace', 'AccessDenied')][string] $Kind, [Parameter(Mandatory = $true)][string] $Namespace, [string] $Class, [switch] $Wmi)
    $nsShown = $Namespace.Replace('/', '\')
    if ($Wmi) {
        $text = @{ InvalidClass = 'Invalid class "' + $Class + '"'; InvalidNamespace = 'Invalid namespace "' + $nsShown + '"'; AccessDenied = 'Access denied ' }[$Kind]
        $category = @{ InvalidClass = 'InvalidType'; InvalidNamespace = 'InvalidArgument'; AccessDenied = 'InvalidOperation' }[$Kind]
        $ex = New-Object System.Management.Automation.RuntimeException($text)
        $Caller.WriteError((New-SimCmdletErrorRecord -Exception $ex -ErrorId 'GetWMIManagementException' -CmdletType 'Microsoft.PowerShell.Commands.GetWmiObjectCommand' -Category $category))
        return
    }
    $text = @{ InvalidClass = 'Invalid class '; InvalidNamespace = 'Invalid namespace '; AccessDenied = 'Access denied ' }[$Kind]
    $code = @{ InvalidClass = '0x80041010'; InvalidNamespace = '0x8004100e'; AccessDenied = '0x80041003' }[$Kind]
    $category = @{ InvalidClass = 'MetadataError'; InvalidNamespace = 'MetadataError'; AccessDenied = 'PermissionDenied' }[$Kind]
    $target = $nsShown
    if ($Class) { $target = $nsShown + ':' + $Class }
    $ex = New-Object -TypeName $script:SimCimExceptionType.FullName -ArgumentList $text
    $Caller.WriteError((New-SimCmdletErrorRecord -Exception $ex -ErrorId ('HRESULT ' + $code) -CmdletType 'Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand' -Category $category -Target $target))
}

# Simulated WMI namespaces and classes. A class a namespace holds on Windows but the simulator does not model
# (a Win32_/CIM_ class in root/cimv2, an MSFT_ class in the Storage namespace, ...) stops the script with a
# "not simulated" error: it must never get the Linux host's data or a made-up "missing". Any other class name
# is 'Invalid class', as on Windows. A namespace not listed here is not simulated (stops the script).
$script:SimWmiNamespaces = @{
    'root/cimv2'                                    = @{ Real = '^(?i)(Win32|CIM)_'; Classes = @('Win32_OperatingSystem', 'Win32_ComputerSystemProduct', 'Win32_Volume', 'Win32_DiskPartition', 'Win32_LogicalDisk') }
    'root/microsoft/windows/storage'                = @{ Real = '^(?i)MSFT_'; Classes = @('MSFT_Disk', 'MSFT_Partition', 'MSFT_Volume', 'MSFT_PhysicalDisk') }
    'root/cimv2/security/microsoftvolumeencryption' = @{ Real = '^(?i)Win32_EncryptableVolume'; Classes = @('Win32_EncryptableVolume') }
    'root/ccm'                                      = @{ Real = '^(?i)(CCM|SMS)_'; Classes = @('CCM_Client') }
}

function Get-SimWmiInstances {
    # Instances of $Class in $Namespace for Get-CimInstance / Get-WmiObject, after -Filter; errors written through
    # $Caller as the real cmdlet writes them.
    param([Parameter(Mandatory = $true)] $Caller, [string] $Namespace, [Parameter(Mandatory = $true)][string] $Class, [string] $Filter, [switch] $Wmi)
    $ns = 'root/cimv2'
    if (-not [string]::IsNullOrWhiteSpace($Namespace)) { $ns = $Namespace.Replace('\', '/').Trim('/').ToLowerInvariant() }
    $cmd = 'Get-CimInstance'
    if ($Wmi) { $cmd = 'Get-WmiObject' }
    if (-not $script:SimWmiNamespaces.ContainsKey($ns)) { throw "Simulator: $cmd -Namespace $Namespace is not simulated." }
    $def = $script:SimWmiNamespaces[$ns]
    $known = @($def.Classes | Where-Object { $_ -eq $Class })
    if ($known.Count -eq 0) {
        if ($Class -match $def.Real) { throw "Simulator: $cmd of ${ns}:$Class is not simulated." }
        Write-SimCimFault -Caller $Caller -Kind InvalidClass -Namespace $ns -Class $Class -Wmi:$Wmi
        return
    }
    $class = $known[0]
    $machine = Read-SimMachine
    $script:SimCurrentMachineOs = $machine.os
    $objects = @()
    switch ($class) {
        'Win32_OperatingSystem' { $objects = @(Get-SimOsObject -Machine $machine) }
        'Win32_ComputerSystemProduct' { $objects = @(Get-SimComputerSystemProduct -Machine $machine) }
        'Win32_Volume' { $objects = @(Get-SimWin32Volumes -Machine $machine) }
        'Win32_DiskPartition' { $objects = @(Get-SimWin32DiskPartitions -Machine $machine) }
        'Win32_LogicalDisk' { $objects = @(Get-SimWin32LogicalDisks -Machine $machine) }
        'CCM_Client' { $objects = @(Get-SimConfigMgrClient -Machine $machine -Caller $Caller) }
        'MSFT_Disk' { $objects = @(@($machine.disks) | Sort-Object -Property { [int]$_.number } | ForEach-Object { ConvertTo-SimDiskObject -Disk $_ }) }
        'MSFT_PhysicalDisk' { $objects = @(@($machine.disks) | Sort-Object -Property { [int]$_.number } | ForEach-Object { ConvertTo-SimPhysicalDiskObject -Disk $_ }) }
        'MSFT_Partition' { $objects = @(Get-SimPartitionEntries -Machine $machine | ForEach-Object { ConvertTo-SimPartitionObject -Disk $_.Disk -Partition $_.Partition }) }
        'MSFT_Volume' { $objects = @(Get-SimPartitionEntries -Machine $machine | Where-Object { $null -ne $_.Volume } | ForEach-Object { ConvertTo-SimVolumeObject -Partition $_.Partition }) }
        'Win32_EncryptableVolume' {
            # Administrators only: 'Access denied' otherwise (docs/reference/bitlocker.md#volume-status-and-protection).
            if (-not [bool]$machine.os.isElevated) { Write-SimCimFault -Caller $Caller -Kind AccessDenied -Namespace $ns -Class $class -Wmi:$Wmi; return }
            $objects = @(Get-SimEncryptableVolumes -Machine $machine -Wmi:$Wmi)
        }
    }
    # DEVIATION: the MSFT_ classes come back as the Storage cmdlets show them (enum values as strings, the
    # Storage module's type data); a session that never loaded the Storage module sees numbers on Windows.
    foreach ($o in @(Select-SimWqlFilter -Objects $objects -Filter $Filter)) {
        if ($class -notlike 'MSFT_*' -or $Wmi) { $o = Add-SimWmiTypeNames -Object $o -Namespace $ns -Class $class -Wmi:$Wmi }
        $o
    }
}

function Get-WmiObject {
    # Windows PowerShell 5.1 only (Microsoft's sample script: Get-WmiObject Win32_Volume); scripts written for 5.1
    # still call it, so the simulator offers it under PowerShell 7 as well. Classes as Get-CimInstance, objects
    # typed System.Management.ManagementObject#<ns>\<class> with the class methods (Win32_EncryptableVolume).
    [CmdletBinding(DefaultParameterSetName = 'query')]
    param(
        [Parameter(ParameterSetName = 'query', Mandatory = $true, Position = 0)][Alias('ClassName')][string] $Class,
        [Parameter(ParameterSetName = 'query', Position = 1)][string[]] $Property,
        [Parameter(ParameterSetName = 'query')][string] $Filter,
        [Parameter(ParameterSetName = 'WQLQuery', Mandatory = $true)][string] $Query,
        [Alias('NS')][string] $Namespace,
        [Alias('Cn')][string[]] $ComputerName
    )
    $ErrorActionPreference = Get-SimCallerErrorAction -Caller $PSCmdlet -Bound $PSBoundParameters
    if ($PSBoundParameters.ContainsKey('ComputerName')) { throw 'Simulator: Get-WmiObject -ComputerName is not simulated.' }
    $cls = $Class
    $flt = $Filter
    if ($PSCmdlet.ParameterSetName -eq 'WQLQuery') { $q = ConvertFrom-SimWqlQuery -Query $Query; $cls = $q.Class; $flt = $q.Filter }
    Get-SimWmiInstances -Caller $PSCmdlet -Namespace $Namespace -Class $cls -Filter $flt -Wmi
}

function Get-CimInstance {
    # Simulated for the classes of $script:SimWmiNamespaces; -Filter and -Query take simple WQL. Anything else stops
    # the script ("not simulated") or fails as Windows does ('Invalid class'): never the Linux host's answer.
    [CmdletBinding(DefaultParameterSetName = 'ClassNameComputerSet')]
    param(
        [Parameter(ParameterSetName = 'ClassNameComputerSet', Mandatory = $true, Position = 0)][Alias('Class')][string] $ClassName,
        [Parameter(ParameterSetName = 'QuerySet', Mandatory = $true, Position = 0)][string] $Query,
        [string] $Namespace,
        [string] $Filter,
        [string] $QueryDialect,
        [string[]] $Property,
        [string[]] $ComputerName,
        [object[]] $CimSession,
        [uint32] $OperationTimeoutSec,
        [switch] $Shallow,
        [switch] $KeyOnly
    )
    $ErrorActionPreference = Get-SimCallerErrorAction -Caller $PSCmdlet -Bound $PSBoundParameters
    if ($PSBoundParameters.ContainsKey('ComputerName') -or $PSBoundParameters.ContainsKey('CimSession')) { throw 'Simulator: Get-CimInstance -ComputerName / -CimSession is not simulated.' }
    $cls = $ClassName
    $flt = $Filter
    if ($PSCmdlet.ParameterSetName -eq 'QuerySet') { $q = ConvertFrom-SimWqlQuery -Query $Query; $cls = $q.Class; $flt = $q.Filter }
    Get-SimWmiInstances -Caller $PSCmdlet -Namespace $Namespace -Class $cls -Filter $flt
}

function Invoke-CimMethod {
    # Simulated for the Win32_EncryptableVolume methods of Invoke-SimEncryptableVolumeMethod, on an instance from
    # Get-CimInstance (-InputObject, also from the pipeline). Anything else stops the script: not simulated.
    [CmdletBinding(DefaultParameterSetName = 'CimInstanceComputerSet')]
    param(
        [Parameter(ParameterSetName = 'CimInstanceComputerSet', Mandatory = $true, ValueFromPipeline = $true)][Alias('CimInstance')][psobject] $InputObject,
        [Parameter(Mandatory = $true, Position = 2)][Alias('Name')][string] $MethodName,
        [Parameter(Position = 1)][System.Collections.IDictionary] $Arguments
    )
    process {
        $names = @($InputObject.PSObject.TypeNames)
        if ($names -notcontains 'Microsoft.Management.Infrastructure.CimInstance#Win32_EncryptableVolume') {
            throw "Simulator: Invoke-CimMethod $MethodName on $($names[0]) is not simulated."
        }
        $named = @{}
        if ($null -ne $Arguments) { foreach ($k in $Arguments.Keys) { $named[[string]$k] = $Arguments[$k] } }
        $r = Invoke-SimEncryptableVolumeMethod -DeviceId ([string]$InputObject.DeviceID) -MethodName $MethodName -Named $named
        $r.PSObject.TypeNames.Insert(0, 'Microsoft.Management.Infrastructure.CimMethodResult')
        $r
    }
}

# ------------------------------------------------------------------------------------------------------------
# Registry. Every HKLM path is simulated (so a key the machine lacks is missing, as on Windows); other hives
# pass through. Keys and values are generated from the state, then machine.registry extras are merged on top.
# ------------------------------------------------------------------------------------------------------------

function ConvertTo-SimRegistryPath {
    # 'HKLM:\A\B', 'HKLM:A', 'Registry::HKEY_LOCAL_MACHINE\A', 'Microsoft.PowerShell.Core\Registry::HKLM\A'
    # -> 'HKLM:\A\B' (no trailing backslash; 'HKLM:\' for the root); $null when not an HKLM path.
    param([AllowEmptyString()][string] $Path)
    if ([string]::IsNullOrEmpty($Path)) { return $null }
    $p = $Path -replace '^(Microsoft\.PowerShell\.Core\\)?Registry::', ''
    $rest = $null
    if ($p -match '^(?i)HKLM:\\?(.*)$') { $rest = $Matches[1] }
    elseif ($p -match '^(?i)(HKEY_LOCAL_MACHINE|HKLM)(\\(.*))?$' -and $Path -match '(?i)Registry::') { $rest = [string]$Matches[3] }
    if ($null -eq $rest) { return $null }
    $rest = $rest.Trim('\')
    return 'HKLM:\' + $rest
}

function Test-SimRegistryPath {
    param([AllowEmptyString()][string] $Path)
    return ($null -ne (ConvertTo-SimRegistryPath -Path $Path))
}

function Get-SimRegistryModel {
    # Ordered map 'hklm:\...' (lower case) -> @{ Path = 'HKLM:\...'; Values = [ordered]@{} }.
    param([Parameter(Mandatory = $true)] $Machine)
    $model = [ordered]@{}
    $add = {
        param([string] $Key, [System.Collections.IDictionary] $Values)
        $k = $Key.ToLowerInvariant()
        if (-not $model.Contains($k)) { $model[$k] = @{ Path = $Key; Values = [ordered]@{} } }
        foreach ($n in @($Values.Keys)) { $model[$k].Values[$n] = $Values[$n] }
    }
    $os = $Machine.os
    $installationType = 'Client'
    if ([bool]$os.isServerCore) { $installationType = 'Server Core' } elseif ([string]$os.edition -like 'Server*') { $installationType = 'Server' }
    $productName = ([string]$os.caption) -replace '^Microsoft ', ''
    # Windows 11 still writes 'Windows 10 ...' as ProductName (widely reported; the caption is right).
    if ([int]$os.build -ge 22000 -and $installationType -eq 'Client') { $productName = $productName -replace 'Windows 11', 'Windows 10' }
    $root = [string]$os.systemDrive + '\Windows'
    # docs/reference/reagentc.md#winre-registry-values (reg query of CurrentVersion): WinREVersion is a value of CurrentVersion itself.
    & $add 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion' ([ordered]@{
            SystemRoot = $root; CurrentBuild = [string]$os.build; CurrentBuildNumber = [string]$os.build
            CurrentVersion = '6.3'; CurrentMajorVersionNumber = 10; CurrentMinorVersionNumber = 0
            UBR = [int]$os.ubr; DisplayVersion = [string]$os.displayVersion; EditionID = [string]$os.edition
            InstallationType = $installationType; ProductName = $productName; PathName = $root
            WinREVersion = [string]$Machine.winre.version
        })
    # ASSUMPTION: no real dump of ...\CurrentVersion\WinRE exists (docs/reference/reagentc.md#winre-registry-values gap); values as a French notes page
    # illustrates them, WinRELocation in the GLOBALROOT form while enabled and empty while disabled.
    & $add 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\WinRE' ([ordered]@{
            WinREVersion = [string]$Machine.winre.version; WinRELocation = (Get-SimWinReLocationText -Machine $Machine)
            ImageStamp = 0; WinREStaged = 0; OperationParam = ''; OperationType = 0; ScheduledOperation = 0
        })
    & $add 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Setup\State' ([ordered]@{ ImageState = [string]$os.imageState })
    & $add 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing' ([ordered]@{})
    & $add 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update' ([ordered]@{})
    & $add 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager' ([ordered]@{})
    & $add 'HKLM:\SYSTEM\CurrentControlSet\Control\ComputerName\ActiveComputerName' ([ordered]@{ ComputerName = [string]$os.computerName })
    # The identifiers of os.identity. Cryptography MachineGuid: one per OS install (lower-case GUID, no braces).
    $identity = Get-SimProp $os 'identity'
    $cryptography = [ordered]@{}
    $machineGuid = [string](Get-SimProp $identity 'machineGuid' '')
    if ($machineGuid -ne '') { $cryptography['MachineGuid'] = $machineGuid }
    & $add 'HKLM:\SOFTWARE\Microsoft\Cryptography' $cryptography
    # Enrollments: every Windows 10+ keeps the FFFFFFFF-... placeholder enrollment (state 1, type 0, no ProviderID;
    # as a public export shows, https://pastebin.com/C03hdew4); an Intune enrollment is a GUID-named key whose
    # ProviderID is 'MS DM Server' with the device id as EntDMID under DMClient\MS DM Server (DMClient CSP,
    # https://learn.microsoft.com/windows/client-management/mdm/dmclient-csp). ASSUMPTION: the enrollment key's
    # GUID is fixed here (on a PC it is random per enrollment); readers must not depend on it.
    & $add 'HKLM:\SOFTWARE\Microsoft\Enrollments\FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF' ([ordered]@{ EnrollmentState = 1; EnrollmentType = 0; IsFederated = 0 })
    $intuneId = [string](Get-SimProp $identity 'intuneDeviceId' '')
    if ($intuneId -ne '') {
        $enrollment = 'HKLM:\SOFTWARE\Microsoft\Enrollments\4F2A7C1E-9B3D-4E5F-8A6B-0C1D2E3F4A5B'
        & $add $enrollment ([ordered]@{ ProviderID = 'MS DM Server'; EnrollmentState = 1; EnrollmentType = 6; UPN = '' })
        & $add ($enrollment + '\DMClient\MS DM Server') ([ordered]@{ EntDMID = $intuneId })
    }
    # Pending reboot, the three usual signals: CBS RebootPending key, WU Auto Update RebootRequired key,
    # Session Manager PendingFileRenameOperations (REG_MULTI_SZ).
    foreach ($reason in @(Get-SimProp $os 'pendingRebootReasons' @())) {
        $r = [string]$reason
        if ($r -match '(?i)CBS|Component Based|RebootPending') {
            & $add 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending' ([ordered]@{})
        }
        if ($r -match '(?i)WindowsUpdate|Windows Update|RebootRequired') {
            & $add 'HKLM:\SOFTWARE\Microsoft\Windows\CurrentVersion\WindowsUpdate\Auto Update\RebootRequired' ([ordered]@{})
        }
        if ($r -match '(?i)PendingFileRename') {
            & $add 'HKLM:\SYSTEM\CurrentControlSet\Control\Session Manager' ([ordered]@{ PendingFileRenameOperations = [string[]]@('\??\C:\Windows\Temp\pending.tmp', '') })
        }
    }
    $extras = Get-SimProp $Machine 'registry'
    if ($null -ne $extras) {
        foreach ($keyProp in $extras.PSObject.Properties) {
            $key = ConvertTo-SimRegistryPath -Path $keyProp.Name
            if ($null -eq $key) { continue }
            $values = [ordered]@{}
            foreach ($v in $keyProp.Value.PSObject.Properties) { $values[$v.Name] = ConvertFrom-SimRegistryStored -Stored $v.Value }
            & $add $key $values
            # Which values the machine file holds (as opposed to values generated from the state): only those
            # can be removed (Remove-ItemProperty); their stored spelling of the key is kept for writes.
            $k = $key.ToLowerInvariant()
            $model[$k]['Extra'] = $keyProp.Name
        }
    }
    return $model
}

# Value kinds. A value is stored in the machine file either plain (a string: REG_SZ; an integer: REG_DWORD) or
# typed, { kind, value }, with Microsoft.Win32.RegistryValueKind names. Read back as Get-ItemProperty returns them
# (RegistryKey.GetValue): REG_DWORD an Int32, REG_QWORD an Int64, REG_MULTI_SZ a string[], REG_BINARY a byte[],
# REG_EXPAND_SZ expanded. https://learn.microsoft.com/dotnet/api/microsoft.win32.registrykey.getvalue
# https://learn.microsoft.com/dotnet/api/microsoft.win32.registryvaluekind

function ConvertFrom-SimRegistryStored {
    param($Stored)
    if ($null -ne $Stored -and $Stored -is [System.Management.Automation.PSCustomObject] -and $null -ne $Stored.PSObject.Properties['kind']) {
        $v = $Stored.value
        switch ([string]$Stored.kind) {
            'DWord' { return [int]$v }
            'QWord' { return [long]$v }
            'MultiString' { return ,([string[]]@($v)) }
            'Binary' { return ,([byte[]]@($v)) }
            'ExpandString' { return Expand-SimEnvironmentText -Text ([string]$v) }
            default { return [string]$v }
        }
    }
    if ($Stored -is [long] -and $Stored -ge [int]::MinValue -and $Stored -le [int]::MaxValue) { return [int]$Stored }
    return $Stored
}

function Get-SimRegistryStoredKind {
    param($Stored)
    if ($null -ne $Stored -and $Stored -is [System.Management.Automation.PSCustomObject] -and $null -ne $Stored.PSObject.Properties['kind']) { return [string]$Stored.kind }
    return (Get-SimRegistryInferredKind -Value $Stored)
}

function Get-SimRegistryInferredKind {
    # RegistryValueKind.Unknown: RegistryKey.SetValue(name, object) picks the kind from the .NET type: Int32 ->
    # DWord, string[] -> MultiString, byte[] -> Binary, anything else its ToString() as String.
    # https://learn.microsoft.com/dotnet/api/microsoft.win32.registrykey.setvalue
    param($Value)
    if ($Value -is [int]) { return 'DWord' }
    if ($Value -is [long]) {
        # ConvertFrom-Json reads every JSON integer as Int64 on PowerShell 7: a plain machine-file integer in the
        # Int32 range is the REG_DWORD it always stood for.
        if ($Value -ge [int]::MinValue -and $Value -le [int]::MaxValue) { return 'DWord' }
        return 'String'
    }
    if ($Value -is [byte[]]) { return 'Binary' }
    if ($Value -is [array]) { return 'MultiString' }
    return 'String'
}

function ConvertTo-SimRegistryKindValue {
    # The value as it is stored for a kind, or $null when it cannot be (the caller writes the error). DWord takes
    # a 32-bit number, signed or unsigned (an unsigned one above Int32.MaxValue reads back negative, as
    # GetValue returns it); QWord a 64-bit one.
    param([Parameter(Mandatory = $true)][string] $Kind, $Value)
    switch ($Kind) {
        'DWord' {
            $n = 0L
            if (-not [long]::TryParse([string]$Value, [System.Globalization.NumberStyles]::Integer, [System.Globalization.CultureInfo]::InvariantCulture, [ref]$n)) { return $null }
            if ($n -lt [int]::MinValue -or $n -gt [uint32]::MaxValue) { return $null }
            if ($n -gt [int]::MaxValue) { $n = $n - 4294967296L }
            return [int]$n
        }
        'QWord' {
            $n = 0L
            if (-not [long]::TryParse([string]$Value, [System.Globalization.NumberStyles]::Integer, [System.Globalization.CultureInfo]::InvariantCulture, [ref]$n)) { return $null }
            return $n
        }
        'MultiString' { return ,([string[]]@($Value | ForEach-Object { [string]$_ })) }
        'Binary' { return ,([int[]]@($Value | ForEach-Object { [int][byte]$_ })) }
        default { return [string]$Value }
    }
}

function Get-SimRegistryKindName {
    # -PropertyType / -Type as typed (case-insensitive, RegistryValueKind names; 'Unknown' and none infer it).
    param([string] $Type, $Value)
    if ([string]::IsNullOrEmpty($Type) -or $Type -eq 'Unknown' -or $Type -eq 'None') { return (Get-SimRegistryInferredKind -Value $Value) }
    foreach ($k in @('String', 'ExpandString', 'DWord', 'QWord', 'MultiString', 'Binary')) {
        if ($k -eq $Type) { return $k }
    }
    return $null
}

function Find-SimRegistryKey {
    # @{ Path; Values; SubKeys } for an existing key (explicit, or implied as the parent of one), else $null.
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)][string] $Path)
    $key = ConvertTo-SimRegistryPath -Path $Path
    if ($null -eq $key) { return $null }
    $model = Get-SimRegistryModel -Machine $Machine
    $lower = $key.ToLowerInvariant()
    $prefix = $lower.TrimEnd('\') + '\'
    $found = $null
    $subKeys = New-Object System.Collections.Generic.List[string]
    if ($model.Contains($lower)) { $found = @{ Path = $model[$lower].Path; Values = $model[$lower].Values } }
    foreach ($k in @($model.Keys)) {
        if ($k.StartsWith($prefix)) {
            $child = $model[$k].Path.Substring($prefix.Length).Split('\')[0]
            if (-not $subKeys.Contains($child)) { $subKeys.Add($child) }
            if ($null -eq $found) {
                # Implied key: take its spelling from the descendant that implies it.
                $found = @{ Path = $model[$k].Path.Substring(0, $key.Length); Values = [ordered]@{} }
            }
        }
    }
    if ($lower -eq 'hklm:\' -and $null -eq $found) { $found = @{ Path = 'HKLM:\'; Values = [ordered]@{} } }
    if ($null -eq $found) { return $null }
    $found['SubKeys'] = $subKeys.ToArray()
    return $found
}

function Get-SimRegistryProviderPath {
    param([Parameter(Mandatory = $true)][string] $Key)
    return 'HKEY_LOCAL_MACHINE\' + $Key.Substring('HKLM:\'.Length)
}

function New-SimRegistryValuesObject {
    # What Get-ItemProperty returns: the values, then PSPath / PSParentPath / PSChildName / PSDrive / PSProvider.
    param([Parameter(Mandatory = $true)] $Key, [string[]] $Names)
    $o = [ordered]@{}
    foreach ($n in @($Key.Values.Keys)) {
        if ($null -eq $Names -or $Names.Count -eq 0 -or ($Names | Where-Object { $n -like $_ })) { $o[$n] = $Key.Values[$n] }
    }
    $provider = Get-SimRegistryProviderPath -Key $Key.Path
    $parent = $provider.Substring(0, [math]::Max(0, $provider.LastIndexOf('\')))
    $o['PSPath'] = 'Microsoft.PowerShell.Core\Registry::' + $provider
    $o['PSParentPath'] = 'Microsoft.PowerShell.Core\Registry::' + $parent
    $o['PSChildName'] = $provider.Substring($provider.LastIndexOf('\') + 1)
    $o['PSDrive'] = 'HKLM'
    $o['PSProvider'] = 'Microsoft.PowerShell.Core\Registry'
    return [pscustomobject]$o
}

function New-SimRegistryKeyObject {
    # What Get-Item / Get-ChildItem return for a key: Name, Property (value names), SubKeyCount, ValueCount, and
    # the GetValue / GetValueNames / GetSubKeyNames methods scripts call.
    param([Parameter(Mandatory = $true)] $Key)
    $provider = Get-SimRegistryProviderPath -Key $Key.Path
    $values = $Key.Values
    $obj = [pscustomobject][ordered]@{
        Name         = $provider
        PSChildName  = $provider.Substring($provider.LastIndexOf('\') + 1)
        PSPath       = 'Microsoft.PowerShell.Core\Registry::' + $provider
        Property     = [string[]]@($values.Keys)
        SubKeyCount  = @($Key.SubKeys).Count
        ValueCount   = @($values.Keys).Count
        PSIsContainer = $true
    }
    $obj.PSObject.TypeNames.Insert(0, 'Microsoft.Win32.RegistryKey')
    $subKeys = [string[]]@($Key.SubKeys)
    Add-Member -InputObject $obj -MemberType ScriptMethod -Name 'GetValue' -Value ({
            param($valueName, $defaultValue)
            if ($values.Contains([string]$valueName)) { return $values[[string]$valueName] }
            return $defaultValue
        }.GetNewClosure())
    Add-Member -InputObject $obj -MemberType ScriptMethod -Name 'GetValueNames' -Value ({ return [string[]]@($values.Keys) }.GetNewClosure())
    Add-Member -InputObject $obj -MemberType ScriptMethod -Name 'GetSubKeyNames' -Value ({ return $subKeys }.GetNewClosure())
    return $obj
}

function Get-ItemProperty {
    [CmdletBinding(DefaultParameterSetName = 'Path')]
    param(
        [Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath', 'LP')][string[]] $LiteralPath,
        [Parameter(Position = 1)][Alias('PSProperty')][string[]] $Name,
        [string] $Filter, [string[]] $Include, [string[]] $Exclude
    )
    process {
        $ErrorActionPreference = Get-SimCallerErrorAction -Caller $PSCmdlet -Bound $PSBoundParameters
        $paths = $Path
        if ($PSCmdlet.ParameterSetName -eq 'LiteralPath') { $paths = $LiteralPath }
        if (@($paths | Where-Object { Test-SimRegistryPath -Path $_ }).Count -eq 0) {
            Invoke-SimPassThrough -Command 'Microsoft.PowerShell.Management\Get-ItemProperty' -Bound $PSBoundParameters
            return
        }
        $machine = Read-SimMachine
        foreach ($p in $paths) {
            $key = Find-SimRegistryKey -Machine $machine -Path $p
            if ($null -eq $key) {
                $PSCmdlet.WriteError((New-SimPathNotFoundRecord -Path $p -CmdletType 'Microsoft.PowerShell.Commands.GetItemPropertyCommand'))
                continue
            }
            $missing = @()
            if ($null -ne $Name) { $missing = @($Name | Where-Object { $_ -notmatch '[*?]' -and -not $key.Values.Contains($_) }) }
            foreach ($n in $missing) {
                $ex = [System.Management.Automation.PSArgumentException]::new("Property $n does not exist at path $(Get-SimRegistryProviderPath -Key $key.Path).")
                $PSCmdlet.WriteError((New-SimCmdletErrorRecord -Exception $ex -ErrorId 'System.Management.Automation.PSArgumentException' -CmdletType 'Microsoft.PowerShell.Commands.GetItemPropertyCommand' -Category InvalidArgument -Target $n))
            }
            if ($missing.Count -gt 0 -and $missing.Count -eq $Name.Count) { continue }
            New-SimRegistryValuesObject -Key $key -Names $Name
        }
    }
}

function Get-ItemPropertyValue {
    [CmdletBinding(DefaultParameterSetName = 'Path')]
    param(
        [Parameter(ParameterSetName = 'Path', Position = 0, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath', 'LP')][string[]] $LiteralPath,
        [Parameter(Mandatory = $true, Position = 1)][Alias('PSProperty')][string[]] $Name,
        [string] $Filter, [string[]] $Include, [string[]] $Exclude
    )
    process {
        $ErrorActionPreference = Get-SimCallerErrorAction -Caller $PSCmdlet -Bound $PSBoundParameters
        $paths = $Path
        if ($PSCmdlet.ParameterSetName -eq 'LiteralPath') { $paths = $LiteralPath }
        if (@($paths | Where-Object { Test-SimRegistryPath -Path $_ }).Count -eq 0) {
            Invoke-SimPassThrough -Command 'Microsoft.PowerShell.Management\Get-ItemPropertyValue' -Bound $PSBoundParameters
            return
        }
        $machine = Read-SimMachine
        foreach ($p in $paths) {
            $key = Find-SimRegistryKey -Machine $machine -Path $p
            if ($null -eq $key) {
                $PSCmdlet.WriteError((New-SimPathNotFoundRecord -Path $p -CmdletType 'Microsoft.PowerShell.Commands.GetItemPropertyValueCommand'))
                continue
            }
            foreach ($n in $Name) {
                if (-not $key.Values.Contains($n)) {
                    $ex = [System.Management.Automation.PSArgumentException]::new("Property $n does not exist at path $(Get-SimRegistryProviderPath -Key $key.Path).")
                    $PSCmdlet.WriteError((New-SimCmdletErrorRecord -Exception $ex -ErrorId 'System.Management.Automation.PSArgumentException' -CmdletType 'Microsoft.PowerShell.Commands.GetItemPropertyValueCommand' -Category InvalidArgument -Target $n))
                    continue
                }
                $value = $key.Values[$n]
                if ($value -is [array]) { , $value } else { $value }
            }
        }
    }
}

# ------------------------------------------------------------------------------------------------------------
# Registry writes: New-Item (a key; 60-FileSystem.ps1 dispatches HKLM paths here), New-ItemProperty,
# Set-ItemProperty, Remove-ItemProperty. Written keys and values go to machine.registry (typed) through
# Invoke-SimMutation, so a power cut can fall between two of them as between any two writes.
# Behaviour and error texts as the registry provider writes them:
#   https://learn.microsoft.com/powershell/module/microsoft.powershell.management/new-itemproperty
#   https://learn.microsoft.com/powershell/module/microsoft.powershell.management/set-itemproperty
#   https://learn.microsoft.com/powershell/module/microsoft.powershell.management/remove-itemproperty
#   https://learn.microsoft.com/powershell/module/microsoft.powershell.management/new-item
#   https://learn.microsoft.com/powershell/scripting/samples/working-with-registry-entries
#   https://learn.microsoft.com/powershell/scripting/samples/working-with-registry-keys
# - a missing key: "Cannot find path '<path>' because it does not exist." (PathNotFound, ObjectNotFound);
# - New-ItemProperty of a value that exists, without -Force: "The property already exists." (IOException,
#   ResourceExists); with -Force it is replaced, kind included;
# - Set-ItemProperty keeps an existing value's kind unless -Type names one; a new value gets -Type's kind or the
#   kind of its .NET type (RegistryValueKind.Unknown);
# - Remove-ItemProperty of a missing value: "Property <name> does not exist at path <provider path>."
#   (PSArgumentException, InvalidArgument);
# - New-Item of a key that exists: "A key at this path already exists." (IOException, ResourceExists);
# - not elevated, any write under HKLM: "Requested registry access is not allowed." (SecurityException,
#   PermissionDenied), after the path was found.
# ASSUMPTION: a value in a kind it cannot hold (DWord 'abc', DWord 2^32) is refused with .NET's conversion text;
# removing a value the state generates (not one of machine.registry), and New-Item -Force over an existing key
# (Windows empties it), are not simulated and throw.
# ------------------------------------------------------------------------------------------------------------

function Get-SimRegistryWriteKey {
    # The existing key for a write, or $null after writing Windows' error (missing key, not elevated).
    param([Parameter(Mandatory = $true)] $Caller, [Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)][string] $Path, [Parameter(Mandatory = $true)][string] $Cmdlet)
    $key = Find-SimRegistryKey -Machine $Machine -Path $Path
    if ($null -eq $key) {
        $Caller.WriteError((New-SimPathNotFoundRecord -Path $Path -CmdletType ('Microsoft.PowerShell.Commands.' + $Cmdlet)))
        return $null
    }
    # machine.faults: any fault declared on this cmdlet (e.g. { command: 'New-ItemProperty', error: 'AccessDenied' })
    # denies the write as a missing right would (a key whose ACL a policy tightened).
    $verb = $Cmdlet -replace 'Command$', ''
    $verb = ($verb -creplace '^(New|Set|Remove)(Item)(Property)?$', '$1-$2$3')
    $fault = $null
    # Counted only when a fault watches the cmdlet: the count would otherwise land in the machine file's trace.
    if (@(@(Get-SimProp $Machine 'faults' @()) | Where-Object { $null -ne $_ -and $_.command -eq $verb }).Count -gt 0) {
        $fault = Register-SimCall -Machine $Machine -Command $verb
    }
    if ($null -ne $fault -or -not [bool]$Machine.os.isElevated) {
        $ex = [System.Security.SecurityException]::new('Requested registry access is not allowed.')
        $Caller.WriteError((New-SimCmdletErrorRecord -Exception $ex -ErrorId 'System.Security.SecurityException' -CmdletType ('Microsoft.PowerShell.Commands.' + $Cmdlet) -Category PermissionDenied -Target (Get-SimRegistryProviderPath -Key $key.Path)))
        return $null
    }
    return $key
}

function Get-SimRegistryExtraKey {
    # machine.registry's object for the key (created when $Create), matched case-insensitively.
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)][string] $KeyPath, [switch] $Create)
    $extras = Get-SimProp $Machine 'registry'
    if ($null -eq $extras) {
        if (-not $Create) { return $null }
        $extras = [pscustomobject]@{}
        Set-SimProp $Machine 'registry' $extras
    }
    $lower = $KeyPath.ToLowerInvariant()
    foreach ($p in $extras.PSObject.Properties) {
        $k = ConvertTo-SimRegistryPath -Path $p.Name
        if ($null -ne $k -and $k.ToLowerInvariant() -eq $lower) { return $p.Value }
    }
    if (-not $Create) { return $null }
    $obj = [pscustomobject]@{}
    Add-Member -InputObject $extras -MemberType NoteProperty -Name $KeyPath -Value $obj
    return $obj
}

function Write-SimRegistryKindError {
    param([Parameter(Mandatory = $true)] $Caller, [Parameter(Mandatory = $true)][string] $Cmdlet, [string] $Type, $Value)
    if ($null -eq (Get-SimRegistryKindName -Type $Type -Value $Value)) {
        $ex = [System.Management.Automation.PSArgumentException]::new("Cannot bind parameter 'Type'. Cannot convert value `"$Type`" to type `"Microsoft.Win32.RegistryValueKind`".")
        $Caller.WriteError((New-SimCmdletErrorRecord -Exception $ex -ErrorId 'System.Management.Automation.PSArgumentException' -CmdletType ('Microsoft.PowerShell.Commands.' + $Cmdlet) -Category InvalidArgument -Target $Type))
        return
    }
    $ex = [System.ArgumentException]::new("The type of the value object did not match the specified RegistryValueKind or the object could not be properly converted.")
    $Caller.WriteError((New-SimCmdletErrorRecord -Exception $ex -ErrorId 'System.ArgumentException' -CmdletType ('Microsoft.PowerShell.Commands.' + $Cmdlet) -Category NotSpecified -Target $Value))
}

function Set-SimRegistryValueCore {
    # One value written in one mutation. Returns the key as it is afterwards.
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)] $Key, [Parameter(Mandatory = $true)][string] $Name, [Parameter(Mandatory = $true)][string] $Kind, $Stored, [Parameter(Mandatory = $true)][string] $Command)
    $keyPath = [string]$Key.Path
    $typed = [pscustomobject][ordered]@{ kind = $Kind; value = $Stored }
    $null = Invoke-SimMutation -Machine $Machine -Command $Command -Detail ($keyPath + '\' + $Name + ' (' + $Kind + ')') -Action {
        param($m)
        $target = Get-SimRegistryExtraKey -Machine $m -KeyPath $keyPath -Create
        Set-SimProp $target $Name $typed
    }
    return (Find-SimRegistryKey -Machine $Machine -Path $keyPath)
}

function New-ItemProperty {
    [CmdletBinding(DefaultParameterSetName = 'Path', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath', 'LP')][string[]] $LiteralPath,
        [Parameter(Mandatory = $true, Position = 1, ValueFromPipelineByPropertyName = $true)][Alias('PSProperty')][string] $Name,
        [Alias('Type')][string] $PropertyType,
        [Parameter(ValueFromPipelineByPropertyName = $true)] $Value,
        [switch] $Force
    )
    process {
        $ErrorActionPreference = Get-SimCallerErrorAction -Caller $PSCmdlet -Bound $PSBoundParameters
        $paths = $Path
        if ($PSCmdlet.ParameterSetName -eq 'LiteralPath') { $paths = $LiteralPath }
        if (@($paths | Where-Object { Test-SimRegistryPath -Path $_ }).Count -eq 0) {
            Invoke-SimPassThrough -Command 'Microsoft.PowerShell.Management\New-ItemProperty' -Bound $PSBoundParameters
            return
        }
        $machine = Read-SimMachine
        foreach ($p in $paths) {
            $key = Get-SimRegistryWriteKey -Caller $PSCmdlet -Machine $machine -Path $p -Cmdlet 'NewItemPropertyCommand'
            if ($null -eq $key) { continue }
            if ($key.Values.Contains($Name) -and -not $Force) {
                $ex = [System.IO.IOException]::new('The property already exists.')
                $PSCmdlet.WriteError((New-SimCmdletErrorRecord -Exception $ex -ErrorId 'System.IO.IOException' -CmdletType 'Microsoft.PowerShell.Commands.NewItemPropertyCommand' -Category ResourceExists -Target ((Get-SimRegistryProviderPath -Key $key.Path) + ':' + $Name)))
                continue
            }
            $kind = Get-SimRegistryKindName -Type $PropertyType -Value $Value
            $stored = $null
            if ($null -ne $kind) { $stored = ConvertTo-SimRegistryKindValue -Kind $kind -Value $Value }
            if ($null -eq $kind -or $null -eq $stored) {
                Write-SimRegistryKindError -Caller $PSCmdlet -Cmdlet 'NewItemPropertyCommand' -Type $PropertyType -Value $Value
                continue
            }
            if (-not $PSCmdlet.ShouldProcess((Get-SimRegistryProviderPath -Key $key.Path) + ' ' + $Name, 'New Property')) { continue }
            $after = Set-SimRegistryValueCore -Machine $machine -Key $key -Name $Name -Kind $kind -Stored $stored -Command 'New-ItemProperty'
            New-SimRegistryValuesObject -Key $after -Names @($Name)
        }
    }
}

function Set-ItemProperty {
    [CmdletBinding(DefaultParameterSetName = 'propertyValuePathSet', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'propertyValuePathSet', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'propertyValueLiteralPathSet', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath', 'LP')][string[]] $LiteralPath,
        [Parameter(Mandatory = $true, Position = 1, ValueFromPipelineByPropertyName = $true)][Alias('PSProperty')][string] $Name,
        [Parameter(Mandatory = $true, Position = 2, ValueFromPipelineByPropertyName = $true)][AllowNull()][AllowEmptyString()] $Value,
        [string] $Type,
        [switch] $PassThru,
        [switch] $Force
    )
    process {
        $ErrorActionPreference = Get-SimCallerErrorAction -Caller $PSCmdlet -Bound $PSBoundParameters
        $paths = $Path
        if ($PSCmdlet.ParameterSetName -eq 'propertyValueLiteralPathSet') { $paths = $LiteralPath }
        if (@($paths | Where-Object { Test-SimRegistryPath -Path $_ }).Count -eq 0) {
            Invoke-SimPassThrough -Command 'Microsoft.PowerShell.Management\Set-ItemProperty' -Bound $PSBoundParameters
            return
        }
        $machine = Read-SimMachine
        foreach ($p in $paths) {
            $key = Get-SimRegistryWriteKey -Caller $PSCmdlet -Machine $machine -Path $p -Cmdlet 'SetItemPropertyCommand'
            if ($null -eq $key) { continue }
            $kind = $null
            if (-not [string]::IsNullOrEmpty($Type)) {
                $kind = Get-SimRegistryKindName -Type $Type -Value $Value
            } elseif ($key.Values.Contains($Name)) {
                # An existing value keeps its kind (RegistryKey.GetValueKind), also a generated one.
                $extra = Get-SimRegistryExtraKey -Machine $machine -KeyPath $key.Path
                $storedNow = $null
                if ($null -ne $extra -and $null -ne $extra.PSObject.Properties[$Name]) { $storedNow = $extra.PSObject.Properties[$Name].Value } else { $storedNow = $key.Values[$Name] }
                $kind = Get-SimRegistryStoredKind -Stored $storedNow
            } else {
                $kind = Get-SimRegistryInferredKind -Value $Value
            }
            $stored = $null
            if ($null -ne $kind) { $stored = ConvertTo-SimRegistryKindValue -Kind $kind -Value $Value }
            if ($null -eq $kind -or $null -eq $stored) {
                Write-SimRegistryKindError -Caller $PSCmdlet -Cmdlet 'SetItemPropertyCommand' -Type $Type -Value $Value
                continue
            }
            if (-not $PSCmdlet.ShouldProcess((Get-SimRegistryProviderPath -Key $key.Path) + ' ' + $Name, 'Set Property')) { continue }
            $after = Set-SimRegistryValueCore -Machine $machine -Key $key -Name $Name -Kind $kind -Stored $stored -Command 'Set-ItemProperty'
            if ($PassThru) { New-SimRegistryValuesObject -Key $after -Names @($Name) }
        }
    }
}

function Remove-ItemProperty {
    [CmdletBinding(DefaultParameterSetName = 'Path', SupportsShouldProcess = $true)]
    param(
        [Parameter(ParameterSetName = 'Path', Mandatory = $true, Position = 0, ValueFromPipelineByPropertyName = $true)][string[]] $Path,
        [Parameter(ParameterSetName = 'LiteralPath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][Alias('PSPath', 'LP')][string[]] $LiteralPath,
        [Parameter(Mandatory = $true, Position = 1, ValueFromPipelineByPropertyName = $true)][Alias('PSProperty')][string[]] $Name,
        [switch] $Force
    )
    process {
        $ErrorActionPreference = Get-SimCallerErrorAction -Caller $PSCmdlet -Bound $PSBoundParameters
        $paths = $Path
        if ($PSCmdlet.ParameterSetName -eq 'LiteralPath') { $paths = $LiteralPath }
        if (@($paths | Where-Object { Test-SimRegistryPath -Path $_ }).Count -eq 0) {
            Invoke-SimPassThrough -Command 'Microsoft.PowerShell.Management\Remove-ItemProperty' -Bound $PSBoundParameters
            return
        }
        $machine = Read-SimMachine
        foreach ($p in $paths) {
            $key = Get-SimRegistryWriteKey -Caller $PSCmdlet -Machine $machine -Path $p -Cmdlet 'RemoveItemPropertyCommand'
            if ($null -eq $key) { continue }
            foreach ($n in $Name) {
                if (-not $key.Values.Contains($n)) {
                    $ex = [System.Management.Automation.PSArgumentException]::new("Property $n does not exist at path $(Get-SimRegistryProviderPath -Key $key.Path).")
                    $PSCmdlet.WriteError((New-SimCmdletErrorRecord -Exception $ex -ErrorId 'System.Management.Automation.PSArgumentException' -CmdletType 'Microsoft.PowerShell.Commands.RemoveItemPropertyCommand' -Category InvalidArgument -Target $n))
                    continue
                }
                $extra = Get-SimRegistryExtraKey -Machine $machine -KeyPath $key.Path
                if ($null -eq $extra -or $null -eq $extra.PSObject.Properties[$n]) {
                    throw "Simulator: Remove-ItemProperty of $n, a value generated from the machine state, is not simulated."
                }
                if (-not $PSCmdlet.ShouldProcess((Get-SimRegistryProviderPath -Key $key.Path) + ' ' + $n, 'Remove Property')) { continue }
                $keyPath = [string]$key.Path
                $null = Invoke-SimMutation -Machine $machine -Command 'Remove-ItemProperty' -Detail ($keyPath + '\' + $n) -Action {
                    param($m)
                    $target = Get-SimRegistryExtraKey -Machine $m -KeyPath $keyPath
                    Remove-SimProp $target $n
                }
                $key = Find-SimRegistryKey -Machine $machine -Path $keyPath
            }
        }
    }
}

function New-SimRegistryKey {
    # New-Item for an HKLM path (60-FileSystem.ps1's New-Item dispatches here).
    param([Parameter(Mandatory = $true)] $Caller, [Parameter(Mandatory = $true)][string] $Path, [switch] $Force)
    $machine = Read-SimMachine
    $keyPath = ConvertTo-SimRegistryPath -Path $Path
    $existing = Find-SimRegistryKey -Machine $machine -Path $keyPath
    if ($null -ne $existing) {
        if ($Force) { throw "Simulator: New-Item -Force over the existing key $keyPath (Windows empties it) is not simulated." }
        $ex = [System.IO.IOException]::new('A key at this path already exists.')
        $Caller.WriteError((New-SimCmdletErrorRecord -Exception $ex -ErrorId 'System.IO.IOException' -CmdletType 'Microsoft.PowerShell.Commands.NewItemCommand' -Category ResourceExists -Target $Path))
        return
    }
    $parentPath = $keyPath.Substring(0, $keyPath.LastIndexOf('\'))
    if ($parentPath -eq 'HKLM:') { $parentPath = 'HKLM:\' }
    $parent = Get-SimRegistryWriteKey -Caller $Caller -Machine $machine -Path $parentPath -Cmdlet 'NewItemCommand'
    if ($null -eq $parent) { return }
    # The new key takes its parent's spelling, then its own name as given.
    $spelled = $parent.Path.TrimEnd('\') + '\' + $keyPath.Substring($keyPath.LastIndexOf('\') + 1)
    if (-not $Caller.ShouldProcess($spelled, 'New Item')) { return }
    $null = Invoke-SimMutation -Machine $machine -Command 'New-Item' -Detail $spelled -Action {
        param($m)
        $null = Get-SimRegistryExtraKey -Machine $m -KeyPath $spelled -Create
    }
    New-SimRegistryKeyObject -Key (Find-SimRegistryKey -Machine $machine -Path $spelled)
}

# ------------------------------------------------------------------------------------------------------------
# Get-WinEvent over machine.events. Level names: 1 Critical, 2 Error, 3 Warning, 4 Information.
# ------------------------------------------------------------------------------------------------------------

$script:SimLevelNames = @{ 1 = 'Critical'; 2 = 'Error'; 3 = 'Warning'; 4 = 'Information'; 5 = 'Verbose'; 0 = 'Information' }

function ConvertTo-SimEventRecord {
    param([Parameter(Mandatory = $true)] $Event, [Parameter(Mandatory = $true)][int] $RecordId, [Parameter(Mandatory = $true)][string] $MachineName)
    $props = @(foreach ($v in @(Get-SimProp $Event 'properties' @())) {
            $p = [pscustomobject]@{ Value = $v }
            $p.PSObject.TypeNames.Insert(0, 'System.Diagnostics.Eventing.Reader.EventProperty')
            $p
        })
    $level = [int]$Event.level
    $levelName = 'Information'
    if ($script:SimLevelNames.ContainsKey($level)) { $levelName = $script:SimLevelNames[$level] }
    $obj = [pscustomobject][ordered]@{
        Id               = [int]$Event.id
        ProviderName     = [string]$Event.providerName
        LogName          = [string]$Event.logName
        TimeCreated      = (ConvertTo-SimDateTime -Value $Event.timeCreated)
        Level            = [byte]$level
        LevelDisplayName = $levelName
        Message          = [string]$Event.message
        MachineName      = $MachineName
        RecordId         = [long]$RecordId
        Properties       = $props
    }
    $obj.PSObject.TypeNames.Insert(0, 'System.Diagnostics.Eventing.Reader.EventLogRecord')
    return $obj
}

function Test-SimEventFilterValue {
    # A filter value matches when the event value equals any of the filter's values (strings compare
    # case-insensitively and accept wildcards, as LogName / ProviderName do).
    param($Filter, $Value)
    foreach ($f in @($Filter)) {
        if ($f -is [string]) { if ([string]$Value -like $f) { return $true } }
        elseif ([string]$Value -eq [string]$f) { return $true }
    }
    return $false
}

function Get-WinEvent {
    [CmdletBinding(DefaultParameterSetName = 'GetLogSet')]
    param(
        [Parameter(ParameterSetName = 'GetLogSet', Position = 0)][string[]] $LogName,
        [Parameter(ParameterSetName = 'HashQuerySet', Mandatory = $true, Position = 0)][hashtable[]] $FilterHashtable,
        [Parameter(ParameterSetName = 'ListLogSet', Mandatory = $true)][string[]] $ListLog,
        [Parameter(ParameterSetName = 'ListProviderSet', Mandatory = $true)][string[]] $ListProvider,
        [Parameter(ParameterSetName = 'GetProviderSet', Mandatory = $true)][string[]] $ProviderName,
        [Parameter(ParameterSetName = 'FileSet', Mandatory = $true)][Alias('PSPath')][string[]] $Path,
        [Parameter(ParameterSetName = 'XmlQuerySet', Mandatory = $true)][xml] $FilterXml,
        [long] $MaxEvents = -1,
        [string] $FilterXPath,
        [switch] $Oldest,
        [switch] $Force,
        [string] $ComputerName
    )
    $ErrorActionPreference = Get-SimCallerErrorAction -Caller $PSCmdlet -Bound $PSBoundParameters
    if ($PSCmdlet.ParameterSetName -notin @('GetLogSet', 'HashQuerySet', 'GetProviderSet') -or $PSBoundParameters.ContainsKey('FilterXPath')) {
        return Invoke-SimPassThrough -Command 'Microsoft.PowerShell.Diagnostics\Get-WinEvent' -Bound $PSBoundParameters
    }
    $machine = Read-SimMachine
    $null = Register-SimCall -Machine $machine -Command 'Get-WinEvent'
    $filters = @()
    switch ($PSCmdlet.ParameterSetName) {
        'HashQuerySet' { $filters = @($FilterHashtable) }
        'GetProviderSet' { $filters = @(@{ ProviderName = $ProviderName }) }
        default { $names = $LogName; if ($null -eq $names) { $names = @('*') }; $filters = @(@{ LogName = $names }) }
    }
    $all = @(Get-SimProp $machine 'events' @())
    $matched = New-Object System.Collections.Generic.List[object]
    for ($i = 0; $i -lt $all.Count; $i++) {
        $e = $all[$i]
        foreach ($f in $filters) {
            $ok = $true
            foreach ($k in @($f.Keys)) {
                $v = $f[$k]
                switch ($k) {
                    'LogName' { if (-not (Test-SimEventFilterValue -Filter $v -Value $e.logName)) { $ok = $false } }
                    'ProviderName' { if (-not (Test-SimEventFilterValue -Filter $v -Value $e.providerName)) { $ok = $false } }
                    'Id' { if (-not (Test-SimEventFilterValue -Filter @($v | ForEach-Object { [int]$_ }) -Value ([int]$e.id))) { $ok = $false } }
                    'Level' { if (-not (Test-SimEventFilterValue -Filter @($v | ForEach-Object { [int]$_ }) -Value ([int]$e.level))) { $ok = $false } }
                    'StartTime' { if ((ConvertTo-SimDateTime -Value $e.timeCreated) -lt ([datetime]$v).ToUniversalTime()) { $ok = $false } }
                    'EndTime' { if ((ConvertTo-SimDateTime -Value $e.timeCreated) -gt ([datetime]$v).ToUniversalTime()) { $ok = $false } }
                    default { $ok = $false } # ASSUMPTION: other keys (Keywords, UserID, Data, named data) are not simulated.
                }
            }
            if ($ok) { $matched.Add((ConvertTo-SimEventRecord -Event $e -RecordId ($i + 1) -MachineName ([string]$machine.os.computerName))); break }
        }
    }
    # Newest first, as the event log reads by default; -Oldest reverses.
    $sorted = @($matched | Sort-Object -Property TimeCreated, RecordId -Descending:(-not $Oldest))
    if ($MaxEvents -gt 0) { $sorted = @($sorted | Select-Object -First $MaxEvents) }
    if ($sorted.Count -eq 0) {
        # The real non-terminating error when nothing matches (hence -ErrorAction SilentlyContinue in scripts).
        $ex = [System.Exception]::new('No events were found that match the specified selection criteria.')
        $PSCmdlet.WriteError((New-SimCmdletErrorRecord -Exception $ex -ErrorId 'NoMatchingEventsFound' -CmdletType 'Microsoft.PowerShell.Commands.GetWinEventCommand' -Category ObjectNotFound))
        return
    }
    return $sorted
}

# ------------------------------------------------------------------------------------------------------------
# Windows Update history: (New-Object -ComObject Microsoft.Update.Session).CreateUpdateSearcher()
#   .GetTotalHistoryCount() / .QueryHistory(start, count) -> entries with Title, Date, ResultCode
#   (OperationResultCode: 2 Succeeded, 3 SucceededWithErrors, 4 Failed), HResult (signed Int32: 0x80070643 =
#   -2147023293) [docs/reference/update-failure.md#detecting-the-failure; docs/reference/update-failure.md#update-history-from-automation]. Newest first, as QueryHistory returns them.
# ------------------------------------------------------------------------------------------------------------

function Get-SimUpdateHistory {
    $machine = Read-SimMachine
    $null = Register-SimCall -Machine $machine -Command 'Microsoft.Update.Session'
    $entries = @(foreach ($u in @(Get-SimProp $machine 'updateHistory' @())) {
            $o = [pscustomobject][ordered]@{
                Operation           = 1
                ResultCode          = [int]$u.resultCode
                HResult             = [int]$u.hresult
                Date                = (ConvertTo-SimDateTime -Value $u.date)
                Title               = [string]$u.title
                Description         = ''
                ClientApplicationID = 'AutomaticUpdates'
                ServerSelection     = 0
                UnmappedResultCode  = [int]$u.hresult
            }
            $o.PSObject.TypeNames.Insert(0, 'System.__ComObject#{c2bfb780-4539-4132-ab8c-0a8772013ab6}')
            $o
        })
    return @($entries | Sort-Object -Property Date -Descending)
}

function New-SimUpdateSession {
    $searcher = [pscustomobject]@{ ClientApplicationID = '' }
    $searcher.PSObject.TypeNames.Insert(0, 'System.__ComObject#{04c6895d-eaf2-4034-97f3-311de9be413a}')
    Add-Member -InputObject $searcher -MemberType ScriptMethod -Name 'GetTotalHistoryCount' -Value { return [int]@(Get-SimUpdateHistory).Count }
    Add-Member -InputObject $searcher -MemberType ScriptMethod -Name 'QueryHistory' -Value {
        param([int] $Start, [int] $Count)
        $all = @(Get-SimUpdateHistory)
        if ($Start -lt 0 -or $Count -lt 0) { throw [System.ArgumentException]::new('Value does not fall within the expected range.') }
        $page = @()
        for ($i = $Start; $i -lt [math]::Min($all.Count, $Start + $Count); $i++) { $page += $all[$i] }
        return , $page
    }
    $session = [pscustomobject]@{ ClientApplicationID = ''; ReadOnly = $false }
    $session.PSObject.TypeNames.Insert(0, 'System.__ComObject#{918efd1e-b5d8-4c90-8540-aeb9bdc56f9d}')
    Add-Member -InputObject $session -MemberType NoteProperty -Name '__searcher' -Value $searcher
    Add-Member -InputObject $session -MemberType ScriptMethod -Name 'CreateUpdateSearcher' -Value { return $this.__searcher }
    return $session
}

function New-Object {
    # Shadowed ONLY for -ComObject Microsoft.Update.Session; everything else is the real New-Object.
    [CmdletBinding(DefaultParameterSetName = 'Net')]
    param(
        [Parameter(ParameterSetName = 'Net', Mandatory = $true, Position = 0)][string] $TypeName,
        [Parameter(ParameterSetName = 'Net', Position = 1)][Alias('Args')][object[]] $ArgumentList,
        [Parameter(ParameterSetName = 'Com', Mandatory = $true, Position = 0)][string] $ComObject,
        [Parameter(ParameterSetName = 'Com')][switch] $Strict,
        [System.Collections.IDictionary] $Property
    )
    if ($PSCmdlet.ParameterSetName -eq 'Com' -and $ComObject -eq 'Microsoft.Update.Session') {
        return (New-SimUpdateSession)
    }
    $real = Get-Command -Name 'Microsoft.PowerShell.Utility\New-Object' -CommandType Cmdlet
    $created = & $real @PSBoundParameters
    # Written as one object, as the real cmdlet does: an empty List must not unroll to nothing.
    $PSCmdlet.WriteObject($created, $false)
}

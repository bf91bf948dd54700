# Simulator core: the machine file, call counting and faults, mutations and power cuts, CIM-shaped errors,
# elevation, lookups, path resolution and volume file helpers. Every simulator/*.ps1 is concatenated (file-name
# order) into ONE dynamic module, so everything here is shared by the other parts (docs/simulation.md).
#
# Contract with the other simulator files (keep names and parameters stable):
#   Read-SimMachine, Write-SimMachine, Register-SimCall, Invoke-SimMutation, New-SimCimErrorRecord,
#   Write-SimError, Get-SimNamedError, Assert-SimElevated, Get-SimDisk, Get-SimPartitionEntries,
#   Find-SimPartition, Resolve-SimPath, Get-SimVolumeFile, Add-SimVolumeFile, Remove-SimVolumeFile,
#   Move-SimVolumeFile, Get-SimVolumeFree, Get-SimProp, Set-SimProp, $script:SimPowerCutExitCode.
#
# Must run on Windows PowerShell 5.1 and PowerShell 7 (see the team rules in docs/simulation.md).

Set-StrictMode -Version 3.0

# $script:SimPowerCutExitCode (ExitCode.SimulatedPowerCut in src/contracts/exit-codes.ts, the one place that number
# is written) is set by src/simulation/simulator-library.ts before this file: the whole process ends with it, as
# a power cut would end it.

# ---------------------------------------------------------------------------------------------------------
# Small helpers for optional properties (the machine is a PSCustomObject from ConvertFrom-Json; strict mode
# forbids reading a property that is absent, and optional schema fields are often absent).
# ---------------------------------------------------------------------------------------------------------

function Get-SimProp {
    # Value of an optional property, or $Default when it is absent.
    param($Object, [Parameter(Mandatory = $true)][string] $Name, $Default = $null)
    if ($null -eq $Object) { return $Default }
    $p = $Object.PSObject.Properties[$Name]
    if ($null -eq $p) { return $Default }
    return $p.Value
}

function Set-SimProp {
    # Sets a property, adding it when absent (Add-Member on a PSCustomObject persists through ConvertTo-Json).
    param([Parameter(Mandatory = $true)] $Object, [Parameter(Mandatory = $true)][string] $Name, $Value)
    $p = $Object.PSObject.Properties[$Name]
    if ($null -eq $p) {
        Add-Member -InputObject $Object -MemberType NoteProperty -Name $Name -Value $Value
    } else {
        $p.Value = $Value
    }
}

function Remove-SimProp {
    param([Parameter(Mandatory = $true)] $Object, [Parameter(Mandatory = $true)][string] $Name)
    if ($null -ne $Object.PSObject.Properties[$Name]) { $Object.PSObject.Properties.Remove($Name) }
}

# ---------------------------------------------------------------------------------------------------------
# The machine file ($env:WINREFIX_SIM_MACHINE). Read fresh on every command: a new process (a reboot, a rerun)
# must see exactly what is on disk, and nothing is cached between commands.
# ---------------------------------------------------------------------------------------------------------

function Get-SimMachinePath {
    $path = $env:WINREFIX_SIM_MACHINE
    if ([string]::IsNullOrEmpty($path)) {
        throw 'Simulator: WINREFIX_SIM_MACHINE is not set; the simulator runs only with a machine file.'
    }
    return $path
}

function Read-SimMachine {
    $path = Get-SimMachinePath
    $text = [System.IO.File]::ReadAllText($path, [System.Text.Encoding]::UTF8)
    # PowerShell 7.5+ turns ISO date strings into DateTime; keep them strings so they round-trip unchanged.
    $convert = @{ InputObject = $text }
    if ($PSVersionTable.PSVersion -ge [version]'7.5') { $convert['DateKind'] = 'String' }
    $machine = ConvertFrom-Json @convert
    if ($null -eq $machine -or $null -eq $machine.PSObject.Properties['disks']) {
        throw "Simulator: $path is not a simulated machine file."
    }
    # The host side of the simulated disks (drives C:, R:, ...; stray writes reported): simulator/60-FileSystem.ps1.
    Sync-SimFsHost -Machine $machine
    return $machine
}

function Write-SimMachine {
    # Atomic: write a temp file in the same folder, flush it to the device, then rename it over the machine
    # file, so a reader (or a power cut) only ever sees the old or the new complete file.
    # Indented (not -Compress) on purpose: the machine file is read by people and diffed by tests.
    param([Parameter(Mandatory = $true)] $Machine)
    $path = Get-SimMachinePath
    $json = ConvertTo-Json -InputObject $Machine -Depth 32
    $folder = [System.IO.Path]::GetDirectoryName([System.IO.Path]::GetFullPath($path))
    $temp = [System.IO.Path]::Combine($folder, '.' + [System.IO.Path]::GetFileName($path) + '.' + [guid]::NewGuid().ToString('N') + '.tmp')
    $bytes = (New-Object System.Text.UTF8Encoding -ArgumentList $false).GetBytes($json + "`n")
    $stream = New-Object System.IO.FileStream -ArgumentList $temp, ([System.IO.FileMode]::CreateNew), ([System.IO.FileAccess]::Write), ([System.IO.FileShare]::None), 4096, ([System.IO.FileOptions]::WriteThrough)
    try {
        $stream.Write($bytes, 0, $bytes.Length)
        $stream.Flush($true)
    } finally {
        $stream.Dispose()
    }
    try {
        if ([System.IO.File]::Exists($path)) {
            # [NullString]: a PowerShell $null would arrive as '' (no backup file wanted).
            [System.IO.File]::Replace($temp, $path, [System.Management.Automation.Language.NullString]::Value)
        } else {
            [System.IO.File]::Move($temp, $path)
        }
    } catch {
        if ([System.IO.File]::Exists($temp)) { [System.IO.File]::Delete($temp) }
        throw
    }
}

function Get-SimTrace {
    param([Parameter(Mandatory = $true)] $Machine)
    $trace = Get-SimProp $Machine 'trace'
    if ($null -eq $trace) {
        $trace = [pscustomobject][ordered]@{ mutations = 0; calls = [pscustomobject]@{}; boots = 0; log = @() }
        Set-SimProp $Machine 'trace' $trace
    }
    return $trace
}

# ---------------------------------------------------------------------------------------------------------
# Calls and declared faults (machine.faults[]): "make the Nth call of a command fail with a named error".
# ---------------------------------------------------------------------------------------------------------

function Register-SimCall {
    # Counts one call of $Command (trace.calls[$Command], over the machine's life) and persists the count.
    # Returns the error NAME of a declared, not yet fired fault for exactly this call number (and marks it
    # fired), else $null. The caller turns the name into its own documented error (Get-SimNamedError for the
    # storage cmdlets; reagentc and diskpart print theirs).
    # A fault with delayMs first sleeps that long (a hung or slow command: a reagentc /enable stuck copying
    # Winre.wim, a shrink crawling through a fragmented volume), AFTER the fired mark is on disk, so a process
    # killed in the sleep leaves the fault spent and the next process's call runs normally. With no error the
    # command then runs normally.
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)][string] $Command)
    $trace = Get-SimTrace -Machine $Machine
    $calls = $trace.calls
    $count = [int](Get-SimProp $calls $Command 0) + 1
    Set-SimProp $calls $Command $count
    $fired = $null
    $delayMs = 0
    $watched = $false
    foreach ($fault in @(Get-SimProp $Machine 'faults' @())) {
        if ($null -eq $fault) { continue }
        if ($fault.command -ne $Command) { continue }
        $watched = $true
        if ([int]$fault.onCall -ne $count) { continue }
        if ([bool](Get-SimProp $fault 'fired' $false)) { continue }
        Set-SimProp $fault 'fired' $true
        $fired = Get-SimProp $fault 'error'
        if ($null -ne $fired) { $fired = [string]$fired }
        $delayMs = [int](Get-SimProp $fault 'delayMs' 0)
        break
    }
    # Persist the count only for commands a fault watches: a read-only command must leave the file byte-identical
    # (audit's promise is tested on it). A mutating command persists its count with its mutation anyway.
    if ($watched) { Write-SimMachine -Machine $Machine }
    if ($delayMs -gt 0) { Start-Sleep -Milliseconds $delayMs }
    return $fired
}

# ---------------------------------------------------------------------------------------------------------
# Mutations and power cuts (machine.powerCut): "cut the power before or after the Nth mutating operation".
# ---------------------------------------------------------------------------------------------------------

function Invoke-SimPowerCut {
    # Persists the machine as it is and ends the process at once, as losing power would.
    param([Parameter(Mandatory = $true)] $Machine)
    Set-SimProp $Machine.powerCut 'fired' $true
    Write-SimMachine -Machine $Machine
    # In a simulated program's own process (reagentc.exe on PATH) the session's PowerShell goes too (90-Executables.ps1).
    Stop-SimSessionPower
    [Environment]::Exit($script:SimPowerCutExitCode)
}

function Wait-SimPause {
    # machine.pause: blocks right before mutation $Seq until pause.untilFile exists or pause.forMs have passed,
    # whichever comes first, so a test can act at a known point of a run (start a second run while this one
    # holds the lock). 'reached' is persisted first (a test polls the machine file for it) and makes the pause
    # fire once over the machine's life. Simulation only: nothing in Windows corresponds to it.
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)][int] $Seq)
    $pause = Get-SimProp $Machine 'pause'
    if ($null -eq $pause -or [bool](Get-SimProp $pause 'reached' $false) -or [int]$pause.atMutation -ne $Seq) { return }
    Set-SimProp $pause 'reached' $true
    Write-SimMachine -Machine $Machine
    $until = [string](Get-SimProp $pause 'untilFile' '')
    $forMs = Get-SimProp $pause 'forMs'
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    while ($true) {
        if (-not [string]::IsNullOrEmpty($until) -and [System.IO.File]::Exists($until)) { break }
        if ($null -ne $forMs -and $clock.ElapsedMilliseconds -ge [long]$forMs) { break }
        Start-Sleep -Milliseconds 25
    }
}

function Invoke-SimMutation {
    # The only way anything in the machine changes. $Action receives the machine and mutates it in place; it
    # must validate first and throw before touching anything if it cannot complete (then nothing is written).
    # Returns what $Action returned.
    param(
        [Parameter(Mandatory = $true)] $Machine,
        [Parameter(Mandatory = $true)][string] $Command,
        [Parameter(Mandatory = $true)][AllowEmptyString()][string] $Detail,
        [Parameter(Mandatory = $true)][scriptblock] $Action
    )
    # $Action runs in a child of this scope and sees the caller's variables (dynamic scoping), so the locals
    # here carry a prefix that no caller uses.
    $simMutTrace = Get-SimTrace -Machine $Machine
    $simMutSeq = [int]$simMutTrace.mutations + 1
    $simMutCut = Get-SimProp $Machine 'powerCut'
    Wait-SimPause -Machine $Machine -Seq $simMutSeq
    $simMutArmed = ($null -ne $simMutCut) -and (-not [bool](Get-SimProp $simMutCut 'fired' $false)) -and ([int]$simMutCut.atMutation -eq $simMutSeq)
    if ($simMutArmed -and $simMutCut.phase -eq 'before') {
        # Nothing of mutation N happened: the file keeps N-1 mutations.
        Invoke-SimPowerCut -Machine $Machine
    }
    Save-SimCrashState -Machine $Machine -Label ('m{0:D3}-before' -f $simMutSeq)
    $simMutResult = & $Action $Machine
    $simMutTrace.mutations = $simMutSeq
    $simMutEntry = [pscustomobject][ordered]@{ seq = $simMutSeq; command = $Command; detail = $Detail }
    $simMutTrace.log = @(@($simMutTrace.log) + $simMutEntry)
    Write-SimMachine -Machine $Machine
    if ($simMutArmed -and $simMutCut.phase -eq 'after') {
        Invoke-SimPowerCut -Machine $Machine
    }
    Save-SimCrashState -Machine $Machine -Label ('m{0:D3}-after' -f $simMutSeq)
    return $simMutResult
}

function Save-SimCrashState {
    # Crash-state capture (machine.crashCapture; test/support/crash-states.ts): copies what a power cut at this
    # instant would leave on disk - the machine file as persisted, plus the companion folders the caller names
    # (the tool's state folder) - into crashCapture.folder/<Label>. The run then goes on, so ONE fix yields every
    # state a cut before or after each mutation would leave, each replayed later by a fresh process after a
    # reboot: the technique of crash-consistency checkers (ALICE, OSDI 2014; CrashMonkey, OSDI 2018).
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)][string] $Label)
    $capture = Get-SimProp $Machine 'crashCapture'
    if ($null -eq $capture) { return }
    $path = Get-SimMachinePath
    $target = [System.IO.Path]::Combine([string]$capture.folder, $Label)
    $null = [System.IO.Directory]::CreateDirectory($target)
    [System.IO.File]::Copy($path, [System.IO.Path]::Combine($target, [System.IO.Path]::GetFileName($path)), $true)
    foreach ($companion in @(Get-SimProp $capture 'companions' @())) {
        if (-not [System.IO.Directory]::Exists([string]$companion)) { continue }
        Copy-SimFolder -From ([string]$companion) -To ([System.IO.Path]::Combine($target, [System.IO.Path]::GetFileName([string]$companion)))
    }
}

function Copy-SimFolder {
    param([Parameter(Mandatory = $true)][string] $From, [Parameter(Mandatory = $true)][string] $To)
    $null = [System.IO.Directory]::CreateDirectory($To)
    if ([System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Unix) {
        # The folder's mode is part of the state: it stands for the state folder's ACL (simulator Get-Acl).
        [System.IO.File]::SetUnixFileMode($To, [System.IO.File]::GetUnixFileMode($From))
    }
    foreach ($file in [System.IO.Directory]::GetFiles($From)) {
        $copy = [System.IO.Path]::Combine($To, [System.IO.Path]::GetFileName($file))
        if ([System.IO.Path]::GetFileName($file) -eq 'winre-fix.lock') {
            # The run lock is held open with FileShare.None by this very process (ps-scripts/lib/Bridge.ps1), so it
            # cannot be read; it has no content, and a power cut leaves it as an empty file that nobody holds.
            [System.IO.File]::WriteAllBytes($copy, [byte[]]@())
            continue
        }
        [System.IO.File]::Copy($file, $copy, $true)
    }
    foreach ($dir in [System.IO.Directory]::GetDirectories($From)) {
        Copy-SimFolder -From $dir -To ([System.IO.Path]::Combine($To, [System.IO.Path]::GetFileName($dir)))
    }
}

# ---------------------------------------------------------------------------------------------------------
# Errors shaped like Windows PowerShell 5.1's Storage module errors (docs/reference/storage-cmdlets.md#error-records; docs/reference/storage-cmdlets.md#error-records).
# ---------------------------------------------------------------------------------------------------------

$script:SimCimExceptionType = $null
try {
    Add-Type -AssemblyName 'Microsoft.Management.Infrastructure' -ErrorAction Stop
} catch {
    $null = $_
}
try {
    $script:SimCimExceptionType = [type]'Microsoft.Management.Infrastructure.CimException'
} catch {
    $script:SimCimExceptionType = $null
}
if ($null -eq $script:SimCimExceptionType) {
    # Stand-in with the same full name when the MI assembly cannot be loaded (it ships with pwsh 7 and 5.1,
    # so this is a safety net only).
    Add-Type -TypeDefinition @'
namespace Microsoft.Management.Infrastructure {
    public class CimException : System.Exception {
        public CimException(string message) : base(message) { }
    }
}
'@
    $script:SimCimExceptionType = [type]'Microsoft.Management.Infrastructure.CimException'
}

function New-SimCimErrorRecord {
    # Message layout as captured (docs/reference/storage-cmdlets.md#error-records): "<message>", " ", "Extended information:",
    # "<extended>", " ", "", "Activity ID: {guid}" - the exception Message itself carries all of it.
    # FullyQualifiedErrorId 'StorageWMI <code>' + ',<Cmdlet>' (PowerShell appends the command name when the
    # record is written through that command's $PSCmdlet). CategoryInfo:
    # 'NotSpecified: (StorageWMI:ROOT/Microsoft/.../MSFT_Partition) [<Cmdlet>], CimException'.
    # ErrorDetails repeats the full text (so the console shows exactly the Windows text) when there is
    # extended information. DEVIATION: real CIM errors have no ErrorDetails; nothing should depend on it.
    param(
        [Parameter(Mandatory = $true)][string] $Cmdlet,
        [Parameter(Mandatory = $true)][int] $Code,
        [Parameter(Mandatory = $true)][string] $Message,
        [string] $Extended,
        [System.Management.Automation.ErrorCategory] $Category = [System.Management.Automation.ErrorCategory]::NotSpecified,
        [string] $TargetClass = 'MSFT_Partition',
        [string] $TargetType,
        [switch] $NoActivityId
    )
    $text = $Message
    if (-not [string]::IsNullOrEmpty($Extended)) {
        $text = $Message + "`n `nExtended information:`n" + $Extended + "`n `n"
    }
    if (-not $NoActivityId) {
        $text = $text + "`nActivity ID: {" + [guid]::NewGuid().ToString() + '}'
    }
    $exception = New-Object -TypeName $script:SimCimExceptionType.FullName -ArgumentList $text
    $record = New-Object System.Management.Automation.ErrorRecord -ArgumentList $exception, ('StorageWMI ' + $Code), $Category, $null
    $record.CategoryInfo.TargetName = 'StorageWMI'
    if ([string]::IsNullOrEmpty($TargetType)) {
        # The console abbreviates the namespace in the middle for partitions (docs/reference/storage-cmdlets.md#error-records); same for others.
        $TargetType = 'ROOT/Microsoft/.../' + $TargetClass
    }
    $record.CategoryInfo.TargetType = $TargetType
    if (-not [string]::IsNullOrEmpty($Extended)) {
        $record.ErrorDetails = New-Object System.Management.Automation.ErrorDetails -ArgumentList $text
    }
    return $record
}

function New-SimNotFoundErrorRecord {
    # "No MSFT_Partition objects found with property 'DriveLetter' equal to 'C'.  Verify the value of the
    # property and retry." / CmdletizationQuery_NotFound_DriveLetter / ObjectNotFound: (C:Char)
    # [docs/reference/storage-cmdlets.md#error-records; docs/reference/storage-cmdlets.md#error-records]
    param(
        [Parameter(Mandatory = $true)][string] $Class,
        [Parameter(Mandatory = $true)][string] $Property,
        [Parameter(Mandatory = $true)] $Value
    )
    $message = "No $Class objects found with property '$Property' equal to '$Value'.  Verify the value of the property and retry."
    $exception = New-Object System.Management.Automation.ItemNotFoundException -ArgumentList $message
    $record = New-Object System.Management.Automation.ErrorRecord -ArgumentList $exception, ('CmdletizationQuery_NotFound_' + $Property), ([System.Management.Automation.ErrorCategory]::ObjectNotFound), $Value
    $record.CategoryInfo.Reason = 'CimJobException'
    return $record
}

function Write-SimError {
    # Writes $Record through the calling advanced function, so -ErrorAction / $ErrorActionPreference decide:
    # non-terminating by default (added to $Error), terminating under Stop, silent under SilentlyContinue.
    # Without -Caller the record is thrown (terminating), for helpers that have no cmdlet context.
    param(
        [System.Management.Automation.PSCmdlet] $Caller,
        [Parameter(Mandatory = $true)][System.Management.Automation.ErrorRecord] $Record
    )
    if ($null -ne $Caller) {
        $Caller.WriteError($Record)
    } else {
        throw $Record
    }
}

# Named, documented errors (fault names in machine.faults[].error and the rules of the storage cmdlets).
# Sources: docs/reference/storage-cmdlets.md#get-partitionsupportedsize, docs/reference/storage-cmdlets.md#cmdlets-that-change-partitions, docs/reference/storage-cmdlets.md#error-records, docs/reference/storage-cmdlets.md#error-records. docs/simulation.md lists them.
# Texts: storage-management-api-common-return-codes (MicrosoftDocs/windows-driver-docs) and the captures.
$script:SimErrorCatalogue = @{
    'SizeNotSupported'        = @{ Code = 4097; Message = 'Size Not Supported'; Extended = '' }
    'AlreadyRequestedSize'    = @{ Code = 4097; Message = 'Size Not Supported'; Extended = 'The partition is already the requested size.' }
    'ExtentLessThanMinimum'   = @{ Code = 4097; Message = 'Size Not Supported'; Extended = 'The size of the extent is less than the minimum of 1MB.' }
    # ASSUMPTION: the VDS text (docs/reference/storage-cmdlets.md#error-records, jrudlin) is the extended information of the 4097 shrink error.
    'ShrinkTooBig'            = @{ Code = 4097; Message = 'Size Not Supported'; Extended = 'The specified shrink size is too big and will cause the volume to be smaller than the minimum volume size.' }
    'NotEnoughCapacity'       = @{ Code = 40000; Message = 'Not enough available capacity'; Extended = ''; TargetType = 'ROOT/Microsoft/Windows/Storage/MSFT_Disk' }
    'AccessDenied'            = @{ Code = 40001; Message = 'Access denied'; Extended = ''; Category = 'PermissionDenied' }
    'NotEnoughResources'      = @{ Code = 40002; Message = 'There are not enough resources to complete the operation.'; Extended = '' }
    'UnexpectedIoError'       = @{ Code = 40004; Message = 'An unexpected I/O error has occurred'; Extended = '' }
    'Failed'                  = @{ Code = 4; Message = 'Failed'; Extended = '' }
    'InvalidParameter'        = @{ Code = 5; Message = 'Invalid Parameter'; Extended = ''; Category = 'InvalidArgument' }
    'InUse'                   = @{ Code = 6; Message = 'In Use'; Extended = '' }
    'Timeout'                 = @{ Code = 3; Message = 'Timeout'; Extended = '' }
    'DeviceBusy'              = @{ Code = 4099; Message = 'The device is busy'; Extended = '' }
    'DiskReadOnly'            = @{ Code = 41002; Message = 'The disk is read only.'; Extended = ''; TargetType = 'ROOT/Microsoft/Windows/Storage/MSFT_Disk' }
    'DiskOffline'             = @{ Code = 41003; Message = 'The disk is offline.'; Extended = ''; TargetType = 'ROOT/Microsoft/Windows/Storage/MSFT_Disk' }
    'PartitionLimit'          = @{ Code = 41004; Message = "The disk's partition limit has been reached."; Extended = ''; TargetType = 'ROOT/Microsoft/Windows/Storage/MSFT_Disk' }
    'InvalidPartitionType'    = @{ Code = 41010; Message = 'The specified partition type is not valid.'; Extended = ''; Category = 'InvalidArgument' }
    'InvalidOffset'           = @{ Code = 41012; Message = 'The specified offset is not valid.'; Extended = ''; TargetType = 'ROOT/Microsoft/Windows/Storage/MSFT_Disk' }
    'AccessPathInUse'         = @{ Code = 42002; Message = 'The requested access path is already in use.'; Extended = '' }
    'HiddenPartitionPath'     = @{ Code = 42004; Message = 'Cannot assign access paths to hidden partitions.'; Extended = '' }
    'BootDriveLetter'         = @{ Code = 42006; Message = 'Cannot remove the drive letter of a boot or paging file partition.'; Extended = '' }
    'InvalidAccessPath'       = @{ Code = 42007; Message = 'The access path is not valid.'; Extended = ''; Category = 'InvalidArgument' }
    'DirtyVolume'             = @{ Code = 42008; Message = 'Cannot shrink a partition containing a volume with errors.'; Extended = '' }
    'UnknownFileSystem'       = @{ Code = 42009; Message = 'Cannot resize a partition containing an unknown file system.'; Extended = '' }
    'SystemCriticalPartition' = @{ Code = 42010; Message = 'The operation is not allowed on a system or critical partition.'; Extended = '' }
    'MultipleDriveLetters'    = @{ Code = 42012; Message = 'Cannot assign multiple drive letters to a partition.'; Extended = '' }
    'FileSystemNotSupported'  = @{ Code = 43001; Message = 'The specified file system is not supported'; Extended = ''; TargetType = 'ROOT/Microsoft/...age/MSFT_Volume' }
}

function Get-SimNamedError {
    # ErrorRecord for a catalogue name (e.g. 'SizeNotSupported'), shaped for $Cmdlet; $null for an unknown name.
    param([Parameter(Mandatory = $true)][string] $Name, [Parameter(Mandatory = $true)][string] $Cmdlet, [string] $TargetClass)
    if (-not $script:SimErrorCatalogue.ContainsKey($Name)) { return $null }
    $spec = $script:SimErrorCatalogue[$Name]
    $splat = @{ Cmdlet = $Cmdlet; Code = $spec.Code; Message = $spec.Message; Extended = $spec.Extended }
    if ($spec.ContainsKey('Category')) { $splat['Category'] = [System.Management.Automation.ErrorCategory]$spec.Category }
    if ($spec.ContainsKey('TargetType')) { $splat['TargetType'] = $spec.TargetType }
    if ($spec.ContainsKey('TargetClass')) { $splat['TargetClass'] = $spec.TargetClass }
    if (-not [string]::IsNullOrEmpty($TargetClass)) { $splat['TargetClass'] = $TargetClass; $splat.Remove('TargetType') }
    return New-SimCimErrorRecord @splat
}

function Get-SimErrorNames {
    return @($script:SimErrorCatalogue.Keys | Sort-Object)
}

function Assert-SimElevated {
    # Nothing mutates without elevation: StorageWMI 40001 'Access denied', PermissionDenied
    # [docs/reference/storage-cmdlets.md#error-records: captured for Optimize-Volume; 40001 listed for Resize/Delete/Create by MS docs].
    # Returns $true when elevated. Otherwise writes the error through -Caller (honouring -ErrorAction) and
    # returns $false, or throws it when there is no -Caller.
    param(
        [Parameter(Mandatory = $true)] $Machine,
        [Parameter(Mandatory = $true)][string] $Cmdlet,
        [System.Management.Automation.PSCmdlet] $Caller,
        [string] $TargetClass = 'MSFT_Partition'
    )
    if ([bool]$Machine.os.isElevated) { return $true }
    $record = Get-SimNamedError -Name 'AccessDenied' -Cmdlet $Cmdlet -TargetClass $TargetClass
    Write-SimError -Caller $Caller -Record $record
    return $false
}

# ---------------------------------------------------------------------------------------------------------
# Lookups. They return live references into $Machine, so a mutation action can change what they return.
# ---------------------------------------------------------------------------------------------------------

function Get-SimDisk {
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)][int] $Number)
    foreach ($disk in @($Machine.disks)) {
        if ([int]$disk.number -eq $Number) { return $disk }
    }
    return $null
}

function Get-SimPartitionEntries {
    # Every partition as {Disk; Partition; Volume}, disks in number order, partitions in number order
    # (Get-Partition's order).
    param([Parameter(Mandatory = $true)] $Machine, [int] $DiskNumber = -1)
    $disks = @($Machine.disks | Sort-Object -Property { [int]$_.number })
    foreach ($disk in $disks) {
        if ($DiskNumber -ge 0 -and [int]$disk.number -ne $DiskNumber) { continue }
        foreach ($part in @($disk.partitions | Sort-Object -Property { [int]$_.number })) {
            if ($null -eq $part) { continue }
            [pscustomobject]@{ Disk = $disk; Partition = $part; Volume = (Get-SimProp $part 'volume') }
        }
    }
}

function Find-SimPartition {
    # One partition as {Disk; Partition; Volume}, or $null. Selectors (one set):
    #   -DiskNumber -PartitionNumber | -DriveLetter | -Guid (partition or volume GUID, braces optional) |
    #   -DiskUniqueId -Offset (as ReAgent.xml WinreLocation identifies a partition).
    param(
        [Parameter(Mandatory = $true)] $Machine,
        [Nullable[int]] $DiskNumber,
        [Nullable[int]] $PartitionNumber,
        [string] $DriveLetter,
        [string] $Guid,
        [string] $DiskUniqueId,
        [Nullable[long]] $Offset
    )
    $wantGuid = $null
    if (-not [string]::IsNullOrEmpty($Guid)) { $wantGuid = '{' + $Guid.Trim('{', '}').ToLowerInvariant() + '}' }
    $wantLetter = $null
    if (-not [string]::IsNullOrEmpty($DriveLetter)) { $wantLetter = $DriveLetter.Substring(0, 1).ToUpperInvariant() }
    foreach ($entry in @(Get-SimPartitionEntries -Machine $Machine)) {
        $p = $entry.Partition
        if ($null -ne $DiskNumber -and $null -ne $PartitionNumber) {
            if ([int]$entry.Disk.number -eq $DiskNumber -and [int]$p.number -eq $PartitionNumber) { return $entry }
        } elseif ($null -ne $wantLetter) {
            if ([string](Get-SimProp $p 'driveLetter' '') -eq $wantLetter) { return $entry }
        } elseif ($null -ne $wantGuid) {
            if ([string](Get-SimProp $p 'guid' '') -eq $wantGuid) { return $entry }
            if ($null -ne $entry.Volume -and [string]$entry.Volume.guid -eq $wantGuid) { return $entry }
        } elseif (-not [string]::IsNullOrEmpty($DiskUniqueId) -and $null -ne $Offset) {
            if ([string]$entry.Disk.uniqueId -eq $DiskUniqueId -and [long]$p.offset -eq $Offset) { return $entry }
        }
    }
    return $null
}

function Resolve-SimPath {
    # Maps 'C:\...', '\\?\Volume{guid}\...' and '\\?\GLOBALROOT\device\harddiskN\partitionM\...' (case-insensitive,
    # the form reagentc /info prints: docs/reference/reagentc.md#info-output-when-enabled) to {Disk; Partition; Volume; RelativePath}.
    # RelativePath starts with '\' ('\' for the root). $null when nothing matches or there is no volume.
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)][string] $Path)
    $entry = $null
    $rest = ''
    $p = $Path.Replace('/', '\')
    if ($p -match '^\\\\\?\\GLOBALROOT\\device\\harddisk(\d+)\\partition(\d+)(\\.*)?$') {
        $entry = Find-SimPartition -Machine $Machine -DiskNumber ([int]$Matches[1]) -PartitionNumber ([int]$Matches[2])
        $rest = [string]$Matches[3]
    } elseif ($p -match '^\\\\\?\\Volume(\{[0-9A-Fa-f-]{36}\})(\\.*)?$') {
        $entry = Find-SimPartition -Machine $Machine -Guid $Matches[1]
        $rest = [string]$Matches[2]
    } elseif ($p -match '^([A-Za-z]):(\\.*)?$') {
        $entry = Find-SimPartition -Machine $Machine -DriveLetter $Matches[1]
        $rest = [string]$Matches[2]
    }
    if ($null -eq $entry -or $null -eq $entry.Volume) { return $null }
    if ([string]::IsNullOrEmpty($rest)) { $rest = '\' }
    if ($rest.Length -gt 1) { $rest = $rest.TrimEnd('\') }
    return [pscustomobject]@{ Disk = $entry.Disk; Partition = $entry.Partition; Volume = $entry.Volume; RelativePath = $rest }
}

# ---------------------------------------------------------------------------------------------------------
# Files on a volume (volume.files[]: path relative to the root, size, sha256). Paths compare case-insensitively
# as NTFS does. Size and hash travel with a moved file.
# ---------------------------------------------------------------------------------------------------------

function Get-SimVolumeFile {
    param([Parameter(Mandatory = $true)] $Volume, [Parameter(Mandatory = $true)][string] $Path)
    foreach ($f in @($Volume.files)) {
        if ($null -ne $f -and [string]::Equals([string]$f.path, $Path, [System.StringComparison]::OrdinalIgnoreCase)) { return $f }
    }
    return $null
}

function Get-SimVolumeFree {
    # Free bytes = volume size - usedBytes - sum(files). Never below 0.
    param([Parameter(Mandatory = $true)] $Volume)
    [long]$sum = 0
    foreach ($f in @($Volume.files)) { if ($null -ne $f) { $sum += [long]$f.size } }
    $free = [long]$Volume.size - [long]$Volume.usedBytes - $sum
    if ($free -lt 0) { $free = 0 }
    return $free
}

function Add-SimVolumeFile {
    # Adds (or replaces, same path) a file record. -File is any object with path/size/sha256 (+ optional
    # hidden/system/content/encoding, wim: the WIM metadata simulator/65-Wim.ps1 reads, and package: what simulator/66-Dism.ps1 adds; kept by copies and moves).
    # Does not check space: callers decide which error a full volume gives.
    param([Parameter(Mandatory = $true)] $Volume, [Parameter(Mandatory = $true)] $File)
    $record = [ordered]@{ path = [string]$File.path; size = [long]$File.size; sha256 = ([string]$File.sha256).ToUpperInvariant() }
    foreach ($opt in @('hidden', 'system', 'content', 'encoding', 'wim', 'package')) {
        $v = Get-SimProp $File $opt
        if ($null -ne $v) { $record[$opt] = $v }
    }
    $kept = @(@($Volume.files) | Where-Object { $null -ne $_ -and -not [string]::Equals([string]$_.path, $record.path, [System.StringComparison]::OrdinalIgnoreCase) })
    $Volume.files = @($kept + ([pscustomobject]$record))
    return (Get-SimVolumeFile -Volume $Volume -Path $record.path)
}

function Remove-SimVolumeFile {
    # Removes the file; returns the removed record or $null.
    param([Parameter(Mandatory = $true)] $Volume, [Parameter(Mandatory = $true)][string] $Path)
    $found = Get-SimVolumeFile -Volume $Volume -Path $Path
    if ($null -eq $found) { return $null }
    $Volume.files = @(@($Volume.files) | Where-Object { $null -ne $_ -and -not [string]::Equals([string]$_.path, $Path, [System.StringComparison]::OrdinalIgnoreCase) })
    return $found
}

function Move-SimVolumeFile {
    # Moves a file (same or another volume) keeping size, sha256 and attributes; returns the new record.
    param(
        [Parameter(Mandatory = $true)] $FromVolume,
        [Parameter(Mandatory = $true)][string] $FromPath,
        [Parameter(Mandatory = $true)] $ToVolume,
        [Parameter(Mandatory = $true)][string] $ToPath
    )
    $file = Remove-SimVolumeFile -Volume $FromVolume -Path $FromPath
    if ($null -eq $file) { throw "Simulator: no file $FromPath to move." }
    $copy = [pscustomobject]@{ path = $ToPath; size = $file.size; sha256 = $file.sha256 }
    foreach ($opt in @('hidden', 'system', 'content', 'encoding', 'wim', 'package')) {
        $v = Get-SimProp $file $opt
        if ($null -ne $v) { Set-SimProp $copy $opt $v }
    }
    return (Add-SimVolumeFile -Volume $ToVolume -File $copy)
}

# Shared helpers of the step scripts (ps-scripts/<Verb>-<Noun>.ps1 run by the executor): finding the disk by its
# UniqueId and a partition by its OFFSET (numbers change across reboots: StorageDsc README, docs/reference/storage-cmdlets.md#get-partition),
# the identity checks, a temporary drive letter, reagentc /info and diskpart through one seam each.
# Loaded into every session (production and simulation). Must run on Windows PowerShell 5.1 and PowerShell 7.
#
# Error contract: New-StepError throws an error record whose FullyQualifiedErrorId is 'WinReFix.<Kind>' (what the
# executor decides by, through the step catalogue's retry rules in src/domain/steps/) and whose message starts with
#   'IdentityMismatch:'  - what is at the planned place is not what the plan recorded; nothing was changed;
#   'UnexpectedState:'   - the PC is in neither the before- nor the after-state of the step; nothing was changed;
#   'ReAgentCFailed:' / 'DiskPartFailed:' - the native tool failed (its exit code and raw lines are in the text).
# Windows' own errors (Storage cmdlets with -ErrorAction Stop) propagate unchanged, so the bridge reports their
# message and FullyQualifiedErrorId ('StorageWMI 40000,New-Partition', ...).

Set-StrictMode -Version 3.0

$script:StepRecoveryMbrType = 39 # 0x27 (docs/reference/storage-cmdlets.md#type-guids-mbr-ids-and-gpt-attributes)
# reagentc's own acceptance test on the target: free >= WIM + 52 MiB, else it silently falls back to C:
# (docs/reference/reagentc.md#info-output-when-enabled, docs/reference/update-failure.md#free-space-rules).
$script:StepReAgentMarginBytes = [long]54525952
$script:StepWinReFolder = 'Recovery\WindowsRE'

function New-StepError {
    # A terminating error with the id 'WinReFix.<Kind>' (FullyQualifiedErrorId: what the executor reads) and a
    # message that starts with the kind, for people.
    param([Parameter(Mandatory = $true)][string] $Kind, [Parameter(Mandatory = $true)][string] $Message)
    $exception = New-Object System.InvalidOperationException -ArgumentList ($Kind + ': ' + $Message)
    $category = [System.Management.Automation.ErrorCategory]::InvalidOperation
    if ($Kind -eq 'IdentityMismatch') { $category = [System.Management.Automation.ErrorCategory]::InvalidData }
    return New-Object System.Management.Automation.ErrorRecord -ArgumentList $exception, ('WinReFix.' + $Kind), $category, $null
}

function ConvertTo-StepDriveLetter {
    # Get-Partition's DriveLetter is [char]0 when there is none (docs/reference/storage-cmdlets.md#enums-as-strings-in-json): '' then, else 'R'.
    param($Value)
    if ($null -eq $Value) { return '' }
    $s = ([string]$Value).Trim([char]0).Trim()
    if ($s.Length -eq 0) { return '' }
    return $s.Substring(0, 1).ToUpperInvariant()
}

function ConvertTo-StepGuid {
    # '{lower-case}' or '' (Get-Partition prints braces and lower case; plans carry the same form).
    param($Value)
    if ($null -eq $Value) { return '' }
    $s = ([string]$Value).Trim()
    if ($s.Length -eq 0) { return '' }
    return '{' + $s.Trim('{', '}').ToLowerInvariant() + '}'
}

function Get-StepDisk {
    # The one disk whose UniqueId is $UniqueId. Get-Disk has no stable -UniqueId parameter on every build, so all
    # disks are read and filtered (one call, -ErrorAction Stop).
    param([Parameter(Mandatory = $true)][string] $UniqueId)
    $found = @(Get-Disk -ErrorAction Stop | Where-Object { [string]$_.UniqueId -eq $UniqueId })
    if ($found.Count -ne 1) {
        throw (New-StepError -Kind 'IdentityMismatch' -Message ("expected exactly one disk with UniqueId '" + $UniqueId + "', found " + $found.Count + '; the disk may have been replaced or cloned.'))
    }
    return $found[0]
}

function Get-StepPartitions {
    # Every partition of the disk, in offset order (partition numbers are not in offset order after a create:
    # docs/reference/storage-cmdlets.md#get-partition).
    param([Parameter(Mandatory = $true)] $Disk)
    return @(Get-Partition -DiskNumber ([uint32]$Disk.Number) -ErrorAction Stop | Sort-Object -Property { [long]$_.Offset })
}

function Find-StepPartitionAt {
    # The partition starting exactly at $Offset on the disk, or $null.
    param([Parameter(Mandatory = $true)] $Disk, [Parameter(Mandatory = $true)][long] $Offset)
    $hit = @(Get-StepPartitions -Disk $Disk | Where-Object { [long]$_.Offset -eq $Offset })
    if ($hit.Count -eq 0) { return $null }
    return $hit[0]
}

function Test-StepRecoveryTyped {
    param([Parameter(Mandatory = $true)] $Partition)
    if ((ConvertTo-StepGuid $Partition.GptType) -eq (Get-WinReFixGptType -Kind recovery)) { return $true }
    $mbr = $Partition.MbrType
    return ($null -ne $mbr -and [string]$mbr -ne '' -and [int]$mbr -eq $script:StepRecoveryMbrType)
}

function Assert-StepPartitionIdentity {
    # Throws IdentityMismatch listing every difference between the live partition and what the plan recorded.
    # -Size/-Guid are checked when given (Size >= 0, Guid non-empty); -Recovery requires the recovery type.
    param(
        [Parameter(Mandatory = $true)] $Partition,
        [Parameter(Mandatory = $true)][string] $What,
        [long] $Size = -1,
        [string] $Guid = '',
        [switch] $Recovery
    )
    $problems = @()
    if ($Size -ge 0 -and [long]$Partition.Size -ne $Size) {
        $problems += ('size is ' + [long]$Partition.Size + ' bytes, the plan recorded ' + $Size)
    }
    $want = ConvertTo-StepGuid $Guid
    if ($want -ne '') {
        $have = ConvertTo-StepGuid $Partition.Guid
        if ($have -ne $want) { $problems += ('partition GUID is ' + $have + ', the plan recorded ' + $want) }
    }
    if ($Recovery -and -not (Test-StepRecoveryTyped -Partition $Partition)) {
        $problems += ('type is ' + [string]$Partition.Type + ' (GptType ' + [string]$Partition.GptType + ', MbrType ' + [string]$Partition.MbrType + '), not a recovery partition')
    }
    if ($problems.Count -gt 0) {
        throw (New-StepError -Kind 'IdentityMismatch' -Message ($What + ' at offset ' + [long]$Partition.Offset + ' (disk ' + $Partition.DiskNumber + ' partition ' + $Partition.PartitionNumber + '): ' + ($problems -join '; ') + '. Nothing was changed.'))
    }
}

function ConvertTo-StepPartitionFacts {
    # The partition as primitives for a step result.
    param([Parameter(Mandatory = $true)] $Partition)
    $gptType = ConvertTo-StepGuid $Partition.GptType
    $guid = ConvertTo-StepGuid $Partition.Guid
    $mbr = $null
    if ($null -ne $Partition.MbrType -and [string]$Partition.MbrType -ne '') { $mbr = [int]$Partition.MbrType }
    $gptTypeOut = $null
    if ($gptType -ne '') { $gptTypeOut = $gptType }
    $guidOut = $null
    if ($guid -ne '') { $guidOut = $guid }
    return [ordered]@{
        diskNumber      = [int]$Partition.DiskNumber
        partitionNumber = [int]$Partition.PartitionNumber
        offset          = [int64]$Partition.Offset
        size            = [int64]$Partition.Size
        guid            = $guidOut
        gptType         = $gptTypeOut
        mbrType         = $mbr
        type            = [string]$Partition.Type
    }
}

function Get-StepVolume {
    # The volume on a partition, or $null when Windows reports none (MSR, or a partition without a volume).
    # Get-Volume -Partition errors are not swallowed except 'no volume' (ObjectNotFound).
    param([Parameter(Mandatory = $true)] $Partition)
    $volume = @(Get-Volume -Partition $Partition -ErrorAction SilentlyContinue -ErrorVariable volumeErrors)
    if ($volume.Count -eq 0) {
        foreach ($e in @($volumeErrors)) {
            if ($e.CategoryInfo.Category -ne [System.Management.Automation.ErrorCategory]::ObjectNotFound) { throw $e }
        }
        return $null
    }
    return $volume[0]
}

function ConvertTo-StepVolumeFacts {
    param($Volume)
    if ($null -eq $Volume) { return $null }
    return [ordered]@{
        fileSystem    = [string]$Volume.FileSystem
        label         = [string]$Volume.FileSystemLabel
        size          = [int64]$Volume.Size
        sizeRemaining = [int64]$Volume.SizeRemaining
        path          = [string]$Volume.Path
    }
}

function Invoke-StepWithDriveLetter {
    # Runs $ScriptBlock with the partition's root ('R:\') as its argument, through a drive letter.
    # Why a drive letter and not '\\?\Volume{GUID}\': the FileSystem provider mishandles volume GUID paths -
    # PowerShell 7 lists C:\ instead of the volume (PowerShell/PowerShell#15872, #16721: a backup would silently
    # copy the wrong disk), wildcards fail on them (#19439), and Set-Location never worked even on 5.1. A letter
    # works the same on 5.1 and 7. A recovery partition without the hidden attribute accepts one
    # (docs/reference/storage-cmdlets.md#get-partition). The temporary letter is removed in 'finally'. A power cut can leave it behind, so a
    # letter found on a RECOVERY partition is used and then removed too: Windows gives recovery partitions none
    # (GPT attribute 0x8000000000000000 "no drive letter", MBR id 0x27: docs/reference/storage-cmdlets.md#type-guids-mbr-ids-and-gpt-attributes), so one found there
    # is a leftover of an interrupted run. A letter on any other partition is used and left alone.
    param([Parameter(Mandatory = $true)] $Partition, [Parameter(Mandatory = $true)][scriptblock] $ScriptBlock)
    $disk = [uint32]$Partition.DiskNumber
    $number = [uint32]$Partition.PartitionNumber
    $letter = ConvertTo-StepDriveLetter $Partition.DriveLetter
    $assigned = ($letter -ne '' -and -not [bool]$Partition.IsBoot -and (Test-StepRecoveryTyped -Partition $Partition))
    if ($letter -eq '') {
        Add-PartitionAccessPath -DiskNumber $disk -PartitionNumber $number -AssignDriveLetter -ErrorAction Stop
        $assigned = $true
        # The mount manager can take a moment before Get-Partition shows the new letter. ASSUMPTION: 5 s is
        # enough (no documented bound; the simulator shows it at once, so this never waits there).
        for ($try = 0; $try -lt 10; $try++) {
            $letter = ConvertTo-StepDriveLetter (Get-Partition -DiskNumber $disk -PartitionNumber $number -ErrorAction Stop).DriveLetter
            if ($letter -ne '') { break }
            Start-Sleep -Milliseconds 500
        }
        if ($letter -eq '') {
            throw (New-StepError -Kind 'UnexpectedState' -Message ('Add-PartitionAccessPath -AssignDriveLetter gave disk ' + $disk + ' partition ' + $number + ' no drive letter.'))
        }
    }
    try {
        & $ScriptBlock ($letter + ':\')
    } finally {
        if ($assigned) {
            try {
                Remove-PartitionAccessPath -DiskNumber $disk -PartitionNumber $number -AccessPath ($letter + ':\') -ErrorAction Stop
            } catch {
                # The work is done or failed on its own; a letter left behind must not hide that outcome.
                Write-Warning ('Could not remove the temporary drive letter ' + $letter + ': ' + $_.Exception.Message)
            }
        }
    }
}

function Get-StepWindowsDirectory {
    # %windir%: the environment on Windows; Win32_OperatingSystem.WindowsDirectory where the environment lacks it
    # (same rule as Get-WinReStatus.ps1).
    $windows = [string]$env:SystemRoot
    if ([string]::IsNullOrEmpty($windows)) { $windows = [string](Get-CimInstance -ClassName Win32_OperatingSystem -ErrorAction Stop).WindowsDirectory }
    if ([string]::IsNullOrEmpty($windows)) { throw 'The Windows directory is unknown (no SystemRoot, no Win32_OperatingSystem.WindowsDirectory).' }
    return $windows.TrimEnd('\')
}

function Get-StepStagedImagePath {
    # Where reagentc /disable puts Winre.wim and /enable takes it from (docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml).
    return (Get-StepWindowsDirectory) + '\System32\Recovery\Winre.wim'
}

function Get-StepFileFacts {
    # present/size/SHA256 of one file. -Force: Winre.wim is hidden and system (docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml).
    param([Parameter(Mandatory = $true)][string] $Path)
    if (-not (Test-Path -LiteralPath $Path -PathType Leaf)) {
        return [ordered]@{ path = $Path; present = $false; size = $null; sha256 = $null }
    }
    $item = Get-Item -LiteralPath $Path -Force -ErrorAction Stop
    $hash = Get-FileHash -LiteralPath $Path -Algorithm SHA256 -ErrorAction Stop
    return [ordered]@{ path = $Path; present = $true; size = [int64]$item.Length; sha256 = ([string]$hash.Hash).ToUpperInvariant() }
}

# ------------------------------------------------------------------------------------------------------------
# reagentc /info, read the language-independent way.
# The step scripts must decide "already done?" themselves before acting, so they need the status and location
# here, not later in TypeScript. This is the PowerShell twin of src/domain/reagentc-info.ts, rule for rule, and
# reads no localized label (docs/reference/reagentc.md#what-stays-the-same-in-every-language):
#  - status = the VALUE of the first 'label: value' line that has a value and is not a 'REAGENTC.EXE:' line
#    (indented lines first: real output indents the body); the values 'Enabled'/'Disabled' are not localized;
#  - location = the '\\?\GLOBALROOT\device\harddisk<N>\partition<M>' path anywhere in the output;
#  - bcdId = the first bare GUID (no braces) among the body values, lower case; version = the first a.b.c.d value.
# Both parsers run over every recorded transcript (test/powershell/facts/reagentc-parsers-agree.test.ts).
# The raw lines go back in every result too, so the logs keep them and TypeScript can re-parse.
# ------------------------------------------------------------------------------------------------------------

function ConvertFrom-StepReAgentInfo {
    param([Parameter(Mandatory = $true)] $Run)
    $lines = @(@($Run.stdout) + @($Run.stderr) | ForEach-Object { [string]$_ })
    $body = @()
    foreach ($line in $lines) {
        if ($line -match '^\s*REAGENTC\.EXE\s*[:\uFF1A]') { continue }
        if ($line -match '^(\s*)([^:\uFF1A]+?)\s*[:\uFF1A]\s*(.*?)\s*$') {
            $body += , @{ indented = ($Matches[1].Length -gt 0); value = [string]$Matches[3]; raw = $line }
        }
    }
    $candidates = @($body | Where-Object { $_.indented })
    if ($candidates.Count -eq 0) { $candidates = $body }
    $first = @($candidates | Where-Object { $_.value.Length -gt 0 } | Select-Object -First 1)
    $status = 'Unknown'
    if ($first.Count -gt 0) {
        if ($first[0].value -match '^enabled$') { $status = 'Enabled' }
        elseif ($first[0].value -match '^disabled$') { $status = 'Disabled' }
    }
    $location = $null
    foreach ($line in $lines) {
        if ($line -match '(\\\\\?\\GLOBALROOT\\device\\harddisk(\d+)\\partition(\d+)(\\\S*)?)') {
            $location = [ordered]@{ diskNumber = [int]$Matches[2]; partitionNumber = [int]$Matches[3]; path = $Matches[1].TrimEnd('\') }
            break
        }
    }
    $bcdId = $null
    foreach ($entry in $body) {
        if ($entry.raw -match 'GLOBALROOT|Volume\{') { continue }
        if ($entry.value -match '(?<![{\w-])([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![}\w-])') {
            $bcdId = $Matches[1].ToLowerInvariant()
            break
        }
    }
    $version = $null
    foreach ($entry in $body) {
        if ($entry.value -match '^\d+\.\d+\.\d+\.\d+$') { $version = $entry.value; break }
    }
    return [ordered]@{ exitCode = [int]$Run.exitCode; status = $status; location = $location; bcdId = $bcdId; version = $version }
}

function Get-StepReAgentInfo {
    # reagentc /info -> @{ run = {exitCode, stdout, stderr}; info = {exitCode, status, location} }.
    # A failed /info (not elevated, 'Operation failed') is an error: no step may act on an unknown WinRE state.
    $run = Invoke-ReAgentC -Arguments @('/info')
    $info = ConvertFrom-StepReAgentInfo -Run $run
    if ($info.exitCode -ne 0 -or $info.status -eq 'Unknown') {
        throw (New-StepError -Kind 'ReAgentCFailed' -Message ('reagentc /info exited ' + $info.exitCode + ' with status ' + $info.status + ': ' + (Format-StepNativeLines -Run $run)))
    }
    return [ordered]@{ run = $run; info = $info }
}

function Format-StepNativeLines {
    param([Parameter(Mandatory = $true)] $Run)
    $lines = @(@($Run.stdout) + @($Run.stderr) | ForEach-Object { [string]$_ } | Where-Object { $_.Trim().Length -gt 0 })
    return ($lines -join ' | ')
}

function ConvertTo-StepNativeResult {
    # {exitCode, stdout[], stderr[]} as primitives (arrays stay arrays in JSON).
    param([Parameter(Mandatory = $true)] $Run)
    return [ordered]@{
        exitCode = [int]$Run.exitCode
        stdout   = @(@($Run.stdout) | ForEach-Object { [string]$_ })
        stderr   = @(@($Run.stderr) | ForEach-Object { [string]$_ })
    }
}

function Test-StepPendingEnableAt {
    # reagentc /enable can succeed (exit 0, image moved, ReAgent.xml written) while /info keeps saying Disabled
    # until Windows restarts (issue 13). ReAgent.xml is what reagentc wrote: InstallState 1 with WinreLocation at
    # this offset (docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml) means WinRE is in place there.
    # ASSUMPTION: no Microsoft source documents this state; ReAgent.xml is taken as the truth while /info lags.
    param([Parameter(Mandatory = $true)] $Info, [Parameter(Mandatory = $true)][long] $Offset)
    if ($Info.status -ne 'Disabled') { return $false }
    $xmlPath = (Get-StepWindowsDirectory) + '\System32\Recovery\ReAgent.xml'
    if (-not (Test-Path -LiteralPath $xmlPath -PathType Leaf)) { return $false }
    $xml = [string](Get-Content -LiteralPath $xmlPath -Raw -ErrorAction Stop)
    if ($xml -notmatch '<InstallState\s+state="1"') { return $false }
    if ($xml -notmatch '<WinreLocation\s[^>]*\boffset="(\d+)"') { return $false }
    return ([long]$Matches[1] -eq $Offset)
}

function Resolve-StepWinReLocation {
    # Maps the /info location (numbers valid NOW) to the partition: {diskUniqueId, diskNumber, partitionNumber,
    # offset, isOsVolume}, or $null when disabled / the partition is gone.
    param($Location)
    if ($null -eq $Location) { return $null }
    $part = @(Get-Partition -DiskNumber ([uint32]$Location.diskNumber) -PartitionNumber ([uint32]$Location.partitionNumber) -ErrorAction SilentlyContinue)
    if ($part.Count -eq 0) { return $null }
    $disk = Get-Disk -Number ([uint32]$Location.diskNumber) -ErrorAction Stop
    return [ordered]@{
        diskUniqueId    = [string]$disk.UniqueId
        diskNumber      = [int]$Location.diskNumber
        partitionNumber = [int]$Location.partitionNumber
        offset          = [int64]$part[0].Offset
        isOsVolume      = [bool]$part[0].IsBoot
        path            = [string]$Location.path
    }
}

# ------------------------------------------------------------------------------------------------------------
# diskpart: the only way to set GPT attribute bit 0x1 (no cmdlet can: docs/reference/storage-cmdlets.md#type-guids-mbr-ids-and-gpt-attributes) and to create an MBR
# partition of id 0x27 (New-Partition -MbrType cannot express it: docs/reference/storage-cmdlets.md#cmdlets-that-change-partitions).
# ------------------------------------------------------------------------------------------------------------

function Invoke-StepDiskPart {
    # Runs 'diskpart /s <file>' with $Lines as the script; returns {exitCode, stdout[], stderr[]}.
    # /s, not piped stdin: in /s mode diskpart stops at the first failing command and exits non-zero (0 ok,
    # 1 fatal, 2 arguments, 3 script file, 4 service failure, 5 syntax; a VDS error exits with its HRESULT:
    # "DiskPart scripts and examples", learn.microsoft.com; docs/reference/storage-cmdlets.md#diskpart-errors), while piped input keeps going
    # after an error and exits 0, so a failure could pass unnoticed.
    # Windows: diskpart.exe by absolute System32 path (we run as SYSTEM: no PATH lookup), output decoded in the
    # console code page as for reagentc (Invoke-WinReFixNativeTool in NativeCommand.ps1). The script file is ASCII (every command is) in the
    # temporary folder (SYSTEM's is %windir%\Temp, where a file SYSTEM creates is not writable by users: CREATOR
    # OWNER) under an unguessable name, and deleted afterwards.
    # Simulation: the same code path runs the simulated diskpart.exe (a real program then: docs/simulation.md
    # "Executables"); the script file is a real file of the host there too.
    param([Parameter(Mandatory = $true)][string[]] $Lines)
    $scriptFile = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'winre-fix-diskpart-' + [guid]::NewGuid().ToString('N') + '.txt')
    [System.IO.File]::WriteAllText($scriptFile, (($Lines -join "`r`n") + "`r`n"), (New-Object System.Text.ASCIIEncoding))
    try {
        return (Invoke-WinReFixNativeTool -ExeName 'diskpart.exe' -Arguments @('/s', $scriptFile))
    } finally {
        [System.IO.File]::Delete($scriptFile)
    }
}

function Assert-StepDiskPartOk {
    param([Parameter(Mandatory = $true)] $Run, [Parameter(Mandatory = $true)][string] $What)
    if ([int]$Run.exitCode -ne 0) {
        throw (New-StepError -Kind 'DiskPartFailed' -Message ($What + ': diskpart exited ' + $Run.exitCode + ': ' + (Format-StepNativeLines -Run $Run)))
    }
}

function Get-StepGptAttributes {
    # GPT attribute bits of one partition from diskpart 'detail partition', language-independently: the value on
    # the line after a colon that is 16 hex digits, with '0X' when non-zero ('Attrib  : 0X8000000000000001';
    # zero prints '0000000000000000': docs/reference/storage-cmdlets.md#diskpart-detail-partition). Returns '0x' + 16 lower-case hex digits.
    param([Parameter(Mandatory = $true)] $Partition)
    $run = Invoke-StepDiskPart -Lines @(('select disk ' + [int]$Partition.DiskNumber), ('select partition ' + [int]$Partition.PartitionNumber), 'detail partition')
    Assert-StepDiskPartOk -Run $run -What 'detail partition'
    foreach ($line in @(@($run.stdout) + @($run.stderr))) {
        if ([string]$line -match '[:\uFF1A]\s*(0[Xx])?([0-9A-Fa-f]{16})\s*$') {
            return [ordered]@{ attributes = '0x' + $Matches[2].ToLowerInvariant(); run = $run }
        }
    }
    throw (New-StepError -Kind 'DiskPartFailed' -Message ('detail partition printed no GPT attributes: ' + (Format-StepNativeLines -Run $run)))
}

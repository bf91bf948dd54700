<#
.SYNOPSIS
    reagentc /enable onto the recovery partition at -PartitionOffset, and reports where WinRE LANDED. Idempotent.
.DESCRIPTION
    Already done: /info says Enabled on exactly that partition -> changed=false (facts and hash still reported).
    Enabled anywhere else: 'UnexpectedState:' (nothing is changed; the executor decides).
    Disabled: the staged image %windir%\System32\Recovery\Winre.wim must exist (and match -ImageSha256 when
    given), the target must be a formatted, recovery-typed volume with free >= WIM + 52 MiB - reagentc's own
    acceptance test; below it reagentc SILENTLY falls back to C:\Recovery\WindowsRE (docs/reference/reagentc.md#info-output-when-enabled,
    commercialization-public#324), so the script refuses beforehand ('UnexpectedState:').
    How the target is chosen. Plain /enable lets reagent's FindTargetPartition choose: a recovery-typed partition
    holding $WINRE_BACKUP_PARTITION.MARKER first, else the recovery-typed partition with the LOWEST offset that
    qualifies, then (MBR) the active system partition, then C: (simulator/30-ReAgentC.ps1 from ReAgent.log in
    MHimken/WinRE-Customization#6). So:
      - no OTHER recovery-typed partition on the disk could qualify (free >= WIM + 52 MiB, read from Get-Volume;
        wherever it lies and whatever marker it holds) -> plain /enable (KB5028997 step 5): it can only pick the
        target, and it needs no drive letter, so only delete, create, attributes and format change the disk while
        WinRE is disabled (bench/fix.ts counts them);
      - another one could (e.g. a big OEM or old recovery partition kept by new-recovery-after-os) -> the image
        is copied to <target>\Recovery\WindowsRE (hash verified), 'reagentc /setreimage /path
        <target>\Recovery\WindowsRE /target <windir>' pins the location, then /enable installs it in place
        (Microsoft's deployment recipe "Deploy Windows RE": copy winre.wim, /setreimage, then enable;
        docs/reference/reagentc.md#disable-enable-and-setreimage). The staged copy in System32 is left in place. ASSUMPTION: whether /enable from a
        set image deletes the System32 copy is not documented; leaving it costs space on C:, never WinRE.
    After acting, /info is read again and the location mapped to disk UniqueId + offset: landing anywhere but
    the target (the OS volume, another partition) is 'UnexpectedState:' naming where it landed.
.OUTPUTS
    One object, schemas/enable-win-re.schema.json.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string] $DiskUniqueId,
    [Parameter(Mandatory = $true)][long] $PartitionOffset,
    [AllowEmptyString()][string] $ImageSha256 = ''
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$want = $ImageSha256.ToUpperInvariant()
$disk = Get-StepDisk -UniqueId $DiskUniqueId
$part = Find-StepPartitionAt -Disk $disk -Offset $PartitionOffset
if ($null -eq $part) {
    throw (New-StepError -Kind 'IdentityMismatch' -Message ('no partition starts at offset ' + $PartitionOffset + ' on disk ' + $disk.Number + '; WinRE was not enabled.'))
}
Assert-StepPartitionIdentity -Partition $part -What 'the WinRE target partition' -Recovery

function Format-Where {
    param($Where)
    if ($null -eq $Where) { return 'an unknown place' }
    $os = ''
    if ($Where.isOsVolume) { $os = ', the OS volume' }
    return 'disk ' + $Where.diskNumber + ' partition ' + $Where.partitionNumber + ' (offset ' + $Where.offset + $os + ')'
}

function Test-OnTarget {
    param($Where)
    return ($null -ne $Where -and [string]$Where.diskUniqueId -eq $DiskUniqueId -and [long]$Where.offset -eq $PartitionOffset)
}

function Assert-NoPendingEnable {
    # WinRE already registered here with /info lagging until a restart (Test-StepPendingEnableAt): neither roll
    # back (that would undo it) nor /enable again (the staged image is gone): 'RestartPending', and the run
    # resumes after the restart.
    param([Parameter(Mandatory = $true)] $Info)
    if (Test-StepPendingEnableAt -Info $Info -Offset $PartitionOffset) {
        throw (New-StepError -Kind 'RestartPending' -Message ('reagentc /enable registered WinRE on the partition at offset ' + $PartitionOffset + ' (ReAgent.xml InstallState 1), but reagentc /info says Disabled until Windows restarts. Restart; the next run verifies it.'))
    }
}

$before = Get-StepReAgentInfo
Assert-NoPendingEnable -Info $before.info
$stagedPath = Get-StepStagedImagePath
$windows = Get-StepWindowsDirectory
$changed = $false
$route = 'none'
$runs = @()

if ($before.info.status -eq 'Enabled') {
    $where = Resolve-StepWinReLocation -Location $before.info.location
    if (-not (Test-OnTarget $where)) {
        throw (New-StepError -Kind 'UnexpectedState' -Message ('WinRE is already enabled on ' + (Format-Where $where) + ', not on the partition at offset ' + $PartitionOffset + '. Nothing was changed.'))
    }
} else {
    $volume = Get-StepVolume -Partition $part
    if ($null -eq $volume -or [string]$volume.FileSystem -ne 'NTFS') {
        throw (New-StepError -Kind 'UnexpectedState' -Message ('the partition at offset ' + $PartitionOffset + ' has no NTFS volume; format it first. Nothing was changed.'))
    }
    $staged = Get-StepFileFacts -Path $stagedPath
    $others = @(Get-StepPartitions -Disk $disk | Where-Object { [long]$_.Offset -ne $PartitionOffset -and (Test-StepRecoveryTyped -Partition $_) })
    # A rival that reagent could choose instead of the target. Without a staged image its size is unknown: every
    # other recovery partition counts then (conservative).
    $rivals = @()
    foreach ($o in $others) {
        if (-not $staged.present) { $rivals += $o; continue }
        $ov = Get-StepVolume -Partition $o
        if ($null -ne $ov -and [string]$ov.FileSystem -ne '' -and [string]$ov.FileSystem -ne 'RAW' -and [long]$ov.SizeRemaining -ge ([long]$staged.size + 54525952)) { $rivals += $o }
    }
    $route = 'enable'
    if ($rivals.Count -gt 0) { $route = 'setreimage' }
    # Checks that need no drive letter first, so a refusal leaves no trace at all.
    if (-not $staged.present -and $route -ne 'setreimage') {
        throw (New-StepError -Kind 'UnexpectedState' -Message ('WinRE is disabled and no image is staged at ' + $stagedPath + '. Nothing was changed.'))
    }
    if ($staged.present -and $want -ne '' -and $staged.sha256 -ne $want) {
        throw (New-StepError -Kind 'UnexpectedState' -Message ('the WinRE image ' + $staged.path + ' has SHA256 ' + $staged.sha256 + ', not the recorded ' + $want + '. Nothing was changed.'))
    }
    if ($staged.present -and $route -eq 'enable' -and [long]$volume.SizeRemaining -lt ([long]$staged.size + 54525952)) {
        throw (New-StepError -Kind 'UnexpectedState' -Message ('the target volume has ' + [long]$volume.SizeRemaining + ' bytes free; reagentc needs ' + ([long]$staged.size + 54525952) + ' (WIM + 52 MiB) or it falls back to C:. Nothing was changed.'))
    }
    # Plain /enable needs no drive letter (each one is two more mutations while WinRE is disabled); only the
    # set-image route reaches into the target volume.
    $prepared = [ordered]@{ image = $staged; set = $null }
    if ($route -eq 'setreimage') { $prepared = Invoke-StepWithDriveLetter -Partition $part -ScriptBlock {
        param($root)
        $targetFolder = $root + 'Recovery\WindowsRE'
        $targetWim = $targetFolder + '\Winre.wim'
        $inPlace = Get-StepFileFacts -Path $targetWim
        $image = $staged
        if (-not $staged.present) {
            # A resumed run whose image was already copied (set-image route) finds it on the target.
            if ($route -ne 'setreimage' -or -not $inPlace.present) {
                throw (New-StepError -Kind 'UnexpectedState' -Message ('WinRE is disabled and no image is staged at ' + $stagedPath + '. Nothing was changed.'))
            }
            $image = $inPlace
        }
        if ($want -ne '' -and $image.sha256 -ne $want) {
            throw (New-StepError -Kind 'UnexpectedState' -Message ('the WinRE image ' + $image.path + ' has SHA256 ' + $image.sha256 + ', not the recorded ' + $want + '. Nothing was changed.'))
        }
        [long]$free = [long]$volume.SizeRemaining
        if ($inPlace.present) { $free += [long]$inPlace.size }
        # 52 MiB = 54,525,952 bytes: reagentc's margin (docs/reference/update-failure.md#free-space-rules).
        $need = [long]$image.size + 54525952
        if ($free -lt $need) {
            throw (New-StepError -Kind 'UnexpectedState' -Message ('the target volume has ' + $free + ' bytes free; reagentc needs ' + $need + ' (WIM + 52 MiB) or it falls back to C:. Nothing was changed.'))
        }
        $set = $null
        if ($route -eq 'setreimage') {
            if (-not ($inPlace.present -and $inPlace.sha256 -eq $image.sha256)) {
                if (-not (Test-Path -LiteralPath $targetFolder -PathType Container)) { New-Item -ItemType Directory -Path $targetFolder -Force -ErrorAction Stop | Out-Null }
                Copy-Item -LiteralPath $stagedPath -Destination $targetWim -Force -ErrorAction Stop
                $inPlace = Get-StepFileFacts -Path $targetWim
                if ($inPlace.sha256 -ne $image.sha256) {
                    throw (New-StepError -Kind 'UnexpectedState' -Message ('the image copied to ' + $targetWim + ' has SHA256 ' + $inPlace.sha256 + ', not ' + $image.sha256 + '.'))
                }
            }
            $set = Invoke-ReAgentC -Arguments @('/setreimage', '/path', $targetFolder, '/target', $windows)
            if ([int]$set.exitCode -ne 0) {
                throw (New-StepError -Kind 'ReAgentCFailed' -Message ('reagentc /setreimage /path ' + $targetFolder + ' exited ' + $set.exitCode + ': ' + (Format-StepNativeLines -Run $set)))
            }
        }
        [ordered]@{ image = $image; set = $set }
    } }
    if ($null -ne $prepared.set) { $runs += (ConvertTo-StepNativeResult -Run $prepared.set) }
    $enable = Invoke-ReAgentC -Arguments @('/enable')
    $runs += (ConvertTo-StepNativeResult -Run $enable)
    $changed = $true
    if ([int]$enable.exitCode -ne 0) {
        throw (New-StepError -Kind 'ReAgentCFailed' -Message ('reagentc /enable exited ' + $enable.exitCode + ': ' + (Format-StepNativeLines -Run $enable)))
    }
}

$after = Get-StepReAgentInfo
Assert-NoPendingEnable -Info $after.info
$where = Resolve-StepWinReLocation -Location $after.info.location
if ($after.info.status -ne 'Enabled' -or -not (Test-OnTarget $where)) {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('after reagentc /enable WinRE is ' + $after.info.status + ' on ' + (Format-Where $where) + ', not on the partition at offset ' + $PartitionOffset + '.'))
}
# The folder inside the partition, from the GLOBALROOT path (\Recovery\WindowsRE unless /setreimage chose another).
$inside = 'Recovery\WindowsRE'
if ([string]$where.path -match '\\partition\d+\\(.+)$') { $inside = $Matches[1] }
$live = $null
$part = Find-StepPartitionAt -Disk $disk -Offset $PartitionOffset
$live = Invoke-StepWithDriveLetter -Partition $part -ScriptBlock { param($root) Get-StepFileFacts -Path ($root + $inside + '\Winre.wim') }
if (-not $live.present) {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('WinRE is enabled on the target but ' + $inside + '\Winre.wim is not there.'))
}
if ($want -ne '' -and $live.sha256 -ne $want) {
    throw (New-StepError -Kind 'UnexpectedState' -Message ('the enabled image has SHA256 ' + $live.sha256 + ', not the recorded ' + $want + '.'))
}

[ordered]@{
    changed      = $changed
    route        = $route
    statusBefore = [string]$before.info.status
    status       = [string]$after.info.status
    landed       = [ordered]@{
        diskUniqueId    = [string]$where.diskUniqueId
        diskNumber      = [int]$where.diskNumber
        partitionNumber = [int]$where.partitionNumber
        offset          = [int64]$where.offset
        isOsVolume      = [bool]$where.isOsVolume
        onTarget        = $true
        path            = [string]$where.path
    }
    image        = [ordered]@{ size = [int64]$live.size; sha256 = [string]$live.sha256 }
    reagentc     = @($runs)
    info         = (ConvertTo-StepNativeResult -Run $after.run)
}

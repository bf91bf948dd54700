# The offline WinRE patch with a Safe OS Dynamic Update (fix --safeos-package; docs/safeos-patch.md): where its work
# files live, and the DISM calls it shares. Loaded into every session. Windows PowerShell 5.1 and PowerShell 7.
#
# Work folder: <run backup folder>\safeos (C:\ProgramData\winre-fix\backup\<runId>\safeos), inside the protected
# state folder (SYSTEM and Administrators only, no links: docs/architecture.md "The journal"); deleted with the
# backup folder (Remove-WinReFixBackup.ps1, the orphan sweep). Never %TEMP%: no folder a user can write.
#   source.wim    the copy of the live image that DISM mounts (the live image is never mounted: a power cut in
#                 DISM's commit leaves the mounted WIM's header write-in-progress, docs/reference/winre-version.md#adding-a-safe-os-update)
#   mount\        the mount folder
#   patched.wim   the exported result (Export-WindowsImage writes a new, compact file)
#   patched.json  written last (temporary name, then renamed): the patched image's SHA256 and versions. Its
#                 presence with a matching patched.wim is what "already built" means.
#   Winre.wim.orig the staged image from before the swap (Install-PatchedWinReImage.ps1), for a roll-back.
# DISM PowerShell module (Mount-WindowsImage, Add-WindowsPackage, Dismount-WindowsImage, Export-WindowsImage,
# Get-WindowsImage -Mounted, Clear-WindowsCorruptMountPoint: https://learn.microsoft.com/powershell/module/dism/);
# dism.exe only for /Cleanup-Image /StartComponentCleanup /ResetBase, which has no cmdlet
# (https://learn.microsoft.com/windows-hardware/manufacture/desktop/dism-operating-system-package-servicing-command-line-options).
Set-StrictMode -Version 3.0

function Get-WinReFixSafeOsPaths {
    param([Parameter(Mandatory = $true)][string] $StateFolder)
    $work = $StateFolder.TrimEnd('\') + '\safeos'
    return [ordered]@{
        work     = $work
        source   = $work + '\source.wim'
        mount    = $work + '\mount'
        patched  = $work + '\patched.wim'
        record   = $work + '\patched.json'
        original = $work + '\Winre.wim.orig'
    }
}

function Read-WinReFixSafeOsRecord {
    # patched.json, or $null when absent or unreadable (then the patch is built again).
    param([Parameter(Mandatory = $true)][string] $Path)
    if (-not (Test-Path -LiteralPath $Path -PathType Leaf)) { return $null }
    try {
        return ((Get-Content -LiteralPath $Path -Raw -ErrorAction Stop) | ConvertFrom-Json)
    } catch {
        return $null
    }
}

function Test-WinReFixDismNotApplicable {
    # DISM's "The specified package is not applicable to this image." (0x800F081E, CBS_E_NOT_APPLICABLE): the
    # cmdlets throw a COMException carrying it as HResult; dism.exe prints it as "Error: 0x800f081e".
    param([Parameter(Mandatory = $true)] $ErrorRecord)
    $e = $ErrorRecord.Exception
    while ($null -ne $e) {
        if ([int32]$e.HResult -eq [int32]-2146498530) { return $true }
        $e = $e.InnerException
    }
    return ([string]$ErrorRecord.Exception.Message -match '(?i)0x800f081e')
}

function Clear-WinReFixStaleMounts {
    # DISM mount points survive restarts (MountStatus NeedsRemount) and earlier tools leave theirs (Microsoft's
    # sample script mounts winre.wim under %TEMP%). Discards every mount that is damaged, needs a remount, is of a
    # winre.wim, or is inside $Work, then clears corrupt mount points. Returns what it discarded (recorded in the
    # step's result). A mount of another image in good health is none of ours and is left alone.
    param([Parameter(Mandatory = $true)][string] $Work)
    $cleaned = @()
    $mounted = @(Get-WindowsImage -Mounted -ErrorAction Stop)
    foreach ($m in $mounted) {
        $path = [string]$m.Path
        $image = [string]$m.ImagePath
        $status = [string]$m.MountStatus
        $ours = $path.StartsWith($Work, [System.StringComparison]::OrdinalIgnoreCase)
        $winre = $image -match '(?i)winre\.wim$'
        if ($ours -or $winre -or $status -ne 'Ok') {
            $outcome = 'discarded'
            try {
                Dismount-WindowsImage -Path $path -Discard -ErrorAction Stop | Out-Null
            } catch {
                $outcome = 'discard failed: ' + [string]$_.Exception.Message
            }
            $cleaned += , ([ordered]@{ path = $path; imagePath = $image; mountStatus = $status; outcome = $outcome })
        }
    }
    if ($cleaned.Count -gt 0 -or $mounted.Count -gt 0) { Clear-WindowsCorruptMountPoint -ErrorAction Stop | Out-Null }
    return , $cleaned
}

function Remove-WinReFixSafeOsWork {
    # Deletes the work files but keeps Winre.wim.orig (a roll-back may need it). Never through a link
    # (lib/BackupFolders.ps1 Remove-WinReFixTree deletes file by file).
    param([Parameter(Mandatory = $true)] $Paths)
    foreach ($f in @($Paths.source, $Paths.patched, ($Paths.patched + '.tmp'), $Paths.record, ($Paths.record + '.tmp'))) {
        if (Test-Path -LiteralPath $f -PathType Leaf) { Remove-Item -LiteralPath $f -Force -ErrorAction Stop }
    }
    if (Test-Path -LiteralPath $Paths.mount) { $null = Remove-WinReFixTree -Folder $Paths.mount }
}

function Invoke-WinReFixOnActiveImage {
    # Runs $ScriptBlock with the path of the ENABLED WinRE image ('<letter>:\Recovery\WindowsRE\Winre.wim') through a
    # temporary drive letter, as Enable-WinRe.ps1 reads it: the \\?\GLOBALROOT path reagentc prints is not known to
    # work with the FileSystem provider of Windows PowerShell 5.1 (Get-WinReStatus.ps1 says why), a letter is.
    param([Parameter(Mandatory = $true)] $Location, [Parameter(Mandatory = $true)][scriptblock] $ScriptBlock)
    $where = Resolve-StepWinReLocation -Location $Location
    if ($null -eq $where) { throw (New-StepError -Kind 'UnexpectedState' -Message ('WinRE''s partition (' + [string]$Location.path + ') is not on the PC.')) }
    $inside = 'Recovery\WindowsRE'
    if ([string]$where.path -match '\\partition\d+\\(.+)$') { $inside = $Matches[1] }
    $disk = Get-StepDisk -UniqueId ([string]$where.diskUniqueId)
    $part = Find-StepPartitionAt -Disk $disk -Offset ([long]$where.offset)
    return (Invoke-StepWithDriveLetter -Partition $part -ScriptBlock { param($root) & $ScriptBlock ($root + $inside + '\Winre.wim') })
}

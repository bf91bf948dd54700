# Simulated DISM: the Dism PowerShell module's image cmdlets (Get-WindowsImage, Mount-WindowsImage,
# Add-WindowsPackage, Dismount-WindowsImage, Export-WindowsImage, Clear-WindowsCorruptMountPoint), dism.exe
# (Invoke-SimDismTool, served on PATH by simulator/90-Executables.ps1) and the servicing behind
# reagentc /mountre and /unmountre (simulator/30-ReAgentC.ps1). One model serves all three, as DismCore serves
# dism.exe and the cmdlets on Windows.
#
# Model (schemas/simulated-machine.schema.json): a WIM is a file record with `wim` metadata (simulator/65-Wim.ps1);
# an update package is a .cab/.msu file record with `package` (target build family, architecture, resulting
# version, growth); a mount is a machine.dismMounts[] record, its folder non-empty while mounted (the folders of a
# WinRE image appear in it). Every change is ONE Invoke-SimMutation (power cuts, pauses, crash capture), except
# the commit, which is two: the WIM's header is first marked write-in-progress and grown, then completed - so a
# cut between them leaves the live WIM damaged, as a cut while wimgapi appends to it would
# (https://github.com/ebiggers/wimlib/blob/master/include/wimlib/header.h WIM_HDR_FLAG_WRITE_IN_PROGRESS; wimlib
# src/write.c overwrite_wim_inplace sets it before appending and clears it with the final header).
#
# Sources (each behaviour below names its own; texts not found in a public source are marked ASSUMPTION):
#   [IMG]  DISM image management command-line options
#          https://learn.microsoft.com/windows-hardware/manufacture/desktop/dism-image-management-command-line-options-s14
#   [PKG]  DISM operating system package servicing command-line options
#          https://learn.microsoft.com/windows-hardware/manufacture/desktop/dism-operating-system-package-servicing-command-line-options
#   [PS]   Dism module docs https://learn.microsoft.com/powershell/module/dism/ (Get-WindowsImage, Mount-WindowsImage,
#          Add-WindowsPackage, Dismount-WindowsImage, Export-WindowsImage, Clear-WindowsCorruptMountPoint)
#   [API]  DismMountImage / DismMountStatus / DismMountedImageInfo
#          https://learn.microsoft.com/windows-hardware/manufacture/desktop/dism/dismmountimage-function
#          https://learn.microsoft.com/windows-hardware/manufacture/desktop/dism/dismmountstatus-enumeration
#   [RE]   Add an update package to Windows RE
#          https://learn.microsoft.com/windows-hardware/manufacture/desktop/add-update-to-winre
#
# Must run on Windows PowerShell 5.1 and PowerShell 7 (see the team rules in docs/simulation.md).

Set-StrictMode -Version 3.0

# Folders a mounted WinRE image shows at the top of its mount folder (what makes it non-empty). ASSUMPTION: the
# top-level folders of a WinRE image as an admin sees them after a mount (no public listing was found).
$script:SimDismImageFolders = @('\Program Files', '\ProgramData', '\Users', '\Windows', '\Windows\System32', '\Windows\System32\Recovery')

# The errors, as code + text. DISM prints a Win32 error (0x8007xxxx) as its decimal number ("Error: 2", "Error: 112",
# "Error: 740") and exits with that number; any other HRESULT as 0x%08x and exits with the HRESULT (a negative Int32
# in PowerShell). The Dism cmdlets throw a COMException with the text and the HRESULT.
$script:SimDismErrors = @{
    # Win32 texts (FormatMessage, https://learn.microsoft.com/windows/win32/debug/system-error-codes--0-499-).
    'FileNotFound'      = @{ Code = 0x80070002; Text = 'The system cannot find the file specified.' }
    'PathNotFound'      = @{ Code = 0x80070003; Text = 'The system cannot find the path specified.' }
    'AccessDenied'      = @{ Code = 0x80070005; Text = 'Access is denied.' }
    'BadFormat'         = @{ Code = 0x8007000B; Text = 'An attempt was made to load a program with an incorrect format.' }
    'DiskFull'          = @{ Code = 0x80070070; Text = 'There is not enough space on the disk.' }
    'InvalidParameter'  = @{ Code = 0x80070057; Text = 'The parameter is incorrect.' }
    'Corrupt'           = @{ Code = 0x80070570; Text = 'The file or directory is corrupted and unreadable.' }
    'ElevationRequired' = @{ Code = 0x800702E4; Text = 'The requested operation requires elevation.' }
    # CBS_E_NOT_APPLICABLE: DISM's own text, captured in public logs (e.g. a WSUS Offline Update integration log:
    # "Error: 0x800f081e / The specified package is not applicable to this image.").
    'NotApplicable'     = @{ Code = 0x800F081E; Text = 'The specified package is not applicable to this image.' }
    # CBS_E_PENDING (winerror.h). ASSUMPTION: the text.
    'PendingActions'    = @{ Code = 0x800F082F; Text = 'The operation could not be completed because the image has pending online operations.' }
    # CBS_E_INVALID_PACKAGE (winerror.h). ASSUMPTION: the text.
    'InvalidPackage'    = @{ Code = 0x800F0805; Text = 'The specified package is not a valid Windows package.' }
    # wimgapi: 0xc1420127 with this text is quoted by Rufus (src/vhd.c GetVimError) and the virtio-win guide.
    'AlreadyMountedRW'  = @{ Code = 0xC1420127; Text = 'The specified image in the specified wim is already mounted for read/write access.' }
    # wimgapi, mounting into a folder that is not empty (a leftover of an interrupted mount): 0xc1420116 is the code
    # public scripts report for it. ASSUMPTION: the text.
    'MountDirNotEmpty'  = @{ Code = 0xC1420116; Text = 'The mount directory is not empty.' }
    # ASSUMPTION (code and text): a folder with no DISM mount given to /Image:, /Unmount-Image or Dismount-WindowsImage.
    'NotMounted'        = @{ Code = 0xC1420115; Text = 'The specified directory is not a valid mount point.' }
    # ASSUMPTION (code and text): servicing or committing a mount that needs remounting (after a reboot).
    'NeedsRemount'      = @{ Code = 0xC1510114; Text = 'The specified image needs to be remounted before it can be serviced.' }
    # ASSUMPTION (code and text): committing a read-only mount.
    'ReadOnlyCommit'    = @{ Code = 0xC142010C; Text = 'The image was mounted read-only; changes cannot be saved.' }
    # ASSUMPTION (code and text): an index the WIM does not hold (the simulated WIMs hold one image).
    'NoSuchImage'       = @{ Code = 0xC1510113; Text = 'The specified image does not exist in the WIM file.' }
}

function Get-SimDismError {
    param([Parameter(Mandatory = $true)][string] $Name, [string] $Detail)
    if (-not $script:SimDismErrors.ContainsKey($Name)) { throw "Simulator: unknown DISM error name '$Name' (simulator/66-Dism.ps1 SimDismErrors)." }
    $e = $script:SimDismErrors[$Name]
    return @{ Name = $Name; Code = [long]$e.Code; Text = [string]$e.Text; Detail = $Detail }
}

# ---------------------------------------------------------------------------------------------------------
# Paths and lookups.
# ---------------------------------------------------------------------------------------------------------

function ConvertTo-SimDismFullPath {
    # DISM works on full paths: a relative one is taken from the caller's folder (dism.exe's current directory,
    # the location of a PowerShell session). The trailing backslash is dropped (DISM prints folders without it).
    param([Parameter(Mandatory = $true)][string] $Path)
    $p = $Path.Trim().Trim('"').Replace('/', '\')
    if (-not (Test-SimFsSyntax -Path $p)) {
        $base = [string]$env:WINREFIX_SIM_CALLER_DIR
        if ([string]::IsNullOrEmpty($base)) { $base = [string](Microsoft.PowerShell.Management\Get-Location).Path }
        $base = ConvertFrom-SimFsPsPath -Path $base
        if (Test-SimFsSyntax -Path $base) { $p = $base.TrimEnd('\') + '\' + $p.TrimStart('.', '\') }
    }
    if ($p.Length -gt 3) { $p = $p.TrimEnd('\') }
    return $p
}

function Get-SimDismLocation {
    # The machine-file location of a resolved path (disk unique id + offset + relative path).
    param([Parameter(Mandatory = $true)] $Resolved)
    return [pscustomobject][ordered]@{ diskUniqueId = [string]$Resolved.Entry.Disk.uniqueId; partitionOffset = [long]$Resolved.Entry.Partition.offset; path = [string]$Resolved.Relative }
}

function Find-SimDismLocationVolume {
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)] $Location)
    $e = Find-SimPartition -Machine $Machine -DiskUniqueId ([string]$Location.diskUniqueId) -Offset ([long]$Location.partitionOffset)
    if ($null -eq $e) { return $null }
    return $e.Volume
}

function Get-SimDismMounts {
    param([Parameter(Mandatory = $true)] $Machine)
    return @(@(Get-SimProp $Machine 'dismMounts' @()) | Where-Object { $null -ne $_ })
}

function Find-SimDismMount {
    # The mount record for a mount folder (case-insensitive, as NTFS), or $null.
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)][string] $MountDir)
    $want = (ConvertTo-SimDismFullPath -Path $MountDir)
    foreach ($m in (Get-SimDismMounts -Machine $Machine)) {
        if ([string]::Equals([string]$m.mountDir, $want, [System.StringComparison]::OrdinalIgnoreCase)) { return $m }
    }
    return $null
}

function Get-SimDismMountStatus {
    # What DISM reports: the stored Ok / NeedsRemount, or Invalid when the WIM or the mount folder is gone
    # ([API] DismMountStatusInvalid "the mounted image is corrupt and is in an invalid state"; wimgapi's
    # WIM_MOUNT_FLAG_NO_WIM / WIM_MOUNT_FLAG_NO_MOUNTDIR).
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)] $Mount)
    $wimVolume = Find-SimDismLocationVolume -Machine $Machine -Location $Mount.imageLocation
    if ($null -eq $wimVolume -or $null -eq (Get-SimVolumeFile -Volume $wimVolume -Path ([string]$Mount.imageLocation.path))) { return 'Invalid' }
    $dirVolume = Find-SimDismLocationVolume -Machine $Machine -Location $Mount.mountLocation
    if ($null -eq $dirVolume -or -not (Test-SimFolderExists -Volume $dirVolume -Folder ([string]$Mount.mountLocation.path))) { return 'Invalid' }
    return [string]$Mount.status
}

function Get-SimDismImage {
    # A WIM for reading: @{ Resolved; File; Meta; FullPath } or @{ Error }. A WIM whose header says write-in-progress,
    # or a file too short for a header, cannot be opened (ASSUMPTION: DISM's answer for a damaged WIM is the
    # ERROR_BAD_FORMAT it gives for any file wimgapi cannot read, "Error: 11").
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)][string] $Path)
    $full = ConvertTo-SimDismFullPath -Path $Path
    $r = Resolve-SimFsPath -Machine $Machine -Path $full
    if ($null -eq $r -or $null -eq $r.File) { return @{ Error = (Get-SimDismError -Name 'FileNotFound' -Detail $full) } }
    $isWim = ($null -ne (Get-SimProp $r.File 'wim')) -or ([string]$r.File.path).EndsWith('.wim', [System.StringComparison]::OrdinalIgnoreCase)
    if (-not $isWim) { return @{ Error = (Get-SimDismError -Name 'BadFormat' -Detail $full) } }
    $meta = Get-SimWimMetadata -Machine $Machine -File $r.File
    if ($meta.WriteInProgress -or $meta.Truncated) { return @{ Error = (Get-SimDismError -Name 'BadFormat' -Detail $full) } }
    return @{ Error = $null; Resolved = $r; File = $r.File; Meta = $meta; FullPath = $full }
}

function Get-SimDismNewHash {
    # A committed or exported WIM is a different file: a new SHA-256 derived from the old one and what changed.
    param([Parameter(Mandatory = $true)][string] $Seed)
    $sha = [System.Security.Cryptography.SHA256]::Create()
    try { return (-join ($sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($Seed)) | ForEach-Object { $_.ToString('X2') })) } finally { $sha.Dispose() }
}

function Set-SimDismWim {
    # Sets fields of a file record's wim metadata (creating it from the effective metadata when absent).
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)] $File, [Parameter(Mandatory = $true)][hashtable] $Values)
    $wim = Get-SimProp $File 'wim'
    if ($null -eq $wim) {
        $meta = Get-SimWimMetadata -Machine $Machine -File $File
        $wim = [pscustomobject][ordered]@{ version = $meta.Version; architecture = $meta.Architecture }
        Set-SimProp $File 'wim' $wim
    }
    foreach ($k in $Values.Keys) {
        if ($null -eq $Values[$k]) { Remove-SimProp $wim $k } else { Set-SimProp $wim $k $Values[$k] }
    }
}

function Get-SimDismVersionBuild {
    param([Parameter(Mandatory = $true)][string] $Version)
    return [int]($Version.Split('.')[2])
}

function Test-SimDismVersionLess {
    param([Parameter(Mandatory = $true)][string] $A, [Parameter(Mandatory = $true)][string] $B)
    return ([version]$A) -lt ([version]$B)
}

function Clear-SimDismMountFolder {
    # Removes what the mount showed in its folder (the image's folders and anything written into it); the folder
    # itself stays, empty, as after an unmount.
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)] $Mount)
    $volume = Find-SimDismLocationVolume -Machine $Machine -Location $Mount.mountLocation
    if ($null -eq $volume) { return }
    $root = ([string]$Mount.mountLocation.path).TrimEnd('\')
    $prefix = $root + '\'
    $volume.files = @(@($volume.files) | Where-Object { $null -ne $_ -and -not ([string]$_.path).StartsWith($prefix, [System.StringComparison]::OrdinalIgnoreCase) })
    $dirs = @(@(Get-SimProp $volume 'directories' @()) | Where-Object { $null -ne $_ -and -not ([string]$_).StartsWith($prefix, [System.StringComparison]::OrdinalIgnoreCase) })
    $hasRoot = @($dirs | Where-Object { [string]::Equals(([string]$_).TrimEnd('\'), $root, [System.StringComparison]::OrdinalIgnoreCase) }).Count -gt 0
    if (-not $hasRoot -and (Test-SimFolderExists -Volume $volume -Folder $root)) { $dirs = @($dirs + $root) }
    Set-SimProp $volume 'directories' $dirs
}

function Remove-SimDismMountRecord {
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)][string] $MountDir)
    $kept = @(Get-SimDismMounts -Machine $Machine | Where-Object { -not [string]::Equals([string]$_.mountDir, $MountDir, [System.StringComparison]::OrdinalIgnoreCase) })
    Set-SimProp $Machine 'dismMounts' $kept
}

# ---------------------------------------------------------------------------------------------------------
# The operations. Each returns @{ Error = <Get-SimDismError or $null>; ... } after at most its mutations; the
# cmdlets and dism.exe turn an Error into their own shape.
# ---------------------------------------------------------------------------------------------------------

function Invoke-SimDismMount {
    # [IMG] /Mount-Image, [PS] Mount-WindowsImage, [API] DismMountImage: "This mount path must already exist ... can
    # be mounted to an empty folder on an NTFS formatted drive"; one read-write mount per WIM (0xc1420127).
    param(
        [Parameter(Mandatory = $true)] $Machine,
        [Parameter(Mandatory = $true)][string] $Command,
        [Parameter(Mandatory = $true)][string] $ImagePath,
        [Parameter(Mandatory = $true)][int] $Index,
        [Parameter(Mandatory = $true)][string] $MountDir,
        [switch] $ReadOnly,
        [string] $ShownImagePath,
        [ValidateSet('dism', 'reagentc')][string] $MountedBy = 'dism'
    )
    $img = Get-SimDismImage -Machine $Machine -Path $ImagePath
    if ($null -ne $img.Error) { return @{ Error = $img.Error } }
    if ($Index -ne 1) { return @{ Error = (Get-SimDismError -Name 'NoSuchImage') } }
    $dirFull = ConvertTo-SimDismFullPath -Path $MountDir
    $dir = Resolve-SimFsPath -Machine $Machine -Path $dirFull
    if ($null -eq $dir -or -not $dir.IsDirectory -or $dir.Relative -eq '\') { return @{ Error = (Get-SimDismError -Name 'PathNotFound' -Detail $dirFull) } }
    $children = @(Get-SimFsChildren -Machine $Machine -Resolved $dir -Folder $dir.Relative)
    if ($children.Count -gt 0) { return @{ Error = (Get-SimDismError -Name 'MountDirNotEmpty' -Detail $dirFull) } }
    $imageLocation = Get-SimDismLocation -Resolved $img.Resolved
    if (-not $ReadOnly) {
        foreach ($m in (Get-SimDismMounts -Machine $Machine)) {
            if ([bool]$m.readOnly) { continue }
            if ([string]$m.imageLocation.diskUniqueId -eq $imageLocation.diskUniqueId -and [long]$m.imageLocation.partitionOffset -eq $imageLocation.partitionOffset -and
                [string]::Equals([string]$m.imageLocation.path, $imageLocation.path, [System.StringComparison]::OrdinalIgnoreCase)) {
                # Any status: a mount left by an earlier boot (NeedsRemount) still holds the WIM (wimmount keeps
                # HKLM\SOFTWARE\Microsoft\WIMMount\Mounted Images; Windows Setup refuses on the same 0xC1420127).
                return @{ Error = (Get-SimDismError -Name 'AlreadyMountedRW') }
            }
        }
    }
    $shown = $ShownImagePath
    if ([string]::IsNullOrEmpty($shown)) { $shown = $img.FullPath }
    $record = [pscustomobject][ordered]@{
        mountDir = $dirFull; mountLocation = (Get-SimDismLocation -Resolved $dir); imagePath = $shown; imageLocation = $imageLocation
        index = 1; readOnly = [bool]$ReadOnly; status = 'Ok'; version = [string]$img.Meta.Version; architecture = [int]$img.Meta.Architecture
        packages = @(); resetBase = $false; mountedBy = $MountedBy
    }
    $dirDisk = [string]$dir.Entry.Disk.uniqueId; $dirOffset = [long]$dir.Entry.Partition.offset; $dirRel = $dir.Relative.TrimEnd('\')
    $null = Invoke-SimMutation -Machine $Machine -Command $Command -Detail ($shown + ' -> ' + $dirFull) -Action {
        param($mm)
        Set-SimProp $mm 'dismMounts' @(@(Get-SimDismMounts -Machine $mm) + $record)
        $v = (Find-SimPartition -Machine $mm -DiskUniqueId $dirDisk -Offset $dirOffset).Volume
        $dirs = @(Get-SimProp $v 'directories' @())
        foreach ($f in $script:SimDismImageFolders) { $dirs += ($dirRel + $f) }
        Set-SimProp $v 'directories' $dirs
    }
    return @{ Error = $null; Mount = $record }
}

function Get-SimDismServiceableMount {
    # The mount behind /Image:<dir> or -Path <dir>, ready for servicing, or @{ Error }.
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)][string] $MountDir)
    $mount = Find-SimDismMount -Machine $Machine -MountDir $MountDir
    if ($null -eq $mount) { return @{ Error = (Get-SimDismError -Name 'NotMounted' -Detail $MountDir) } }
    $status = Get-SimDismMountStatus -Machine $Machine -Mount $mount
    if ($status -ne 'Ok') { return @{ Error = (Get-SimDismError -Name 'NeedsRemount') } }
    return @{ Error = $null; Mount = $mount }
}

function Invoke-SimDismAddPackage {
    # [PKG] /Add-Package, [PS] Add-WindowsPackage -Path -PackagePath, [RE] step "Add the update package".
    # Applicability (CBS): the package's build family and architecture must be the image's, and it must bring the
    # image forward; else 0x800f081e, nothing changes (a package for another build, another architecture or one
    # already in the image is "not applicable": the three causes public DISM error guides give for 0x800f081e).
    # ASSUMPTION: a package whose version is not above the image's counts as already in the image.
    param(
        [Parameter(Mandatory = $true)] $Machine,
        [Parameter(Mandatory = $true)][string] $Command,
        [Parameter(Mandatory = $true)][string] $MountDir,
        [Parameter(Mandatory = $true)][string] $PackagePath
    )
    $s = Get-SimDismServiceableMount -Machine $Machine -MountDir $MountDir
    if ($null -ne $s.Error) { return @{ Error = $s.Error } }
    $mount = $s.Mount
    $pkgFull = ConvertTo-SimDismFullPath -Path $PackagePath
    $r = Resolve-SimFsPath -Machine $Machine -Path $pkgFull
    if ($null -eq $r -or $null -eq $r.File) { return @{ Error = (Get-SimDismError -Name 'FileNotFound' -Detail $pkgFull) } }
    $pkg = Get-SimProp $r.File 'package'
    if ($null -eq $pkg -or -not ([string]$r.File.path -match '\.(cab|msu)$')) { return @{ Error = (Get-SimDismError -Name 'InvalidPackage' -Detail $pkgFull) } }
    $kb = [string]$pkg.kb
    $result = @{ Error = $null; Kb = $kb; PackagePath = $pkgFull; ImageVersion = [string]$mount.version; Mount = $mount }
    if ([bool]$mount.readOnly) { $result.Error = Get-SimDismError -Name 'AccessDenied'; return $result }   # ASSUMPTION: the code for a read-only mount.
    $fault = [string](Get-SimProp $pkg 'fault' '')
    if ($fault -eq 'Corrupt') { $result.Error = Get-SimDismError -Name 'Corrupt'; return $result }
    if ($fault -eq 'PendingActions') { $result.Error = Get-SimDismError -Name 'PendingActions'; return $result }
    $applies = ([int]$pkg.targetBuild -eq (Get-SimDismVersionBuild -Version ([string]$mount.version))) -and ([int]$pkg.architecture -eq [int]$mount.architecture) -and
        (Test-SimDismVersionLess -A ([string]$mount.version) -B ([string]$pkg.resultingVersion))
    if (-not $applies) { $result.Error = Get-SimDismError -Name 'NotApplicable'; return $result }
    # ASSUMPTION: the package is expanded into the scratch folder on the mount's volume; without room for it, the
    # Win32 disk-full error.
    $dirVolume = Find-SimDismLocationVolume -Machine $Machine -Location $mount.mountLocation
    if ((Get-SimVolumeFree -Volume $dirVolume) -lt [long]$pkg.addsBytes) { $result.Error = Get-SimDismError -Name 'DiskFull'; return $result }
    $entry = [pscustomobject][ordered]@{ kb = $kb; resultingVersion = [string]$pkg.resultingVersion; addsBytes = [long]$pkg.addsBytes }
    $reclaim = Get-SimProp $pkg 'reclaimableBytes'
    if ($null -ne $reclaim) { Set-SimProp $entry 'reclaimableBytes' ([long]$reclaim) }
    $mountDirKey = [string]$mount.mountDir
    $null = Invoke-SimMutation -Machine $Machine -Command $Command -Detail ($kb + ' -> ' + $mountDirKey) -Action {
        param($mm)
        $m = Find-SimDismMount -Machine $mm -MountDir $mountDirKey
        $m.packages = @(@($m.packages) + $entry)
        $m.version = [string]$entry.resultingVersion
    }
    return $result
}

function Invoke-SimDismCleanupImage {
    # [RE] "Dism /image:<mount> /cleanup-image /StartComponentCleanup /ResetBase" after the package: superseded
    # components are removed, so the export after the commit is smaller (package.reclaimableBytes).
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)][string] $Command, [Parameter(Mandatory = $true)][string] $MountDir, [switch] $ResetBase)
    $s = Get-SimDismServiceableMount -Machine $Machine -MountDir $MountDir
    if ($null -ne $s.Error) { return @{ Error = $s.Error } }
    $mount = $s.Mount
    $result = @{ Error = $null; ImageVersion = [string]$mount.version; Mount = $mount }
    if ([bool]$mount.readOnly) { $result.Error = Get-SimDismError -Name 'AccessDenied'; return $result }   # ASSUMPTION
    $mountDirKey = [string]$mount.mountDir
    $null = Invoke-SimMutation -Machine $Machine -Command $Command -Detail ('StartComponentCleanup' + $(if ($ResetBase) { ' /ResetBase' } else { '' }) + ' ' + $mountDirKey) -Action {
        param($mm)
        if ($ResetBase) { (Find-SimDismMount -Machine $mm -MountDir $mountDirKey).resetBase = $true }
    }
    return $result
}

function Invoke-SimDismUnmount {
    # [IMG] /Unmount-Image /MountDir: {/Commit | /Discard}; [PS] Dismount-WindowsImage -Save | -Discard.
    # Discard: the mount goes, the WIM is untouched (any status, also a mount left by an earlier boot: the
    # KB5034957 sample discards a leftover mount folder this way before it starts).
    # Commit: the WIM on its own volume grows by the added packages (an append, so the volume needs that room,
    # else disk full and nothing changes - ASSUMPTION: wimgapi checks before it writes), its version becomes the
    # mounted one; two mutations (header write-in-progress + growth, then the final header), see the file header.
    param(
        [Parameter(Mandatory = $true)] $Machine,
        [Parameter(Mandatory = $true)][string] $Command,
        [Parameter(Mandatory = $true)][string] $MountDir,
        [Parameter(Mandatory = $true)][bool] $Commit
    )
    $mount = Find-SimDismMount -Machine $Machine -MountDir $MountDir
    if ($null -eq $mount) { return @{ Error = (Get-SimDismError -Name 'NotMounted' -Detail $MountDir) } }
    $result = @{ Error = $null; Mount = $mount }
    $key = [string]$mount.mountDir
    $changed = (@($mount.packages).Count -gt 0) -or [bool]$mount.resetBase
    if ($Commit) {
        $status = Get-SimDismMountStatus -Machine $Machine -Mount $mount
        if ($status -ne 'Ok') { $result.Error = Get-SimDismError -Name 'NeedsRemount'; return $result }
        if ([bool]$mount.readOnly) { $result.Error = Get-SimDismError -Name 'ReadOnlyCommit'; return $result }
    }
    if (-not ($Commit -and $changed)) {
        $null = Invoke-SimMutation -Machine $Machine -Command $Command -Detail ('unmount ' + $(if ($Commit) { '/commit (no change) ' } else { '/discard ' }) + $key) -Action {
            param($mm)
            $m = Find-SimDismMount -Machine $mm -MountDir $key
            Clear-SimDismMountFolder -Machine $mm -Mount $m
            Remove-SimDismMountRecord -Machine $mm -MountDir $key
        }
        return $result
    }
    $wimVolume = Find-SimDismLocationVolume -Machine $Machine -Location $mount.imageLocation
    $wimFile = Get-SimVolumeFile -Volume $wimVolume -Path ([string]$mount.imageLocation.path)
    [long]$grow = 0
    [long]$reclaim = 0
    foreach ($p in @($mount.packages)) {
        $grow += [long]$p.addsBytes
        if ([bool]$mount.resetBase) { $reclaim += [long](Get-SimProp $p 'reclaimableBytes' 0) }
    }
    if ((Get-SimVolumeFree -Volume $wimVolume) -lt $grow) { $result.Error = Get-SimDismError -Name 'DiskFull'; return $result }
    $loc = $mount.imageLocation
    $oldSha = [string]$wimFile.sha256
    $newSize = [long]$wimFile.size + $grow
    $newVersion = [string]$mount.version
    $oldReclaim = [long](Get-SimProp (Get-SimProp $wimFile 'wim') 'reclaimableBytes' 0)
    $null = Invoke-SimMutation -Machine $Machine -Command $Command -Detail ('unmount /commit: writing ' + [string]$mount.imagePath) -Action {
        param($mm)
        $v = Find-SimDismLocationVolume -Machine $mm -Location $loc
        $f = Get-SimVolumeFile -Volume $v -Path ([string]$loc.path)
        Set-SimDismWim -Machine $mm -File $f -Values @{ writeInProgress = $true }
        $f.size = $newSize
        $f.sha256 = Get-SimDismNewHash -Seed ($oldSha + '|partial|' + $newVersion)
    }
    $null = Invoke-SimMutation -Machine $Machine -Command $Command -Detail ('unmount /commit: header ' + [string]$mount.imagePath + ' ' + $newVersion) -Action {
        param($mm)
        $v = Find-SimDismLocationVolume -Machine $mm -Location $loc
        $f = Get-SimVolumeFile -Volume $v -Path ([string]$loc.path)
        $values = @{ writeInProgress = $null; version = $newVersion }
        if (($oldReclaim + $reclaim) -gt 0) { $values['reclaimableBytes'] = [long]($oldReclaim + $reclaim) }
        Set-SimDismWim -Machine $mm -File $f -Values $values
        $f.sha256 = Get-SimDismNewHash -Seed ($oldSha + '|commit|' + $newVersion + '|' + $newSize)
        $m = Find-SimDismMount -Machine $mm -MountDir $key
        Clear-SimDismMountFolder -Machine $mm -Mount $m
        Remove-SimDismMountRecord -Machine $mm -MountDir $key
    }
    $result['NewVersion'] = $newVersion
    return $result
}

function Invoke-SimDismExport {
    # [IMG] /Export-Image, [PS] Export-WindowsImage: copies one image into a new WIM, leaving out what no image
    # references any more (the reclaimable bytes a ResetBase commit left). Same metadata, a new file.
    # Exporting into an existing WIM appends an image there (not simulated: the simulated WIMs hold one image).
    param(
        [Parameter(Mandatory = $true)] $Machine,
        [Parameter(Mandatory = $true)][string] $Command,
        [Parameter(Mandatory = $true)][string] $SourceImagePath,
        [Parameter(Mandatory = $true)][int] $SourceIndex,
        [Parameter(Mandatory = $true)][string] $DestinationImagePath,
        [string] $Compression = 'max'
    )
    $img = Get-SimDismImage -Machine $Machine -Path $SourceImagePath
    if ($null -ne $img.Error) { return @{ Error = $img.Error } }
    if ($SourceIndex -ne 1) { return @{ Error = (Get-SimDismError -Name 'NoSuchImage') } }
    if (@('none', 'fast', 'max', 'recovery') -notcontains $Compression.ToLowerInvariant()) { return @{ Error = (Get-SimDismError -Name 'InvalidParameter') } }
    $destFull = ConvertTo-SimDismFullPath -Path $DestinationImagePath
    $dest = Resolve-SimFsPath -Machine $Machine -Path $destFull
    if ($null -eq $dest) { return @{ Error = (Get-SimDismError -Name 'PathNotFound' -Detail $destFull) } }
    if ($null -ne $dest.File) { throw "Simulator: Export-Image into an existing WIM ($destFull) appends an image; not simulated (one image per WIM)." }
    $parent = $dest.Relative.Substring(0, [math]::Max(1, $dest.Relative.LastIndexOf('\')))
    if ($dest.IsDirectory -or -not (Test-SimFsFolder -Machine $Machine -Volume $dest.Volume -Folder $parent)) { return @{ Error = (Get-SimDismError -Name 'PathNotFound' -Detail $destFull) } }
    $reclaim = [long](Get-SimProp (Get-SimProp $img.File 'wim') 'reclaimableBytes' 0)
    $newSize = [long]$img.File.size - $reclaim
    if ($newSize -lt 1) { $newSize = 1 }
    if ((Get-SimVolumeFree -Volume $dest.Volume) -lt $newSize) { return @{ Error = (Get-SimDismError -Name 'DiskFull' -Detail $destFull) } }
    $meta = $img.Meta
    $wim = [pscustomobject][ordered]@{ version = [string]$meta.Version; architecture = [int]$meta.Architecture; editionId = [string]$meta.EditionId; name = [string]$meta.Name }
    $record = [pscustomobject][ordered]@{ path = $dest.Relative; size = $newSize; sha256 = (Get-SimDismNewHash -Seed ([string]$img.File.sha256 + '|export|' + $Compression.ToLowerInvariant())); wim = $wim }
    $disk = [string]$dest.Entry.Disk.uniqueId; $offset = [long]$dest.Entry.Partition.offset
    $null = Invoke-SimMutation -Machine $Machine -Command $Command -Detail ($img.FullPath + ' -> ' + $destFull) -Action {
        param($mm)
        $null = Add-SimVolumeFile -Volume (Find-SimPartition -Machine $mm -DiskUniqueId $disk -Offset $offset).Volume -File $record
    }
    return @{ Error = $null; Destination = $destFull; Size = $newSize }
}

function Invoke-SimDismRemount {
    # [IMG] /Remount-Image "Recovers an orphaned image mount directory"; [PS] Mount-WindowsImage -Remount.
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)][string] $Command, [Parameter(Mandatory = $true)][string] $MountDir)
    $mount = Find-SimDismMount -Machine $Machine -MountDir $MountDir
    if ($null -eq $mount) { return @{ Error = (Get-SimDismError -Name 'NotMounted' -Detail $MountDir) } }
    $status = Get-SimDismMountStatus -Machine $Machine -Mount $mount
    if ($status -eq 'Invalid') { return @{ Error = (Get-SimDismError -Name 'NotMounted' -Detail $MountDir) } }
    if ($status -eq 'Ok') { return @{ Error = $null; Mount = $mount } }
    $key = [string]$mount.mountDir
    $null = Invoke-SimMutation -Machine $Machine -Command $Command -Detail ('remount ' + $key) -Action {
        param($mm)
        (Find-SimDismMount -Machine $mm -MountDir $key).status = 'Ok'
    }
    return @{ Error = $null; Mount = $mount }
}

function Invoke-SimDismCleanupMountpoints {
    # [IMG] /Cleanup-Mountpoints, [PS] Clear-WindowsCorruptMountPoint: "Deletes all of the resources associated with
    # a mounted image that has been corrupted. This command will not unmount images that are already mounted, nor
    # will it delete images that can be recovered using the /Remount-Image command." So it removes the Invalid
    # mounts (WIM or folder gone) and leaves Ok and NeedsRemount ones: a mount left by a reboot is ended with
    # /Unmount-Image /Discard (or remounted). Returns the mount folders it cleaned.
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)][string] $Command)
    $invalid = @(Get-SimDismMounts -Machine $Machine | Where-Object { (Get-SimDismMountStatus -Machine $Machine -Mount $_) -eq 'Invalid' } | ForEach-Object { [string]$_.mountDir })
    if ($invalid.Count -eq 0) { return @{ Error = $null; Cleaned = @() } }
    $null = Invoke-SimMutation -Machine $Machine -Command $Command -Detail ('cleanup-mountpoints: ' + ($invalid -join ', ')) -Action {
        param($mm)
        foreach ($d in $invalid) {
            $m = Find-SimDismMount -Machine $mm -MountDir $d
            Clear-SimDismMountFolder -Machine $mm -Mount $m
            Remove-SimDismMountRecord -Machine $mm -MountDir $d
        }
    }
    return @{ Error = $null; Cleaned = $invalid }
}

function Invoke-SimDismReboot {
    # Called by Invoke-SimReboot (simulator/70-Reboot.ps1): after a restart no image is mounted any more, but DISM
    # keeps the record and the folder, and reports the mount as NeedsRemount ([API] DismMountStatusNeedsRemount
    # "needs to be remounted before being serviced"; wimgapi WIM_MOUNT_FLAG_REMOUNTABLE "The image is not mounted,
    # but is capable of being remounted"). Returns the mount folders that changed.
    param([Parameter(Mandatory = $true)] $Machine)
    $changed = @()
    foreach ($m in (Get-SimDismMounts -Machine $Machine)) {
        if ([string]$m.status -eq 'Ok') { $m.status = 'NeedsRemount'; $changed += [string]$m.mountDir }
    }
    return , $changed
}

# ---------------------------------------------------------------------------------------------------------
# The Dism PowerShell module (as on Windows PowerShell 5.1; parameter sets from [PS]). Errors: a terminating
# COMException with DISM's text and HRESULT, FullyQualifiedErrorId Microsoft.Dism.Commands.<Verb><Noun>Command
# (the shape public transcripts show: "CategoryInfo : NotSpecified: (:) [Add-WindowsPackage], COMException").
# ASSUMPTION: terminating (ThrowTerminatingError), so try/catch sees it without -ErrorAction Stop.
# ---------------------------------------------------------------------------------------------------------

function New-SimDismErrorRecord {
    param([Parameter(Mandatory = $true)] $DismError, [Parameter(Mandatory = $true)][string] $CmdletType)
    # DEVIATION: PowerShell appends the function's name to the FullyQualifiedErrorId of a record a function throws
    # ('Microsoft.Dism.Commands.AddWindowsPackageCommand,Add-WindowsPackage'); the compiled cmdlet's starts the same.
    $ex = New-Object System.Runtime.InteropServices.COMException -ArgumentList ([string]$DismError.Text), (ConvertTo-SimExitCode -Code ([long]$DismError.Code))
    return (New-Object System.Management.Automation.ErrorRecord -ArgumentList $ex, $CmdletType, ([System.Management.Automation.ErrorCategory]::NotSpecified), $null)
}

function Invoke-SimDismCmdletStart {
    # Counts the call (faults: the cmdlet's name, the error a SimDismErrors name) and checks elevation. Returns the
    # machine, or throws the record through $Caller.
    param([Parameter(Mandatory = $true)] $Caller, [Parameter(Mandatory = $true)][string] $Cmdlet)
    $machine = Read-SimMachine
    $type = 'Microsoft.Dism.Commands.' + $Cmdlet.Replace('-', '') + 'Command'
    $fault = Register-SimCall -Machine $machine -Command $Cmdlet
    if (-not [bool]$machine.os.isElevated) {
        # "Get-WindowsImage : The requested operation requires elevation." (ERROR_ELEVATION_REQUIRED)
        $Caller.ThrowTerminatingError((New-SimDismErrorRecord -DismError (Get-SimDismError -Name 'ElevationRequired') -CmdletType $type))
    }
    if ($null -ne $fault) { $Caller.ThrowTerminatingError((New-SimDismErrorRecord -DismError (Get-SimDismError -Name $fault) -CmdletType $type)) }
    return $machine
}

function Complete-SimDismCmdlet {
    param([Parameter(Mandatory = $true)] $Caller, [Parameter(Mandatory = $true)][string] $Cmdlet, $Result)
    if ($null -ne $Result -and $null -ne $Result.Error) {
        $Caller.ThrowTerminatingError((New-SimDismErrorRecord -DismError $Result.Error -CmdletType ('Microsoft.Dism.Commands.' + $Cmdlet.Replace('-', '') + 'Command')))
    }
}

function New-SimDismImageObject {
    # Microsoft.Dism.Commands.ImageObject: what Mount-WindowsImage, Add-WindowsPackage, Dismount-WindowsImage and
    # Export-WindowsImage return ([PS] OUTPUTS).
    param([string] $Path)
    $o = [pscustomobject][ordered]@{ Path = $Path; Online = $false; WinPath = $null; SysDrivePath = $null; RestartNeeded = $false; LogPath = 'C:\Windows\Logs\DISM\dism.log'; ScratchDirectory = $null; LogLevel = 'WarningsInfo' }
    $o.PSObject.TypeNames.Insert(0, 'Microsoft.Dism.Commands.ImageObject')
    return $o
}

function Get-WindowsImage {
    [CmdletBinding(DefaultParameterSetName = 'InputByFilePath')]
    param(
        [Parameter(ParameterSetName = 'InputByFilePath', Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [Parameter(ParameterSetName = 'InputByFilePathAndIndex', Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [Parameter(ParameterSetName = 'InputByFilePathAndName', Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [string] $ImagePath,
        [Parameter(ParameterSetName = 'InputByFilePathAndIndex', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][uint32] $Index,
        [Parameter(ParameterSetName = 'InputByFilePathAndName', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][string] $Name,
        [Parameter(ParameterSetName = 'InputByMounted', Mandatory = $true)][switch] $Mounted,
        [Alias('LP')][string] $LogPath,
        [string] $ScratchDirectory,
        [Alias('LL')][string] $LogLevel
    )
    process {
        $machine = Invoke-SimDismCmdletStart -Caller $PSCmdlet -Cmdlet 'Get-WindowsImage'
        if ($PSCmdlet.ParameterSetName -eq 'InputByMounted') {
            # Microsoft.Dism.Commands.MountedImageInfoObject ([API] DismMountedImageInfo: MountPath, ImageFilePath,
            # ImageIndex, MountMode, MountStatus; the cmdlet names them Path, ImagePath, ImageIndex, MountMode, MountStatus).
            foreach ($m in (Get-SimDismMounts -Machine $machine)) {
                $mode = 'ReadWrite'
                if ([bool]$m.readOnly) { $mode = 'ReadOnly' }
                $o = [pscustomobject][ordered]@{ Path = [string]$m.mountDir; ImagePath = [string]$m.imagePath; ImageIndex = [uint32]$m.index; MountMode = $mode; MountStatus = (Get-SimDismMountStatus -Machine $machine -Mount $m) }
                $o.PSObject.TypeNames.Insert(0, 'Microsoft.Dism.Commands.MountedImageInfoObject')
                $o
            }
            return
        }
        $img = Get-SimDismImage -Machine $machine -Path $ImagePath
        Complete-SimDismCmdlet -Caller $PSCmdlet -Cmdlet 'Get-WindowsImage' -Result $img
        $meta = $img.Meta
        if ($PSCmdlet.ParameterSetName -eq 'InputByFilePathAndIndex' -and $Index -ne 1) { Complete-SimDismCmdlet -Caller $PSCmdlet -Cmdlet 'Get-WindowsImage' -Result @{ Error = (Get-SimDismError -Name 'NoSuchImage') } }
        if ($PSCmdlet.ParameterSetName -eq 'InputByFilePathAndName' -and $Name -ne $meta.Name) { Complete-SimDismCmdlet -Caller $PSCmdlet -Cmdlet 'Get-WindowsImage' -Result @{ Error = (Get-SimDismError -Name 'NoSuchImage') } }
        $size = [uint64]$img.File.size
        if ($PSCmdlet.ParameterSetName -eq 'InputByFilePath') {
            # Microsoft.Dism.Commands.BasicImageInfoObject: without -Index only index, name, description and size
            # (docs/reference: "Without -Index only name/size are listed").
            $o = [pscustomobject][ordered]@{ ImageIndex = [uint32]1; ImageName = $meta.Name; ImageDescription = $meta.Name; ImageSize = $size }
            $o.PSObject.TypeNames.Insert(0, 'Microsoft.Dism.Commands.BasicImageInfoObject')
            return $o
        }
        # Microsoft.Dism.Commands.WimImageInfoObject: Version is the 4-part MAJOR.MINOR.BUILD.SPBUILD ("Version :
        # 10.0.22621.525", "SPBuild : 525", "SPLevel : 0" in public transcripts). ASSUMPTION: Architecture is the
        # numeric ARCH (9 = x64), which the default view prints as x64.
        $v = @($meta.Version.Split('.'))
        $o = [pscustomobject][ordered]@{
            ImagePath = $img.FullPath; ImageIndex = [uint32]1; ImageName = $meta.Name; ImageDescription = $meta.Name; ImageSize = $size
            WIMBoot = $false; Architecture = [uint32]$meta.Architecture; Hal = $null; Version = $meta.Version
            MajorVersion = [uint32]$v[0]; MinorVersion = [uint32]$v[1]; Build = [uint32]$v[2]; SPBuild = [uint32]$v[3]; SPLevel = [uint32]0
            EditionId = $meta.EditionId; InstallationType = 'WindowsPE'; ProductType = 'WinNT'; ProductSuite = $null; SystemRoot = 'WINDOWS'
            Languages = @('en-US (Default)')
        }
        $o.PSObject.TypeNames.Insert(0, 'Microsoft.Dism.Commands.WimImageInfoObject')
        return $o
    }
}

function Mount-WindowsImage {
    [CmdletBinding(DefaultParameterSetName = 'OfflineIndex')]
    param(
        [Parameter(Mandatory = $true, ValueFromPipelineByPropertyName = $true)][string] $Path,
        [Parameter(ParameterSetName = 'OfflineIndex', Mandatory = $true, ValueFromPipelineByPropertyName = $true)]
        [Parameter(ParameterSetName = 'OfflineName', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][string] $ImagePath,
        [Parameter(ParameterSetName = 'OfflineIndex', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][uint32] $Index,
        [Parameter(ParameterSetName = 'OfflineName', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][string] $Name,
        [Parameter(ParameterSetName = 'OfflineIndex')][Parameter(ParameterSetName = 'OfflineName')][switch] $ReadOnly,
        [Parameter(ParameterSetName = 'OfflineIndex')][Parameter(ParameterSetName = 'OfflineName')][switch] $Optimize,
        [Parameter(ParameterSetName = 'OfflineIndex')][Parameter(ParameterSetName = 'OfflineName')][switch] $CheckIntegrity,
        [Parameter(ParameterSetName = 'Remount', Mandatory = $true)][switch] $Remount,
        [switch] $SupportEa,
        [Alias('LP')][string] $LogPath,
        [string] $ScratchDirectory,
        [Alias('LL')][string] $LogLevel
    )
    process {
        $machine = Invoke-SimDismCmdletStart -Caller $PSCmdlet -Cmdlet 'Mount-WindowsImage'
        if ($PSCmdlet.ParameterSetName -eq 'Remount') {
            $r = Invoke-SimDismRemount -Machine $machine -Command 'Mount-WindowsImage' -MountDir $Path
        } else {
            $i = [int]$Index
            if ($PSCmdlet.ParameterSetName -eq 'OfflineName') {
                $img = Get-SimDismImage -Machine $machine -Path $ImagePath
                Complete-SimDismCmdlet -Caller $PSCmdlet -Cmdlet 'Mount-WindowsImage' -Result $img
                $i = 0
                if ($Name -eq $img.Meta.Name) { $i = 1 }
            }
            $r = Invoke-SimDismMount -Machine $machine -Command 'Mount-WindowsImage' -ImagePath $ImagePath -Index $i -MountDir $Path -ReadOnly:$ReadOnly
        }
        Complete-SimDismCmdlet -Caller $PSCmdlet -Cmdlet 'Mount-WindowsImage' -Result $r
        return (New-SimDismImageObject -Path ([string]$r.Mount.mountDir))
    }
}

function Add-WindowsPackage {
    [CmdletBinding(DefaultParameterSetName = 'Offline')]
    param(
        [Parameter(Mandatory = $true, ValueFromPipelineByPropertyName = $true)][string] $PackagePath,
        [Parameter(ParameterSetName = 'Offline', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][string] $Path,
        [Parameter(ParameterSetName = 'Online', Mandatory = $true)][switch] $Online,
        [switch] $IgnoreCheck,
        [switch] $PreventPending,
        [switch] $NoRestart,
        [string] $WindowsDirectory,
        [string] $SystemDrive,
        [Alias('LP')][string] $LogPath,
        [string] $ScratchDirectory,
        [Alias('LL')][string] $LogLevel
    )
    process {
        if ($Online) { throw 'Simulator: Add-WindowsPackage -Online (servicing the running OS) is not simulated.' }
        $machine = Invoke-SimDismCmdletStart -Caller $PSCmdlet -Cmdlet 'Add-WindowsPackage'
        $r = Invoke-SimDismAddPackage -Machine $machine -Command 'Add-WindowsPackage' -MountDir $Path -PackagePath $PackagePath
        Complete-SimDismCmdlet -Caller $PSCmdlet -Cmdlet 'Add-WindowsPackage' -Result $r
        return (New-SimDismImageObject -Path ([string]$r.Mount.mountDir))
    }
}

function Dismount-WindowsImage {
    [CmdletBinding(DefaultParameterSetName = 'DismountDiscard')]
    param(
        [Parameter(Mandatory = $true, ValueFromPipelineByPropertyName = $true)][string] $Path,
        [Parameter(ParameterSetName = 'DismountDiscard', Mandatory = $true)][switch] $Discard,
        [Parameter(ParameterSetName = 'DismountSave', Mandatory = $true)][switch] $Save,
        [Parameter(ParameterSetName = 'DismountSave')][switch] $CheckIntegrity,
        [Parameter(ParameterSetName = 'DismountSave')][switch] $Append,
        [Alias('LP')][string] $LogPath,
        [string] $ScratchDirectory,
        [Alias('LL')][string] $LogLevel
    )
    process {
        if ($Append) { throw 'Simulator: Dismount-WindowsImage -Append (a second image in the WIM) is not simulated.' }
        $machine = Invoke-SimDismCmdletStart -Caller $PSCmdlet -Cmdlet 'Dismount-WindowsImage'
        $r = Invoke-SimDismUnmount -Machine $machine -Command 'Dismount-WindowsImage' -MountDir $Path -Commit ([bool]$Save)
        Complete-SimDismCmdlet -Caller $PSCmdlet -Cmdlet 'Dismount-WindowsImage' -Result $r
        return (New-SimDismImageObject -Path ([string]$r.Mount.mountDir))
    }
}

function Export-WindowsImage {
    [CmdletBinding(DefaultParameterSetName = 'ByIndex')]
    param(
        [Parameter(Mandatory = $true, ValueFromPipelineByPropertyName = $true)][string] $SourceImagePath,
        [Parameter(ParameterSetName = 'ByIndex', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][uint32] $SourceIndex,
        [Parameter(ParameterSetName = 'ByName', Mandatory = $true, ValueFromPipelineByPropertyName = $true)][string] $SourceName,
        [Parameter(Mandatory = $true, ValueFromPipelineByPropertyName = $true)][string] $DestinationImagePath,
        [string] $DestinationName,
        [ValidateSet('none', 'fast', 'max', 'recovery')][string] $CompressionType = 'max',
        [switch] $CheckIntegrity,
        [switch] $Setbootable,
        [switch] $WIMBoot,
        [Alias('LP')][string] $LogPath,
        [string] $ScratchDirectory,
        [Alias('LL')][string] $LogLevel
    )
    process {
        $machine = Invoke-SimDismCmdletStart -Caller $PSCmdlet -Cmdlet 'Export-WindowsImage'
        $i = [int]$SourceIndex
        if ($PSCmdlet.ParameterSetName -eq 'ByName') {
            $img = Get-SimDismImage -Machine $machine -Path $SourceImagePath
            Complete-SimDismCmdlet -Caller $PSCmdlet -Cmdlet 'Export-WindowsImage' -Result $img
            $i = 0
            if ($SourceName -eq $img.Meta.Name) { $i = 1 }
        }
        $r = Invoke-SimDismExport -Machine $machine -Command 'Export-WindowsImage' -SourceImagePath $SourceImagePath -SourceIndex $i -DestinationImagePath $DestinationImagePath -Compression $CompressionType
        Complete-SimDismCmdlet -Caller $PSCmdlet -Cmdlet 'Export-WindowsImage' -Result $r
        return (New-SimDismImageObject -Path $null)
    }
}

function Clear-WindowsCorruptMountPoint {
    [CmdletBinding()]
    param([Alias('LP')][string] $LogPath, [string] $ScratchDirectory, [Alias('LL')][string] $LogLevel)
    process {
        $machine = Invoke-SimDismCmdletStart -Caller $PSCmdlet -Cmdlet 'Clear-WindowsCorruptMountPoint'
        $r = Invoke-SimDismCleanupMountpoints -Machine $machine -Command 'Clear-WindowsCorruptMountPoint'
        Complete-SimDismCmdlet -Caller $PSCmdlet -Cmdlet 'Clear-WindowsCorruptMountPoint' -Result $r
        $o = [pscustomobject][ordered]@{ LogPath = 'C:\Windows\Logs\DISM\dism.log'; ScratchDirectory = $null; LogLevel = 'WarningsInfo' }
        $o.PSObject.TypeNames.Insert(0, 'Microsoft.Dism.Commands.BaseDismObject')
        return $o
    }
}

# ---------------------------------------------------------------------------------------------------------
# dism.exe (Invoke-SimDismTool). Output shape as in public captures: a blank line, the banner
# "Deployment Image Servicing and Management tool" and "Version: <DISM's file version>", a blank line; with
# /Image: "Image Version: <the image's version>" and a blank line; the progress bar
# "[==========================100.0%==========================]"; "The operation completed successfully." On a
# failure: "Error: <code>", a blank line, the text, a blank line and "The DISM log file can be found at
# C:\Windows\Logs\DISM\dism.log" (e.g. the /RestoreHealth capture in https://blog.nroach44.id.au/snippet-dism-failed-missing-source.html).
# ASSUMPTION: everything goes to stdout.
# ---------------------------------------------------------------------------------------------------------

$script:SimDismBar = '[==========================100.0%==========================]'

function Get-SimDismToolVersion {
    # DISM's file version follows the OS's servicing base: 10.0.19041.x on Windows 10 19042-19045 (public captures
    # show "Version: 10.0.19041.844" on 20H2/21H1). ASSUMPTION: the same base mapping for 22631 -> 22621 and
    # 26200 -> 26100, and the UBR as last part.
    param([Parameter(Mandatory = $true)] $Machine)
    $build = [int]$Machine.os.build
    if ($build -ge 19041 -and $build -le 19045) { $build = 19041 }
    elseif ($build -eq 22631) { $build = 22621 }
    elseif ($build -eq 26200) { $build = 26100 }
    return '10.0.' + $build + '.' + [int](Get-SimProp $Machine.os 'ubr' 1)
}

function Format-SimDismErrorCode {
    param([Parameter(Mandatory = $true)][long] $Code)
    $u = [long]($Code -band 0xFFFFFFFFL)
    if (($u -band 0xFFFF0000L) -eq 0x80070000L) { return ([string]($u -band 0xFFFF)) }
    return ('0x' + ([uint32]$u).ToString('x8'))
}

function Get-SimDismExitCode {
    param([Parameter(Mandatory = $true)][long] $Code)
    $u = [long]($Code -band 0xFFFFFFFFL)
    if (($u -band 0xFFFF0000L) -eq 0x80070000L) { return [int]($u -band 0xFFFF) }
    return (ConvertTo-SimExitCode -Code $Code)
}

function Add-SimDismLine {
    param([Parameter(Mandatory = $true)] $Run, [AllowEmptyString()][string[]] $Text)
    foreach ($t in $Text) { $Run.Lines.Add(@{ Err = $false; Text = $t }) }
}

function Add-SimDismFailure {
    param([Parameter(Mandatory = $true)] $Run, [Parameter(Mandatory = $true)] $DismError)
    Add-SimDismLine -Run $Run -Text @(('Error: ' + (Format-SimDismErrorCode -Code ([long]$DismError.Code))), '', [string]$DismError.Text, '', 'The DISM log file can be found at C:\Windows\Logs\DISM\dism.log')
    $Run.ExitCode = Get-SimDismExitCode -Code ([long]$DismError.Code)
}

function Add-SimDismSuccess {
    param([Parameter(Mandatory = $true)] $Run)
    Add-SimDismLine -Run $Run -Text 'The operation completed successfully.'
    $Run.ExitCode = 0
}

function Get-SimDismOption {
    # The value of /Name:<value> (case-insensitive), $null when absent, '' for a bare /Name.
    param([Parameter(Mandatory = $true)][AllowEmptyCollection()][string[]] $Argv, [Parameter(Mandatory = $true)][string] $Name)
    foreach ($a in $Argv) {
        if ($a -match ('^[/-]' + [regex]::Escape($Name) + '(?::(.*))?$')) { return [string]$Matches[1] }
    }
    return $null
}

function Test-SimDismSwitch {
    param([Parameter(Mandatory = $true)][AllowEmptyCollection()][string[]] $Argv, [Parameter(Mandatory = $true)][string] $Name)
    return ($null -ne (Get-SimDismOption -Argv $Argv -Name $Name))
}

function Format-SimDismSize {
    param([Parameter(Mandatory = $true)][long] $Bytes)
    return ($Bytes.ToString('N0', [System.Globalization.CultureInfo]::GetCultureInfo('en-US')) + ' bytes')
}

function Invoke-SimDismTool {
    # The simulated DISM.exe. Arguments as on its command line ('/English', '/Mount-Image', '/ImageFile:C:\x.wim',
    # ...). Returns @{ Lines = [{ Err; Text }]; ExitCode }: the exit code is the HRESULT DISM ends with (0 on success;
    # a Win32 error as its number). ASSUMPTION: the output is English with or without /English (the simulated PC's
    # DISM is not localized).
    param([AllowEmptyCollection()][string[]] $Arguments = @())
    $argv = @($Arguments | Where-Object { $null -ne $_ -and $_ -ne '' })
    $machine = Read-SimMachine
    $run = @{ Lines = (New-Object System.Collections.Generic.List[object]); ExitCode = 0 }
    $verbs = @('Mount-Image', 'Mount-Wim', 'Remount-Image', 'Unmount-Image', 'Unmount-Wim', 'Export-Image', 'Get-ImageInfo', 'Get-WimInfo', 'Get-MountedImageInfo', 'Get-MountedWimInfo', 'Cleanup-Mountpoints', 'Cleanup-Wim', 'Add-Package', 'Cleanup-Image')
    $verb = $null
    foreach ($a in $argv) {
        foreach ($v in $verbs) { if ($a -match ('^[/-]' + [regex]::Escape($v) + '$')) { $verb = $v; break } }
        if ($null -ne $verb) { break }
    }
    $command = 'dism'
    if ($null -ne $verb) { $command = 'dism /' + $verb.ToLowerInvariant() }
    $fault = Register-SimCall -Machine $machine -Command $command
    Add-SimDismLine -Run $run -Text @('', 'Deployment Image Servicing and Management tool', ('Version: ' + (Get-SimDismToolVersion -Machine $machine)), '')
    if (-not [bool]$machine.os.isElevated) {
        # "Error: 740 / Elevated permissions are required to run DISM. / Use an elevated command prompt to complete
        # these tasks." (the text of every non-elevated DISM run in public captures).
        Add-SimDismLine -Run $run -Text @('Error: 740', '', 'Elevated permissions are required to run DISM.', 'Use an elevated command prompt to complete these tasks.', '')
        $run.ExitCode = 740
        return $run
    }
    if ($null -ne $fault) { Add-SimDismFailure -Run $run -DismError (Get-SimDismError -Name $fault); return $run }
    $image = Get-SimDismOption -Argv $argv -Name 'Image'
    switch ($verb) {
        { $_ -in @('Mount-Image', 'Mount-Wim') } {
            $file = Get-SimDismOption -Argv $argv -Name 'ImageFile'
            if ($null -eq $file) { $file = Get-SimDismOption -Argv $argv -Name 'WimFile' }
            $index = Get-SimDismOption -Argv $argv -Name 'Index'
            $dir = Get-SimDismOption -Argv $argv -Name 'MountDir'
            if ([string]::IsNullOrEmpty($file) -or [string]::IsNullOrEmpty($index) -or [string]::IsNullOrEmpty($dir)) { Add-SimDismFailure -Run $run -DismError (Get-SimDismError -Name 'InvalidParameter'); return $run }
            Add-SimDismLine -Run $run -Text 'Mounting image'
            $r = Invoke-SimDismMount -Machine $machine -Command $command -ImagePath $file -Index ([int]$index) -MountDir $dir -ReadOnly:(Test-SimDismSwitch -Argv $argv -Name 'ReadOnly')
            Add-SimDismLine -Run $run -Text $script:SimDismBar
            if ($null -ne $r.Error) { Add-SimDismFailure -Run $run -DismError $r.Error } else { Add-SimDismSuccess -Run $run }
        }
        'Remount-Image' {
            $dir = Get-SimDismOption -Argv $argv -Name 'MountDir'
            if ([string]::IsNullOrEmpty($dir)) { Add-SimDismFailure -Run $run -DismError (Get-SimDismError -Name 'InvalidParameter'); return $run }
            Add-SimDismLine -Run $run -Text @('Remounting image', $script:SimDismBar)
            $r = Invoke-SimDismRemount -Machine $machine -Command $command -MountDir $dir
            if ($null -ne $r.Error) { Add-SimDismFailure -Run $run -DismError $r.Error } else { Add-SimDismSuccess -Run $run }
        }
        { $_ -in @('Unmount-Image', 'Unmount-Wim') } {
            $dir = Get-SimDismOption -Argv $argv -Name 'MountDir'
            $commit = Test-SimDismSwitch -Argv $argv -Name 'Commit'
            $discard = Test-SimDismSwitch -Argv $argv -Name 'Discard'
            if ([string]::IsNullOrEmpty($dir) -or ($commit -eq $discard)) { Add-SimDismFailure -Run $run -DismError (Get-SimDismError -Name 'InvalidParameter'); return $run }
            if (Test-SimDismSwitch -Argv $argv -Name 'Append') { throw 'Simulator: dism /Unmount-Image /Append (a second image in the WIM) is not simulated.' }
            $mount = Find-SimDismMount -Machine $machine -MountDir $dir
            if ($null -ne $mount) { Add-SimDismLine -Run $run -Text @(('Image File : ' + [string]$mount.imagePath), ('Image Index : ' + [string]$mount.index)) }
            if ($commit) { Add-SimDismLine -Run $run -Text @('Saving image', $script:SimDismBar) }
            $r = Invoke-SimDismUnmount -Machine $machine -Command $command -MountDir $dir -Commit $commit
            if ($null -ne $r.Error) { Add-SimDismFailure -Run $run -DismError $r.Error; return $run }
            Add-SimDismLine -Run $run -Text @('Unmounting image', $script:SimDismBar)
            Add-SimDismSuccess -Run $run
        }
        'Export-Image' {
            $src = Get-SimDismOption -Argv $argv -Name 'SourceImageFile'
            $idx = Get-SimDismOption -Argv $argv -Name 'SourceIndex'
            $dst = Get-SimDismOption -Argv $argv -Name 'DestinationImageFile'
            $compress = Get-SimDismOption -Argv $argv -Name 'Compress'
            if ([string]::IsNullOrEmpty($compress)) { $compress = 'max' }
            if ([string]::IsNullOrEmpty($src) -or [string]::IsNullOrEmpty($idx) -or [string]::IsNullOrEmpty($dst)) { Add-SimDismFailure -Run $run -DismError (Get-SimDismError -Name 'InvalidParameter'); return $run }
            Add-SimDismLine -Run $run -Text 'Exporting image'
            $r = Invoke-SimDismExport -Machine $machine -Command $command -SourceImagePath $src -SourceIndex ([int]$idx) -DestinationImagePath $dst -Compression $compress
            Add-SimDismLine -Run $run -Text $script:SimDismBar
            if ($null -ne $r.Error) { Add-SimDismFailure -Run $run -DismError $r.Error } else { Add-SimDismSuccess -Run $run }
        }
        { $_ -in @('Get-ImageInfo', 'Get-WimInfo') } {
            $file = Get-SimDismOption -Argv $argv -Name 'ImageFile'
            if ($null -eq $file) { $file = Get-SimDismOption -Argv $argv -Name 'WimFile' }
            if ([string]::IsNullOrEmpty($file)) { Add-SimDismFailure -Run $run -DismError (Get-SimDismError -Name 'InvalidParameter'); return $run }
            $img = Get-SimDismImage -Machine $machine -Path $file
            if ($null -ne $img.Error) { Add-SimDismFailure -Run $run -DismError $img.Error; return $run }
            $meta = $img.Meta
            $index = Get-SimDismOption -Argv $argv -Name 'Index'
            Add-SimDismLine -Run $run -Text @(('Details for image : ' + $img.FullPath), '')
            if ([string]::IsNullOrEmpty($index)) {
                Add-SimDismLine -Run $run -Text @('Index : 1', ('Name : ' + $meta.Name), ('Description : ' + $meta.Name), ('Size : ' + (Format-SimDismSize -Bytes ([long]$img.File.size))), '')
            } elseif ([int]$index -ne 1) {
                Add-SimDismFailure -Run $run -DismError (Get-SimDismError -Name 'NoSuchImage'); return $run
            } else {
                # "Version : 10.0.19041" and "ServicePack Build : 3920" on separate lines (winre-version facts 1.5: a
                # public CVE-2024-20666 checker parses '^Version :' and '^ServicePack Build :').
                $v = @($meta.Version.Split('.'))
                Add-SimDismLine -Run $run -Text @('Index : 1', ('Name : ' + $meta.Name), ('Description : ' + $meta.Name), ('Size : ' + (Format-SimDismSize -Bytes ([long]$img.File.size))),
                    'WIM Bootable : No', ('Architecture : ' + (Get-SimWimArchName -Architecture $meta.Architecture)), 'Hal : <undefined>', ('Version : ' + $v[0] + '.' + $v[1] + '.' + $v[2]),
                    ('ServicePack Build : ' + $v[3]), 'ServicePack Level : 0', ('Edition : ' + $meta.EditionId), 'Installation : WindowsPE', 'ProductType : WinNT', 'ProductSuite : ',
                    'System Root : WINDOWS', 'Languages :', '        en-US (Default)', '')
            }
            Add-SimDismSuccess -Run $run
        }
        { $_ -in @('Get-MountedImageInfo', 'Get-MountedWimInfo') } {
            $mounts = @(Get-SimDismMounts -Machine $machine)
            if ($mounts.Count -eq 0) {
                Add-SimDismLine -Run $run -Text @('No mounted images found.', '')
            } else {
                Add-SimDismLine -Run $run -Text @('Mounted images:', '')
                foreach ($m in $mounts) {
                    $rw = 'Yes'
                    if ([bool]$m.readOnly) { $rw = 'No' }
                    $status = Get-SimDismMountStatus -Machine $machine -Mount $m
                    if ($status -eq 'NeedsRemount') { $status = 'Needs Remount' }
                    Add-SimDismLine -Run $run -Text @(('Mount Dir : ' + [string]$m.mountDir), ('Image File : ' + [string]$m.imagePath), ('Image Index : ' + [string]$m.index), ('Mounted Read/Write : ' + $rw), ('Status : ' + $status), '')
                }
            }
            Add-SimDismSuccess -Run $run
        }
        { $_ -in @('Cleanup-Mountpoints', 'Cleanup-Wim') } {
            $r = Invoke-SimDismCleanupMountpoints -Machine $machine -Command $command
            Add-SimDismLine -Run $run -Text $script:SimDismBar
            Add-SimDismSuccess -Run $run
        }
        'Add-Package' {
            $pkg = Get-SimDismOption -Argv $argv -Name 'PackagePath'
            if ([string]::IsNullOrEmpty($image) -or [string]::IsNullOrEmpty($pkg)) { Add-SimDismFailure -Run $run -DismError (Get-SimDismError -Name 'InvalidParameter'); return $run }
            $mount = Find-SimDismMount -Machine $machine -MountDir $image
            if ($null -ne $mount -and (Get-SimDismMountStatus -Machine $machine -Mount $mount) -eq 'Ok') { Add-SimDismLine -Run $run -Text @(('Image Version: ' + [string]$mount.version), '') }
            $r = Invoke-SimDismAddPackage -Machine $machine -Command $command -MountDir $image -PackagePath $pkg
            if ($null -ne $r.Error -and -not $r.ContainsKey('Kb')) { Add-SimDismFailure -Run $run -DismError $r.Error; return $run }
            # ASSUMPTION: the package is named by its path (DISM names it by its identity when it can read one).
            Add-SimDismLine -Run $run -Text @(('Processing 1 of 1 - Adding package ' + [string]$r.PackagePath), $script:SimDismBar)
            if ($null -ne $r.Error) { Add-SimDismFailure -Run $run -DismError $r.Error } else { Add-SimDismSuccess -Run $run }
        }
        'Cleanup-Image' {
            if ([string]::IsNullOrEmpty($image)) { throw 'Simulator: dism /Online /Cleanup-Image (the running OS) is not simulated.' }
            if (-not (Test-SimDismSwitch -Argv $argv -Name 'StartComponentCleanup')) { throw 'Simulator: only /Cleanup-Image /StartComponentCleanup [/ResetBase] is simulated.' }
            $mount = Find-SimDismMount -Machine $machine -MountDir $image
            if ($null -ne $mount -and (Get-SimDismMountStatus -Machine $machine -Mount $mount) -eq 'Ok') { Add-SimDismLine -Run $run -Text @(('Image Version: ' + [string]$mount.version), '') }
            $r = Invoke-SimDismCleanupImage -Machine $machine -Command $command -MountDir $image -ResetBase:(Test-SimDismSwitch -Argv $argv -Name 'ResetBase')
            Add-SimDismLine -Run $run -Text $script:SimDismBar
            if ($null -ne $r.Error) { Add-SimDismFailure -Run $run -DismError $r.Error } else { Add-SimDismSuccess -Run $run }
        }
        default {
            # ASSUMPTION: an unknown or missing command: DISM's "Error: 87" for an option it does not know.
            Add-SimDismLine -Run $run -Text @('Error: 87', '', 'The option is unknown.', 'For more information, refer to the help by running DISM.exe /?.', '', 'The DISM log file can be found at C:\Windows\Logs\DISM\dism.log')
            $run.ExitCode = 87
        }
    }
    return $run
}

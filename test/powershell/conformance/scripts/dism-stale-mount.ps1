# Conformance script (dism): the second run after a reboot found a mount left by an earlier one. The idioms of the
# published scripts and admin advice, written for this project: list the mounts, run `dism /Cleanup-Mountpoints`,
# discard what is still listed, then a folder deleted under a mount (Invalid) cleaned by /Cleanup-Mountpoints.
$ErrorActionPreference = 'Stop'
$listed = @(Get-WindowsImage -Mounted)
$infoStatus = @(& dism.exe /English /Get-MountedImageInfo | Where-Object { $_ -like 'Status :*' })
& dism.exe /English /Cleanup-Mountpoints | Out-Null
$cleanupCode = $LASTEXITCODE
$afterCleanup = @(Get-WindowsImage -Mounted | ForEach-Object { [string]$_.MountStatus })
foreach ($m in @(Get-WindowsImage -Mounted)) {
    & dism.exe /English /Unmount-Image /MountDir:$($m.Path) /Discard | Out-Null
}
$afterDiscard = @(Get-WindowsImage -Mounted).Count
# A second stale mount whose folder is deleted by hand: DISM then calls it Invalid, and /Cleanup-Mountpoints removes it.
New-Item -Path 'C:\Mount2' -ItemType Directory | Out-Null
Mount-WindowsImage -ImagePath 'C:\WinRE\winre.wim' -Index 1 -Path 'C:\Mount2' | Out-Null
Remove-Item -Path 'C:\Mount2' -Recurse -Force
$invalid = [string](Get-WindowsImage -Mounted)[0].MountStatus
Clear-WindowsCorruptMountPoint | Out-Null
[pscustomobject]@{
    listed       = $listed.Count
    status       = [string]$listed[0].MountStatus
    infoStatus   = $infoStatus
    cleanupCode  = $cleanupCode
    afterCleanup = $afterCleanup
    afterDiscard = $afterDiscard
    invalid      = $invalid
    afterClear   = @(Get-WindowsImage -Mounted).Count
}

# Conformance script (dism): the PowerShell-module flow of community WinRE servicing tools (MHimken/WinRE-Customization
# style), written for this project, not copied: back up winre.wim from the recovery partition into a work folder,
# Mount-WindowsImage, Add-WindowsPackage, Dismount-WindowsImage -Save, Export-WindowsImage to shed what the servicing
# left behind, and read the SPBuild before and after with Get-WindowsImage. The copy keeps Winre.wim's Hidden
# attribute, so Get-Item needs -Force.
$ErrorActionPreference = 'Stop'
$work = 'C:\WinRE-Work'
$mount = ($work + '\mount')
New-Item -Path $mount -ItemType Directory -Force | Out-Null
$location = ((reagentc.exe /info | Select-String -Pattern 'Windows RE location').ToString() -split ':\s+', 2)[1].Trim()
Copy-Item -Path ($location + '\Winre.wim') -Destination (($work + '\winre.wim'))
$wim = ($work + '\winre.wim')
$before = Get-WindowsImage -ImagePath $wim -Index 1
Mount-WindowsImage -ImagePath $wim -Index 1 -Path $mount | Out-Null
$mountedStatus = [string](Get-WindowsImage -Mounted | Where-Object { $_.Path -eq $mount }).MountStatus
Add-WindowsPackage -Path $mount -PackagePath 'C:\Updates\windows11.0-kb5089593-x64.cab' | Out-Null
& dism.exe /English /Image:$mount /Cleanup-Image /StartComponentCleanup /ResetBase | Out-Null
Dismount-WindowsImage -Path $mount -Save | Out-Null
$committed = Get-Item -Path $wim -Force
$exported = ($work + '\winre-exported.wim')
Export-WindowsImage -SourceImagePath $wim -SourceIndex 1 -DestinationImagePath $exported -CompressionType max | Out-Null
$after = Get-WindowsImage -ImagePath $exported -Index 1
[pscustomobject]@{
    beforeSpBuild  = $before.SPBuild
    beforeVersion  = $before.Version
    mountedStatus  = $mountedStatus
    afterSpBuild   = $after.SPBuild
    afterVersion   = $after.Version
    committedBytes = $committed.Length
    exportedBytes  = (Get-Item -Path $exported -Force).Length
    committedHash  = (Get-FileHash -Path $wim).Hash
    exportedHash   = (Get-FileHash -Path $exported).Hash
}

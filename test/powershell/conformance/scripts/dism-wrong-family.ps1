# Conformance script (dism): an admin offers the wrong Safe OS package (another WinRE build family). Written for this
# project in the idiom of the published scripts: try/catch around Add-WindowsPackage, discard on failure; the same
# with dism.exe and its exit code. Nothing may change in the image.
$ErrorActionPreference = 'Stop'
$mount = 'C:\Mount'
New-Item -Path $mount -ItemType Directory -Force | Out-Null
$location = ((reagentc.exe /info | Select-String -Pattern 'Windows RE location').ToString() -split ':\s+', 2)[1].Trim()
$wim = $location + '\Winre.wim'
$hashBefore = (Get-FileHash -Path $wim).Hash
Mount-WindowsImage -ImagePath $wim -Index 1 -Path $mount | Out-Null
$failure = $null
try {
    Add-WindowsPackage -Path $mount -PackagePath 'C:\Updates\windows11.0-kb5087594-x64.cab' | Out-Null
} catch {
    $failure = $_
}
$dismOut = & dism.exe /English /Image:$mount /Add-Package /PackagePath:C:\Updates\windows11.0-kb5087594-x64.cab
$dismCode = $LASTEXITCODE
Dismount-WindowsImage -Path $mount -Discard | Out-Null
[pscustomobject]@{
    message    = $failure.Exception.Message
    hresult    = ('0x{0:x8}' -f $failure.Exception.HResult)
    dismError  = @($dismOut | Where-Object { $_ -like 'Error:*' })[0]
    dismText   = @($dismOut | Where-Object { $_ -like '*not applicable*' })[0]
    dismCode   = $dismCode
    hashBefore = $hashBefore
    hashAfter  = (Get-FileHash -Path $wim).Hash
    version    = (Get-WindowsImage -ImagePath $wim -Index 1).Version
}

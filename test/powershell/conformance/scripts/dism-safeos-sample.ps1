# Conformance script (dism): the flow of Microsoft's published Safe OS sample (KB5034957 "2004plus" script) and
# "Add an update package to Windows RE", written for this project, not copied: a mount folder under a work folder,
# any leftover mount there discarded first, `reagentc /mountre`, `Dism /Add-Package`, `Dism /Cleanup-Image
# /StartComponentCleanup /ResetBase`, `Dism /Unmount-Image /Commit`, each exit code checked, then reagentc /disable
# and /enable so BitLocker trusts the new image. Reads the WinRE version before and after with `dism /Get-ImageInfo`.
$ErrorActionPreference = 'Stop'
$packagePath = 'C:\Updates\windows11.0-kb5089593-x64.cab'
$workDir = 'C:\Windows\Temp'
$mountDir = ($workDir + '\CA551926-299B-27A55276EC22_Mount')
if (Test-Path -Path $mountDir) {
    & dism.exe /English /Unmount-Image /MountDir:$mountDir /Discard | Out-Null
    Remove-Item -Path $mountDir -Recurse -Force
}
New-Item -Path $mountDir -ItemType Directory | Out-Null

function Get-WinReWimPath {
    $line = reagentc.exe /info | Select-String -Pattern 'Windows RE location'
    $location = ($line.ToString() -split ':\s+', 2)[1].Trim()
    return ($location + '\winre.wim')
}
function Get-WinReVersionText {
    param([string] $Wim)
    $info = & dism.exe /English /Get-ImageInfo /ImageFile:$Wim /Index:1
    $version = (($info | Where-Object { $_ -match '^Version :' }) -split ':\s+', 2)[1]
    $sp = (($info | Where-Object { $_ -match '^ServicePack Build :' }) -split ':\s+', 2)[1]
    return ($version + '.' + $sp)
}

$wim = Get-WinReWimPath
$before = Get-WinReVersionText -Wim $wim
$steps = [ordered]@{}
reagentc.exe /mountre /path $mountDir | Out-Null
$steps['mountre'] = $LASTEXITCODE
$mounted = @(Get-ChildItem -Path $mountDir).Count
$add = & dism.exe /English /Add-Package /Image:$mountDir /PackagePath:$packagePath
$steps['add'] = $LASTEXITCODE
if ($LASTEXITCODE -ne 0) {
    & dism.exe /English /Unmount-Image /MountDir:$mountDir /Discard | Out-Null
    throw "Add-Package failed: $LASTEXITCODE"
}
& dism.exe /English /Image:$mountDir /Cleanup-Image /StartComponentCleanup /ResetBase | Out-Null
$steps['cleanup'] = $LASTEXITCODE
$commit = & dism.exe /English /Unmount-Image /MountDir:$mountDir /Commit
$steps['commit'] = $LASTEXITCODE
reagentc.exe /disable 2>&1 | Out-Null
$steps['disable'] = $LASTEXITCODE
reagentc.exe /enable 2>&1 | Out-Null
$steps['enable'] = $LASTEXITCODE
$wimAfter = Get-WinReWimPath
[pscustomobject]@{
    steps          = [pscustomobject]$steps
    before         = $before
    after          = Get-WinReVersionText -Wim $wimAfter
    wimAfter       = $wimAfter
    mountedEntries = $mounted
    addLines       = @($add | Select-Object -Last 2)
    commitLines    = @($commit | Where-Object { $_ -match '^(Saving|Unmounting) image$' })
    mountsLeft     = @(Get-WindowsImage -Mounted).Count
    folderLeft     = @(Get-ChildItem -Path $mountDir).Count
}

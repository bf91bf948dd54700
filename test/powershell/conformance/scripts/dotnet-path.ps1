# Conformance script (.NET paths): [System.IO.Path] on the Windows paths admin scripts build (written for this
# project, not copied).
$wim = 'C:\Windows\System32\Recovery\Winre.wim'
[ordered]@{
    fileName   = [System.IO.Path]::GetFileName($wim)
    folder     = [System.IO.Path]::GetDirectoryName($wim)
    rootParent = [System.IO.Path]::GetDirectoryName('C:\') -eq $null
    extension  = [System.IO.Path]::GetExtension($wim)
    baseName   = [System.IO.Path]::GetFileNameWithoutExtension($wim)
    backup     = [System.IO.Path]::ChangeExtension($wim, '.bak')
    combined   = [System.IO.Path]::Combine($env:SystemRoot, 'System32', 'reagentc.exe')
    rootedWins = [IO.Path]::Combine('C:\Temp', 'D:\Other')
    root       = [System.IO.Path]::GetPathRoot('\\server\share\WinRE\Winre.wim')
    rooted     = [System.IO.Path]::IsPathRooted('C:\Temp')
    full       = [System.IO.Path]::GetFullPath('C:\Windows\System32\..\Temp\.\x.log')
    separator  = [string][System.IO.Path]::DirectorySeparatorChar
    written    = [System.IO.File]::Exists([System.IO.Path]::Combine('C:\Windows\System32\Recovery', 'ReAgent.xml'))
}

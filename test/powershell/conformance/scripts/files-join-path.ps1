# Conformance script (files): paths built with Join-Path and Split-Path, as nearly every admin script builds them
# (written for this project, not copied). On Windows they are joined and split with backslashes.
$ErrorActionPreference = 'Stop'
$logDir = Join-Path -Path $env:ProgramData -ChildPath 'Contoso\Logs'
$null = New-Item -ItemType Directory -Path $logDir -Force
$log = Join-Path $logDir 'winre.log'
'started' | Out-File -FilePath $log
[ordered]@{
    logDir      = $logDir
    reagentc    = Join-Path $env:SystemRoot '\System32\reagentc.exe'
    piped       = @('C:\Windows', 'C:\Temp\' | Join-Path -ChildPath 'x.txt')
    parent      = Split-Path -Path 'C:\Windows\System32\Recovery\ReAgent.xml' -Parent
    leaf        = Split-Path -Path $log -Leaf
    qualifier   = Split-Path -Path $log -Qualifier
    noQualifier = Split-Path -Path $log -NoQualifier
    written     = Test-Path -Path $log
    content     = Get-Content -Path (Join-Path (Split-Path $log -Parent) 'winre.log')
}

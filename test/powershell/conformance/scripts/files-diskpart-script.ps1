# Conformance script (files): a diskpart script written to a file with Out-File -Encoding ascii, then run with
# diskpart /s, the way published WinRE resize scripts drive diskpart (written for this project, not copied).
$ErrorActionPreference = 'Stop'
$scriptPath = 'C:\Windows\Temp\winre-list.txt'
$commands = @(
    'select disk 0'
    'list partition'
)
$commands | Out-File -FilePath $scriptPath -Encoding ascii
$output = diskpart /s $scriptPath
"diskpart exit code: $LASTEXITCODE" > 'C:\Windows\Temp\winre-diskpart.log'
$output >> 'C:\Windows\Temp\winre-diskpart.log'
[pscustomobject]@{
    exitCode = $LASTEXITCODE
    listed   = @($output | Where-Object { $_ -match '^\s*Partition\s+\d+' }).Count
    script   = @(Get-Content -Path $scriptPath)
}

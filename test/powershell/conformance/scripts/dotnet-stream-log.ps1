# Conformance script (.NET streams): a Write-Log function over a StreamWriter, the way many older admin scripts
# log (written for this project, not copied), and the log read back line by line with a StreamReader.
$ErrorActionPreference = 'Stop'
$logFile = 'C:\Windows\Temp\WinRE-Remediation.log'
function Write-Log([string] $Message) {
    $writer = New-Object System.IO.StreamWriter($logFile, $true)
    try { $writer.WriteLine("[INFO] $Message") } finally { $writer.Close() }
}
Write-Log 'Checking the recovery partition'
Write-Log 'Done'
$text = [System.IO.File]::CreateText('C:\Windows\Temp\summary.txt')
$text.Write('ok')
$text.Dispose()
$reader = [System.IO.StreamReader]::new($logFile)
$lines = @()
while (-not $reader.EndOfStream) { $lines += $reader.ReadLine() }
$reader.Close()
[ordered]@{ lines = $lines; summary = Get-Content -Path 'C:\Windows\Temp\summary.txt' -Raw }

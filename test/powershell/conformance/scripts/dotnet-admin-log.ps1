# Conformance script (.NET files): a remediation script that keeps its log and a backup with [System.IO.File] and
# [System.IO.Directory], in the idiom of many published Intune remediation scripts (written for this project, not
# copied). Nothing here is special to the simulator: on Windows PowerShell 5.1 it behaves the same.
$ErrorActionPreference = 'Stop'
$root = "$env:ProgramData\Contoso\WinRE"
$logDir = "$root\Logs"
$existedBefore = [System.IO.Directory]::Exists($logDir)
$null = [System.IO.Directory]::CreateDirectory($logDir)
$log = "$logDir\remediation.log"
$utf8Bom = New-Object System.Text.UTF8Encoding($true)
[System.IO.File]::AppendAllText($log, "Detect: WinRE partition too small`r`n", $utf8Bom)
[System.IO.File]::AppendAllText($log, "Remediate: started`r`n", $utf8Bom)
[System.IO.File]::WriteAllLines("$root\partitions.txt", [string[]]@('Partition 3 OS', 'Partition 4 Recovery'))
$backup = "$root\partitions.bak"
[System.IO.File]::Copy("$root\partitions.txt", $backup)
[IO.File]::Copy("$root\partitions.txt", $backup, $true)
[System.IO.File]::Delete("$root\partitions.txt")
[System.IO.File]::Delete("$root\never-written.txt")
[ordered]@{
    existedBefore = $existedBefore
    folder        = [System.IO.Directory]::Exists($logDir)
    lines         = [System.IO.File]::ReadAllLines($log)
    backupLines   = @([System.IO.File]::ReadAllLines($backup))
    removed       = [System.IO.File]::Exists("$root\partitions.txt")
    files         = @([System.IO.Directory]::GetFiles($root))
    logs          = @([System.IO.Directory]::GetFiles($root, '*.log', [System.IO.SearchOption]::AllDirectories))
    folders       = @([System.IO.Directory]::GetDirectories($root))
    attributes    = [System.IO.File]::GetAttributes($log).ToString()
}

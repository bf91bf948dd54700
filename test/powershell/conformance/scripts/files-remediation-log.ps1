# Conformance script (files): the logging of an Intune remediation script, in the idioms such scripts use (written
# for this project, not copied): a log folder made with New-Item -Force, a transcript, a Write-Log helper that
# appends with Out-File -Append, Add-Content for a summary line, and Select-String to find the errors afterwards.
$ErrorActionPreference = 'Stop'
$LogFolder = 'C:\ProgramData\Contoso\WinRE\Logs'
$LogFile = Join-Path -Path $LogFolder -ChildPath 'Remediate-WinRE.log'

if (-not (Test-Path -Path $LogFolder)) {
    New-Item -ItemType Directory -Path $LogFolder -Force | Out-Null
}
Start-Transcript -Path (Join-Path -Path $LogFolder -ChildPath 'Remediate-WinRE-transcript.log') -Append | Out-Null

function Write-Log {
    param([string] $Message, [ValidateSet('INFO', 'ERROR')][string] $Level = 'INFO')
    $line = '{0} [{1}] {2}' -f '2024-06-01 10:00:00', $Level, $Message
    # ps51-allow utf8-bom: the idiom under test; the simulator must write the BOM Windows PowerShell 5.1 writes.
    $line | Out-File -FilePath $LogFile -Append -Encoding utf8
    Write-Host $line
}

Write-Log -Message 'Starting WinRE remediation'
$os = Get-Volume -DriveLetter C
Write-Log -Message ('C: has {0} bytes free' -f $os.SizeRemaining)
Write-Log -Message 'Resize-Partition failed: Size Not Supported' -Level ERROR
Add-Content -Path $LogFile -Value 'Summary: 1 error'
Stop-Transcript | Out-Null

$errors = @(Select-String -Path $LogFile -Pattern '\[ERROR\]')
[pscustomobject]@{
    errorLines = @($errors | ForEach-Object { $_.LineNumber })
    errorFile  = @($errors | ForEach-Object { $_.Filename })
    lines      = @(Get-Content -Path $LogFile)
}

# Remediation-script idioms that start reagentc as a process: Start-Process with -Wait -PassThru -NoNewWindow and
# the output redirected to a file, and [System.Diagnostics.Process]::Start with redirected streams.
$outFile = [System.IO.Path]::GetTempFileName()
$p = Start-Process -FilePath 'reagentc.exe' -ArgumentList '/info' -Wait -PassThru -NoNewWindow -RedirectStandardOutput $outFile
$startProcessCode = $p.ExitCode
$startProcessStatus = ''
foreach ($line in [System.IO.File]::ReadAllLines($outFile)) {
    if ($line -match 'Windows RE status:\s*(\S+)') { $startProcessStatus = $Matches[1] }
}
Remove-Item -LiteralPath $outFile

$psi = New-Object System.Diagnostics.ProcessStartInfo
$psi.FileName = 'reagentc'
$psi.Arguments = '/disable'
$psi.UseShellExecute = $false
$psi.RedirectStandardOutput = $true
$psi.RedirectStandardError = $true
$proc = [System.Diagnostics.Process]::Start($psi)
$stdout = $proc.StandardOutput.ReadToEnd()
$stderr = $proc.StandardError.ReadToEnd()
$proc.WaitForExit()
[ordered]@{
    startProcessCode   = $startProcessCode
    startProcessStatus = $startProcessStatus
    processCode        = $proc.ExitCode
    processStderr      = $stderr.Trim()
    processStdout      = $stdout.Trim()
    statusAfter        = [string](((reagentc /info) -match 'Windows RE status') -replace '^\s*Windows RE status:\s*', '')
}

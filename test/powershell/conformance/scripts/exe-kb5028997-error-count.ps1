# In the manner of Microsoft's KB5028997 sample (extend the WinRE partition): read `reagentc /info`, disable WinRE,
# shrink C: with Resize-Partition and judge success by $Error.Count. reagentc's 'REAGENTC.EXE: Operation
# Successful.' lines go to stderr, which PowerShell does not record in $Error when it is not redirected
# (https://github.com/PowerShell/PowerShell/pull/13361; about_Redirection), so on Windows the shrink "succeeds".
$Error.Clear()
$ReAgentInfo = reagentc /info
$WinReLocation = ''
foreach ($line in $ReAgentInfo) {
    if ($line -match 'Windows RE location:\s*(\S.*)$') { $WinReLocation = $Matches[1].Trim() }
}
$disable = reagentc /disable
$disableCode = $LASTEXITCODE
$os = Get-Partition -DriveLetter C
Resize-Partition -DriveLetter C -Size ($os.Size - 250MB)
$shrinkFailed = $Error.Count -gt 0
[ordered]@{
    location     = $WinReLocation
    disableCode  = $disableCode
    disableOut   = @($disable)
    errorCount   = $Error.Count
    shrinkFailed = $shrinkFailed
    newSize      = (Get-Partition -DriveLetter C).Size
    oldSize      = $os.Size
}

# Scripts that go through cmd.exe: `cmd /c reagentc /info`, the whole line quoted with 2>&1 inside, and the exit code
# that cmd passes on (https://learn.microsoft.com/windows-server/administration/windows-commands/cmd).
$plain = cmd /c reagentc /info
$plainCode = $LASTEXITCODE
$merged = cmd /c "reagentc.exe /info 2>&1"
$disable = cmd.exe /c reagentc /disable
$disableCode = $LASTEXITCODE
$again = cmd /c "reagentc /disable 2>&1"
$againCode = $LASTEXITCODE
[ordered]@{
    plainCode   = $plainCode
    plainStatus = [string](@($plain) -match 'Windows RE status')
    mergedLast  = [string](@($merged) | Select-Object -Last 1)
    disableCode = $disableCode
    againCode   = $againCode
    againOut    = @($again)
    errorCount  = $Error.Count
}

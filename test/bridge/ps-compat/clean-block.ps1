# Forbidden: clean block (PowerShell 7.3).
function Test-Clean {
    process { $_ }
    clean { Write-Verbose "cleanup" }
}

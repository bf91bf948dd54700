# Forbidden: pipeline chain operators (PowerShell 7).
Get-Date && Write-Output "ok"

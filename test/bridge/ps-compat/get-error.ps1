# Forbidden: Get-Error (PowerShell 7).
Get-Error -Newest 1

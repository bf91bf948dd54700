# Forbidden: the background operator & (PowerShell 6).
Get-Date &

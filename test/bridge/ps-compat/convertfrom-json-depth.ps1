# Forbidden: ConvertFrom-Json -Depth (PowerShell 6.2).
$h = "{}" | ConvertFrom-Json -Depth 5

# Forbidden: ConvertFrom-Json -AsHashtable (PowerShell 6).
$h = ConvertFrom-Json -InputObject "{}" -AsHashtable

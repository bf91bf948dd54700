# Forbidden: ConvertTo-Json -EnumsAsStrings (PowerShell 7).
$j = ConvertTo-Json -InputObject (Get-Date).DayOfWeek -EnumsAsStrings -Depth 2 -Compress

# Forbidden: null-conditional index (PowerShell 7).
$a = $null
$b = ${a}?[0]

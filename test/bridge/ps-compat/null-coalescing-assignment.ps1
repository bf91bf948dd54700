# Forbidden: null-coalescing assignment (PowerShell 7).
$a = $null
$a ??= "default"

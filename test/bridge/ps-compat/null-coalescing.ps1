# Forbidden: null-coalescing operator (PowerShell 7).
$a = $null
$b = $a ?? "default"

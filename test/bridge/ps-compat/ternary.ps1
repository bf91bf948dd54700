# Forbidden: ternary operator (PowerShell 7).
$a = 1
$b = ($a -gt 0) ? "yes" : "no"

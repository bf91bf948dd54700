# Forbidden: Join-String (PowerShell 6.2).
$s = 1..3 | Join-String -Separator ","

# Forbidden: null-conditional member access (PowerShell 7).
$a = $null
$b = ${a}?.Length

# Forbidden: non-ASCII text without a UTF-8 BOM (5.1 reads it in the ANSI code page).
Write-Output "Grüße"

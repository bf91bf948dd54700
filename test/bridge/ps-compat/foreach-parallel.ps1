# Forbidden: ForEach-Object -Parallel (PowerShell 7), also abbreviated and through the alias.
1..3 | ForEach-Object -Parallel { $_ }
1..3 | % -Par { $_ }

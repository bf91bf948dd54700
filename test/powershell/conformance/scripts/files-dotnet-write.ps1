# Conformance script (files): a settings file saved with .NET ([System.IO.File]::WriteAllText), as many admin
# scripts do (written for this project, not copied). On Windows it lands on C:; the simulator cannot see .NET
# calls and must say so rather than write next to the tests.
$ErrorActionPreference = 'Stop'
[System.IO.File]::WriteAllText('C:\Windows\Temp\winre-settings.json', '{"resize":true}')
Test-Path -Path 'C:\Windows\Temp\winre-settings.json'

# Conformance script (files): a settings file saved with .NET ([System.IO.File]::WriteAllText), as many admin
# scripts do (written for this project, not copied). On Windows it lands on C: as UTF-8 without a BOM, and the
# cmdlets see it at once.
$ErrorActionPreference = 'Stop'
[System.IO.File]::WriteAllText('C:\Windows\Temp\winre-settings.json', '{"resize":true}')
[ordered]@{
    exists   = Test-Path -Path 'C:\Windows\Temp\winre-settings.json'
    content  = Get-Content -Path 'C:\Windows\Temp\winre-settings.json' -Raw
    resize   = ([System.IO.File]::ReadAllText('C:\Windows\Temp\winre-settings.json') | ConvertFrom-Json).resize
}

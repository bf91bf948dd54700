# Conformance script (.NET files): WinRE's own ReAgent.xml read with XmlDocument.Load, and a script's settings
# saved with XmlDocument.Save, as admin scripts do (written for this project, not copied).
$ErrorActionPreference = 'Stop'
$reagent = New-Object System.Xml.XmlDocument
$reagent.Load('C:\Windows\System32\Recovery\ReAgent.xml')
[xml]$config = '<?xml version="1.0" encoding="utf-8"?><WinReFix><Partition size="750" /></WinReFix>'
$config.WinReFix.Partition.size = '1024'
$config.Save('C:\ProgramData\winre-config.xml')
$again = New-Object xml
$again.Load('C:\ProgramData\winre-config.xml')
[ordered]@{
    winreGuid = $reagent.WindowsRE.WinreLocation.Guid -ne $null
    location  = $reagent.WindowsRE.WinreLocation.path
    size      = $again.WinReFix.Partition.size
    text      = Get-Content -Path 'C:\ProgramData\winre-config.xml' -Raw
}

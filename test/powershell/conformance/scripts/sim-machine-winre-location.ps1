# Written for winre-fix's conformance suite in the idiom of Microsoft's published sample for KB5028997
# ("Extend the Windows RE partition", https://support.microsoft.com/topic/kb5028997): run `reagentc /info`
# unredirected, split every line at ':', take the status from a value equal to 'Enabled' and WinRE's disk and
# partition from the value holding '\\?\GLOBALROOT'. It reads no label, so on Windows it works in every display
# language (the values are never translated: docs/reference/reagentc.md#what-stays-the-same-in-every-language).
$WinREInfo = reagentc /info
$WinREEnabled = $false
$WinRELocation = $null
foreach ($line in $WinREInfo) {
    $params = $line -split ':', 2
    if ($params.Count -le 1) { continue }
    $content = $params[1].Trim()
    if ($content.Length -eq 0) { continue }
    if ($content -ieq 'Enabled') { $WinREEnabled = $true }
    $index = $content.IndexOf('\\?\')
    if ($index -ge 0) { $WinRELocation = $content.Substring($index) }
}
$disk = $null
$partition = $null
if ($null -ne $WinRELocation -and $WinRELocation -match 'harddisk(\d+)\\partition(\d+)') {
    $disk = [int]$Matches[1]
    $partition = [int]$Matches[2]
}
[pscustomobject]@{ Enabled = $WinREEnabled; Disk = $disk; Partition = $partition; Lines = @($WinREInfo).Count }

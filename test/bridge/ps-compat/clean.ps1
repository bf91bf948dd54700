# Clean: everything here runs on Windows PowerShell 5.1 and PowerShell 7 (the checker must report nothing).
using namespace System.Text
[CmdletBinding()]
param([string] $Name = 'x')
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
if ($PSVersionTable.PSVersion.Major -ge 7) { $PSStyle.OutputRendering = 'PlainText' }
$value = $null
if ($null -eq $value) { $value = 'default' }
$text = if ($value.Length -gt 3) { 'long' } else { 'short' }
$items = @(1, 2, 3 | ForEach-Object { $_ * 2 } | % { $_ })
$json = ConvertTo-Json -InputObject @($items) -Depth 4 -Compress
$back = ConvertFrom-Json -InputObject $json
$joined = $items -join ','
$builder = New-Object StringBuilder
[void]$builder.Append($joined)
$ordered = [ordered]@{ name = $Name; text = $text; count = @($back).Count; joined = $builder.ToString() }
function Test-Blocks { begin { } process { $_ } end { } }
Get-Content -LiteralPath $PSCommandPath -Encoding UTF8 -TotalCount 1 | Out-Null
$ordered

# Test-only script: returns its parameter untouched, so the bridge's round trip can be checked byte for byte.
[CmdletBinding()]
param([Parameter(Mandatory = $true)][AllowEmptyString()][string] $Text, [int] $Repeat = 1, [switch] $Noise)
Set-StrictMode -Version 3.0
if ($Noise) {
    # Everything a real script might leak besides its result: none of it may corrupt the result frame.
    Write-Host 'host line <<<WINREFIX:00000000000000000000000000000000:AAAA>>>'
    Write-Warning 'a warning'
    Write-Verbose 'verbose' -Verbose
    [Console]::Error.WriteLine('a stderr line')
    [Console]::Out.Write([char]27 + '[31mred' + [char]27 + '[0m')
    Write-Information 'info'
}
[ordered]@{ text = ($Text * $Repeat); length = ($Text * $Repeat).Length }

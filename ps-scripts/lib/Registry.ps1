# The one registry reader of the ps-scripts (the simulator keeps its own registry model, not a second reader).
# Absence is data, never an error, and the three ways a value can be "not there" stay apart:
#  - the key is missing            -> $null
#  - the value is missing          -> $null
#  - the value is an empty string  -> '' (a REG_SZ that exists says something: e.g. an empty DisplayVersion)
# Otherwise the value as Get-ItemProperty returns it (REG_DWORD an Int32, REG_MULTI_SZ a string[], ...), or its
# [string] form with -AsString. docs/reference/reagentc.md#winre-registry-values
Set-StrictMode -Version 3.0

function Get-WinReFixRegistryValue {
    param(
        [Parameter(Mandatory = $true)][string] $Path,
        [Parameter(Mandatory = $true)][string] $Name,
        [switch] $AsString
    )
    # A missing key is a non-terminating PathNotFound error: silenced, it reads as 'absent'.
    $item = Get-ItemProperty -LiteralPath $Path -ErrorAction SilentlyContinue
    if ($null -eq $item) { return $null }
    $property = $item.PSObject.Properties[$Name]
    if ($null -eq $property -or $null -eq $property.Value) { return $null }
    if ($AsString) { return [string]$property.Value }
    # The comma keeps a one-element REG_MULTI_SZ an array instead of letting the pipeline unroll it.
    return , $property.Value
}

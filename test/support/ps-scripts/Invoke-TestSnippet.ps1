# Test-only: runs a snippet of PowerShell (sent as data through the bridge, never interpolated) against the
# session, typically against the simulator, and returns what it output and which errors it raised.
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string] $Code)
Set-StrictMode -Version 3.0
$Error.Clear()
$records = @()
$output = @()
try {
    $output = @(& ([ScriptBlock]::Create($Code)))
} catch {
    $records += $_
}
foreach ($e in @($Error)) {
    if ($e -is [System.Management.Automation.ErrorRecord] -and -not ($records -contains $e)) { $records += $e }
}
$errors = @(foreach ($r in $records) {
        $details = ''
        if ($null -ne $r.ErrorDetails) { $details = [string]$r.ErrorDetails.Message }
        [ordered]@{
            message               = [string]$r.Exception.Message
            details               = $details
            fullyQualifiedErrorId = [string]$r.FullyQualifiedErrorId
            category              = [string]$r.CategoryInfo.Category
            exceptionType         = $r.Exception.GetType().FullName
        }
    })
[ordered]@{ output = $output; errors = $errors }

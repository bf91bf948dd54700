<#
.SYNOPSIS
    Removes the winre-fix resume startup task (idempotent).
.OUTPUTS
    schemas/unregister-win-re-fix-resume-task.schema.json
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string] $TaskName)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$existing = Get-ScheduledTask -TaskName $TaskName -ErrorAction SilentlyContinue
if ($null -eq $existing) {
    [ordered]@{ changed = $false; registered = $false; skippedReason = '' }
    return
}
Unregister-ScheduledTask -TaskName $TaskName -Confirm:$false
[ordered]@{ changed = $true; registered = $false; skippedReason = '' }

<#
.SYNOPSIS
    Registers the startup task that resumes an interrupted winre-fix run as SYSTEM.
.DESCRIPTION
    Idempotent: an existing task with the same name, program and arguments is left as it is. Skipped inside a
    ConfigMgr task sequence, which resumes itself after a restart (docs/reference/fleet-tools.md#task-sequences).
    The program must be the copy Install-WinReFixResumeProgram.ps1 made in C:\ProgramData\winre-fix\bin, where
    only SYSTEM and Administrators can write: SYSTEM runs it at every boot, so a program anyone else can replace
    would hand them SYSTEM (the parameter is validated; src/engine/resume-task.ts judges the folder's ACL first).
.OUTPUTS
    schemas/register-win-re-fix-resume-task.schema.json
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string] $TaskName,
    [Parameter(Mandatory = $true)][ValidatePattern('^[A-Za-z]:\\ProgramData\\winre-fix\\bin\\winre-fix\.exe$')][string] $Execute,
    [Parameter(Mandatory = $true)][AllowEmptyString()][string] $Argument
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

# Microsoft.SMS.TSEnvironment exists only while a task sequence runs.
$inTaskSequence = $false
try {
    $null = New-Object -ComObject Microsoft.SMS.TSEnvironment -ErrorAction Stop
    $inTaskSequence = $true
} catch {
    $inTaskSequence = $false
}
if ($inTaskSequence) {
    [ordered]@{ changed = $false; registered = $false; skippedReason = 'running inside a ConfigMgr task sequence, which resumes itself' }
    return
}

$existing = Get-ScheduledTask -TaskName $TaskName -ErrorAction SilentlyContinue
if ($null -ne $existing) {
    $action = @($existing.Actions)[0]
    if ($null -ne $action -and $action.Execute -eq $Execute -and $action.Arguments -eq $Argument) {
        [ordered]@{ changed = $false; registered = $true; skippedReason = '' }
        return
    }
}
$taskAction = New-ScheduledTaskAction -Execute $Execute -Argument $Argument
$trigger = New-ScheduledTaskTrigger -AtStartup
$principal = New-ScheduledTaskPrincipal -UserId 'NT AUTHORITY\SYSTEM' -LogonType ServiceAccount -RunLevel Highest
$settings = New-ScheduledTaskSettingsSet -AllowStartIfOnBatteries -DontStopIfGoingOnBatteries -ExecutionTimeLimit (New-TimeSpan -Hours 2)
$null = Register-ScheduledTask -TaskName $TaskName -Action $taskAction -Trigger $trigger -Principal $principal -Settings $settings -Force
[ordered]@{ changed = $true; registered = $true; skippedReason = '' }

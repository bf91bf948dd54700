# Simulated ScheduledTasks module: just enough for winre-fix's resume task (Register-WinReFixResumeTask.ps1).
# Tasks live in machine.scheduledTasks. Shapes follow the ScheduledTasks docs (New-ScheduledTaskAction returns an
# MSFT_TaskExecAction with Execute/Arguments; Get-ScheduledTask -TaskName X -ErrorAction SilentlyContinue returns
# nothing when absent: learn.microsoft.com/powershell/module/scheduledtasks). Registration needs elevation for a
# SYSTEM principal ("Access is denied." otherwise, HRESULT 0x80070005). The task is recorded, never run: a test
# "reboots" the machine and runs `winre-fix resume` itself.

function New-ScheduledTaskAction {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string] $Execute, [string] $Argument = '', [string] $WorkingDirectory = '')
    [pscustomobject]@{ PSTypeName = 'Microsoft.Management.Infrastructure.CimInstance#Root/Microsoft/Windows/TaskScheduler/MSFT_TaskExecAction'; Execute = $Execute; Arguments = $Argument; WorkingDirectory = $WorkingDirectory }
}

function New-ScheduledTaskTrigger {
    [CmdletBinding()]
    param([switch] $AtStartup, [switch] $AtLogOn)
    $kind = 'Boot'
    if ($AtLogOn) { $kind = 'Logon' }
    [pscustomobject]@{ PSTypeName = 'Microsoft.Management.Infrastructure.CimInstance#Root/Microsoft/Windows/TaskScheduler/MSFT_TaskTrigger'; Kind = $kind }
}

function New-ScheduledTaskPrincipal {
    [CmdletBinding()]
    param([string] $UserId, [string] $LogonType, [string] $RunLevel)
    [pscustomobject]@{ UserId = $UserId; LogonType = $LogonType; RunLevel = $RunLevel }
}

function New-ScheduledTaskSettingsSet {
    [CmdletBinding()]
    param([switch] $AllowStartIfOnBatteries, [switch] $DontStopIfGoingOnBatteries, [TimeSpan] $ExecutionTimeLimit)
    [pscustomobject]@{ AllowStartIfOnBatteries = [bool]$AllowStartIfOnBatteries; ExecutionTimeLimit = [string]$ExecutionTimeLimit }
}

function ConvertTo-SimTaskObject {
    param($Task)
    [pscustomobject]@{
        TaskName = $Task.taskName
        TaskPath = '\'
        State    = 'Ready'
        Actions  = @([pscustomobject]@{ Execute = $Task.execute; Arguments = $Task.argument })
        Principal = [pscustomobject]@{ UserId = $Task.userId }
    }
}

function Get-ScheduledTask {
    [CmdletBinding()]
    param([string] $TaskName)
    $m = Read-SimMachine
    $tasks = @(Get-SimProp $m 'scheduledTasks' @())
    $hit = @($tasks | Where-Object { $_.taskName -eq $TaskName })
    if ($hit.Count -eq 0) {
        $record = New-Object System.Management.Automation.ErrorRecord (
            (New-Object System.Exception ("No MSFT_ScheduledTask objects found with property 'TaskName' equal to '$TaskName'.  Verify the value of the property and retry.")),
            'CmdletizationQuery_NotFound_TaskName,Get-ScheduledTask',
            [System.Management.Automation.ErrorCategory]::ObjectNotFound,
            $TaskName)
        $PSCmdlet.WriteError($record)
        return
    }
    ConvertTo-SimTaskObject -Task $hit[0]
}

function Register-ScheduledTask {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][string] $TaskName, $Action, $Trigger, $Principal, $Settings, [switch] $Force)
    $m = Read-SimMachine
    if (-not (Assert-SimElevated -Machine $m -Cmdlet 'Register-ScheduledTask' -Caller $PSCmdlet -TargetClass 'MSFT_ScheduledTask')) { return }
    $a = @($Action)[0]
    $userId = ''
    if ($null -ne $Principal) { $userId = [string]$Principal.UserId }
    Invoke-SimMutation -Machine $m -Command 'Register-ScheduledTask' -Detail $TaskName -Action {
        param($mm)
        $others = @(@(Get-SimProp $mm 'scheduledTasks' @()) | Where-Object { $_.taskName -ne $TaskName })
        $entry = [pscustomobject][ordered]@{ taskName = $TaskName; execute = [string]$a.Execute; argument = [string]$a.Arguments; userId = $userId; trigger = [string]@($Trigger)[0].Kind }
        Set-SimProp $mm 'scheduledTasks' @($others + $entry)
    } | Out-Null
    ConvertTo-SimTaskObject -Task ([pscustomobject]@{ taskName = $TaskName; execute = [string]$a.Execute; argument = [string]$a.Arguments; userId = $userId })
}

function Unregister-ScheduledTask {
    [CmdletBinding(SupportsShouldProcess = $true, ConfirmImpact = 'High')]
    param([Parameter(Mandatory = $true)][string] $TaskName)
    $m = Read-SimMachine
    if (-not (Assert-SimElevated -Machine $m -Cmdlet 'Unregister-ScheduledTask' -Caller $PSCmdlet -TargetClass 'MSFT_ScheduledTask')) { return }
    Invoke-SimMutation -Machine $m -Command 'Unregister-ScheduledTask' -Detail $TaskName -Action {
        param($mm)
        Set-SimProp $mm 'scheduledTasks' @(@(Get-SimProp $mm 'scheduledTasks' @()) | Where-Object { $_.taskName -ne $TaskName })
    } | Out-Null
}

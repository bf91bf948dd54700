<#
.SYNOPSIS
    Removes the winre-fix resume startup task and the program copy it ran (C:\ProgramData\winre-fix\bin\
    winre-fix.exe, made by Install-WinReFixResumeProgram.ps1). Idempotent.
.DESCRIPTION
    The copy may be the program running right now (the startup task's own resume): Windows does not delete a
    running image, so it is then left (programLeft) and the next run removes it. A link in its place is left alone.
.OUTPUTS
    schemas/unregister-win-re-fix-resume-task.schema.json
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][string] $TaskName,
    [AllowEmptyString()][ValidatePattern('^([A-Za-z]:\\ProgramData\\winre-fix\\bin\\winre-fix\.exe)?$')][string] $ProgramPath = ''
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$changed = $false
$existing = Get-ScheduledTask -TaskName $TaskName -ErrorAction SilentlyContinue
if ($null -ne $existing) {
    Unregister-ScheduledTask -TaskName $TaskName -Confirm:$false
    $changed = $true
}
$programLeft = ''
if ($ProgramPath -ne '') {
    foreach ($p in @($ProgramPath, ($ProgramPath + '.new'))) {
        if (-not (Test-Path -LiteralPath $p)) { continue }
        $item = Get-Item -LiteralPath $p -Force
        if (Test-WinReFixLink -Item $item) { $programLeft = $p; continue }
        try {
            Remove-Item -LiteralPath $p -Force -ErrorAction Stop
            $changed = $true
        } catch {
            $programLeft = $p
        }
    }
}
[ordered]@{ changed = $changed; registered = $false; skippedReason = ''; programLeft = $programLeft }

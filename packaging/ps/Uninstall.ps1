# ---- Uninstall: remove the installed exe (packaging/ps/Uninstall.ps1) ----
# Uninstalling does not undo the partition fix (that would break WinRE again) and keeps the logs and the state
# folder under %ProgramData%\winre-fix for the audit trail.

function Invoke-WinReFixMain {
    $exe = Resolve-WinReFixExe $WinReFixExeSetting
    $targetFull = [System.IO.Path]::GetFullPath($exe)
    # A fix parked for a restart resumes from this exe through its startup task (src/engine/resume-task.ts):
    # removing the exe now would strand it. Retry later (1618: nothing was changed).
    if (Get-Command -Name Get-ScheduledTask -ErrorAction SilentlyContinue) {
        $pending = Get-ScheduledTask -TaskName $WinReFixResumeTaskName -ErrorAction SilentlyContinue
        if ($pending) {
            return New-WinReFixResult $WinReFixExit.Retry @("winre-fix uninstall: a winre-fix run is waiting to resume (scheduled task '$WinReFixResumeTaskName'); uninstall after it has finished.")
        }
    }
    if (-not (Test-Path -LiteralPath $targetFull)) {
        return New-WinReFixResult $WinReFixExit.Success @("winre-fix uninstall: $targetFull is not there; nothing to do.")
    }
    try {
        Remove-Item -LiteralPath $targetFull -Force
    } catch {
        return New-WinReFixResult $WinReFixExit.Retry @("winre-fix uninstall: cannot remove $($targetFull) (in use?): $($_.Exception.Message)")
    }
    $folder = Split-Path -Parent $targetFull
    if ((Test-Path -LiteralPath $folder) -and -not (Get-ChildItem -LiteralPath $folder -Force | Select-Object -First 1)) {
        Remove-Item -LiteralPath $folder -Force
    }
    return New-WinReFixResult $WinReFixExit.Success @("winre-fix uninstall: removed $targetFull.")
}

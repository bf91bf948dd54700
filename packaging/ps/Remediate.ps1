# ---- Intune Remediations / ConfigMgr compliance remediation (packaging/ps/Remediate.ps1) ----
# Runs the fix. Neither Remediations nor a compliance remediation knows reboot codes: 3010/1641 are reported as
# success with "restart pending" in the summary; the tool's startup task finishes the work after the restart.
# ASSUMPTION: reporting a parked fix as success is better than "failed", which would invite a manual retry.

function Invoke-WinReFixMain {
    $exe = Resolve-WinReFixExe $WinReFixExeSetting
    if (-not (Test-Path -LiteralPath $exe)) {
        return New-WinReFixResult $WinReFixExit.Environment @("winre-fix.exe not found at $($exe): deploy the winre-fix Win32 app (or copy the exe there) first.")
    }
    $run = Invoke-WinReFixExe -Exe $exe -Arguments $WinReFixArguments
    $last = Get-WinReFixLastLine $run.StdOut
    $code = $run.ExitCode
    if ($code -eq $WinReFixExit.Success) {
        if (-not $last) { $last = 'winre-fix: fixed.' }
        return New-WinReFixResult 0 @($last)
    }
    if ($code -eq $WinReFixExit.SoftReboot -or $code -eq $WinReFixExit.HardReboot) {
        return New-WinReFixResult 0 @("winre-fix: restart pending to finish (exit $code). $last")
    }
    $name = Get-WinReFixExitName $code
    return New-WinReFixResult $code @("winre-fix fix failed: exit $code ($name). $(Get-WinReFixFailureReason $run)")
}

# ---- Intune Remediations detection (packaging/ps/RemediationDetect.ps1) ----
# Exit 1 = remediation needed (Intune then runs the remediation script), 0 = fine; the last stdout line is what
# the console shows (docs/reference/fleet-tools.md#intune-remediations). Other codes are the tool's own failure codes, passed through.

function Invoke-WinReFixMain {
    $exe = Resolve-WinReFixExe $WinReFixExeSetting
    if (-not (Test-Path -LiteralPath $exe)) {
        return New-WinReFixResult $WinReFixExit.Environment @("winre-fix.exe not found at $($exe): deploy the winre-fix Win32 app (or copy the exe there) first.")
    }
    $run = Invoke-WinReFixExe -Exe $exe -Arguments $WinReFixArguments
    $last = Get-WinReFixLastLine $run.StdOut
    if ($run.ExitCode -eq $WinReFixExit.Success) {
        if (-not $last) { $last = 'winre-fix: no remediation needed.' }
        return New-WinReFixResult 0 @($last)
    }
    if ($run.ExitCode -eq $WinReFixExit.RemediationNeeded) {
        if (-not $last) { $last = 'winre-fix: remediation needed.' }
        return New-WinReFixResult 1 @($last)
    }
    $name = Get-WinReFixExitName $run.ExitCode
    return New-WinReFixResult $run.ExitCode @("winre-fix detect failed: exit $($run.ExitCode) ($name). $(Get-WinReFixFailureReason $run)")
}

# ---- ConfigMgr compliance setting: discovery script (packaging/ps/ComplianceDiscover.ps1) ----
# The configuration item compares the value this script prints with 'Compliant' (rule: Equals, remediate when
# supported; ecosystem.md 3.4). Anything else is non-compliant, and the value says why.

function Invoke-WinReFixMain {
    $exe = Resolve-WinReFixExe $WinReFixExeSetting
    if (-not (Test-Path -LiteralPath $exe)) {
        return New-WinReFixResult 0 @("NonCompliant: winre-fix.exe not found at $exe")
    }
    $run = Invoke-WinReFixExe -Exe $exe -Arguments $WinReFixArguments
    if ($run.ExitCode -eq $WinReFixExit.Success) { return New-WinReFixResult 0 @('Compliant') }
    if ($run.ExitCode -eq $WinReFixExit.RemediationNeeded) {
        $last = Get-WinReFixLastLine $run.StdOut
        if (-not $last) { $last = 'remediation needed' }
        return New-WinReFixResult 0 @("NonCompliant: $last")
    }
    $name = Get-WinReFixExitName $run.ExitCode
    return New-WinReFixResult 0 @("NonCompliant: detect failed with exit $($run.ExitCode) ($name): $(Get-WinReFixFailureReason $run)")
}

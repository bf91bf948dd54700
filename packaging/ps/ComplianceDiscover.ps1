# ---- ConfigMgr compliance setting: discovery script (packaging/ps/ComplianceDiscover.ps1) ----
# The configuration item compares the value this script prints with 'Compliant' (rule: Equals, remediate when
# supported; docs/reference/fleet-tools.md#configmgr-compliance-settings). Anything else is non-compliant, and the value says why. The verdict comes from
# the audit report (schemas/audit-report.schema.json: verdict compliant | needs-fix | refused | error) and
# must agree with audit's exit code: 0 only for compliant.

function Get-WinReFixAuditReason {
    param($Report)
    $first = @($Report.reasons | Where-Object { $_.severity -eq 'blocker' -or $_.severity -eq 'cause' -or $_.severity -eq 'error' }) + @($Report.reasons)
    $first = @($first | Where-Object { $null -ne $_ })
    if ($first.Count -eq 0) { return '' }
    return "$($first[0].code): $($first[0].message)"
}

function Invoke-WinReFixMain {
    $exe = Resolve-WinReFixExe $WinReFixExeSetting
    if (-not (Test-Path -LiteralPath $exe)) {
        return New-WinReFixResult 0 @("NonCompliant: winre-fix.exe not found at $exe")
    }
    $run = Invoke-WinReFixExe -Exe $exe -Arguments $WinReFixArguments
    $report = $null
    try { $report = ConvertFrom-Json -InputObject $run.StdOut } catch { $report = $null }
    if ($null -ne $report -and $report.verdict) {
        if ($report.verdict -eq 'compliant' -and $run.ExitCode -eq $WinReFixExit.Success) {
            return New-WinReFixResult 0 @('Compliant')
        }
        return New-WinReFixResult 0 @("NonCompliant: $($report.verdict) $(Get-WinReFixAuditReason $report)")
    }
    $name = Get-WinReFixExitName $run.ExitCode
    return New-WinReFixResult 0 @("NonCompliant: audit failed with exit $($run.ExitCode) ($name): $(Get-WinReFixFailureReason $run)")
}

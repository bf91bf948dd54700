# ---- ConfigMgr compliance setting: status record discovery (packaging/ps/RecordDiscover.ps1) ----
# Prints 'Compliant' or 'NonCompliant: <why>' for a configuration item rule (String, Equals 'Compliant'), from the
# status record alone (packaging/ps/StatusRecord.ps1): no winre-fix runs, nothing changes, so it can be evaluated
# as often as wanted. Always exits 0 so the value, not a script error, is reported.
#   https://learn.microsoft.com/mem/configmgr/compliance/deploy-use/create-custom-configuration-items-for-windows-desktop-and-server-computers-managed-with-the-client

function Invoke-WinReFixMain {
    $problem = Get-WinReFixRecordProblem (Read-WinReFixStatusRecord)
    if ($problem -eq '') { return New-WinReFixResult 0 @('Compliant') }
    return New-WinReFixResult 0 @("NonCompliant: $problem")
}

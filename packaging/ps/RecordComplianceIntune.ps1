# ---- Intune custom compliance: discovery script (packaging/ps/RecordComplianceIntune.ps1) ----
# Prints ONE line: the settings as compressed JSON, which Intune compares with the rules in
# compliance/winre-fix-compliance-rules.json (every setting always present, with its rule's data type).
#   https://learn.microsoft.com/mem/intune/protect/compliance-custom-script
#   https://learn.microsoft.com/mem/intune/protect/compliance-custom-json
# Reads the status record only (packaging/ps/StatusRecord.ps1): it changes nothing and runs no winre-fix.

function Get-WinReFixComplianceSettings {
    $record = Read-WinReFixStatusRecord
    $problem = Get-WinReFixRecordProblem $record
    $settings = [ordered]@{
        WinReFixCompliant = ($problem -eq '')
        WinReFixRecordPresent = ($null -ne $record)
        WinReFixVerdict = 'none'
        WinReFixReasonCodes = ''
        WinReFixExitCode = [long]-1
        WinReFixRecordAgeDays = [long]$WinReFixRecordAgeUnknown
        WinReFreeMiB = [long]-1
        WinReFixToolVersion = ''
        WinReFixProblem = $problem
    }
    if ($null -ne $record) {
        if ($null -ne $record['Verdict']) { $settings['WinReFixVerdict'] = [string]$record['Verdict'] }
        if ($null -ne $record['ReasonCodes']) { $settings['WinReFixReasonCodes'] = [string]$record['ReasonCodes'] }
        if ($null -ne $record['ExitCode']) { $settings['WinReFixExitCode'] = [long]$record['ExitCode'] }
        $settings['WinReFixRecordAgeDays'] = [long](Get-WinReFixRecordAgeDays $record)
        if ($null -ne $record['WinReFreeMiB']) { $settings['WinReFreeMiB'] = [long]$record['WinReFreeMiB'] }
        if ($null -ne $record['ToolVersion']) { $settings['WinReFixToolVersion'] = [string]$record['ToolVersion'] }
    }
    return $settings
}

function Invoke-WinReFixMain {
    $json = ConvertTo-Json -InputObject (Get-WinReFixComplianceSettings) -Depth 3 -Compress
    return New-WinReFixResult 0 @($json)
}

# ---- winre-fix status record reader (packaging/ps/StatusRecord.ps1) ----
# winre-fix writes HKLM\SOFTWARE\winre-fix after every fix, resume and detect run (src/engine/status-record.ts;
# docs/logs-and-reports.md). These functions read it, and nothing else: no winre-fix.exe runs, nothing is written.
# The key is in the 64-bit registry view: a 32-bit host reads WOW6432Node instead, so Invoke-WinReFixScript
# relaunches in 64-bit first.

$WinReFixRecordKey = 'HKLM:\SOFTWARE\winre-fix'
# Verdicts after which the PC needs nothing more (reboot-pending: fixed, one restart resumes BitLocker).
$WinReFixRecordGoodVerdicts = @('compliant', 'fixed', 'reboot-pending')
# A record older than this says winre-fix has stopped running there (not deployed, or its detection schedule
# removed): worth a look even when its last verdict was good.
$WinReFixRecordMaxAgeDays = 30
# What RecordAgeDays says when the record has no readable LastRunUtc (larger than any rule's limit).
$WinReFixRecordAgeUnknown = 99999

function Read-WinReFixStatusRecord {
    # The record's values (absent ones $null), or $null when the key does not exist.
    if (-not (Test-Path -LiteralPath $WinReFixRecordKey)) { return $null }
    $item = Get-ItemProperty -LiteralPath $WinReFixRecordKey
    $record = [ordered]@{}
    foreach ($name in @('SchemaVersion', 'Verdict', 'ReasonCodes', 'ExitCode', 'LastRunUtc', 'Command', 'RunId', 'ToolVersion', 'ComputerName', 'DeviceId', 'WinReFreeMiB', 'WinReEnabled', 'WinReVersion', 'WinRePatchStatus')) {
        $p = $item.PSObject.Properties[$name]
        if ($null -ne $p) { $record[$name] = $p.Value } else { $record[$name] = $null }
    }
    return $record
}

function Get-WinReFixRecordAgeDays {
    param($Record)
    $text = [string]$Record['LastRunUtc']
    $at = [datetime]::MinValue
    $styles = [System.Globalization.DateTimeStyles]'AdjustToUniversal, AssumeUniversal'
    if (-not [datetime]::TryParse($text, [System.Globalization.CultureInfo]::InvariantCulture, $styles, [ref]$at)) { return $WinReFixRecordAgeUnknown }
    $days = [math]::Floor(([datetime]::UtcNow - $at).TotalDays)
    if ($days -lt 0) { return 0 }
    return [long]$days
}

function Get-WinReFixRecordProblem {
    # '' when the record says the PC is fine, else why not (one short phrase).
    param($Record)
    if ($null -eq $Record) { return 'no status record (winre-fix has not run here)' }
    $verdict = [string]$Record['Verdict']
    if ($WinReFixRecordGoodVerdicts -notcontains $verdict) {
        $why = "$verdict"
        if ($Record['ReasonCodes']) { $why = "$why $($Record['ReasonCodes'])" }
        return "$why (exit $($Record['ExitCode']), $($Record['Command']) at $($Record['LastRunUtc']))"
    }
    $age = Get-WinReFixRecordAgeDays $Record
    if ($age -gt $WinReFixRecordMaxAgeDays) { return "status record is $age days old (last run $($Record['LastRunUtc']))" }
    return ''
}

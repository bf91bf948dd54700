<#
.SYNOPSIS
    Evidence that the January 2024 WinRE updates failed with 0x80070643: Windows Update history and System log
    events. Read-only.
.DESCRIPTION
    - Update history through the Windows Update Agent COM API (Microsoft.Update.Session ->
      CreateUpdateSearcher -> QueryHistory), entries whose title names KB5034441, KB5034440 or KB5034439
      (CVE-2024-20666) and whose HResult is 0x80070643 = -2147023293 (docs/reference/update-failure.md#detecting-the-failure). ResultCode is kept:
      the agent also reports these as SucceededWithErrors (3) instead of Failed (4) (docs/reference/update-failure.md#update-history-from-automation).
    - Microsoft-Windows-WinREAgent event 4502 "Windows Recovery Environment servicing failed." (KB5028997), with
      its ErrorPhase and Errorcode event data (docs/reference/update-failure.md#winreagent-events: two Int32 fields, in that order).
    - Microsoft-Windows-WindowsUpdateClient event 20 with error 0x80070643 for those KBs (Properties[0] = error
      code, Properties[1] = title; docs/reference/update-failure.md#detecting-the-failure). Event messages are localized, so only the properties are
      matched.
    "No events" is not an error (Get-WinEvent raises NoMatchingEventsFound for it). Any other failure of one
    source is reported in 'errors' and the other sources still count: evidence is optional, never invented.
    Changes nothing.
.PARAMETER MaxHistory
    How many of the newest history entries to read.
.OUTPUTS
    One object, schemas/get-update-failure-evidence.schema.json.
#>
[CmdletBinding()]
param([ValidateRange(1, 100000)][int] $MaxHistory = 1000)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$KbPattern = 'KB50344(41|40|39)'
$InstallFailure = -2147023293  # 0x80070643 ERROR_INSTALL_FAILURE as a signed Int32

function ConvertTo-IsoTime {
    # DateTime (COM and Get-WinEvent give local or UTC kinds) or text -> 'yyyy-MM-ddTHH:mm:ss.fffZ' (UTC).
    param($Value)
    if ($null -eq $Value) { return '' }
    $time = $null
    if ($Value -is [datetime]) {
        $time = $Value
    } else {
        $parsed = [datetimeoffset]::MinValue
        if (-not [datetimeoffset]::TryParse([string]$Value, [System.Globalization.CultureInfo]::InvariantCulture, [System.Globalization.DateTimeStyles]::AssumeUniversal, [ref]$parsed)) { return [string]$Value }
        $time = $parsed.UtcDateTime
    }
    # Get-WinEvent's TimeCreated is Local: converted. ASSUMPTION: the WUA history Date (a COM DATE, Kind
    # Unspecified) is already UTC, as update-history tools display it; it is not shifted.
    if ($time.Kind -eq [System.DateTimeKind]::Local) { $time = $time.ToUniversalTime() }
    return $time.ToString('yyyy-MM-ddTHH:mm:ss.fffZ', [System.Globalization.CultureInfo]::InvariantCulture)
}

function Get-EventsOrNone {
    # Get-WinEvent, with "no matching events" turned into an empty list; other errors propagate.
    param([hashtable] $Filter)
    try {
        return @(Get-WinEvent -FilterHashtable $Filter -ErrorAction Stop)
    } catch {
        if ([string]$_.FullyQualifiedErrorId -like 'NoMatchingEventsFound*') { return @() }
        throw
    }
}

function Get-EventProperty {
    param($Record, [int] $Index)
    $props = @()
    if ($null -ne $Record.PSObject.Properties['Properties']) { $props = @($Record.Properties) }
    if ($props.Count -le $Index -or $null -eq $props[$Index]) { return $null }
    $item = $props[$Index]
    if ($null -ne $item.PSObject.Properties['Value']) { return $item.Value }
    return $item
}

$errors = New-Object System.Collections.Generic.List[object]

$history = New-Object System.Collections.Generic.List[object]
$historyCount = 0
try {
    $session = New-Object -ComObject 'Microsoft.Update.Session'
    $searcher = $session.CreateUpdateSearcher()
    $historyCount = [int]$searcher.GetTotalHistoryCount()
    if ($historyCount -gt 0) {
        $take = [Math]::Min($historyCount, $MaxHistory)
        foreach ($entry in @($searcher.QueryHistory(0, $take))) {
            if ($null -eq $entry) { continue }
            $title = [string]$entry.Title
            if ($title -notmatch $KbPattern) { continue }
            if ([int]$entry.HResult -ne $InstallFailure) { continue }
            $history.Add([ordered]@{
                    title      = $title
                    date       = (ConvertTo-IsoTime $entry.Date)
                    resultCode = [int]$entry.ResultCode
                    hresult    = [int]$entry.HResult
                })
        }
    }
} catch {
    $errors.Add([ordered]@{ source = 'UpdateHistory'; message = [string]$_.Exception.Message })
}

$agentEvents = New-Object System.Collections.Generic.List[object]
try {
    foreach ($e in (Get-EventsOrNone -Filter @{ LogName = 'System'; ProviderName = 'Microsoft-Windows-WinREAgent'; Id = 4502 })) {
        $phase = Get-EventProperty -Record $e -Index 0
        $code = Get-EventProperty -Record $e -Index 1
        $message = ''
        if ($null -ne $e.PSObject.Properties['Message'] -and $null -ne $e.Message) { $message = [string]$e.Message }
        $agentEvents.Add([ordered]@{
                id          = [int]$e.Id
                timeCreated = (ConvertTo-IsoTime $e.TimeCreated)
                message     = $message
                errorPhase  = $(if ($null -ne $phase -and [string]$phase -match '^-?\d+$') { [int64]$phase } else { $null })
                errorCode   = $(if ($null -ne $code -and [string]$code -match '^-?\d+$') { [int64]$code } else { $null })
            })
    }
} catch {
    $errors.Add([ordered]@{ source = 'WinREAgent'; message = [string]$_.Exception.Message })
}

$clientEvents = New-Object System.Collections.Generic.List[object]
try {
    foreach ($e in (Get-EventsOrNone -Filter @{ LogName = 'System'; ProviderName = 'Microsoft-Windows-WindowsUpdateClient'; Id = 20 })) {
        $code = [string](Get-EventProperty -Record $e -Index 0)
        $title = [string](Get-EventProperty -Record $e -Index 1)
        if ($code -notmatch '^(0x)?80070643$' -or $title -notmatch $KbPattern) { continue }
        $clientEvents.Add([ordered]@{
                id          = [int]$e.Id
                timeCreated = (ConvertTo-IsoTime $e.TimeCreated)
                title       = $title
                errorCode   = $code
            })
    }
} catch {
    $errors.Add([ordered]@{ source = 'WindowsUpdateClient'; message = [string]$_.Exception.Message })
}

[ordered]@{
    historyCount        = $historyCount
    failedUpdates       = @($history.ToArray())
    winreAgentEvents    = @($agentEvents.ToArray())
    updateClientEvents  = @($clientEvents.ToArray())
    errors              = @($errors.ToArray())
}

<#
.SYNOPSIS
    Writes winre-fix's status record, HKLM\SOFTWARE\winre-fix, after a run: the small set of typed values that
    ConfigMgr hardware inventory and an Intune custom compliance script read (docs/deploy-configmgr.md,
    docs/deploy-intune.md). CHANGES the registry (that key only). Idempotent: a value already as asked is not
    written again, and a second call with the same parameters changes nothing.
.DESCRIPTION
    Values (the one list: STATUS_RECORD_VALUES in src/engine/status-record.ts):
      SchemaVersion DWORD, Verdict SZ, ReasonCodes SZ (';'-joined: hardware inventory collects no arrays),
      ExitCode DWORD, LastRunUtc SZ (ISO 8601, UTC), Command SZ, RunId SZ, ToolVersion SZ, ComputerName SZ,
      DeviceId SZ (removed when unknown: ''), WinReFreeMiB DWORD and WinReEnabled DWORD (0/1), both removed when
      unknown (-1), WinReVersion SZ and WinRePatchStatus SZ (current/outdated/unknown/damaged), both removed when
      unknown ('').
    Typed with New-ItemProperty -PropertyType -Force (Windows PowerShell 5.1 and 7):
    https://learn.microsoft.com/powershell/module/microsoft.powershell.management/new-itemproperty
    A value of another kind (ExitCode as REG_SZ) is replaced by the right kind.
.OUTPUTS
    One object, schemas/set-win-re-fix-status-record.schema.json: the record as read back after the writes.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidatePattern('^[a-z][a-z-]{1,31}$')][string] $Verdict,
    [AllowEmptyCollection()][ValidatePattern('^[A-Z0-9_]{1,64}$')][string[]] $ReasonCodes = @(),
    [Parameter(Mandatory = $true)][ValidateRange(0, 65535)][int] $ExitCode,
    # Milliseconds since 1970 UTC (an ISO string would reach the script as a DateTime: the bridge's ConvertFrom-Json
    # on PowerShell 7.5+ turns date-like strings into dates).
    [Parameter(Mandatory = $true)][ValidateRange(0, 253402300799999)][long] $LastRunUnixMs,
    [Parameter(Mandatory = $true)][ValidatePattern('^[a-z]{1,16}$')][string] $Command,
    [Parameter(Mandatory = $true)][ValidatePattern('^[0-9A-Za-z-]{1,64}$')][string] $RunId,
    [Parameter(Mandatory = $true)][ValidatePattern('^[0-9A-Za-z.+-]{1,64}$')][string] $ToolVersion,
    [Parameter(Mandatory = $true)][ValidateLength(1, 255)][string] $ComputerName,
    [AllowEmptyString()][ValidatePattern('^[0-9A-Za-z:{}-]{0,128}$')][string] $DeviceId = '',
    [ValidateRange(-1, 2147483647)][int] $WinReFreeMiB = -1,
    [ValidateRange(-1, 1)][int] $WinReEnabled = -1,
    [AllowEmptyString()][ValidatePattern('^(\d+\.\d+\.\d+\.\d+)?$')][string] $WinReVersion = '',
    [AllowEmptyString()][ValidatePattern('^(current|outdated|unknown|damaged)?$')][string] $WinRePatchStatus = ''
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$LastRunUtc = ([System.DateTimeOffset]::FromUnixTimeMilliseconds($LastRunUnixMs)).UtcDateTime.ToString('yyyy-MM-ddTHH:mm:ss.fffZ', [System.Globalization.CultureInfo]::InvariantCulture)

$parent = 'HKLM:\SOFTWARE'
$leaf = 'winre-fix'
$key = $parent + '\' + $leaf
$created = $false
if (-not (Test-Path -LiteralPath $key)) {
    $null = New-Item -Path $parent -Name $leaf
    $created = $true
}

$wanted = New-Object System.Collections.Generic.List[object]
$add = {
    param([string] $Name, [string] $Kind, $Value)
    $wanted.Add((New-Object psobject -Property ([ordered]@{ Name = $Name; Kind = $Kind; Value = $Value })))
}
& $add 'SchemaVersion' 'DWord' 1
& $add 'Verdict' 'String' $Verdict
& $add 'ReasonCodes' 'String' (@($ReasonCodes) -join ';')
& $add 'ExitCode' 'DWord' $ExitCode
& $add 'LastRunUtc' 'String' $LastRunUtc
& $add 'Command' 'String' $Command
& $add 'RunId' 'String' $RunId
& $add 'ToolVersion' 'String' $ToolVersion
& $add 'ComputerName' 'String' $ComputerName
$unknown = New-Object System.Collections.Generic.List[string]
if ($DeviceId -ne '') { & $add 'DeviceId' 'String' $DeviceId } else { $unknown.Add('DeviceId') }
if ($WinReFreeMiB -ge 0) { & $add 'WinReFreeMiB' 'DWord' $WinReFreeMiB } else { $unknown.Add('WinReFreeMiB') }
if ($WinReEnabled -ge 0) { & $add 'WinReEnabled' 'DWord' $WinReEnabled } else { $unknown.Add('WinReEnabled') }
if ($WinReVersion -ne '') { & $add 'WinReVersion' 'String' $WinReVersion } else { $unknown.Add('WinReVersion') }
if ($WinRePatchStatus -ne '') { & $add 'WinRePatchStatus' 'String' $WinRePatchStatus } else { $unknown.Add('WinRePatchStatus') }

$current = Get-ItemProperty -LiteralPath $key
$has = @{}
foreach ($p in $current.PSObject.Properties) { $has[$p.Name] = $p.Value }

$written = New-Object System.Collections.Generic.List[string]
foreach ($w in $wanted) {
    $same = $false
    if ($has.ContainsKey($w.Name)) {
        $now = $has[$w.Name]
        # REG_DWORD reads back as Int32, REG_SZ as String (RegistryKey.GetValue): same value AND same kind.
        if ($w.Kind -eq 'DWord') { $same = ($now -is [int]) -and ($now -eq [int]$w.Value) }
        else { $same = ($now -is [string]) -and ([string]::Equals($now, [string]$w.Value, [System.StringComparison]::Ordinal)) }
    }
    if ($same) { continue }
    $null = New-ItemProperty -LiteralPath $key -Name $w.Name -PropertyType $w.Kind -Value $w.Value -Force
    $written.Add($w.Name)
}
$removed = New-Object System.Collections.Generic.List[string]
foreach ($name in $unknown) {
    if ($has.ContainsKey($name)) {
        Remove-ItemProperty -LiteralPath $key -Name $name
        $removed.Add($name)
    }
}

# Read back: what a reader of the key sees now.
$after = Get-ItemProperty -LiteralPath $key
$values = [ordered]@{}
foreach ($w in $wanted) {
    $v = $after.PSObject.Properties[$w.Name]
    if ($null -eq $v) { throw "UnexpectedState: $($w.Name) is not in $key after it was written." }
    if ($w.Kind -eq 'DWord') { $values[$w.Name] = [long][int]$v.Value } else { $values[$w.Name] = [string]$v.Value }
}
foreach ($name in $unknown) {
    if ($null -ne $after.PSObject.Properties[$name]) { throw "UnexpectedState: $name is still in $key after it was removed." }
}

[ordered]@{
    key     = 'HKEY_LOCAL_MACHINE\SOFTWARE\winre-fix'
    created = $created
    changed = ($created -or $written.Count -gt 0 -or $removed.Count -gt 0)
    written = @($written.ToArray())
    removed = @($removed.ToArray())
    values  = $values
}

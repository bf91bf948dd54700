<#
.SYNOPSIS
    Lists the backup folders winre-fix runs left on C: (ProgramData\winre-fix\backup\<runId>) with their size.
    Read-only: changes nothing (audit shows the space; the next fix or resume deletes them when safe).
.DESCRIPTION
    The same walk as the deletion (lib/BackupFolders.ps1): only folders directly under -BackupRoot named like a
    run id count, and nothing is followed through a junction or symbolic link (a link is listed, its target is
    not read).
.OUTPUTS
    One object, schemas/get-win-re-fix-backups.schema.json.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][ValidatePattern('^[A-Za-z]:\\ProgramData\\winre-fix\\backup$')][string] $BackupRoot)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$inventory = Get-WinReFixBackupInventory -Root $BackupRoot
$runs = @()
[long]$total = 0
foreach ($r in $inventory.runs) {
    $total += [long]$r.bytes
    $runs += , ([ordered]@{ runId = [string]$r.runId; path = [string]$r.path; files = [int]$r.files; bytes = [int64]$r.bytes; links = @($r.links | ForEach-Object { [string]$_ }) })
}
[ordered]@{
    backupRoot = $BackupRoot
    runs       = @($runs)
    others     = @(@($inventory.others) | ForEach-Object { [ordered]@{ path = [string]$_.path; reason = [string]$_.reason } })
    totalBytes = [int64]$total
}

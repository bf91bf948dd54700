<#
.SYNOPSIS
    Deletes the backup folders earlier winre-fix runs left on C: (ProgramData\winre-fix\backup\<runId>: a run that
    rolled back, failed or was degraded, or a power cut before its own clean-up), except -KeepRunId's. Changes the
    PC (only those folders). Idempotent.
.DESCRIPTION
    The caller decides WHEN (src/engine/backup-sweep.ts: only while WinRE is enabled and healthy, never the backup
    of the unfinished run in the journal, which a resume may still restore from). This script decides WHAT:
    only folders directly under -BackupRoot whose name is a run id (16 lowercase hex digits, what
    src/engine/executor.ts makes); anything else there is reported and left. Nothing is followed through a
    reparse point (lib/BackupFolders.ps1): winre-fix\ or backup\ being a link stops everything; a run folder that
    is a link, or a link inside one, is reported in skipped and left where it is.
.OUTPUTS
    One object, schemas/remove-win-re-fix-orphaned-backups.schema.json.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)][ValidatePattern('^[A-Za-z]:\\ProgramData\\winre-fix\\backup$')][string] $BackupRoot,
    [AllowEmptyString()][ValidatePattern('^([0-9a-f]{16})?$')][string] $KeepRunId = ''
)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$inventory = Get-WinReFixBackupInventory -Root $BackupRoot
$removed = @()
$skipped = @()
foreach ($o in $inventory.others) { $skipped += , ([ordered]@{ path = [string]$o.path; reason = [string]$o.reason }) }
[long]$reclaimed = 0
foreach ($run in $inventory.runs) {
    if ($KeepRunId -ne '' -and [string]$run.runId -ceq $KeepRunId) {
        $skipped += , ([ordered]@{ path = [string]$run.path; reason = 'the backup of the unfinished run in the journal: a resume may restore from it' })
        continue
    }
    $result = Remove-WinReFixTree -Folder ([string]$run.path)
    foreach ($l in @($result.links)) {
        $skipped += , ([ordered]@{ path = [string]$l; reason = 'a link (junction or symbolic link): not followed' })
    }
    $reclaimed += [long]$result.bytes
    $removed += , ([ordered]@{
            runId    = [string]$run.runId
            path     = [string]$run.path
            files    = [int]$result.files
            bytes    = [int64]$result.bytes
            complete = [bool]$result.complete
        })
}
$changed = $false
foreach ($r in $removed) { if ([int]$r.files -gt 0 -or [bool]$r.complete) { $changed = $true } }
[ordered]@{
    changed        = $changed
    backupRoot     = $BackupRoot
    removed        = @($removed)
    skipped        = @($skipped)
    bytesReclaimed = [int64]$reclaimed
}

<#
.SYNOPSIS
    Deletes one run's backup folder (C:\ProgramData\winre-fix\backup\<runId>): after a verified fix, or at the
    end of a roll-back that put WinRE back where it was, so the second copy of Winre.wim does not keep C: space
    for ever. Changes the PC (only that folder). Idempotent.
.DESCRIPTION
    Never goes through a reparse point (lib/BackupFolders.ps1 says why): files are deleted one by one and each
    folder once empty; a junction or symbolic link inside is reported in skippedLinks and left, not followed.
    The folder itself, or backup\ or winre-fix\ above it, being a link: nothing is deleted, the link is reported.
.OUTPUTS
    One object, schemas/remove-win-re-fix-backup.schema.json.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][ValidatePattern('^[A-Za-z]:\\ProgramData\\winre-fix\\backup\\[0-9a-f]{16}$')][string] $StateFolder)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$backupRoot = $StateFolder.Substring(0, $StateFolder.LastIndexOf('\'))
$stateRoot = $backupRoot.Substring(0, $backupRoot.LastIndexOf('\'))
foreach ($p in @($stateRoot, $backupRoot)) {
    if ((Test-Path -LiteralPath $p) -and (Test-WinReFixLink -Item (Get-Item -LiteralPath $p -Force))) {
        [ordered]@{ changed = $false; removedFiles = 0; removedBytes = 0; skippedLinks = @($p) }
        return
    }
}
if (-not (Test-Path -LiteralPath $StateFolder)) {
    [ordered]@{ changed = $false; removedFiles = 0; removedBytes = 0; skippedLinks = @() }
    return
}
$removed = Remove-WinReFixTree -Folder $StateFolder
[ordered]@{
    changed      = ([int]$removed.files -gt 0 -or [bool]$removed.complete)
    removedFiles = [int]$removed.files
    removedBytes = [int64]$removed.bytes
    skippedLinks = @($removed.links | ForEach-Object { [string]$_ })
}

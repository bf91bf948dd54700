<#
.SYNOPSIS
    Deletes this run's backup folder (C:\ProgramData\winre-fix\backup\<runId>) once the fix is verified, so the
    second copy of Winre.wim does not keep C: space for ever. Idempotent.
.OUTPUTS
    One object, schemas/remove-win-re-fix-backup.schema.json.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][ValidatePattern('^[A-Za-z]:\\ProgramData\\winre-fix\\backup\\[0-9a-f]{16}$')][string] $StateFolder)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
if (-not (Test-Path -LiteralPath $StateFolder)) {
    [ordered]@{ changed = $false; removedFiles = 0 }
    return
}
$files = @(Get-ChildItem -LiteralPath $StateFolder -Recurse -Force -File)
Remove-Item -LiteralPath $StateFolder -Recurse -Force
[ordered]@{ changed = $true; removedFiles = $files.Count }

<#
.SYNOPSIS
    Reads the security descriptor (owner and DACL, as SDDL) of winre-fix's state folder. Read-only.
.DESCRIPTION
    The folder holds the journal a SYSTEM run acts on; src/domain/state-acl.ts judges whether anyone other than
    SYSTEM and Administrators could have written it. Get-Acl's .Sddl names accounts by SID, so the answer is the
    same in every Windows language. Changes nothing.
.OUTPUTS
    One object, schemas/get-state-folder-security.schema.json.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string] $Path)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
if (-not (Test-Path -LiteralPath $Path -PathType Container)) {
    [ordered]@{ path = $Path; exists = $false; sddl = '' }
    return
}
$acl = Get-Acl -LiteralPath $Path
[ordered]@{ path = $Path; exists = $true; sddl = [string]$acl.Sddl }

<#
.SYNOPSIS
    Creates winre-fix's state folder already restricted to SYSTEM and Administrators, or reports that something is
    already at its path (and leaves it as it is).
.DESCRIPTION
    A standard user may create folders under %ProgramData%, and a folder made there the ordinary way inherits an
    ACL that lets Users create files and folders in it (docs/security.md). The state folder holds what a SYSTEM
    run acts on later, so it is made with its final DACL by the very call that creates it (no instant with the
    inherited ACL, no icacls afterwards): protected (no inheritance), full control for SYSTEM (SY, S-1-5-18) and
    the Administrators group (BA, S-1-5-32-544), named by SID so it is the same in every Windows language
    (SDDL: https://learn.microsoft.com/windows/win32/secauthz/security-descriptor-string-format).
    - Only the folder itself: its parent must exist (else WinReFix.StateFolderParentMissing, nothing created).
    - Something already at the path (a folder, a file, a link) is NOT adopted: no ACL is changed, and the answer
      is created = false; the caller judges it with Get-StateFolderSecurity.ps1 (src/engine/state-folder.ts).
      CreateDirectory itself would return an existing folder silently, so existence is checked first. Someone
      may still create the folder between that check and CreateDirectory: then CreateDirectory returns their
      folder unchanged and this script says created = true, which is harmless, because the caller judges the
      folder again after every creation and trusts only what the judgement trusts.
    The creation itself: New-WinReFixRestrictedFolder (ps-scripts/lib/StateFolder.ps1; modelled by the simulator).
.OUTPUTS
    One object, schemas/new-state-folder.schema.json.
#>
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string] $Path)
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$protectedSddl = 'D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)'

# .NET and Get-Item on the real path: the state folder is a real folder even on a simulated PC. Get-Item -Force
# also sees a link whose target is gone, which Directory.Exists and File.Exists do not.
$existing = Get-Item -LiteralPath $Path -Force -ErrorAction SilentlyContinue
if ($null -ne $existing -or [System.IO.Directory]::Exists($Path) -or [System.IO.File]::Exists($Path)) {
    [ordered]@{ path = $Path; created = $false }
    return
}
$parent = [System.IO.Path]::GetDirectoryName($Path)
if ([string]::IsNullOrEmpty($parent) -or -not [System.IO.Directory]::Exists($parent)) {
    throw (New-StepError -Kind 'StateFolderParentMissing' -Message ("the folder '" + $parent + "' that should hold the state folder '" + $Path + "' does not exist; nothing was created."))
}
New-WinReFixRestrictedFolder -Path $Path -Sddl $protectedSddl
[ordered]@{ path = $Path; created = $true }

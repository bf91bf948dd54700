# Creating winre-fix's state folder restricted from its first instant (ps-scripts/New-StateFolder.ps1).
# The simulator overrides New-WinReFixRestrictedFolder (simulator/60-FileSystem.ps1): on a simulated PC the state
# folder is a real POSIX folder, made owner-only.
Set-StrictMode -Version 3.0

function New-WinReFixRestrictedFolder {
    # Creates the folder $Path with the security descriptor $Sddl applied by the same call that creates it: the
    # folder never exists with the ACL it would inherit from its parent. The caller checked that the parent exists
    # and that nothing is at $Path yet.
    #  - Windows PowerShell 5.1 (.NET Framework): Directory.CreateDirectory(String, DirectorySecurity)
    #    https://learn.microsoft.com/dotnet/api/system.io.directory.createdirectory
    #  - PowerShell 7 (.NET): the overload is gone; FileSystemAclExtensions.CreateDirectory(DirectorySecurity, String)
    #    does the same (the security goes to CreateDirectory's SECURITY_ATTRIBUTES)
    #    https://learn.microsoft.com/dotnet/api/system.io.filesystemaclextensions.createdirectory
    # Both return an existing folder silently, without touching its ACL: hence the caller's existence check.
    param([Parameter(Mandatory = $true)][string] $Path, [Parameter(Mandatory = $true)][string] $Sddl)
    $security = New-Object System.Security.AccessControl.DirectorySecurity
    $security.SetSecurityDescriptorSddlForm($Sddl)
    $extensions = 'System.IO.FileSystemAclExtensions' -as [type]
    if ($null -ne $extensions) {
        $null = $extensions::CreateDirectory($security, $Path)
    } else {
        $null = [System.IO.Directory]::CreateDirectory($Path, $security)
    }
}

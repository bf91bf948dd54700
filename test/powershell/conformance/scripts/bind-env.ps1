# Conformance (sim-bind): the environment a SYSTEM process sees (Intune, ConfigMgr, a startup task), read in the
# casings scripts write, and the .NET shortcut some scripts use for System32.
[ordered]@{
    TEMP              = $env:TEMP
    tmpLower          = $env:tmp
    TempMixed         = $env:Temp
    ProgramData       = $env:ProgramData
    PROGRAMDATAUpper  = $env:PROGRAMDATA
    ALLUSERSPROFILE   = $env:ALLUSERSPROFILE
    ProgramFiles      = $env:ProgramFiles
    ProgramFilesX86   = ${env:ProgramFiles(x86)}
    SystemDrive       = $env:SystemDrive
    systemroot        = $env:systemroot
    windir            = $env:windir
    WINDIRUpper       = $env:WINDIR
    COMPUTERNAME      = $env:COMPUTERNAME
    USERNAME          = $env:USERNAME
    USERPROFILE       = $env:USERPROFILE
    LOCALAPPDATA      = $env:LOCALAPPDATA
    expanded          = [Environment]::ExpandEnvironmentVariables('%ProgramData%\winre-fix')
    systemDirectory   = [Environment]::SystemDirectory
}

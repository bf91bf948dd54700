# Conformance script (.NET environment): the [Environment] members admin scripts use to find Windows folders and
# read variables (written for this project, not copied), in the casings they write.
[ordered]@{
    systemDirectory = [Environment]::SystemDirectory
    fullName        = [System.Environment]::SystemDirectory
    programData     = [Environment]::GetFolderPath('CommonApplicationData')
    system          = [Environment]::GetFolderPath([Environment+SpecialFolder]::System)
    expanded        = [Environment]::ExpandEnvironmentVariables('%systemroot%\System32\reagentc.exe %NOT_SET%')
    temp            = [Environment]::GetEnvironmentVariable('temp')
    machineTemp     = [Environment]::GetEnvironmentVariable('TEMP', 'Machine')
    machineName     = [Environment]::MachineName
    userName        = [Environment]::UserName
    drives          = [Environment]::GetLogicalDrives()
    is64            = [Environment]::Is64BitOperatingSystem
    processorCount  = [Environment]::ProcessorCount -gt 0
}

# What the simulated PC does when the simulator is loaded into a session, after every other file has defined its
# functions (the files are concatenated in name order, src/simulation/simulator-library.ts): reading the machine file
# needs the whole simulator (Read-SimMachine calls 60-FileSystem.ps1's Sync-SimFsHost).
# The process gets the environment a Windows process has (50-System.ps1 Set-SimWindowsEnvironment): a script reads
# $env:SystemDrive, $env:TEMP, ... before its first simulated command.

Set-StrictMode -Version 3.0

$script:SimBootMachine = $null
try { $script:SimBootMachine = Read-SimMachine } catch { $script:SimBootMachine = $null }
if ($null -ne $script:SimBootMachine) {
    Set-SimWindowsEnvironment -Machine $script:SimBootMachine
}
$script:SimBootMachine = $null

# .NET statics on the simulated disks (55-DotNet.ps1): in a session, not in a simulated program's own process.
if ($env:WINREFIX_SIM_HOST -ne '1' -and -not [string]::IsNullOrEmpty($env:WINREFIX_SIM_MACHINE)) {
    Install-SimDotNetStandIns
}

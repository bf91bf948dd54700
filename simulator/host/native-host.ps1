# The process behind reagentc.exe, diskpart.exe, dism.exe and cmd.exe on PATH during simulation (docs/simulation.md
# "Executables"; the shell scripts that start it are written by src/simulation/executables.ts).
# Usage: pwsh -NoProfile -NonInteractive -File native-host.ps1 <reagentc|diskpart|cmd> <the program's arguments>
# Loads the simulator (simulator.ps1 beside this file, the library the session loaded), runs the program against
# $env:WINREFIX_SIM_MACHINE, writes its stdout lines to stdout and its stderr lines to stderr, and exits with its
# exit code, as the real program would. diskpart without /s reads its commands from stdin; reagentc and cmd never
# read stdin (the session's stdin is the bridge's pipe: reading it would steal its commands).
Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'
$tool = [string]$args[0]
$toolArgs = @()
if ($args.Count -gt 1) { $toolArgs = @($args[1..($args.Count - 1)] | ForEach-Object { [string]$_ }) }
$env:WINREFIX_SIM_HOST = '1'
# The directory this program was started in (PowerShell starts a native program in its file-system location):
# loading the simulator moves the process's current directory to its host folder, so keep it for relative paths.
$env:WINREFIX_SIM_CALLER_DIR = [System.Environment]::CurrentDirectory
$library = [System.IO.Path]::Combine($PSScriptRoot, 'simulator.ps1')
New-Module -Name 'WinReFix.Simulator' -ScriptBlock ([ScriptBlock]::Create([System.IO.File]::ReadAllText($library))) |
    Import-Module -DisableNameChecking
$inputLines = @()
$wantsInput = ($tool -eq 'diskpart' -and -not (@($toolArgs) -match '^[/-]s$')) -or
    ($tool -eq 'cmd' -and (@($toolArgs) -match '^diskpart(\.exe)?$') -and -not (@($toolArgs) -match '^[/-]s$'))
if ($wantsInput -and [Console]::IsInputRedirected) {
    $text = [Console]::In.ReadToEnd()
    $inputLines = @($text -split "`r?`n")
    if ($inputLines.Count -gt 0 -and $inputLines[$inputLines.Count - 1] -eq '') { $inputLines = @($inputLines[0..($inputLines.Count - 2)]) }
}
$run = Invoke-SimNativeTool -Tool $tool -Arguments $toolArgs -InputLines $inputLines
$out = [Console]::Out
$err = [Console]::Error
foreach ($line in $run.Lines) {
    if ([bool]$line.Err) {
        $out.Flush()
        $err.WriteLine([string]$line.Text)
        $err.Flush()
    } else {
        $out.WriteLine([string]$line.Text)
    }
}
$out.Flush()
exit ([int]$run.ExitCode)

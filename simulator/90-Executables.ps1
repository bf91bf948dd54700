# reagentc.exe, diskpart.exe, dism.exe (simulator/66-Dism.ps1), cmd.exe and defrag.exe as real executables during simulation (docs/simulation.md "Executables").
#
# On Windows these are programs in %SystemRoot%\System32 that every way of starting a program reaches: `& reagentc.exe`,
# bare `reagentc`, Start-Process, [System.Diagnostics.Process]::Start, `cmd /c reagentc /info`. The simulated PC
# gives them the same standing: src/simulation/executables.ts writes, once per simulator version, a folder of
# tiny shell scripts (reagentc, reagentc.exe, ReAgentc.exe, REAGENTC.EXE, diskpart, diskpart.exe, DISKPART.EXE,
# dism, dism.exe, Dism.exe, DISM.EXE, cmd, cmd.exe, CMD.EXE) that start simulator/host/native-host.ps1, and the session's PATH starts with that folder
# ($env:WINREFIX_SIM_BIN). By full path (C:\Windows\System32\reagentc.exe) they are reached through copies in the
# system drive's host folder and entries named by that path in the same folder (simulator/60-FileSystem.ps1,
# Install-SimHostPrograms; src/simulation/executables.ts). The host loads this simulator, runs the tool against the same machine file
# ($env:WINREFIX_SIM_MACHINE, read fresh by every command), prints stdout and stderr apart and exits with the
# tool's exit code. There are no reagentc / diskpart FUNCTIONS any more: PowerShell runs the process, so its
# stderr is what PowerShell makes of a native program's stderr (not in $Error unless redirected:
# https://github.com/PowerShell/PowerShell/pull/13361, about_Redirection).
#
# A power cut that fires inside such a process ends the whole simulated PC: the process signals the session's
# PowerShell ($env:WINREFIX_SIM_SESSION_PID), which then ends with the power-cut exit code as if the cut had
# fired in it (Register-SimSessionPower), and ends itself with the same code.

Set-StrictMode -Version 3.0

function Get-SimToolName {
    # 'reagentc', 'diskpart', 'cmd' for any spelling of the program (reagentc.exe, ReAgentc.exe, C:\Windows\System32\
    # REAGENTC.EXE), else $null. Windows file names are case-insensitive and '.exe' is implied (PATHEXT).
    param([Parameter(Mandatory = $true)][AllowEmptyString()][string] $Program)
    $leaf = $Program.Trim('"').Replace('/', '\')
    $cut = $leaf.LastIndexOf('\')
    if ($cut -ge 0) {
        # A path must be System32's (ASSUMPTION: another folder holds no such program on the simulated PC).
        $folder = $leaf.Substring(0, $cut)
        $system32 = [string]$env:SystemRoot + '\System32'
        if (-not [string]::Equals($folder, $system32, [System.StringComparison]::OrdinalIgnoreCase)) { return $null }
        $leaf = $leaf.Substring($cut + 1)
    }
    $name = $leaf.ToLowerInvariant()
    if ($name.EndsWith('.exe')) { $name = $name.Substring(0, $name.Length - 4) }
    if (@('reagentc', 'diskpart', 'dism', 'cmd', 'defrag') -contains $name) { return $name }
    return $null
}

function Split-SimCommandLine {
    # A command line split into arguments by the rules of the C runtime that reagentc and diskpart use
    # (https://learn.microsoft.com/cpp/c-language/parsing-c-command-line-arguments): white space separates,
    # double quotes group and are removed, 2n backslashes before a quote give n, a \" is a literal quote.
    param([Parameter(Mandatory = $true)][AllowEmptyString()][string] $Text)
    $out = New-Object System.Collections.Generic.List[string]
    $cur = New-Object System.Text.StringBuilder
    $inQuotes = $false
    $have = $false
    $i = 0
    while ($i -lt $Text.Length) {
        $c = $Text[$i]
        if ($c -eq '\') {
            $n = 0
            while ($i -lt $Text.Length -and $Text[$i] -eq '\') { $n++; $i++ }
            if ($i -lt $Text.Length -and $Text[$i] -eq '"') {
                $null = $cur.Append('\' * [int][math]::Floor($n / 2))
                if ($n % 2 -eq 1) { $null = $cur.Append('"'); $i++ }
            } else {
                $null = $cur.Append('\' * $n)
            }
            $have = $true
            continue
        }
        if ($c -eq '"') { $inQuotes = -not $inQuotes; $have = $true; $i++; continue }
        if (($c -eq ' ' -or $c -eq "`t") -and -not $inQuotes) {
            if ($have) { $out.Add($cur.ToString()); $null = $cur.Clear(); $have = $false }
            $i++
            continue
        }
        $null = $cur.Append($c)
        $have = $true
        $i++
    }
    if ($have) { $out.Add($cur.ToString()) }
    return , $out.ToArray()
}

function Invoke-SimCmdTool {
    # cmd.exe /c <command line> (also /k, /s, cmd /c "..."): runs ONE simulated program with the redirections
    # 2>&1, 1>&2, >nul, 2>nul, 1>nul (https://learn.microsoft.com/windows-server/administration/windows-commands/cmd,
    # .../windows-commands/command-redirection-operators) and exits with its exit code. Anything else - another
    # program, a pipe, '&&' - prints cmd's own answer for a program it cannot find and exits 1 (ASSUMPTION: the
    # simulated PC has no other programs).
    param([AllowEmptyCollection()][string[]] $Arguments = @(), [AllowEmptyCollection()][string[]] $InputLines = @())
    $i = 0
    while ($i -lt $Arguments.Count -and [string]$Arguments[$i] -match '^/[a-bd-jl-z]') { $i++ }   # /q /d /s /u ...
    if ($i -ge $Arguments.Count -or [string]$Arguments[$i] -notmatch '^/[ck]$') {
        # ASSUMPTION: an interactive cmd without /c has nothing to run here.
        return @{ Lines = @(); ExitCode = 0 }
    }
    $rest = @()
    if ($i + 1 -lt $Arguments.Count) { $rest = $Arguments[($i + 1)..($Arguments.Count - 1)] }
    # cmd sees one command line; PowerShell quoted each argument that had spaces. With one quoted argument cmd
    # strips its outer quotes (cmd /? "/S" rule for a line that starts and ends with a quote).
    $line = (@($rest | ForEach-Object { $a = [string]$_; if ($a -match '\s' -and $rest.Count -gt 1) { '"' + $a + '"' } else { $a } }) -join ' ').Trim()
    if ($line.Length -ge 2 -and $line.StartsWith('"') -and $line.EndsWith('"')) { $line = $line.Substring(1, $line.Length - 2) }
    $toStdout = $false; $toStderr = $false; $dropOut = $false; $dropErr = $false
    $redirect = '\s*(2>&1|1>&2|2>\s*nul|1?>\s*nul)\s*$'
    while ($line -match $redirect) {
        $whole = $Matches[0]
        switch -Regex ($Matches[1]) {
            '^2>&1$' { $toStdout = $true; break }
            '^1>&2$' { $toStderr = $true; break }
            '^2>' { $dropErr = $true; break }
            default { $dropOut = $true }
        }
        $line = $line.Substring(0, $line.Length - $whole.Length)
    }
    $argv = Split-SimCommandLine -Text $line
    $tool = $null
    if ($argv.Count -gt 0) { $tool = Get-SimToolName -Program $argv[0] }
    if ($null -eq $tool -or $tool -eq 'cmd' -or $line -match '[|&<>]') {
        $name = ''
        if ($argv.Count -gt 0) { $name = $argv[0] }
        # cmd's text for an unknown program (two lines), exit code 1 (9009 from a batch file).
        return @{ Lines = @(@{ Err = $true; Text = "'" + $name + "' is not recognized as an internal or external command," }, @{ Err = $true; Text = 'operable program or batch file.' }); ExitCode = 1 }
    }
    $toolArgs = @()
    if ($argv.Count -gt 1) { $toolArgs = $argv[1..($argv.Count - 1)] }
    $run = Invoke-SimNativeTool -Tool $tool -Arguments $toolArgs -InputLines $InputLines
    $lines = foreach ($l in $run.Lines) {
        $err = [bool]$l.Err
        if ($err -and $dropErr) { continue }
        if (-not $err -and $dropOut) { continue }
        if ($err -and $toStdout) { $err = $false } elseif (-not $err -and $toStderr) { $err = $true }
        @{ Err = $err; Text = $l.Text }
    }
    return @{ Lines = @($lines); ExitCode = $run.ExitCode }
}

function Invoke-SimNativeTool {
    # One run of a simulated program: @{ Lines = [{ Err; Text }]; ExitCode }.
    param(
        [Parameter(Mandatory = $true)][ValidateSet('reagentc', 'diskpart', 'dism', 'cmd', 'defrag')][string] $Tool,
        [AllowEmptyCollection()][string[]] $Arguments = @(),
        [AllowEmptyCollection()][string[]] $InputLines = @()
    )
    switch ($Tool) {
        'reagentc' { return (Invoke-SimReAgentTool -Arguments $Arguments) }
        'diskpart' { return (Invoke-SimDiskPartTool -Arguments $Arguments -InputLines $InputLines) }
        'defrag' { return (Invoke-SimDefragTool -Arguments $Arguments) }
        'dism' { return (Invoke-SimDismTool -Arguments $Arguments) }
        default { return (Invoke-SimCmdTool -Arguments $Arguments -InputLines $InputLines) }
    }
}

function Get-WinReFixSystemToolPath {
    # Overrides ps-scripts/lib/NativeCommand.ps1's: our own scripts start the simulated program by absolute path
    # through the production code path (ProcessStartInfo, both streams, the exit code). Never a real System32
    # program: without the folder of simulated programs (a Windows build) the simulated PC has none.
    param([Parameter(Mandatory = $true)][string] $ExeName)
    if ([string]::IsNullOrEmpty($env:WINREFIX_SIM_BIN)) {
        throw ('Simulator: no simulated programs folder (WINREFIX_SIM_BIN), so ' + $ExeName + ' cannot run on the simulated PC.')
    }
    $tool = Get-SimToolName -Program $ExeName
    if ($null -eq $tool) { throw ('Simulator: ' + $ExeName + ' is not a simulated program.') }
    return [System.IO.Path]::Combine($env:WINREFIX_SIM_BIN, $tool + '.exe')
}

function Start-WinReFixNativeProcess {
    # Overrides ps-scripts/lib/NativeCommand.ps1's for the simulated programs only. By default our own scripts'
    # calls run the simulated program in this process (Invoke-SimNativeTool: the very lines and exit code its
    # executable prints), because a process per call costs about 0.7 s (bench/native-tools.ts) and a test run
    # makes thousands of such calls. With $env:WINREFIX_SIM_NATIVE = 'process' they start the executable through
    # NativeCommand.ps1's own Windows code path, unchanged (the tests that prove that path set it).
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string] $FilePath,
        [Parameter(Mandatory = $true)][AllowEmptyCollection()][string[]] $Arguments,
        [string[]] $InputLines,
        [int] $TimeoutMilliseconds = 0
    )
    if ($env:WINREFIX_SIM_NATIVE -eq 'process') {
        return (WinReFix.NativeCommand\Start-WinReFixNativeProcess @PSBoundParameters)
    }
    $tool = Get-SimToolName -Program ([System.IO.Path]::GetFileName($FilePath))
    if ($null -eq $tool) { throw ('Simulator: ' + $FilePath + ' is not a simulated program.') }
    $lines = @()
    if ($PSBoundParameters.ContainsKey('InputLines')) { $lines = @($InputLines) }
    # The caller's time limit, for a simulated program that knows how long it takes (defrag /X: simulator/68-Defrag.ps1
    # stops itself as the production code path would kill it; nothing sleeps).
    $script:SimNativeTimeoutMs = $TimeoutMilliseconds
    try {
        $run = Invoke-SimNativeTool -Tool $tool -Arguments $Arguments -InputLines $lines
    } finally {
        $script:SimNativeTimeoutMs = 0
    }
    $stdout = New-Object System.Collections.Generic.List[string]
    $stderr = New-Object System.Collections.Generic.List[string]
    foreach ($line in $run.Lines) {
        if ([bool]$line.Err) { $stderr.Add([string]$line.Text) } else { $stdout.Add([string]$line.Text) }
    }
    $out = [ordered]@{ exitCode = [int]$run.ExitCode; stdout = $stdout.ToArray(); stderr = $stderr.ToArray() }
    if ($TimeoutMilliseconds -gt 0) { $out.timedOut = ($run.ContainsKey('TimedOut') -and [bool]$run.TimedOut) }
    return $out
}

# ---------------------------------------------------------------------------------------------------------
# A power cut in a child process ends the session's PowerShell too.
# ---------------------------------------------------------------------------------------------------------

# The signal a simulated program sends to the session's PowerShell at a power cut: SIGUSR1 (10 on Linux, 30 on
# macOS). Not SIGTERM or SIGKILL, which the bridge and the tests use to end a process for other reasons.
$script:SimPowerSignal = 10
if ([System.Runtime.InteropServices.RuntimeInformation]::IsOSPlatform([System.Runtime.InteropServices.OSPlatform]::OSX)) { $script:SimPowerSignal = 30 }

function Register-SimSessionPower {
    # In the session's PowerShell (not in a simulated program's host): on the power signal the process ends at once
    # with the power-cut exit code, whatever it is doing (it is usually waiting for that very program). The handler
    # is a compiled expression (no script: it runs on a thread with no runspace) that calls Environment.Exit, kept
    # in the AppDomain so it lives as long as the process, registered once per process.
    if (-not [string]::IsNullOrEmpty($env:WINREFIX_SIM_HOST)) { return }
    if ([System.Environment]::OSVersion.Platform -ne [System.PlatformID]::Unix) { return }
    $env:WINREFIX_SIM_SESSION_PID = [string]$PID
    if ($null -ne [System.AppDomain]::CurrentDomain.GetData('WinReFix.SimPowerSignal')) { return }
    $expr = [System.Linq.Expressions.Expression]
    $context = $expr::Parameter([System.Runtime.InteropServices.PosixSignalContext], 'context')
    $exit = $expr::Call([System.Environment].GetMethod('Exit', [type[]]@([int])), $expr::Constant([int]$script:SimPowerCutExitCode))
    $lambda = $expr::Lambda([System.Action[System.Runtime.InteropServices.PosixSignalContext]], $exit, [System.Linq.Expressions.ParameterExpression[]]@($context))
    $registration = [System.Runtime.InteropServices.PosixSignalRegistration]::Create([System.Runtime.InteropServices.PosixSignal]$script:SimPowerSignal, $lambda.Compile())
    [System.AppDomain]::CurrentDomain.SetData('WinReFix.SimPowerSignal', $registration)
}

function Stop-SimSessionPower {
    # Called by Invoke-SimPowerCut just before this process ends with the power-cut code: in a simulated program's
    # host, the session's PowerShell goes too (the power is gone for every process of the PC).
    if ([string]::IsNullOrEmpty($env:WINREFIX_SIM_HOST)) { return }
    $session = 0
    if (-not [int]::TryParse([string]$env:WINREFIX_SIM_SESSION_PID, [ref]$session) -or $session -le 0) { return }
    $kill = New-Object System.Diagnostics.ProcessStartInfo -ArgumentList 'kill', ('-' + $script:SimPowerSignal + ' ' + $session)
    $kill.UseShellExecute = $false
    $p = [System.Diagnostics.Process]::Start($kill)
    $p.WaitForExit()
}

Register-SimSessionPower

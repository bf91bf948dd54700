# Native commands that production scripts call, behind one small seam each, and the elevation check.
# Loaded into every session (production and simulation). Must run on Windows PowerShell 5.1 and PowerShell 7.
#
# Invoke-ReAgentC: the ONLY way our scripts run reagentc.exe.
#  - On Windows it runs $env:SystemRoot\System32\ReAgentc.exe by absolute path (we run as SYSTEM: never resolve
#    a bare name through PATH) and captures stdout and stderr separately: reagentc writes the /info body on
#    stdout and its 'REAGENTC.EXE: ...' status lines on stderr (docs/reference/transcripts.md#e6-not-elevated-with-separate-streams, docs/reference/transcripts.md#e7-streams-in-windows-powershell).
#  - Both streams are decoded in the console's code page ([Console]::OutputEncoding, which the bridge leaves as
#    Windows set it, the OEM code page): reagentc writes localized text in that code page and French accents
#    broke for a tool that decoded otherwise (docs/reference/transcripts.md#french-reports, docs/reference/reagentc.md#streams-code-pages-and-the-printed-language).
#  - Simulation: the simulator overrides Get-WinReFixSystemToolPath only, to name its reagentc.exe (a real
#    program during simulation, docs/simulation.md "Executables"); everything else runs as on Windows.
# Result: [ordered]@{ exitCode = <int>; stdout = @(<lines>); stderr = @(<lines>) }.

Set-StrictMode -Version 3.0

function Split-WinReFixNativeText {
    # Splits captured text into lines (CRLF or LF); a final line break does not make an extra empty line.
    # Emits the lines one by one: wrap the call in @() to get an array.
    param([AllowNull()][AllowEmptyString()][string] $Text)
    if ([string]::IsNullOrEmpty($Text)) { return }
    $lines = @($Text -split "`r?`n")
    $count = $lines.Count
    if ($lines[$count - 1] -eq '') { $count = $count - 1 }
    for ($i = 0; $i -lt $count; $i++) { $lines[$i] }
}

function ConvertTo-WinReFixNativeArgument {
    # Quotes one argument for CreateProcess command-line parsing (MSVC rules) only when it needs it.
    param([AllowEmptyString()][string] $Argument)
    if ($Argument.Length -gt 0 -and $Argument -notmatch '[\s"]') { return $Argument }
    $escaped = [regex]::Replace($Argument, '(\\*)"', '$1$1\"')
    $escaped = [regex]::Replace($escaped, '(\\+)$', '$1$1')
    return '"' + $escaped + '"'
}

function Invoke-WinReFixNativeTool {
    # Runs one Windows tool (reagentc.exe, diskpart.exe) and returns {exitCode, stdout[], stderr[]}. The ONE place
    # that starts a native process, so both tools get the same rules:
    #  - $env:SystemRoot\System32\<ExeName> by absolute path (we run as SYSTEM: never a PATH lookup);
    #  - stdout and stderr captured separately (stderr read asynchronously so neither pipe can deadlock), decoded
    #    in the console code page the tool writes in (docs/reference/transcripts.md#french-reports, docs/reference/reagentc.md#streams-code-pages-and-the-printed-language);
    #  - -InputLines, when given, are the tool's stdin (diskpart reads its commands there), then stdin is closed.
    # Both steps are looked up in the global scope, where the last library loaded wins: during simulation the
    # simulator's Get-WinReFixSystemToolPath names its own programs and its Start-WinReFixNativeProcess may run
    # them in this process (docs/simulation.md "Executables").
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string] $ExeName,
        [Parameter(Mandatory = $true)][AllowEmptyCollection()][string[]] $Arguments,
        [string[]] $InputLines,
        [int] $TimeoutMilliseconds = 0
    )
    $locate = ${function:global:Get-WinReFixSystemToolPath}
    $start = ${function:global:Start-WinReFixNativeProcess}
    $exe = & $locate -ExeName $ExeName
    if ($TimeoutMilliseconds -gt 0) {
        # A tool with a time limit always gets a closed stdin (running as SYSTEM, nobody could answer a prompt).
        $feed = @()
        if ($PSBoundParameters.ContainsKey('InputLines')) { $feed = @($InputLines) }
        return (& $start -FilePath $exe -Arguments $Arguments -InputLines $feed -TimeoutMilliseconds $TimeoutMilliseconds)
    }
    if ($PSBoundParameters.ContainsKey('InputLines')) {
        return (& $start -FilePath $exe -Arguments $Arguments -InputLines $InputLines)
    }
    return (& $start -FilePath $exe -Arguments $Arguments)
}

function Start-WinReFixNativeProcess {
    # Starts $FilePath, captures stdout and stderr apart, returns {exitCode, stdout[], stderr[]}. With
    # -TimeoutMilliseconds: the process is killed when it runs longer (exit code -1, as TerminateProcess(handle, -1)
    # gives: https://learn.microsoft.com/dotnet/api/system.diagnostics.process.kill) and the result adds timedOut.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string] $FilePath,
        [Parameter(Mandatory = $true)][AllowEmptyCollection()][string[]] $Arguments,
        [string[]] $InputLines,
        [int] $TimeoutMilliseconds = 0
    )
    $feed = $PSBoundParameters.ContainsKey('InputLines')
    $startInfo = New-Object System.Diagnostics.ProcessStartInfo
    $startInfo.FileName = $FilePath
    $startInfo.Arguments = (@($Arguments | ForEach-Object { ConvertTo-WinReFixNativeArgument -Argument $_ }) -join ' ')
    $startInfo.UseShellExecute = $false
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    $startInfo.RedirectStandardInput = $feed
    $startInfo.WorkingDirectory = [System.IO.Path]::GetDirectoryName($FilePath)
    $startInfo.StandardOutputEncoding = [Console]::OutputEncoding
    $startInfo.StandardErrorEncoding = [Console]::OutputEncoding
    $process = [System.Diagnostics.Process]::Start($startInfo)
    try {
        # Read stderr asynchronously while stdout is drained: reading one to the end first can deadlock.
        $stderrTask = $process.StandardError.ReadToEndAsync()
        $stdoutTask = $process.StandardOutput.ReadToEndAsync()
        if ($feed) {
            foreach ($line in @($InputLines)) { $process.StandardInput.WriteLine([string]$line) }
            $process.StandardInput.Close()
        }
        $timedOut = $false
        if ($TimeoutMilliseconds -gt 0 -and -not $process.WaitForExit($TimeoutMilliseconds)) {
            # Over its time limit: ended at once (it never waits for input: its stdin is already closed).
            $timedOut = $true
            try { $process.Kill() } catch [System.InvalidOperationException] { $null = $_ }
        }
        $stdoutText = $stdoutTask.Result
        $process.WaitForExit()
        $stderrText = $stderrTask.Result
        $exitCode = $process.ExitCode
    } finally {
        $process.Dispose()
    }
    $result = [ordered]@{
        exitCode = [int]$exitCode
        stdout   = @(Split-WinReFixNativeText -Text $stdoutText)
        stderr   = @(Split-WinReFixNativeText -Text $stderrText)
    }
    if ($TimeoutMilliseconds -gt 0) { $result.timedOut = $timedOut }
    return $result
}

function Get-WinReFixSystemToolPath {
    # Where a Windows tool is: $env:SystemRoot\System32\<ExeName>, by absolute path (we run as SYSTEM: never a PATH
    # lookup). The simulator overrides this one function to name its own reagentc.exe / diskpart.exe (real
    # programs during simulation: docs/simulation.md "Executables"), so everything else here runs as on Windows.
    param([Parameter(Mandatory = $true)][string] $ExeName)
    if ([string]::IsNullOrEmpty($env:SystemRoot)) {
        throw ('SystemRoot is not set, so ' + $ExeName + ' cannot be located (this is not Windows).')
    }
    return [System.IO.Path]::Combine($env:SystemRoot, 'System32', $ExeName)
}

function Invoke-ReAgentC {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][AllowEmptyCollection()][string[]] $Arguments)
    return (Invoke-WinReFixNativeTool -ExeName 'ReAgentc.exe' -Arguments $Arguments)
}

function Test-WinReFixElevated {
    # True when the process holds the Administrators role (SYSTEM from Intune/ConfigMgr does). The simulator
    # overrides this function from the machine file (os.isElevated).
    $identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
    $principal = New-Object System.Security.Principal.WindowsPrincipal($identity)
    return [bool]$principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
}

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
#  - Simulation seam: when a FUNCTION named 'reagentc.exe' exists (only the simulator defines one), it is called
#    instead. Its error records are stderr lines, its strings stdout lines, and its exit code is $LASTEXITCODE.
# Result, both ways: [ordered]@{ exitCode = <int>; stdout = @(<lines>); stderr = @(<lines>) }.

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
    #  - simulation seam: when a FUNCTION with one of $FunctionNames exists (only the simulator defines one), it is
    #    called instead; its error records are stderr lines, its strings stdout lines, $LASTEXITCODE its exit code.
    [CmdletBinding()]
    param(
        [Parameter(Mandatory = $true)][string] $ExeName,
        [Parameter(Mandatory = $true)][string[]] $FunctionNames,
        [Parameter(Mandatory = $true)][AllowEmptyCollection()][string[]] $Arguments
    )
    $simulated = $null
    foreach ($name in $FunctionNames) {
        if ($null -eq $simulated) { $simulated = Get-Command -Name $name -CommandType Function -ErrorAction SilentlyContinue }
    }
    if ($null -ne $simulated) {
        $ErrorActionPreference = 'Continue'
        $stdout = New-Object System.Collections.Generic.List[string]
        $stderr = New-Object System.Collections.Generic.List[string]
        $global:LASTEXITCODE = 0
        $errorCountBefore = $global:Error.Count
        foreach ($item in @(& $simulated @Arguments 2>&1)) {
            if ($item -is [System.Management.Automation.ErrorRecord]) {
                $stderr.Add([string]$item.Exception.Message)
            } else {
                $stdout.Add([string]$item)
            }
        }
        # The stderr lines are data here, not errors of the calling script (a real process adds none to $Error).
        while ($global:Error.Count -gt $errorCountBefore) { $global:Error.RemoveAt(0) }
        return [ordered]@{ exitCode = [int]$global:LASTEXITCODE; stdout = $stdout.ToArray(); stderr = $stderr.ToArray() }
    }

    if ([string]::IsNullOrEmpty($env:SystemRoot)) {
        throw ('SystemRoot is not set, so ' + $ExeName + ' cannot be located (this is not Windows).')
    }
    $startInfo = New-Object System.Diagnostics.ProcessStartInfo
    $startInfo.FileName = [System.IO.Path]::Combine($env:SystemRoot, 'System32', $ExeName)
    $startInfo.Arguments = (@($Arguments | ForEach-Object { ConvertTo-WinReFixNativeArgument -Argument $_ }) -join ' ')
    $startInfo.UseShellExecute = $false
    $startInfo.RedirectStandardOutput = $true
    $startInfo.RedirectStandardError = $true
    $startInfo.RedirectStandardInput = $false
    $startInfo.WorkingDirectory = [System.IO.Path]::Combine($env:SystemRoot, 'System32')
    $startInfo.StandardOutputEncoding = [Console]::OutputEncoding
    $startInfo.StandardErrorEncoding = [Console]::OutputEncoding
    $process = [System.Diagnostics.Process]::Start($startInfo)
    try {
        # Read stderr asynchronously while stdout is drained: reading one to the end first can deadlock.
        $stderrTask = $process.StandardError.ReadToEndAsync()
        $stdoutText = $process.StandardOutput.ReadToEnd()
        $process.WaitForExit()
        $stderrText = $stderrTask.Result
        $exitCode = $process.ExitCode
    } finally {
        $process.Dispose()
    }
    return [ordered]@{
        exitCode = [int]$exitCode
        stdout   = @(Split-WinReFixNativeText -Text $stdoutText)
        stderr   = @(Split-WinReFixNativeText -Text $stderrText)
    }
}

function Invoke-ReAgentC {
    [CmdletBinding()]
    param([Parameter(Mandatory = $true)][AllowEmptyCollection()][string[]] $Arguments)
    return (Invoke-WinReFixNativeTool -ExeName 'ReAgentc.exe' -FunctionNames @('reagentc.exe') -Arguments $Arguments)
}

function Test-WinReFixElevated {
    # True when the process holds the Administrators role (SYSTEM from Intune/ConfigMgr does). The simulator
    # overrides this function from the machine file (os.isElevated).
    $identity = [System.Security.Principal.WindowsIdentity]::GetCurrent()
    $principal = New-Object System.Security.Principal.WindowsPrincipal($identity)
    return [bool]$principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)
}

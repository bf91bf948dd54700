# ---- winre-fix packaging: shared functions (packaging/ps/Common.ps1) ----
# Rules these scripts keep (docs/reference/fleet-tools.md#intune-detection-rules, docs/reference/fleet-tools.md#intune-remediations, docs/reference/fleet-tools.md#configmgr-compliance-settings): nothing is ever written to stderr (Intune counts any
# stderr as a failure), all output goes to stdout and the LAST line is the one-line summary, shorter than
# 2,048 characters. The scripts run on Windows PowerShell 5.1 and PowerShell 7.

function Get-WinReFix64BitHost {
    # Intune starts install commands, detection and Remediations scripts in 32-bit PowerShell by default; on
    # 64-bit Windows %SystemRoot%\Sysnative reaches the 64-bit one (docs/reference/fleet-tools.md#intune-program-settings, Intune apps-win32-add).
    # WOW64 sets PROCESSOR_ARCHITEW6432 only in 32-bit processes; WINREFIX_RELAUNCHED stops any relaunch loop.
    if (-not $env:PROCESSOR_ARCHITEW6432) { return $null }
    if ($env:WINREFIX_RELAUNCHED) { return $null }
    if (-not $env:SystemRoot) { return $null }
    $candidate = [System.IO.Path]::Combine($env:SystemRoot, 'Sysnative', 'WindowsPowerShell', 'v1.0', 'powershell.exe')
    if (Test-Path -LiteralPath $candidate) { return $candidate }
    return $null
}

function Resolve-WinReFixExe {
    param([string]$Setting)
    # Expanded here, after the 64-bit relaunch: in a 32-bit process %ProgramFiles% is "Program Files (x86)".
    $expanded = [Environment]::ExpandEnvironmentVariables($Setting)
    if (-not [System.IO.Path]::IsPathRooted($expanded)) { $expanded = Join-Path $PSScriptRoot $expanded }
    return $expanded
}

function ConvertTo-WinReFixArgument {
    param([string]$Value)
    if ($Value -eq '') { return '""' }
    if ($Value -notmatch '[\s"]') { return $Value }
    # CommandLineToArgvW rules: backslashes before a quote are doubled and the quote escaped.
    $escaped = $Value -replace '(\\*)"', '$1$1\"'
    $escaped = $escaped -replace '(\\+)$', '$1$1'
    return '"' + $escaped + '"'
}

function Invoke-WinReFixExe {
    param([string]$Exe, [string[]]$Arguments)
    # Both streams are captured (never inherited) so that nothing of the tool reaches this script's stderr.
    $psi = New-Object System.Diagnostics.ProcessStartInfo
    $psi.FileName = $Exe
    # %VARIABLES% in the arguments (e.g. the agent's log folder) are expanded here, on the PC, in 64-bit.
    $quoted = @($Arguments | ForEach-Object { ConvertTo-WinReFixArgument ([Environment]::ExpandEnvironmentVariables($_)) })
    $psi.Arguments = $quoted -join ' '
    $psi.UseShellExecute = $false
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.CreateNoWindow = $true
    $psi.StandardOutputEncoding = [System.Text.Encoding]::UTF8
    $psi.StandardErrorEncoding = [System.Text.Encoding]::UTF8
    $process = [System.Diagnostics.Process]::Start($psi)
    # Read stderr asynchronously while stdout is drained, so that neither pipe can fill up and block the tool.
    $stderrTask = $process.StandardError.ReadToEndAsync()
    $stdout = $process.StandardOutput.ReadToEnd()
    $process.WaitForExit()
    $stderr = $stderrTask.Result
    $code = $process.ExitCode
    $process.Dispose()
    return New-Object psobject -Property ([ordered]@{ ExitCode = $code; StdOut = $stdout; StdErr = $stderr })
}

function Get-WinReFixLines {
    param([string]$Text)
    if (-not $Text) { return @() }
    return @($Text -split "`r?`n" | Where-Object { $_.Trim() -ne '' } | ForEach-Object { $_.TrimEnd() })
}

function Get-WinReFixLastLine {
    param([string]$Text)
    $lines = @(Get-WinReFixLines $Text)
    if ($lines.Count -eq 0) { return '' }
    return $lines[$lines.Count - 1].Trim()
}

function Format-WinReFixSummary {
    param([string]$Line)
    # One line, and well under the 2,048 characters Intune keeps (docs/reference/fleet-tools.md#intune-remediations).
    $one = ($Line -replace '[\r\n]+', ' ').Trim()
    if ($one.Length -gt $WinReFixSummaryMax) { $one = $one.Substring(0, $WinReFixSummaryMax - 3) + '...' }
    return $one
}

function Get-WinReFixExitName {
    param([int]$Code)
    foreach ($name in $WinReFixExit.Keys) {
        if ($WinReFixExit[$name] -eq $Code) { return $name }
    }
    return 'Unknown'
}

function Get-WinReFixFailureReason {
    param($Run)
    # The tool prints its error to stderr; fall back to its last stdout line.
    $reason = Get-WinReFixLastLine $Run.StdErr
    if (-not $reason) { $reason = Get-WinReFixLastLine $Run.StdOut }
    if (-not $reason) { $reason = 'no output' }
    return $reason
}

function New-WinReFixResult {
    param([int]$Code, [string[]]$Lines)
    return New-Object psobject -Property ([ordered]@{ Code = $Code; Lines = @($Lines) })
}

function Invoke-WinReFixScript {
    # The entry point of every generated script: relaunch 64-bit if needed, run the body, print, exit.
    $hostExe = Get-WinReFix64BitHost
    if ($hostExe) {
        $env:WINREFIX_RELAUNCHED = '1'
        & $hostExe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File $PSCommandPath
        exit $LASTEXITCODE
    }
    try {
        $result = Invoke-WinReFixMain
    } catch {
        $result = New-WinReFixResult $WinReFixExit.Internal @("winre-fix $WinReFixScriptRole script error: $($_.Exception.Message)")
    }
    $lines = @($result.Lines)
    for ($i = 0; $i -lt $lines.Count; $i++) {
        if ($i -eq $lines.Count - 1) { Write-Output (Format-WinReFixSummary $lines[$i]) } else { Write-Output $lines[$i] }
    }
    exit $result.Code
}

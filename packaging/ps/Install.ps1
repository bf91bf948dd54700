# ---- Install: copy winre-fix.exe to its fixed place, then run the fix (packaging/ps/Install.ps1) ----
# The exe must live at a fixed path, not in the agent's temporary content folder: detection and Remediations
# scripts call it there, and a fix parked for a restart resumes from it after the reboot.

function Invoke-WinReFixMain {
    $exe = Resolve-WinReFixExe $WinReFixExeSetting
    $source = Join-Path $PSScriptRoot 'winre-fix.exe'
    if (-not (Test-Path -LiteralPath $source)) {
        return New-WinReFixResult $WinReFixExit.Environment @("winre-fix install: winre-fix.exe is missing from the package folder $PSScriptRoot.")
    }
    $sourceFull = [System.IO.Path]::GetFullPath($source)
    $targetFull = [System.IO.Path]::GetFullPath($exe)
    if ($sourceFull -ne $targetFull) {
        $folder = Split-Path -Parent $targetFull
        try {
            if (-not (Test-Path -LiteralPath $folder)) { New-Item -ItemType Directory -Path $folder -Force | Out-Null }
            Copy-Item -LiteralPath $sourceFull -Destination $targetFull -Force
        } catch {
            # Most likely a winre-fix run (a resume after restart) is using the exe: nothing changed, retry later.
            return New-WinReFixResult $WinReFixExit.Retry @("winre-fix install: cannot write $($targetFull): $($_.Exception.Message)")
        }
    }
    $run = Invoke-WinReFixExe -Exe $targetFull -Arguments $WinReFixArguments
    $lines = @(Get-WinReFixLines $run.StdOut) + @(Get-WinReFixLines $run.StdErr)
    $name = Get-WinReFixExitName $run.ExitCode
    if ($run.ExitCode -eq $WinReFixExit.Success) {
        $summary = "winre-fix fix: done (exit 0). $(Get-WinReFixLastLine $run.StdOut)"
    } else {
        $summary = "winre-fix fix: exit $($run.ExitCode) ($name). $(Get-WinReFixFailureReason $run)"
    }
    return New-WinReFixResult $run.ExitCode (@($lines) + @($summary))
}

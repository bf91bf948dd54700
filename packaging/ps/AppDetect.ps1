# ---- Application detection (Intune Win32 app / ConfigMgr deployment type) (packaging/ps/AppDetect.ps1) ----
# "Detected" = exit 0 AND something on stdout; anything else means "not installed" (docs/reference/fleet-tools.md#intune-detection-rules; ConfigMgr
# script detection follows the same rule). Detected here means: the exe is installed and the PC is compliant,
# so a PC still needing the fix gets the install (the fix) again. ASSUMPTION: after the install returned 3010 the
# agent evaluates detection again after the restart, when the resume task has finished the work (no source says
# when exactly; docs/deploy-intune.md).

function Invoke-WinReFixMain {
    $exe = Resolve-WinReFixExe $WinReFixExeSetting
    if (-not (Test-Path -LiteralPath $exe)) { return New-WinReFixResult 1 @() }
    $run = Invoke-WinReFixExe -Exe $exe -Arguments $WinReFixArguments
    if ($run.ExitCode -ne $WinReFixExit.Success) { return New-WinReFixResult 1 @() }
    $last = Get-WinReFixLastLine $run.StdOut
    if (-not $last) { $last = 'compliant' }
    return New-WinReFixResult 0 @("winre-fix: installed and compliant. $last")
}

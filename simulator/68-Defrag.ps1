# The simulated defrag.exe (Microsoft Drive Optimizer), as far as winre-fix uses it: `defrag <C:> /X [/U] [/V] [/H]`,
# free-space consolidation before the last attempt of a refused shrink (src/domain/shrink-retry.ts,
# ps-scripts/Optimize-OsVolume.ps1). docs/simulation.md "defrag.exe" lists what is modelled and its sources.
#
# Sources:
#  - options and their meaning: https://learn.microsoft.com/windows-server/administration/windows-commands/defrag
#    (/X "Perform free space consolidation on the specified volumes", /U "Print the progress of the operation on the
#    screen", /V "Print verbose output containing the fragmentation statistics", /H "Run the operation at normal
#    priority (default is low)"; members of Administrators only);
#  - the banner, the usage text and its errors, as defrag.exe 10.0 prints them on stdout: "Microsoft Drive
#    Optimizer" / "Copyright (c) Microsoft Corp.", "Please specify a volume to perform the operation on.
#    (0x89000007)", "An invalid command line option was specified. (0x89000008)" (public captures of the
#    program's usage output, e.g. the Strontic xCyclopedia page of Defrag.exe 10.0.18362.1);
#  - "Invoking <operation> on <label> (<L>:)...", tab-indented "<Operation>:  N% complete..." progress lines with /U
#    and "The operation completed successfully." at the end; a failure ends with its message and the HRESULT in
#    brackets, and the exit code is that HRESULT (0x8900002A -> -1996488662) (captured runs of `defrag C: /O /V`,
#    `defrag D: /G` on Windows Server: "The operation requested is not supported by the hardware backing the
#    volume. (0x8900002A)");
#  - ASSUMPTION: the operation is named "free space consolidation" in the Invoking and progress lines (the /X help
#    text's words; no capture of a /X run found), and the not-elevated text below (no capture found).
#  - A process killed at a time limit exits with -1 (.NET Process.Kill is TerminateProcess(handle, -1):
#    https://learn.microsoft.com/dotnet/api/system.diagnostics.process.kill).
# Its effect: a run to its end releases unmovableFiles with until 'defrag' (the files it moved no longer hold
# SizeMin; docs/simulation.md "Unmovable files"); it changes no partition. The run is one mutation (moving files is
# a change of the disk), so the power-cut matrix can cut the power before or after it.

Set-StrictMode -Version 3.0

$script:SimDefragBanner = @('Microsoft Drive Optimizer', 'Copyright (c) Microsoft Corp.', '')

# HRESULTs of defrag.exe as the signed 32-bit exit codes Windows gives a process.
$script:SimDefragExit = @{
    NoVolume       = -1996488697   # 0x89000007
    InvalidOption  = -1996488696   # 0x89000008
    NotElevated    = -1996488668   # 0x89000024 (ASSUMPTION: the code of its "insufficient privileges" error)
    VolumeNotFound = -2147024809   # 0x80070057 E_INVALIDARG (ASSUMPTION: what a letter with no volume gives)
    Killed         = -1
}

# Set by the simulator's Start-WinReFixNativeProcess for one call: the caller's time limit in ms (0: none).
$script:SimNativeTimeoutMs = 0

function Get-SimDefragUsage {
    return @(
        '', 'Description:', '', "`tOptimizes and defragments files on local volumes to", "`timprove system performance.", '',
        'Syntax:', '', "`tdefrag <volumes> | /C | /E <volumes> [<task(s)>] [/H] [/M [n] | [/U] [/V]] [/I n]", '',
        "`tWhere <task(s)> is omitted (traditional defrag), or as follows:", "`t`t/A | [/D] [/K] [/L] | /O | /X", ''
    )
}

function Add-SimDefragLines {
    param([Parameter(Mandatory = $true)] $Run, [AllowEmptyCollection()][string[]] $Text)
    foreach ($t in $Text) { $Run.Lines += , @{ Err = $false; Text = [string]$t } }
}

function Invoke-SimDefragTool {
    # The simulated defrag.exe. Returns @{ Lines = [{ Err; Text }]; ExitCode; TimedOut }.
    param([AllowEmptyCollection()][string[]] $Arguments = @())
    $run = @{ Lines = @(); ExitCode = 0; TimedOut = $false }
    Add-SimDefragLines -Run $run -Text $script:SimDefragBanner
    $letters = @()
    $consolidate = $false
    $progress = $false
    $verbose = $false
    foreach ($a in @($Arguments | Where-Object { $null -ne $_ -and $_ -ne '' })) {
        $arg = [string]$a
        if ($arg -match '^[A-Za-z]:\\?$') { $letters += $arg.Substring(0, 1).ToUpperInvariant(); continue }
        switch -Regex ($arg.ToLowerInvariant()) {
            '^[/-]x$' { $consolidate = $true; break }
            '^[/-]u$' { $progress = $true; break }
            '^[/-]v$' { $verbose = $true; break }
            '^[/-]h$' { break }
            default {
                Add-SimDefragLines -Run $run -Text @('An invalid command line option was specified. (0x89000008)')
                Add-SimDefragLines -Run $run -Text (Get-SimDefragUsage)
                $run.ExitCode = $script:SimDefragExit.InvalidOption
                return $run
            }
        }
    }
    if ($letters.Count -eq 0) {
        Add-SimDefragLines -Run $run -Text @('Please specify a volume to perform the operation on. (0x89000007)')
        Add-SimDefragLines -Run $run -Text (Get-SimDefragUsage)
        $run.ExitCode = $script:SimDefragExit.NoVolume
        return $run
    }
    if (-not $consolidate) {
        # Only /X is modelled (what winre-fix runs); anything else is a configuration error of the test, not Windows.
        throw 'Simulator: defrag.exe models only free space consolidation (/X).'
    }
    $machine = Read-SimMachine
    $null = Register-SimCall -Machine $machine -Command 'defrag /X'
    if (-not [bool]$machine.os.isElevated) {
        Add-SimDefragLines -Run $run -Text @('The disk defragmenter cannot start because you have insufficient privileges to perform this operation. (0x89000024)')
        $run.ExitCode = $script:SimDefragExit.NotElevated
        return $run
    }
    foreach ($letter in $letters) {
        $e = Find-SimPartition -Machine $machine -DriveLetter $letter
        if ($null -eq $e -or $null -eq $e.Volume) {
            Add-SimDefragLines -Run $run -Text @('The parameter is incorrect. (0x80070057)')
            $run.ExitCode = $script:SimDefragExit.VolumeNotFound
            return $run
        }
        $label = [string](Get-SimProp $e.Volume 'label' '')
        $on = '(' + $letter + ':)'
        if ($label -ne '') { $on = $label + ' ' + $on }
        Add-SimDefragLines -Run $run -Text @('Invoking free space consolidation on ' + $on + '...')
        $u = Get-SimProp $e.Volume 'unmovableFiles'
        [long]$seconds = 120
        if ($null -ne $u) { $seconds = [long](Get-SimProp $u 'defragSeconds' 120) }
        $limit = [long]$script:SimNativeTimeoutMs
        if ($limit -gt 0 -and $seconds * 1000 -gt $limit) {
            # Stopped by the caller at its time limit: the progress it printed, nothing released, exit -1.
            if ($progress) {
                $done = [int][math]::Floor(100 * $limit / ($seconds * 1000))
                foreach ($pct in @(0, [int]($done / 2), $done)) { Add-SimDefragLines -Run $run -Text @("`tFree space consolidation:  " + $pct + '% complete...') }
            }
            $run.ExitCode = $script:SimDefragExit.Killed
            $run.TimedOut = $true
            return $run
        }
        $volume = $e.Volume
        $null = Invoke-SimMutation -Machine $machine -Command 'defrag /X' -Detail ($letter + ': free space consolidation') -Action {
            param($mm)
            if ($null -ne $u -and [string]$u.until -eq 'defrag') { Set-SimProp $u 'released' $true }
        }
        if ($progress) {
            foreach ($pct in @(0, 25, 50, 75)) { Add-SimDefragLines -Run $run -Text @("`tFree space consolidation:  " + $pct + '% complete...') }
            Add-SimDefragLines -Run $run -Text @("`tFree space consolidation:  100% complete.")
        }
        if ($verbose) {
            $free = Get-SimVolumeFree -Volume $volume
            Add-SimDefragLines -Run $run -Text @(
                '', "`tPost Defragmentation Report:", '', "`tVolume Information:",
                ("`t`tVolume size                 = " + [math]::Round([long]$volume.size / 1GB, 2) + ' GB'),
                ("`t`tFree space                  = " + [math]::Round($free / 1GB, 2) + ' GB')
            )
        }
    }
    Add-SimDefragLines -Run $run -Text @('', 'The operation completed successfully.')
    return $run
}

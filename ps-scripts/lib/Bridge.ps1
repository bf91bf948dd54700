# The session-side half of the TypeScript <-> PowerShell bridge (src/adapters/powershell/).
# Loaded once per session. It is the ONE place that turns a script's output into the JSON document that
# crosses the bridge, as a success or an error envelope (schemas/envelope.schema.json).
#
# Why this shape (docs/reference/fleet-tools.md#driving-powershell-from-node):
#  - node-powershell sends each call as one stdin line and does no escaping, so parameters arrive as base64 of
#    UTF-8 JSON and are never interpolated into PowerShell source;
#  - stdout may carry warnings, Write-Host text, ANSI codes or OEM code-page bytes, so the result leaves as ONE
#    framed line of base64 (ASCII only) tagged with a nonce the caller chose for this call.
# Must parse and run on Windows PowerShell 5.1 and PowerShell 7 (checked by test/contract/ps-syntax.test.ts).

Set-StrictMode -Version 3.0

$script:WinReFixScripts = @{}

function ConvertTo-WinReFixHashtable {
    # ConvertFrom-Json -AsHashtable does not exist on 5.1; only the top level is needed for splatting.
    param([Parameter(Mandatory = $true)] $InputObject)
    $table = @{}
    if ($null -ne $InputObject) {
        foreach ($property in $InputObject.PSObject.Properties) {
            $table[$property.Name] = $property.Value
        }
    }
    return $table
}

function ConvertFrom-WinReFixBase64 {
    param([Parameter(Mandatory = $true)][AllowEmptyString()][string] $Text)
    return [System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String($Text))
}

function Write-WinReFixFrame {
    # One line, ASCII only: <<<WINREFIX:nonce:base64(utf8(json))>>>
    param([string] $Nonce, $Envelope)
    $json = ConvertTo-Json -InputObject $Envelope -Depth 32 -Compress
    $b64 = [System.Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes($json))
    [Console]::Out.WriteLine('<<<WINREFIX:' + $Nonce + ':' + $b64 + '>>>')
    [Console]::Out.Flush()
}

function Register-WinReFixScript {
    # Keeps the script's source as a script block under its file name (Verb-Noun). Sources come from the
    # tool's own package (or SEA assets), never from a user-writable folder.
    param([string] $Name, [string] $SourceB64, [string] $Nonce)
    try {
        $source = ConvertFrom-WinReFixBase64 -Text $SourceB64
        $script:WinReFixScripts[$Name] = [ScriptBlock]::Create($source)
        Write-WinReFixFrame -Nonce $Nonce -Envelope ([ordered]@{ ok = $true; script = $Name; data = $null })
    } catch {
        Write-WinReFixFrame -Nonce $Nonce -Envelope (New-WinReFixErrorEnvelope -Name $Name -Record $_)
    }
}

function Import-WinReFixLibrary {
    # Imports a library (ps-scripts/lib/*.ps1 or the simulator) as a global dynamic module: its functions are
    # visible to every script, its script-scope variables stay private to it.
    param([string] $Name, [string] $SourceB64, [string] $Nonce)
    try {
        $source = ConvertFrom-WinReFixBase64 -Text $SourceB64
        if ($source.Length -gt 0) {
            New-Module -Name ('WinReFix.' + $Name) -ScriptBlock ([ScriptBlock]::Create($source)) |
                Import-Module -Global -Force -DisableNameChecking
        }
        Write-WinReFixFrame -Nonce $Nonce -Envelope ([ordered]@{ ok = $true; script = $Name; data = $null })
    } catch {
        Write-WinReFixFrame -Nonce $Nonce -Envelope (New-WinReFixErrorEnvelope -Name $Name -Record $_)
    }
}

function New-WinReFixErrorEnvelope {
    param([string] $Name, [System.Management.Automation.ErrorRecord] $Record)
    $exceptionType = ''
    $hresult = 0
    if ($null -ne $Record.Exception) {
        $exceptionType = $Record.Exception.GetType().FullName
        $hresult = $Record.Exception.HResult
    }
    $stack = ''
    if ($null -ne $Record.ScriptStackTrace) { $stack = [string]$Record.ScriptStackTrace }
    $target = ''
    if ($null -ne $Record.TargetObject) { $target = [string]$Record.TargetObject }
    $extended = ''
    if ($null -ne $Record.ErrorDetails -and $null -ne $Record.ErrorDetails.Message) {
        $extended = [string]$Record.ErrorDetails.Message
    }
    $message = ''
    if ($null -ne $Record.Exception) { $message = [string]$Record.Exception.Message }
    return [ordered]@{
        ok     = $false
        script = $Name
        error  = [ordered]@{
            message               = $message
            details               = $extended
            category              = [string]$Record.CategoryInfo.Category
            reason                = [string]$Record.CategoryInfo.Reason
            fullyQualifiedErrorId = [string]$Record.FullyQualifiedErrorId
            exceptionType         = $exceptionType
            hresult               = [int64]$hresult
            targetObject          = $target
            scriptStackTrace      = $stack
        }
    }
}

function Invoke-WinReFixScript {
    param([string] $Name, [string] $ParamsB64, [string] $Nonce)
    # PowerShell scoping is dynamic: the script block below could read (or, using a variable of the same name,
    # accidentally pick up) $Nonce. A private variable is invisible to child scopes, so the nonce stays ours.
    $private:frameNonce = $Nonce
    Remove-Variable -Name Nonce
    $Error.Clear()
    try {
        if (-not $script:WinReFixScripts.ContainsKey($Name)) {
            throw "Script '$Name' is not registered in this session."
        }
        $parameters = ConvertTo-WinReFixHashtable -InputObject (ConvertFrom-Json -InputObject (ConvertFrom-WinReFixBase64 -Text $ParamsB64))
        $block = $script:WinReFixScripts[$Name]
        # Every script emits exactly one object; anything else is a contract breach caught here, not guessed at.
        $output = @(& $block @parameters)
        if ($output.Count -ne 1) {
            throw "Script '$Name' emitted $($output.Count) objects on the output stream; exactly one is required."
        }
        Write-WinReFixFrame -Nonce $frameNonce -Envelope ([ordered]@{ ok = $true; script = $Name; data = $output[0] })
    } catch {
        Write-WinReFixFrame -Nonce $frameNonce -Envelope (New-WinReFixErrorEnvelope -Name $Name -Record $_)
    }
}

# ---------------------------------------------------------------------------------------------------------
# The run lock: one fix/resume at a time (src/engine/lock.ts, docs/architecture.md "The run lock").
# The lock is this PowerShell process holding the lock file open with FileShare.None. Nothing about the holder
# is read or judged (no PID, no boot identity): the operating system closes the handle when the process ends,
# however it ends (exit, kill, crash, power cut), so a lock can never be stale and never be taken twice.
#  - Windows: a second open of a file held with FileShare.None fails with a sharing violation (ERROR_SHARING_
#    VIOLATION, 32), whatever access and share mode it asks for; the handle is not inheritable, so reagentc or
#    diskpart started by this process do not hold it. https://learn.microsoft.com/dotnet/api/system.io.fileshare
#    https://learn.microsoft.com/windows/win32/fileio/creating-and-opening-files
#  - Linux/macOS (tests, simulation): .NET takes flock(LOCK_EX|LOCK_NB) for FileShare.None and flock(LOCK_SH) for
#    a read-only open that shares, so a probe and a holder conflict too; the kernel drops flock locks when the
#    last descriptor closes (process death included). https://github.com/dotnet/runtime (SafeFileHandle.Unix.cs)
# The stream lives in this module's script scope for the life of the process (or until Unlock/Reset).
# ---------------------------------------------------------------------------------------------------------

$script:WinReFixRunLock = $null
$script:WinReFixRunLockPath = ''

function Test-WinReFixSharingViolation {
    # True when an open failed because another handle holds the file (Windows 32/33, Unix EWOULDBLOCK/EAGAIN).
    param([System.Exception] $Exception)
    $e = $Exception
    while ($null -ne $e) {
        if ($e -is [System.IO.IOException]) {
            $code = $e.HResult -band 0xFFFF
            if ([System.Environment]::OSVersion.Platform -eq [System.PlatformID]::Win32NT) {
                if ($code -eq 32 -or $code -eq 33) { return $true }
            } elseif ($code -eq 11 -or $code -eq 35) {
                return $true
            }
        }
        $e = $e.InnerException
    }
    return $false
}

function Lock-WinReFixRun {
    # Takes the run lock for this process: { path, state: acquired | already-held | held-elsewhere | not-a-file,
    # attempts } (schemas/lock-win-re-fix-run.schema.json). A momentary read-only probe (audit, detect, status)
    # also blocks an open with FileShare.None, so a busy answer is retried for a short while before it counts.
    param([string] $Name, [string] $ParamsB64, [string] $Nonce)
    $private:frameNonce = $Nonce
    try {
        $request = ConvertFrom-Json -InputObject (ConvertFrom-WinReFixBase64 -Text $ParamsB64)
        $path = [string]$request.path
        $attempts = [int]$request.attempts
        $pauseMs = [int]$request.pauseMs
        if ($path.Length -eq 0) { throw 'Lock-WinReFixRun: no path.' }
        $state = 'held-elsewhere'
        $tried = 0
        if ($null -ne $script:WinReFixRunLock) {
            if ($script:WinReFixRunLockPath -ne $path) { throw "This session already holds the run lock $script:WinReFixRunLockPath." }
            $state = 'already-held'
        } elseif ([System.IO.Directory]::Exists($path)) {
            $state = 'not-a-file'
        } else {
            while ($tried -lt $attempts) {
                $tried += 1
                try {
                    $script:WinReFixRunLock = New-Object -TypeName System.IO.FileStream -ArgumentList @(
                        $path, [System.IO.FileMode]::OpenOrCreate, [System.IO.FileAccess]::ReadWrite, [System.IO.FileShare]::None)
                    $script:WinReFixRunLockPath = $path
                    $state = 'acquired'
                    break
                } catch {
                    if (-not (Test-WinReFixSharingViolation -Exception $_.Exception)) { throw }
                    if ($tried -lt $attempts) { Start-Sleep -Milliseconds $pauseMs }
                }
            }
        }
        Write-WinReFixFrame -Nonce $frameNonce -Envelope ([ordered]@{ ok = $true; script = $Name; data = ([ordered]@{
                        path = $path; state = $state; attempts = $tried }) })
    } catch {
        Write-WinReFixFrame -Nonce $frameNonce -Envelope (New-WinReFixErrorEnvelope -Name $Name -Record $_)
    }
}

function Unlock-WinReFixRunLockStream {
    if ($null -ne $script:WinReFixRunLock) {
        $stream = $script:WinReFixRunLock
        $script:WinReFixRunLock = $null
        $script:WinReFixRunLockPath = ''
        $stream.Dispose()
    }
}

function Unlock-WinReFixRun {
    # Releases the run lock if this process holds it (the end of a run; the process ending releases it too).
    param([string] $Name, [string] $ParamsB64, [string] $Nonce)
    $private:frameNonce = $Nonce
    try {
        Unlock-WinReFixRunLockStream
        Write-WinReFixFrame -Nonce $frameNonce -Envelope ([ordered]@{ ok = $true; script = $Name; data = $null })
    } catch {
        Write-WinReFixFrame -Nonce $frameNonce -Envelope (New-WinReFixErrorEnvelope -Name $Name -Record $_)
    }
}

function Reset-WinReFixSession {
    # Puts this process back to the state of a new session so another run can borrow it (tests only: the
    # power-cut matrix; src/adapters/powershell/session.ts SharedPowerShellProcess). Everything a run can leave
    # in a session goes: its modules (the libraries, the simulator), registered scripts, global variables,
    # functions and aliases, preference values, environment, location and errors. Compiled code stays; it is
    # not state. test/powershell/bridge/shared-process.test.ts compares the result with a new process.
    param([string] $Name, [string] $EnvironmentB64, [string] $Nonce)
    $private:frameNonce = $Nonce
    try {
        $baseline = $script:WinReFixBaseline
        # A new session holds no run lock: the next borrower takes it again if its run needs it.
        Unlock-WinReFixRunLockStream
        @(Get-Module) | Where-Object { $_.Name -like 'WinReFix.*' } | Remove-Module -Force
        $script:WinReFixScripts = @{}
        foreach ($variable in @(Get-Variable -Scope Global)) {
            if ($baseline.Variables -notcontains $variable.Name) {
                Remove-Variable -Name $variable.Name -Scope Global -Force -ErrorAction SilentlyContinue
            }
        }
        foreach ($function in @(Get-ChildItem -Path 'function:')) {
            if ($baseline.Functions -notcontains $function.Name) { Remove-Item -LiteralPath ('function:' + $function.Name) -Force }
        }
        foreach ($alias in @(Get-ChildItem -Path 'alias:')) {
            if ($baseline.Aliases -notcontains $alias.Name) { Remove-Item -LiteralPath ('alias:' + $alias.Name) -Force }
        }
        foreach ($preference in @($baseline.Preferences.Keys)) {
            Set-Variable -Name $preference -Scope Global -Value $baseline.Preferences[$preference] -Force
        }
        # The environment the process started with (PowerShell adds its own PATH and PSModulePath entries), then
        # what this session asks for beyond it: { set: {name: value}, unset: [name] }.
        foreach ($entry in @(Get-ChildItem -Path 'env:')) {
            # Remove-Item, not SetEnvironmentVariable($name, $null): PowerShell passes $null to a string as ''.
            if (-not $baseline.Environment.ContainsKey($entry.Name)) { Remove-Item -LiteralPath ('env:' + $entry.Name) }
        }
        foreach ($name in @($baseline.Environment.Keys)) {
            [Environment]::SetEnvironmentVariable($name, [string]$baseline.Environment[$name])
        }
        $delta = ConvertFrom-Json -InputObject (ConvertFrom-WinReFixBase64 -Text $EnvironmentB64)
        foreach ($property in $delta.set.PSObject.Properties) {
            [Environment]::SetEnvironmentVariable($property.Name, [string]$property.Value)
        }
        foreach ($name in @($delta.unset)) {
            if (Test-Path -LiteralPath ('env:' + $name)) { Remove-Item -LiteralPath ('env:' + $name) }
        }
        Set-Location -LiteralPath $baseline.Location
        [Environment]::CurrentDirectory = $baseline.CurrentDirectory
        $global:PSDefaultParameterValues.Clear()
        $global:Error.Clear()
        Write-WinReFixFrame -Nonce $frameNonce -Envelope ([ordered]@{ ok = $true; script = $Name; data = $null })
    } catch {
        Write-WinReFixFrame -Nonce $frameNonce -Envelope (New-WinReFixErrorEnvelope -Name $Name -Record $_)
    }
}

# What a new session holds once the bridge is loaded (the last thing this file does), for Reset-WinReFixSession.
$script:WinReFixBaseline = @{
    Variables        = @(@(Get-Variable -Scope Global | ForEach-Object { $_.Name }) + 'WinReFixBaseline')
    Functions        = @(Get-ChildItem -Path 'function:' | ForEach-Object { $_.Name })
    Aliases          = @(Get-ChildItem -Path 'alias:' | ForEach-Object { $_.Name })
    Preferences      = @{}
    Environment      = @{}
    Location         = (Get-Location).Path
    CurrentDirectory = [Environment]::CurrentDirectory
}
# A pipeline, not a foreach statement: at this (global) scope foreach would leave a $foreach variable behind.
Get-Variable -Scope Global | Where-Object { $_.Name -like '*Preference' -or $_.Name -eq 'OFS' } |
    ForEach-Object { $script:WinReFixBaseline.Preferences[$_.Name] = $_.Value }
Get-ChildItem -Path 'env:' | ForEach-Object { $script:WinReFixBaseline.Environment[$_.Name] = $_.Value }

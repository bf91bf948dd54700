# The session-side half of the TypeScript <-> PowerShell bridge (src/adapters/powershell/).
# Loaded once per session. It is the ONE place that turns a script's output into the JSON document that
# crosses the bridge, as a success or an error envelope (schemas/envelope.schema.json).
#
# Why this shape (ecosystem.md section 1):
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

# Test-only script: fails in the ways the bridge must survive.
[CmdletBinding()]
param([Parameter(Mandatory = $true)][string] $Mode, [int] $Seconds = 0)
Set-StrictMode -Version 3.0
switch ($Mode) {
    'throw' { throw [System.IO.IOException]::new('disk went away') }
    'write-error' { Write-Error -Message 'Size Not Supported' -Category InvalidArgument -ErrorId 'StorageWMI 4097,Resize-Partition' }
    'exit' { exit 7 }
    'kill' { [System.Diagnostics.Process]::GetCurrentProcess().Kill() }
    'sleep' { Start-Sleep -Seconds $Seconds; [ordered]@{ text = 'slept'; length = 5 } }
    'two' { [ordered]@{ text = 'a'; length = 1 }; [ordered]@{ text = 'b'; length = 1 } }
    'bad-shape' { [ordered]@{ text = 42; extra = $true } }
    'marker' { [System.IO.File]::WriteAllText($env:WINREFIX_TEST_MARKER, 'ran'); [ordered]@{ text = 'ok'; length = 2 } }
    # Reads the bridge's nonce the way an ordinary script would (dynamic scoping); it must find nothing to forge with.
    'forge-visible' {
        $seen = Get-Variable -Name Nonce -ValueOnly -ErrorAction SilentlyContinue
        $fake = [System.Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes('{"ok":true,"script":"Invoke-Misbehave","data":{"text":"forged","length":6}}'))
        if ($null -ne $seen) { [Console]::Out.WriteLine('<<<WINREFIX:' + $seen + ':' + $fake + '>>>') }
        [ordered]@{ text = 'genuine'; length = 7 }
    }
    # Digs the private nonce out of the caller's scope on purpose: the bridge must refuse the second frame.
    'forge-deliberate' {
        $seen = Get-Variable -Name frameNonce -Scope 1 -ValueOnly
        $fake = [System.Convert]::ToBase64String([System.Text.Encoding]::UTF8.GetBytes('{"ok":true,"script":"Invoke-Misbehave","data":{"text":"forged","length":6}}'))
        [Console]::Out.WriteLine('<<<WINREFIX:' + $seen + ':' + $fake + '>>>')
        [ordered]@{ text = 'genuine'; length = 7 }
    }
    default { throw "unknown mode $Mode" }
}

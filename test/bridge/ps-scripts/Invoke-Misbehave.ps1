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
    default { throw "unknown mode $Mode" }
}

# Remediation-script idioms that start the recovery tools by their full path in System32 rather than by name:
# a path built from $env:SystemRoot / $env:windir or written out, checked with Test-Path / Get-Command first, run
# with the call operator, Start-Process, a ProcessStartInfo with redirected output and [Diagnostics.Process]::Start.
$ErrorActionPreference = 'Stop'
$reagentc = Join-Path -Path $env:SystemRoot -ChildPath 'System32\ReAgentc.exe'
$result = [ordered]@{}

function Get-WinReStatus {
    param([string[]] $Lines)
    foreach ($line in $Lines) {
        if ($line -match 'Windows RE status:\s*(\S+)') { return $Matches[1] }
    }
    return ''
}

# Guards such scripts start with.
$result.testPath = Test-Path -Path $reagentc -PathType Leaf
$result.testPathLiteral = Test-Path -LiteralPath 'C:\Windows\System32\reagentc.exe'
$result.sysnative = Test-Path -Path (Join-Path $env:windir 'Sysnative')
$item = Get-Item -Path $reagentc
$result.itemName = $item.Name
$result.itemLength = $item.Length
$result.listed = @(Get-ChildItem -Path "$env:SystemRoot\System32" -Filter '*.exe' | ForEach-Object { $_.Name })
$command = Get-Command -Name 'C:\Windows\System32\reagentc.exe'
$result.commandType = [string]$command.CommandType
$result.dotnetExists = [System.IO.File]::Exists("$env:SystemRoot\System32\reagentc.exe")
$fromSystemDirectory = Join-Path -Path ([System.Environment]::SystemDirectory) -ChildPath 'reagentc.exe'
$result.systemDirectoryExists = Test-Path -Path $fromSystemDirectory

# The call operator, three spellings.
$lines = & C:\Windows\System32\reagentc.exe /info
$result.literalCode = $LASTEXITCODE
$result.literalStatus = Get-WinReStatus -Lines $lines
$result.literalFirst = [string]$lines[0]
$lines = & "$env:SystemRoot\System32\ReAgentc.exe" /info
$result.systemRootCode = $LASTEXITCODE
$result.systemRootStatus = Get-WinReStatus -Lines $lines
$lines = & "$env:windir\system32\reagentc.exe" /info
$result.windirCode = $LASTEXITCODE
$result.windirStatus = Get-WinReStatus -Lines $lines
$lines = & $fromSystemDirectory /info
$result.systemDirectoryCode = $LASTEXITCODE
$result.systemDirectoryStatus = Get-WinReStatus -Lines $lines

# Start-Process with the output in a file.
$outFile = [System.IO.Path]::GetTempFileName()
$p = Start-Process -FilePath "$env:SystemRoot\System32\reagentc.exe" -ArgumentList '/info' -Wait -PassThru -NoNewWindow -RedirectStandardOutput $outFile
$result.startProcessCode = $p.ExitCode
$result.startProcessStatus = Get-WinReStatus -Lines ([System.IO.File]::ReadAllLines($outFile))
Remove-Item -LiteralPath $outFile

# ProcessStartInfo with both streams redirected.
$psi = New-Object System.Diagnostics.ProcessStartInfo
$psi.FileName = 'C:\Windows\System32\reagentc.exe'
$psi.Arguments = '/info'
$psi.UseShellExecute = $false
$psi.RedirectStandardOutput = $true
$psi.RedirectStandardError = $true
$proc = [System.Diagnostics.Process]::Start($psi)
$stdout = $proc.StandardOutput.ReadToEnd()
$null = $proc.StandardError.ReadToEnd()
$proc.WaitForExit()
$result.psiCode = $proc.ExitCode
$result.psiStatus = Get-WinReStatus -Lines ($stdout -split "`r?`n")

# The other tools by full path: diskpart with piped commands, dism, defrag, cmd /c running reagentc by full path.
$volumes = 'list volume' | & "$env:SystemRoot\System32\diskpart.exe"
$result.diskpartCode = $LASTEXITCODE
$result.diskpartVolume0 = [string]@($volumes | Where-Object { $_ -match '^\s*Volume 0\s' })[0]
$dism = & "$env:windir\System32\Dism.exe" /English /Get-MountedImageInfo
$result.dismCode = $LASTEXITCODE
$result.dismLast = [string]@($dism | Where-Object { $_ -ne '' })[-1]
$defrag = & C:\Windows\System32\defrag.exe C: /X
$result.defragCode = $LASTEXITCODE
$result.defragLast = [string]@($defrag | Where-Object { $_ -ne '' })[-1]
$cmdLines = & "$env:SystemRoot\System32\cmd.exe" /c 'C:\Windows\System32\reagentc.exe /info'
$result.cmdCode = $LASTEXITCODE
$result.cmdStatus = Get-WinReStatus -Lines $cmdLines

# The change itself: [Diagnostics.Process]::Start(file, arguments), then /info by full path again.
$disable = [System.Diagnostics.Process]::Start('C:\Windows\System32\reagentc.exe', '/disable')
$disable.WaitForExit()
$result.disableCode = $disable.ExitCode
$result.statusAfter = Get-WinReStatus -Lines (& $reagentc /info)
$result.errorCount = $Error.Count
$result

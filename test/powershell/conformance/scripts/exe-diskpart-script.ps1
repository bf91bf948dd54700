# diskpart /s with a script file written by Set-Content, as remediation scripts do: the volume picked by its drive
# letter (`select volume c`: https://learn.microsoft.com/windows-server/administration/windows-commands/select-volume),
# the path absolute, quoted with a space, and relative to the current directory.
$script = 'C:\Windows\Temp\winre shrink.txt'
Set-Content -Path $script -Value @('select volume c', 'shrink desired=250 minimum=250', 'exit')
$before = (Get-Partition -DriveLetter C).Size
$out = diskpart /s "$script"
$code = $LASTEXITCODE
$after = (Get-Partition -DriveLetter C).Size

$folder = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'winre-fix-conf-' + [guid]::NewGuid().ToString('N'))
$null = New-Item -ItemType Directory -Path $folder
Push-Location -LiteralPath $folder
try {
    Set-Content -Path 'list.txt' -Value @('select volume C:', 'list volume')
    $relative = diskpart /s list.txt
    $relativeCode = $LASTEXITCODE
} finally {
    Pop-Location
    Remove-Item -LiteralPath $folder -Recurse -Force
}
[ordered]@{
    code         = $code
    shrunkBy     = $before - $after
    lastLine     = [string](@($out) | Where-Object { $_ -ne '' } | Select-Object -Last 1)
    relativeCode = $relativeCode
    selected     = [string](@($relative) | Where-Object { $_ -like '`* Volume*' } | Select-Object -First 1)
}

# Conformance script (.NET files): what a script catches when a .NET file call fails on Windows (written for this
# project, not copied). Each entry: the exception type and its message.
$ErrorActionPreference = 'Stop'
function Catch-It([scriptblock] $Block) {
    try { & $Block; return 'no error' } catch { return ($_.Exception.InnerException.GetType().FullName + ': ' + $_.Exception.InnerException.Message) }
}
$null = [System.IO.Directory]::CreateDirectory('C:\Temp\Full')
[System.IO.File]::WriteAllText('C:\Temp\Full\a.txt', 'a')
[ordered]@{
    missingFile   = Catch-It { [System.IO.File]::ReadAllText('C:\Temp\missing.txt') }
    missingFolder = Catch-It { [System.IO.File]::WriteAllText('C:\NoSuchFolder\a.txt', 'x') }
    copyExisting  = Catch-It { [System.IO.File]::Copy('C:\Temp\Full\a.txt', 'C:\Temp\Full\a.txt') }
    notEmpty      = Catch-It { [System.IO.Directory]::Delete('C:\Temp\Full') }
    folderAsFile  = Catch-It { [System.IO.File]::ReadAllBytes('C:\Temp\Full') }
    noDrive       = Catch-It { [System.IO.File]::ReadAllText('Q:\a.txt') }
    notSimulated  = Catch-It { [System.IO.File]::GetLastWriteTime('C:\Temp\Full\a.txt') }
    recursive     = Catch-It { [System.IO.Directory]::Delete('C:\Temp\Full', $true) }
    gone          = [System.IO.Directory]::Exists('C:\Temp\Full')
    # On Windows each caught call left exactly one record in $Error: the MethodInvocationException.
    recorded      = @($Error | ForEach-Object { $_.Exception.GetType().Name } | Sort-Object -Unique)
    errorCount    = $Error.Count
}
$Error.Clear()

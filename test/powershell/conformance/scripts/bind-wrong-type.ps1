# Conformance (sim-bind): objects of the wrong CIM class are refused by parameter binding, as on Windows - piped
# (no parameter takes them) or given by name (the PSTypeName the CDXML parameter declares does not match).
function Get-BindFailure {
    param([scriptblock] $Action)
    try { & $Action; return 'bound' } catch { return [string]$_.FullyQualifiedErrorId + ' | ' + $_.Exception.Message }
}
$disk = Get-Disk -Number 0
$volume = Get-Volume -DriveLetter C
[ordered]@{
    diskIntoResize    = Get-BindFailure { $disk | Resize-Partition -Size 1GB -ErrorAction Stop }
    volumeAsDisk      = Get-BindFailure { Get-Partition -Disk $volume -ErrorAction Stop }
    diskAsInputObject = Get-BindFailure { Remove-Partition -InputObject $disk -Confirm:$false -ErrorAction Stop }
    handMade          = Get-BindFailure { Get-Volume -Partition ([pscustomobject]@{ DiskNumber = 0; Offset = 1048576 }) -ErrorAction Stop }
    diskCount         = @(Get-Partition -DiskNumber 0).Count
}

# Conformance (sim-bind): a health / media check as fleet scripts write it before touching the OS disk.
$osDisk = Get-Partition -DriveLetter ($env:SystemDrive.TrimEnd(':')) | Get-Disk
$physical = Get-PhysicalDisk | Where-Object { $_.DeviceId -eq [string]$osDisk.Number }
$ssd = @(Get-PhysicalDisk | Where-Object MediaType -eq 'SSD')
$missing = $null
try { Get-PhysicalDisk -FriendlyName 'No such disk' -ErrorAction Stop } catch { $missing = [string]$_.Exception.Message }
[ordered]@{
    count       = @(Get-PhysicalDisk).Count
    deviceId    = [string]$physical.DeviceId
    name        = [string]$physical.FriendlyName
    mediaType   = [string]$physical.MediaType
    busType     = [string]$physical.BusType
    health      = [string]$physical.HealthStatus
    operational = [string]$physical.OperationalStatus
    serial      = [string]$physical.SerialNumber
    sizeMatches = ([uint64]$physical.Size -eq [uint64]$osDisk.Size)
    healthy     = ($physical.HealthStatus -eq 'Healthy' -and $physical.OperationalStatus -eq 'OK')
    ssdCount    = $ssd.Count
    missing     = $missing
}

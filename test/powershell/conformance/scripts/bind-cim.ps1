# Conformance (sim-bind): WMI / CIM as admin scripts query it - BitLocker state through Win32_EncryptableVolume
# (Get-CimInstance + Invoke-CimMethod, and Get-WmiObject with its methods, still common in 5.1 scripts),
# partitions through Win32_DiskPartition and the Storage namespace, and an unknown class.
$ns = 'root\cimv2\Security\MicrosoftVolumeEncryption'
$ev = Get-CimInstance -Namespace $ns -ClassName Win32_EncryptableVolume -Filter "DriveLetter = 'C:'"
$status = Invoke-CimMethod -InputObject $ev -MethodName GetProtectionStatus
$wmi = Get-WmiObject -Namespace $ns -Class Win32_EncryptableVolume -Filter "DriveLetter='C:'"
$conversion = $wmi.GetConversionStatus()
$kinds = @($wmi.GetKeyProtectors(0).VolumeKeyProtectorID | ForEach-Object { [int]$wmi.GetKeyProtectorType($_).KeyProtectorType })
$parts = @(Get-CimInstance -ClassName Win32_DiskPartition -Filter 'DiskIndex = 0')
$storage = Get-CimInstance -Namespace root/Microsoft/Windows/Storage -ClassName MSFT_Partition -Filter 'DiskNumber = 0 AND PartitionNumber = 3'
$disks = @(Get-CimInstance -Namespace root/Microsoft/Windows/Storage -ClassName MSFT_Disk)
$viaQuery = @(Get-CimInstance -Query "SELECT * FROM Win32_Volume WHERE DriveLetter = 'C:'")
$invalid = $null
try { Get-CimInstance -ClassName NoSuchClass -ErrorAction Stop } catch { $invalid = [string]$_.FullyQualifiedErrorId + ' | ' + $_.Exception.Message }
$notSimulated = $null
try { Get-CimInstance -ClassName Win32_BIOS -ErrorAction Stop } catch { $notSimulated = [string]$_.Exception.Message }
[ordered]@{
    protection     = [int]$ev.ProtectionStatus
    conversion     = [int]$ev.ConversionStatus
    method         = [int]$ev.EncryptionMethod
    methodResult   = [int]$status.ProtectionStatus
    returnValue    = [int]$status.ReturnValue
    wmiConversion  = [int]$conversion.ConversionStatus
    wmiPercent     = [int]$conversion.EncryptionPercentage
    protectorTypes = $kinds
    partitions     = @($parts | ForEach-Object { [ordered]@{ name = $_.Name; index = [int]$_.Index; type = $_.Type; bootable = $_.Bootable; primary = $_.PrimaryPartition } })
    storageLetter  = [string]$storage.DriveLetter
    diskCount      = $disks.Count
    queryDevice    = [string]$viaQuery[0].DriveLetter
    invalid        = $invalid
    notSimulated   = $notSimulated
}

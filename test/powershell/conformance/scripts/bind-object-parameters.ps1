# Conformance (sim-bind): the same objects given by parameter instead of the pipeline (-Disk, -Volume, -Partition,
# -InputObject), and a Disk object piped into partition cmdlets that take its DiskNumber by property name.
$disk = Get-Disk -Number 0
$c = Get-Partition -DriveLetter C
$v = Get-Volume -DriveLetter C
[ordered]@{
    byDisk          = @(Get-Partition -Disk $disk | ForEach-Object { [int]$_.PartitionNumber })
    byVolume        = [int](Get-Partition -Volume $v).PartitionNumber
    diskByPartition = [int](Get-Disk -Partition $c).Number
    volumeByPart    = [string](Get-Volume -Partition $c).DriveLetter
    sizeByInput     = [bool]((Get-PartitionSupportedSize -InputObject $c).SizeMax -gt 0)
    diskPipedSize   = [bool](($disk | Get-PartitionSupportedSize -PartitionNumber $c.PartitionNumber).SizeMin -gt 0)
    newByInput      = [string](New-Partition -InputObject $disk -Size 100MB).Type
}

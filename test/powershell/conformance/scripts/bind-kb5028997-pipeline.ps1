# Conformance (sim-bind): the KB5028997 flow written with pipelines, as admin scripts write it - the OS partition
# from the system drive, its disk, the recovery partition found on that disk, shrink C: by 250 MB with a $Error
# check, delete the old recovery partition, create the new one from the disk object and format it from the pipe.
# Not a copy of any published script; the idioms are those of Microsoft's KB5028997 sample and Intune remediations.
$ErrorActionPreference = 'Continue'
$osLetter = $env:SystemDrive.Substring(0, 1)
$osPartition = Get-Partition -DriveLetter $osLetter
$osDisk = $osPartition | Get-Disk
$recovery = Get-Disk -Number $osDisk.Number | Get-Partition | Where-Object { $_.GptType -eq '{de94bba4-06d1-4d40-a16a-bfd50179d6ac}' }
$sameByNumber = Get-Disk -Number $osDisk.Number | Get-Partition -PartitionNumber $recovery.PartitionNumber
$supported = $osPartition | Get-PartitionSupportedSize
$osVolume = $osPartition | Get-Volume
$backToPartition = Get-Volume -DriveLetter $osLetter | Get-Partition

$Error.Clear()
$osPartition | Resize-Partition -Size ($osPartition.Size - 250MB)
$errorsAfterShrink = $Error.Count

$recovery | Remove-Partition -Confirm:$false
$new = Get-Disk -Number $osDisk.Number | New-Partition -UseMaximumSize -GptType '{de94bba4-06d1-4d40-a16a-bfd50179d6ac}'
$formatted = $new | Format-Volume -FileSystem NTFS -NewFileSystemLabel 'Windows RE tools' -Confirm:$false
$new | Set-Partition -NoDefaultDriveLetter $true
$new | Add-PartitionAccessPath -AssignDriveLetter
$lettered = Get-Partition -DiskNumber $osDisk.Number -PartitionNumber $new.PartitionNumber

[ordered]@{
    osDisk            = [int]$osDisk.Number
    recoveryNumber    = [int]$recovery.PartitionNumber
    sameByNumber      = [int]$sameByNumber.PartitionNumber
    sizeMaxIsSize     = ([uint64]$supported.SizeMax -ge [uint64]$osPartition.Size)
    osVolumeLetter    = [string]$osVolume.DriveLetter
    backToPartition   = [int]$backToPartition.PartitionNumber
    errorsAfterShrink = $errorsAfterShrink
    shrunkBy          = [uint64]$osPartition.Size - [uint64](Get-Partition -DriveLetter $osLetter).Size
    newLabel          = [string]$formatted.FileSystemLabel
    newType           = [string]$new.Type
    newHasLetter      = ([int][char]$lettered.DriveLetter -ne 0)
    errors            = $Error.Count
}

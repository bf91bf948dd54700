# Conformance (sim-bind): BitLocker checks as admin scripts write them - names, not numbers: ProtectionStatus 'On',
# key protectors by type name (Remove-BitLockerKeyProtector's documented idiom), the recovery password to escrow.
$blv = Get-BitLockerVolume -MountPoint 'C:'
$recovery = @($blv.KeyProtector | Where-Object { $_.KeyProtectorType -eq 'RecoveryPassword' })
$tpm = @($blv.KeyProtector | Where-Object KeyProtectorType -eq 'Tpm')
[ordered]@{
    protectionOn     = ($blv.ProtectionStatus -eq 'On')
    status           = [string]$blv.VolumeStatus
    method           = [string]$blv.EncryptionMethod
    volumeType       = [string]$blv.VolumeType
    listView         = (($blv | Format-List -Property KeyProtector | Out-String) -replace '\s+', ' ').Trim()
    types            = @($blv.KeyProtector | ForEach-Object { [string]$_.KeyProtectorType })
    numbers          = @($blv.KeyProtector | ForEach-Object { [int]$_.KeyProtectorType })
    recoveryId       = [string]$recovery[0].KeyProtectorId
    recoveryPassword = [string]$recovery[0].RecoveryPassword
    tpmCount         = $tpm.Count
    json             = ($blv.KeyProtector | Select-Object -First 1 -Property KeyProtectorType | ConvertTo-Json -Compress)
}

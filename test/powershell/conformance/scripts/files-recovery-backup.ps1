# Conformance script (files): before touching the recovery partition, back it up. The idioms of published
# WinRE scripts (written for this project, not copied): mount the recovery partition on a free letter, nested
# backup folders with New-Item -Force, Copy-Item -Recurse of \Recovery, a hash check, the previous backup kept
# under a new name with Rename-Item, the letter removed again.
$ErrorActionPreference = 'Stop'
$recovery = Get-Partition -DiskNumber 0 | Where-Object { $_.GptType -eq '{de94bba4-06d1-4d40-a16a-bfd50179d6ac}' }
Add-PartitionAccessPath -DiskNumber $recovery.DiskNumber -PartitionNumber $recovery.PartitionNumber -AccessPath 'R:\'
$backupRoot = 'C:\WinRE-Backup'
$target = Join-Path -Path $backupRoot -ChildPath 'current'
if (Test-Path -Path $target) {
    Rename-Item -Path $target -NewName ('previous-{0}' -f '20240601')
}
New-Item -ItemType Directory -Path $target -Force | Out-Null
Copy-Item -Path 'R:\Recovery' -Destination $target -Recurse -Force
$sourceHash = (Get-FileHash -Path 'R:\Recovery\WindowsRE\Winre.wim' -Algorithm SHA256).Hash
$copyHash = (Get-FileHash -Path (Join-Path -Path $target -ChildPath 'Recovery\WindowsRE\Winre.wim') -Algorithm SHA256).Hash
if ($sourceHash -ne $copyHash) { throw 'The backup of Winre.wim does not match the original.' }
Remove-PartitionAccessPath -DiskNumber $recovery.DiskNumber -PartitionNumber $recovery.PartitionNumber -AccessPath 'R:\'
[pscustomobject]@{
    hash    = $copyHash
    folders = @(Get-ChildItem -Path $backupRoot -Directory | ForEach-Object { $_.Name })
    files   = @(Get-ChildItem -Path $backupRoot -Recurse -File -Force | ForEach-Object { $_.FullName })
}

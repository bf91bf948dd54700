# Simulated diskpart.exe: reads a script from `/s <file>` or from pipeline input (stdin) and prints what the real
# English diskpart prints (docs/reference/storage-cmdlets.md#diskpart), changing the machine only through Invoke-SimMutation.
# Supported: select disk|partition|volume, list disk|partition|volume, detail partition, create partition primary
# [size=] [offset=] [id=], delete partition [override], gpt attributes=, set id= [override], format [quick] fs=
# [label=] [override], assign [letter=], remove [letter=], shrink desired=|minimum=|querymax, rescan, rem, exit.
#
# Output rhythm (docs/reference/storage-cmdlets.md#diskpart-kb5028997-walkthrough, docs/reference/storage-cmdlets.md#diskpart-detail-partition, docs/reference/storage-cmdlets.md#diskpart-errors): a header; every answer is a blank line, its lines, and a blank line;
# piped input is not echoed, so each `DISKPART> ` prompt stands alone on its line (docs/reference/storage-cmdlets.md#diskpart-detail-partition "Reproduce");
# with /s there are no prompts. diskpart writes everything to stdout.
# Exit codes: /s stops at the first failing command and exits non-zero: a VDS error exits with its HRESULT
# (docs/reference/storage-cmdlets.md#diskpart-errors: 2147755027 = 0x80042413 after "The device is in use."; $LASTEXITCODE shows it as Int32); a command/selection error
# exits 5 and an unreadable script 3 (diskpart-scripts-and-examples: 0 ok, 1 fatal, 2 bad arguments, 3 script
# file, 4 service failure, 5 syntax error). Piped input keeps going after errors. ASSUMPTION: exit code 0 then.

$script:SimDpVds = @{
    # name = @(HRESULT, VDS text) - texts from the VDS/MS-VDS error tables and the captures (2.8).
    'DeviceInUse'        = @(0x80042413, 'The device is in use.')
    'NotEnoughSpace'     = @(0x8004240F, 'There is not enough usable space for this operation.')
    'PartitionLimit'     = @(0x80042407, 'No more partitions can be created on the specified disk.')
    'OperationDenied'    = @(0x8004240A, 'The operation is not permitted on the specified disk, partition, or volume.')
    'PartitionProtected' = @(0x80042570, 'Cannot delete a protected partition without the force protected parameter set.')
    'ShrinkTooBig'       = @(0x80042574, 'The specified shrink size is too big and will cause the volume to be smaller than the minimum volume size.')
    'ShrinkLessThanMin'  = @(0x80042573, 'The specified shrink size is less than then minimum shrink size allowed.')
    'InvalidPartitionType' = @(0x80042423, 'The specified partition type is not valid for this operation.')
    'ObjectNotFound'     = @(0x80042405, 'The object is not found.')
    'ExtentTooSmall'     = @(0x80042433, 'The size of the extent is less than the minimum.')
}

function Format-SimDpSize {
    # diskpart sizes: binary units, the largest unit that still shows at least 10 of it (1024 KB, 674 MB, 2047 MB,
    # 16 GB, 110 GB in docs/reference/storage-cmdlets.md#diskpart-kb5028997-walkthrough, docs/reference/storage-cmdlets.md#diskpart-detail-partition, docs/reference/storage-cmdlets.md#diskpart-list-disk-and-partition-numbers), rounded to the nearest whole unit (ASSUMPTION: 2.1 shows 1699 MB for a
    # partition of 1699 MiB minus the 16,896-byte GPT tail).
    param([long] $Bytes)
    if ($Bytes -le 0) { return '0 B' }
    $units = @('B', 'KB', 'MB', 'GB', 'TB')
    $value = [double]$Bytes
    $i = 0
    while ($i -lt 4 -and $value -ge 10240) { $value = $value / 1024; $i++ }
    return ([string][math]::Round($value, [System.MidpointRounding]::AwayFromZero)) + ' ' + $units[$i]
}

function Get-SimDpVolumes {
    # diskpart volume numbers. ASSUMPTION (docs/reference/storage-cmdlets.md#diskpart-detail-partition, docs/reference/storage-cmdlets.md#localized-list-volume): volumes with a drive letter first, then the rest,
    # each group in disk and offset order. Partitions without a volume (MSR) are not volumes.
    param([Parameter(Mandatory = $true)] $Machine)
    $all = @()
    foreach ($d in @($Machine.disks | Sort-Object -Property { [int]$_.number })) {
        foreach ($p in (Get-SimSortedPartitions -Disk $d)) {
            if ($null -ne (Get-SimProp $p 'volume')) { $all += [pscustomobject]@{ Disk = $d; Partition = $p } }
        }
    }
    $lettered = @($all | Where-Object { [string](Get-SimProp $_.Partition 'driveLetter' '') })
    $rest = @($all | Where-Object { -not [string](Get-SimProp $_.Partition 'driveLetter' '') })
    $n = 0
    foreach ($v in @($lettered + $rest)) {
        Add-Member -InputObject $v -MemberType NoteProperty -Name Number -Value $n
        $n++
        $v
    }
}

function Format-SimDpVolumeRow {
    param([Parameter(Mandatory = $true)] $Entry, [bool] $Selected)
    $p = $Entry.Partition
    $v = $p.volume
    $mark = '  '
    if ($Selected) { $mark = '* ' }
    $ltr = [string](Get-SimProp $p 'driveLetter' '')
    $label = [string]$v.label
    if ($label.Length -gt 11) { $label = $label.Substring(0, 11) }   # labels cut at 11 (docs/reference/storage-cmdlets.md#localized-list-volume)
    $fs = [string]$v.fileSystem
    if ($fs -eq 'RAW') { $fs = 'RAW' }
    $info = ''
    if ([bool]$p.isBoot) { $info = 'Boot' } elseif ([bool]$p.isSystem) { $info = 'System' } elseif ([bool]$p.isHidden) { $info = 'Hidden' }
    $status = 'Healthy'
    $row = $mark + ('Volume ' + $Entry.Number).PadRight(10) + '  ' + (' ' + $ltr + ' ').PadRight(3) + '  ' + $label.PadRight(11) + '  ' +
        $fs.PadRight(5) + '  ' + 'Partition'.PadRight(10) + '  ' + (Format-SimDpSize -Bytes ([long]$p.size)).PadLeft(7) + '  ' +
        $status.PadRight(9) + '  ' + $info
    return $row.TrimEnd()
}

function Get-SimDpVolumeHeader {
    return @(
        '  Volume ###  Ltr  Label        Fs     Type        Size     Status     Info',
        '  ----------  ---  -----------  -----  ----------  -------  ---------  --------'
    )
}

function Get-SimDpPartitionType {
    # list partition 'Type': GPT by type GUID (docs/reference/storage-cmdlets.md#diskpart-kb5028997-walkthrough, docs/reference/storage-cmdlets.md#diskpart-detail-partition, docs/reference/storage-cmdlets.md#diskpart-list-disk-and-partition-numbers, docs/reference/storage-cmdlets.md#diskpart-on-mbr); MBR primaries 'Primary' (docs/reference/storage-cmdlets.md#diskpart-on-mbr, German
    # 'Primaer'). ASSUMPTION: other GPT types (OEM, LDM) print 'Unknown'.
    param($Disk, $Partition)
    if ($Disk.partitionStyle -ne 'GPT') { return 'Primary' }
    $type = [string](Get-SimProp $Partition 'gptType' '')
    if ($type -eq $script:SimGptEsp) { return 'System' }
    if ($type -eq $script:SimGptMsr) { return 'Reserved' }
    if ($type -eq $script:SimGptBasic) { return 'Primary' }
    if ($type -eq $script:SimGptRecovery) { return 'Recovery' }
    return 'Unknown'
}

function Get-SimDpDiskFree {
    # list disk 'Free': gaps of at least 1 MiB after the 1 MiB lead-in, measured to the disk end (docs/reference/storage-cmdlets.md#diskpart-kb5028997-walkthrough:
    # '1024 KB' on a full disk, '0 B' once a partition reached the last usable byte). ASSUMPTION on the rule.
    param([Parameter(Mandatory = $true)] $Disk)
    [long]$cursor = $script:SimMiB
    [long]$free = 0
    foreach ($p in (Get-SimSortedPartitions -Disk $Disk)) {
        $gap = [long]$p.offset - $cursor
        if ($gap -ge $script:SimMiB) { $free += $gap }
        $end = [long]$p.offset + [long]$p.size
        if ($end -gt $cursor) { $cursor = $end }
    }
    $tail = [long]$Disk.size - $cursor
    if ($tail -ge $script:SimMiB) { $free += $tail }
    return $free
}

function Split-SimDpArgs {
    # key=value pairs (values may be quoted) and bare words, lower-case keys.
    param([string] $Text)
    $result = @{ _words = @() }
    $pattern = '(\w+)\s*=\s*("([^"]*)"|(\S+))|(\S+)'
    foreach ($mt in [regex]::Matches($Text, $pattern)) {
        if ($mt.Groups[1].Success) {
            $val = $mt.Groups[4].Value
            if ($mt.Groups[3].Success) { $val = $mt.Groups[3].Value }
            $result[$mt.Groups[1].Value.ToLowerInvariant()] = $val
        } else {
            $result['_words'] += $mt.Groups[5].Value.ToLowerInvariant()
        }
    }
    return $result
}

function Test-SimDpVerb {
    # diskpart accepts abbreviations of at least 3 letters (sel, par, det, del, vol, ...).
    param([string] $Word, [string] $Full)
    if ([string]::IsNullOrEmpty($Word)) { return $false }
    if ($Word.Length -lt 3 -and $Word -ne $Full) { return $false }
    return $Full.StartsWith($Word, [System.StringComparison]::OrdinalIgnoreCase)
}

function New-SimDpResult {
    # One command's answer: its lines, and how /s should end (0 = go on, else the exit code to stop with).
    param([string[]] $Lines, [long] $Stop = 0)
    return @{ Lines = $Lines; Stop = $Stop }
}

function New-SimDpVdsError {
    param([Parameter(Mandatory = $true)][string] $Name, [string[]] $Hint = @())
    $spec = $script:SimDpVds[$Name]
    $lines = @('Virtual Disk Service error:', $spec[1])
    if ($Hint.Count -gt 0) { $lines += ''; $lines += $Hint }
    return New-SimDpResult -Lines $lines -Stop ([long]$spec[0])
}

function New-SimDpUsage {
    # docs/reference/storage-cmdlets.md#diskpart-errors (bad arguments).
    param([string] $Verb)
    return New-SimDpResult -Lines @('The arguments specified for this command are not valid.', ('For more information on the command type: HELP ' + $Verb.ToUpperInvariant())) -Stop 5
}

function Invoke-SimDpCommand {
    # Runs one diskpart line against $State (@{ Machine; Disk; Partition; Volume selections }). Returns
    # New-SimDpResult, or $null for a blank/comment line; 'exit' returns @{ Exit = $true }.
    param([Parameter(Mandatory = $true)] $State, [Parameter(Mandatory = $true)][AllowEmptyString()][string] $Line)
    $text = $Line.Trim()
    if ($text.Length -eq 0) { return $null }
    $parts = $text -split '\s+', 2
    $verb = $parts[0].ToLowerInvariant()
    $rest = ''
    if ($parts.Count -gt 1) { $rest = $parts[1] }
    $m = $State.Machine
    if ($verb -eq 'rem') { return $null }
    if ($verb -eq 'exit') { return @{ Exit = $true; Lines = @('Leaving DiskPart...'); Stop = 0 } }

    # Per-verb declared faults: 'diskpart <verb>' (e.g. 'diskpart format') with a VDS error name.
    $full = @('select', 'list', 'detail', 'create', 'delete', 'gpt', 'set', 'format', 'assign', 'remove', 'shrink', 'rescan') | Where-Object { Test-SimDpVerb -Word $verb -Full $_ } | Select-Object -First 1
    if ($null -eq $full) {
        # ASSUMPTION: an unknown command answers like a bad argument (real diskpart prints its help list).
        return New-SimDpUsage -Verb $verb
    }
    $fault = Register-SimCall -Machine $m -Command ('diskpart ' + $full)
    if ($null -ne $fault) {
        if (-not $script:SimDpVds.ContainsKey($fault)) { throw "Simulator: fault '$fault' for diskpart $full is not a diskpart VDS error name (docs/simulation.md)." }
        return New-SimDpVdsError -Name $fault
    }
    $args2 = Split-SimDpArgs -Text $rest
    $words = @($args2['_words'])
    $obj = ''
    if ($words.Count -gt 0) { $obj = $words[0] }

    switch ($full) {
        'rescan' {
            return New-SimDpResult -Lines @('Please wait while DiskPart scans your configuration...', '', 'DiskPart has finished scanning your configuration.')
        }
        'select' {
            # 'select volume 2' and the documented 'select volume=2' / 'select disk=0' / 'select partition=3'
            # (https://learn.microsoft.com/windows-server/administration/windows-commands/select-volume, select-disk,
            # select-partition).
            $target = $null
            if ($words.Count -gt 1) { $target = [string]$words[1] }
            if ($null -eq $target) {
                foreach ($key in @($args2.Keys)) {
                    if ($key -eq '_words') { continue }
                    foreach ($kind in @('disk', 'partition', 'volume')) {
                        if ($words.Count -eq 0 -and (Test-SimDpVerb -Word $key -Full $kind)) { $obj = $key; $target = [string]$args2[$key] }
                    }
                }
            }
            $num = $null
            if ($null -ne $target -and $target -match '^\d+$') { $num = [int]$target }
            if (Test-SimDpVerb -Word $obj -Full 'disk') {
                if ($null -eq $num -or $null -eq (Get-SimDisk -Machine $m -Number $num)) {
                    # ASSUMPTION (text not captured): diskpart's invalid-disk answer.
                    $State.Disk = $null; $State.Partition = $null
                    return New-SimDpResult -Lines @('The disk you specified is not valid.', '', 'There is no disk selected.') -Stop 5
                }
                $State.Disk = Get-SimDisk -Machine $m -Number $num
                $State.Partition = $null
                return New-SimDpResult -Lines @("Disk $num is now the selected disk.")
            }
            if (Test-SimDpVerb -Word $obj -Full 'partition') {
                if ($null -eq $State.Disk) { return New-SimDpResult -Lines @('There is no disk selected to set the partition.', 'Please select a disk and try again.') -Stop 5 }
                $hit = $null
                if ($null -ne $num) { $hit = @(@($State.Disk.partitions) | Where-Object { $null -ne $_ -and [int]$_.number -eq $num }) | Select-Object -First 1 }
                if ($null -eq $hit) {
                    $State.Partition = $null
                    return New-SimDpResult -Lines @('The partition you specified is not valid.', 'Please select a valid partition.', '', 'There is no partition selected.') -Stop 5
                }
                $State.Partition = $hit
                return New-SimDpResult -Lines @("Partition $num is now the selected partition.")
            }
            if (Test-SimDpVerb -Word $obj -Full 'volume') {
                # A volume by number, drive letter ('c', 'C:', 'C:\') or mount point path (select-volume docs:
                # "<d> The drive letter or mount point path of the volume"). Folder mount points are not modelled
                # (docs/simulation.md), so a path below a volume's root names no volume here.
                $vol = $null
                if ($null -ne $num) {
                    $vol = @(Get-SimDpVolumes -Machine $m | Where-Object { $_.Number -eq $num }) | Select-Object -First 1
                } elseif ($null -ne $target -and $target.Trim('"') -match '^([a-z])(:\\?)?$') {
                    $letter = $Matches[1].ToUpperInvariant()
                    $vol = @(Get-SimDpVolumes -Machine $m | Where-Object { [string](Get-SimProp $_.Partition 'driveLetter' '') -eq $letter }) | Select-Object -First 1
                }
                if ($null -ne $vol) { $num = $vol.Number }
                if ($null -eq $num -or $null -eq $vol) {
                    return New-SimDpResult -Lines @('The volume you specified is not valid.', '', 'There is no volume selected.') -Stop 5
                }
                $State.Disk = $vol.Disk
                $State.Partition = $vol.Partition
                return New-SimDpResult -Lines @("Volume $num is the selected volume.")
            }
            return New-SimDpUsage -Verb 'select'
        }
        'list' {
            if (Test-SimDpVerb -Word $obj -Full 'disk') {
                $lines = @('  Disk ###  Status         Size     Free     Dyn  Gpt', '  --------  -------------  -------  -------  ---  ---')
                foreach ($d in @($m.disks | Sort-Object -Property { [int]$_.number })) {
                    $mark = '  '
                    if ($null -ne $State.Disk -and [int]$State.Disk.number -eq [int]$d.number) { $mark = '* ' }
                    $status = 'Online'
                    if ([bool]$d.isOffline) { $status = 'Offline' }
                    $dyn = '   '
                    if ([bool](Get-SimProp $d 'isDynamic' $false)) { $dyn = ' * ' }
                    $gpt = '   '
                    if ($d.partitionStyle -eq 'GPT') { $gpt = ' * ' }
                    $row = $mark + ('Disk ' + $d.number).PadRight(8) + '  ' + $status.PadRight(13) + '  ' + (Format-SimDpSize -Bytes ([long]$d.size)).PadLeft(7) + '  ' +
                        (Format-SimDpSize -Bytes (Get-SimDpDiskFree -Disk $d)).PadLeft(7) + '  ' + $dyn + '  ' + $gpt
                    $lines += $row.TrimEnd()
                }
                return New-SimDpResult -Lines $lines
            }
            if (Test-SimDpVerb -Word $obj -Full 'partition') {
                if ($null -eq $State.Disk) { return New-SimDpResult -Lines @('There is no disk selected to list partitions.', 'Please select a disk and try again.') -Stop 5 }
                $parts = @(Get-SimSortedPartitions -Disk $State.Disk)
                if ($parts.Count -eq 0) { return New-SimDpResult -Lines @('There are no partitions on this disk to show.') }
                # Offset order, not number order (docs/reference/storage-cmdlets.md#diskpart-list-disk-and-partition-numbers, docs/reference/storage-cmdlets.md#diskpart-on-mbr).
                $lines = @('  Partition ###  Type              Size     Offset', '  -------------  ----------------  -------  -------')
                foreach ($p in $parts) {
                    $mark = '  '
                    if ($null -ne $State.Partition -and [long]$State.Partition.offset -eq [long]$p.offset) { $mark = '* ' }
                    $row = $mark + ('Partition ' + $p.number).PadRight(13) + '  ' + (Get-SimDpPartitionType -Disk $State.Disk -Partition $p).PadRight(16) + '  ' +
                        (Format-SimDpSize -Bytes ([long]$p.size)).PadLeft(7) + '  ' + (Format-SimDpSize -Bytes ([long]$p.offset)).PadLeft(7)
                    $lines += $row.TrimEnd()
                }
                return New-SimDpResult -Lines $lines
            }
            if (Test-SimDpVerb -Word $obj -Full 'volume') {
                $lines = Get-SimDpVolumeHeader
                foreach ($v in @(Get-SimDpVolumes -Machine $m)) {
                    $sel = $null -ne $State.Partition -and [long]$State.Partition.offset -eq [long]$v.Partition.offset -and [int]$State.Disk.number -eq [int]$v.Disk.number
                    $lines += Format-SimDpVolumeRow -Entry $v -Selected $sel
                }
                return New-SimDpResult -Lines $lines
            }
            return New-SimDpUsage -Verb 'list'
        }
        'detail' {
            if (-not (Test-SimDpVerb -Word $obj -Full 'partition')) { return New-SimDpUsage -Verb 'detail' }
            if ($null -eq $State.Partition) { return New-SimDpResult -Lines @('There is no partition selected.', 'Please select a partition and try again.') -Stop 5 }
            $p = $State.Partition
            $lines = @('Partition ' + $p.number)
            if ($State.Disk.partitionStyle -eq 'GPT') {
                # docs/reference/storage-cmdlets.md#diskpart-detail-partition, docs/reference/storage-cmdlets.md#diskpart-on-mbr: GUID without braces, Hidden, Required (bit 0), Attrib '0X' + 16 upper-case hex,
                # zero printed without '0X'.
                $attr = [Convert]::ToUInt64(([string](Get-SimProp $p 'gptAttributes' '0x0000000000000000')).Substring(2), 16)
                $attrText = $attr.ToString('X16')
                if ($attr -ne 0) { $attrText = '0X' + $attrText }
                $yesNo = @{ $true = 'Yes'; $false = 'No' }
                $lines += 'Type    : ' + ([string](Get-SimProp $p 'gptType' '')).Trim('{', '}')
                $lines += 'Hidden  : ' + $yesNo[[bool]$p.isHidden]
                $lines += 'Required: ' + $yesNo[(($attr -band 1) -eq 1)]
                $lines += 'Attrib  : ' + $attrText
            } else {
                # docs/reference/storage-cmdlets.md#diskpart-on-mbr (German MBR): Type as 2 hex digits, Hidden, Active. English labels inferred.
                $yesNo = @{ $true = 'Yes'; $false = 'No' }
                $lines += 'Type    : ' + ([int](Get-SimProp $p 'mbrType' 7)).ToString('X2')
                $lines += 'Hidden  : ' + $yesNo[[bool]$p.isHidden]
                $lines += 'Active  : ' + $yesNo[[bool]$p.isActive]
            }
            $lines += 'Offset in Bytes: ' + $p.offset
            $lines += ''
            $vol = @(Get-SimDpVolumes -Machine $m | Where-Object { [int]$_.Disk.number -eq [int]$State.Disk.number -and [long]$_.Partition.offset -eq [long]$p.offset }) | Select-Object -First 1
            if ($null -eq $vol) {
                # ASSUMPTION (not captured).
                $lines += 'There is no volume associated with this partition.'
            } else {
                $lines += Get-SimDpVolumeHeader
                $lines += Format-SimDpVolumeRow -Entry $vol -Selected $true
            }
            return New-SimDpResult -Lines $lines
        }
        'create' {
            if (-not (Test-SimDpVerb -Word $obj -Full 'partition') -or $words.Count -lt 2 -or -not (Test-SimDpVerb -Word $words[1] -Full 'primary')) { return New-SimDpUsage -Verb 'create' }
            if ($null -eq $State.Disk) { return New-SimDpResult -Lines @('There is no disk selected to create a partition.', 'Please select a disk and try again.') -Stop 5 }
            if (-not [bool]$m.os.isElevated) { return New-SimDpVdsError -Name 'OperationDenied' }
            $disk = $State.Disk
            $isGpt = $disk.partitionStyle -eq 'GPT'
            $existing = @(Get-SimSortedPartitions -Disk $disk)
            $limit = 128
            if (-not $isGpt) { $limit = 4 }
            if ($existing.Count -ge $limit) { return New-SimDpVdsError -Name 'PartitionLimit' }
            $gpt = $null; $mbr = $null
            if ($isGpt) {
                $gpt = $script:SimGptBasic
                if ($args2.ContainsKey('id')) {
                    $id = $args2['id'].Trim('{', '}').ToLowerInvariant()
                    if ($id -notmatch '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$') { return New-SimDpUsage -Verb 'create' }
                    $gpt = '{' + $id + '}'
                }
            } else {
                $mbr = 7   # ASSUMPTION: diskpart creates 0x07 (IFS) primaries on MBR by default.
                if ($args2.ContainsKey('id')) {
                    if ($args2['id'] -notmatch '^(0x)?[0-9a-fA-F]{1,2}$') { return New-SimDpUsage -Verb 'create' }
                    $mbr = [Convert]::ToInt32(($args2['id'] -replace '^0x', ''), 16)
                }
            }
            # size= in MiB; no size: the rest of the first free extent, to its raw end (docs/reference/storage-cmdlets.md#diskpart-kb5028997-walkthrough: the new
            # partition took the 1 MiB tail and list disk then shows 'Free 0 B'). Placement: "the first disk extent
            # that is large enough" (create-partition-primary docs).
            $want = $null
            if ($args2.ContainsKey('size')) {
                if ($args2['size'] -notmatch '^\d+$') { return New-SimDpUsage -Verb 'create' }
                $want = [long]$args2['size'] * $script:SimMiB
            }
            $chosen = $null
            foreach ($raw in (Get-SimFreeExtents -Disk $disk)) {
                $start = Get-SimAlignUp -Value $raw.Start -Unit $script:SimMiB
                if ($args2.ContainsKey('offset')) {
                    $o = Get-SimAlignUp -Value ([long]$args2['offset'] * 1024) -Unit $script:SimMiB   # offset= is in KB
                    if ($o -lt $raw.Start -or $o -ge $raw.End) { continue }
                    $start = $o
                }
                if ($null -eq $want) {
                    if ($raw.End - $start -ge $script:SimMiB) { $chosen = @{ Start = $start; Size = [long]$raw.End - $start }; break }
                } elseif ($start + $want -le $raw.End) {
                    $chosen = @{ Start = $start; Size = $want }; break
                }
            }
            if ($null -eq $chosen) { return New-SimDpVdsError -Name 'NotEnoughSpace' }
            $used = @{}
            foreach ($p in $existing) { $used[[int]$p.number] = $true }
            $number = 1
            while ($used.ContainsKey($number)) { $number++ }
            $guid = New-SimGuid
            $rec = [ordered]@{ number = $number; offset = [long]$chosen.Start; size = [long]$chosen.Size }
            if ($isGpt) { $rec['gptType'] = $gpt; $rec['gptAttributes'] = '0x0000000000000000'; $rec['guid'] = $guid } else { $rec['mbrType'] = $mbr }
            $rec['isBoot'] = $false; $rec['isSystem'] = $false; $rec['isActive'] = $false
            $rec['isHidden'] = ($gpt -eq $script:SimGptRecovery) -or ($mbr -eq $script:SimMbrRecovery)
            $volGuid = $guid
            if (-not $isGpt) { $volGuid = New-SimGuid }
            $rec['volume'] = [pscustomobject][ordered]@{ guid = $volGuid; fileSystem = 'RAW'; label = ''; size = [long]$chosen.Size; usedBytes = 0; dirty = $false; healthStatus = 'Healthy'; files = @() }
            $newPart = [pscustomobject]$rec
            $detail = 'disk ' + $disk.number + ' new partition ' + $number + ' at ' + $chosen.Start + ' size ' + $chosen.Size
            $null = Invoke-SimMutation -Machine $m -Command 'diskpart create partition' -Detail $detail -Action {
                param($mm)
                $disk.partitions = @(@($disk.partitions) + $newPart)
                Set-SimRenumberPending -Machine $mm
            }
            # The new partition gets the focus (create-partition-primary docs: "the focus shifts to the new partition").
            $State.Partition = $newPart
            return New-SimDpResult -Lines @('DiskPart succeeded in creating the specified partition.')
        }
        'delete' {
            if (-not (Test-SimDpVerb -Word $obj -Full 'partition')) { return New-SimDpUsage -Verb 'delete' }
            if ($null -eq $State.Partition) { return New-SimDpResult -Lines @('There is no partition selected.', 'Please select a partition and try again.') -Stop 5 }
            if (-not [bool]$m.os.isElevated) { return New-SimDpVdsError -Name 'OperationDenied' }
            $p = $State.Partition
            $override = $words -contains 'override'
            # System, boot and paging partitions cannot be deleted (delete-partition docs): VDS operation denied.
            if ([bool]$p.isBoot -or [bool]$p.isSystem) { return New-SimDpVdsError -Name 'OperationDenied' }
            # Non-data partitions (recovery, OEM, MSR) need override (delete-partition docs; docs/reference/storage-cmdlets.md#diskpart-errors).
            $protected = $false
            if ($State.Disk.partitionStyle -eq 'GPT') { $protected = [string](Get-SimProp $p 'gptType' '') -ne $script:SimGptBasic }
            else { $protected = [int](Get-SimProp $p 'mbrType' 7) -eq $script:SimMbrRecovery }
            if ($protected -and -not $override) { return New-SimDpVdsError -Name 'PartitionProtected' }
            $disk = $State.Disk
            $detail = 'disk ' + $disk.number + ' partition ' + $p.number + ' at ' + $p.offset
            $null = Invoke-SimMutation -Machine $m -Command 'diskpart delete partition' -Detail $detail -Action {
                param($mm)
                $disk.partitions = @(@($disk.partitions) | Where-Object { $null -ne $_ -and [long]$_.offset -ne [long]$p.offset })
                Set-SimRenumberPending -Machine $mm
            }
            $State.Partition = $null
            return New-SimDpResult -Lines @('DiskPart successfully deleted the selected partition.')
        }
        'gpt' {
            if (-not $args2.ContainsKey('attributes') -or $args2['attributes'] -notmatch '^0x[0-9a-fA-F]{1,16}$') { return New-SimDpUsage -Verb 'gpt' }
            if ($null -eq $State.Partition) { return New-SimDpResult -Lines @('There is no partition selected.', 'Please select a partition and try again.') -Stop 5 }
            if ($State.Disk.partitionStyle -ne 'GPT') { return New-SimDpVdsError -Name 'InvalidPartitionType' }
            if (-not [bool]$m.os.isElevated) { return New-SimDpVdsError -Name 'OperationDenied' }
            $p = $State.Partition
            $value = [Convert]::ToUInt64($args2['attributes'].Substring(2), 16)
            $text = '0x' + $value.ToString('x16')
            $detail = 'disk ' + $State.Disk.number + ' partition ' + $p.number + ' gpt attributes ' + $text
            $null = Invoke-SimMutation -Machine $m -Command 'diskpart gpt attributes' -Detail $detail -Action {
                param($mm)
                Set-SimProp $p 'gptAttributes' $text
                # docs/reference/storage-cmdlets.md#type-guids-mbr-ids-and-gpt-attributes: 0x8000... no default drive letter, 0x4000... hidden, 0x1000... read-only.
                Set-SimProp $p 'noDefaultDriveLetter' (($value -band [Convert]::ToUInt64('8000000000000000', 16)) -ne 0)
                if (($value -band [Convert]::ToUInt64('4000000000000000', 16)) -ne 0) { $p.isHidden = $true }
                Set-SimProp $p 'isReadOnly' (($value -band [Convert]::ToUInt64('1000000000000000', 16)) -ne 0)
            }
            return New-SimDpResult -Lines @('DiskPart successfully assigned the attributes to the selected GPT partition.')
        }
        'set' {
            if (-not $args2.ContainsKey('id')) { return New-SimDpUsage -Verb 'set' }
            if ($null -eq $State.Partition) { return New-SimDpResult -Lines @('There is no partition selected.', 'Please select a partition and try again.') -Stop 5 }
            if (-not [bool]$m.os.isElevated) { return New-SimDpVdsError -Name 'OperationDenied' }
            $p = $State.Partition
            if ([bool]$p.isBoot -or [bool]$p.isSystem) { return New-SimDpVdsError -Name 'OperationDenied' }
            $isGpt = $State.Disk.partitionStyle -eq 'GPT'
            $id = $args2['id'].Trim('{', '}').ToLowerInvariant()
            $newType = $null
            if ($isGpt) {
                if ($id -notmatch '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$') { return New-SimDpUsage -Verb 'set' }
                $newType = '{' + $id + '}'
            } else {
                if ($id -notmatch '^(0x)?[0-9a-f]{1,2}$') { return New-SimDpUsage -Verb 'set' }
                $newType = [Convert]::ToInt32(($id -replace '^0x', ''), 16)
            }
            $detail = 'disk ' + $State.Disk.number + ' partition ' + $p.number + ' set id ' + $newType
            $null = Invoke-SimMutation -Machine $m -Command 'diskpart set id' -Detail $detail -Action {
                param($mm)
                if ($isGpt) { Set-SimProp $p 'gptType' $newType } else { Set-SimProp $p 'mbrType' $newType }
                Update-SimHiddenFromType -Partition $p
            }
            return New-SimDpResult -Lines @('DiskPart successfully set the partition ID.')
        }
        'format' {
            if ($null -eq $State.Partition -or $null -eq (Get-SimProp $State.Partition 'volume')) {
                return New-SimDpResult -Lines @('There is no volume selected.', 'Please select a volume and try again.') -Stop 5
            }
            $fs = 'NTFS'
            if ($args2.ContainsKey('fs')) { $fs = $args2['fs'].ToUpperInvariant() }
            if (@('NTFS', 'FAT32') -notcontains $fs) { return New-SimDpUsage -Verb 'format' }
            if (-not [bool]$m.os.isElevated) { return New-SimDpVdsError -Name 'OperationDenied' }
            $p = $State.Partition
            # The running system or the ESP is in use (docs/reference/storage-cmdlets.md#diskpart-errors text). ASSUMPTION: override does not help here.
            if ([bool]$p.isBoot -or [bool]$p.isSystem) {
                return New-SimDpVdsError -Name 'DeviceInUse' -Hint @('The selected volume or partition is in use.', 'To continue with the operation use the OVERRIDE parameter.')
            }
            $label = ''
            if ($args2.ContainsKey('label')) { $label = $args2['label'] }
            $newVolume = New-SimFormattedVolume -Machine $m -Partition $p -FileSystem $fs -Label $label
            $detail = 'disk ' + $State.Disk.number + ' partition ' + $p.number + ' ' + $fs + ' "' + $label + '"'
            if ($null -ne (Get-SimProp $newVolume 'bitLocker')) { $detail = $detail + ' (claimed by Device Encryption)' }
            $null = Invoke-SimMutation -Machine $m -Command 'diskpart format' -Detail $detail -Action {
                param($mm)
                Set-SimProp $p 'volume' $newVolume
            }
            # '  100 percent completed' right-aligned in 5 characters, then the success line (docs/reference/storage-cmdlets.md#diskpart-kb5028997-walkthrough, docs/reference/storage-cmdlets.md#diskpart-errors).
            return New-SimDpResult -Lines @('  100 percent completed', '', 'DiskPart successfully formatted the volume.')
        }
        'assign' {
            if ($null -eq $State.Partition -or $null -eq (Get-SimProp $State.Partition 'volume')) {
                return New-SimDpResult -Lines @('There is no volume selected.', 'Please select a volume and try again.') -Stop 5
            }
            if (-not [bool]$m.os.isElevated) { return New-SimDpVdsError -Name 'OperationDenied' }
            $p = $State.Partition
            $letter = $null
            if ($args2.ContainsKey('letter')) {
                $letter = ($args2['letter'] -replace ':$', '').ToUpperInvariant()
                if ($letter -notmatch '^[A-Z]$') { return New-SimDpUsage -Verb 'assign' }
                $current = [string](Get-SimProp $p 'driveLetter' '')
                if ($letter -ne $current -and (Get-SimUsedLetters -Machine $m).ContainsKey($letter)) {
                    # ASSUMPTION (text not captured).
                    return New-SimDpResult -Lines @('The specified drive letter is not free to be assigned.', 'Please make sure the drive letter specified is not in use.') -Stop 5
                }
            } else {
                $letter = Get-SimNextFreeLetter -Machine $m
            }
            $detail = 'disk ' + $State.Disk.number + ' partition ' + $p.number + ' letter ' + $letter
            $null = Invoke-SimMutation -Machine $m -Command 'diskpart assign' -Detail $detail -Action { param($mm) Set-SimProp $p 'driveLetter' $letter }
            return New-SimDpResult -Lines @('DiskPart successfully assigned the drive letter or mount point.')
        }
        'remove' {
            if ($null -eq $State.Partition -or $null -eq (Get-SimProp $State.Partition 'volume')) {
                return New-SimDpResult -Lines @('There is no volume selected.', 'Please select a volume and try again.') -Stop 5
            }
            if (-not [bool]$m.os.isElevated) { return New-SimDpVdsError -Name 'OperationDenied' }
            $p = $State.Partition
            $current = [string](Get-SimProp $p 'driveLetter' '')
            if ($args2.ContainsKey('letter')) {
                $want = ($args2['letter'] -replace ':$', '').ToUpperInvariant()
                if ($want -ne $current) { return New-SimDpVdsError -Name 'ObjectNotFound' }
            }
            if ([bool]$p.isBoot) { return New-SimDpVdsError -Name 'OperationDenied' }
            if ($current) {
                $detail = 'disk ' + $State.Disk.number + ' partition ' + $p.number + ' remove letter ' + $current
                $null = Invoke-SimMutation -Machine $m -Command 'diskpart remove' -Detail $detail -Action { param($mm) Remove-SimProp $p 'driveLetter' }
            }
            return New-SimDpResult -Lines @('DiskPart successfully removed the drive letter or mount point.')
        }
        'shrink' {
            if ($null -eq $State.Partition -or $null -eq (Get-SimProp $State.Partition 'volume')) {
                return New-SimDpResult -Lines @('There is no volume selected.', 'Please select a volume and try again.') -Stop 5
            }
            $p = $State.Partition
            $sizes = Get-SimSupportedSizes -Disk $State.Disk -Partition $p
            $reclaim = Get-SimAlignDown -Value ([long]$p.size - [long]$sizes.SizeMin) -Unit $script:SimMiB
            if ($words -contains 'querymax') {
                # docs/reference/storage-cmdlets.md#diskpart: value right-aligned in 4, GB rounded down with the exact MB in parentheses.
                $mb = [long]($reclaim / $script:SimMiB)
                $head = (Format-SimDpSize -Bytes $reclaim)
                if ($reclaim -ge 10 * 1024 * $script:SimMiB) { $head = ([string][math]::Floor($mb / 1024)) + ' GB' }
                $num, $unit = $head -split ' '
                return New-SimDpResult -Lines @('The maximum number of reclaimable bytes is: ' + $num.PadLeft(4) + ' ' + $unit + ' (' + $mb + ' MB)')
            }
            if (-not [bool]$m.os.isElevated) { return New-SimDpVdsError -Name 'OperationDenied' }
            $v = $p.volume
            if ([bool]$v.dirty) {
                # docs/reference/storage-cmdlets.md#diskpart-errors (first line matched by real remediation scripts; second line ASSUMPTION).
                return New-SimDpResult -Lines @('The volume you have selected to shrink may be corrupted.', 'Use Chkdsk to fix the problem, and then try again.') -Stop 5
            }
            if ($v.fileSystem -ne 'NTFS') { return New-SimDpVdsError -Name 'OperationDenied' }
            $desired = $null
            if ($args2.ContainsKey('desired')) { $desired = [long]$args2['desired'] * $script:SimMiB }
            $minimum = $null
            if ($args2.ContainsKey('minimum')) { $minimum = [long]$args2['minimum'] * $script:SimMiB }
            $amount = $reclaim
            if ($null -ne $desired) { $amount = [math]::Min($desired, $reclaim) }
            if ($null -ne $minimum -and $amount -lt $minimum) { return New-SimDpVdsError -Name 'ShrinkTooBig' }
            if ($null -ne $desired -and $null -eq $minimum -and $desired -gt $reclaim) { return New-SimDpVdsError -Name 'ShrinkTooBig' }
            if ($amount -lt $script:SimMiB) { return New-SimDpVdsError -Name 'ShrinkLessThanMin' }
            $detail = 'disk ' + $State.Disk.number + ' partition ' + $p.number + ' shrink by ' + $amount
            $null = Invoke-SimMutation -Machine $m -Command 'diskpart shrink' -Detail $detail -Action {
                param($mm)
                $p.size = [long]$p.size - $amount
                $v.size = [long]$v.size - $amount
            }
            # docs/reference/storage-cmdlets.md#diskpart: two spaces before the number (a matcher should accept one or more).
            return New-SimDpResult -Lines @('DiskPart successfully shrunk the volume by:  ' + (Format-SimDpSize -Bytes $amount))
        }
    }
    return New-SimDpUsage -Verb $verb
}

function Get-SimDpHeader {
    param([Parameter(Mandatory = $true)] $Machine)
    # 'Microsoft DiskPart version 10.0.<build>.<revision>' (docs/reference/storage-cmdlets.md#diskpart-kb5028997-walkthrough, docs/reference/storage-cmdlets.md#diskpart-detail-partition). ASSUMPTION: build.UBR.
    $version = '10.0.' + $Machine.os.build + '.' + $Machine.os.ubr
    return @('', ('Microsoft DiskPart version ' + $version), '', 'Copyright (C) Microsoft Corporation.', ('On computer: ' + $Machine.os.computerName))
}

function Resolve-SimDpScriptText {
    # The text of `diskpart /s <file>`, or $null when it cannot be read. diskpart is a process: a relative path is
    # taken from its current directory, which PowerShell sets to the caller's file-system location when it starts
    # a native program (and which the shell script of the executable on PATH keeps), and the quotes of a quoted path
    # are gone by the time diskpart sees its argument (CreateProcess argument rules:
    # https://learn.microsoft.com/cpp/c-language/parsing-c-command-line-arguments). Windows paths of the simulated PC
    # (C:\..., \\?\Volume{...}\..., also with forward slashes) are read through the simulator's file model
    # (Resolve-SimPath + Get-SimVolumeFile: whatever cmdlet wrote the file); any other path, absolute or relative,
    # is a file of the host (a [System.IO.Path]::GetTempFileName() script).
    param([Parameter(Mandatory = $true)] $Machine, [Parameter(Mandatory = $true)][AllowEmptyString()][string] $Path)
    $p = $Path.Trim()
    if ($p.Length -ge 2 -and $p.StartsWith('"') -and $p.EndsWith('"')) { $p = $p.Substring(1, $p.Length - 2) }
    if ($p.Length -eq 0) { return $null }
    $simulated = $null
    if ($p -match '^[A-Za-z]:' -or $p.StartsWith('\\')) {
        $simulated = $p
    }
    if ($null -ne $simulated) {
        $r = Resolve-SimPath -Machine $Machine -Path $simulated.Replace('/', '\')
        if ($null -eq $r) { return $null }
        $f = Get-SimVolumeFile -Volume $r.Volume -Path $r.RelativePath
        if ($null -eq $f) { return $null }
        return [string](Get-SimProp $f 'content' '')
    }
    # The caller's directory: the one the program was started in (the executable's host keeps it in
    # WINREFIX_SIM_CALLER_DIR, because loading the simulator moves the process's own current directory to its host
    # folder, simulator/60-FileSystem.ps1), else the session's file-system location (the in-process seam).
    $base = [string]$env:WINREFIX_SIM_CALLER_DIR
    if ([string]::IsNullOrEmpty($base)) { $base = (Get-Location -PSProvider FileSystem).ProviderPath }
    $full = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($base, $p))
    if (-not [System.IO.File]::Exists($full)) { return $null }
    return [System.IO.File]::ReadAllText($full)
}

function Invoke-SimDiskPartTool {
    # The simulated diskpart.exe: `diskpart /s <script>`, or lines on stdin (`<lines> | diskpart`). Returns
    # @{ Lines = [{ Err; Text }]; ExitCode }; diskpart.exe / diskpart on PATH (simulator/host/native-host.ps1)
    # print it and exit with the code. Everything diskpart prints goes to stdout.
    param([AllowEmptyCollection()][string[]] $Arguments = @(), [AllowEmptyCollection()][string[]] $InputLines = @())
    $lines = @($InputLines)
    $scriptMode = $false
    $scriptFile = $null
    for ($i = 0; $i -lt $Arguments.Count; $i++) {
        if ([string]$Arguments[$i] -match '^[/-]s$' -and $i + 1 -lt $Arguments.Count) { $scriptMode = $true; $scriptFile = [string]$Arguments[$i + 1] }
    }
    $m = Read-SimMachine
    $sb = New-Object System.Text.StringBuilder
    $nl = "`n"
    if (-not [bool]$m.os.isElevated) {
        # diskpart.exe requires elevation (requireAdministrator manifest): Windows refuses to start it,
        # ERROR_ELEVATION_REQUIRED (740). DEVIATION: an executable cannot fail to start, so the simulated one
        # prints what cmd.exe prints for that error on stderr and exits 740 (ASSUMPTION on the text).
        return @{ Lines = @(@{ Err = $true; Text = 'The requested operation requires elevation.' }); ExitCode = 740 }
    }
    $fault = Register-SimCall -Machine $m -Command 'diskpart'
    # Built as the text diskpart writes, then split into the lines PowerShell would read from its stdout.
    $header = Get-SimDpHeader -Machine $m
    $null = $sb.Append(($header -join $nl) + $nl)
    $code = 0
    if ($null -ne $fault) {
        if (-not $script:SimDpVds.ContainsKey($fault)) { throw "Simulator: fault '$fault' for diskpart is not a diskpart VDS error name (docs/simulation.md)." }
        $r = New-SimDpVdsError -Name $fault
        $null = $sb.Append($nl + ($r.Lines -join $nl) + $nl)
        $code = [long]$r.Stop
        $lines = @()
    } elseif ($scriptMode) {
        $text = Resolve-SimDpScriptText -Machine $m -Path $scriptFile
        if ($null -eq $text) {
            # ASSUMPTION (text not captured); exit code 3 is documented.
            $null = $sb.Append($nl + 'DiskPart was unable to open or read the script file.' + $nl)
            $code = 3
            $lines = @()
        } else {
            $lines = @($text -split "`r?`n")
        }
    }
    $state = @{ Machine = $m; Disk = $null; Partition = $null }
    $ended = ($code -ne 0)
    foreach ($line in $lines) {
        if ($ended) { break }
        if ($null -eq $line) { continue }
        $r = Invoke-SimDpCommand -State $state -Line ([string]$line)
        if ($null -eq $r) { continue }
        # Piped input is not echoed: the prompt stands alone and the answer starts on the next line (docs/reference/storage-cmdlets.md#diskpart-detail-partition).
        if (-not $scriptMode) { $null = $sb.Append($nl + 'DISKPART> ') }
        $null = $sb.Append($nl + ($r.Lines -join $nl) + $nl)
        if ($r.ContainsKey('Exit')) { $ended = $true; break }
        if ($scriptMode -and [long]$r.Stop -ne 0) { $code = [long]$r.Stop; $ended = $true }
    }
    if (-not $scriptMode -and -not $ended) { $null = $sb.Append($nl + 'DISKPART> ') }
    # A VDS HRESULT exit code (0x80042413) is what Windows' GetExitCodeProcess returns; PowerShell shows it as Int32
    # (-2147212269; the unsigned 2147755027 in docs/reference/storage-cmdlets.md#diskpart-errors is how a Python
    # caller printed it). On Linux the host's exit code is cut to its low 8 bits.
    $all = $sb.ToString() -split $nl
    if ($all.Count -gt 0 -and $all[$all.Count - 1] -eq '') { $all = $all[0..($all.Count - 2)] }
    return @{ Lines = @($all | ForEach-Object { @{ Err = $false; Text = [string]$_ } }); ExitCode = [int]$code }
}

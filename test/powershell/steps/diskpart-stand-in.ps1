# TEST-ONLY stand-in for diskpart.exe, loaded by test/powershell/steps/helpers.ts ONLY when the simulator defines
# no 'diskpart.exe' function (simulator/ has no diskpart yet). It covers exactly what the step scripts send:
# select disk/partition, detail partition, gpt attributes=, create partition primary offset= size= id=27.
# Output shapes: windows-captures.md 2.2-2.4 (piped mode: no echo of the command). Errors: the line
# 'DiskPart has encountered an error' style is not modelled; a failing command writes one stderr line and sets
# exit code 1 (ASSUMPTION, only used by these tests).
function global:diskpart.exe {
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline = $true)][string] $Line)
    begin { $lines = New-Object System.Collections.Generic.List[string] }
    process { if ($null -ne $Line) { $lines.Add($Line) } }
    end {
        $ErrorActionPreference = 'Continue'
        $global:LASTEXITCODE = 0
        $disk = $null
        $partNumber = $null
        foreach ($raw in $lines) {
            $cmd = $raw.Trim()
            $m = Read-SimMachine
            if ($cmd -match '^sel(ect)? disk (\d+)$') {
                $disk = [int]$Matches[2]
                'Disk ' + $disk + ' is now the selected disk.'
            } elseif ($cmd -match '^sel(ect)? par(t|tition)? (\d+)$') {
                $partNumber = [int]$Matches[3]
                'Partition ' + $partNumber + ' is now the selected partition.'
            } elseif ($cmd -match '^det(ail)? par(t|tition)?$') {
                $e = Find-SimPartition -Machine $m -DiskNumber $disk -PartitionNumber $partNumber
                $p = $e.Partition
                'Partition ' + $p.number
                if ($e.Disk.partitionStyle -eq 'GPT') {
                    $attr = [Convert]::ToUInt64(([string](Get-SimProp $p 'gptAttributes' '0x0000000000000000')).Substring(2), 16)
                    'Type    : ' + ([string]$p.gptType).Trim('{', '}')
                    $hidden = 'No'; if (($attr -band [Convert]::ToUInt64('4000000000000000', 16)) -ne 0) { $hidden = 'Yes' }
                    'Hidden  : ' + $hidden
                    $req = 'No'; if (($attr -band 1) -ne 0) { $req = 'Yes' }
                    'Required: ' + $req
                    if ($attr -eq 0) { 'Attrib  : 0000000000000000' } else { 'Attrib  : 0X' + $attr.ToString('X16') }
                } else {
                    'Type    : ' + ([int]$p.mbrType).ToString('X2')
                    'Hidden  : No'
                    'Active  : No'
                }
                'Offset in Bytes: ' + [long]$p.offset
            } elseif ($cmd -match '^gpt attributes=0x([0-9A-Fa-f]{16})$') {
                $value = '0x' + $Matches[1].ToLowerInvariant()
                $d = $disk; $pn = $partNumber
                $null = Invoke-SimMutation -Machine $m -Command 'diskpart' -Detail ('gpt attributes=' + $value) -Action {
                    param($mm)
                    $t = Find-SimPartition -Machine $mm -DiskNumber $d -PartitionNumber $pn
                    Set-SimProp $t.Partition 'gptAttributes' $value
                }
                'DiskPart successfully assigned the attributes to the selected GPT partition.'
            } elseif ($cmd -match '^create partition primary offset=(\d+) size=(\d+) id=27$') {
                $offset = [long]$Matches[1] * 1024
                $size = [long]$Matches[2] * 1048576
                $d = $disk
                $null = Invoke-SimMutation -Machine $m -Command 'diskpart' -Detail ('create partition primary offset=' + $offset + ' size=' + $size + ' id=27') -Action {
                    param($mm)
                    $dd = Get-SimDisk -Machine $mm -Number $d
                    $used = @{}
                    foreach ($q in @($dd.partitions)) { $used[[int]$q.number] = $true }
                    $n = 1; while ($used.ContainsKey($n)) { $n++ }
                    $vol = [pscustomobject][ordered]@{ guid = '{' + [guid]::NewGuid().ToString() + '}'; fileSystem = 'RAW'; label = ''; size = $size; usedBytes = 0; dirty = $false; healthStatus = 'Healthy'; files = @() }
                    $dd.partitions = @(@($dd.partitions) + [pscustomobject][ordered]@{ number = $n; offset = $offset; size = $size; mbrType = 39; isBoot = $false; isSystem = $false; isActive = $false; isHidden = $true; volume = $vol })
                }
                'DiskPart succeeded in creating the specified partition.'
            } else {
                $global:LASTEXITCODE = 1
                Write-Error ('Stand-in diskpart does not know: ' + $cmd)
            }
        }
    }
}

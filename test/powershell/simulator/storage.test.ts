/**
 * The simulated Storage cmdlets through real pwsh: output shapes (docs/reference/storage-cmdlets.md#get-partition, docs/reference/storage-cmdlets.md#enums-as-strings-in-json, docs/reference/storage-cmdlets.md#get-disk, docs/reference/storage-cmdlets.md#get-partitionsupportedsize, docs/reference/storage-cmdlets.md#cmdlets-that-change-partitions, docs/reference/storage-cmdlets.md) and
 * Windows' rules with their documented errors (docs/reference/storage-cmdlets.md#error-records, docs/reference/storage-cmdlets.md#error-records).
 */
import { GiB, GPT_RECOVERY, MiB, gptMachine, mbrMachine, rows, simKit } from './machines';

jest.setTimeout(120_000);

const kit = simKit();
afterAll(() => kit.dispose());

const DISK = 128 * GiB;
const C_OFFSET = 117 * MiB;
const WINRE = 674 * MiB;
const WINRE_OFFSET = DISK - MiB - WINRE;
const C_SIZE = WINRE_OFFSET - C_OFFSET;

describe('output shapes', () => {
  beforeEach(() => kit.load(gptMachine()));

  it('Get-Partition prints the real property values and types', async () => {
    const r = await kit.run(
      `Get-Partition -DiskNumber 0 | ForEach-Object { [ordered]@{ n = $_.PartitionNumber; type = $_.Type; letter = $_.DriveLetter;
        letterIsChar = ($_.DriveLetter -is [char]); gpt = $_.GptType; guid = $_.Guid; mbr = $_.MbrType; paths = $_.AccessPaths;
        offsetType = $_.Offset.GetType().Name; offset = $_.Offset; size = $_.Size; uid = $_.UniqueId; hidden = $_.IsHidden;
        ro = $_.IsReadOnly; typeName = $_.PSObject.TypeNames[0] } }`,
    );
    expect(r.errors).toEqual([]);
    const p = rows(r);
    expect(p.map((x) => x['type'])).toEqual(['System', 'Reserved', 'Basic', 'Recovery']);
    expect(p.map((x) => x['letter'])).toEqual(['\u0000', '\u0000', 'C', '\u0000']);
    expect(p[2]!['letterIsChar']).toBe(true);
    expect(p[3]!['gpt']).toBe(GPT_RECOVERY);
    expect(p[3]!['mbr']).toBeNull();
    expect(p[2]!['offsetType']).toBe('UInt64');
    expect(p[2]!['offset']).toBe(C_OFFSET);
    // C: lists its letter first, then the volume GUID path equal to the partition Guid (docs/reference/storage-cmdlets.md#captured-get-partition-output, docs/reference/storage-cmdlets.md#captured-json-from-a-github-runner).
    expect(p[2]!['paths']).toEqual(['C:\\', `\\\\?\\Volume${String(p[2]!['guid'])}\\`]);
    expect(p[3]!['paths']).toEqual([`\\\\?\\Volume${String(p[3]!['guid'])}\\`]);
    // MSR: no volume, no access path.
    expect(p[1]!['paths']).toBeNull();
    // UniqueId: offset (117 MiB = 0x07500000) as little-endian bytes in the last GUID groups + disk UniqueId
    // (docs/reference/storage-cmdlets.md#captured-get-partition-output: 135,266,304 = 0x08100000 gives ...-0000-100800000000}).
    expect(p[2]!['uid']).toBe('{00000000-0000-0000-0000-500700000000}SIMDISK0000000000000000000000001');
    expect(p[3]!['hidden']).toBe(true);
    expect(p[3]!['ro']).toBeNull();
    expect(p[2]!['ro']).toBe(false);
    expect(p[0]!['typeName']).toBe(
      'Microsoft.Management.Infrastructure.CimInstance#ROOT/Microsoft/Windows/Storage/MSFT_Partition',
    );
  });

  it('Get-Disk maps enums to strings and reports no free extent on a full disk', async () => {
    const r = await kit.run(
      `Get-Disk -Number 0 | Select-Object Number, PartitionStyle, BusType, LargestFreeExtent, AllocatedSize, Size, NumberOfPartitions, Signature`,
    );
    expect(r.errors).toEqual([]);
    expect(rows(r)[0]).toEqual({
      Number: 0,
      PartitionStyle: 'GPT',
      BusType: 'NVMe',
      LargestFreeExtent: 0,
      AllocatedSize: DISK,
      Size: DISK,
      NumberOfPartitions: 4,
      Signature: null,
    });
  });

  it('Get-Volume reports size and free space of every volume', async () => {
    const r = await kit.run(
      `Get-Volume | Select-Object DriveLetter, FileSystem, FileSystemLabel, Size, SizeRemaining, HealthStatus, Path`,
    );
    const v = rows(r);
    expect(v).toHaveLength(3);
    const winre = v.find((x) => x['Size'] === WINRE - 4096)!;
    expect(winre['SizeRemaining']).toBe(WINRE - 4096 - 10 * MiB - 500 * MiB);
    expect(winre['DriveLetter']).toBe('\u0000');
    const c = v.find((x) => x['DriveLetter'] === 'C')!;
    expect(c['FileSystemLabel']).toBe('Windows');
    expect(c['Path']).toMatch(/^\\\\\?\\Volume\{[0-9a-f-]{36}\}\\$/);
  });

  it('pipelines and selectors: disk -> partitions, partition -> volume, volume by label and by path', async () => {
    const r = await kit.run(
      `@(Get-Disk -Number 0 | Get-Partition).Count
       (Get-Partition -DriveLetter C | Get-Volume).FileSystemLabel
       (Get-Volume -FileSystemLabel 'Win*').DriveLetter
       $g = (Get-Partition -DiskNumber 0 -PartitionNumber 4).Guid
       (Get-Volume -Path ('\\\\?\\Volume' + $g + '\\')).Size
       (Get-Volume -DriveLetter C | Get-Partition).PartitionNumber`,
    );
    expect(r.errors).toEqual([]);
    expect(r.output).toEqual([4, 'Windows', 'C', WINRE - 4096, 3]);
  });

  it('not found: the cmdletization message, id and category (docs/reference/storage-cmdlets.md#error-records)', async () => {
    const r = await kit.run(
      `Get-Partition -DriveLetter Q -ErrorAction SilentlyContinue; Get-Partition -DiskNumber 4 -ErrorAction SilentlyContinue`,
    );
    // $Error lists the newest first.
    expect([...r.errors].reverse().map((e) => [e.message, e.fullyQualifiedErrorId, e.category])).toEqual([
      [
        "No MSFT_Partition objects found with property 'DriveLetter' equal to 'Q'.  Verify the value of the property and retry.",
        'CmdletizationQuery_NotFound_DriveLetter,Get-Partition',
        'ObjectNotFound',
      ],
      [
        "No MSFT_Partition objects found with property 'DiskNumber' equal to '4'.  Verify the value of the property and retry.",
        'CmdletizationQuery_NotFound_DiskNumber,Get-Partition',
        'ObjectNotFound',
      ],
    ]);
  });
});

describe('Get-PartitionSupportedSize', () => {
  it('SizeMax runs to the last usable byte; SizeMin follows the unmovable boundary', async () => {
    kit.load(gptMachine({ freeAtEnd: 0, cUnmovable: 90 * GiB }));
    // Remove WinRE so the free extent after C: runs to the disk tail (GPT keeps 33 sectors: docs/reference/storage-cmdlets.md#captured-json-from-a-github-runner).
    const r = await kit.run(
      `Remove-Partition -DiskNumber 0 -PartitionNumber 4 -Confirm:$false; Get-PartitionSupportedSize -DriveLetter C | Select-Object SizeMin, SizeMax`,
    );
    expect(r.errors).toEqual([]);
    expect(rows(r)[0]).toEqual({ SizeMin: 90 * GiB, SizeMax: DISK - 16896 - C_OFFSET });
  });

  it('SizeMin is at least the used space when nothing unmovable is declared; MSR is fixed', async () => {
    kit.load(gptMachine({ cUsed: 40 * GiB }));
    const r = await kit.run(
      `Get-PartitionSupportedSize -DiskNumber 0 -PartitionNumber 3; Get-PartitionSupportedSize 0 2`,
    );
    const [c, msr] = rows(r);
    // 4096 bytes of NTFS reserve + 40 GiB used + the 20 MiB file, rounded to a 4 KiB cluster.
    expect(c).toMatchObject({ SizeMin: 4096 + 40 * GiB + 20 * MiB, SizeMax: C_SIZE });
    expect(msr).toMatchObject({ SizeMin: 16 * MiB, SizeMax: 16 * MiB });
  });

  it('a non-elevated caller gets MI RESULT 2 (docs/reference/storage-cmdlets.md#error-records)', async () => {
    kit.load(gptMachine({ elevated: false }));
    const r = await kit.run(`Get-PartitionSupportedSize -DriveLetter C -ErrorAction SilentlyContinue`);
    expect(r.errors[0]).toMatchObject({
      message: 'Access to a CIM resource was not available to the client.',
      fullyQualifiedErrorId: 'MI RESULT 2,Get-PartitionSupportedSize',
      category: 'PermissionDenied',
    });
  });
});

describe('Resize-Partition', () => {
  const resize = (size: string) =>
    kit.run(`Resize-Partition -DriveLetter C -Size (${size}) -ErrorAction SilentlyContinue`);

  it('shrinks C: by whole MiB without touching its data', async () => {
    kit.load(gptMachine());
    const r = await resize(`${C_SIZE - 1024 * MiB}`);
    expect(r.errors).toEqual([]);
    const c = kit.machine().disks[0]!.partitions[2]!;
    expect(c.size).toBe(C_SIZE - 1024 * MiB);
    expect(c.offset).toBe(C_OFFSET);
    expect(c.volume!.size).toBe(C_SIZE - 1024 * MiB - 4096);
    expect(c.volume!.dataFingerprint).toBe('user-data-c-0001');
    expect(c.volume!.usedBytes).toBe(60 * GiB);
    expect(kit.machine().trace.log).toEqual([
      {
        seq: 1,
        command: 'Resize-Partition',
        detail: `disk 0 partition 3 size ${C_SIZE} -> ${C_SIZE - 1024 * MiB}`,
      },
    ]);
  });

  it('to the current size: Size Not Supported / already the requested size (docs/reference/storage-cmdlets.md#error-records)', async () => {
    kit.load(gptMachine());
    const r = await resize(`${C_SIZE}`);
    expect(r.errors).toHaveLength(1);
    const e = r.errors[0]!;
    expect(e.fullyQualifiedErrorId).toBe('StorageWMI 4097,Resize-Partition');
    expect(e.category).toBe('NotSpecified');
    expect(e.exceptionType).toBe('Microsoft.Management.Infrastructure.CimException');
    expect(e.message).toMatch(
      /^Size Not Supported\n \nExtended information:\nThe partition is already the requested size\.\n \n\nActivity ID: \{[0-9a-f-]{36}\}$/,
    );
    expect(e.details).toBe(e.message);
  });

  it('by less than 1 MiB: the extent is less than the minimum of 1MB (docs/reference/storage-cmdlets.md#error-records)', async () => {
    kit.load(gptMachine());
    const r = await resize(`${C_SIZE - 512 * 1024}`);
    expect(r.errors[0]!.message).toContain('The size of the extent is less than the minimum of 1MB.');
    expect(r.errors[0]!.fullyQualifiedErrorId).toBe('StorageWMI 4097,Resize-Partition');
  });

  it('below SizeMin: Size Not Supported with the shrink-too-big text, nothing changes', async () => {
    kit.load(gptMachine({ cUnmovable: 120 * GiB }));
    const r = await resize(`(Get-PartitionSupportedSize -DriveLetter C).SizeMin - 1GB`);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]!.fullyQualifiedErrorId).toBe('StorageWMI 4097,Resize-Partition');
    expect(r.errors[0]!.message).toMatch(
      /^Size Not Supported\n \nExtended information:\nThe specified shrink size is too big and will cause the volume to be smaller than the minimum volume size\./,
    );
    expect(kit.machine().disks[0]!.partitions[2]!.size).toBe(C_SIZE);
    expect(kit.machine().trace.mutations).toBe(0);
  });

  it('above SizeMax: Size Not Supported without extended text (docs/reference/storage-cmdlets.md#error-records)', async () => {
    kit.load(gptMachine());
    const r = await resize(`${C_SIZE + 10 * MiB}`);
    expect(r.errors[0]!.message).toMatch(/^Size Not Supported\nActivity ID: /);
  });

  it('a dirty volume cannot shrink: 42008', async () => {
    kit.load(gptMachine({ cDirty: true }));
    const r = await resize(`${C_SIZE - 1024 * MiB}`);
    expect(r.errors[0]!.fullyQualifiedErrorId).toBe('StorageWMI 42008,Resize-Partition');
    expect(r.errors[0]!.message).toMatch(/^Cannot shrink a partition containing a volume with errors\./);
  });

  it('a volume that needs repair cannot shrink either: 42008', async () => {
    const m = gptMachine();
    m.disks[0]!.partitions[2]!.volume!.healthStatus = 'Warning';
    kit.load(m);
    const r = await resize(`${C_SIZE - 1024 * MiB}`);
    expect(r.errors[0]!.fullyQualifiedErrorId).toBe('StorageWMI 42008,Resize-Partition');
  });

  it('extends into free space after the partition, up to SizeMax', async () => {
    kit.load(gptMachine({ gapAfterC: 300 * MiB }));
    const r = await kit.run(
      `$s = Get-PartitionSupportedSize -DriveLetter C; Resize-Partition -DriveLetter C -Size $s.SizeMax; (Get-Partition -DriveLetter C).Size`,
    );
    expect(r.errors).toEqual([]);
    expect(r.output).toEqual([C_SIZE]);
  });

  it('a SizeMax array from a pipeline of partitions fails to bind, as on Windows (docs/reference/storage-cmdlets.md#error-records)', async () => {
    kit.load(gptMachine());
    const r = await kit.run(
      `$s = Get-Partition -DiskNumber 0 | Get-PartitionSupportedSize; Resize-Partition -DriveLetter C -Size $s.SizeMax`,
    );
    expect(r.errors[0]!.fullyQualifiedErrorId).toBe('ParameterArgumentTransformationError,Resize-Partition');
  });
});

describe('New-Partition', () => {
  it('without room: Not enough available capacity, StorageWMI 40000 on MSFT_Disk (docs/reference/storage-cmdlets.md#error-records)', async () => {
    kit.load(gptMachine());
    const r = await kit.run(`New-Partition -DiskNumber 0 -Size 100MB -ErrorAction SilentlyContinue`);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({
      fullyQualifiedErrorId: 'StorageWMI 40000,New-Partition',
      category: 'NotSpecified',
    });
    expect(r.errors[0]!.message).toMatch(/^Not enough available capacity\nActivity ID: /);
    expect(kit.machine().disks[0]!.partitions).toHaveLength(4);
  });

  it('takes the first extent that fits, 1 MiB aligned, with the next free number', async () => {
    kit.load(gptMachine({ gapAfterC: 300 * MiB + 4096 }));
    const r = await kit.run(
      `$p = New-Partition -DiskNumber 0 -UseMaximumSize -GptType '${GPT_RECOVERY}'; [ordered]@{ n = $p.PartitionNumber; o = $p.Offset; s = $p.Size; t = $p.Type }`,
    );
    expect(r.errors).toEqual([]);
    // The gap starts at the (unaligned) end of C: + 4096; rounded up to the next MiB, ends at WinRE's offset.
    const cEnd = C_OFFSET + (WINRE_OFFSET - 300 * MiB - 4096 - C_OFFSET);
    const start = Math.ceil(cEnd / MiB) * MiB;
    expect(r.output[0]).toEqual({ n: 5, o: start, s: WINRE_OFFSET - start, t: 'Recovery' });
    // No renumbering: WinRE stays 4 although the new partition lies before it (docs/reference/storage-cmdlets.md#diskpart-list-disk-and-partition-numbers).
    const parts = kit.machine().disks[0]!.partitions.map((p) => [p.number, p.offset]);
    expect(parts).toContainEqual([4, WINRE_OFFSET]);
    expect(kit.machine().pendingReboot).toEqual({ renumber: true });
  });

  it('-UseMaximumSize ends on a whole MiB and leaves the GPT tail (ansible #56910)', async () => {
    kit.load(gptMachine());
    const r = await kit.run(
      `Remove-Partition -DiskNumber 0 -PartitionNumber 4 -Confirm:$false; (New-Partition -DiskNumber 0 -UseMaximumSize).Size; (Get-Disk 0).LargestFreeExtent`,
    );
    expect(r.errors).toEqual([]);
    // The deleted partition's number 4 is free again and reused (docs/reference/storage-cmdlets.md#diskpart-kb5028997-walkthrough).
    expect(r.output).toEqual([DISK - MiB - WINRE_OFFSET, 0]);
    expect(kit.machine().disks[0]!.partitions.find((p) => p.offset === WINRE_OFFSET)!.number).toBe(4);
  });

  it('-UseMaximumSize fills the largest free extent; a taken -DriveLetter still creates it, with 42002 (createpartition docs)', async () => {
    // Free: 300 MiB between C: and WinRE, and 2 GiB at the end of the disk.
    kit.load(gptMachine({ gapAfterC: 300 * MiB, freeAtEnd: 2048 * MiB }));
    const r = await kit.run(
      `$p = New-Partition -DiskNumber 0 -UseMaximumSize -DriveLetter C -ErrorAction SilentlyContinue
       [ordered]@{ o = $p.Offset; s = $p.Size; l = [int]$p.DriveLetter }`,
    );
    expect(r.output).toEqual([{ o: DISK - 2048 * MiB - MiB, s: 2048 * MiB, l: 0 }]);
    expect(r.errors.map((e) => e.fullyQualifiedErrorId)).toEqual(['StorageWMI 42002,New-Partition']);
    expect(kit.machine().disks[0]!.partitions).toHaveLength(5);
  });

  it('-Offset inside a partition is refused with 41012; at a free offset the partition starts there', async () => {
    kit.load(gptMachine({ gapAfterC: 300 * MiB }));
    const cEnd = WINRE_OFFSET - 300 * MiB;
    const r = await kit.run(
      `New-Partition -DiskNumber 0 -Offset ${C_OFFSET + MiB} -Size 10MB -ErrorAction SilentlyContinue
       (New-Partition -DiskNumber 0 -Offset ${cEnd + 100 * MiB} -Size 100MB).Offset
       New-Partition -DiskNumber 0 -Offset ${cEnd + 250 * MiB} -Size 100MB -ErrorAction SilentlyContinue`,
    );
    expect(r.output).toEqual([cEnd + 100 * MiB]);
    expect([...r.errors].reverse().map((e) => e.fullyQualifiedErrorId)).toEqual([
      'StorageWMI 41012,New-Partition',
      'StorageWMI 40000,New-Partition',
    ]);
  });

  it('MBR: only the first 2 TB are usable (41011 region is never offered)', async () => {
    const m = mbrMachine({ diskSize: 3 * 1024 * GiB });
    m.disks[0]!.partitions = m.disks[0]!.partitions.slice(0, 1);
    kit.load(m);
    const r = await kit.run(
      `(Get-Disk 0).LargestFreeExtent; (New-Partition -DiskNumber 0 -UseMaximumSize).Size`,
    );
    // 2^32 sectors of 512 bytes = 2 TiB; the free space starts after System Reserved at 101 MiB.
    const expected = 2 * 1024 * GiB - 101 * MiB;
    expect(r.output).toEqual([expected, expected]);
  });

  it('MBR: a fifth primary is refused with 41004', async () => {
    kit.load(mbrMachine({ extraPrimaries: 1 }));
    const r = await kit.run(`New-Partition -DiskNumber 0 -Size 100MB -ErrorAction SilentlyContinue`);
    expect(r.errors[0]!.fullyQualifiedErrorId).toBe('StorageWMI 41004,New-Partition');
    expect(r.errors[0]!.message).toMatch(/^The disk's partition limit has been reached\./);
  });

  it('MBR shapes: IFS and Unknown (0x27), MbrType set and GptType null (docs/reference/partition-layouts.md#captured-layouts)', async () => {
    kit.load(mbrMachine());
    const r = await kit.run(
      `Get-Partition | Select-Object PartitionNumber, Type, MbrType, GptType, Guid, IsActive`,
    );
    expect(rows(r).map((p) => [p['Type'], p['MbrType'], p['GptType'], p['IsActive']])).toEqual([
      ['IFS', 7, null, true],
      ['IFS', 7, null, false],
      ['Unknown', 39, null, false],
    ]);
  });
});

describe('Format-Volume, Remove-Partition, Set-Partition, access paths', () => {
  it('Format-Volume gives a fresh NTFS volume: capacity = partition - 4096, files dropped', async () => {
    kit.load(gptMachine());
    const r = await kit.run(
      `Get-Partition -DiskNumber 0 -PartitionNumber 4 | Format-Volume -FileSystem NTFS -NewFileSystemLabel 'Windows RE tools' -Confirm:$false | Select-Object FileSystem, FileSystemLabel, Size, SizeRemaining`,
    );
    expect(r.errors).toEqual([]);
    const v = rows(r)[0]!;
    expect(v).toMatchObject({ FileSystem: 'NTFS', FileSystemLabel: 'Windows RE tools', Size: WINRE - 4096 });
    // NTFS metadata between 5 and 15 MB on a ~750 MB partition (configure-uefigpt; docs/reference/storage-cmdlets.md#cmdlets-that-change-partitions).
    const overhead = (v['Size'] as number) - (v['SizeRemaining'] as number);
    expect(overhead).toBeGreaterThan(5 * 1000 * 1000);
    expect(overhead).toBeLessThan(15 * MiB);
    expect(kit.machine().disks[0]!.partitions[3]!.volume!.files).toEqual([]);
  });

  it('Device Encryption claims a new non-recovery NTFS volume, not a recovery-typed one', async () => {
    kit.load(gptMachine({ deviceEncryption: true, gapAfterC: 2 * 1024 * MiB }));
    const r = await kit.run(
      `New-Partition -DiskNumber 0 -Size 1GB | Format-Volume -FileSystem NTFS -Confirm:$false | Out-Null
       New-Partition -DiskNumber 0 -Size 512MB -GptType '${GPT_RECOVERY}' | Format-Volume -FileSystem NTFS -Confirm:$false | Out-Null`,
    );
    expect(r.errors).toEqual([]);
    const parts = kit.machine().disks[0]!.partitions;
    const basic = parts.find((p) => p.number === 5)!;
    const recovery = parts.find((p) => p.number === 6)!;
    expect(basic.volume!.bitLocker).toMatchObject({
      volumeStatus: 2,
      protectionStatus: 0,
      deviceEncryption: true,
    });
    expect(recovery.volume!.bitLocker).toBeUndefined();
  });

  it('Remove-Partition refuses the boot partition and deletes WinRE without renumbering', async () => {
    kit.load(gptMachine());
    const r = await kit.run(
      `Remove-Partition -DriveLetter C -Confirm:$false -ErrorAction SilentlyContinue; Remove-Partition -DiskNumber 0 -PartitionNumber 2 -Confirm:$false`,
    );
    expect(r.errors.map((e) => e.fullyQualifiedErrorId)).toEqual(['StorageWMI 6,Remove-Partition']);
    expect(kit.machine().disks[0]!.partitions.map((p) => p.number)).toEqual([1, 3, 4]);
  });

  it('Set-Partition changes type and letter; 42002 on a letter in use; 42010 on the system partition', async () => {
    kit.load(gptMachine());
    const r = await kit.run(
      `Set-Partition -DiskNumber 0 -PartitionNumber 4 -NewDriveLetter R
       Set-Partition -DiskNumber 0 -PartitionNumber 4 -GptType '{ebd0a0a2-b9e5-4433-87c0-68b6b72699c7}'
       Set-Partition -DiskNumber 0 -PartitionNumber 4 -NewDriveLetter C -ErrorAction SilentlyContinue
       Set-Partition -DiskNumber 0 -PartitionNumber 1 -IsHidden $true -ErrorAction SilentlyContinue
       (Get-Partition -DriveLetter R).Type
       (Get-Partition -DriveLetter R).IsHidden`,
    );
    expect([...r.errors].reverse().map((e) => e.fullyQualifiedErrorId)).toEqual([
      'StorageWMI 42002,Set-Partition',
      'StorageWMI 42010,Set-Partition',
    ]);
    // Retyped from recovery to basic data: no longer hidden.
    expect(r.output).toEqual(['Basic', false]);
  });

  it('Add-/Remove-PartitionAccessPath assign and remove a letter on the recovery partition', async () => {
    kit.load(gptMachine());
    const r = await kit.run(
      `Add-PartitionAccessPath -DiskNumber 0 -PartitionNumber 4 -AssignDriveLetter
       (Get-Partition -DiskNumber 0 -PartitionNumber 4).AccessPaths[0]
       Remove-PartitionAccessPath -DiskNumber 0 -PartitionNumber 4 -AccessPath 'D:\\'
       (Get-Partition -DiskNumber 0 -PartitionNumber 4).DriveLetter -eq [char]0`,
    );
    expect(r.errors).toEqual([]);
    expect(r.output).toEqual(['D:\\', true]);
  });
});

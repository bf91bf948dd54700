/**
 * Simulated diskpart through real pwsh: the KB5028997 procedure of docs/reference/storage-cmdlets.md#diskpart-kb5028997-walkthrough gives the same texts
 * and the same end state; piped input prints the lone prompts of docs/reference/storage-cmdlets.md#diskpart-detail-partition; /s stops at the first error with
 * a non-zero exit code (docs/reference/storage-cmdlets.md#diskpart-errors).
 */
import { GPT_RECOVERY, MiB, gptMachine, mbrMachine, simKit } from './machines';

jest.setTimeout(120_000);

const kit = simKit();

/**
 * diskpart is a real program during simulation (docs/simulation.md "Executables"): Windows gives PowerShell its
 * whole exit code (a VDS HRESULT, as Int32), Linux only the low 8 bits.
 */
function exitAsSeen(code: number): number {
  return process.platform === 'win32' ? code | 0 : code & 0xff;
}
afterAll(() => kit.dispose());

/** Runs diskpart with a script file (the way our ps-scripts call it) and returns its lines and exit code. */
async function script(lines: string[]): Promise<{ out: string[]; code: number }> {
  const body = lines.map((l) => l.replace(/'/g, "''")).join("','");
  const r = await kit.run(`
    $f = [System.IO.Path]::GetTempFileName()
    [System.IO.File]::WriteAllLines($f, [string[]]@('${body}'))
    $out = diskpart /s $f
    $code = $LASTEXITCODE
    Remove-Item -LiteralPath $f
    [ordered]@{ out = @($out); code = $code }`);
  expect(r.errors).toEqual([]);
  return r.output[0] as { out: string[]; code: number };
}

describe('diskpart /s', () => {
  it('replays the KB5028997 procedure with the real texts and end state (docs/reference/storage-cmdlets.md#diskpart-kb5028997-walkthrough)', async () => {
    kit.load(gptMachine());
    const { out, code } = await script([
      'select disk 0',
      'select partition 4',
      'delete partition override',
      'select partition 3',
      'shrink desired=1024',
      'create partition primary',
      'format quick fs=ntfs label="Recovery"',
      `set id="${GPT_RECOVERY.slice(1, -1)}"`,
      'gpt attributes=0x8000000000000001',
      'list disk',
      'list partition',
      'exit',
    ]);
    expect(code).toBe(0);
    expect(out.slice(0, 5)).toEqual([
      '',
      'Microsoft DiskPart version 10.0.22631.2861',
      '',
      'Copyright (C) Microsoft Corporation.',
      'On computer: SIM-PC',
    ]);
    expect(out.slice(5)).toEqual([
      '',
      'Disk 0 is now the selected disk.',
      '',
      'Partition 4 is now the selected partition.',
      '',
      'DiskPart successfully deleted the selected partition.',
      '',
      'Partition 3 is now the selected partition.',
      '',
      'DiskPart successfully shrunk the volume by:  1024 MB',
      '',
      'DiskPart succeeded in creating the specified partition.',
      '',
      '  100 percent completed',
      '',
      'DiskPart successfully formatted the volume.',
      '',
      'DiskPart successfully set the partition ID.',
      '',
      'DiskPart successfully assigned the attributes to the selected GPT partition.',
      '',
      '  Disk ###  Status         Size     Free     Dyn  Gpt',
      '  --------  -------------  -------  -------  ---  ---',
      '* Disk 0    Online          128 GB      0 B        *',
      '',
      '  Partition ###  Type              Size     Offset',
      '  -------------  ----------------  -------  -------',
      '  Partition 1    System             100 MB  1024 KB',
      '  Partition 2    Reserved            16 MB   101 MB',
      '  Partition 3    Primary            126 GB   117 MB',
      '* Partition 4    Recovery          1699 MB   126 GB',
      '',
      'Leaving DiskPart...',
    ]);
    const parts = kit.machine().disks[0]!.partitions;
    const re = parts.find((p) => p.number === 4)!;
    // 674 MiB + 1024 MiB + the 1 MiB tail up to the last usable byte (GPT keeps 16,896 bytes).
    expect(re.offset + re.size).toBe(128 * 1024 * MiB - 16896);
    expect(re).toMatchObject({ gptType: GPT_RECOVERY, gptAttributes: '0x8000000000000001', isHidden: true });
    expect(re.volume).toMatchObject({ fileSystem: 'NTFS', label: 'Recovery', files: [] });
    expect(kit.machine().trace.log.map((l) => l.command)).toEqual([
      'diskpart delete partition',
      'diskpart shrink',
      'diskpart create partition',
      'diskpart format',
      'diskpart set id',
      'diskpart gpt attributes',
    ]);
    expect(kit.machine().trace.calls['diskpart']).toBe(1);
  });

  it('stops at the first error with the VDS HRESULT as exit code (docs/reference/storage-cmdlets.md#diskpart-errors)', async () => {
    kit.load(gptMachine());
    const { out, code } = await script(['select disk 0', 'select partition 4', 'delete partition', 'exit']);
    expect(out.slice(-3)).toEqual([
      '',
      'Virtual Disk Service error:',
      'Cannot delete a protected partition without the force protected parameter set.',
    ]);
    // 0x80042570 (VDS_E_PARTITION_PROTECTED): PowerShell's Int32 $LASTEXITCODE on Windows.
    expect(code).toBe(exitAsSeen(0x80042570));
    expect(kit.machine().disks[0]!.partitions).toHaveLength(4);
  });

  it('create partition primary id=... types the partition at creation, so Device Encryption leaves it alone', async () => {
    kit.load(gptMachine({ deviceEncryption: true, gapAfterC: 1024 * MiB }));
    const { code } = await script([
      'select disk 0',
      `create partition primary size=512 id=${GPT_RECOVERY.slice(1, -1)}`,
      'format quick fs=ntfs label="Recovery"',
      'create partition primary size=256',
      'format quick fs=ntfs label="Data"',
    ]);
    expect(code).toBe(0);
    const parts = kit.machine().disks[0]!.partitions;
    expect(parts.find((p) => p.number === 5)!.volume!.bitLocker).toBeUndefined();
    expect(parts.find((p) => p.number === 6)!.volume!.bitLocker).toMatchObject({
      volumeStatus: 2,
      deviceEncryption: true,
    });
  });

  it('detail partition prints the GPT fields as captured (2.2/2.3) and MBR Type/Active', async () => {
    kit.load(gptMachine());
    const gpt = await script(['select disk 0', 'select partition 3', 'detail partition']);
    expect(gpt.out.slice(-10)).toEqual([
      'Partition 3',
      'Type    : ebd0a0a2-b9e5-4433-87c0-68b6b72699c7',
      'Hidden  : No',
      'Required: No',
      'Attrib  : 0000000000000000',
      `Offset in Bytes: ${117 * MiB}`,
      '',
      '  Volume ###  Ltr  Label        Fs     Type        Size     Status     Info',
      '  ----------  ---  -----------  -----  ----------  -------  ---------  --------',
      '* Volume 0     C   Windows      NTFS   Partition    127 GB  Healthy    Boot',
    ]);
    kit.load(mbrMachine());
    const mbr = await script(['select disk 0', 'select partition 3', 'detail partition']);
    expect(mbr.out).toEqual(expect.arrayContaining(['Type    : 27', 'Hidden  : Yes', 'Active  : No']));
  });

  it('MBR: set id=27 and a fifth primary refused', async () => {
    kit.load(mbrMachine({ extraPrimaries: 1 }));
    const { out, code } = await script(['select disk 0', 'create partition primary size=100']);
    expect(out.slice(-2)).toEqual([
      'Virtual Disk Service error:',
      'No more partitions can be created on the specified disk.',
    ]);
    expect(code).toBe(exitAsSeen(0x80042407));
    kit.load(mbrMachine());
    const set = await script([
      'select disk 0',
      'select partition 2',
      'shrink desired=600',
      'create partition primary',
      'set id=27',
    ]);
    expect(set.code).toBe(0);
    const created = kit.machine().disks[0]!.partitions.find((p) => p.number === 4)!;
    expect(created).toMatchObject({ mbrType: 39, isHidden: true });
  });
});

describe('diskpart and power cuts', () => {
  const own = simKit();
  afterAll(() => own.dispose());

  it('a cut after the 2nd mutation of a script leaves exactly the first two commands done', async () => {
    const m = gptMachine();
    m.powerCut = { atMutation: 2, phase: 'after' };
    own.load(m);
    const run = own.run(
      `'select disk 0','select partition 4','delete partition override','select partition 3','shrink desired=1024','create partition primary' | diskpart`,
    );
    await expect(run).rejects.toThrow('exit code 29');
    const after = own.machine();
    expect(after.trace.log.map((l) => l.command)).toEqual(['diskpart delete partition', 'diskpart shrink']);
    expect(after.disks[0]!.partitions.map((p) => p.number)).toEqual([1, 2, 3]);
    expect(after.disks[0]!.partitions[2]!.size).toBe(
      128 * 1024 * MiB - MiB - 674 * MiB - 117 * MiB - 1024 * MiB,
    );
  });
});

describe('diskpart piped', () => {
  it('prints each prompt alone on its line and goes on after an error (docs/reference/storage-cmdlets.md#diskpart-detail-partition)', async () => {
    kit.load(gptMachine());
    const r = await kit.run(`'sel disk 0;sel par 9;sel par 4' -split ';' | diskpart; $LASTEXITCODE`);
    const out = r.output as (string | number)[];
    expect(out.slice(5)).toEqual([
      '',
      'DISKPART> ',
      'Disk 0 is now the selected disk.',
      '',
      'DISKPART> ',
      'The partition you specified is not valid.',
      'Please select a valid partition.',
      '',
      'There is no partition selected.',
      '',
      'DISKPART> ',
      'Partition 4 is now the selected partition.',
      '',
      'DISKPART> ',
      0,
    ]);
  });

  it('a declared fault on one diskpart verb fails exactly that command', async () => {
    const m = gptMachine();
    m.faults = [{ command: 'diskpart format', onCall: 1, error: 'DeviceInUse' }];
    kit.load(m);
    const { out, code } = await script([
      'select disk 0',
      'select partition 4',
      'format quick fs=ntfs label="x"',
    ]);
    expect(out.slice(-2)).toEqual(['Virtual Disk Service error:', 'The device is in use.']);
    expect(code).toBe(exitAsSeen(0x80042413));
    expect(kit.machine().disks[0]!.partitions[3]!.volume!.files).toHaveLength(1);
  });
});

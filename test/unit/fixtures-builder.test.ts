/**
 * The fixture builder's Windows arithmetic against real captured numbers, and its refusals of inconsistent input.
 */
import {
  FixtureError,
  GPT_TYPE,
  MiB,
  buildMachine,
  deterministicGuid,
  fat32VolumeSize,
  freeExtents,
  mbrVolumeGuid,
  mib,
  ntfsVolumeSize,
  partitionUniqueId,
  reagentXml,
  usableEnd,
  volumeFree,
  type MachineSpec,
  type PartSpec,
} from '../../build/machines/builder';
import { MACHINES, OS } from '../../build/machines/machines';

const spec = (name: string): MachineSpec => {
  const s = MACHINES.find((m) => m.name === name);
  if (!s) throw new Error(`no machine ${name}`);
  return s;
};
const built = (name: string) => buildMachine(spec(name)).machine;
const part = (name: string, disk = 0) => {
  const d = built(name).disks.find((x) => x.number === disk);
  if (!d) throw new Error('no disk');
  return d.partitions;
};

/** A minimal valid machine that tests then break one way at a time. */
function base(over: Partial<MachineSpec> = {}, parts?: PartSpec[]): MachineSpec {
  return {
    name: 'unit-base',
    summary: 's',
    source: 'unit test',
    notes: 'n',
    expect: { verdict: 'needs-fix', reason: 'WINRE_PARTITION_TOO_SMALL', fixable: true },
    os: { ...OS.win10Pro, uiLanguage: 'en-US' },
    disks: [
      {
        role: 'disk0',
        number: 0,
        style: 'GPT',
        size: 64 * 1024 * MiB,
        busType: 'NVMe',
        friendlyName: 'x',
        partitions: parts ?? [
          { role: 'esp', kind: 'esp', size: mib(100) },
          { role: 'msr', kind: 'msr', size: mib(16) },
          { role: 'os', kind: 'os', size: 'fill', driveLetter: 'C', usedBytes: 10 * 1024 * MiB },
          { role: 'winre', kind: 'recovery', size: mib(650) },
        ],
      },
    ],
    winre: { status: 'Enabled', partition: 'winre' },
    reagentc: { outputLanguage: 'en-US' },
    ...over,
  };
}

describe('Windows arithmetic matches real captures', () => {
  test('partition UniqueId encodes the offset little-endian (three captured values, docs/reference/storage-cmdlets.md#captured-get-partition-output)', () => {
    expect(partitionUniqueId(135_266_304, '6000C294386D6E76A937DDB4BFA8A25F')).toBe(
      '{00000000-0000-0000-0000-100800000000}6000C294386D6E76A937DDB4BFA8A25F',
    );
    expect(partitionUniqueId(63_794_315_264, 'X')).toBe('{00000000-0000-0000-0000-70da0e000000}X');
    expect(partitionUniqueId(16_777_216, 'X')).toBe('{00000000-0000-0000-0000-000100000000}X');
  });

  test('MBR volume GUID = signature + offset (GitHub runner D:, docs/reference/storage-cmdlets.md#captured-get-partition-output)', () => {
    expect(mbrVolumeGuid(0xc466e9e6, MiB)).toBe('{c466e9e6-0000-0000-0000-100000000000}');
  });

  test('NTFS volume sizes: 674 MiB -> 706,736,128 (pastebin bFDBdWgs); 10,000 MiB -> 10,485,755,904 (docs/reference/storage-cmdlets.md#get-volume)', () => {
    expect(ntfsVolumeSize(674 * MiB, 512)).toBe(706_736_128);
    expect(ntfsVolumeSize(10_000 * MiB, 512)).toBe(10_485_755_904);
  });

  test('FAT32 ESP volume is a little smaller than its partition', () => {
    const v = fat32VolumeSize(100 * MiB, 512);
    expect(v).toBeLessThan(100 * MiB);
    expect(v).toBeGreaterThan(98 * MiB);
    expect(v % 1024).toBe(0);
  });

  test('GPT usable end: 33 sectors before the end on 512-byte disks, 5 sectors on 4Kn', () => {
    expect(usableEnd('GPT', 161_061_273_600, 512)).toBe(161_061_273_600 - 16_896);
    expect(usableEnd('GPT', 1_000_204_886_016, 4096)).toBe(1_000_204_886_016 - 20_480);
    expect(usableEnd('MBR', 17_179_869_184, 512)).toBe(17_179_869_184);
  });

  test('the Windows 10 1903 laptop layout is reproduced from the disk size alone (docs/reference/partition-layouts.md#captured-layouts)', () => {
    const p = part('win10-22h2-gpt-small-winre');
    expect(p.map((x) => x.offset)).toEqual([1_048_576, 273_678_336, 290_455_552, 511_428_263_936]);
    expect(p[2]?.size).toBe(511_137_808_384);
    expect(p[3]?.size).toBe(650 * MiB);
  });

  test('the Azure C: ends exactly at the last usable LBA: 160,467,762,688 bytes (docs/reference/storage-cmdlets.md#captured-json-from-a-github-runner)', () => {
    const p = part('azure-server2022-recovery-first');
    expect(p.map((x) => x.number)).toEqual([1, 2, 3, 4]);
    expect(p[3]?.size).toBe(160_467_762_688);
    expect(p[3]?.driveLetter).toBe('C');
  });

  test('ASUS ROG: contiguous OEM layout totals 512,109,125,120 bytes with the lead-in (docs/reference/partition-layouts.md#captured-layouts)', () => {
    const p = part('asus-rog-winre-before-oem-image');
    const last = p[p.length - 1]!;
    expect(last.offset + last.size).toBe(512_109_125_120);
    expect(p[3]?.offset).toBe(290_455_552 + 484_989_804_032); // WinRE right behind the unaligned C:
  });

  test('MSI and Server 2022 offsets equal the captured ones (docs/reference/partition-layouts.md#captured-layouts, docs/reference/storage-cmdlets.md#diskpart-detail-partition)', () => {
    expect(part('msi-winre-tools-bios-rvy').map((x) => x.offset)).toEqual([
      1_048_576, 315_621_376, 449_839_104, 492_117_688_320, 493_061_406_720,
    ]);
    const s = part('server2022-gpt-small-winre');
    expect(s[2]?.offset).toBe(122_683_392);
    expect(s[3]?.offset).toBe(33_808_187_392);
    const mbr = part('server2022-bios-mbr');
    expect(mbr.map((x) => x.offset)).toEqual([1_048_576, 105_906_176, 16_629_366_784]);
    expect(mbr.map((x) => x.mbrType)).toEqual([7, 7, 0x27]);
  });

  test('captured free space is kept: Lenovo WINRE_DRV 503.32 MB, Server QEMU recovery 83.41 MB', () => {
    const lenovo = part('lenovo-winre-drv')[3]!.volume!;
    expect(volumeFree(lenovo)).toBe(Math.round(503.32 * MiB));
    const qemu = part('server2022-bios-mbr')[2]!.volume!;
    expect(volumeFree(qemu)).toBe(Math.round(83.41 * MiB));
  });

  test('the seed case has under 250 MB free on its WinRE volume and the 674 MiB partition', () => {
    const winre = part('win11-gpt-small-winre-zh')[3]!;
    expect(winre.size).toBe(674 * MiB);
    expect(winre.gptAttributes).toBe('0x8000000000000001');
    expect(volumeFree(winre.volume!)).toBeLessThan(250 * 1000 * 1000);
    expect(winre.volume!.files.map((f) => f.path)).toEqual(['\\Recovery\\WindowsRE\\Winre.wim']);
  });

  test('free extents plus partitions plus lead-in and reserved tail add up to the disk size', () => {
    for (const s of MACHINES) {
      for (const d of buildMachine(s).machine.disks) {
        const parts = d.partitions.reduce((a, p) => a + p.size, 0);
        const free = freeExtents(d).reduce((a, e) => a + e.size, 0);
        const reserved = d.size - usableEnd(d.partitionStyle as 'GPT' | 'MBR', d.size, d.logicalSectorSize);
        expect({ m: s.name, total: MiB + parts + free + reserved }).toEqual({ m: s.name, total: d.size });
      }
    }
  });
});

describe('deterministic identifiers', () => {
  test('GUIDs are lower-case, braced, stable, and differ by machine and role', () => {
    const a = deterministicGuid('m1', 'winre');
    expect(a).toMatch(/^\{[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\}$/);
    expect(deterministicGuid('m1', 'winre')).toBe(a);
    expect(deterministicGuid('m2', 'winre')).not.toBe(a);
    expect(deterministicGuid('m1', 'os')).not.toBe(a);
  });

  test('building twice gives identical machines', () => {
    expect(JSON.stringify(built('win11-gpt-small-winre-zh'))).toBe(
      JSON.stringify(built('win11-gpt-small-winre-zh')),
    );
  });

  test('the same WinRE image has the same hash on two machines; upper-case hex', () => {
    const wim = (n: string) => part(n)[3]!.volume!.files[0]!.sha256;
    expect(wim('win11-gpt-small-winre-zh')).toBe(wim('win11-gpt-small-winre-en'));
    expect(wim('win11-gpt-small-winre-zh')).toMatch(/^[0-9A-F]{64}$/);
    expect(wim('win11-gpt-small-winre-zh')).not.toBe(wim('win10-22h2-gpt-small-winre'));
  });
});

describe('ReAgent.xml', () => {
  test('enabled on GPT: InstallState 1, WinreLocation offset and disk GUID', () => {
    const m = built('win11-gpt-small-winre-zh');
    const c = m.disks[0]!.partitions[2]!.volume!.files.find((f) => f.path.endsWith('ReAgent.xml'))!;
    expect(c.content).toContain('<InstallState state="1"/>');
    expect(c.content).toContain(
      `<WinreLocation path="\\Recovery\\WindowsRE" id="0" offset="${m.winre.location!.partitionOffset}" guid="${m.disks[0]!.guid}"/>`,
    );
    expect(c.content).toContain(`<WinreBCD id="{${m.winre.bcdId}}"/>`);
    // size counts the UTF-8 BOM the file starts with on disk (docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml)
    expect(c.size).toBe(Buffer.byteLength(c.content!, 'utf8') + 3);
  });

  test('enabled on MBR: id is the disk signature in decimal, guid zero (docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml)', () => {
    const text = reagentXml({
      enabled: true,
      bcdId: '00000000-0000-0000-0000-000000000001',
      location: { offset: MiB, mbrSignature: 4_238_117_423 },
      isServer: true,
    });
    expect(text).toContain(
      '<WinreLocation path="\\Recovery\\WindowsRE" id="4238117423" offset="1048576" guid="{00000000-0000-0000-0000-000000000000}"/>',
    );
    expect(text).toContain('<IsServer state="1"/>');
  });

  test('disabled: InstallState 0 and an empty location', () => {
    const m = built('win10-winre-disabled-wim-staged');
    const c = m.disks[0]!.partitions[2]!.volume!.files;
    expect(c.map((f) => f.path)).toEqual([
      '\\Windows\\System32\\Recovery\\Winre.wim',
      '\\Windows\\System32\\Recovery\\ReAgent.xml',
    ]);
    expect(c[1]!.content).toContain('<InstallState state="0"/>');
    expect(c[1]!.content).toContain('<WinreLocation path="" id="0" offset="0"');
  });
});

describe('failure records', () => {
  test('one history entry and events 4500, 4502, 20 per KB5034441 attempt, a day apart', () => {
    const m = built('win10-22h2-gpt-small-winre');
    expect(m.updateHistory).toHaveLength(3);
    expect(m.updateHistory.map((u) => u.date)).toEqual([
      '2024-01-10T03:12:52Z',
      '2024-01-11T03:12:52Z',
      '2024-01-12T03:12:52Z',
    ]);
    expect(m.events.map((e) => e.id)).toEqual([4500, 4502, 20, 4500, 4502, 20, 4500, 4502, 20]);
    expect(m.events[2]!.message).toBe(
      'Installation Failure: Windows failed to install the following update with error 0x80070643: 2024-01 Security Update for Windows 10 Version 22H2 for x64-based Systems (KB5034441).',
    );
  });

  test('Windows 11 23H2 gets WinREAgent events only; Server 2022 gets KB5034439', () => {
    const w11 = built('win11-gpt-small-winre-zh');
    expect(w11.updateHistory).toEqual([]);
    expect(new Set(w11.events.map((e) => e.providerName))).toEqual(new Set(['Microsoft-Windows-WinREAgent']));
    expect(built('server2022-gpt-small-winre').updateHistory[0]!.title).toBe(
      '2024-01 Security Update for Microsoft server operating system version 21H2 for x64-based Systems (KB5034439)',
    );
  });

  test('compliant machines carry no failure records', () => {
    const m = built('lenovo-winre-drv');
    expect(m.updateHistory).toEqual([]);
    expect(m.events).toEqual([]);
  });
});

describe('placement options', () => {
  test("'fill' leaves room for the fixed partitions after it, ending on the aligned usable end", () => {
    const d = buildMachine(base()).machine.disks[0]!;
    const last = d.partitions[3]!;
    expect(last.offset + last.size).toBe(64 * 1024 * MiB - MiB); // whole-MiB disk: the last MiB stays free
    expect(freeExtents(d)).toEqual([{ offset: 64 * 1024 * MiB - MiB, size: MiB - 16_896 }]);
  });

  test("'fill' before a partition without a fixed size is refused", () => {
    expect(() =>
      buildMachine(
        base({}, [
          { role: 'esp', kind: 'esp', size: mib(100) },
          { role: 'os', kind: 'os', size: 'fill', driveLetter: 'C', usedBytes: 0 },
          { role: 'winre', kind: 'recovery', size: 'rest' },
        ]),
      ),
    ).toThrow(/'fill' needs fixed sizes after it/);
  });

  test('contiguous partitions start exactly at the previous end, which must be whole sectors', () => {
    const ok = buildMachine(
      base({}, [
        { role: 'esp', kind: 'esp', size: mib(100) },
        { role: 'os', kind: 'os', size: mib(2000) + 512 * 7, driveLetter: 'C', usedBytes: 0 },
        { role: 'winre', kind: 'recovery', size: mib(650), contiguous: true },
      ]),
    ).machine.disks[0]!.partitions;
    expect(ok[2]!.offset).toBe(ok[1]!.offset + ok[1]!.size);
    expect(ok[2]!.offset % MiB).not.toBe(0);
    expect(() =>
      buildMachine(
        base({}, [
          { role: 'esp', kind: 'esp', size: mib(100) },
          { role: 'os', kind: 'os', size: mib(2000) + 100, driveLetter: 'C', usedBytes: 0 },
          { role: 'winre', kind: 'recovery', size: mib(650), contiguous: true },
        ]),
      ),
    ).toThrow(FixtureError);
  });
});

describe('builder refuses inconsistent input', () => {
  const throwsFixture = (s: MachineSpec, pattern: RegExp) => {
    expect(() => buildMachine(s)).toThrow(FixtureError);
    expect(() => buildMachine(s)).toThrow(pattern);
  };

  test('the base spec builds', () => {
    expect(buildMachine(base()).machine.disks[0]!.partitions).toHaveLength(4);
  });

  test('a partition past the usable end', () => {
    throwsFixture(
      base({}, [
        { role: 'esp', kind: 'esp', size: mib(100) },
        { role: 'os', kind: 'os', size: 64 * 1024 * MiB - mib(650), driveLetter: 'C', usedBytes: 0 },
        { role: 'winre', kind: 'recovery', size: mib(650) },
      ]),
      /past the usable end/,
    );
  });

  test('WinRE image larger than its partition', () => {
    throwsFixture(
      base({}, [
        { role: 'esp', kind: 'esp', size: mib(100) },
        { role: 'os', kind: 'os', size: 'fill', driveLetter: 'C', usedBytes: 0 },
        { role: 'winre', kind: 'recovery', size: mib(300) },
      ]),
      /exceed the volume/,
    );
  });

  test('free space that does not fit', () => {
    throwsFixture(
      base({}, [
        { role: 'esp', kind: 'esp', size: mib(100) },
        { role: 'os', kind: 'os', size: mib(1000), driveLetter: 'C', freeBytes: mib(2000) },
        { role: 'winre', kind: 'recovery', size: mib(650) },
      ]),
      /exceed the volume/,
    );
  });

  test('five partitions on MBR', () => {
    const p = (role: string): PartSpec => ({ role, kind: 'data', size: mib(1024), usedBytes: 0 });
    const s = base({}, [
      { role: 'sr', kind: 'system-reserved', size: mib(100) },
      { role: 'os', kind: 'os', size: mib(30_000), driveLetter: 'C', usedBytes: 0 },
      { role: 'winre', kind: 'recovery', size: mib(650) },
      p('d1'),
      p('d2'),
    ]);
    s.disks[0]!.style = 'MBR';
    throwsFixture(s, /at most 4 primary/);
  });

  test('unaligned gaps, duplicate letters, duplicate numbers', () => {
    throwsFixture(
      base({}, [
        { role: 'esp', kind: 'esp', size: mib(100) },
        { role: 'os', kind: 'os', size: mib(2000), driveLetter: 'C', usedBytes: 0 },
        { role: 'winre', kind: 'recovery', size: mib(650), gapBefore: 4096 },
      ]),
      /not whole MiB/,
    );
    throwsFixture(
      base({}, [
        { role: 'esp', kind: 'esp', size: mib(100) },
        { role: 'os', kind: 'os', size: mib(2000), driveLetter: 'C', usedBytes: 0 },
        { role: 'winre', kind: 'recovery', size: mib(650), driveLetter: 'C' },
      ]),
      /used twice/,
    );
    throwsFixture(
      base({}, [
        { role: 'esp', kind: 'esp', size: mib(100) },
        { role: 'os', kind: 'os', size: mib(2000), driveLetter: 'C', usedBytes: 0, number: 3 },
        { role: 'winre', kind: 'recovery', size: mib(650) },
      ]),
      /duplicate partition number/,
    );
  });

  test('WinRE state that contradicts the layout', () => {
    throwsFixture(base({ winre: { status: 'Enabled', partition: 'nope' } }), /unknown partition/);
    throwsFixture(
      base({ winre: { status: 'Disabled', partition: 'winre', wim: 'system32' } }),
      /no registered/,
    );
    throwsFixture(base({ winre: { status: 'Disabled' } }), /needs wim/);
  });

  test('a KB that does not apply to the OS, a fixable refusal, BitLocker nonsense', () => {
    throwsFixture(
      base({ failures: { kb: 'KB5034439', attempts: 1, firstDate: '2024-01-10T00:00:00Z' } }),
      /Server 2022/,
    );
    throwsFixture(base({ expect: { verdict: 'refused', reason: 'NOT_ELEVATED', fixable: true } }), /fixable/);
    throwsFixture(
      base({}, [
        { role: 'esp', kind: 'esp', size: mib(100) },
        {
          role: 'os',
          kind: 'os',
          size: 'fill',
          driveLetter: 'C',
          usedBytes: 0,
          bitLocker: { volumeStatus: 1, protectionStatus: 1, encryptionPercentage: 50 },
        },
        { role: 'winre', kind: 'recovery', size: mib(650) },
      ]),
      /FullyEncrypted must be 100%/,
    );
  });

  test('a dynamic disk must hold LDM partitions', () => {
    const s = base();
    s.disks[0]!.isDynamic = true;
    throwsFixture(s, /LDM/);
    const ok = base({}, [
      { role: 'esp', kind: 'esp', size: mib(100) },
      { role: 'os', kind: 'os', size: 'fill', driveLetter: 'C', usedBytes: 0, gptType: GPT_TYPE.ldmData },
      { role: 'winre', kind: 'recovery', size: mib(650) },
    ]);
    ok.disks[0]!.isDynamic = true;
    expect(buildMachine(ok).machine.disks[0]!.isDynamic).toBe(true);
  });
});

/**
 * The journal-against-the-PC check (src/domain/journal-identity.ts): a journal is acted on only for the disk that
 * holds C: today. Disk numbers may change across a restart; every other identity must match.
 */
import type { Journal } from '../../../src/contracts/generated/journal';
import { checkJournalIdentity } from '../../../src/domain/journal-identity';
import { plan } from '../../../src/domain/planner';
import type { DiskFacts, Snapshot } from '../../../src/domain/snapshot';
import { GiB, MiB } from '../../../src/domain/units';
import { defaultDisk, part, snapshotWith, volume, type Mutable } from '../../builders/snapshot-builder';

const DATA_ID = 'SATA-DATA-1';

/** The default PC plus a 1 TB data disk (disk 1, D: at 17 MiB), like win11-disk-numbers-change. */
function twoDisks(): Snapshot {
  return snapshotWith((s) => {
    const data: DiskFacts = {
      ...defaultDisk(),
      number: 1,
      uniqueId: DATA_ID,
      guid: '{bbbbbbbb-0000-0000-0000-000000000000}',
      size: 1000 * GiB,
      isBoot: false,
      isSystem: false,
      partitions: [
        part({ number: 1, offset: 1 * MiB, size: 16 * MiB, type: 'Reserved' }),
        part({
          number: 2,
          offset: 17 * MiB,
          size: 999 * GiB,
          driveLetter: 'D',
          volume: volume(999 * GiB, 500 * GiB),
        }),
      ],
    };
    s.disks.push(data as Mutable<DiskFacts>);
  });
}

/** The journal Executor.apply writes for `snapshot`'s plan (schema version 2). */
function journalFor(snapshot: Snapshot): Journal {
  const p = plan(snapshot);
  const disk = p.target.disk!;
  const os = p.target.osPartition!;
  return {
    schemaVersion: 2,
    toolVersion: '0.1.0',
    runId: '0123456789abcdef',
    seq: 3,
    createdAt: '2026-11-25T00:00:00.000Z',
    updatedAt: '2026-11-25T00:00:00.000Z',
    computerName: snapshot.os.computerName,
    simulated: true,
    disk: {
      uniqueId: disk.uniqueId,
      guid: disk.guid,
      signature: disk.signature,
      size: snapshot.disks.find((d) => d.uniqueId === disk.uniqueId)!.size,
    },
    phase: 'applying',
    plan: p as Journal['plan'],
    original: {
      osPartition: { offset: os.offset, size: os.size },
      recoveryPartition: null,
      imageSha256: '',
      imageSize: 0,
      bitLockerSuspended: false,
      osDataFingerprint: null,
    },
    steps: p.steps.map((s) => ({
      id: s.id,
      kind: s.kind,
      script: s.script,
      params: { ...s.params },
      status: 'pending',
      attempts: 0,
    })),
    rollback: [],
    winreDisabledAt: null,
    rebootRequired: false,
    events: [],
    checksum: '0'.repeat(64),
  };
}

function edit(journal: Journal, change: (j: Journal) => void): Journal {
  const copy = JSON.parse(JSON.stringify(journal)) as Journal;
  change(copy);
  return copy;
}

/** Points every disk identity in the journal at the data disk, as an attacker recomputing the checksum would. */
function repointAtDataDisk(j: Journal, live: Snapshot): void {
  const data = live.disks.find((d) => d.uniqueId === DATA_ID)!;
  j.disk = { uniqueId: data.uniqueId, guid: data.guid, signature: data.signature, size: data.size };
  j.plan.target.disk = { ...j.plan.target.disk!, uniqueId: data.uniqueId, guid: data.guid, number: 1 };
  for (const r of j.steps) if ('diskUniqueId' in r.params) r.params['diskUniqueId'] = data.uniqueId;
}

function cOf(s: Mutable<Snapshot>) {
  return s.disks.find((d) => d.uniqueId === 'NVME-DISK-0')!.partitions.find((p) => p.driveLetter === 'C')!;
}

function osDisk(s: Mutable<Snapshot>) {
  return s.disks.find((d) => d.uniqueId === 'NVME-DISK-0')!;
}

const base = twoDisks();
const journal = journalFor(base);
const shrunk = Number(journal.steps.find((r) => r.kind === 'resize-os-partition')!.params['toSize']);

const mbrBase = snapshotWith((s) => {
  const d = osDisk(s);
  d.partitionStyle = 'MBR';
  d.guid = null;
  d.signature = 0x1234abcd;
  for (const p of d.partitions) {
    p.guid = null;
    p.gptType = null;
    p.mbrType = p.type === 'Recovery' ? 0x27 : 0x07;
    p.gptAttributes = null;
  }
  d.partitions = d.partitions.filter((p) => p.type !== 'Reserved');
}, base);

describe('checkJournalIdentity', () => {
  it('the fixtures are what the table assumes: a fix plan with a shrink of C:', () => {
    expect(journal.steps.length).toBeGreaterThan(5);
    expect(shrunk).toBeLessThan(journal.original.osPartition.size);
    expect(plan(mbrBase).steps.length).toBeGreaterThan(5);
  });

  it.each<[string, Journal, Snapshot]>([
    ['the same PC, untouched', journal, base],
    [
      'the same disk renumbered by a restart (OS disk 0 -> 1, data disk 1 -> 0)',
      journal,
      snapshotWith((s) => {
        for (const d of s.disks) d.number = d.number === 0 ? 1 : 0;
      }, base),
    ],
    [
      'the same disk after this run shrank C:',
      journal,
      snapshotWith((s) => {
        cOf(s).size = shrunk;
      }, base),
    ],
    [
      'a computer name in another case',
      journal,
      snapshotWith((s) => {
        s.os.computerName = s.os.computerName.toLowerCase();
      }, base),
    ],
    [
      'a disk GUID printed in upper case',
      edit(journal, (j) => {
        j.disk.guid = j.disk.guid!.toUpperCase();
        j.plan.target.disk!.guid = j.disk.guid;
      }),
      base,
    ],
    ['an MBR disk with its signature', journalFor(mbrBase), mbrBase],
    [
      'a schema version 1 journal (no disk size recorded) on its disk',
      edit(journal, (j) => {
        j.schemaVersion = 1;
        delete j.disk.size;
      }),
      base,
    ],
  ])('accepts %s', (_name, j, live) => {
    const result = checkJournalIdentity(j, live);
    expect(result.problems).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it.each<[string, Journal, Snapshot, RegExp]>([
    [
      'a journal re-pointed at the data disk (every identity in it rewritten consistently)',
      edit(journal, (j) => repointAtDataDisk(j, base)),
      base,
      /C: is on disk UniqueId NVME-DISK-0, not SATA-DATA-1/,
    ],
    [
      "a journal whose header names C:'s disk but whose steps act on the data disk",
      edit(journal, (j) => {
        for (const r of j.steps) if ('diskUniqueId' in r.params) r.params['diskUniqueId'] = DATA_ID;
      }),
      base,
      /acts on disk SATA-DATA-1, not on NVME-DISK-0/,
    ],
    [
      'a roll-back step aimed at the data disk',
      edit(journal, (j) => {
        j.phase = 'rolling-back';
        j.rollback = [
          {
            id: 1,
            kind: 'remove-recovery-partition',
            script: 'Remove-RecoveryPartition',
            params: { diskUniqueId: DATA_ID, partitionOffset: 17 * MiB, partitionSize: 999 * GiB },
            status: 'pending',
            attempts: 0,
          },
        ];
      }),
      base,
      /step 1 \(remove-recovery-partition\) acts on disk SATA-DATA-1/,
    ],
    [
      'a disk of another size (same UniqueId and GUID)',
      journal,
      snapshotWith((s) => {
        osDisk(s).size += 1 * GiB;
      }, base),
      /the disk is \d+ bytes, the journal recorded \d+/,
    ],
    [
      'a disk with another GPT GUID',
      journal,
      snapshotWith((s) => {
        osDisk(s).guid = '{cccccccc-0000-0000-0000-000000000000}';
      }, base),
      /the disk GUID is \{cccccccc/,
    ],
    [
      'an MBR disk with another signature',
      journalFor(mbrBase),
      snapshotWith((s) => {
        osDisk(s).signature = 0x0badf00d;
      }, mbrBase),
      /the disk signature is 195948557, the journal recorded 305441741/,
    ],
    [
      'the same UniqueId on a disk whose partition style changed',
      journal,
      snapshotWith((s) => {
        osDisk(s).partitionStyle = 'MBR';
      }, base),
      /the disk is MBR, the journal recorded GPT/,
    ],
    [
      'C: at another offset',
      journal,
      snapshotWith((s) => {
        cOf(s).offset += 1 * MiB;
      }, base),
      /C: starts at offset/,
    ],
    [
      "C: of a size neither before nor after this run's shrink",
      journal,
      snapshotWith((s) => {
        cOf(s).size -= 1 * MiB;
      }, base),
      /C: is \d+ bytes, the journal allows only \d+ or \d+/,
    ],
    [
      'C: on a partition with another GPT partition GUID',
      journal,
      snapshotWith((s) => {
        cOf(s).guid = '{dddddddd-0000-0000-0000-000000000000}';
      }, base),
      /partition GUID is \{dddddddd/,
    ],
    [
      'another PC',
      journal,
      snapshotWith((s) => {
        s.os.computerName = 'PC-02';
      }, base),
      /written on PC-01, this PC is PC-02/,
    ],
    [
      'a PC where no partition holds C:',
      journal,
      snapshotWith((s) => {
        cOf(s).driveLetter = null;
      }, base),
      /no partition holds C:/,
    ],
    [
      'a schema version 1 journal re-pointed at the data disk (checked on what it records)',
      edit(journal, (j) => {
        repointAtDataDisk(j, base);
        j.schemaVersion = 1;
        delete j.disk.size;
      }),
      base,
      /C: is on disk UniqueId NVME-DISK-0, not SATA-DATA-1/,
    ],
    [
      'a schema version 2 journal without a disk size',
      edit(journal, (j) => {
        delete j.disk.size;
      }),
      base,
      /schema version 2 but records no disk size/,
    ],
    [
      'a plan whose target disk disagrees with the header',
      edit(journal, (j) => {
        j.plan.target.disk!.uniqueId = DATA_ID;
      }),
      base,
      /its plan targets disk SATA-DATA-1, its header names NVME-DISK-0/,
    ],
  ])('refuses %s', (_name, j, live, problem) => {
    const result = checkJournalIdentity(j, live);
    expect(result.ok).toBe(false);
    expect(result.problems.join('; ')).toMatch(problem);
  });

  it('names both identities, disk numbers included only for the live one', () => {
    const result = checkJournalIdentity(
      edit(journal, (j) => repointAtDataDisk(j, base)),
      base,
    );
    expect(result.journalDisk).toMatch(/^disk UniqueId SATA-DATA-1 \(GPT, GUID \{bbbbbbbb.*\d+ bytes\)/);
    expect(result.liveDisk).toMatch(/^disk 0 UniqueId NVME-DISK-0 \(GPT, GUID \{aaaaaaaa.*with C: at offset/);
  });
});

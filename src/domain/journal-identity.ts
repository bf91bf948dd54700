/**
 * Is this unfinished journal about THIS PC's Windows disk? (A journal must not steer a fix of another disk.) A journal's checksum proves
 * only that nobody edited it without recomputing the checksum: anyone who can write the state folder, or a
 * restored backup, a cloned image or a disk moved to another PC, can hand `fix` a well-formed journal whose steps
 * name a disk other than the one that holds the Windows volume today. Acting on it repartitions that disk.
 *
 * So before the first mutation of a resumed run the journal is compared, identity by identity, with a fresh read
 * of the PC: the disk that holds the system drive (C:) today must be the disk the journal names - its UniqueId,
 * GPT disk GUID or MBR signature, partition style and size - the Windows partition must still sit at the offset
 * the journal recorded, with one of the two sizes this run can have given it (before or after its shrink) and the
 * same GPT partition GUID, and every step the journal would run must name that same disk. Disk NUMBERS are never
 * compared: Windows may renumber disks at any restart (https://github.com/dsccommunity/StorageDsc/issues/81 and
 * /issues/104; the simulator's `numberAfterReboot`, docs/simulation.md). Anything else is a problem; one problem refuses the journal.
 *
 * A journal of schemaVersion 1 (written before the disk size was recorded) is checked on every identity it has;
 * the size check is skipped for it only (docs/architecture.md, The journal). Pure: no I/O.
 */
import type { Journal } from '../contracts/generated/journal';
import type { DiskFacts, PartitionFacts, Snapshot } from './snapshot';

export interface JournalIdentityCheck {
  /** True when the journal may be acted on. */
  readonly ok: boolean;
  /** Every difference found, in words an administrator can check by hand. Empty when ok. */
  readonly problems: readonly string[];
  /** The disk and Windows partition the journal names. */
  readonly journalDisk: string;
  /** The disk and partition that hold the system drive today (or that none does). */
  readonly liveDisk: string;
}

interface LiveOs {
  readonly disk: DiskFacts;
  readonly os: PartitionFacts;
}

/** The disk and partition that hold the system drive (the same rule as the planner's). */
function liveOs(snapshot: Snapshot): LiveOs | undefined {
  const letter = snapshot.os.systemDrive.slice(0, 1).toUpperCase();
  for (const disk of snapshot.disks) {
    const os = disk.partitions.find((p) => p.driveLetter?.toUpperCase() === letter);
    if (os) return { disk, os };
  }
  return undefined;
}

function sameGuid(a: string | null | undefined, b: string | null | undefined): boolean {
  return (a ?? null)?.toLowerCase() === (b ?? null)?.toLowerCase();
}

function show(value: unknown): string {
  return value === null || value === undefined ? 'none' : String(value);
}

function describeJournalDisk(journal: Journal): string {
  const d = journal.disk;
  const style = journal.plan.target.disk?.partitionStyle ?? 'unknown style';
  const os = journal.original.osPartition;
  return (
    `disk UniqueId ${d.uniqueId} (${style}, GUID ${show(d.guid)}, signature ${show(d.signature)}, ` +
    `${d.size === undefined ? 'size not recorded' : `${d.size} bytes`}) with Windows at offset ${os.offset} ` +
    `on ${journal.computerName}`
  );
}

function describeLiveDisk(live: LiveOs | undefined, snapshot: Snapshot): string {
  if (!live) return `no disk (no partition holds ${snapshot.os.systemDrive}) on ${snapshot.os.computerName}`;
  const { disk, os } = live;
  return (
    `disk ${disk.number} UniqueId ${disk.uniqueId} (${disk.partitionStyle}, GUID ${show(disk.guid)}, ` +
    `signature ${show(disk.signature)}, ${disk.size} bytes) with ${snapshot.os.systemDrive} at offset ` +
    `${os.offset} on ${snapshot.os.computerName}`
  );
}

/** Every record the journal would still run or undo (plan steps and roll-back steps). */
function records(journal: Journal): readonly Journal['steps'][number][] {
  return [...journal.steps, ...journal.rollback];
}

export function checkJournalIdentity(journal: Journal, snapshot: Snapshot): JournalIdentityCheck {
  const problems: string[] = [];
  const live = liveOs(snapshot);
  const jd = journal.disk;
  const target = journal.plan.target;
  const original = journal.original.osPartition;

  if (journal.computerName.toLowerCase() !== snapshot.os.computerName.toLowerCase())
    problems.push(`it was written on ${journal.computerName}, this PC is ${snapshot.os.computerName}`);

  // The journal must agree with itself: its header, its plan and every step name one disk and one C:.
  if (target.disk) {
    if (target.disk.uniqueId !== jd.uniqueId)
      problems.push(`its plan targets disk ${target.disk.uniqueId}, its header names ${jd.uniqueId}`);
    if (!sameGuid(target.disk.guid, jd.guid) || target.disk.signature !== jd.signature)
      problems.push('its plan and its header name different disk GUIDs or signatures');
  }
  if (target.osPartition && target.osPartition.offset !== original.offset)
    problems.push(
      `its plan puts Windows at offset ${target.osPartition.offset}, its record at ${original.offset}`,
    );
  const sizesOfOs = new Set<number>([original.size]);
  for (const r of records(journal)) {
    const named = r.params['diskUniqueId'];
    if (named !== undefined && named !== jd.uniqueId)
      problems.push(`its step ${r.id} (${r.kind}) acts on disk ${String(named)}, not on ${jd.uniqueId}`);
    if (r.kind === 'resize-os-partition') {
      if (r.params['partitionOffset'] !== original.offset || r.params['fromSize'] !== original.size)
        problems.push(`its step ${r.id} (${r.kind}) resizes a partition other than the recorded Windows one`);
      const to = r.params['toSize'];
      if (typeof to === 'number') sizesOfOs.add(to);
    }
  }
  if (jd.size === undefined && journal.schemaVersion !== 1)
    problems.push(`it is of schema version ${journal.schemaVersion} but records no disk size`);

  // Then the PC: the disk that holds the system drive today must be that disk.
  if (!live) {
    problems.push(`no partition holds ${snapshot.os.systemDrive} on this PC`);
  } else {
    const { disk, os } = live;
    if (disk.uniqueId !== jd.uniqueId)
      problems.push(`${snapshot.os.systemDrive} is on disk UniqueId ${disk.uniqueId}, not ${jd.uniqueId}`);
    if (!sameGuid(disk.guid, jd.guid))
      problems.push(`the disk GUID is ${show(disk.guid)}, the journal recorded ${show(jd.guid)}`);
    if (disk.signature !== jd.signature)
      problems.push(
        `the disk signature is ${show(disk.signature)}, the journal recorded ${show(jd.signature)}`,
      );
    if (target.disk && target.disk.partitionStyle !== disk.partitionStyle)
      problems.push(`the disk is ${disk.partitionStyle}, the journal recorded ${target.disk.partitionStyle}`);
    if (jd.size !== undefined && disk.size !== jd.size)
      problems.push(`the disk is ${disk.size} bytes, the journal recorded ${jd.size}`);
    if (os.offset !== original.offset)
      problems.push(
        `${snapshot.os.systemDrive} starts at offset ${os.offset}, the journal recorded ${original.offset}`,
      );
    if (!sizesOfOs.has(os.size))
      problems.push(
        `${snapshot.os.systemDrive} is ${os.size} bytes, the journal allows only ${[...sizesOfOs].join(' or ')}`,
      );
    const recordedGuid = target.osPartition?.guid ?? null;
    if (recordedGuid !== null && os.guid !== null && !sameGuid(recordedGuid, os.guid))
      problems.push(
        `${snapshot.os.systemDrive}'s partition GUID is ${os.guid}, the journal recorded ${recordedGuid}`,
      );
  }
  return {
    ok: problems.length === 0,
    problems,
    journalDisk: describeJournalDisk(journal),
    liveDisk: describeLiveDisk(live, snapshot),
  };
}

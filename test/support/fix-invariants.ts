/**
 * What must hold on a simulated PC after any winre-fix run that ended (fixed, rolled back or resumed after a
 * power cut): WinRE enabled, its image hash unchanged, C:'s data untouched, one WinRE partition on the OS disk,
 * no other file of the old recovery partition lost. Returns the problems found (empty = all good).
 */
import { wimCopies, type MachineView } from './fix-runner';
import { GPT_TYPE } from '../../src/domain/gpt-types';

export interface Baseline {
  readonly imageSha256: string;
  readonly osFingerprint: string | undefined;
  readonly osDiskUniqueId: string;
  /** Files on the original WinRE partition other than Winre.wim (OEM tools): path -> sha256. */
  readonly oemFiles: ReadonlyMap<string, string>;
  /** The original WinRE partition's GUID and volume label (OEM tools look it up by label). */
  readonly winreLabel: { readonly guid: string | undefined; readonly label: string } | null;
}

function osPartition(m: MachineView): MachineView['disks'][number]['partitions'][number] | undefined {
  for (const d of m.disks) for (const p of d.partitions) if (p.driveLetter === 'C') return p;
  return undefined;
}

/** The partition WinRE is registered on (by disk unique id + offset, as ReAgent.xml keeps it). */
function winrePartition(m: MachineView): MachineView['disks'][number]['partitions'][number] | undefined {
  const loc = m.winre.location;
  if (!loc) return undefined;
  return m.disks
    .find((d) => d.uniqueId === loc.diskUniqueId)
    ?.partitions.find((p) => p.offset === loc.partitionOffset);
}

/** The partition right after `os` when it is recovery-typed (GPT type or MBR 0x27). */
function recoveryAfter(
  disk: MachineView['disks'][number],
  os: MachineView['disks'][number]['partitions'][number] | undefined,
): MachineView['disks'][number]['partitions'][number] | undefined {
  if (!os) return undefined;
  const next = [...disk.partitions].sort((a, b) => a.offset - b.offset).find((p) => p.offset > os.offset);
  const recovery = next?.gptType?.toLowerCase() === GPT_TYPE.recovery.toLowerCase() || next?.mbrType === 0x27;
  return recovery ? next : undefined;
}

export function baselineOf(m: MachineView): Baseline {
  const os = osPartition(m);
  const osDisk = m.disks.find((d) => d.partitions.includes(os!))!;
  const registered = winrePartition(m);
  // WinRE in C:\Recovery\WindowsRE (case move-winre-off-os-volume): C:'s files are not a recovery partition's;
  // the files and label that must survive are those of the recovery partition right after C:, which the fix regrows.
  const winrePart = registered === os ? recoveryAfter(osDisk, os) : registered;
  const image =
    registered?.volume?.files.find((f) => /\\Recovery\\WindowsRE\\Winre\.wim$/i.test(f.path)) ??
    os?.volume?.files.find((f) => /\\Windows\\System32\\Recovery\\Winre\.wim$/i.test(f.path));
  const oem = new Map<string, string>();
  for (const f of winrePart?.volume?.files ?? [])
    if (!/\\Winre\.wim$/i.test(f.path)) oem.set(f.path.toLowerCase(), f.sha256);
  return {
    imageSha256: image?.sha256 ?? '',
    osFingerprint: os?.volume?.dataFingerprint,
    osDiskUniqueId: osDisk.uniqueId,
    oemFiles: oem,
    winreLabel: winrePart?.volume
      ? { guid: winrePart.guid ?? undefined, label: winrePart.volume.label }
      : null,
  };
}

export function invariantProblems(
  m: MachineView,
  base: Baseline,
  options: { allowOsVolume?: boolean } = {},
): string[] {
  const problems: string[] = [];
  if (m.winre.status !== 'Enabled') problems.push(`WinRE is ${m.winre.status}`);
  const loc = m.winre.location;
  const disk = loc ? m.disks.find((d) => d.uniqueId === loc.diskUniqueId) : undefined;
  const part = loc ? disk?.partitions.find((p) => p.offset === loc.partitionOffset) : undefined;
  if (m.winre.status === 'Enabled' && !part) problems.push('WinRE points at no partition');
  const os = osPartition(m);
  if (part && part === os && !options.allowOsVolume) problems.push('WinRE is on C:');
  const image = part?.volume?.files.find((f) => /\\Recovery\\WindowsRE\\Winre\.wim$/i.test(f.path));
  if (part && !image) problems.push('no Winre.wim where WinRE is registered');
  if (image && base.imageSha256 && image.sha256 !== base.imageSha256)
    problems.push(`Winre.wim hash ${image.sha256} != ${base.imageSha256}`);
  if (base.osFingerprint !== undefined && os?.volume?.dataFingerprint !== base.osFingerprint)
    problems.push('C: data fingerprint changed');
  const onDisk = wimCopies(m).filter(
    (c) => c.diskUniqueId === base.osDiskUniqueId && /^\\Recovery\\WindowsRE\\Winre\.wim$/i.test(c.path),
  );
  if (onDisk.length !== 1 && !options.allowOsVolume)
    problems.push(`${onDisk.length} partitions hold \\Recovery\\WindowsRE\\Winre.wim on the OS disk`);
  if (part?.volume) {
    const have = new Map(part.volume.files.map((f) => [f.path.toLowerCase(), f.sha256]));
    for (const [p, sha] of base.oemFiles) {
      if (have.get(p) !== sha) {
        // Before-OS layouts keep the old partition: the file may legitimately still be there.
        const anywhere = m.disks.some((d) =>
          d.partitions.some((x) =>
            x.volume?.files.some((f) => f.path.toLowerCase() === p && f.sha256 === sha),
          ),
        );
        if (!anywhere) problems.push(`OEM file ${p} lost`);
      }
    }
  }
  return problems;
}

/** A finished run leaves no backup, no startup-task program copy on C: and no startup task behind (fixed, rolled back or resumed). */
export function leftoverProblems(m: MachineView): string[] {
  const problems: string[] = [];
  for (const d of m.disks)
    for (const p of d.partitions)
      for (const f of p.volume?.files ?? [])
        if (/\\ProgramData\\winre-fix\\(backup|bin)\\/i.test(f.path)) problems.push(`left on C: ${f.path}`);
  const tasks = (m as unknown as { scheduledTasks?: { taskName?: string }[] }).scheduledTasks ?? [];
  for (const t of tasks) problems.push(`startup task left: ${t.taskName ?? JSON.stringify(t)}`);
  return problems;
}

/**
 * The label the WinRE partition must carry after a fix (or its roll-back): the old WinRE partition's own label when
 * the run replaced that partition (it is gone) and it had one, an OEM's WINRETOOLS or WINRE_DRV; else "Windows RE
 * tools" as KB5028997 formats it.
 */
export function expectedWinReLabel(m: MachineView, base: Baseline | undefined): string {
  const old = base?.winreLabel;
  const gone = old?.guid !== undefined && !m.disks.some((d) => d.partitions.some((p) => p.guid === old.guid));
  return old && old.label && gone ? old.label : 'Windows RE tools';
}

/**
 * The new WinRE partition is what the fix promises: recovery-typed with the attributes (GPT) or id 0x27 (MBR),
 * labelled as expectedWinReLabel says, with at least 250 MB free (KB5028997; docs/cases.md).
 */
export function newPartitionProblems(m: MachineView, base?: Baseline): string[] {
  const part = winrePartition(m);
  if (!part?.volume) return ['WinRE is on no partition with a volume'];
  const problems: string[] = [];
  if (part.gptType !== undefined) {
    if (part.gptType !== GPT_TYPE.recovery) problems.push(`GPT type ${part.gptType}`);
    if (part.gptAttributes !== '0x8000000000000001') problems.push(`GPT attributes ${part.gptAttributes}`);
  } else if (part.mbrType !== 0x27) {
    problems.push(`MBR id ${String(part.mbrType)}`);
  }
  const label = expectedWinReLabel(m, base);
  if (part.volume.label !== label) problems.push(`label "${part.volume.label}", not "${label}"`);
  const free = part.volume.size - part.volume.usedBytes - part.volume.files.reduce((n, f) => n + f.size, 0);
  if (free < 250 * 1024 * 1024) problems.push(`only ${free} bytes free on the WinRE partition`);
  return problems;
}

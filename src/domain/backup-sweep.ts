/**
 * When the backups earlier runs left on C: (ProgramData\winre-fix\backup\<runId>) may be deleted. Pure.
 * A backup holds the second copy of Winre.wim and of the OEM files of the old recovery partition; it is worth
 * keeping exactly as long as the PC might still need it: while WinRE is not enabled on a recovery partition with
 * its image in place (a degraded PC, WinRE on C:, may hold its OEM files nowhere else) and, always, for the
 * unfinished run in the journal (a resume may restore from it; the caller passes that run id to keep).
 */
import type { Snapshot } from './snapshot';

/** Why the backups must stay for now, or null when WinRE is enabled and healthy enough to delete them. */
export function backupSweepBlocker(snapshot: Snapshot): string | null {
  const { reagentc, activeImage } = snapshot.winre;
  if (reagentc.status !== 'Enabled') return `WinRE is ${reagentc.status}`;
  const at = reagentc.location;
  if (!at) return 'reagentc names no WinRE location';
  const disk = snapshot.disks.find((d) => d.number === at.diskNumber);
  const part = disk?.partitions.find((p) => p.number === at.partitionNumber);
  if (!part) return `WinRE is registered on ${at.path}, which this PC does not show`;
  const letter = snapshot.os.systemDrive.slice(0, 1).toUpperCase();
  if (part.driveLetter?.toUpperCase() === letter) return 'WinRE is on the Windows volume (degraded)';
  if (!activeImage) return 'Winre.wim is not where reagentc says';
  return null;
}

/** Size arithmetic in one place. Windows aligns partitions to 1 MiB and rejects resizes under 1 MiB (docs/reference/storage-cmdlets.md#alignment-and-disk-end, docs/reference/storage-cmdlets.md#error-records). */
export const KiB = 1024;
export const MiB = 1024 * 1024;
export const GiB = 1024 * MiB;
/** PowerShell's `250MB` is 250 MiB; Microsoft's texts say "250 MB" and mean that (docs/reference/storage-cmdlets.md#storage-cmdlets-and-diskpart). */
export const MB250 = 250 * MiB;

export function alignDown(bytes: number, unit = MiB): number {
  return Math.floor(bytes / unit) * unit;
}

export function alignUp(bytes: number, unit = MiB): number {
  return Math.ceil(bytes / unit) * unit;
}

/** Human text: 262144000 -> "250 MiB", 1.5 GiB -> "1.50 GiB". */
export function formatBytes(bytes: number): string {
  if (bytes >= GiB) return `${(bytes / GiB).toFixed(2)} GiB`;
  if (bytes >= MiB) return `${Math.round((bytes / MiB) * 10) / 10} MiB`;
  if (bytes >= KiB) return `${Math.round(bytes / KiB)} KiB`;
  return `${bytes} B`;
}

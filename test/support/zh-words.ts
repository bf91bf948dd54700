/**
 * Finds English left in Chinese output. A line may keep what
 * is not winre-fix's own words: product and Windows names, units, paths, codes, options, commands, script names,
 * the English verdict kept beside its Chinese word (scripts search for it), and anything quoted ("..." or 「...」:
 * a volume label, a Windows error message). Everything else of two or more Latin letters is reported.
 */

/** Names that stay as they are in a Chinese line (products, Windows tools and names, units). */
const ALLOWED = new Set(
  [
    'WinRE',
    'BitLocker',
    'Windows',
    'Microsoft',
    'Server',
    'Core',
    'Intune',
    'Autopilot',
    'Safe',
    'WinREVersion',
    'ImageState',
    'ConfigMgr',
    'OEM',
    'LDM',
    'GPT',
    'MBR',
    'NTFS',
    'FAT32',
    'SATA',
    'NVMe',
    'SAS',
    'SCSI',
    'USB',
    'RAID',
    'UTC',
    'ID',
    'SYSTEM',
    // The built-in group keeps this name on a Chinese Windows too (--keep-backup's ACL).
    'Administrators',
    'SHA256',
    // The command that maps a drive letter to a folder (--keep-backup refuses such drives).
    'subst',
    'WIM',
    'WindowsPE',
    'SHA256',
    'BCD',
    'CSP',
    'B',
    'KiB',
    'MiB',
    'GiB',
    'TiB',
    'ms',
    's',
    'min',
    'h',
    'reagentc',
    'diskpart',
    'chkdsk',
    'defrag',
    'manage-bde',
    'mbr2gpt',
    'winre-fix',
    'WinREAgent',
    'Winre.wim',
    'ReAgent.xml',
    'ReAgent.log',
    'diskpart',
    // Windows' own names shown as data: partition types (Get-Partition Type), pending-reboot markers.
    'System',
    'Reserved',
    'Basic',
    'Recovery',
    'IFS',
    'Unknown',
    'CBS',
    'RebootPending',
    'WindowsUpdate',
    'RebootRequired',
    'PendingFileRenameOperations',
    // The verdicts and CLI commands: codes admins search for, kept beside their Chinese words.
    'compliant',
    'needs-fix',
    'refused',
    'error',
    'fixed',
    'reboot-pending',
    'rolled-back',
    'degraded',
    'audit',
    'detect',
    'fix',
    'resume',
    'status',
    'report',
    'package',
  ].map((w) => w.toLowerCase()),
);

const STRIP: readonly RegExp[] = [
  /\b[\w.-]+\.(?:json|log|lo_|wim|xml|exe|ps1)\b/gi, // file names
  /\b\d{4}-\d\d-\d\dT[\d:.]+Z\b/g, // ISO 8601 times
  /\b\d{8}T\d{6}Z-[0-9a-f]+\b/g, // run ids
  /「[^」]*」/g, // quoted Windows/PowerShell output
  /"[^"]*"/g, // quoted labels and commands
  /`[^`]*`/g, // commands
  /\S*[\\/]\S*/g, // paths, fractions
  /\b[A-Za-z]:(?=\s|$|[，。；：、）)])/g, // drive letters
  /--[a-z][a-z0-9-]*/g, // options
  /\b0x[0-9a-fA-F]+\b/g,
  /\bKB\d+\b/g,
  /\[[A-Z][A-Z0-9_]+\]/g, // [REASON_CODE]
  /\b[A-Z][A-Z0-9]*(?:[_-][A-Z0-9]+)+\b/g, // REASON_CODE, computer names like DESKTOP-2B61I2T
  /\b[A-Z][a-z]+-[A-Z][A-Za-z]+\b/g, // Verb-Noun script names
  /\b[a-z0-9]+(?:-[a-z0-9]+)+\b/g, // kebab-case identifiers: step kinds, plan cases, verdicts
  /\b[0-9A-Fa-f]{8,}\b/g,
];

/** The English words left in `line` (empty when the line is fine). */
export function englishLeftIn(line: string): string[] {
  let rest = line;
  for (const re of STRIP) rest = rest.replace(re, ' ');
  const words = rest.match(/[A-Za-z][A-Za-z0-9.]*[A-Za-z0-9]|[A-Za-z]/g) ?? [];
  return words.filter((w) => w.length >= 2 && !ALLOWED.has(w.toLowerCase()) && !/^[A-Z]{2,}$/.test(w));
}

/** Every line of `text` with English left in it, as "line  <- words". */
export function linesWithEnglish(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((l) => ({ l, words: englishLeftIn(l) }))
    .filter((x) => x.words.length > 0)
    .map((x) => `${x.l.trim()}  <- ${x.words.join(', ')}`);
}

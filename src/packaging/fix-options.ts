/**
 * The fix options a package can carry: `package --wim <UNC|path>`, `--keep-backup <folder>` and
 * `--safeos-package <UNC|path>` (src/cli/options.ts declares them for fix and audit). Checked here, at package
 * time, so that a value the PCs would refuse or misread never reaches 100,000 of them; which generated command
 * line carries which option is decided in package-options.ts (defaultCommands).
 *
 * Decisions:
 *  - The values are paths ON THE PC, never files of the packaging machine: nothing is copied into the package.
 *    Intune Remediations and the detection scripts ship no content folder, the Win32 app's content folder is
 *    deleted after the install (and a fix parked for a restart may read the Safe OS package again when its build
 *    step resumes), so a file the fix and the detection both read must live where every PC reaches it: a share
 *    (`\\server\share\...`, read as the computer account DOMAIN\PC$ when SYSTEM runs the scripts) or a local path
 *    the admin stages on every PC.
 *  - No `%`: the scripts expand %VARIABLES% in every argument on the PC (packaging/ps/Common.ps1), which would
 *    silently change a path holding one. No `"`: not a Windows path character, and it would end the quoted
 *    argument. Printable ASCII only (the scripts are ASCII: Windows PowerShell 5.1 reads them in the ANSI code
 *    page). Quoting is composeScript's (a PowerShell single-quoted literal) and the script's own
 *    ConvertTo-WinReFixArgument (spaces, CommandLineToArgvW), as for every other argument.
 */
import { checkKeepPath } from '../domain/keep-backup';
import { UsageError } from '../errors';

export interface PackageFixOptions {
  /** `fix --wim`: the Winre.wim for PCs whose WinRE is disabled with its image missing or damaged. */
  readonly wim?: string;
  /** `fix --keep-backup`: a local folder on each PC for the kept backup of the old recovery partition. */
  readonly keepBackup?: string;
  /** `fix --safeos-package`: the Safe OS Dynamic Update (.cab/.msu) to add to WinRE offline. */
  readonly safeosPackage?: string;
}

function literalPath(option: string, value: string): void {
  if (/[^\x20-\x7e]/.test(value))
    throw new UsageError(
      `package: --${option} must be printable ASCII (the generated scripts are ASCII): ${JSON.stringify(value)}`,
    );
  if (value.includes('%'))
    throw new UsageError(
      `package: --${option} must not contain %: the generated scripts expand %VARIABLES% on each PC, which would change the path (${value})`,
    );
  if (value.includes('"'))
    throw new UsageError(`package: --${option} must not contain a double quote (${value})`);
}

/**
 * An absolute path on a drive of the PC (C:\...) or a share (\\server\share\...): the shape `fix --wim` accepts
 * (src/cli/options.ts wimOption; packaging may not import the CLI, test/unit/packaging/fix-options.test.ts keeps the
 * two equal).
 */
export function isFleetPath(value: string): boolean {
  return /^[A-Za-z]:\\[^\\]/.test(value) || /^\\\\[^\\?.][^\\]*\\[^\\]+\\[^\\]/.test(value);
}

function fleetFile(option: string, value: string, example: string): string {
  literalPath(option, value);
  if (!isFleetPath(value)) {
    throw new UsageError(
      `package: --${option} must be a UNC path (${example}) or an absolute path that exists on every PC, not ${value || 'an empty value'}. ` +
        'The file is not copied into the package: the Remediations and detection scripts have no content folder, so put it on a share the computer accounts (DOMAIN\\PC$) can read.',
    );
  }
  return value;
}

/** The package's own lines about the options, for README.txt: empty without them. */
export function fixOptionsReadme(options: PackageFixOptions | undefined): string {
  if (!options) return '';
  const rows: string[] = [];
  if (options.wim !== undefined)
    rows.push(
      `  --wim ${options.wim}`,
      '      read only on PCs whose WinRE is disabled with its image missing or damaged; a share must let the',
      '      computer accounts (Domain Computers) read it.',
    );
  if (options.keepBackup !== undefined)
    rows.push(
      `  --keep-backup ${options.keepBackup}`,
      '      a local NTFS folder on each PC; a PC that cannot use it is refused (exit 32) and not fixed.',
    );
  if (options.safeosPackage !== undefined)
    rows.push(
      `  --safeos-package ${options.safeosPackage}`,
      '      read (hashed) by every fix AND detection on every PC; not in the package: a share must let the computer',
      '      accounts read it. One package per Windows release: assign it to PCs of that release only.',
    );
  if (rows.length === 0) return '';
  return ['Fix options (the fix, and the detections they change, run with them)', ...rows, '', ''].join('\n');
}

/** Checks and normalises what the admin typed; throws UsageError (exit 24) naming the option. */
export function checkPackageFixOptions(raw: {
  wim?: unknown;
  keepBackup?: unknown;
  safeosPackage?: unknown;
}): PackageFixOptions {
  for (const [option, value] of [
    ['wim', raw.wim],
    ['keep-backup', raw.keepBackup],
    ['safeos-package', raw.safeosPackage],
  ] as const) {
    // yargs gives an array for an option typed twice.
    if (value !== undefined && typeof value !== 'string')
      throw new UsageError(`package: give --${option} once, with one path`);
  }
  const out: { wim?: string; keepBackup?: string; safeosPackage?: string } = {};
  if (typeof raw.wim === 'string') out.wim = fleetFile('wim', raw.wim, '\\\\server\\share\\WinRE\\Winre.wim');
  if (typeof raw.safeosPackage === 'string') {
    const file = fleetFile(
      'safeos-package',
      raw.safeosPackage,
      '\\\\server\\share\\SafeOS\\windows11.0-kb5034232-x64.cab',
    );
    if (!/\.(cab|msu)$/i.test(file))
      throw new UsageError(
        `package: --safeos-package must be a .cab or .msu file (a Safe OS Dynamic Update from the Microsoft Update Catalog), not ${file}`,
      );
    out.safeosPackage = file;
  }
  if (typeof raw.keepBackup === 'string') {
    literalPath('keep-backup', raw.keepBackup);
    // The same rules the planner applies on the PC (src/domain/keep-backup.ts), so a fleet never gets a folder
    // every PC would refuse with exit 32.
    const checked = checkKeepPath(raw.keepBackup);
    if (!checked.ok) {
      throw new UsageError(
        checked.unc
          ? `package: --keep-backup must be a folder on a local NTFS drive of each PC (such as D:\\WinReBackups), not a share: ${raw.keepBackup}`
          : `package: --keep-backup must be an absolute folder path on a local drive of each PC, such as D:\\WinReBackups (${checked.problem}): ${raw.keepBackup || 'an empty value'}`,
      );
    }
    out.keepBackup = checked.path;
  }
  return out;
}

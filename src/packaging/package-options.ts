/**
 * What a package is: its target console, the winre-fix command lines its scripts run, where the agents collect
 * logs, the options of `winre-fix package` and what it returns.
 */
import type { PackageFixOptions } from './fix-options';

export type PackageTarget = 'intune' | 'configmgr';

export const DEFAULT_EXE_PATH = '%ProgramFiles%\\winre-fix\\winre-fix.exe';

/** The winre-fix command lines the generated scripts run. %VARIABLES% in them are expanded on the PC. */
export interface PackageCommands {
  /** Install / remediation: apply the fix. */
  readonly fix: readonly string[];
  /** Intune Remediations detection: exit 1 when remediation is needed, one summary line. */
  readonly detect: readonly string[];
  /** Application detection: exit 0 only when the PC is compliant (audit's verdict code). */
  readonly appDetect: readonly string[];
  /** ConfigMgr compliance discovery: the audit report as JSON (schemas/audit-report.schema.json). */
  readonly discover: readonly string[];
}

/**
 * Where each agent collects logs (docs/reference/fleet-tools.md#intune-logs, docs/reference/fleet-tools.md#log-size-and-rollover): winre-fix writes a CMTrace copy there (only into a
 * folder that exists), so Intune's "Collect diagnostics" and CMTrace next to the client logs find it.
 */
export const AGENT_LOG_DIRS: Readonly<Record<PackageTarget, string>> = {
  intune: '%ProgramData%\\Microsoft\\IntuneManagementExtension\\Logs',
  configmgr: '%windir%\\CCM\\Logs',
};

/**
 * `lang` fixes the message language of every run (the summary lines the consoles show); without it winre-fix
 * follows each PC's UI language. `fixOptions` (package --wim/--keep-backup/--safeos-package, checked in
 * fix-options.ts) always go on the fix, and on a detection command line where they change its answer. `detect`
 * and `audit` plan with the same options as fix (src/app/planner-options.ts), so with them their verdict is the
 * verdict of the fix that the remediation or install runs:
 *
 *  - `--wim`: the planner reads the image only on a PC whose WinRE is disabled with its image missing or damaged
 *    (src/domain/supplied-image.ts needsSuppliedImage), and there it turns the verdict from refused
 *    (WINRE_DISABLED_WIM_MISSING) into needs-fix. `detect` exits 0 for a refused PC, so without --wim the
 *    Remediations detection would never ask for the remediation the option is for: detect carries it. The
 *    compliance discovery carries it so that its value names the real state (needs-fix, or why the image is
 *    rejected: share denied, wrong architecture) instead of "no Winre.wim". The application detection does not:
 *    it detects only a compliant PC (exit 0), and --wim never makes a PC compliant or not (a PC that needs an
 *    image is not compliant either way), so it would only make those PCs read the share at every evaluation.
 *  - `--keep-backup`: judged only on a PC that needs the fix (src/domain/planner.ts keepBackupDecision): a folder
 *    the fix would refuse turns needs-fix into refused (exit 32). `detect` carries it so that such a PC is not
 *    sent a remediation that can only fail again (it says REFUSED KEEP_BACKUP_... on its line instead), the
 *    compliance discovery so that its value names the folder. The application detection cannot change its
 *    answer (never compliant-or-not): it does not carry it.
 *  - `--safeos-package`: on a PC whose WinRE is otherwise compliant but older than the patch, the plan becomes
 *    needs-fix (case patch-winre, src/domain/planner.ts withSafeOsPatch); an image the baseline's KB is already
 *    in stays compliant (SAFEOS_ALREADY_CURRENT). Without it every detection would call such a PC compliant and
 *    the patch would never be installed: all three carry it. Each of those runs hashes the package
 *    (ps-scripts/Read-SafeOsPackage.ps1), on every PC of the assignment.
 */
export function defaultCommands(
  target: PackageTarget,
  lang?: string,
  fixOptions: PackageFixOptions = {},
): PackageCommands {
  const copy = ['--log-copy-dir', AGENT_LOG_DIRS[target]];
  const language = lang ? ['--lang', lang] : [];
  const wim = fixOptions.wim !== undefined ? ['--wim', fixOptions.wim] : [];
  const keep = fixOptions.keepBackup !== undefined ? ['--keep-backup', fixOptions.keepBackup] : [];
  const safeos = fixOptions.safeosPackage !== undefined ? ['--safeos-package', fixOptions.safeosPackage] : [];
  return {
    fix: ['fix', '--yes', ...copy, ...language, ...wim, ...keep, ...safeos],
    detect: ['detect', ...copy, ...language, ...wim, ...keep, ...safeos],
    // Detection runs at every agent evaluation: it leaves the audit phase's trail (a report under
    // Reports\checks, the newest 10 kept) and one compact log record, so it never rolls a fix out of the log.
    appDetect: ['audit', '--compact-log', ...language, ...safeos],
    discover: ['audit', '--json', '--compact-log', ...language, ...wim, ...keep, ...safeos],
  };
}

/** The command lines of a package: the ones given, or the defaults for its target, language and fix options. */
export function packageCommands(options: PackageOptions): PackageCommands {
  return options.commands ?? defaultCommands(options.target, options.lang, options.fixOptions);
}

export interface PackageOptions {
  readonly target: PackageTarget;
  readonly outDir: string;
  readonly exePath: string;
  /** The winre-fix.exe to copy into the content folder; absent: the folder is written without it. */
  readonly exeSource: string | undefined;
  /** Install time limit to set in the console (Intune default 60, ConfigMgr default 120). */
  readonly maxRunMinutes: number;
  readonly toolVersion: string;
  readonly commands?: PackageCommands;
  /** --lang for every run (see defaultCommands). */
  readonly lang?: string;
  /** --wim, --keep-backup, --safeos-package for the fix (and the detections they change: defaultCommands). */
  readonly fixOptions?: PackageFixOptions;
}

export interface GeneratedFile {
  /** Relative to the output folder, forward slashes. */
  readonly path: string;
  readonly purpose: string;
}

export interface GeneratedPackage {
  readonly outDir: string;
  readonly files: readonly GeneratedFile[];
  readonly exeIncluded: boolean;
  readonly warnings: readonly string[];
}

/** How the agents start the install scripts: 32-bit PowerShell is fine, the scripts relaunch in 64-bit. */
export function powershellCommandLine(script: string): string {
  return `powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File .\\${script}`;
}

export const INSTALL = 'Install-WinReFix.ps1';
export const UNINSTALL = 'Uninstall-WinReFix.ps1';

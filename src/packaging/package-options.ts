/**
 * What a package is: its target console, the winre-fix command lines its scripts run, where the agents collect
 * logs, the options of `winre-fix package` and what it returns.
 */
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
 * follows each PC's UI language.
 */
export function defaultCommands(target: PackageTarget, lang?: string): PackageCommands {
  const copy = ['--log-copy-dir', AGENT_LOG_DIRS[target]];
  const language = lang ? ['--lang', lang] : [];
  return {
    fix: ['fix', '--yes', ...copy, ...language],
    detect: ['detect', ...copy, ...language],
    // Detection runs at every agent evaluation: it leaves the audit phase's trail (a report under
    // Reports\checks, the newest 10 kept) and one compact log record, so it never rolls a fix out of the log.
    appDetect: ['audit', '--compact-log', ...language],
    discover: ['audit', '--json', '--compact-log', ...language],
  };
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

/**
 * `winre-fix package intune|configmgr`: writes a ready folder for the admin. What goes where, and why, is in
 * docs/deploy-intune.md and docs/deploy-configmgr.md; the settings each console needs are written beside the
 * scripts as JSON (for automation) and in README.txt (for people).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  configMgrReturnCodes,
  intuneReturnCodes,
  returnCodeTable,
  type ConfigMgrCodeType,
  type IntuneReturnCodeType,
  type ReturnCodeRow,
} from './return-codes';
import { composeScript, type ScriptSettings, type ScriptSpec } from './scripts';
import {
  configurationMof,
  importMof,
  intuneComplianceRules,
  INVENTORY_CLASS,
  RECORD_MAX_AGE_DAYS,
} from './inventory';

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

const INSTALL = 'Install-WinReFix.ps1';
const UNINSTALL = 'Uninstall-WinReFix.ps1';

class Writer {
  readonly files: GeneratedFile[] = [];
  constructor(private readonly root: string) {}

  text(rel: string, content: string, purpose: string): void {
    const full = path.join(this.root, ...rel.split('/'));
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
    this.files.push({ path: rel, purpose });
  }

  json(rel: string, value: unknown, purpose: string): void {
    this.text(rel, `${JSON.stringify(value, null, 2)}\n`, purpose);
  }

  copy(rel: string, source: string, purpose: string): void {
    const full = path.join(this.root, ...rel.split('/'));
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.copyFileSync(source, full);
    this.files.push({ path: rel, purpose });
  }
}

function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

function specs(commands: PackageCommands) {
  const install: ScriptSpec = {
    body: 'Install',
    role: 'install',
    synopsis: 'winre-fix install: puts winre-fix.exe in its fixed place and runs the fix.',
    description: [
      'Copies winre-fix.exe from this folder to the configured path, then runs',
      `"winre-fix ${commands.fix.join(' ')}" and exits with its exit code (0, 3010, 1641, 1618 or 20-29).`,
    ],
    args: commands.fix,
  };
  const uninstall: ScriptSpec = {
    body: 'Uninstall',
    role: 'uninstall',
    synopsis: 'winre-fix uninstall: removes the installed winre-fix.exe.',
    description: [
      'Does not undo the partition fix and keeps the logs and state under %ProgramData%\\winre-fix.',
    ],
    args: [],
  };
  const appDetect: ScriptSpec = {
    body: 'AppDetect',
    role: 'detection',
    synopsis: 'winre-fix application detection: exit 0 with output only when the PC is compliant.',
    description: [
      `Runs "winre-fix ${commands.appDetect.join(' ')}" (read-only). Installed and compliant: one line on`,
      'stdout, exit 0. Otherwise: no output, exit 1, so the install (the fix) runs again.',
    ],
    args: commands.appDetect,
  };
  return { install, uninstall, appDetect };
}

function writeContent(
  w: Writer,
  folder: string,
  options: PackageOptions,
  settings: ScriptSettings,
  commands: PackageCommands,
  warnings: string[],
): boolean {
  const s = specs(commands);
  w.text(`${folder}/${INSTALL}`, composeScript(s.install, settings), 'install script (setup file)');
  w.text(`${folder}/${UNINSTALL}`, composeScript(s.uninstall, settings), 'uninstall script');
  if (options.exeSource) {
    w.copy(`${folder}/winre-fix.exe`, options.exeSource, 'the winre-fix executable');
    return true;
  }
  warnings.push(
    `${folder}/ has no winre-fix.exe: build it (npm run build:exe) and rerun with --exe, or copy it there before packaging.`,
  );
  return false;
}

function codesJson<T extends string>(rows: readonly ReturnCodeRow<T>[]): object[] {
  return rows.map((r) => ({ returnCode: r.returnCode, type: r.type, name: r.name, meaning: r.meaning }));
}

export function generatePackage(options: PackageOptions): GeneratedPackage {
  const commands = options.commands ?? defaultCommands(options.target, options.lang);
  const settings: ScriptSettings = {
    exePath: options.exePath,
    toolVersion: options.toolVersion,
    generatedBy: `winre-fix package ${options.target}`,
  };
  fs.mkdirSync(options.outDir, { recursive: true });
  const w = new Writer(options.outDir);
  const warnings: string[] = [];
  const exeIncluded =
    options.target === 'intune'
      ? writeIntune(w, options, settings, commands, warnings)
      : writeConfigMgr(w, options, settings, commands, warnings);
  return { outDir: options.outDir, files: w.files, exeIncluded, warnings };
}

function writeIntune(
  w: Writer,
  options: PackageOptions,
  settings: ScriptSettings,
  commands: PackageCommands,
  warnings: string[],
): boolean {
  const exeIncluded = writeContent(w, 'win32app', options, settings, commands, warnings);
  const s = specs(commands);
  w.text('Detect-WinReFix.ps1', composeScript(s.appDetect, settings), 'Win32 app custom detection script');
  const remediationDetect: ScriptSpec = {
    body: 'RemediationDetect',
    role: 'detection',
    synopsis: 'winre-fix Remediations detection: exit 1 when remediation is needed.',
    description: [
      `Runs "winre-fix ${commands.detect.join(' ')}" (read-only). Exit 1: remediation needed; exit 0: nothing`,
      'to do; other codes: winre-fix could not tell (see its table). The last line is the summary.',
    ],
    args: commands.detect,
  };
  const remediate: ScriptSpec = {
    body: 'Remediate',
    role: 'remediation',
    synopsis: 'winre-fix Remediations remediation: runs the fix.',
    description: [
      `Runs "winre-fix ${commands.fix.join(' ')}". Exit 0 when fixed or parked for a restart (3010/1641,`,
      'said in the summary: Remediations has no reboot codes); otherwise the winre-fix failure code.',
    ],
    args: commands.fix,
  };
  w.text(
    'remediations/Detect-WinReFixRemediation.ps1',
    composeScript(remediationDetect, settings),
    'Remediations detection script',
  );
  w.text(
    'remediations/Remediate-WinReFix.ps1',
    composeScript(remediate, settings),
    'Remediations remediation script',
  );

  const rows = intuneReturnCodes();
  w.json('return-codes.json', codesJson(rows), 'Win32 app return codes (Graph win32LobAppReturnCode types)');
  w.text(
    'return-codes.txt',
    crlf(returnCodeTable<IntuneReturnCodeType>(rows, 'Intune type')),
    'same, as text',
  );
  const app = {
    displayName: 'winre-fix (WinRE partition fix for 0x80070643)',
    version: options.toolVersion,
    contentFolder: 'win32app',
    setupFile: INSTALL,
    installCommandLine: powershellCommandLine(INSTALL),
    uninstallCommandLine: powershellCommandLine(UNINSTALL),
    installExperience: {
      runAsAccount: 'system',
      deviceRestartBehavior: 'basedOnReturnCode',
      maxRunTimeInMinutes: options.maxRunMinutes,
    },
    applicableArchitectures: 'x64',
    detection: { script: 'Detect-WinReFix.ps1', runAs32Bit: false, enforceSignatureCheck: false },
    returnCodes: rows.map((r) => ({
      '@odata.type': '#microsoft.graph.win32LobAppReturnCode',
      returnCode: r.returnCode,
      type: r.type,
    })),
    exePathOnDevice: options.exePath,
  };
  w.json('win32app.json', app, 'Win32 app settings (commands, install behaviour, detection, return codes)');
  const remediations = {
    detectionScript: 'remediations/Detect-WinReFixRemediation.ps1',
    remediationScript: 'remediations/Remediate-WinReFix.ps1',
    runAsAccount: 'system',
    runScriptIn64BitPowerShell: true,
    enforceScriptSignatureCheck: false,
    exePathOnDevice: options.exePath,
  };
  w.json('remediations/remediation.json', remediations, 'Remediations package settings');
  writeIntuneCompliance(w, settings);
  w.text(
    'README.txt',
    crlf(intuneReadme(options, app.installCommandLine, app.uninstallCommandLine, rows)),
    'this guide',
  );
  return exeIncluded;
}

function writeConfigMgr(
  w: Writer,
  options: PackageOptions,
  settings: ScriptSettings,
  commands: PackageCommands,
  warnings: string[],
): boolean {
  const exeIncluded = writeContent(w, 'content', options, settings, commands, warnings);
  const s = specs(commands);
  w.text('Detect-WinReFix.ps1', composeScript(s.appDetect, settings), 'deployment type detection script');
  const discover: ScriptSpec = {
    body: 'ComplianceDiscover',
    role: 'discovery',
    synopsis: "winre-fix compliance discovery: prints 'Compliant' or 'NonCompliant: <reason>'.",
    description: [
      `Runs "winre-fix ${commands.discover.join(' ')}" (read-only) and prints one value for the configuration`,
      "item's rule (String, Equals 'Compliant'). Always exits 0 so the value, not a script error, is reported.",
    ],
    args: commands.discover,
  };
  const remediate: ScriptSpec = {
    body: 'Remediate',
    role: 'remediation',
    synopsis: 'winre-fix compliance remediation: runs the fix.',
    description: [
      `Runs "winre-fix ${commands.fix.join(' ')}". Exit 0 when fixed or parked for a restart (3010/1641,`,
      'said in the output); otherwise the winre-fix failure code.',
    ],
    args: commands.fix,
  };
  w.text(
    'compliance/Discover-WinReFix.ps1',
    composeScript(discover, settings),
    'compliance discovery script',
  );
  w.text(
    'compliance/Remediate-WinReFix.ps1',
    composeScript(remediate, settings),
    'compliance remediation script',
  );

  const rows = configMgrReturnCodes();
  w.json('return-codes.json', codesJson(rows), 'deployment type return codes (ConfigMgr code types)');
  w.text(
    'return-codes.txt',
    crlf(returnCodeTable<ConfigMgrCodeType>(rows, 'ConfigMgr type')),
    'same, as text',
  );
  const deploymentType = {
    technology: 'Script',
    contentFolder: 'content',
    installationProgram: powershellCommandLine(INSTALL),
    uninstallProgram: powershellCommandLine(UNINSTALL),
    runAs32BitProcessOn64BitClients: false,
    installationBehavior: 'InstallForSystem',
    logonRequirement: 'WhetherOrNotUserLoggedOn',
    userExperience: 'Hidden',
    maximumAllowedRunTimeMinutes: options.maxRunMinutes,
    detection: { scriptType: 'PowerShell', script: 'Detect-WinReFix.ps1' },
    returnCodes: rows.map((r) => ({ returnCode: r.returnCode, codeType: r.type, name: r.name })),
    exePathOnDevice: options.exePath,
  };
  w.json('deployment-type.json', deploymentType, 'script-installer deployment type settings');
  const ci = {
    settingType: 'Script',
    dataType: 'String',
    discoveryScript: 'compliance/Discover-WinReFix.ps1',
    remediationScript: 'compliance/Remediate-WinReFix.ps1',
    runScriptsAs64BitProcess: true,
    runWithLoggedOnUserCredentials: false,
    complianceRule: { type: 'Value', operator: 'Equals', value: 'Compliant', remediateWhenSupported: true },
    noncompliantSeverity: 'Warning',
    exePathOnDevice: options.exePath,
  };
  w.json('compliance/configuration-item.json', ci, 'configuration item settings');
  writeConfigMgrInventory(w, options, settings);
  w.text(
    'README.txt',
    crlf(configMgrReadme(options, deploymentType.installationProgram, rows)),
    'this guide',
  );
  return exeIncluded;
}

/** The Intune custom compliance pair over the status record (src/engine/status-record.ts). */
function writeIntuneCompliance(w: Writer, settings: ScriptSettings): void {
  const discovery: ScriptSpec = {
    body: 'RecordComplianceIntune',
    role: 'compliance discovery',
    synopsis: 'winre-fix custom compliance discovery: the status record as one line of compressed JSON.',
    description: [
      'Reads HKLM\\SOFTWARE\\winre-fix (written by every winre-fix fix and detect run) and prints its settings for',
      'compliance/winre-fix-compliance-rules.json. Runs no winre-fix and changes nothing.',
      'https://learn.microsoft.com/mem/intune/protect/compliance-custom-script',
      'https://learn.microsoft.com/mem/intune/protect/compliance-custom-json',
    ],
    args: [],
  };
  w.text(
    'compliance/Discover-WinReFixCompliance.ps1',
    composeScript(discovery, settings),
    'custom compliance discovery script (reads the status record)',
  );
  w.json(
    'compliance/winre-fix-compliance-rules.json',
    intuneComplianceRules(RECORD_MAX_AGE_DAYS),
    'custom compliance rules JSON (schemas/intune-compliance-rules.schema.json)',
  );
}

/** ConfigMgr hardware inventory of the status record, and a configuration item that reads it. */
function writeConfigMgrInventory(w: Writer, options: PackageOptions, settings: ScriptSettings): void {
  w.text(
    'inventory/configuration.mof',
    crlf(configurationMof(options.toolVersion)),
    `hardware inventory data class ${INVENTORY_CLASS} (append to the site's configuration.mof)`,
  );
  w.text(
    'inventory/WinReFix_StatusRecord.mof',
    crlf(importMof(options.toolVersion)),
    'hardware inventory reporting class (Client Settings > Hardware Inventory > Set Classes > Import)',
  );
  const discover: ScriptSpec = {
    body: 'RecordDiscover',
    role: 'discovery',
    synopsis: "winre-fix status record discovery: prints 'Compliant' or 'NonCompliant: <why>'.",
    description: [
      'Reads HKLM\\SOFTWARE\\winre-fix (written by every winre-fix fix and detect run) for a configuration item',
      "rule (String, Equals 'Compliant'). Runs no winre-fix and changes nothing. Always exits 0.",
    ],
    args: [],
  };
  w.text(
    'inventory/Discover-WinReFixRecord.ps1',
    composeScript(discover, settings),
    'configuration item discovery script (reads the status record)',
  );
  const ci = {
    settingType: 'Script',
    dataType: 'String',
    discoveryScript: 'inventory/Discover-WinReFixRecord.ps1',
    remediationScript: null,
    runScriptsAs64BitProcess: true,
    runWithLoggedOnUserCredentials: false,
    complianceRule: { type: 'Value', operator: 'Equals', value: 'Compliant', remediateWhenSupported: false },
    noncompliantSeverity: 'Warning',
    recordMaxAgeDays: RECORD_MAX_AGE_DAYS,
  };
  w.json('inventory/configuration-item.json', ci, 'configuration item settings (status record)');
}

function intuneReadme(
  options: PackageOptions,
  install: string,
  uninstall: string,
  rows: readonly ReturnCodeRow<IntuneReturnCodeType>[],
): string {
  return `winre-fix ${options.toolVersion}: Intune package
==========================================

Full guide: docs/deploy-intune.md in the winre-fix repository.

Win32 app (the fix)
  Package:        IntuneWinAppUtil.exe -c win32app -s ${INSTALL} -o .
  Install:        ${install}
  Uninstall:      ${uninstall}
  Install behavior: System. Device restart behavior: Determine behavior based on return codes.
  Install time:   ${options.maxRunMinutes} minutes (a shrink of a large C: can take many minutes; the fix resumes
                  if it is stopped, but give it room).
  Detection:      custom script Detect-WinReFix.ps1, run as 32-bit: No, enforce signature check: No.
  The exe is installed to: ${options.exePath}

Return codes (add the 20-29 rows as "Failed" so the console names them):
${returnCodeTable(rows, 'Intune type')}
Remediations (optional; detect on a schedule, fix where needed)
  Detection script:   remediations/Detect-WinReFixRemediation.ps1
  Remediation script: remediations/Remediate-WinReFix.ps1
  Run this script using the logged-on credentials: No (SYSTEM).  Enforce script signature check: No.
  Run script in 64-bit PowerShell: Yes (the scripts also relaunch themselves in 64-bit if started 32-bit).
  They need winre-fix.exe at the path above (deploy the Win32 app first, or copy it there).

Custom compliance (optional; fleet compliance from the status record, no file collection)
  Every winre-fix fix and detect run writes HKLM\\SOFTWARE\\winre-fix (verdict, reason codes, exit code, last run).
  Devices > Compliance > Scripts: add compliance/Discover-WinReFixCompliance.ps1 (run as SYSTEM, 64-bit: Yes).
  Compliance policy > Custom Compliance: that script and compliance/winre-fix-compliance-rules.json.
  Non-compliant: the last verdict was not compliant/fixed/reboot-pending, or no run for ${RECORD_MAX_AGE_DAYS} days.

Logs: C:\\ProgramData\\winre-fix\\Logs and C:\\ProgramData\\Microsoft\\IntuneManagementExtension\\Logs
      (AppWorkload.log for the Win32 app, HealthScripts.log for Remediations).
`;
}

function configMgrReadme(
  options: PackageOptions,
  install: string,
  rows: readonly ReturnCodeRow<ConfigMgrCodeType>[],
): string {
  return `winre-fix ${options.toolVersion}: Configuration Manager package
===========================================================

Full guide: docs/deploy-configmgr.md in the winre-fix repository.

Application, Script Installer deployment type
  Content location: the content folder
  Installation program: ${install}
  Uninstall program:    ${powershellCommandLine(UNINSTALL)}
  Run installation and uninstall program as 32-bit process on 64-bit clients: No
  Detection method: Use a custom script, PowerShell, Detect-WinReFix.ps1
  Installation behavior: Install for system; Logon requirement: Whether or not a user is logged on
  Maximum allowed run time: ${options.maxRunMinutes} minutes
  The exe is installed to: ${options.exePath}

Return codes (0, 1641, 3010 and 1618 are the defaults; add 20-29 as Failure so they have names):
${returnCodeTable(rows, 'ConfigMgr type')}
Compliance: configuration item with a Script setting, data type String
  Discovery script:   compliance/Discover-WinReFix.ps1   (prints Compliant or NonCompliant: <reason>)
  Remediation script: compliance/Remediate-WinReFix.ps1
  Run scripts by using the logged on user credentials: No.  Run scripts by using the 64-bit scripting host: Yes.
  Compliance rule: Value, Equals "Compliant", Run the specified remediation script when this setting is noncompliant.

Task sequence: Run Command Line "winre-fix.exe ${(options.commands ?? defaultCommands(options.target, options.lang)).fix.join(' ')}" from a package with the exe,
  success codes 0 3010; it returns 3010 when a restart is needed and never restarts by itself. Run the same step
  again after the restart to finish (it does nothing on a fixed PC).

Hardware inventory of the status record (HKLM\\SOFTWARE\\winre-fix, written by every fix and detect run)
  1. Append inventory/configuration.mof between "Added extensions Start" and "Added extensions end" in
     <site install folder>\\inboxes\\clifiles.src\\hinv\\configuration.mof.
  2. Client Settings > Hardware Inventory > Set Classes > Import: inventory/WinReFix_StatusRecord.mof.
  Class ${INVENTORY_CLASS}: Resource Explorer, queries, collections and reports then show every PC's record.
  Optional configuration item without running winre-fix: inventory/Discover-WinReFixRecord.ps1 (String, Equals
  "Compliant"; no remediation; non-compliant also when the record is older than ${RECORD_MAX_AGE_DAYS} days).

Logs: C:\\ProgramData\\winre-fix\\Logs and C:\\Windows\\CCM\\Logs (AppEnforce.log, DcmWmiProvider.log,
      smsts.log in task sequences).
`;
}

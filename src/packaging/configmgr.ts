/**
 * The Configuration Manager package: the application (script installer deployment type), the compliance
 * configuration item, hardware inventory of the status record, and the README that says where each goes.
 */
import {
  INSTALL,
  packageCommands,
  powershellCommandLine,
  UNINSTALL,
  type PackageCommands,
  type PackageOptions,
} from './package-options';
import { codesJson, crlf, sharedSpecs, writeContent, type Writer } from './package-writer';
import {
  configMgrReturnCodes,
  returnCodeTable,
  type ConfigMgrCodeType,
  type ReturnCodeRow,
} from './return-codes';
import { fixOptionsReadme } from './fix-options';
import { composeScript, type ScriptSettings, type ScriptSpec } from './scripts';
import { configurationMof, importMof, INVENTORY_CLASS, RECORD_MAX_AGE_DAYS } from './inventory';

/** Writes the ConfigMgr package. Returns whether the exe is included. */
export function writeConfigMgr(
  w: Writer,
  options: PackageOptions,
  settings: ScriptSettings,
  commands: PackageCommands,
  warnings: string[],
): boolean {
  const exeIncluded = writeContent(w, 'content', options, settings, commands, warnings);
  const s = sharedSpecs(commands);
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

/** An argument as typed into a task sequence's command line: quoted when it holds a space (paths hold no "). */
function commandLineWord(arg: string): string {
  return /\s/.test(arg) ? `"${arg}"` : arg;
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
${fixOptionsReadme(options.fixOptions)}Compliance: configuration item with a Script setting, data type String
  Discovery script:   compliance/Discover-WinReFix.ps1   (prints Compliant or NonCompliant: <reason>)
  Remediation script: compliance/Remediate-WinReFix.ps1
  Run scripts by using the logged on user credentials: No.  Run scripts by using the 64-bit scripting host: Yes.
  Compliance rule: Value, Equals "Compliant", Run the specified remediation script when this setting is noncompliant.

Task sequence: Run Command Line "winre-fix.exe ${packageCommands(options).fix.map(commandLineWord).join(' ')}" from a package with the exe,
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

/** The Intune package: the Win32 app, Remediations and custom compliance, and the README that says where each goes. */
import { INSTALL, type PackageCommands, type PackageOptions } from './package-options';
import { crlf, type Writer } from './package-writer';
import { RECORD_MAX_AGE_DAYS } from './inventory';
import {
  writeIntuneCompliance,
  writeRemediationScripts,
  writeRemediationSettings,
} from './intune-remediations';
import { writeWin32AppScripts, writeWin32AppSettings } from './intune-win32';
import { returnCodeTable, type IntuneReturnCodeType, type ReturnCodeRow } from './return-codes';
import type { ScriptSettings } from './scripts';
import { fixOptionsReadme } from './fix-options';

/** Writes the Intune package; scripts first, then the settings of each. Returns whether the exe is included. */
export function writeIntune(
  w: Writer,
  options: PackageOptions,
  settings: ScriptSettings,
  commands: PackageCommands,
  warnings: string[],
): boolean {
  const exeIncluded = writeWin32AppScripts(w, options, settings, commands, warnings);
  writeRemediationScripts(w, settings, commands);
  const app = writeWin32AppSettings(w, options);
  writeRemediationSettings(w, options);
  writeIntuneCompliance(w, settings);
  w.text(
    'README.txt',
    crlf(intuneReadme(options, app.installCommandLine, app.uninstallCommandLine, app.returnCodes)),
    'this guide',
  );
  return exeIncluded;
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
${fixOptionsReadme(options.fixOptions)}Remediations (optional; detect on a schedule, fix where needed)
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

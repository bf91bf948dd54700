/**
 * Intune Remediations (detect on a schedule, fix where needed) and Intune custom compliance over the status
 * record (src/engine/status-record.ts).
 */
import type { PackageCommands, PackageOptions } from './package-options';
import type { Writer } from './package-writer';
import { intuneComplianceRules, RECORD_MAX_AGE_DAYS } from './inventory';
import { composeScript, type ScriptSettings, type ScriptSpec } from './scripts';

/** The Remediations detection and remediation scripts. */
export function writeRemediationScripts(
  w: Writer,
  settings: ScriptSettings,
  commands: PackageCommands,
): void {
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
}

/** The Remediations package settings. */
export function writeRemediationSettings(w: Writer, options: PackageOptions): void {
  const remediations = {
    detectionScript: 'remediations/Detect-WinReFixRemediation.ps1',
    remediationScript: 'remediations/Remediate-WinReFix.ps1',
    runAsAccount: 'system',
    runScriptIn64BitPowerShell: true,
    enforceScriptSignatureCheck: false,
    exePathOnDevice: options.exePath,
  };
  w.json('remediations/remediation.json', remediations, 'Remediations package settings');
}

/** The Intune custom compliance pair over the status record (src/engine/status-record.ts). */
export function writeIntuneCompliance(w: Writer, settings: ScriptSettings): void {
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

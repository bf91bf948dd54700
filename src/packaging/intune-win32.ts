/** The Intune Win32 app (the fix): its content folder, custom detection script, return codes and console settings. */
import {
  INSTALL,
  powershellCommandLine,
  UNINSTALL,
  type PackageCommands,
  type PackageOptions,
} from './package-options';
import { codesJson, crlf, sharedSpecs, writeContent, type Writer } from './package-writer';
import {
  intuneReturnCodes,
  returnCodeTable,
  type IntuneReturnCodeType,
  type ReturnCodeRow,
} from './return-codes';
import { composeScript, type ScriptSettings } from './scripts';

/** The content folder (win32app/) and the detection script. Returns whether the exe is in the content folder. */
export function writeWin32AppScripts(
  w: Writer,
  options: PackageOptions,
  settings: ScriptSettings,
  commands: PackageCommands,
  warnings: string[],
): boolean {
  const exeIncluded = writeContent(w, 'win32app', options, settings, commands, warnings);
  const s = sharedSpecs(commands);
  w.text('Detect-WinReFix.ps1', composeScript(s.appDetect, settings), 'Win32 app custom detection script');
  return exeIncluded;
}

/** What the README repeats of the Win32 app's settings. */
export interface Win32AppSettings {
  readonly installCommandLine: string;
  readonly uninstallCommandLine: string;
  readonly returnCodes: readonly ReturnCodeRow<IntuneReturnCodeType>[];
}

/** The return codes (JSON and text) and win32app.json, the settings to type into the console. */
export function writeWin32AppSettings(w: Writer, options: PackageOptions): Win32AppSettings {
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
  return {
    installCommandLine: app.installCommandLine,
    uninstallCommandLine: app.uninstallCommandLine,
    returnCodes: rows,
  };
}

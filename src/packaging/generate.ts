/**
 * `winre-fix package intune|configmgr`: writes a ready folder for the admin. What goes where, and why, is in
 * docs/deploy-intune.md and docs/deploy-configmgr.md; the settings each console needs are written beside the
 * scripts as JSON (for automation) and in README.txt (for people). intune.ts and configmgr.ts write each target.
 */
import * as fs from 'node:fs';
import { writeConfigMgr } from './configmgr';
import { writeIntune } from './intune';
import { packageCommands, type GeneratedPackage, type PackageOptions } from './package-options';
import { Writer } from './package-writer';
import type { ScriptSettings } from './scripts';

export {
  AGENT_LOG_DIRS,
  DEFAULT_EXE_PATH,
  defaultCommands,
  packageCommands,
  powershellCommandLine,
  type GeneratedFile,
  type GeneratedPackage,
  type PackageCommands,
  type PackageOptions,
  type PackageTarget,
} from './package-options';
export { checkPackageFixOptions, type PackageFixOptions } from './fix-options';

export function generatePackage(options: PackageOptions): GeneratedPackage {
  const commands = packageCommands(options);
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

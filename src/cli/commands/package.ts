/**
 * `winre-fix package intune|configmgr --out <dir>`: writes a ready deployment folder (scripts, return codes,
 * settings, README.txt and the exe). Changes nothing on this PC besides the output folder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CommandModule } from 'yargs';
import { UsageError } from '../../errors';
import { defaultExeSource } from '../../packaging/exe-source';
import {
  checkPackageFixOptions,
  DEFAULT_EXE_PATH,
  generatePackage,
  type PackageTarget,
} from '../../packaging/generate';
import { toolVersion } from '../../version';
import { setExitCode } from '../command-result';
import { ExitCode } from '../../contracts/exit-codes';

interface PackageArgs {
  target: PackageTarget;
  out: string;
  'exe-path': string;
  exe?: string;
  'max-run-minutes'?: number;
  lang?: string;
  json: boolean;
  'allow-missing-exe': boolean;
  wim?: string;
  'keep-backup'?: string;
  'safeos-package'?: string;
}

/** Intune's default install time is 60 minutes, ConfigMgr's maximum run time 120 (docs/reference/fleet-tools.md#intune-program-settings; DT default). */
/** The languages of winre-fix's --lang (src/cli/options.ts). */
const LANGUAGES: readonly string[] = ['en', 'zh-CN'];

const DEFAULT_MINUTES: Record<PackageTarget, number> = { intune: 60, configmgr: 120 };

export const packageCommand: CommandModule<object, PackageArgs> = {
  command: 'package <target>',
  describe:
    'Write a ready Intune (Win32 app + Remediations) or ConfigMgr (application + compliance) package folder',
  builder: (yargs) =>
    yargs
      .positional('target', {
        choices: ['intune', 'configmgr'] as const,
        demandOption: true,
        describe: 'Which management system the package is for',
      })
      .option('out', {
        type: 'string',
        demandOption: true,
        describe: 'Output folder (created; files are replaced)',
      })
      .option('exe-path', {
        type: 'string',
        default: DEFAULT_EXE_PATH,
        describe:
          'Where the install puts winre-fix.exe on the PCs and where the scripts run it from (%VARS% allowed)',
      })
      .option('exe', {
        type: 'string',
        describe:
          'The winre-fix.exe to put in the package (default: this executable, or build/out/winre-fix.exe)',
      })
      .option('max-run-minutes', {
        type: 'number',
        describe: 'Install time limit written into the settings (default: 60 for Intune, 120 for ConfigMgr)',
      })
      .option('lang', {
        type: 'string',
        choices: ['en', 'zh-CN'],
        describe: "Language of the summary lines the consoles show (default: each PC's UI language)",
      })
      .option('wim', {
        type: 'string',
        describe:
          'Pass `--wim <path>` to every fix (and to the detections it changes): a Winre.wim on a share (\\\\server\\share\\...\\Winre.wim, read as the computer account) or at an absolute path on each PC, for PCs whose WinRE image is missing or damaged',
      })
      .option('keep-backup', {
        type: 'string',
        describe:
          'Pass `--keep-backup <folder>` to every fix (and to the detections it changes): a local NTFS folder on each PC, such as D:\\WinReBackups',
      })
      .option('safeos-package', {
        type: 'string',
        describe:
          'Pass `--safeos-package <file>` to every fix and detection: a Safe OS Dynamic Update (.cab/.msu) on a share (\\\\server\\share\\...) or at an absolute path on each PC; not copied into the package',
      })
      .option('allow-missing-exe', {
        type: 'boolean',
        default: false,
        describe: 'Write the package without winre-fix.exe (add it yourself before uploading)',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print the list of files as JSON' }),
  handler: (args) => {
    // yargs' fail() callback in main.ts reports a missing/invalid option but does not stop the handler.
    if (args.target !== 'intune' && args.target !== 'configmgr') {
      throw new UsageError('package: the target is intune or configmgr');
    }
    if (typeof args.out !== 'string' || args.out === '')
      throw new UsageError('package: --out <folder> is required');
    if (args.lang !== undefined && !LANGUAGES.includes(args.lang)) {
      throw new UsageError(`package: --lang is one of ${LANGUAGES.join(', ')}`);
    }
    const minutes = args['max-run-minutes'] ?? DEFAULT_MINUTES[args.target];
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) {
      // Intune accepts 1-1440 minutes (docs/reference/fleet-tools.md#intune-program-settings).
      throw new UsageError('package: --max-run-minutes must be a whole number from 1 to 1440');
    }
    const exePath = args['exe-path'];
    if (!/^(%[A-Za-z0-9_()]+%|[A-Za-z]:)\\/.test(exePath) || !/\.exe$/i.test(exePath)) {
      throw new UsageError(
        `package: --exe-path must be an absolute Windows path to an .exe (e.g. ${DEFAULT_EXE_PATH}), not ${exePath}`,
      );
    }
    // Checked before anything is written: a value every PC would refuse never reaches a package.
    const fixOptions = checkPackageFixOptions({
      wim: args.wim,
      keepBackup: args['keep-backup'],
      safeosPackage: args['safeos-package'],
    });
    const exeSource = args.exe ?? defaultExeSource();
    if (args.exe !== undefined && !fs.existsSync(args.exe))
      throw new UsageError(`package: --exe ${args.exe} does not exist`);
    // A package without its exe uploads fine and then fails on every PC: refuse unless the admin says so.
    if (exeSource === undefined && !args['allow-missing-exe']) {
      throw new UsageError(
        'package: no winre-fix.exe to put in the package: give --exe <file> (or build it: npm run build:exe), or --allow-missing-exe to add it yourself later',
      );
    }
    const outDir = path.resolve(args.out);
    const result = generatePackage({
      target: args.target,
      outDir,
      exePath,
      exeSource,
      maxRunMinutes: minutes,
      toolVersion: toolVersion(),
      ...(args.lang ? { lang: args.lang } : {}),
      fixOptions,
    });
    if (args.json) {
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      const lines = [`winre-fix ${args.target} package written to ${outDir}:`];
      for (const f of result.files) lines.push(`  ${f.path.padEnd(46)} ${f.purpose}`);
      for (const warning of result.warnings) lines.push(`warning: ${warning}`);
      lines.push(`Next: read ${path.join(outDir, 'README.txt')}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    setExitCode(ExitCode.Success);
  },
};

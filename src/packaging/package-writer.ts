/**
 * Writing a package folder: the file writer that lists what it wrote, and the content folder both consoles share
 * (install and uninstall scripts, the exe) with the application detection script.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  INSTALL,
  UNINSTALL,
  type GeneratedFile,
  type PackageCommands,
  type PackageOptions,
} from './package-options';
import type { ReturnCodeRow } from './return-codes';
import { composeScript, type ScriptSettings, type ScriptSpec } from './scripts';

/** Writes files under the package folder and remembers each one with its purpose, in order. */
export class Writer {
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

/** Text files for Windows tools and people on Windows: CRLF line ends. */
export function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/** A return-code table as return-codes.json holds it. */
export function codesJson<T extends string>(rows: readonly ReturnCodeRow<T>[]): object[] {
  return rows.map((r) => ({ returnCode: r.returnCode, type: r.type, name: r.name, meaning: r.meaning }));
}

/** The scripts both consoles run: install, uninstall and the application detection. */
export function sharedSpecs(commands: PackageCommands): {
  install: ScriptSpec;
  uninstall: ScriptSpec;
  appDetect: ScriptSpec;
} {
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

/**
 * The content folder (`folder`): the install and uninstall scripts and, when given, the exe. Returns whether the
 * exe is in it; without it, a warning says how to add it.
 */
export function writeContent(
  w: Writer,
  folder: string,
  options: PackageOptions,
  settings: ScriptSettings,
  commands: PackageCommands,
  warnings: string[],
): boolean {
  const s = sharedSpecs(commands);
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

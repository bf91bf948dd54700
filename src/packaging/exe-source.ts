/**
 * Which winre-fix.exe a generated package should carry: the one given with --exe; else, when this process IS
 * the single executable, itself (so `winre-fix.exe package intune --out X` on an admin's PC just works); else, in
 * a development checkout, build/out/winre-fix.exe when it has been built.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../project-root';

function runningAsSea(): boolean {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sea = require('node:sea') as { isSea(): boolean };
    return sea.isSea();
  } catch {
    return false;
  }
}

export function defaultExeSource(): string | undefined {
  // In the exe, projectRoot() must not be reached (its __dirname is the exe's folder, not a checkout).
  if (runningAsSea()) return process.execPath;
  const built = path.join(projectRoot(), 'build', 'out', 'winre-fix.exe');
  return fs.existsSync(built) ? built : undefined;
}

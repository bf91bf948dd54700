/**
 * Where the PowerShell executable is. On Windows: Windows PowerShell 5.1 by absolute path, never through PATH
 * (we run as SYSTEM; docs/reference/fleet-tools.md#intune-program-settings), through Sysnative when this process is 32-bit so that WOW64 does not
 * redirect us to the 32-bit host that cannot see the 64-bit reagentc.exe. Elsewhere: pwsh, preferring the pinned
 * copy that `npm start` and `npm test` install into .tools/pwsh, then pwsh on PATH: the order of
 * build/pwsh-tool.cjs, which installs the pinned copy only when PATH has no PowerShell 7.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PowerShellUnavailableError } from '../../errors';
import { projectRoot } from '../../project-root';

export interface PowerShellLocation {
  readonly executable: string;
  readonly flavour: 'windows-powershell' | 'pwsh';
}

export function windowsPowerShellPath(env: NodeJS.ProcessEnv, arch: string): string {
  const systemRoot = env['SystemRoot'] ?? env['SYSTEMROOT'] ?? 'C:\\Windows';
  // A 32-bit process on 64-bit Windows has PROCESSOR_ARCHITEW6432 set; Sysnative reaches the real System32.
  const folder = arch === 'ia32' && env['PROCESSOR_ARCHITEW6432'] ? 'Sysnative' : 'System32';
  return path.win32.join(systemRoot, folder, 'WindowsPowerShell', 'v1.0', 'powershell.exe');
}

function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env['PATH'] ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function locatePowerShell(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
  /** The checkout whose .tools/pwsh to prefer (default: this one; never asked on Windows, where the exe has none). */
  root?: string,
): PowerShellLocation {
  const override = env['WINREFIX_POWERSHELL'];
  if (override) {
    if (!fs.existsSync(override)) {
      throw new PowerShellUnavailableError(
        `WINREFIX_POWERSHELL points to ${override}, which does not exist.`,
      );
    }
    return {
      executable: override,
      flavour: /powershell(\.exe)?$/i.test(override) ? 'windows-powershell' : 'pwsh',
    };
  }
  if (platform === 'win32') {
    const exe = windowsPowerShellPath(env, arch);
    if (!fs.existsSync(exe)) {
      throw new PowerShellUnavailableError(`Windows PowerShell was not found at ${exe}.`, {
        hint: 'winre-fix needs Windows PowerShell 5.1, which every supported Windows has in System32.',
      });
    }
    return { executable: exe, flavour: 'windows-powershell' };
  }
  const bundled = path.join(root ?? projectRoot(), '.tools', 'pwsh', 'pwsh');
  if (fs.existsSync(bundled)) return { executable: bundled, flavour: 'pwsh' };
  const onPath = findOnPath('pwsh', env);
  if (onPath) return { executable: onPath, flavour: 'pwsh' };
  throw new PowerShellUnavailableError('PowerShell 7 (pwsh) was not found on this machine.', {
    hint: 'Run through `npm start -- <command>` or run `npm run setup:pwsh` once (both install the PowerShell 7.6.9 .NET tool into .tools/pwsh; they need the .NET SDK), or put PowerShell 7 on PATH.',
  });
}

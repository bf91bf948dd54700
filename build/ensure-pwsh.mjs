#!/usr/bin/env node
// Makes sure real PowerShell 7 is available to the tests: pwsh on PATH, or the pinned .NET global tool
// installed into .tools/pwsh (git-ignored). Idempotent; prints where pwsh is. docs/reference/fleet-tools.md#powershell-7-on-linux.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const VERSION = '7.6.9';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const toolDir = path.join(root, '.tools', 'pwsh');
const bundled = path.join(toolDir, process.platform === 'win32' ? 'pwsh.exe' : 'pwsh');

function works(exe) {
  const r = spawnSync(
    exe,
    ['-NoProfile', '-NonInteractive', '-Command', '$PSVersionTable.PSVersion.ToString()'],
    {
      encoding: 'utf8',
      env: { ...process.env, POWERSHELL_TELEMETRY_OPTOUT: '1' },
    },
  );
  return r.status === 0 ? r.stdout.trim() : undefined;
}

if (process.platform === 'win32') {
  console.log('ensure-pwsh: Windows uses Windows PowerShell 5.1 from System32; nothing to install.');
  process.exit(0);
}
if (existsSync(bundled) && works(bundled)) {
  console.log(`ensure-pwsh: ${bundled} (PowerShell ${works(bundled)})`);
  process.exit(0);
}
mkdirSync(toolDir, { recursive: true });
console.log(`ensure-pwsh: installing the PowerShell ${VERSION} .NET tool into ${toolDir}`);
try {
  execFileSync('dotnet', ['tool', 'install', '--tool-path', toolDir, 'PowerShell', '--version', VERSION], {
    stdio: 'inherit',
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
  });
} catch (error) {
  console.error(`ensure-pwsh: could not install PowerShell (${error.message}). Is the .NET SDK on PATH?`);
  process.exit(1);
}
const version = works(bundled);
if (!version) {
  console.error(`ensure-pwsh: ${bundled} was installed but does not run.`);
  process.exit(1);
}
console.log(`ensure-pwsh: ${bundled} (PowerShell ${version})`);

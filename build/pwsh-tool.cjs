/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS on purpose: run by node without a build, loaded by jest */
/* global require, module, process */
// Which PowerShell 7 the development tools use on Linux and macOS (npm start, npm test, the tests through
// src/adapters/powershell/locate.ts), and the one-time install of the pinned version. Plain CommonJS so that
// build/ensure-pwsh.mjs, build/start.cjs and jest (test/unit/build) load it without a build.
// The order is the one locate.ts follows: a pinned copy already in .tools/pwsh, else pwsh on PATH when it is
// PowerShell 7, else install the pinned .NET global tool into .tools/pwsh (needs the .NET SDK and the network).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const PWSH_VERSION = '7.6.9';

/** Where the pinned copy lives in a checkout. */
function bundledPwsh(root, platform = process.platform) {
  return path.join(root, '.tools', 'pwsh', platform === 'win32' ? 'pwsh.exe' : 'pwsh');
}

/** The version a pwsh reports (e.g. '7.6.9'), or undefined when it does not start. */
function pwshVersion(exe, env = process.env) {
  const r = spawnSync(
    exe,
    ['-NoProfile', '-NonInteractive', '-Command', '$PSVersionTable.PSVersion.ToString()'],
    {
      encoding: 'utf8',
      env: { ...env, POWERSHELL_TELEMETRY_OPTOUT: '1' },
      timeout: 60_000,
    },
  );
  const out = r.status === 0 ? r.stdout.trim() : '';
  return /^\d+\.\d+/.test(out) ? out : undefined;
}

/** The first executable `name` on PATH (what a shell would run), or undefined. */
function onPath(name, env = process.env) {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * The PowerShell 7 to use, without installing anything: { exe, version, source: 'tools' | 'path' }, or
 * undefined when there is none (no pinned copy that runs, and no pwsh 7.x on PATH). `trustBundled` takes an
 * existing .tools/pwsh without starting it (as locate.ts does; saves npm start half a second); its version is
 * then the pinned one.
 */
function findPwsh(root, env = process.env, { trustBundled = false } = {}) {
  const bundled = bundledPwsh(root);
  if (fs.existsSync(bundled)) {
    const version = trustBundled ? PWSH_VERSION : pwshVersion(bundled, env);
    if (version) return { exe: bundled, version, source: 'tools' };
  }
  const exe = onPath(process.platform === 'win32' ? 'pwsh.exe' : 'pwsh', env);
  if (exe) {
    const version = pwshVersion(exe, env);
    if (version && version.startsWith('7.')) return { exe, version, source: 'path' };
  }
  return undefined;
}

/**
 * Installs the pinned PowerShell .NET global tool into .tools/pwsh and returns it like findPwsh. `output`
 * says where dotnet's own lines go ('inherit' for npm test, 'stderr' so that npm start keeps stdout for the
 * audit). Throws with a hint-like message when dotnet is missing or the install fails.
 */
function installPwsh(root, { env = process.env, output = 'inherit' } = {}) {
  const toolDir = path.dirname(bundledPwsh(root));
  fs.mkdirSync(toolDir, { recursive: true });
  const r = spawnSync(
    'dotnet',
    ['tool', 'install', '--tool-path', toolDir, 'PowerShell', '--version', PWSH_VERSION],
    {
      stdio: ['ignore', output === 'stderr' ? 2 : 'inherit', output === 'stderr' ? 2 : 'inherit'],
      env: { ...env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
    },
  );
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : `dotnet exited ${r.status}`;
    throw new Error(
      `could not install PowerShell ${PWSH_VERSION} into ${toolDir} (${why}). ` +
        'Install the .NET SDK (https://dotnet.microsoft.com/download) or put PowerShell 7 on PATH ' +
        '(https://learn.microsoft.com/powershell/scripting/install/installing-powershell).',
    );
  }
  const exe = bundledPwsh(root);
  const version = pwshVersion(exe, env);
  if (!version) throw new Error(`${exe} was installed but does not run.`);
  return { exe, version, source: 'tools' };
}

module.exports = { PWSH_VERSION, bundledPwsh, pwshVersion, onPath, findPwsh, installPwsh };

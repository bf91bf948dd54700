/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS on purpose: run by node without a build, loaded by jest */
/* global require, module, process */
// The reference assemblies the static Windows PowerShell 5.1 API check (build/Test-Ps51Api.ps1,
// docs/ps51-check.md) reads .NET types and static members from: .NET Framework 4.8 and System.Management.Automation
// 5.1, two NuGet packages restored with the ordinary client (`dotnet restore` of build/ps51-refs/ps51-refs.csproj)
// into .tools/ps51-refs (git-ignored). build/ensure-pwsh.mjs (the first thing `npm test` runs) calls ensureRefs;
// nothing is restored when both folders are already there, so an offline machine that has them needs no registry.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const PACKAGES = [
  { id: 'microsoft.netframework.referenceassemblies.net48', version: '1.0.3' },
  { id: 'powershellstandard.library', version: '5.1.1' },
];

/** Where the packages are restored (NuGet's global-packages layout: <id>/<version>/...). */
function refsDir(root) {
  return path.join(root, '.tools', 'ps51-refs');
}

/** The two assembly folders the checker reads, or undefined when a package is missing. */
function findRefs(root) {
  const dir = refsDir(root);
  const net48 = path.join(dir, PACKAGES[0].id, PACKAGES[0].version, 'build', '.NETFramework', 'v4.8');
  const sma = path.join(dir, PACKAGES[1].id, PACKAGES[1].version, 'lib', 'net452');
  const ok =
    fs.existsSync(path.join(net48, 'mscorlib.dll')) &&
    fs.existsSync(path.join(sma, 'System.Management.Automation.dll'));
  return ok ? { net48, sma } : undefined;
}

/** Restores the packages when missing and returns findRefs(root); throws with a hint when dotnet fails. */
function ensureRefs(root, { env = process.env, output = 'inherit' } = {}) {
  const found = findRefs(root);
  if (found) return { ...found, restored: false };
  const dir = refsDir(root);
  fs.mkdirSync(dir, { recursive: true });
  const r = spawnSync(
    'dotnet',
    [
      'restore',
      path.join(root, 'build', 'ps51-refs', 'ps51-refs.csproj'),
      '--packages',
      dir,
      // Restore's own files go under .tools too, never into build/.
      `-p:BaseIntermediateOutputPath=${path.join(dir, 'obj')}${path.sep}`,
      '--nologo',
      '-v',
      'quiet',
    ],
    {
      stdio: ['ignore', output === 'stderr' ? 2 : 'inherit', output === 'stderr' ? 2 : 'inherit'],
      env: { ...env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
    },
  );
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : `dotnet exited ${r.status}`;
    throw new Error(
      `could not restore the .NET Framework 4.8 / PowerShell 5.1 reference assemblies into ${dir} (${why}). ` +
        'Install the .NET SDK (https://dotnet.microsoft.com/download) and make sure NuGet packages can be restored.',
    );
  }
  const after = findRefs(root);
  if (!after) throw new Error(`dotnet restore finished but ${dir} lacks the reference assemblies.`);
  return { ...after, restored: true };
}

module.exports = { PACKAGES, refsDir, findRefs, ensureRefs };

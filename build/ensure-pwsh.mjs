#!/usr/bin/env node
// Makes sure real PowerShell 7 is available to the tests (npm test runs this first): the pinned copy already in
// .tools/pwsh, else pwsh on PATH when it is 7.x (so an offline machine with pwsh installed needs no download),
// else the pinned .NET global tool installed into .tools/pwsh (git-ignored). The same order as
// src/adapters/powershell/locate.ts, which the tests use to start pwsh. Idempotent; prints which pwsh it is.
// docs/reference/fleet-tools.md#powershell-7-on-linux.
// Then the reference assemblies of the static Windows PowerShell 5.1 API check (build/ps51-refs.cjs,
// docs/ps51-check.md): restored once into .tools/ps51-refs, skipped when present.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import tool from './pwsh-tool.cjs';
import refs from './ps51-refs.cjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

try {
  const found = refs.ensureRefs(root);
  console.log(
    `ensure-pwsh: 5.1 reference assemblies in ${path.relative(root, refs.refsDir(root))} (${found.restored ? 'restored now' : 'already there'})`,
  );
} catch (error) {
  console.error(`ensure-pwsh: ${error.message}`);
  // The check runs under PowerShell 7 on the development platforms; on Windows it is not required to start.
  if (process.platform !== 'win32') process.exit(1);
}

if (process.platform === 'win32') {
  console.log('ensure-pwsh: Windows uses Windows PowerShell 5.1 from System32; nothing to install.');
  process.exit(0);
}
let found = tool.findPwsh(root);
if (!found) {
  console.log(`ensure-pwsh: no PowerShell 7 found; installing the PowerShell ${tool.PWSH_VERSION} .NET tool`);
  try {
    found = tool.installPwsh(root);
  } catch (error) {
    console.error(`ensure-pwsh: ${error.message}`);
    process.exit(1);
  }
}
console.log(
  `ensure-pwsh: ${found.exe} (PowerShell ${found.version}, ${found.source === 'path' ? 'from PATH' : 'pinned copy'})`,
);

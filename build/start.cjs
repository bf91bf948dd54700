#!/usr/bin/env node
/* eslint-disable @typescript-eslint/no-require-imports -- plain CommonJS on purpose: run by node without a build, loaded by jest */
/* global require, module, process, __dirname */
// `npm start -- <command>`: the first command a newcomer runs, so it must work on a fresh clone and stay quick.
//  1. Compiles src/ into dist/ only when something it compiles changed since the last good build (a stamp file
//     dist/.build-stamp, dated to when that build began; a deleted or added file changes its folder's date).
//     tsc's messages go to stderr so that stdout stays the command's own (`--json`).
//  2. On Linux and macOS, where the tool runs against the simulated PC in PowerShell 7, finds pwsh as
//     build/pwsh-tool.cjs does, or installs the pinned copy into .tools/pwsh once, saying so on stderr. If that
//     fails the CLI still runs and reports the missing PowerShell with its exit code and hint. On Windows the
//     tool uses Windows PowerShell 5.1 from System32: nothing to find.
//  3. Runs dist/cli/main.js with the arguments and passes its exit code on.
'use strict';
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const tool = require('./pwsh-tool.cjs');

const ROOT = path.resolve(__dirname, '..');
/** What tsc -p tsconfig.build.json reads (JSON assets and scripts are read at run time from the checkout). */
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json'];
const STAMP = path.join('dist', '.build-stamp');
/** Commands that never start PowerShell (no install for them). */
const WITHOUT_POWERSHELL = new Set(['report', 'package']);

/** The newest modification time (ms) of the inputs under `root`, folders included. */
function newestInput(root, inputs = INPUTS) {
  let newest = 0;
  const visit = (full) => {
    let stat;
    try {
      stat = fs.statSync(full);
    } catch {
      return;
    }
    newest = Math.max(newest, stat.mtimeMs);
    if (stat.isDirectory()) for (const name of fs.readdirSync(full)) visit(path.join(full, name));
  };
  for (const input of inputs) visit(path.join(root, input));
  return newest;
}

/** True when dist/ is missing or older than a source. */
function needsBuild(root, inputs = INPUTS) {
  let built;
  try {
    built = fs.statSync(path.join(root, STAMP)).mtimeMs;
  } catch {
    return true;
  }
  return newestInput(root, inputs) > built;
}

/** Compiles; on success dates the stamp to when the build began (so an edit made meanwhile is seen next time). */
function build(root) {
  const began = new Date();
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], {
    cwd: root,
    stdio: ['ignore', 2, 2],
  });
  if (r.status !== 0) return false;
  const stamp = path.join(root, STAMP);
  fs.writeFileSync(stamp, `${began.toISOString()}\n`);
  fs.utimesSync(stamp, began, began);
  return true;
}

/** Whether these arguments run a command that starts PowerShell. */
function needsPowerShell(args) {
  const command = args.find((a) => !a.startsWith('-'));
  if (!command || WITHOUT_POWERSHELL.has(command)) return false;
  return !args.some((a) => a === '--help' || a === '-h' || a === '--version');
}

/** Finds or installs PowerShell 7 where the tool needs it; prints one progress line before an install. */
function ensurePowerShell(root, args, env = process.env, platform = process.platform) {
  if (platform === 'win32' || env.WINREFIX_POWERSHELL || !needsPowerShell(args)) return;
  if (tool.findPwsh(root, env, { trustBundled: true })) return;
  process.stderr.write(
    `installing PowerShell ${tool.PWSH_VERSION} for the simulated PC (one time, ~1 min)...\n`,
  );
  try {
    const found = tool.installPwsh(root, { env, output: 'stderr' });
    process.stderr.write(`installed PowerShell ${found.version} into ${path.dirname(found.exe)}\n`);
  } catch (error) {
    process.stderr.write(`npm start: ${error.message}\n`);
  }
}

function start(args) {
  if (needsBuild(ROOT)) {
    process.stderr.write('npm start: compiling src/ into dist/ (changed since the last build)...\n');
    if (!build(ROOT)) {
      process.stderr.write('npm start: the TypeScript build failed (above).\n');
      process.exitCode = 1;
      return;
    }
  }
  ensurePowerShell(ROOT, args);
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'cli', 'main.js'), ...args], {
    stdio: 'inherit',
  });
  // Ctrl+C reaches the CLI itself (same process group); this launcher waits for it to finish its own way.
  const forward = (signal) => () => child.kill(signal);
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', forward('SIGTERM'));
  process.on('SIGHUP', forward('SIGHUP'));
  child.on('exit', (code, signal) => {
    process.exitCode = code ?? 128 + (os.constants.signals[signal] ?? 0);
  });
}

module.exports = { INPUTS, STAMP, newestInput, needsBuild, needsPowerShell };

if (require.main === module) start(process.argv.slice(2));

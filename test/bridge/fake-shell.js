#!/usr/bin/env node
// A stand-in "PowerShell" for test/unit/bridge/protocol.test.ts (docs/reference/fleet-tools.md#driving-powershell-from-node: the fake-shell harness).
// It speaks node-powershell's stdin protocol (one line per statement, delimiter lines echoed on stdout/stderr)
// and answers the bridge's calls the way FAKE replies say, so protocol failures a real pwsh never produces can
// be tested. Every received line is appended to $FAKE_SHELL_LOG.
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a plain CommonJS script that node runs directly */
const fs = require('node:fs');
const readline = require('node:readline');

const log = process.env.FAKE_SHELL_LOG;
let hung = false;

const b64 = (text) => Buffer.from(text, 'utf8').toString('base64');
const frame = (nonce, envelope) =>
  process.stdout.write(
    `<<<WINREFIX:${nonce}:${typeof envelope === 'string' ? envelope : b64(JSON.stringify(envelope))}>>>\n`,
  );

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (log) fs.appendFileSync(log, `${line}\n`);
  if (hung) return;
  // The session's first line, the language probe (src/adapters/powershell/session.ts LANGUAGE_PROBE).
  if (line === "'<<<WINREFIX-LANGUAGE:' + $ExecutionContext.SessionState.LanguageMode + '>>>'") {
    if (process.env.FAKE_SHELL_SILENT_AT_START) return; // a host that hangs before its first answer
    process.stdout.write(`<<<WINREFIX-LANGUAGE:${process.env.FAKE_SHELL_LANGUAGE || 'FullLanguage'}>>>\n`);
    return;
  }
  let m = /^\[Console\]::(Out|Error)\.WriteLine\("([A-Za-z0-9]+)"\)$/.exec(line);
  if (m) {
    (m[1] === 'Out' ? process.stdout : process.stderr).write(`${m[2]}\n`);
    return;
  }
  m =
    /^(Register-WinReFixScript|Import-WinReFixLibrary) -Name '([^']*)' -SourceB64 '[^']*' -Nonce '([0-9a-f]+)'$/.exec(
      line,
    );
  if (m) {
    frame(m[3], { ok: true, script: m[2], data: null });
    return;
  }
  m = /^Invoke-WinReFixScript -Name '([^']*)' -ParamsB64 '([^']*)' -Nonce '([0-9a-f]+)'$/.exec(line);
  if (!m) return; // the prelude and the bridge library: nothing to answer
  const [, name, paramsB64, nonce] = m;
  const params = JSON.parse(Buffer.from(paramsB64, 'base64').toString('utf8'));
  const text = String(params.Text ?? '');
  switch (params.Reply) {
    case 'echo':
      frame(nonce, { ok: true, script: name, data: { text, length: text.length } });
      break;
    case 'stderr-and-echo':
      process.stderr.write('noise on stderr\n');
      frame(nonce, { ok: true, script: name, data: { text, length: text.length } });
      break;
    case 'no-frame':
      process.stdout.write('just text\n');
      break;
    case 'other-nonce':
      frame('0'.repeat(32), { ok: true, script: name, data: { text: 'decoy', length: 5 } });
      break;
    case 'two-frames':
      frame(nonce, { ok: true, script: name, data: { text: 'first', length: 5 } });
      frame(nonce, { ok: true, script: name, data: { text: 'second', length: 6 } });
      break;
    case 'not-json':
      frame(nonce, b64('{"ok": tru'));
      break;
    case 'bad-envelope':
      frame(nonce, { ok: 'yes', script: name, data: {} });
      break;
    case 'error-envelope-missing-fields':
      frame(nonce, { ok: false, script: name, error: { message: 'x' } });
      break;
    case 'hang':
      hung = true;
      break;
    case 'exit':
      process.exit(9);
      break;
    default:
      frame(nonce, { ok: false, script: name, error: { message: `unknown reply ${params.Reply}` } });
  }
});

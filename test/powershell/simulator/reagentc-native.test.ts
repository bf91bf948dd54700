/**
 * The Windows branch of Invoke-ReAgentC (ps-scripts/lib/NativeCommand.ps1), run for real on this host in a pwsh
 * that loads ONLY the production library (no simulator, so no reagentc.exe function): a stand-in "ReAgentc.exe"
 * (a shell script) under a temporary $env:SystemRoot\System32 writes to both streams and exits non-zero. Proves
 * the absolute path, the separate capture of stdout and stderr, blank lines, argument quoting and the exit code.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { locatePowerShell } from '../../../src/adapters/powershell/locate';
import { projectRoot } from '../../../src/project-root';

jest.setTimeout(120_000);

const posix = process.platform !== 'win32';
let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-sysroot-'));
  fs.mkdirSync(path.join(root, 'System32'));
  const exe = path.join(root, 'System32', 'ReAgentc.exe');
  fs.writeFileSync(
    exe,
    '#!/bin/sh\nfor a in "$@"; do echo "arg:$a"; done\necho ""\necho "REAGENTC.EXE: Operation failed: 70" >&2\necho "" >&2\necho "REAGENTC.EXE: An error has occurred." >&2\nexit 112\n',
  );
  fs.chmodSync(exe, 0o755);
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function runPwsh(code: string): unknown {
  const lib = path.join(projectRoot(), 'ps-scripts', 'lib', 'NativeCommand.ps1');
  const script =
    "$ErrorActionPreference = 'Stop'; " +
    `New-Module -Name NativeCommand -ScriptBlock ([ScriptBlock]::Create((Get-Content -Raw -LiteralPath '${lib}'))) | Import-Module; ` +
    code;
  const result = spawnSync(
    locatePowerShell().executable,
    ['-NoProfile', '-NonInteractive', '-Command', script],
    {
      encoding: 'utf8',
      env: { ...process.env, SystemRoot: root, NO_COLOR: '1' },
      timeout: 100_000,
    },
  );
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout);
}

(posix ? test : test.skip)(
  'runs $env:SystemRoot\\System32\\ReAgentc.exe with both streams captured apart',
  () => {
    const out = runPwsh(
      "Invoke-ReAgentC -Arguments @('/setreimage', '/path', 'C:\\Recovery Tools\\WindowsRE', 'say \"hi\"') | ConvertTo-Json -Depth 4 -Compress",
    );
    expect(out).toEqual({
      exitCode: 112,
      stdout: ['arg:/setreimage', 'arg:/path', 'arg:C:\\Recovery Tools\\WindowsRE', 'arg:say "hi"', ''],
      stderr: ['REAGENTC.EXE: Operation failed: 70', '', 'REAGENTC.EXE: An error has occurred.'],
    });
  },
);

test('Split-WinReFixNativeText keeps blank lines and drops only the final line break', () => {
  const out = runPwsh(
    '@(@(Split-WinReFixNativeText -Text "a`r`n`r`nb`r`n").Count, @(Split-WinReFixNativeText -Text "").Count, @(Split-WinReFixNativeText -Text "x").Count) | ConvertTo-Json -Compress',
  );
  expect(out).toEqual([3, 0, 1]);
});

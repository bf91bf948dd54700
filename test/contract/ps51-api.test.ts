/**
 * The static Windows PowerShell 5.1 API check (build/Test-Ps51Api.ps1, docs/ps51-check.md): every command and
 * parameter the product scripts use exists in Windows PowerShell 5.1 / the Windows 10 1809 modules, every .NET type
 * and static member exists in .NET Framework 4.8, and no 5.1-only behaviour (issue 13 item 7) is left in. Tests
 * run under pwsh 7, so this is the only place such calls are caught before a real PC. Beside ps-syntax.test.ts,
 * which checks syntax.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureRefs } from '../../build/ps51-refs.cjs';
import { parseCmdletPage } from '../../build/gen-ps51-commands';
import { locatePowerShell } from '../../src/adapters/powershell/locate';
import { DEFAULT_EXE_PATH, generatePackage } from '../../src/packaging/generate';
import { projectRoot } from '../../src/project-root';

jest.setTimeout(180_000);

interface Finding {
  file: string;
  line: number;
  column: number;
  rule: string;
  construct: string;
  message: string;
}
interface Allowed {
  file: string;
  line: number;
  rule: string;
  construct: string;
  reason: string;
}
interface Report {
  tool: 'Test-Ps51Api';
  ok: boolean;
  files: string[];
  findings: Finding[];
  allowed: Allowed[];
  seconds: number;
}

const root = projectRoot();
const checker = path.join(root, 'build', 'Test-Ps51Api.ps1');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-ps51-'));
/** Test cases written below as files; checked together with ps-scripts/ in ONE run (each run loads the assemblies). */
const cases = path.join(tmp, 'cases');
const caseFiles: Record<string, string> = {};
/** The report of `Test-Ps51Api.ps1 ps-scripts <cases>`, made once in the first beforeAll. */
let combined: { report: Report; status: number | null };

beforeAll(() => {
  // npm test restores them first (build/ensure-pwsh.mjs); a no-op when they are there.
  ensureRefs(root, { output: 'stderr' });
  fs.mkdirSync(cases, { recursive: true });
  for (const [name, text] of Object.entries(caseFiles)) fs.writeFileSync(path.join(cases, name), text);
  combined = check([path.join(root, 'ps-scripts'), cases]);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function check(paths: string[], extra: string[] = []): { report: Report; status: number | null } {
  const result = spawnSync(
    locatePowerShell().executable,
    ['-NoProfile', '-NonInteractive', '-File', checker, ...extra, ...paths],
    {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', POWERSHELL_TELEMETRY_OPTOUT: '1' },
      timeout: 150_000,
    },
  );
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`Test-Ps51Api.ps1 exited ${result.status}: ${result.stderr}`);
  }
  const report = JSON.parse(result.stdout) as Report;
  expect(report.tool).toBe('Test-Ps51Api');
  return { report, status: result.status };
}

const rel = (file: string): string => path.relative(root, file).split(path.sep).join('/');
const where = (f: Finding): string => `${rel(f.file)}:${f.line} [${f.rule}] ${f.message}`;
const inCase = (name: string) => (f: { file: string }) => f.file === path.join(cases, name);
const productScripts = path.join(root, 'ps-scripts') + path.sep;

describe('the product scripts (ps-scripts/ and ps-scripts/lib/)', () => {
  const ours = <T extends { file: string }>(list: T[]): T[] =>
    list.filter((f) => f.file.startsWith(productScripts));

  it('are all checked', () => {
    const files = ours(combined.report.files.map((file) => ({ file }))).map((f) => rel(f.file));
    expect(files).toEqual(
      expect.arrayContaining([
        'ps-scripts/Get-DiskLayout.ps1',
        'ps-scripts/lib/Bridge.ps1',
        'ps-scripts/lib/NativeCommand.ps1',
      ]),
    );
    const onDisk = fs.readdirSync(path.join(root, 'ps-scripts')).filter((f) => f.endsWith('.ps1'));
    expect(files.filter((f) => !f.includes('/lib/')).length).toBe(onDisk.length);
  });

  it('use only commands, parameters, types and members of Windows PowerShell 5.1 / .NET Framework 4.8', () => {
    expect(ours(combined.report.findings).map(where)).toEqual([]);
  });

  it('allow an exception only where the script says why (each listed here so that a new one is reviewed)', () => {
    const allowed = ours(combined.report.allowed);
    expect(allowed.map((a) => `${rel(a.file)} ${a.rule}`)).toEqual([
      'ps-scripts/Backup-RecoveryFiles.ps1 utf8-bom',
      'ps-scripts/Build-PatchedWinReImage.ps1 utf8-bom',
      // --keep-backup: the folder's marker and the kept copy's manifest, read back by Get-Content -Raw | ConvertFrom-Json.
      'ps-scripts/Copy-WinReFixBackup.ps1 utf8-bom',
      'ps-scripts/Copy-WinReFixBackup.ps1 utf8-bom',
      // ReAgent.xml as reagentc writes it (UTF-8 with a BOM); reagentc reads it either way.
      'ps-scripts/Disable-WinRe.ps1 utf8-bom',
    ]);
    for (const a of allowed) expect(a.reason.length).toBeGreaterThan(20);
  });
});

describe('the scripts `winre-fix package` generates', () => {
  it('use only 5.1 commands and .NET Framework 4.8 APIs, for Intune and ConfigMgr', () => {
    const out = path.join(tmp, 'package');
    for (const target of ['intune', 'configmgr'] as const) {
      generatePackage({
        target,
        outDir: path.join(out, target),
        exePath: DEFAULT_EXE_PATH,
        exeSource: undefined,
        maxRunMinutes: 60,
        toolVersion: '0.0.0-ps51',
        // Paths with a space and a quote on the command lines (package --wim/--keep-backup/--safeos-package).
        fixOptions: {
          wim: "\\\\srv\\WinRE share\\it's\\Winre.wim",
          keepBackup: 'D:\\WinRe Backups',
          safeosPackage: '\\\\srv\\SafeOS\\windows11.0-kb5034232-x64.cab',
        },
      });
    }
    // The generated scripts stand alone on the PC: none of ps-scripts/lib is there, so none is allowed.
    const noLibrary = path.join(tmp, 'no-library');
    fs.mkdirSync(noLibrary, { recursive: true });
    const { report, status } = check([out], ['-Library', noLibrary]);
    const generated = (fs.readdirSync(out, { recursive: true }) as string[])
      .filter((f) => f.endsWith('.ps1'))
      .map((f) => f.split(path.sep).join('/'));
    expect(generated).toEqual(
      expect.arrayContaining([
        'intune/Detect-WinReFix.ps1',
        'intune/remediations/Detect-WinReFixRemediation.ps1',
        'intune/remediations/Remediate-WinReFix.ps1',
        'configmgr/Detect-WinReFix.ps1',
        'configmgr/compliance/Remediate-WinReFix.ps1',
      ]),
    );
    expect(report.files.map((f) => path.relative(out, f).split(path.sep).join('/')).sort()).toEqual(
      generated.sort(),
    );
    expect(
      report.findings.map((f) => `${path.relative(out, f.file)}:${f.line} [${f.rule}] ${f.message}`),
    ).toEqual([]);
    expect(report.allowed).toEqual([]);
    expect(status).toBe(0);
  });
});

// The conformance suite (issue 13) runs scripts written in the idioms of published admin scripts, which run on
// Windows PowerShell 5.1 on real PCs: what they call must exist there too, or they prove nothing about Windows.
const conformance = path.join(root, 'test', 'powershell', 'conformance', 'scripts');
(fs.existsSync(conformance) ? describe : describe.skip)(
  'the conformance scripts (test/powershell/conformance/scripts)',
  () => {
    it('use only what Windows PowerShell 5.1 has (they stand alone: no ps-scripts/lib)', () => {
      const noLibrary = path.join(tmp, 'no-library-conformance');
      fs.mkdirSync(noLibrary, { recursive: true });
      const { report } = check([conformance], ['-Library', noLibrary]);
      expect(
        report.findings.map(
          (f) => `${path.relative(conformance, f.file)}:${f.line} [${f.rule}] ${f.message}`,
        ),
      ).toEqual([]);
    });
  },
);

describe('a planted 7-only call fails the check, naming file, line and rule', () => {
  // file -> [code (after a first line that sets 'Stop'), rule, construct]. Each is the only finding of its file.
  const planted: Record<string, [string, string, string]> = {
    'get-content-asbytestream': [
      "$bytes = Get-Content -LiteralPath 'C:\\x.bin' -AsByteStream",
      'unknown-parameter',
      'Get-Content -AsByteStream',
    ],
    'system-text-json': [
      '$json = [System.Text.Json.JsonSerializer]::Serialize(@{ a = 1 })',
      'unknown-type',
      '[System.Text.Json.JsonSerializer]',
    ],
    'convertfrom-json-ashashtable': [
      "$h = ConvertFrom-Json -InputObject '{}' -AsHashtable",
      'unknown-parameter',
      'ConvertFrom-Json -AsHashtable',
    ],
    'foreach-parallel': [
      '1..3 | ForEach-Object -Parallel { $_ }',
      'unknown-parameter',
      'ForEach-Object -Parallel',
    ],
    'join-path-three': ["$p = Join-Path 'a' 'b' 'c'", 'join-path-child-paths', 'Join-Path a b c'],
    'split-backslashes': ["$parts = 'a\\\\b'.Split('\\\\')", 'split-string-separator', ".Split('\\\\')"],
    'split-word': ["$parts = 'a, b'.Split(', ')", 'split-string-separator', ".Split(', ')"],
    'diskpart-stderr': [
      "$out = 'list disk' | diskpart 2>$null",
      'native-stderr-under-stop',
      'diskpart 2>$null',
    ],
    'native-variable-merge': [
      "$exe = Join-Path $env:SystemRoot 'System32\\reagentc.exe'\n$info = & $exe /info 2>&1",
      'native-stderr-under-stop',
      '& $exe /info 2>&1',
    ],
    'string-contains-comparison': [
      "$has = 'WinRE'.Contains('re', [System.StringComparison]::OrdinalIgnoreCase)",
      'string-method-overload',
      '[string].Contains(2 arguments)',
    ],
    'native-script-scope-stop': [
      "function Get-Info {\n    $script:ErrorActionPreference = [System.Management.Automation.ActionPreference]::Stop\n    cmd.exe /c 'reagentc /info' 2>&1\n}",
      'native-stderr-under-stop',
      "cmd.exe /c 'reagentc /info' 2>&1",
    ],
    'static-member-net-core': [
      "$p = [System.IO.Path]::Join('a', 'b')",
      'unknown-member',
      '[System.IO.Path]::Join',
    ],
    'semver-accelerator': ["[semver]$v = '1.2.3'", 'unknown-type', '[semver]'],
    'new-object-type': [
      '$d = New-Object -TypeName System.Text.Json.Nodes.JsonObject',
      'unknown-type',
      '[System.Text.Json.Nodes.JsonObject]',
    ],
    'ps7-command': ["$s = 'a', 'b' | Join-String -Separator ','", 'unknown-command', 'Join-String'],
    'utf8-bom': [
      "Set-Content -LiteralPath 'C:\\x.txt' -Value 'x' -Encoding UTF8",
      'utf8-bom',
      'Set-Content -Encoding UTF8',
    ],
    'json-array-pipeline': [
      "ConvertFrom-Json -InputObject '[1,2]' | ForEach-Object { $_ }",
      'convertfrom-json-pipeline',
      'ConvertFrom-Json | ...',
    ],
    'ambiguous-parameter': [
      "Get-ChildItem -LiteralPath 'C:\\' -Fil 'x'",
      'ambiguous-parameter',
      'Get-ChildItem -Fil',
    ],
    'allow-without-reason': [
      "# ps51-allow unknown-member:\n$p = [System.IO.Path]::Join('a', 'b')",
      'allow-without-reason',
      '[System.IO.Path]::Join',
    ],
  };

  for (const [name, [code]] of Object.entries(planted)) {
    caseFiles[`planted-${name}.ps1`] = `$ErrorActionPreference = 'Stop'\r\n${code}\r\n`;
  }

  it('checks every planted file and fails through the exit code', () => {
    const names = combined.report.files.map((f) => path.basename(f, '.ps1'));
    expect(names).toEqual(expect.arrayContaining(Object.keys(planted).map((n) => `planted-${n}`)));
    expect(combined.report.ok).toBe(false);
    expect(combined.status).toBe(1);
  });

  it.each(Object.entries(planted))('%s', (name, [code, rule, construct]) => {
    const got = combined.report.findings.filter(inCase(`planted-${name}.ps1`));
    // The finding is on the last line of the code (or the one before a closing brace), after the 'Stop' line.
    const lines = code.split('\n');
    const lastLine = lines.length + 1 - (lines[lines.length - 1] === '}' ? 1 : 0);
    expect(got.map((f) => [f.rule, f.construct, f.line])).toEqual([[rule, construct, lastLine]]);
    // The message says what is wrong on 5.1, not only that something is.
    expect(got[0]?.message.length).toBeGreaterThan(40);
  });
});

describe('what 5.1 does have passes, and a reasoned exception is honoured', () => {
  caseFiles['clean.ps1'] = [
    "$ErrorActionPreference = 'Stop'",
    "$parts = 'a\\b'.Split('\\')",
    "$parts = 'a, b' -split [regex]::Escape(', ')",
    "$parts = 'a,,b'.Split(',', [System.StringSplitOptions]::RemoveEmptyEntries)",
    "$has = 'WinRE'.IndexOf('re', [System.StringComparison]::OrdinalIgnoreCase) -ge 0",
    "$t = '{x}'.Trim('{', '}')",
    "$p = Join-Path (Join-Path 'a' 'b') 'c'",
    "$list = New-Object 'System.Collections.Generic.List[string]'",
    '$list2 = [System.Collections.Generic.List[string]]::new()',
    "$c = [System.IO.Path]::Combine('a', 'b')",
    "$bytes = Get-Content -LiteralPath 'C:\\x.bin' -Encoding Byte -ReadCount 0",
    "$h = ConvertFrom-Json -InputObject '{}'",
    '$who = [System.Security.Principal.WindowsIdentity]::GetCurrent()',
    '$max = [int]::MaxValue',
    '$none = [System.StringSplitOptions]::None',
    '$g = [guid]::NewGuid()',
    "$x = [xml]'<a/>'",
    'function Invoke-Tool {',
    '    [CmdletBinding()] param([string] $Name)',
    "    $ErrorActionPreference = 'Continue'",
    "    $out = 'list disk' | diskpart 2>&1",
    '}',
    "Invoke-Tool -Name 'x' -ErrorAction Stop",
    "Get-Partition -DiskNumber 0 | Where-Object { $_.Type -eq 'Recovery' }",
    'Get-BitLockerVolume -MountPoint C: | Suspend-BitLocker -RebootCount 1',
    "Get-ScheduledTask -TaskName 'x' -ErrorAction SilentlyContinue",
    '',
  ].join('\r\n');
  it('finds nothing in 5.1-correct code', () => {
    expect(combined.report.findings.filter(inCase('clean.ps1')).map(where)).toEqual([]);
    expect(combined.report.files).toContain(path.join(cases, 'clean.ps1'));
  });

  caseFiles['own-function.ps1'] =
    "function Get-Thing { param([string] $Name) $Name }\r\nGet-Thing -Name 'a'\r\nGet-Thing -Nmae 'a'\r\n";
  it('a project function is checked against its own param() block', () => {
    const got = combined.report.findings.filter(inCase('own-function.ps1'));
    expect(got.map((f) => [f.rule, f.construct, f.line])).toEqual([
      ['unknown-parameter', 'Get-Thing -Nmae', 3],
    ]);
  });

  caseFiles['allowed.ps1'] =
    "# ps51-allow unknown-member: only reached under PowerShell 7, behind a version check\r\n$p = [System.IO.Path]::Join('a', 'b')\r\n";
  it('# ps51-allow <rule>: <reason> on the line above allows that finding and reports it', () => {
    expect(combined.report.findings.filter(inCase('allowed.ps1'))).toEqual([]);
    expect(combined.report.allowed.filter(inCase('allowed.ps1'))).toEqual([
      expect.objectContaining({
        line: 2,
        rule: 'unknown-member',
        reason: 'only reached under PowerShell 7, behind a version check',
      }),
    ]);
  });
});

describe('Get-DiskLayout.ps1 reads the GPT attributes on 5.1 too (issue 13 item 7)', () => {
  // The diskpart call as it was: `$Commands | & $exe 2>$null` under 'Stop'. On Windows PowerShell 5.1 the first
  // stderr line threw, the catch returned an empty map, and every gptAttributes came back null. pwsh 7.2+ no longer
  // applies the preference to native stderr, so only the static check can see it here.
  caseFiles['Get-DiskLayout-before.ps1'] = [
    "$ErrorActionPreference = 'Stop'",
    'function Invoke-DiskPartScript {',
    '    param([string[]] $Commands)',
    "    $exe = [System.IO.Path]::Combine($env:SystemRoot, 'System32', 'diskpart.exe')",
    '    return @($Commands | & $exe 2>$null)',
    '}',
    '',
  ].join('\r\n');

  it('the old call is flagged; the script as it is now is not', () => {
    const got = combined.report.findings.filter(
      (f) => inCase('Get-DiskLayout-before.ps1')(f) || f.file.endsWith('Get-DiskLayout.ps1'),
    );
    expect(got.map((f) => [path.basename(f.file), f.line, f.rule])).toEqual([
      ['Get-DiskLayout-before.ps1', 5, 'native-stderr-under-stop'],
    ]);
    expect(combined.report.files).toContain(path.join(root, 'ps-scripts', 'Get-DiskLayout.ps1'));
  });

  it('Invoke-DiskPartScript feeds diskpart.exe on stdin and returns its stdout, whatever it writes to stderr', () => {
    if (process.platform === 'win32') return; // the fake diskpart.exe below is a shell script
    // A stand-in diskpart.exe under a fake %SystemRoot%\System32 that echoes each command after a prompt on
    // stdout and complains on stderr, as diskpart does on errors.
    const systemRoot = path.join(tmp, 'Windows');
    const system32 = path.join(systemRoot, 'System32');
    fs.mkdirSync(system32, { recursive: true });
    const fake = path.join(system32, 'diskpart.exe');
    fs.writeFileSync(
      fake,
      '#!/bin/sh\necho "Microsoft DiskPart"\nwhile IFS= read -r line; do echo "DISKPART> $line"; echo "error for $line" >&2; done\n',
    );
    fs.chmodSync(fake, 0o755);
    const script = path.join(tmp, 'invoke-diskpart.ps1');
    fs.writeFileSync(
      script,
      [
        "$ErrorActionPreference = 'Stop'",
        `. '${path.join(root, 'ps-scripts', 'lib', 'NativeCommand.ps1')}'`,
        `$ast = [System.Management.Automation.Language.Parser]::ParseFile('${path.join(root, 'ps-scripts', 'Get-DiskLayout.ps1')}', [ref]$null, [ref]$null)`,
        "$fn = $ast.Find({ param($n) $n -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $n.Name -eq 'Invoke-DiskPartScript' }, $true)",
        '. ([scriptblock]::Create($fn.Extent.Text))',
        `$env:SystemRoot = '${systemRoot}'`,
        "$lines = @(Invoke-DiskPartScript -Commands @('select disk 0', 'detail partition', 'exit'))",
        '[Console]::Out.WriteLine((ConvertTo-Json -InputObject $lines -Compress))',
        '',
      ].join('\n'),
    );
    const r = spawnSync(locatePowerShell().executable, ['-NoProfile', '-NonInteractive', '-File', script], {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', POWERSHELL_TELEMETRY_OPTOUT: '1' },
      timeout: 60_000,
    });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toEqual([
      'Microsoft DiskPart',
      'DISKPART> select disk 0',
      'DISKPART> detail partition',
      'DISKPART> exit',
    ]);
  });
});

describe('the command data (test/data/ps51-commands.json, build/gen-ps51-commands.ts)', () => {
  const data = JSON.parse(fs.readFileSync(path.join(root, 'test', 'data', 'ps51-commands.json'), 'utf8')) as {
    sources: { module: string; url: string; commit: string }[];
    commands: Record<string, { module: string; source: string; parameters: { name: string }[] }>;
  };

  it('names the public source and snapshot commit of every module, and every command comes from one', () => {
    const modules = data.sources.map((s) => s.module);
    for (const m of [
      'Microsoft.PowerShell.Core',
      'Microsoft.PowerShell.Management',
      'Storage',
      'BitLocker',
      'ScheduledTasks',
      'CimCmdlets',
    ]) {
      expect(modules).toContain(m);
    }
    for (const s of data.sources) {
      expect(s.url).toMatch(/^https:\/\/github\.com\/MicrosoftDocs\/[\w-]+\/tree\/[0-9a-f]{40}\//);
      expect(s.url).toContain(s.commit);
    }
    for (const [name, c] of Object.entries(data.commands)) {
      expect([name, modules.includes(c.module)]).toEqual([name, true]);
    }
  });

  it('knows 5.1 as it is: no -AsHashtable, no -AsByteStream, no -Parallel, Get-Partition from Storage', () => {
    const params = (c: string): string[] => (data.commands[c]?.parameters ?? []).map((p) => p.name);
    expect(params('ConvertFrom-Json')).toEqual(['InputObject']);
    expect(params('Get-Content')).toEqual(expect.arrayContaining(['Encoding', 'Raw', 'LiteralPath']));
    expect(params('Get-Content')).not.toContain('AsByteStream');
    expect(params('ForEach-Object')).not.toContain('Parallel');
    expect(params('Join-Path')).not.toContain('AdditionalChildPath');
    expect(data.commands['Get-Partition']?.module).toBe('Storage');
    expect(data.commands['Join-String']).toBeUndefined();
  });

  it('reads a cmdlet page: syntax, parameter aliases, switches and command aliases', () => {
    const page = [
      '---',
      'title: Get-Thing',
      'aliases:',
      '  - gth',
      '---',
      '# Get-Thing',
      '## SYNTAX',
      '### A (Default)',
      '```',
      'Get-Thing [-Path] <String[]> [-Force] [-verb <String>] [<CommonParameters>]',
      '```',
      '## PARAMETERS',
      '### -Path',
      '```yaml',
      'Type: System.String[]',
      'Aliases: PSPath, LP',
      '```',
      '### -Verb',
      '```yaml',
      'Type: System.String',
      'Aliases:',
      '',
      'Required: False',
      '```',
      '### CommonParameters',
      '## INPUTS',
      '',
    ].join('\n');
    expect(parseCmdletPage(page)).toEqual({
      title: 'Get-Thing',
      aliases: ['gth'],
      parameters: {
        Path: { aliases: ['PSPath', 'LP'], switch: false },
        Force: { aliases: [], switch: true },
        verb: { aliases: [], switch: false },
      },
    });
  });
});

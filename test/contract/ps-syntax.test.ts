/**
 * Every PowerShell file of the project must run on Windows PowerShell 5.1 (what the tool uses on Windows) as well
 * as on pwsh 7 (what tests use here). build/Test-PsCompatibility.ps1 parses each file with PowerShell's own parser
 * and walks the AST for 7-only constructs; this test runs it over the repository, and over one fixture per
 * forbidden construct (test/bridge/ps-compat/) to prove the checker catches each of them.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { locatePowerShell } from '../../src/adapters/powershell/locate';
import { DEFAULT_EXE_PATH, generatePackage } from '../../src/packaging/generate';
import { projectRoot } from '../../src/project-root';
import { addSchemaFolder, assertValid } from '../../src/schemas/validators';

jest.setTimeout(120_000);

interface Finding {
  file: string;
  line: number;
  column: number;
  rule: string;
  construct: string;
  message: string;
}
interface Report {
  tool: string;
  ok: boolean;
  files: string[];
  findings: Finding[];
}

const root = projectRoot();
const fixtures = path.join(root, 'test', 'bridge', 'ps-compat');
// Not part of the product: dependencies, the installed pwsh, build output of other tools, and the fixtures
// below, which are non-compliant on purpose.
const skipped = new Set(
  ['node_modules', '.git', '.tools', 'dist', 'coverage', '.tmp'].map((d) => path.join(root, d)),
);
skipped.add(fixtures);

function powershellFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skipped.has(full)) out.push(...powershellFiles(full));
    } else if (/\.ps(m?)1$/i.test(entry.name)) {
      out.push(full);
    }
  }
  return out;
}

function check(paths: string[]): { report: Report; status: number | null; stderr: string } {
  const result = spawnSync(
    locatePowerShell().executable,
    [
      '-NoProfile',
      '-NonInteractive',
      '-File',
      path.join(root, 'build', 'Test-PsCompatibility.ps1'),
      ...paths,
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', POWERSHELL_TELEMETRY_OPTOUT: '1' },
      timeout: 100_000,
    },
  );
  addSchemaFolder('test/bridge/schemas');
  const report = assertValid<Report>(
    'ps-compat-report',
    JSON.parse(result.stdout),
    'Test-PsCompatibility.ps1',
  );
  return { report, status: result.status, stderr: result.stderr };
}

const where = (f: Finding): string =>
  `${path.relative(root, f.file)}:${f.line}:${f.column} [${f.rule}] ${f.message}`;

describe('every .ps1 in the repository', () => {
  const files = powershellFiles(root);

  it('includes the product scripts, the bridge, the checker itself and the test scripts', () => {
    const rel = files.map((f) => path.relative(root, f).split(path.sep).join('/'));
    expect(rel).toEqual(
      expect.arrayContaining([
        'ps-scripts/lib/Bridge.ps1',
        'build/Test-PsCompatibility.ps1',
        'test/bridge/ps-scripts/Get-Echo.ps1',
      ]),
    );
  });

  it('parses, is 5.1-compatible, and is ASCII or UTF-8 with BOM', () => {
    const { report, status, stderr } = check(files);
    expect(report.files.sort()).toEqual([...files].sort());
    expect(report.findings.map(where)).toEqual([]);
    expect(report.ok).toBe(true);
    expect({ status, stderr }).toEqual({ status: 0, stderr: '' });
  });
});

describe('the scripts `winre-fix package` generates', () => {
  // They are composed from packaging/ps/ at generation time, so the composed result is checked too.
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-pkg-compat-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('are 5.1-compatible and ASCII, for Intune and ConfigMgr', () => {
    for (const target of ['intune', 'configmgr'] as const) {
      generatePackage({
        target,
        outDir: path.join(dir, target),
        exePath: DEFAULT_EXE_PATH,
        exeSource: undefined,
        maxRunMinutes: 60,
        toolVersion: '0.0.0-compat',
        // Paths with a space and a quote on the command lines (package --wim/--keep-backup/--safeos-package).
        fixOptions: {
          wim: "\\\\srv\\WinRE share\\it's\\Winre.wim",
          keepBackup: 'D:\\WinRe Backups',
          safeosPackage: '\\\\srv\\SafeOS\\windows11.0-kb5034232-x64.cab',
        },
      });
    }
    const files = powershellFiles(dir);
    expect(files.length).toBeGreaterThanOrEqual(4);
    const { report, status } = check([dir]);
    expect(report.files.sort()).toEqual([...files].sort());
    expect(report.findings.map(where)).toEqual([]);
    expect(status).toBe(0);
  });
});

describe('the checker catches every forbidden construct', () => {
  // fixture file -> [rule, construct] of every finding it must produce (and nothing else).
  const expected: Record<string, [string, string][]> = {
    'ternary.ps1': [['ternary', '? :']],
    'null-coalescing.ps1': [['null-coalescing', '??']],
    'null-coalescing-assignment.ps1': [['null-coalescing-assignment', '??=']],
    'null-conditional-member.ps1': [['null-conditional', '?.']],
    'null-conditional-index.ps1': [['null-conditional', '?[]']],
    'pipeline-chain-and.ps1': [['pipeline-chain', '&& ||']],
    'pipeline-chain-or.ps1': [['pipeline-chain', '&& ||']],
    'clean-block.ps1': [['clean-block', 'clean {}']],
    'foreach-parallel.ps1': [
      ['ps7-parameter', 'ForEach-Object -Parallel'],
      ['ps7-parameter', 'ForEach-Object -Parallel'],
    ],
    'convertfrom-json-ashashtable.ps1': [['ps7-parameter', 'ConvertFrom-Json -AsHashtable']],
    'convertfrom-json-depth.ps1': [['ps7-parameter', 'ConvertFrom-Json -Depth']],
    'convertto-json-enumsasstrings.ps1': [['ps7-parameter', 'ConvertTo-Json -EnumsAsStrings']],
    'join-string.ps1': [['ps7-command', 'Join-String']],
    'get-error.ps1': [['ps7-command', 'Get-Error']],
    'psstyle-unguarded.ps1': [['ps7-variable', '$PSStyle']],
    'background-operator.ps1': [['background-operator', '&']],
    'parse-error.ps1': [
      ['parse-error', 'MissingEndCurlyBrace'],
      ['parse-error', 'MissingEndCurlyBrace'],
    ],
    'ordered-non-literal.ps1': [['parse-error', 'OrderedAttributeOnlyOnHashLiteralNode']],
    'non-ascii-without-bom.ps1': [['non-ascii-without-bom', 'encoding']],
    'clean.ps1': [],
    'clean-utf8-bom.ps1': [],
  };

  let report: Report;
  let status: number | null;
  beforeAll(() => ({ report, status } = check([fixtures])));

  it('has a fixture for each case and no unlisted fixture', () => {
    expect(fs.readdirSync(fixtures).sort()).toEqual(Object.keys(expected).sort());
    expect(report.files.map((f) => path.basename(f)).sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('%s', (file, findings) => {
    const got = report.findings
      .filter((f) => path.basename(f.file) === file)
      .map((f) => [f.rule, f.construct])
      .sort();
    expect(got).toEqual([...findings].sort());
  });

  it('reports findings through the exit code', () => {
    expect(report.ok).toBe(false);
    expect(status).toBe(1);
  });

  it('passes a clean file with exit code 0', () => {
    const clean = check([path.join(fixtures, 'clean.ps1')]);
    expect(clean.report).toMatchObject({ ok: true, findings: [] });
    expect(clean.status).toBe(0);
  });
});

import * as exeSource from '../../../src/packaging/exe-source';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import { ExitCode } from '../../../src/contracts/exit-codes';
import { DEFAULT_EXE_PATH, generatePackage, type PackageTarget } from '../../../src/packaging/generate';
import { composeScript, psQuote } from '../../../src/packaging/scripts';
import { UsageError } from '../../../src/errors';
import { wimOption } from '../../../src/cli/options';
import { isFleetPath } from '../../../src/packaging/fix-options';

const IME = '%ProgramData%\\Microsoft\\IntuneManagementExtension\\Logs';
let dir: string;
let fakeExe: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-pkg-'));
  fakeExe = path.join(dir, 'fake.exe');
  fs.writeFileSync(fakeExe, 'MZ fake');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function generate(target: PackageTarget, exeSource: string | null = fakeExe) {
  return generatePackage({
    target,
    outDir: path.join(dir, target),
    exePath: DEFAULT_EXE_PATH,
    exeSource: exeSource ?? undefined,
    maxRunMinutes: 60,
    toolVersion: '9.9.9',
  });
}

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk('');
  return out.sort();
}

/** The `$WinReFixExit = @{ ... }` table of a generated script, parsed back. */
function exitTableOf(script: string): Record<string, number> {
  const block = /\$WinReFixExit = @\{\r\n([\s\S]*?)\r\n\}/.exec(script);
  if (!block?.[1]) throw new Error('no exit table');
  return Object.fromEntries(
    block[1].split('\r\n').map((l) => {
      const m = /^\s+(\w+)\s+= (\d+)$/.exec(l);
      if (!m?.[1] || !m[2]) throw new Error(`bad row ${l}`);
      return [m[1], Number(m[2])];
    }),
  );
}

describe('generatePackage intune', () => {
  it('writes the Win32 app content folder, detection, Remediations pair, return codes and settings', () => {
    const result = generate('intune');
    const out = path.join(dir, 'intune');
    expect(listFiles(out)).toEqual([
      'Detect-WinReFix.ps1',
      'README.txt',
      'compliance/Discover-WinReFixCompliance.ps1',
      'compliance/winre-fix-compliance-rules.json',
      'remediations/Detect-WinReFixRemediation.ps1',
      'remediations/Remediate-WinReFix.ps1',
      'remediations/remediation.json',
      'return-codes.json',
      'return-codes.txt',
      'win32app.json',
      'win32app/Install-WinReFix.ps1',
      'win32app/Uninstall-WinReFix.ps1',
      'win32app/winre-fix.exe',
    ]);
    expect(result.files.map((f) => f.path).sort()).toEqual(listFiles(out));
    expect(result.exeIncluded).toBe(true);
    expect(result.warnings).toEqual([]);
    expect(fs.readFileSync(path.join(out, 'win32app', 'winre-fix.exe'), 'utf8')).toBe('MZ fake');
  });

  it('return-codes.json and win32app.json carry exactly the exit-code table', () => {
    generate('intune');
    const out = path.join(dir, 'intune');
    const codes = JSON.parse(fs.readFileSync(path.join(out, 'return-codes.json'), 'utf8')) as {
      returnCode: number;
      name: string;
    }[];
    expect(Object.fromEntries(codes.map((c) => [c.name, c.returnCode]))).toEqual({ ...ExitCode });
    const app = JSON.parse(fs.readFileSync(path.join(out, 'win32app.json'), 'utf8'));
    expect(app.installCommandLine).toBe(
      'powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File .\\Install-WinReFix.ps1',
    );
    expect(app.installExperience).toEqual({
      runAsAccount: 'system',
      deviceRestartBehavior: 'basedOnReturnCode',
      maxRunTimeInMinutes: 60,
    });
    expect(
      app.returnCodes.map((r: { returnCode: number }) => r.returnCode).sort((a: number, b: number) => a - b),
    ).toEqual(Object.values(ExitCode).sort((a, b) => a - b));
  });

  it('every script is ASCII with CRLF, fixes the exe path and the exit table, and runs the right command', () => {
    generate('intune');
    const out = path.join(dir, 'intune');
    const expectations: Record<string, string> = {
      'win32app/Install-WinReFix.ps1': `@('fix', '--yes', '--log-copy-dir', '${IME}')`,
      'win32app/Uninstall-WinReFix.ps1': '@()',
      'Detect-WinReFix.ps1': "@('audit', '--compact-log')",
      'remediations/Detect-WinReFixRemediation.ps1': `@('detect', '--log-copy-dir', '${IME}')`,
      'remediations/Remediate-WinReFix.ps1': `@('fix', '--yes', '--log-copy-dir', '${IME}')`,
    };
    for (const [file, args] of Object.entries(expectations)) {
      const text = fs.readFileSync(path.join(out, file), 'utf8');
      expect(text).toMatch(/^[\t\r\n\x20-\x7e]*$/);
      expect(text.replace(/\r\n/g, '')).not.toContain('\n');
      expect(text).toContain("$WinReFixExeSetting = '%ProgramFiles%\\winre-fix\\winre-fix.exe'");
      expect(text).toContain(`$WinReFixArguments = ${args}\r\n`);
      expect(exitTableOf(text)).toEqual({ ...ExitCode });
      expect(text).toContain("if ($MyInvocation.InvocationName -ne '.') { Invoke-WinReFixScript }");
      expect(text).not.toMatch(/Write-(Error|Warning|Host|Verbose|Debug|Information)\b/);
    }
  });

  it('without an exe, writes the rest and says what is missing', () => {
    const result = generate('intune', null);
    expect(result.exeIncluded).toBe(false);
    expect(result.warnings.join('\n')).toMatch(/win32app\/ has no winre-fix\.exe/);
    expect(fs.existsSync(path.join(dir, 'intune', 'win32app', 'Install-WinReFix.ps1'))).toBe(true);
  });
});

describe('generatePackage configmgr', () => {
  it('writes the deployment type content, detection, compliance pair, return codes and settings', () => {
    generate('configmgr');
    const out = path.join(dir, 'configmgr');
    expect(listFiles(out)).toEqual([
      'Detect-WinReFix.ps1',
      'README.txt',
      'compliance/Discover-WinReFix.ps1',
      'compliance/Remediate-WinReFix.ps1',
      'compliance/configuration-item.json',
      'content/Install-WinReFix.ps1',
      'content/Uninstall-WinReFix.ps1',
      'content/winre-fix.exe',
      'deployment-type.json',
      'inventory/Discover-WinReFixRecord.ps1',
      'inventory/WinReFix_StatusRecord.mof',
      'inventory/configuration-item.json',
      'inventory/configuration.mof',
      'return-codes.json',
      'return-codes.txt',
    ]);
    const dt = JSON.parse(fs.readFileSync(path.join(out, 'deployment-type.json'), 'utf8'));
    const byCode = Object.fromEntries(
      dt.returnCodes.map((r: { returnCode: number; codeType: string }) => [r.returnCode, r.codeType]),
    );
    expect(byCode).toMatchObject({
      0: 'Success',
      1641: 'HardReboot',
      3010: 'SoftReboot',
      1618: 'FastRetry',
      21: 'Failure',
    });
    const ci = JSON.parse(fs.readFileSync(path.join(out, 'compliance', 'configuration-item.json'), 'utf8'));
    expect(ci.complianceRule).toEqual({
      type: 'Value',
      operator: 'Equals',
      value: 'Compliant',
      remediateWhenSupported: true,
    });
    const discover = fs.readFileSync(path.join(out, 'compliance', 'Discover-WinReFix.ps1'), 'utf8');
    expect(discover).toContain("$WinReFixArguments = @('audit', '--json', '--compact-log')");
    expect(fs.readFileSync(path.join(out, 'content', 'Install-WinReFix.ps1'), 'utf8')).toContain(
      "$WinReFixArguments = @('fix', '--yes', '--log-copy-dir', '%windir%\\CCM\\Logs')",
    );
    expect(discover).toContain("'Compliant'");
  });
});

describe('composeScript', () => {
  const settings = { exePath: "D:\\Tools\\it's\\winre-fix.exe", toolVersion: '1.0.0', generatedBy: 'test' };

  it('quotes the exe path as a PowerShell literal', () => {
    expect(psQuote("it's")).toBe("'it''s'");
    const text = composeScript(
      { body: 'Remediate', role: 'r', synopsis: 's', description: [], args: ['fix'] },
      settings,
    );
    expect(text).toContain("$WinReFixExeSetting = 'D:\\Tools\\it''s\\winre-fix.exe'");
  });

  it('refuses a non-ASCII exe path (5.1 reads BOM-less scripts in the ANSI code page)', () => {
    expect(() =>
      composeScript(
        { body: 'Remediate', role: 'r', synopsis: 's', description: [], args: [] },
        { ...settings, exePath: 'C:\\Programme\\Überall\\winre-fix.exe' },
      ),
    ).toThrow(UsageError);
  });
});

describe('winre-fix package (command)', () => {
  let out: string[] = [];
  let err: string[] = [];
  beforeEach(() => {
    out = [];
    err = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((c) => (out.push(String(c)), true));
    jest.spyOn(process.stderr, 'write').mockImplementation((c) => (err.push(String(c)), true));
  });
  afterEach(() => jest.restoreAllMocks());

  it('writes the folder and exits 0', async () => {
    const target = path.join(dir, 'cli-intune');
    const code = await main(['package', 'intune', '--out', target, '--exe', fakeExe, '--json']);
    expect(err.join('')).toBe('');
    expect(code).toBe(ExitCode.Success);
    const printed = JSON.parse(out.join('')) as { exeIncluded: boolean; files: { path: string }[] };
    expect(printed.exeIncluded).toBe(true);
    expect(fs.existsSync(path.join(target, 'remediations', 'Remediate-WinReFix.ps1'))).toBe(true);
  });

  it('honours --exe-path and --max-run-minutes', async () => {
    const target = path.join(dir, 'cli-cm');
    const code = await main([
      'package',
      'configmgr',
      '--out',
      target,
      '--exe',
      fakeExe,
      '--exe-path',
      'D:\\Tools\\winre-fix\\winre-fix.exe',
      '--max-run-minutes',
      '90',
    ]);
    expect(code).toBe(ExitCode.Success);
    const dt = JSON.parse(fs.readFileSync(path.join(target, 'deployment-type.json'), 'utf8'));
    expect(dt.maximumAllowedRunTimeMinutes).toBe(90);
    expect(dt.exePathOnDevice).toBe('D:\\Tools\\winre-fix\\winre-fix.exe');
    expect(fs.readFileSync(path.join(target, 'Detect-WinReFix.ps1'), 'utf8')).toContain(
      "$WinReFixExeSetting = 'D:\\Tools\\winre-fix\\winre-fix.exe'",
    );
  });

  it('--lang fixes the language of every run', async () => {
    const target = path.join(dir, 'cli-lang');
    expect(await main(['package', 'intune', '--out', target, '--exe', fakeExe, '--lang', 'en'])).toBe(
      ExitCode.Success,
    );
    expect(fs.readFileSync(path.join(target, 'Detect-WinReFix.ps1'), 'utf8')).toContain(
      "$WinReFixArguments = @('audit', '--compact-log', '--lang', 'en')",
    );
    expect(fs.readFileSync(path.join(target, 'remediations', 'Remediate-WinReFix.ps1'), 'utf8')).toContain(
      `$WinReFixArguments = @('fix', '--yes', '--log-copy-dir', '${IME}', '--lang', 'en')`,
    );
  });

  it.each([
    [['package', 'intune', '--out', 'x', '--lang', 'fr']],
    [['package', 'sccm', '--out', 'x']],
    [['package', 'intune']],
    [['package', 'intune', '--out', 'x', '--exe-path', 'winre-fix.exe']],
    [['package', 'intune', '--out', 'x', '--max-run-minutes', '0']],
    [['package', 'intune', '--out', 'x', '--exe', '/nonexistent/winre-fix.exe']],
  ])('rejects %j with the usage exit code', async (argv) => {
    expect(await main(argv.map((a) => (a === 'x' ? path.join(dir, 'never') : a)))).toBe(ExitCode.Usage);
    expect(fs.existsSync(path.join(dir, 'never'))).toBe(false);
  });

  it('refuses to write a package without an exe unless --allow-missing-exe', async () => {
    // As in a checkout where the exe was never built (and not running as the exe itself).
    jest.spyOn(exeSource, 'defaultExeSource').mockReturnValue(undefined);
    const target = path.join(dir, 'no-exe');
    expect(await main(['package', 'intune', '--out', target])).toBe(ExitCode.Usage);
    expect(err.join('')).toMatch(/no winre-fix.exe to put in the package/);
    expect(fs.existsSync(target)).toBe(false);
    expect(await main(['package', 'intune', '--out', target, '--allow-missing-exe'])).toBe(ExitCode.Success);
    expect(fs.existsSync(path.join(target, 'remediations', 'Remediate-WinReFix.ps1'))).toBe(true);
  });

  it.each([[['package', 'configmgr', '--out', 'x', '--max-run-minutes', '1441']]])(
    'also rejects %j',
    async (argv) => {
      const code = await main(argv.map((a) => (a === 'x' ? path.join(dir, 'never') : a)));
      expect(code).toBe(ExitCode.Usage);
      expect(fs.existsSync(path.join(dir, 'never'))).toBe(false);
    },
  );
});

describe('package --wim, --keep-backup, --safeos-package', () => {
  const WIM = "\\\\srv\\WinRE share\\it's\\Winre.wim";
  const WIM_PS = "'\\\\srv\\WinRE share\\it''s\\Winre.wim'";
  const KEEP = 'D:\\WinRe Backups';
  const SOS = '\\\\srv\\SafeOS\\windows11.0-kb5034232-x64_0123abcd.cab';
  const argsOf = (file: string): string => {
    const m = /^\$WinReFixArguments = (@\(.*\))\r$/m.exec(fs.readFileSync(file, 'utf8'));
    if (!m?.[1]) throw new Error(`no arguments in ${file}`);
    return m[1];
  };
  const ps = (...args: string[]): string => `@(${args.map(psQuote).join(', ')})`;
  const CCM = '%windir%\\CCM\\Logs';
  let err: string[] = [];
  beforeEach(() => {
    err = [];
    jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    jest.spyOn(process.stderr, 'write').mockImplementation((c) => (err.push(String(c)), true));
  });
  afterEach(() => jest.restoreAllMocks());

  async function cli(target: PackageTarget, extra: string[]): Promise<string> {
    const out = path.join(dir, `cli-${target}`);
    const code = await main(['package', target, '--out', out, '--exe', fakeExe, ...extra]);
    expect(code).toBe(ExitCode.Success);
    return out;
  }

  it('intune: the fix carries each option; detect and the compliance audit the ones that change their answer', async () => {
    const out = await cli('intune', ['--wim', WIM, '--keep-backup', `${KEEP}\\`, '--safeos-package', SOS]);
    const fix = ps(
      'fix',
      '--yes',
      '--log-copy-dir',
      IME,
      '--wim',
      WIM,
      '--keep-backup',
      KEEP,
      '--safeos-package',
      SOS,
    );
    expect(argsOf(path.join(out, 'win32app', 'Install-WinReFix.ps1'))).toBe(fix);
    expect(argsOf(path.join(out, 'remediations', 'Remediate-WinReFix.ps1'))).toBe(fix);
    // The path with a space and a quote is one PowerShell literal.
    expect(fix).toContain(`'--wim', ${WIM_PS}, '--keep-backup', 'D:\\WinRe Backups', `);
    expect(argsOf(path.join(out, 'remediations', 'Detect-WinReFixRemediation.ps1'))).toBe(
      ps('detect', '--log-copy-dir', IME, '--wim', WIM, '--keep-backup', KEEP, '--safeos-package', SOS),
    );
    expect(argsOf(path.join(out, 'Detect-WinReFix.ps1'))).toBe(
      ps('audit', '--compact-log', '--safeos-package', SOS),
    );
    const readme = fs.readFileSync(path.join(out, 'README.txt'), 'utf8');
    expect(readme).toContain(`  --wim ${WIM}\r\n`);
    expect(readme).toContain(`  --safeos-package ${SOS}\r\n`);
  });

  it.each([
    [['--wim', WIM], ['--wim', WIM], ['--wim', WIM], []],
    [['--keep-backup', KEEP], ['--keep-backup', KEEP], ['--keep-backup', KEEP], []],
    [
      ['--safeos-package', SOS],
      ['--safeos-package', SOS],
      ['--safeos-package', SOS],
      ['--safeos-package', SOS],
    ],
  ])('configmgr %j: fix %j, discovery %j, application detection %j', async (given, fix, discover, app) => {
    const out = await cli('configmgr', given);
    const fixArgs = ps('fix', '--yes', '--log-copy-dir', CCM, ...fix);
    expect(argsOf(path.join(out, 'content', 'Install-WinReFix.ps1'))).toBe(fixArgs);
    expect(argsOf(path.join(out, 'compliance', 'Remediate-WinReFix.ps1'))).toBe(fixArgs);
    expect(argsOf(path.join(out, 'compliance', 'Discover-WinReFix.ps1'))).toBe(
      ps('audit', '--json', '--compact-log', ...discover),
    );
    expect(argsOf(path.join(out, 'Detect-WinReFix.ps1'))).toBe(ps('audit', '--compact-log', ...app));
    // The task sequence line quotes a path with a space.
    const readme = fs.readFileSync(path.join(out, 'README.txt'), 'utf8');
    expect(readme).toContain(
      `winre-fix.exe fix --yes --log-copy-dir ${CCM} ${fix.map((a) => (/\s/.test(a) ? `"${a}"` : a)).join(' ')}"`,
    );
  });

  it.each([
    [['--wim', 'Winre.wim'], /--wim must be a UNC path/],
    [['--wim', 'C:Winre.wim'], /--wim must be a UNC path/],
    [['--wim', '\\\\?\\C:\\Winre.wim'], /--wim must be a UNC path/],
    [['--wim', '\\\\srv\\%USERNAME%\\Winre.wim'], /--wim must not contain %/],
    [['--wim', '\\\\srv\\Bilder\\Überall.wim'], /--wim must be printable ASCII/],
    [
      ['--safeos-package', 'windows11.0-kb5034232-x64.cab'],
      /--safeos-package must be a UNC path .*no content folder/,
    ],
    [['--safeos-package', '\\\\srv\\SafeOS\\kb5034232.zip'], /--safeos-package must be a \.cab or \.msu/],
    [['--keep-backup', '\\\\srv\\keep'], /--keep-backup must be a folder on a local NTFS drive of each PC/],
    [['--keep-backup', 'WinReBackups'], /--keep-backup must be an absolute folder path .*\(RELATIVE\)/],
    [['--keep-backup', 'D:\\'], /--keep-backup must be an absolute folder path .*\(DRIVE_ROOT\)/],
    [['--keep-backup', 'D:\\a"b'], /--keep-backup must not contain a double quote/],
    [['--wim', '\\\\srv\\a\\Winre.wim', '--wim', '\\\\srv\\b\\Winre.wim'], /give --wim once/],
  ])('rejects %j with the usage exit code and writes nothing', async (extra, message) => {
    const never = path.join(dir, 'never');
    expect(await main(['package', 'intune', '--out', never, '--exe', fakeExe, ...extra])).toBe(
      ExitCode.Usage,
    );
    expect(err.join('')).toMatch(message);
    expect(fs.existsSync(never)).toBe(false);
  });

  it('a fleet path is what fix --wim itself accepts', () => {
    for (const value of [
      'C:\\WinRE\\Winre.wim',
      'c:\\x',
      '\\\\srv\\share\\Winre.wim',
      '\\\\srv\\share\\',
      '\\\\srv\\share',
      '\\\\?\\C:\\Winre.wim',
      '\\\\.\\pipe\\x',
      'C:Winre.wim',
      'C:\\\\x',
      '/mnt/Winre.wim',
      'Winre.wim',
      '',
    ]) {
      let accepted = true;
      try {
        wimOption(value);
      } catch {
        accepted = false;
      }
      expect([value, isFleetPath(value)]).toEqual([value, accepted]);
    }
  });
});

/**
 * The generated Intune / ConfigMgr scripts through the real pwsh, with a fake winre-fix whose exit code and
 * output each case sets: the exit codes and stdout that Intune and ConfigMgr read (docs/reference/fleet-tools.md#intune-detection-rules, docs/reference/fleet-tools.md#intune-remediations, docs/reference/fleet-tools.md#configmgr-compliance-settings),
 * never a byte on stderr, the 64-bit relaunch, install/uninstall, and the Windows PowerShell 5.1 rules.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ExitCode } from '../../../src/contracts/exit-codes';
import { generatePackage } from '../../../src/packaging/generate';
import { projectRoot } from '../../../src/project-root';
import { lines, pwsh, runScript, runWithScriptLoaded, writeFakeTool } from './script-host';

jest.setTimeout(120_000);

let work: string;
let tool: string;
let intune: string;
let configmgr: string;
let log: string;

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-pkgps-'));
  tool = writeFakeTool(path.join(work, 'bin', 'winre-fix.exe'));
  intune = path.join(work, 'intune');
  configmgr = path.join(work, 'configmgr');
  for (const [target, outDir] of [
    ['intune', intune],
    ['configmgr', configmgr],
  ] as const) {
    // The exe path setting points at the fake tool; the content folder carries it too, for the install script.
    generatePackage({
      target,
      outDir,
      exePath: tool,
      exeSource: tool,
      maxRunMinutes: 60,
      toolVersion: '0.0.0',
    });
  }
});
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
beforeEach(() => {
  log = path.join(work, `calls-${Date.now()}-${Math.random().toString(16).slice(2)}.log`);
});

/** %ProgramData% and %windir% as the scripts see them, to prove arguments are expanded on the PC. */
const PD = '/pd';
const WINDIR = '/win';
const IME_COPY = `--log-copy-dir ${PD}\\Microsoft\\IntuneManagementExtension\\Logs`;
const CCM_COPY = `--log-copy-dir ${WINDIR}\\CCM\\Logs`;

function fake(code: number, stdout = '', stderr = ''): NodeJS.ProcessEnv {
  return {
    FAKE_CODE: String(code),
    FAKE_STDOUT: stdout,
    FAKE_STDERR: stderr,
    FAKE_LOG: log,
    ProgramData: PD,
    windir: WINDIR,
  };
}
const calls = (): string[] => (fs.existsSync(log) ? lines(fs.readFileSync(log, 'utf8')) : []);

describe('Windows PowerShell 5.1 rules', () => {
  it('every generated script and template passes build/Test-PsCompatibility.ps1', () => {
    const checker = path.join(projectRoot(), 'build', 'Test-PsCompatibility.ps1');
    const r = spawnSync(
      pwsh(),
      [
        '-NoProfile',
        '-NonInteractive',
        '-File',
        checker,
        intune,
        configmgr,
        path.join(projectRoot(), 'packaging'),
      ],
      { encoding: 'utf8' },
    );
    const report = JSON.parse(r.stdout) as { ok: boolean; files: string[]; findings: unknown[] };
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.files.filter((f) => f.startsWith(intune))).toHaveLength(6);
    expect(report.files.filter((f) => f.startsWith(configmgr))).toHaveLength(6);
    expect(r.status).toBe(0);
  });
});

describe('Intune Remediations detection', () => {
  const script = (): string => path.join(intune, 'remediations', 'Detect-WinReFixRemediation.ps1');

  it('compliant: exit 0, the tool summary as the only line, nothing on stderr', () => {
    const r = runScript(script(), fake(0, 'details\nWinRE is healthy: nothing to do.', 'log noise'));
    expect(r).toEqual({ status: 0, stdout: 'WinRE is healthy: nothing to do.\n', stderr: '' });
    expect(calls()).toEqual([`detect ${IME_COPY}`]);
  });

  it('remediation needed: exit 1 and one summary line', () => {
    const r = runScript(script(), fake(1, 'Needs fix: recovery partition 529 MiB free 38 MiB'));
    expect(r).toEqual({
      status: 1,
      stdout: 'Needs fix: recovery partition 529 MiB free 38 MiB\n',
      stderr: '',
    });
  });

  it('tool failure: its code passes through, named, with the reason from its stderr', () => {
    const r = runScript(script(), fake(ExitCode.Environment, '', 'winre-fix: not elevated'));
    expect(r.status).toBe(ExitCode.Environment);
    expect(r.stderr).toBe('');
    expect(lines(r.stdout)).toEqual([
      'winre-fix detect failed: exit 25 (Environment). winre-fix: not elevated',
    ]);
  });

  it('keeps the summary on one line under 2,048 characters', () => {
    const r = runScript(script(), fake(1, 'x'.repeat(5000)));
    expect(r.status).toBe(1);
    expect(lines(r.stdout)).toHaveLength(1);
    expect(r.stdout.trimEnd().length).toBe(2000);
    expect(r.stdout.trimEnd().endsWith('...')).toBe(true);
  });

  it('exe missing: Environment code and a summary that says what to deploy', () => {
    const copy = path.join(work, 'missing-exe.ps1');
    fs.writeFileSync(
      copy,
      fs.readFileSync(script(), 'utf8').replace(tool, path.join(work, 'nope', 'winre-fix.exe')),
    );
    const r = runScript(copy);
    expect(r.status).toBe(ExitCode.Environment);
    expect(r.stderr).toBe('');
    expect(lines(r.stdout)[0]).toMatch(/^winre-fix\.exe not found at .*nope.*deploy the winre-fix Win32 app/);
  });
});

describe('Intune Remediations remediation', () => {
  const script = (): string => path.join(intune, 'remediations', 'Remediate-WinReFix.ps1');

  it('runs fix --yes; success is exit 0 with the tool summary', () => {
    const r = runScript(script(), fake(0, 'Fixed: WinRE on partition 4, 1024 MiB'));
    expect(r).toEqual({ status: 0, stdout: 'Fixed: WinRE on partition 4, 1024 MiB\n', stderr: '' });
    expect(calls()).toEqual([`fix --yes ${IME_COPY}`]);
  });

  it('refused: exit 21 and the reason', () => {
    const r = runScript(script(), fake(ExitCode.Refused, 'Refused: WinRE is on another disk'));
    expect(r.status).toBe(ExitCode.Refused);
    expect(r.stderr).toBe('');
    expect(lines(r.stdout)).toEqual([
      'winre-fix fix failed: exit 21 (Refused). Refused: WinRE is on another disk',
    ]);
  });

  it('3010 and 1641 (beyond a Linux exit status) become success with "restart pending"', () => {
    const r = runWithScriptLoaded(
      script(),
      `
      foreach ($code in @(3010, 1641)) {
        $script:fakeCode = $code
        function Invoke-WinReFixExe { param($Exe, $Arguments)
          New-Object psobject -Property @{ ExitCode = $script:fakeCode; StdOut = "Parked: restart to finish"; StdErr = "" } }
        $result = Invoke-WinReFixMain
        Write-Output ("{0}|{1}" -f $result.Code, ($result.Lines -join '/'))
      }`,
    );
    expect(r.stderr).toBe('');
    expect(lines(r.stdout)).toEqual([
      '0|winre-fix: restart pending to finish (exit 3010). Parked: restart to finish',
      '0|winre-fix: restart pending to finish (exit 1641). Parked: restart to finish',
    ]);
  });
});

describe('Win32 app / deployment type detection', () => {
  for (const target of ['intune', 'configmgr'] as const) {
    const script = (): string => path.join(target === 'intune' ? intune : configmgr, 'Detect-WinReFix.ps1');

    it(`${target}: compliant -> exit 0 with one line (runs audit)`, () => {
      const r = runScript(script(), fake(0, 'Compliant: WinRE enabled, 300 MiB free'));
      expect(r).toEqual({
        status: 0,
        stdout: 'winre-fix: installed and compliant. Compliant: WinRE enabled, 300 MiB free\n',
        stderr: '',
      });
      expect(calls()).toEqual(['audit --compact-log']);
    });

    it(`${target}: needs fix or refused -> exit 1 and no output at all`, () => {
      for (const code of [ExitCode.AuditNeedsFix, ExitCode.Refused, ExitCode.Environment]) {
        const r = runScript(script(), fake(code, 'needs fix', 'some error'));
        expect(r).toEqual({ status: 1, stdout: '', stderr: '' });
      }
    });
  }
});

describe('ConfigMgr compliance discovery', () => {
  const script = (): string => path.join(configmgr, 'compliance', 'Discover-WinReFix.ps1');
  const report = (verdict: string, reasons: object[] = []): string =>
    JSON.stringify({ verdict, reasons }, null, 2);
  const tooSmall = { code: 'WINRE_PARTITION_TOO_SMALL', severity: 'cause', message: 'only 38 MiB free' };

  it.each([
    ['compliant, exit 0', 0, report('compliant'), 'Compliant'],
    [
      'needs-fix, exit 20',
      20,
      report('needs-fix', [{ code: 'NOTE', severity: 'info', message: 'x' }, tooSmall]),
      'NonCompliant: needs-fix WINRE_PARTITION_TOO_SMALL: only 38 MiB free',
    ],
    [
      'refused, exit 21',
      21,
      report('refused', [
        { code: 'RECOVERY_ON_OTHER_DISK', severity: 'blocker', message: 'WinRE is on disk 1' },
      ]),
      'NonCompliant: refused RECOVERY_ON_OTHER_DISK: WinRE is on disk 1',
    ],
    ['a "compliant" report with a failure code', 22, report('compliant'), 'NonCompliant: compliant '],
    ['no report at all', 25, 'not json', 'NonCompliant: audit failed with exit 25 (Environment): boom'],
  ])('%s -> the right value, exit 0, no stderr', (_case, code, stdout, value) => {
    const r = runScript(script(), fake(code, stdout, 'boom'));
    expect(r).toEqual({ status: 0, stdout: `${value.trimEnd()}\n`, stderr: '' });
    expect(calls()).toEqual(['audit --json --compact-log']);
  });
});

describe('ConfigMgr compliance remediation', () => {
  it('runs the fix with the CCM log copy and passes a failure code through', () => {
    const r = runScript(
      path.join(configmgr, 'compliance', 'Remediate-WinReFix.ps1'),
      fake(23, '', 'degraded'),
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(23);
    expect(lines(r.stdout)).toEqual(['winre-fix fix failed: exit 23 (FailedDegraded). degraded']);
    expect(calls()).toEqual([`fix --yes ${CCM_COPY}`]);
  });
});

describe('install and uninstall', () => {
  it('copies the exe to the configured path, runs the fix, passes its exit code; uninstall removes it', () => {
    const pkg = path.join(work, 'install-case');
    const target = path.join(work, 'Program Files', 'winre-fix', 'winre-fix.exe');
    generatePackage({
      target: 'intune',
      outDir: pkg,
      exePath: target,
      exeSource: tool,
      maxRunMinutes: 60,
      toolVersion: '0.0.0',
    });
    const install = path.join(pkg, 'win32app', 'Install-WinReFix.ps1');
    const r = runScript(
      install,
      fake(ExitCode.FailedSafe, 'line 1\nFailed safe: shrink refused by the volume'),
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(ExitCode.FailedSafe);
    expect(fs.existsSync(target)).toBe(true);
    expect(calls()).toEqual([`fix --yes ${IME_COPY}`]);
    expect(lines(r.stdout).at(-1)).toBe(
      'winre-fix fix: exit 22 (FailedSafe). Failed safe: shrink refused by the volume',
    );

    const again = runScript(install, fake(0, 'Fixed'));
    expect(again).toMatchObject({ status: 0, stderr: '' });
    expect(lines(again.stdout).at(-1)).toBe('winre-fix fix: done (exit 0). Fixed');

    const un = runScript(path.join(pkg, 'win32app', 'Uninstall-WinReFix.ps1'));
    expect(un).toMatchObject({ status: 0, stderr: '' });
    expect(fs.existsSync(target)).toBe(false);
    expect(fs.existsSync(path.dirname(target))).toBe(false);
    expect(runScript(path.join(pkg, 'win32app', 'Uninstall-WinReFix.ps1')).status).toBe(0);
  });
});

describe('uninstall while a fix waits to resume', () => {
  it('returns 1618 (retry) and keeps the exe while the resume startup task exists', () => {
    const target = path.join(work, 'pending', 'winre-fix.exe');
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(tool, target);
    const pkg = path.join(work, 'pending-pkg');
    generatePackage({
      target: 'intune',
      outDir: pkg,
      exePath: target,
      exeSource: tool,
      maxRunMinutes: 60,
      toolVersion: '0',
    });
    // Windows' Get-ScheduledTask, as the ScheduledTasks module would answer for an existing task.
    const r = runWithScriptLoaded(
      path.join(pkg, 'win32app', 'Uninstall-WinReFix.ps1'),
      `function Get-ScheduledTask { param($TaskName, $ErrorAction) if ($TaskName -eq 'winre-fix resume') { [pscustomobject]@{ TaskName = $TaskName } } }
      $result = Invoke-WinReFixMain
      Write-Output ("{0}|{1}" -f $result.Code, ($result.Lines -join '/'))`,
    );
    expect(r.stderr).toBe('');
    expect(lines(r.stdout)).toEqual([
      "1618|winre-fix uninstall: a winre-fix run is waiting to resume (scheduled task 'winre-fix resume'); uninstall after it has finished.",
    ]);
    expect(fs.existsSync(target)).toBe(true);
  });
});

describe('64-bit relaunch', () => {
  it('started as a 32-bit process on 64-bit Windows, relaunches once through Sysnative and passes the result on', () => {
    // A stand-in %SystemRoot% whose Sysnative\...\powershell.exe records its arguments and runs pwsh.
    const systemRoot = path.join(work, 'Windows');
    const host = path.join(systemRoot, 'Sysnative', 'WindowsPowerShell', 'v1.0', 'powershell.exe');
    const hostLog = path.join(work, 'relaunch.log');
    fs.mkdirSync(path.dirname(host), { recursive: true });
    fs.writeFileSync(host, `#!/bin/sh\necho "$*" >> '${hostLog}'\nexec '${pwsh()}' "$@"\n`, { mode: 0o755 });
    const script = path.join(intune, 'remediations', 'Detect-WinReFixRemediation.ps1');
    const r = runScript(script, {
      ...fake(1, 'Needs fix: from the 64-bit host'),
      PROCESSOR_ARCHITEW6432: 'AMD64',
      SystemRoot: systemRoot,
    });
    expect(r).toEqual({ status: 1, stdout: 'Needs fix: from the 64-bit host\n', stderr: '' });
    expect(lines(fs.readFileSync(hostLog, 'utf8'))).toEqual([
      `-NoProfile -NonInteractive -ExecutionPolicy Bypass -File ${script}`,
    ]);
    expect(calls()).toEqual([`detect ${IME_COPY}`]);
  });
});

describe('argument quoting for CreateProcess', () => {
  it('quotes spaces and quotes the way CommandLineToArgvW reads them back', () => {
    const r = runWithScriptLoaded(
      path.join(intune, 'remediations', 'Remediate-WinReFix.ps1'),
      `@('fix', 'a b', 'say "hi"', 'C:\\My Dir\\', '') | ForEach-Object { ConvertTo-WinReFixArgument $_ }`,
    );
    expect(lines(r.stdout)).toEqual(['fix', '"a b"', '"say \\"hi\\""', '"C:\\My Dir\\\\"', '""']);
  });
});

describe('package --wim/--keep-backup/--safeos-package paths on the command line', () => {
  it('reach the tool as one argument each, spaces and quotes intact', () => {
    const argvLog = path.join(work, 'argv.log');
    const argvTool = path.join(work, 'argv-bin', 'winre-fix.exe');
    fs.mkdirSync(path.dirname(argvTool), { recursive: true });
    fs.writeFileSync(argvTool, `#!/bin/sh\nfor a in "$@"; do printf '[%s]\\n' "$a"; done >> '${argvLog}'\n`, {
      mode: 0o755,
    });
    const out = path.join(work, 'intune-paths');
    const wim = "\\\\srv\\WinRE share\\it's\\Winre.wim";
    const keep = 'D:\\WinRe Backups';
    const sos = '\\\\srv\\Safe OS\\windows11.0-kb5034232-x64.cab';
    generatePackage({
      target: 'intune',
      outDir: out,
      exePath: argvTool,
      exeSource: argvTool,
      maxRunMinutes: 60,
      toolVersion: '0.0.0',
      fixOptions: { wim, keepBackup: keep, safeosPackage: sos },
    });
    const r = runScript(path.join(out, 'remediations', 'Remediate-WinReFix.ps1'), { ProgramData: PD });
    expect(r.stderr).toBe('');
    expect(lines(fs.readFileSync(argvLog, 'utf8'))).toEqual(
      [
        'fix',
        '--yes',
        '--log-copy-dir',
        `${PD}\\Microsoft\\IntuneManagementExtension\\Logs`,
        '--wim',
        wim,
        '--keep-backup',
        keep,
        '--safeos-package',
        sos,
      ].map((a) => `[${a}]`),
    );
  });
});

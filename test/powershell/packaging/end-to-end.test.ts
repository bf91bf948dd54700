/**
 * The generated detection and remediation scripts driving the REAL winre-fix CLI (bundled with esbuild, as in the
 * exe) against simulated PCs from test/fixtures/machines: what Intune and ConfigMgr would record for a PC that
 * needs the fix, one that winre-fix refuses, and the same PC after the remediation fixed it. The scripts find
 * "winre-fix.exe" at the generated path: here a shim that runs the bundle with --simulate <machine>.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { generatePackage } from '../../../src/packaging/generate';
import { projectRoot } from '../../../src/project-root';
import { tempMachine } from '../../support/harness';
import { lines, runOnSimulatedPc, runScript, type ScriptRun } from './script-host';
import { statusRecordOf, withoutStatusRecord } from '../../support/fix-runner';
import { intuneComplianceRules } from '../../../src/packaging/inventory';

jest.setTimeout(300_000);

const root = projectRoot();
let work: string;
let bundleDir: string;
let intune: string;
let configmgr: string;
/** Intune packages made with `package --keep-backup C:\WinReAudit` and `--safeos-package <a file the PC lacks>`. */
let keeping: string;
let patching: string;
const KEEP = 'C:\\WinReAudit';
const SAFEOS = 'C:\\SafeOS\\windows11.0-kb5034232-x64.cab';

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-e2e-'));
  // Inside the checkout so that projectRoot() (assets, the pwsh in .tools) resolves as it does for dist/.
  // build/out is git-ignored: it does not exist on a fresh clone.
  fs.mkdirSync(path.join(root, 'build', 'out'), { recursive: true });
  bundleDir = fs.mkdtempSync(path.join(root, 'build', 'out', 'e2e-'));
  const bundle = path.join(bundleDir, 'main.js');
  await build({
    entryPoints: [path.join(root, 'src', 'cli', 'main.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'silent',
  });
  const shim = path.join(work, 'bin', 'winre-fix.exe');
  fs.mkdirSync(path.dirname(shim), { recursive: true });
  fs.writeFileSync(
    shim,
    `#!/bin/sh\nexec '${process.execPath}' '${bundle}' "$@" --simulate "$WINREFIX_TEST_MACHINE"\n`,
    { mode: 0o755 },
  );
  intune = path.join(work, 'intune');
  configmgr = path.join(work, 'configmgr');
  for (const [target, outDir] of [
    ['intune', intune],
    ['configmgr', configmgr],
  ] as const) {
    generatePackage({
      target,
      outDir,
      exePath: shim,
      exeSource: shim,
      maxRunMinutes: 60,
      toolVersion: '0.0.0',
    });
  }
  keeping = path.join(work, 'intune-keep');
  patching = path.join(work, 'intune-safeos');
  for (const [outDir, fixOptions] of [
    [keeping, { keepBackup: KEEP }],
    [patching, { safeosPackage: SAFEOS }],
  ] as const) {
    generatePackage({
      target: 'intune',
      outDir,
      exePath: shim,
      exeSource: shim,
      maxRunMinutes: 60,
      toolVersion: '0.0.0',
      fixOptions,
    });
  }
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
  if (bundleDir) fs.rmSync(bundleDir, { recursive: true, force: true });
});

/**
 * Runs `script` against a fresh copy of `fixture`; checks the machine file was not changed by it but for the
 * status record detect writes (src/engine/status-record.ts).
 */
function against(fixture: string, script: string): ScriptRun {
  const machine = tempMachine(fixture);
  const before = fs.readFileSync(machine, 'utf8');
  try {
    const r = runScript(script, {
      WINREFIX_TEST_MACHINE: machine,
      XDG_STATE_HOME: path.join(work, 'state'),
      ProgramData: path.join(work, 'ProgramData'),
    });
    expect(withoutStatusRecord(fs.readFileSync(machine, 'utf8'))).toBe(withoutStatusRecord(before));
    return r;
  } finally {
    fs.rmSync(path.dirname(machine), { recursive: true, force: true });
  }
}

const NEEDS_FIX = 'win11-gpt-small-winre-en';
const REFUSED = 'win10-winre-on-second-disk';

describe('Intune Remediations detection with the real CLI', () => {
  const script = (): string => path.join(intune, 'remediations', 'Detect-WinReFixRemediation.ps1');

  it('PC that needs the fix: exit 1 (Intune runs the remediation), the reason in the summary', () => {
    const r = against(NEEDS_FIX, script());
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(lines(r.stdout)).toHaveLength(1);
    expect(r.stdout).toMatch(/^winre-fix NEEDS-FIX WINRE_PARTITION_TOO_SMALL: .*\(C: -\d/);
    expect(r.stdout.length).toBeLessThan(2048);
  });

  it('refused PC: exit 0 (remediation would only fail) with the REFUSED reason', () => {
    const r = against(REFUSED, script());
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^winre-fix REFUSED RECOVERY_ON_OTHER_DISK: /);
  });
});

describe('Win32 app detection with the real CLI', () => {
  const script = (): string => path.join(intune, 'Detect-WinReFix.ps1');

  // (A refused PC is not detected either: audit exits 21; covered with the fake tool in generated-scripts.test.ts.)
  it('PC that needs the fix: not detected (exit 1, no output), so the install (the fix) runs', () => {
    expect(against(NEEDS_FIX, script())).toEqual({ status: 1, stdout: '', stderr: '' });
  });
});

describe('ConfigMgr compliance discovery with the real CLI', () => {
  const script = (): string => path.join(configmgr, 'compliance', 'Discover-WinReFix.ps1');

  it.each([
    [
      NEEDS_FIX,
      /^NonCompliant: needs-fix WINRE_PARTITION_TOO_SMALL: The WinRE partition has [\d.]+ MiB free/,
    ],
    [REFUSED, /^NonCompliant: refused RECOVERY_ON_OTHER_DISK: /],
  ])('%s -> %s', (fixture, value) => {
    const r = against(fixture, script());
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(lines(r.stdout)).toHaveLength(1);
    expect(r.stdout).toMatch(value);
  });
});

describe('the fix cycle with the real CLI', () => {
  it('Remediations remediation fixes a PC; afterwards every detection script reports it compliant', () => {
    const machine = tempMachine(NEEDS_FIX);
    const env = {
      WINREFIX_TEST_MACHINE: machine,
      XDG_STATE_HOME: path.join(work, 'state-fix'),
      ProgramData: path.join(work, 'ProgramData'),
    };
    try {
      const fix = runScript(path.join(intune, 'remediations', 'Remediate-WinReFix.ps1'), env);
      expect(fix.stderr).toBe('');
      expect(fix.status).toBe(0);
      expect(lines(fix.stdout)).toHaveLength(1);
      expect(fix.stdout).toMatch(/^FIXED: exit 0 - /);

      const detect = runScript(path.join(intune, 'remediations', 'Detect-WinReFixRemediation.ps1'), env);
      expect(detect).toMatchObject({ status: 0, stderr: '' });
      expect(detect.stdout).toMatch(/^winre-fix COMPLIANT WINRE_HAS_ENOUGH_SPACE: /);

      const app = runScript(path.join(intune, 'Detect-WinReFix.ps1'), env);
      expect(app).toMatchObject({ status: 0, stderr: '' });
      expect(app.stdout).toMatch(/^winre-fix: installed and compliant\./);

      const discover = runScript(path.join(configmgr, 'compliance', 'Discover-WinReFix.ps1'), env);
      expect(discover).toEqual({ status: 0, stdout: 'Compliant\n', stderr: '' });
    } finally {
      fs.rmSync(path.dirname(machine), { recursive: true, force: true });
    }
  });
});

describe('package --keep-backup / --safeos-package with the real CLI', () => {
  it('the Win32 app install passes --keep-backup to the fix: the kept copy of the old recovery partition appears', () => {
    const machine = tempMachine('oem-winre-with-extra-files');
    const env = {
      WINREFIX_TEST_MACHINE: machine,
      XDG_STATE_HOME: path.join(work, 'state-keep'),
      ProgramData: path.join(work, 'ProgramData'),
    };
    try {
      const install = runScript(path.join(keeping, 'win32app', 'Install-WinReFix.ps1'), env);
      expect(install.stderr).toBe('');
      expect(install.status).toBe(0);
      const kept = /C:\\WinReAudit\\DESKTOP-2JCELF9_\d{8}-\d{6}Z_[0-9a-f]{16}/.exec(install.stdout)?.[0];
      expect(kept).toBeDefined();
      const files = (
        JSON.parse(fs.readFileSync(machine, 'utf8')) as {
          disks: { partitions: { driveLetter?: string; volume?: { files: { path: string }[] } }[] }[];
        }
      ).disks
        .flatMap((d) => d.partitions)
        .find((p) => p.driveLetter === 'C')!
        .volume!.files.map((f) => f.path.toLowerCase());
      const under = `${kept!.slice(2)}\\`.toLowerCase();
      expect(files).toContain(`${under}manifest.json`);
      expect(files).toContain(`${under}files\\recovery\\windowsre\\winre.wim`);
    } finally {
      fs.rmSync(path.dirname(machine), { recursive: true, force: true });
    }
  });

  it('the Remediations detection plans with --keep-backup as the remediation will: exit 1 on a PC the fix can fix', () => {
    const r = against(NEEDS_FIX, path.join(keeping, 'remediations', 'Detect-WinReFixRemediation.ps1'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^winre-fix NEEDS-FIX WINRE_PARTITION_TOO_SMALL: /);
  });

  it('with --safeos-package the PC lacks, detection says why the fix would refuse instead of sending it', () => {
    const r = against(NEEDS_FIX, path.join(patching, 'remediations', 'Detect-WinReFixRemediation.ps1'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^winre-fix REFUSED SAFEOS_PACKAGE_MISSING: .*windows11\.0-kb5034232-x64\.cab/);
    const app = against(NEEDS_FIX, path.join(patching, 'Detect-WinReFix.ps1'));
    expect(app).toEqual({ status: 1, stdout: '', stderr: '' });
  });
});

/** Intune's evaluation of one custom compliance rule (compliance-custom-json: operators over the data type). */
function ruleHolds(rule: { Operator: string; DataType: string; Operand: unknown }, actual: unknown): boolean {
  const [a, b] =
    rule.DataType === 'Int64' || rule.DataType === 'Double'
      ? [Number(actual), Number(rule.Operand)]
      : rule.DataType === 'Boolean'
        ? [String(actual).toLowerCase(), String(rule.Operand).toLowerCase()]
        : [String(actual), String(rule.Operand)];
  switch (rule.Operator) {
    case 'IsEquals':
      return a === b;
    case 'NotEquals':
      return a !== b;
    case 'GreaterThan':
      return a > b;
    case 'GreaterEquals':
      return a >= b;
    case 'LessThan':
      return a < b;
    case 'LessEquals':
      return a <= b;
    default:
      throw new Error(`operator ${rule.Operator}`);
  }
}

describe('the status record, written by the real CLI, read back by the packaged compliance scripts', () => {
  const intuneDiscovery = (): string => path.join(intune, 'compliance', 'Discover-WinReFixCompliance.ps1');
  const cmDiscovery = (): string => path.join(configmgr, 'inventory', 'Discover-WinReFixRecord.ps1');
  const rules = (): { SettingName: string; Operator: string; DataType: string; Operand: unknown }[] =>
    JSON.parse(fs.readFileSync(path.join(intune, 'compliance', 'winre-fix-compliance-rules.json'), 'utf8'))
      .Rules;

  /** The discovery output: exactly one line of compressed JSON, nothing on stderr, exit 0. */
  function settingsOf(machine: string): Record<string, unknown> {
    const r = runOnSimulatedPc(intuneDiscovery(), machine);
    expect({ status: r.status, stderr: r.stderr, lines: lines(r.stdout).length }).toEqual({
      status: 0,
      stderr: '',
      lines: 1,
    });
    expect(r.stdout.trim()).not.toMatch(/\n|": /);
    return JSON.parse(r.stdout) as Record<string, unknown>;
  }
  const failing = (settings: Record<string, unknown>): string[] =>
    rules()
      .filter((rule) => !ruleHolds(rule, settings[rule.SettingName]))
      .map((rule) => rule.SettingName);

  it('the shipped rules are the generated ones and name only settings the discovery script prints', () => {
    expect(rules()).toEqual(JSON.parse(JSON.stringify(intuneComplianceRules().Rules)));
  });

  it('no record yet: both say non-compliant, and why', () => {
    const machine = tempMachine(NEEDS_FIX);
    try {
      const settings = settingsOf(machine);
      expect(settings).toMatchObject({
        WinReFixCompliant: false,
        WinReFixRecordPresent: false,
        WinReFixVerdict: 'none',
      });
      expect(failing(settings)).toEqual(['WinReFixCompliant', 'WinReFixRecordAgeDays']);
      expect(runOnSimulatedPc(cmDiscovery(), machine)).toEqual({
        status: 0,
        stdout: 'NonCompliant: no status record (winre-fix has not run here)\n',
        stderr: '',
      });
    } finally {
      fs.rmSync(path.dirname(machine), { recursive: true, force: true });
    }
  });

  it('detect, then the fix, then a stale record: each read back as Intune and ConfigMgr would', () => {
    const machine = tempMachine(NEEDS_FIX);
    const env = {
      WINREFIX_TEST_MACHINE: machine,
      XDG_STATE_HOME: path.join(work, 'state-record'),
      ProgramData: path.join(work, 'ProgramData'),
    };
    try {
      // Remediations detection (winre-fix detect) writes the record: needs-fix.
      expect(runScript(path.join(intune, 'remediations', 'Detect-WinReFixRemediation.ps1'), env).status).toBe(
        1,
      );
      const detected = settingsOf(machine);
      expect(detected).toMatchObject({
        WinReFixCompliant: false,
        WinReFixRecordPresent: true,
        WinReFixVerdict: 'needs-fix',
        WinReFixReasonCodes: 'WINRE_PARTITION_TOO_SMALL;UPDATE_FAILURE_EVIDENCE;WINRE_IMAGE_OUTDATED',
        WinReFixExitCode: 1,
        WinReFixRecordAgeDays: 0,
        WinReFreeMiB: 124,
      });
      expect(failing(detected)).toEqual(['WinReFixCompliant']);
      const cm = runOnSimulatedPc(cmDiscovery(), machine);
      expect(cm.status).toBe(0);
      expect(cm.stdout).toMatch(
        /^NonCompliant: needs-fix WINRE_PARTITION_TOO_SMALL;UPDATE_FAILURE_EVIDENCE;WINRE_IMAGE_OUTDATED \(exit 1, detect at 20\d\d-/,
      );

      // The remediation (winre-fix fix) writes it again: fixed, compliant for both.
      expect(runScript(path.join(intune, 'remediations', 'Remediate-WinReFix.ps1'), env).status).toBe(0);
      const fixed = settingsOf(machine);
      expect(fixed).toMatchObject({ WinReFixCompliant: true, WinReFixVerdict: 'fixed', WinReFixExitCode: 0 });
      expect(fixed['WinReFreeMiB']).toBeGreaterThanOrEqual(250);
      expect(failing(fixed)).toEqual([]);
      expect(runOnSimulatedPc(cmDiscovery(), machine)).toEqual({
        status: 0,
        stdout: 'Compliant\n',
        stderr: '',
      });
      // The discovery scripts only read: the record is as the fix left it.
      const record = statusRecordOf(machine);
      expect(record).toMatchObject({ Verdict: 'fixed', Command: 'fix' });

      // 40 days without a run: stale for both, although the last verdict was good.
      const m = JSON.parse(fs.readFileSync(machine, 'utf8')) as {
        registry: Record<string, Record<string, { value: unknown }>>;
      };
      const old = new Date(Date.now() - 40 * 86_400_000).toISOString();
      m.registry['HKLM:\\SOFTWARE\\winre-fix']!['LastRunUtc']!.value = old;
      fs.writeFileSync(machine, JSON.stringify(m, null, 2));
      const stale = settingsOf(machine);
      expect(stale).toMatchObject({ WinReFixCompliant: false, WinReFixRecordAgeDays: 40 });
      expect(failing(stale)).toEqual(['WinReFixCompliant', 'WinReFixRecordAgeDays']);
      expect(runOnSimulatedPc(cmDiscovery(), machine).stdout).toBe(
        `NonCompliant: status record is 40 days old (last run ${old})\n`,
      );
    } finally {
      fs.rmSync(path.dirname(machine), { recursive: true, force: true });
    }
  });

  it('a refused PC: the refusal and its reason, for both', () => {
    const machine = tempMachine(REFUSED);
    const env = {
      WINREFIX_TEST_MACHINE: machine,
      XDG_STATE_HOME: path.join(work, 'state-refused'),
      ProgramData: path.join(work, 'ProgramData'),
    };
    try {
      expect(runScript(path.join(intune, 'remediations', 'Remediate-WinReFix.ps1'), env).status).toBe(21);
      expect(settingsOf(machine)).toMatchObject({
        WinReFixCompliant: false,
        WinReFixVerdict: 'refused',
        WinReFixExitCode: 21,
        WinReFixReasonCodes: expect.stringContaining('RECOVERY_ON_OTHER_DISK'),
      });
      expect(runOnSimulatedPc(cmDiscovery(), machine).stdout).toMatch(
        /^NonCompliant: refused [A-Z_;]*RECOVERY_ON_OTHER_DISK/,
      );
    } finally {
      fs.rmSync(path.dirname(machine), { recursive: true, force: true });
    }
  });
});

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
import { lines, runScript, type ScriptRun } from './script-host';

jest.setTimeout(300_000);

const root = projectRoot();
let work: string;
let bundleDir: string;
let intune: string;
let configmgr: string;

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
});

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
  if (bundleDir) fs.rmSync(bundleDir, { recursive: true, force: true });
});

/** Runs `script` against a fresh copy of `fixture`; checks the machine file was not changed by it. */
function against(fixture: string, script: string): ScriptRun {
  const machine = tempMachine(fixture);
  const before = fs.readFileSync(machine);
  try {
    const r = runScript(script, {
      WINREFIX_TEST_MACHINE: machine,
      XDG_STATE_HOME: path.join(work, 'state'),
      ProgramData: path.join(work, 'ProgramData'),
    });
    expect(fs.readFileSync(machine).equals(before)).toBe(true);
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

/**
 * Every fixture machine answers the Windows half of the simulator consistently: reagentc /info (status line,
 * GLOBALROOT location of the registered partition with its current numbers, stdout/stderr split), ReAgent.xml,
 * the WinRE registry key, Get-BitLockerVolume, OS facts. One pwsh session; each fixture is a temp copy that the
 * snippet points WINREFIX_SIM_MACHINE at (the simulator reads the machine file on every command).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openSimHarness, type SimHarness } from '../../support/harness';
import { projectRoot } from '../../../src/project-root';
import type { SimulatedMachine } from '../../../src/contracts/generated/simulated-machine';
import { gptMachine } from './system-machines';

jest.setTimeout(300_000);

const folder = path.join(projectRoot(), 'test', 'fixtures', 'machines');
const names = fs.existsSync(folder)
  ? fs
      .readdirSync(folder)
      .filter((f) => f.endsWith('.json') && f !== 'catalog.json')
      .sort()
  : [];

interface Facts {
  exitCode: number;
  stdout: string[];
  stderr: string[];
  xmlState: string | null;
  regLocation: string;
  bitlocker: number;
  caption: string;
}

let h: SimHarness;
let dir: string;
beforeAll(() => {
  h = openSimHarness(gptMachine());
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-fixtures-'));
});
afterAll(async () => {
  await h.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

function expectedLocation(m: SimulatedMachine): string {
  const loc = m.winre.location;
  if (m.winre.status !== 'Enabled' || !loc) return '';
  for (const d of m.disks) {
    if (d.uniqueId !== loc.diskUniqueId) continue;
    for (const p of d.partitions) {
      if (p.offset === loc.partitionOffset) {
        return `\\\\?\\GLOBALROOT\\device\\harddisk${d.number}\\partition${p.number}${loc.path ?? '\\Recovery\\WindowsRE'}`;
      }
    }
  }
  return '';
}

test('the fixture library is present', () => {
  expect(names.length).toBeGreaterThanOrEqual(25);
});

test.each(names)(
  '%s: reagentc /info, ReAgent.xml, registry and BitLocker agree with the state',
  async (name) => {
    const copy = path.join(dir, name);
    fs.copyFileSync(path.join(folder, name), copy);
    const machine = JSON.parse(fs.readFileSync(copy, 'utf8')) as SimulatedMachine;
    const escaped = copy.replace(/'/g, "''");
    const res = await h.snippet(
      `$env:WINREFIX_SIM_MACHINE = '${escaped}'; ` +
        "$r = Invoke-ReAgentC -Arguments '/info'; " +
        "$xml = @(Get-Content -Path 'C:\\Windows\\System32\\Recovery\\ReAgent.xml' -ErrorAction SilentlyContinue) | Where-Object { $_ -match 'InstallState' }; " +
        "$reg = (Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\WinRE').WinRELocation; " +
        '$bl = @(Get-BitLockerVolume -ErrorAction SilentlyContinue).Count; ' +
        '[ordered]@{ exitCode = $r.exitCode; stdout = $r.stdout; stderr = $r.stderr; xmlState = [string]$xml; regLocation = [string]$reg; bitlocker = $bl; caption = (Get-CimInstance -ClassName Win32_OperatingSystem).Caption }',
    );
    const facts = res.output[0] as Facts;
    expect(facts.caption).toBe(machine.os.caption);
    if (!machine.os.isElevated) {
      expect(facts.exitCode).toBe(5);
      expect(facts.stdout[0]).toMatch(/elevated/);
      return;
    }
    expect(facts.exitCode).toBe(0);
    expect(facts.stderr).toHaveLength(1);
    const status = facts.stdout.find((l) => / (Enabled|Disabled)$/.test(l));
    expect(status?.endsWith(` ${machine.winre.status}`)).toBe(true);
    const location = expectedLocation(machine);
    if (location) {
      expect(facts.stdout.some((l) => l.endsWith(` ${location}`))).toBe(true);
      expect(facts.regLocation).toBe(location);
    } else {
      expect(facts.stdout.some((l) => l.includes('GLOBALROOT'))).toBe(false);
    }
    expect(facts.stdout.some((l) => l.endsWith(` ${machine.winre.bcdId}`))).toBe(true);
    if (!machine.winre.reagentXmlMissing) {
      expect(facts.xmlState).toContain(`state="${machine.winre.status === 'Enabled' ? 1 : 0}"`);
    }
    expect(facts.bitlocker).toBeGreaterThan(0);
  },
);

interface RoundTrip {
  disable: number;
  enable: number;
  info: string[];
  wims: string[];
}

const enabledElevated = names.filter((name) => {
  const m = JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8')) as SimulatedMachine;
  return m.os.isElevated && m.winre.status === 'Enabled' && m.os.imageState === 'IMAGE_STATE_COMPLETE';
});

test.each(enabledElevated)(
  '%s: /disable then /enable keeps exactly one Winre.wim with the same hash',
  async (name) => {
    const copy = path.join(dir, `rt-${name}`);
    fs.copyFileSync(path.join(folder, name), copy);
    const before = JSON.parse(fs.readFileSync(copy, 'utf8')) as SimulatedMachine;
    const wimsOf = (m: SimulatedMachine): string[] =>
      m.disks.flatMap((d) =>
        d.partitions.flatMap((p) =>
          (p.volume?.files ?? []).filter((f) => /\\winre\.wim$/i.test(f.path)).map((f) => f.sha256),
        ),
      );
    const res = await h.snippet(
      `$env:WINREFIX_SIM_MACHINE = '${copy.replace(/'/g, "''")}'; ` +
        "$d = Invoke-ReAgentC -Arguments '/disable'; $e = Invoke-ReAgentC -Arguments '/enable'; " +
        "[ordered]@{ disable = $d.exitCode; enable = $e.exitCode; info = (Invoke-ReAgentC -Arguments '/info').stdout; wims = @() }",
    );
    const rt = res.output[0] as RoundTrip;
    const after = JSON.parse(fs.readFileSync(copy, 'utf8')) as SimulatedMachine;
    const wimBefore = wimsOf(before);
    if (rt.disable !== 0) {
      // C: has no room for the image (ASSUMPTION: ERROR_DISK_FULL, 0x70), or ReAgent.xml keeps a stale
      // ImageLocation (ASSUMPTION: ERROR_FILE_NOT_FOUND, simulator/30-ReAgentC.ps1): nothing changed, WinRE enabled.
      const stale = /<ImageLocation path=\\"(?!\\")/.test(JSON.stringify(before));
      expect(rt.disable).toBe(stale ? 2 : 112);
      expect(after.winre.status).toBe('Enabled');
      expect(wimsOf(after)).toEqual(wimBefore);
      return;
    }
    if (wimBefore.length === 0) {
      // Registered but the image is gone: /disable succeeds, /enable has nothing to install.
      expect(rt.enable).not.toBe(0);
      return;
    }
    if (rt.enable === 0) {
      expect(after.winre.status).toBe('Enabled');
      expect(wimsOf(after)).toEqual([wimBefore[0]]);
      if (after.reagentc.enableDeferredUntilReboot) {
        // /info shows the enable only after a restart (simulator/30-ReAgentC.ps1): no location yet.
        expect(after.pendingReboot?.winreEnable).toBe(true);
        expect(rt.info.some((l) => l.includes('GLOBALROOT'))).toBe(false);
      } else {
        expect(rt.info.some((l) => l.endsWith(` ${expectedLocation(after)}`))).toBe(true);
      }
    } else {
      // Refused (e.g. BitLocker everywhere): the image stays staged in System32, WinRE disabled.
      expect(after.winre.status).toBe('Disabled');
      expect(wimsOf(after)).toEqual([wimBefore[0]]);
    }
  },
);

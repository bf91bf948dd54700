/**
 * The WinRE patch level end to end, through real pwsh on simulated PCs (docs/winre-patch-level.md): the version
 * comes from the image's own WIM metadata (simulator/65-Wim.ps1 serves it), is judged against the shipped or the
 * admin's baseline, lands in audit --json, the status record and detect's answer, and a bad baseline file stops the
 * run before anything is read (26), the PC untouched.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAudit } from '../../../src/cli/commands/audit';
import { runDetect } from '../../../src/cli/commands/detect';
import { main } from '../../../src/cli/main';
import type { AuditReport } from '../../../src/contracts/generated/audit-report';
import type { SimulatedMachine } from '../../../src/contracts/generated/simulated-machine';
import type { WinReBaseline } from '../../../src/contracts/generated/winre-baseline';
import { DEFAULT_WINRE_BASELINE } from '../../../src/domain/winre-baseline';
import { tempMachine } from '../../support/harness';
import { quietArgs, silently, statusRecordOf, withoutStatusRecord } from '../../support/fix-runner';

jest.setTimeout(300_000);

// Compliant (its recovery partition was already resized), WinRE 10.0.26100.8235: below the shipped 26100.8455.
const COMPLIANT_OUTDATED = 'win11-24h2-winre-already-resized';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});
function machineFrom(fixture: string, edit?: (m: SimulatedMachine) => void): string {
  const file = tempMachine(fixture);
  dirs.push(path.dirname(file));
  if (edit) {
    const m = JSON.parse(fs.readFileSync(file, 'utf8')) as SimulatedMachine;
    edit(m);
    fs.writeFileSync(file, JSON.stringify(m, null, 2));
  }
  return file;
}
function baselineFile(baseline: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-baseline-'));
  dirs.push(dir);
  const file = path.join(dir, 'baseline.json');
  fs.writeFileSync(file, typeof baseline === 'string' ? baseline : JSON.stringify(baseline));
  return file;
}
async function auditJson(machine: string, extra: Record<string, unknown> = {}): Promise<AuditReport> {
  const { stdout } = await silently(() => runAudit({ ...quietArgs(machine), json: true, ...extra }));
  return JSON.parse(stdout) as AuditReport;
}
function activeWim(
  m: SimulatedMachine,
): NonNullable<SimulatedMachine['disks'][number]['partitions'][number]['volume']>['files'][number] {
  for (const d of m.disks)
    for (const p of d.partitions)
      for (const f of p.volume?.files ?? []) if (/\\Recovery\\WindowsRE\\Winre\.wim$/i.test(f.path)) return f;
  throw new Error('no active Winre.wim in the fixture');
}

describe('detect and the WinRE patch level', () => {
  it('a compliant PC with an outdated WinRE: 0 by default, 1 with --require-current-winre, and the record says why', async () => {
    const machine = machineFrom(COMPLIANT_OUTDATED);
    const before = fs.readFileSync(machine, 'utf8');
    const plain = await silently(() => runDetect(quietArgs(machine)));
    expect(plain.value).toBe(0);
    expect(plain.stdout).toMatch(/^winre-fix COMPLIANT /);
    const strict = await silently(() => runDetect({ ...quietArgs(machine), 'require-current-winre': true }));
    expect(strict.value).toBe(1);
    expect(strict.stdout).toMatch(
      /^winre-fix WINRE-NOT-CURRENT WINRE_IMAGE_OUTDATED: WinRE image 10\.0\.26100\.8235 \(read from the active Winre\.wim\) is older than 10\.0\.26100\.8455 \(KB5089593\)/,
    );
    expect(strict.stdout).toMatch(/the recovery partition has room for the update\.\n$/);
    expect(statusRecordOf(machine)).toMatchObject({
      WinReVersion: '10.0.26100.8235',
      WinRePatchStatus: 'outdated',
    });
    // Detection changes nothing but its record.
    expect(withoutStatusRecord(fs.readFileSync(machine, 'utf8'))).toBe(withoutStatusRecord(before));
  });

  it("the admin's baseline decides, and every report names it", async () => {
    const own: WinReBaseline = {
      schemaVersion: 1,
      name: 'Contoso WinRE 2026-04',
      published: '2026-04-20',
      families: [
        {
          build: 26100,
          minimum: '10.0.26100.8235',
          releases: '24H2/25H2',
          kb: 'KB5085000',
          source: 'https://contoso.example/winre',
        },
      ],
    };
    const machine = machineFrom(COMPLIANT_OUTDATED);
    const file = baselineFile(own);
    const args = { ...quietArgs(machine), 'require-current-winre': true, 'winre-baseline': own };
    expect((await silently(() => runDetect(args))).value).toBe(0);
    expect(statusRecordOf(machine)).toMatchObject({ WinRePatchStatus: 'current' });
    // Through the command line: the file is read and checked while parsing.
    expect(
      await silently(() =>
        main(['audit', '--json', '--no-log', '--no-report', '--simulate', machine, '--winre-baseline', file]),
      ),
    ).toMatchObject({ value: 0 });
    const report = await auditJson(machine, { 'winre-baseline': own });
    expect(report.plan?.winrePatchLevel).toMatchObject({
      status: 'current',
      baseline: { name: 'Contoso WinRE 2026-04', published: '2026-04-20' },
      minimum: '10.0.26100.8235',
    });
  });

  it('a bad baseline file stops the run before anything is read: 26 (broken) or 24 (missing), the PC untouched', async () => {
    const machine = machineFrom(COMPLIANT_OUTDATED);
    const before = fs.readFileSync(machine, 'utf8');
    const wrongFamily = baselineFile({
      ...DEFAULT_WINRE_BASELINE,
      families: [{ ...DEFAULT_WINRE_BASELINE.families[0], minimum: '10.0.26100.1' }],
    });
    for (const command of ['fix', 'detect', 'audit']) {
      const run = await silently(() =>
        main(
          [
            command,
            '--yes',
            '--no-log',
            '--no-report',
            '--simulate',
            machine,
            '--winre-baseline',
            wrongFamily,
          ].filter((a) => command === 'fix' || a !== '--yes'),
        ),
      );
      expect({ command, code: run.value }).toEqual({ command, code: 26 });
    }
    const missing = await silently(() =>
      main([
        'audit',
        '--simulate',
        machine,
        '--winre-baseline',
        path.join(os.tmpdir(), 'no-such-baseline.json'),
      ]),
    );
    expect(missing.value).toBe(24);
    expect(fs.readFileSync(machine, 'utf8')).toBe(before);
  });
});

describe('what the image says wins over stale evidence', () => {
  it('a hand-patched image (newer than the registry value) is current; the registry is kept as evidence only', async () => {
    const machine = machineFrom(COMPLIANT_OUTDATED, (m) => {
      activeWim(m).wim = { version: '10.0.26100.9444' };
      m.registry = m.registry ?? {};
    });
    const report = await auditJson(machine);
    expect(report.plan?.winrePatchLevel).toMatchObject({
      status: 'current',
      version: '10.0.26100.9444',
      source: 'active-image',
    });
    expect(report.reasons.map((r) => r.code)).toContain('WINRE_IMAGE_CURRENT');
  });

  it('a WIM whose header says a write never finished is damaged, and detect --require-current-winre asks for remediation', async () => {
    const machine = machineFrom(COMPLIANT_OUTDATED, (m) => {
      activeWim(m).wim = { writeInProgress: true };
    });
    const report = await auditJson(machine);
    expect(report.plan?.winrePatchLevel?.status).toBe('damaged');
    expect(report.reasons.find((r) => r.code === 'WINRE_IMAGE_DAMAGED')?.message).toMatch(/never finished/);
    const strict = await silently(() => runDetect({ ...quietArgs(machine), 'require-current-winre': true }));
    expect(strict.value).toBe(1);
    expect(strict.stdout).toMatch(/^winre-fix WINRE-NOT-CURRENT WINRE_IMAGE_DAMAGED/);
  });

  it('an image cut short is unreadable: the reagentc line (24H2) then gives the version, and the report says so', async () => {
    const machine = machineFrom(COMPLIANT_OUTDATED, (m) => {
      activeWim(m).wim = { truncated: true };
    });
    const level = (await auditJson(machine)).plan?.winrePatchLevel;
    expect(level?.evidence.imageVersion).toBeNull();
    expect(level?.source).toBe('reagentc');
    expect(level?.version).toBe('10.0.26100.8235');
  });
});

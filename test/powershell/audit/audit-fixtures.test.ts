/**
 * Audit end to end through the real pwsh, for every fixture machine: `winre-fix audit --json` validates against
 * schemas/audit-report.schema.json, gives the catalogue's verdict and reason, and leaves the machine file
 * byte-identical with nothing created (audit's promise). One PowerShell process per audit.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runAudit } from '../../../src/cli/commands/audit';
import type { AuditReport } from '../../../src/contracts/generated/audit-report';
import { assertValid } from '../../../src/schemas/validators';
import type { SimulatedMachine } from '../../../src/contracts/generated/simulated-machine';
import { DEFAULT_WINRE_BASELINE } from '../../../src/domain/winre-baseline';
import { compareWinReVersions } from '../../../src/domain/winre-patch-level';
import { fixturePath } from '../../support/harness';
import { quietArgs, silently } from '../../support/fix-runner';

interface CatalogEntry {
  name: string;
  verdict: 'compliant' | 'needs-fix' | 'refused';
  reason: string;
  fixable: boolean;
  /** The options the verdict holds with (`--wim`). */
  args?: { wim?: string };
}
const catalog = (JSON.parse(fs.readFileSync(fixturePath('catalog'), 'utf8')) as { machines: CatalogEntry[] })
  .machines;

function listTree(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    out.push(p);
    if (e.isDirectory()) out.push(...listTree(p));
  }
  return out.sort();
}

async function audit(
  machine: string,
  args: { wim?: string } = {},
): Promise<{ code: number; report: AuditReport; before: string; after: string; created: string[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-audit-'));
  const file = path.join(dir, 'machine.json');
  fs.copyFileSync(fixturePath(machine), file);
  const before = fs.readFileSync(file, 'utf8');
  const treeBefore = listTree(dir);
  const { value, stdout } = await silently(() =>
    runAudit({ ...quietArgs(file), json: true, log: false, ...args }),
  );
  const after = fs.readFileSync(file, 'utf8');
  const created = listTree(dir).filter((p) => !treeBefore.includes(p));
  fs.rmSync(dir, { recursive: true, force: true });
  return { code: value, report: JSON.parse(stdout) as AuditReport, before, after, created };
}

jest.setTimeout(120_000);

describe('audit on every fixture machine', () => {
  it.each(catalog.map((c) => [c.name, c] as const))('%s', async (_name, entry) => {
    const { code, report, before, after, created } = await audit(entry.name, entry.args);
    expect(() => assertValid('audit-report', report, 'audit --json')).not.toThrow();
    expect(report.verdict).toBe(entry.verdict);
    expect(report.reasons.map((r) => r.code)).toContain(entry.reason);
    // A refusal that only waits for Windows setup to finish is a deferral (30), one of the image given with --wim
    // is 31, every other one is 21.
    const refusedCode =
      entry.reason === 'SETUP_NOT_COMPLETE' ? 30 : entry.reason.startsWith('WIM_SUPPLIED_') ? 31 : 21;
    expect(code).toBe(entry.verdict === 'compliant' ? 0 : entry.verdict === 'needs-fix' ? 20 : refusedCode);
    expect(after).toBe(before);
    expect(created).toEqual([]);
    // The WinRE patch level, read from the image's own WIM metadata (the fixture's WinRE version), never
    // from the OS build, and judged against the shipped baseline.
    const machine = JSON.parse(before) as SimulatedMachine;
    const level = report.plan?.winrePatchLevel;
    const hasImage = [
      ...(report.evidence?.winre.activeImage ? [1] : []),
      ...(report.evidence?.winre.stagedImage ? [1] : []),
    ];
    if (hasImage.length > 0) {
      expect(level).toMatchObject({
        version: machine.winre.version,
        family: Number(machine.winre.version.split('.')[2]),
      });
      const minimum = DEFAULT_WINRE_BASELINE.families.find((f) => f.build === level?.family)?.minimum;
      // A staged image whose header says a write never finished is damaged, whatever its version.
      const damaged = /"writeInProgress":true/.test(JSON.stringify(machine.disks));
      if (damaged) expect(level?.status).toBe('damaged');
      else if (minimum)
        expect(level?.status).toBe(
          compareWinReVersions(machine.winre.version, minimum) >= 0 ? 'current' : 'outdated',
        );
    }
    expect(report.plan === undefined || level !== undefined).toBe(true);
  });

  it('finds an outdated and a current WinRE in every family of the baseline, none judged by the OS build', async () => {
    const outdated = new Map<number, string[]>();
    const current = new Map<number, string[]>();
    for (const c of catalog) {
      const m = JSON.parse(fs.readFileSync(fixturePath(c.name), 'utf8')) as SimulatedMachine;
      const family = Number(m.winre.version.split('.')[2]);
      const minimum = DEFAULT_WINRE_BASELINE.families.find((f) => f.build === family)?.minimum;
      const side = minimum && compareWinReVersions(m.winre.version, minimum) < 0 ? outdated : current;
      if (minimum) side.set(family, [...(side.get(family) ?? []), c.name]);
      // The OS build is never the WinRE family on these releases (19045 vs 19041, 22631 vs 22621).
      if (m.os.build === 19045 || m.os.build === 22631) expect(family).not.toBe(m.os.build);
    }
    const all = DEFAULT_WINRE_BASELINE.families.map((f) => f.build).sort();
    expect([...outdated.keys()].sort()).toEqual(all);
    expect([...current.keys()].sort()).toEqual(all);
    expect(all).toEqual([19041, 20348, 22000, 22621, 26100, 28000]);
  });

  it('gives the same verdict and plan whatever language reagentc prints', async () => {
    const en = await audit('win11-gpt-small-winre-en');
    const zh = await audit('win11-gpt-small-winre-zh');
    expect(zh.report.verdict).toBe(en.report.verdict);
    // The two machines differ only in language (and in their name-derived GUIDs and ids).
    expect(zh.report.plan?.steps.map((s) => s.kind)).toEqual(en.report.plan?.steps.map((s) => s.kind));
    expect(zh.report.plan?.sizing).toEqual(en.report.plan?.sizing);
    expect(zh.report.reasons.map((r) => r.code)).toEqual(en.report.reasons.map((r) => r.code));
    for (const other of ['win10-reagentc-de', 'win11-reagentc-ru', 'win10-zh-ui-reagentc-en']) {
      const r = await audit(other);
      expect(r.report.verdict).toBe('needs-fix');
      expect(r.report.evidence?.winre.reagentc.status).toBe('Enabled');
      expect(r.report.evidence?.winre.reagentc.location?.path).toMatch(
        /^\\\\\?\\GLOBALROOT\\device\\harddisk\d+\\partition\d+\\Recovery\\WindowsRE$/,
      );
    }
  });
});

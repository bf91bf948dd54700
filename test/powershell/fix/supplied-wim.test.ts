/**
 * `fix --wim <path|UNC>` end to end through real pwsh (issue 15 row 1): a PC whose WinRE is disabled with Winre.wim
 * missing is fixed from the organisation's share (read as the computer account) or from a local file; the audit
 * names the image (version, family, SHA-256); the step verifies its LOCAL copy against the planned hash (a share
 * file changed between check and use is never staged) and resumes from a verified temporary copy; an unreachable
 * server is refused with .NET's own words and exit 31, nothing changed. The other refusals (architecture, family,
 * damaged, access denied) run in test/powershell/fix/exit-codes-fixtures.test.ts, the power cuts in the matrix.
 */
import * as fs from 'node:fs';
import { runAudit } from '../../../src/cli/commands/audit';
import type { AuditReport } from '../../../src/contracts/generated/audit-report';
import type { SimulatedMachine } from '../../../src/contracts/generated/simulated-machine';
import { ExitCode } from '../../../src/contracts/exit-codes';
import { ScriptFailedError } from '../../../src/errors';
import { openSimHarness, tempMachine } from '../../support/harness';
import {
  fixInProcess,
  quietArgs,
  readMachine,
  silently,
  statusRecordOf,
  withoutStatusRecord,
} from '../../support/fix-runner';

jest.setTimeout(300_000);

const SHARE_WIM = '\\\\fs01.contoso.com\\WinRE\\19041\\x64\\Winre.wim';
const STAGED = 'C:\\Windows\\System32\\Recovery\\Winre.wim';
const machineOf = (file: string): SimulatedMachine => readMachine<SimulatedMachine>(file);

function shareFile(m: SimulatedMachine, path = '\\19041\\x64\\Winre.wim') {
  return m.shares!.flatMap((s) => s.files).find((f) => f.path === path)!;
}

/** Every Winre.wim-like file on the machine's disks: path and hash. */
function wims(m: SimulatedMachine): { path: string; sha256: string }[] {
  return m.disks
    .flatMap((d) => d.partitions)
    .flatMap((p) => p.volume?.files ?? [])
    .filter((f) => /winre.*\.wim/i.test(f.path))
    .map((f) => ({ path: f.path, sha256: f.sha256 }));
}

async function audit(file: string, wim?: string): Promise<{ code: number; report: AuditReport }> {
  const { value, stdout } = await silently(() =>
    runAudit({ ...quietArgs(file), json: true, ...(wim ? { wim } : {}) }),
  );
  return { code: value, report: JSON.parse(stdout) as AuditReport };
}

describe('fix --wim', () => {
  test('from the share: audit names the image, fix stages and enables it, a second fix changes nothing', async () => {
    const file = tempMachine('win10-wim-missing-fixed-from-share');
    const share = shareFile(machineOf(file));
    const look = await audit(file, SHARE_WIM);
    expect(look.code).toBe(ExitCode.AuditNeedsFix);
    expect(look.report.plan?.suppliedImage).toEqual({
      path: SHARE_WIM,
      status: 'accepted',
      account: `CONTOSO\\${machineOf(file).os.computerName}$`,
      size: share.size,
      sha256: share.sha256,
      version: '10.0.19041.5728',
      family: 19041,
      expectedFamily: 19041,
      architecture: 'x64',
      expectedArchitecture: 'x64',
    });
    expect(look.report.plan?.steps[0]?.kind).toBe('stage-supplied-image');

    const run = await fixInProcess(file, 'fix', { args: { wim: SHARE_WIM } });
    expect(run.code).toBe(ExitCode.Success);
    const after = machineOf(file);
    expect(after.winre.status).toBe('Enabled');
    // The one image on the PC is the share's, on the recovery partition; nothing left in System32\Recovery.
    expect(wims(after)).toEqual([{ path: '\\Recovery\\WindowsRE\\Winre.wim', sha256: share.sha256 }]);
    // The copy was made under a temporary name, hash-checked, then renamed (the trace of the simulated PC).
    const writes = after.trace.log.map((e) => `${e.command} ${e.detail}`);
    const copy = writes.findIndex((w) => /^Copy-Item .*fs01.*Winre\.wim\.winre-fix-new$/.test(w));
    const rename = writes.findIndex((w) => /^Rename-Item .*Winre\.wim\.winre-fix-new -> Winre\.wim$/.test(w));
    expect(copy).toBeGreaterThanOrEqual(0);
    expect(rename).toBeGreaterThan(copy);

    const bytes = fs.readFileSync(file, 'utf8');
    const again = await fixInProcess(file, 'fix', { args: { wim: SHARE_WIM } });
    expect(again.code).toBe(ExitCode.Success);
    expect(withoutStatusRecord(fs.readFileSync(file, 'utf8'))).toBe(withoutStatusRecord(bytes));
  });

  test('from a local file: staged and enabled, the source file stays where it was', async () => {
    const file = tempMachine('win10-wim-missing-fixed-from-local-file');
    const source = wims(machineOf(file)).find((w) => w.path === '\\Deploy\\winre-19041-x64.wim')!;
    const run = await fixInProcess(file, 'fix', { args: { wim: 'C:\\Deploy\\winre-19041-x64.wim' } });
    expect(run.code).toBe(ExitCode.Success);
    expect(wims(machineOf(file)).sort((a, b) => a.path.localeCompare(b.path))).toEqual([
      { path: '\\Deploy\\winre-19041-x64.wim', sha256: source.sha256 },
      { path: '\\Recovery\\WindowsRE\\Winre.wim', sha256: source.sha256 },
    ]);
  });

  test('a damaged staged image is replaced by the supplied one', async () => {
    const file = tempMachine('win10-wim-damaged-staged-fixed-from-share');
    const share = shareFile(machineOf(file));
    const run = await fixInProcess(file, 'fix', { args: { wim: SHARE_WIM } });
    expect(run.code).toBe(ExitCode.Success);
    expect(wims(machineOf(file))).toEqual([
      { path: '\\Recovery\\WindowsRE\\Winre.wim', sha256: share.sha256 },
    ]);
  });

  test('without --wim the same PC is refused as before (21), nothing changed', async () => {
    const file = tempMachine('win10-wim-missing-fixed-from-share');
    const before = fs.readFileSync(file, 'utf8');
    const run = await fixInProcess(file, 'fix');
    expect(run.code).toBe(ExitCode.Refused);
    expect(String(statusRecordOf(file)?.['ReasonCodes'])).toMatch(/WINRE_DISABLED_WIM_MISSING/);
    expect(withoutStatusRecord(fs.readFileSync(file, 'utf8'))).toBe(withoutStatusRecord(before));
  });

  test('an unreachable server: exit 31 with "The network path was not found.", nothing changed', async () => {
    const file = tempMachine('win10-wim-missing-fixed-from-share');
    const m = machineOf(file);
    m.shares![0]!.reachable = false;
    fs.writeFileSync(file, JSON.stringify(m, null, 2));
    const before = fs.readFileSync(file, 'utf8');
    const run = await fixInProcess(file, 'fix', { args: { wim: SHARE_WIM } });
    expect(run.code).toBe(ExitCode.ImageRejected);
    expect(String(statusRecordOf(file)?.['ReasonCodes'])).toMatch(/WIM_SUPPLIED_UNREACHABLE/);
    expect(withoutStatusRecord(fs.readFileSync(file, 'utf8'))).toBe(withoutStatusRecord(before));
    const look = await audit(file, SHARE_WIM);
    expect(look.code).toBe(ExitCode.ImageRejected);
    expect(look.report.reasons.find((r) => r.code === 'WIM_SUPPLIED_UNREACHABLE')?.message).toBe(
      'The share of the image given with --wim cannot be reached: The network path was not found.',
    );
  });

  test('access denied names the computer account the share saw and what to grant', async () => {
    const file = tempMachine('win10-wim-supplied-share-denied');
    const look = await audit(file, SHARE_WIM);
    expect(look.code).toBe(ExitCode.ImageRejected);
    const denied = look.report.reasons.find((r) => r.code === 'WIM_SUPPLIED_SHARE_DENIED');
    const account = `CONTOSO\\${machineOf(file).os.computerName}$`;
    expect(denied?.message).toContain(`Access to the path '${SHARE_WIM}' is denied.`);
    expect(denied?.message).toContain(account);
    expect(denied?.remedy).toMatch(/computer account .*Domain Computers/);
  });
});

describe('Copy-SuppliedWinReImage', () => {
  test('a copy whose hash is not the verified one is deleted and refused: nothing staged', async () => {
    const h = openSimHarness('win10-wim-missing-fixed-from-share');
    try {
      // The share's file changed after the plan verified it: the plan's hash is another one.
      const err = await h.scripts
        .run('Copy-SuppliedWinReImage', { SourcePath: SHARE_WIM, ImageSha256: 'E'.repeat(64), ImageSize: 1 })
        .then(
          () => null,
          (e: unknown) => e as ScriptFailedError,
        );
      expect(err).toBeInstanceOf(ScriptFailedError);
      expect(err?.message).toMatch(/the file changed after it was checked\. Nothing was staged\./);
      expect(err?.record.fullyQualifiedErrorId).toMatch(/^WinReFix\.UnexpectedState/);
      expect(wims(h.machine<SimulatedMachine>())).toEqual([]);
    } finally {
      await h.dispose();
    }
  });

  test('after a cut between copy and rename, the verified temporary copy is renamed without copying again', async () => {
    const h = openSimHarness('win10-wim-missing-fixed-from-share');
    try {
      const share = shareFile(h.machine<SimulatedMachine>());
      await h.snippet(`Copy-Item -LiteralPath '${SHARE_WIM}' -Destination '${STAGED}.winre-fix-new'`);
      // The share is gone now: only the local copy can finish the step.
      const m = h.machine<SimulatedMachine>();
      m.shares![0]!.reachable = false;
      fs.writeFileSync(h.machinePath, JSON.stringify(m, null, 2));
      const r = await h.scripts.run<{ changed: boolean; copied: boolean; sha256: string }>(
        'Copy-SuppliedWinReImage',
        { SourcePath: SHARE_WIM, ImageSha256: share.sha256, ImageSize: share.size },
      );
      expect(r).toMatchObject({ changed: true, copied: false, sha256: share.sha256 });
      expect(wims(h.machine<SimulatedMachine>())).toEqual([
        { path: '\\Windows\\System32\\Recovery\\Winre.wim', sha256: share.sha256 },
      ]);
      const again = await h.scripts.run<{ changed: boolean }>('Copy-SuppliedWinReImage', {
        SourcePath: SHARE_WIM,
        ImageSha256: share.sha256,
        ImageSize: share.size,
      });
      expect(again.changed).toBe(false);
    } finally {
      await h.dispose();
    }
  });

  test('a healthy staged image of another hash is never replaced', async () => {
    const h = openSimHarness('win10-winre-disabled-wim-staged');
    try {
      const before = wims(h.machine<SimulatedMachine>());
      const err = await h.scripts
        .run('Copy-SuppliedWinReImage', { SourcePath: 'C:\\nothing.wim', ImageSha256: 'E'.repeat(64) })
        .then(
          () => null,
          (e: unknown) => e as { message: string },
        );
      expect(err?.message).toMatch(/a healthy Winre\.wim .* is staged .* does not replace a healthy image/);
      expect(wims(h.machine<SimulatedMachine>())).toEqual(before);
    } finally {
      await h.dispose();
    }
  });
});

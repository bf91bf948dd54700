/**
 * The executor over a Safe OS patch plan (docs/safeos-patch.md), without pwsh: the patched image ends enabled and
 * proven; a package DISM finds not applicable ends the run with the PC as it was; a failure after the swap puts the
 * old image back before WinRE is enabled again; and the final health check no longer asks for the old hash.
 */
import { plan } from '../../../src/domain/planner';
import { DEFAULT_PLANNER_OPTIONS } from '../../../src/domain/policy';
import type { SafeOsPackage } from '../../../src/domain/planning/safeos';
import { MiB } from '../../../src/domain/units';
import { snapshotWith, WIM_SHA } from '../../builders/snapshot-builder';
import { FakePc, harness, scriptError } from './fake-pc';

const PKG: SafeOsPackage = {
  path: 'C:\\Updates\\windows11.0-kb5087594-x64_0123456789abcdef0123456789abcdef01234567.cab',
  present: true,
  readable: true,
  error: null,
  extension: '.cab',
  size: 40 * MiB,
  sha256: 'B'.repeat(64),
  kb: 'KB5087594',
  architecture: 9,
};
const options = { ...DEFAULT_PLANNER_OPTIONS, safeosPackage: PKG };
const roomy = () => snapshotWith((s) => void (s.disks[0]!.partitions[3]!.volume!.sizeRemaining = 300 * MiB));

describe('executor: fix --safeos-package', () => {
  it('patch alone: ends fixed with WinRE enabled on its partition running the patched image', async () => {
    const s = roomy();
    const p = plan(s, options);
    const h = harness(new FakePc(s));
    const outcome = await h.executor.apply(p, s);
    expect(outcome.kind).toBe('fixed');
    expect(h.pc.calls.map((c) => c.script)).toEqual(p.steps.map((x) => x.script));
    const winre = h.pc.snapshot.winre;
    expect(winre.reagentc.status).toBe('Enabled');
    expect(winre.activeImage).toMatchObject({ sha256: 'C'.repeat(64), wim: { version: '10.0.22621.3428' } });
    // The executor adds the backup folder to the build and the swap (their work files live there).
    const withFolder = h.pc.calls.filter((c) => 'StateFolder' in c.params).map((c) => c.script);
    expect(withFolder).toEqual([
      'Build-PatchedWinReImage',
      'Install-PatchedWinReImage',
      'Remove-WinReFixBackup',
    ]);
  });

  it('DISM not applicable (0x800f081e): never retried, WinRE never disabled, the work files deleted: failed-safe', async () => {
    const s = roomy();
    const notApplicable = scriptError(
      'Build-PatchedWinReImage',
      'WinReFix.PackageNotApplicable',
      'PackageNotApplicable: DISM: the Safe OS package is not applicable to this WinRE image (0x800f081e).',
    );
    const h = harness(new FakePc(s).fail('Build-PatchedWinReImage', notApplicable, 2));
    const outcome = await h.executor.apply(plan(s, options), s);
    expect(outcome.kind).toBe('failed-safe');
    expect(h.pc.callsOf('Build-PatchedWinReImage')).toBe(1);
    expect(h.pauses).toEqual([]);
    expect(h.pc.calls.map((c) => c.script)).toEqual(['Build-PatchedWinReImage', 'Remove-WinReFixBackup']);
    expect(h.pc.snapshot.winre.reagentc.status).toBe('Enabled');
    expect(h.pc.snapshot.winre.activeImage?.sha256).toBe(WIM_SHA);
  });

  it('a failure after the enable rolls back to the OLD image enabled (restore before enable), the backup deleted last', async () => {
    const s = roomy();
    const h = harness(
      new FakePc(s).fail(
        'Test-PatchedWinReImage',
        scriptError(
          'Test-PatchedWinReImage',
          'WinReFix.UnexpectedState',
          'UnexpectedState: not the patched one',
        ),
        2,
      ),
    );
    const outcome = await h.executor.apply(plan(s, options), s);
    expect(outcome.kind).toBe('rolled-back');
    expect(outcome.journal.rollback.map((r) => r.kind)).toEqual([
      'restore-staged-image',
      'enable-winre',
      'remove-backup',
    ]);
    expect(h.pc.snapshot.winre.reagentc.status).toBe('Enabled');
    expect(h.pc.snapshot.winre.activeImage?.sha256).toBe(WIM_SHA);
  });

  it('the health check asks for the hash its step carries: "" after a patch passes, the old one would fail', async () => {
    const s = roomy();
    const p = plan(s, options);
    const h = harness(new FakePc(s));
    expect((await h.executor.apply(p, s)).kind).toBe('fixed');
    // Regression: with the journal's original hash the patched (changed) image failed the final check.
    const strict = plan(s, options);
    const verify = strict.steps.find((x) => x.kind === 'verify-winre')!;
    verify.params = { ...verify.params, imageSha256: WIM_SHA };
    const h2 = harness(new FakePc(s));
    const outcome = await h2.executor.apply(strict, s);
    expect(outcome.kind).toBe('rolled-back');
    expect(outcome.error?.message).toMatch(/image hash changed/);
  });
});

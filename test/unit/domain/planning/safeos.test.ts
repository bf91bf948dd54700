import { plan } from '../../../../src/domain/planner';
import { DEFAULT_PLANNER_OPTIONS } from '../../../../src/domain/policy';
import { rollbackSteps } from '../../../../src/domain/rollback';
import { checkPostcondition } from '../../../../src/domain/steps/catalogue';
import type { SafeOsPackage } from '../../../../src/domain/planning/safeos';
import { MiB, GiB } from '../../../../src/domain/units';
import { assertValid } from '../../../../src/schemas/validators';
import type { Journal } from '../../../../src/contracts/generated/journal';
import type { Plan } from '../../../../src/contracts/generated/plan';
import { defaultSnapshot, snapshotWith, wimInfo, WIM_SHA } from '../../../builders/snapshot-builder';

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
const withPkg = (pkg: Partial<SafeOsPackage> = {}) => ({
  ...DEFAULT_PLANNER_OPTIONS,
  safeosPackage: { ...PKG, ...pkg },
});
/** The default PC, but its WinRE partition already has room: compliant without a package. */
const roomy = () =>
  snapshotWith((s) => {
    const re = s.disks[0]!.partitions[3]!;
    re.volume!.sizeRemaining = 300 * MiB;
  });
const kinds = (p: Plan) => p.steps.map((s) => s.kind);
const codes = (p: Plan) => p.reasons.map((r) => r.code);

describe('fix --safeos-package: the plan', () => {
  it('patches alone a PC whose WinRE already has room: copy patched first, live image swapped only while disabled', () => {
    expect(plan(roomy()).verdict).toBe('compliant');
    const p = plan(roomy(), withPkg());
    assertValid('plan', p, 'plan');
    expect(p).toMatchObject({ verdict: 'needs-fix', case: 'patch-winre' });
    expect(kinds(p)).toEqual([
      'build-patched-image',
      'disable-winre',
      'verify-staged-image',
      'install-patched-image',
      'enable-winre',
      'verify-winre',
      'verify-patched-winre',
      'remove-backup',
    ]);
    expect(p.steps[0]!.params).toMatchObject({
      kb: 'KB5087594',
      fromVersion: '10.0.22621.2428',
      sourceSha256: WIM_SHA,
    });
    expect(p.steps[2]!.params).toMatchObject({ imageSha256: WIM_SHA });
    // The enabled image is the patched one: the old hash is not asked for any more.
    expect(p.steps[4]!.params).toMatchObject({ imageSha256: '' });
    expect(p.steps[5]!.params).toMatchObject({ imageSha256: '' });
    expect(codes(p)[0]).toBe('SAFEOS_PATCH_PLANNED');
  });

  it('patches after making room: the build before any change, the swap right after the staged image is proven', () => {
    const p = plan(defaultSnapshot(), withPkg());
    assertValid('plan', p, 'plan');
    expect(p.case).toBe('grow-recovery-after-os');
    const k = kinds(p);
    expect(k[0]).toBe('build-patched-image');
    expect(k.indexOf('install-patched-image')).toBe(k.indexOf('verify-staged-image') + 1);
    expect(k.indexOf('verify-patched-winre')).toBe(k.indexOf('remove-backup') - 1);
    expect(k.filter((x) => x === 'remove-backup')).toHaveLength(1);
    expect(p.steps.map((s) => s.id)).toEqual(p.steps.map((_, i) => i + 1));
  });

  it('a disabled WinRE with its image staged: patched before it is enabled in place', () => {
    const s = snapshotWith((x) => {
      x.winre.reagentc.status = 'Disabled';
      x.winre.reagentc.location = null;
      x.winre.stagedImage = x.winre.activeImage;
      x.winre.activeImage = null;
      x.disks[0]!.partitions[3]!.volume!.sizeRemaining = 900 * MiB;
    });
    const p = plan(s, withPkg());
    expect(p.case).toBe('enable-staged-image');
    expect(kinds(p)).toEqual([
      'build-patched-image',
      'install-patched-image',
      'enable-winre',
      'verify-winre',
      'verify-patched-winre',
      'remove-backup',
    ]);
  });

  it.each<[string, Partial<SafeOsPackage>, string]>([
    [
      'a missing package',
      { present: false, readable: false, error: 'no such file', size: null, sha256: null },
      'SAFEOS_PACKAGE_MISSING',
    ],
    [
      'an unreadable package',
      { readable: false, error: 'access denied', sha256: null },
      'SAFEOS_PACKAGE_UNREADABLE',
    ],
    ['not a .cab/.msu', { extension: '.zip' }, 'SAFEOS_NOT_A_PACKAGE'],
    ['an arm64 package for an x64 image', { architecture: 12 }, 'SAFEOS_ARCHITECTURE_MISMATCH'],
  ])('refuses %s with no step', (_name, pkg, code) => {
    const p = plan(roomy(), withPkg(pkg));
    expect(p).toMatchObject({ verdict: 'refused', case: 'refused', steps: [] });
    expect(codes(p)).toContain(code);
    assertValid('plan', p, 'plan');
  });

  it('a package whose KB brings a version the image already has: nothing to do (a rerun after the patch exits 0)', () => {
    const s = snapshotWith(
      (x) => void (x.disks[0]!.partitions[3]!.volume!.sizeRemaining = 300 * MiB),
      roomy(),
    );
    const current = snapshotWith((x) => void (x.winre.activeImage!.wim = wimInfo('10.0.22621.7077')), s);
    const done = plan(current, withPkg());
    expect(done).toMatchObject({ verdict: 'compliant', steps: [] });
    expect(done.reasons[0]).toMatchObject({ code: 'SAFEOS_ALREADY_CURRENT', severity: 'info' });
    // On a PC that needs room, the room is still made, without the patch.
    const small = snapshotWith((x) => void (x.winre.activeImage!.wim = wimInfo('10.0.22621.7077')));
    expect(kinds(plan(small, withPkg()))).not.toContain('build-patched-image');
    expect(plan(small, withPkg()).verdict).toBe('needs-fix');
    // Another KB: only DISM can tell (after the add, a version not higher is refused by the step).
    expect(plan(current, withPkg({ kb: 'KB5099999' })).verdict).toBe('needs-fix');
  });

  it('refuses a damaged image (header write-in-progress): no version to compare before and after', () => {
    const damaged = snapshotWith(
      (x) => void (x.winre.activeImage!.wim = { ...wimInfo('10.0.22621.2428'), writeInProgress: true }),
      roomy(),
    );
    expect(codes(plan(damaged, withPkg()))).toContain('SAFEOS_IMAGE_UNREADABLE');
  });

  it('refuses when C: lacks room for copy, mount, export and scratch after the plan shrinks it', () => {
    const tight = snapshotWith(
      (x) => void (x.disks[0]!.partitions[2]!.volume!.sizeRemaining = 2 * GiB),
      roomy(),
    );
    const p = plan(tight, withPkg());
    expect(codes(p)).toContain('SAFEOS_NO_ROOM_ON_OS_VOLUME');
    expect(p.steps).toEqual([]);
  });

  it('a PC the room plan refuses stays refused, with the patch blockers beside its own', () => {
    const s = snapshotWith((x) => void (x.os.isElevated = false));
    const p = plan(s, withPkg({ extension: '.exe' }));
    expect(p.verdict).toBe('refused');
    expect(codes(p)).toEqual(expect.arrayContaining(['NOT_ELEVATED', 'SAFEOS_NOT_A_PACKAGE']));
  });
});

describe('fix --safeos-package: roll-back and checks', () => {
  const journalOf = (p: Plan, upTo: string): Journal => {
    const idx = p.steps.findIndex((s) => s.kind === upTo);
    return {
      plan: p,
      original: {
        imageSha256: WIM_SHA,
        recoveryPartition: { offset: p.target.recoveryPartition!.offset, size: 1, label: null },
        bitLockerSuspended: false,
      },
      disk: { uniqueId: p.target.disk!.uniqueId },
      steps: p.steps.map((s, i) => ({
        ...s,
        status: i < idx ? 'completed' : i === idx ? 'started' : 'pending',
      })),
    } as unknown as Journal;
  };

  it('a failure after the swap puts the unpatched image back BEFORE WinRE is enabled again, and deletes the backup once', () => {
    const p = plan(roomy(), withPkg());
    const back = rollbackSteps(journalOf(p, 'enable-winre'));
    expect(back.map((s) => s.kind)).toEqual(['restore-staged-image', 'enable-winre', 'remove-backup']);
    expect(back[0]!.params).toEqual({ imageSha256: WIM_SHA });
    expect(back[1]!.params).toMatchObject({ imageSha256: WIM_SHA });
  });

  it('a failed build (DISM not applicable) only deletes the work files: WinRE was never touched', () => {
    const p = plan(roomy(), withPkg());
    expect(rollbackSteps(journalOf(p, 'build-patched-image')).map((s) => s.kind)).toEqual(['remove-backup']);
  });

  it('the swap and the final proof accept only a whole image newer than before with a new hash', () => {
    const p = plan(roomy(), withPkg());
    const install = p.steps.find((s) => s.kind === 'install-patched-image')!;
    const proof = p.steps.find((s) => s.kind === 'verify-patched-winre')!;
    const staged = (version: string, sha: string, writeInProgress = false) =>
      snapshotWith((x) => {
        x.winre.reagentc.status = 'Disabled';
        x.winre.stagedImage = { size: 1, sha256: sha, wim: { ...wimInfo(version), writeInProgress } };
      });
    const disk = p.target.disk!.uniqueId;
    expect(checkPostcondition(install, staged('10.0.22621.7077', 'C'.repeat(64)), disk)).toBeNull();
    expect(checkPostcondition(install, staged('10.0.22621.2428', 'C'.repeat(64)), disk)).toMatch(/not newer/);
    expect(checkPostcondition(install, staged('10.0.22621.7077', WIM_SHA), disk)).toMatch(/unpatched/);
    expect(checkPostcondition(install, staged('10.0.22621.7077', 'C'.repeat(64), true), disk)).toMatch(
      /damaged/,
    );
    const live = snapshotWith(
      (x) =>
        void (x.winre.activeImage = { size: 1, sha256: 'C'.repeat(64), wim: wimInfo('10.0.22621.7077') }),
    );
    expect(checkPostcondition(proof, live, disk)).toBeNull();
    expect(checkPostcondition(proof, defaultSnapshot(), disk)).toMatch(/unpatched/);
  });
});

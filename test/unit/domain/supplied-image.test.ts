/**
 * `--wim <path|UNC>` in the planner (src/domain/supplied-image.ts, src/domain/winre-family.ts): when the PC needs a
 * supplied image, every check of the image before any change, the plan it makes (the staging step first, the
 * image named with its version, family and hash), and the exit code of a rejected image.
 */
import type { ReadSuppliedWinReImageOutput } from '../../../src/contracts/generated/read-supplied-win-re-image';
import { ExitCode } from '../../../src/contracts/exit-codes';
import { verdictExitCode } from '../../../src/app/audit';
import { plan } from '../../../src/domain/planner';
import { DEFAULT_PLANNER_OPTIONS, type PlannerOptions } from '../../../src/domain/policy';
import type { Snapshot } from '../../../src/domain/snapshot';
import { needsSuppliedImage } from '../../../src/domain/supplied-image';
import { winReFamilyOfOsBuild, wimArchitectureOf } from '../../../src/domain/winre-family';
import { assertValid } from '../../../src/schemas/validators';
import { snapshotWith, wimInfo, type Mutable } from '../../builders/snapshot-builder';

const UNC = '\\\\fs01\\WinRE\\22621\\Winre.wim';
const SHA = 'C'.repeat(64);
const OPTIONS: PlannerOptions = { ...DEFAULT_PLANNER_OPTIONS, suppliedWimPath: UNC };

/** A read of a healthy x64 WinRE image of `version` from the share, as SYSTEM on a domain PC. */
function readOf(
  version = '10.0.22621.7077',
  change: (r: Mutable<ReadSuppliedWinReImageOutput>) => void = () => {},
) {
  const r: Mutable<ReadSuppliedWinReImageOutput> = {
    path: UNC,
    unc: true,
    account: 'CONTOSO\\PC-01$',
    osArchitecture: 'AMD64',
    readable: true,
    errorKind: null,
    error: null,
    size: 600 * 1024 * 1024,
    sha256: SHA,
    wim: { ...wimInfo(version), installationType: 'WindowsPE' },
  };
  change(r);
  return r;
}

/** The default Windows 11 23H2 PC with WinRE disabled and no image anywhere, given `read` for --wim. */
function missing(read?: ReadSuppliedWinReImageOutput, change: (s: Mutable<Snapshot>) => void = () => {}) {
  return snapshotWith((s) => {
    s.winre.reagentc.status = 'Disabled';
    s.winre.reagentc.location = null;
    s.winre.activeImage = null;
    s.winre.stagedImage = null;
    if (read) s.suppliedImage = read as Mutable<ReadSuppliedWinReImageOutput>;
    change(s);
  });
}

const codes = (p: ReturnType<typeof plan>) => p.reasons.map((r) => r.code);

describe('WinRE build family of an OS build', () => {
  it.each([
    [19045, 19041],
    [19044, 19041],
    [22631, 22621],
    [22621, 22621],
    [26200, 26100],
    [26100, 26100],
    [20348, 20348],
    [28000, 28000],
  ])('OS build %i carries WinRE family %i', (os, family) => {
    expect(winReFamilyOfOsBuild(os)?.family).toBe(family);
  });

  it('knows no family for a build it has no source for', () => {
    expect(winReFamilyOfOsBuild(99999)).toBeUndefined();
  });

  it('maps the native PROCESSOR_ARCHITECTURE to the WIM ARCH value', () => {
    expect([wimArchitectureOf('AMD64'), wimArchitectureOf('ARM64'), wimArchitectureOf('x86')]).toEqual([
      9, 12, 0,
    ]);
    expect(wimArchitectureOf('IA64')).toBeUndefined();
    expect(wimArchitectureOf(null)).toBeUndefined();
  });
});

describe('needsSuppliedImage', () => {
  it('is true only with WinRE disabled and the staged image missing or damaged', () => {
    expect(needsSuppliedImage(missing())).toBe(true);
    expect(needsSuppliedImage(snapshotWith(() => {}))).toBe(false);
    const staged = missing(undefined, (s) => {
      s.winre.stagedImage = { size: 1, sha256: SHA, wim: wimInfo('10.0.22621.2428') };
    });
    expect(needsSuppliedImage(staged)).toBe(false);
    const damaged = missing(undefined, (s) => {
      s.winre.stagedImage = {
        size: 1,
        sha256: SHA,
        wim: { ...wimInfo('10.0.22621.2428'), writeInProgress: true },
      };
    });
    expect(needsSuppliedImage(damaged)).toBe(true);
  });
});

describe('planning with --wim', () => {
  it('stages an accepted image first, names it in the plan with version, family and hash, and sizes for it', () => {
    const p = plan(missing(readOf()), OPTIONS);
    expect(() => assertValid('plan', p, 'test')).not.toThrow();
    expect(p.verdict).toBe('needs-fix');
    expect(p.steps[0]).toMatchObject({
      kind: 'stage-supplied-image',
      script: 'Copy-SuppliedWinReImage',
      params: { sourcePath: UNC, imageSha256: SHA, imageSize: 600 * 1024 * 1024 },
    });
    expect(p.reasons[0]).toMatchObject({
      code: 'WINRE_DISABLED_WIM_SUPPLIED',
      params: {
        path: UNC,
        version: '10.0.22621.7077',
        family: 22621,
        sha256: SHA,
        detail: 'STAGED_WIM_MISSING',
      },
    });
    expect(p.suppliedImage).toEqual({
      path: UNC,
      status: 'accepted',
      account: 'CONTOSO\\PC-01$',
      size: 600 * 1024 * 1024,
      sha256: SHA,
      version: '10.0.22621.7077',
      family: 22621,
      expectedFamily: 22621,
      architecture: 'x64',
      expectedArchitecture: 'x64',
    });
    // The enable and the final check expect the supplied image's hash.
    expect(p.steps.find((s) => s.kind === 'enable-winre')?.params).toMatchObject({ imageSha256: SHA });
    expect(p.sizing.imageSize).toBe(600 * 1024 * 1024);
    expect(verdictExitCode(p)).toBe(ExitCode.AuditNeedsFix);
  });

  it('refuses without --wim, as before', () => {
    const p = plan(missing(), DEFAULT_PLANNER_OPTIONS);
    expect(codes(p)).toContain('WINRE_DISABLED_WIM_MISSING');
    expect(p.suppliedImage).toBeUndefined();
    expect(verdictExitCode(p)).toBe(ExitCode.Refused);
  });

  it('replaces a damaged staged image', () => {
    const s = missing(readOf(), (x) => {
      x.winre.stagedImage = {
        size: 1,
        sha256: 'D'.repeat(64),
        wim: { ...wimInfo('10.0.22621.2428'), writeInProgress: true },
      };
    });
    const p = plan(s, OPTIONS);
    expect(p.reasons[0]).toMatchObject({
      code: 'WINRE_DISABLED_WIM_SUPPLIED',
      params: { detail: 'STAGED_WIM_DAMAGED' },
    });
    expect(p.steps[0]?.kind).toBe('stage-supplied-image');
  });

  it('ignores --wim with a note on a PC that has its image (and the file was not read)', () => {
    const enabled = plan(
      snapshotWith(() => {}),
      OPTIONS,
    );
    expect(enabled.steps.map((s) => s.kind)).not.toContain('stage-supplied-image');
    expect(enabled.suppliedImage?.status).toBe('not-needed');
    expect(enabled.reasons.find((r) => r.code === 'WIM_SUPPLIED_NOT_NEEDED')?.params).toEqual({
      path: UNC,
      detail: 'WINRE_ENABLED',
    });
    const staged = plan(
      missing(undefined, (s) => {
        s.winre.stagedImage = { size: 1, sha256: SHA, wim: wimInfo('10.0.22621.2428') };
      }),
      OPTIONS,
    );
    expect(staged.verdict).toBe('needs-fix');
    expect(staged.steps.map((s) => s.kind)).not.toContain('stage-supplied-image');
    expect(staged.reasons.find((r) => r.code === 'WIM_SUPPLIED_NOT_NEEDED')?.params).toMatchObject({
      detail: 'WIM_HEALTHY_STAGED',
    });
  });

  it('warns, and still stages, an image older than the baseline minimum of its family', () => {
    const p = plan(missing(readOf('10.0.22621.2428')), OPTIONS);
    expect(p.verdict).toBe('needs-fix');
    expect(p.reasons.find((r) => r.code === 'WIM_SUPPLIED_OUTDATED')?.params).toMatchObject({
      version: '10.0.22621.2428',
      minimum: '10.0.22621.7077',
      kb: 'KB5087594',
    });
  });

  const rejections: [string, ReadSuppliedWinReImageOutput, string, Record<string, unknown>][] = [
    [
      'another architecture',
      readOf('10.0.22621.7077', (r) => {
        r.wim!.architecture = 12;
      }),
      'WIM_SUPPLIED_WRONG_ARCHITECTURE',
      { architecture: 'arm64', expected: 'x64' },
    ],
    [
      'another WinRE build family (the OS build 22631 is not the family)',
      readOf('10.0.22631.4460'),
      'WIM_SUPPLIED_WRONG_FAMILY',
      { family: 22631, expected: 22621, osBuild: 22631 },
    ],
    [
      'a Windows 10 image on Windows 11',
      readOf('10.0.19041.5728'),
      'WIM_SUPPLIED_WRONG_FAMILY',
      { family: 19041, expected: 22621 },
    ],
    [
      'not a WinRE image (install.wim)',
      readOf('10.0.22621.7077', (r) => {
        r.wim!.editionId = 'Professional';
        r.wim!.installationType = 'Client';
        r.wim!.name = 'Windows 11 Pro';
      }),
      'WIM_SUPPLIED_NOT_WINRE',
      { edition: 'Professional', installationType: 'Client' },
    ],
    [
      'a WinPE edition with another installation type',
      readOf('10.0.22621.7077', (r) => {
        r.wim!.installationType = 'Server';
      }),
      'WIM_SUPPLIED_NOT_WINRE',
      { installationType: 'Server' },
    ],
    [
      'a write-in-progress header',
      readOf('10.0.22621.7077', (r) => {
        r.wim!.writeInProgress = true;
      }),
      'WIM_SUPPLIED_DAMAGED',
      { detail: 'WIM_WRITE_IN_PROGRESS' },
    ],
    [
      'metadata that does not read whole (truncated)',
      readOf('10.0.22621.7077', (r) => {
        r.wim = {
          ...r.wim!,
          readable: false,
          error: 'the file is 100 bytes long, shorter than a WIM header (208)',
          version: null,
          build: null,
        };
      }),
      'WIM_SUPPLIED_DAMAGED',
      { detail: 'WIM_UNREADABLE' },
    ],
    [
      'access denied on the share',
      readOf('', (r) => {
        Object.assign(r, {
          readable: false,
          errorKind: 'access-denied',
          error: `Access to the path '${UNC}' is denied.`,
          size: null,
          sha256: null,
          wim: null,
        });
      }),
      'WIM_SUPPLIED_SHARE_DENIED',
      { account: 'CONTOSO\\PC-01$', error: `Access to the path '${UNC}' is denied.` },
    ],
    [
      'an unreachable server',
      readOf('', (r) => {
        Object.assign(r, {
          readable: false,
          errorKind: 'unreachable',
          error: 'The network path was not found.',
          size: null,
          sha256: null,
          wim: null,
        });
      }),
      'WIM_SUPPLIED_UNREACHABLE',
      { error: 'The network path was not found.' },
    ],
    [
      'a missing file',
      readOf('', (r) => {
        Object.assign(r, {
          readable: false,
          errorKind: 'not-found',
          error: `Could not find file '${UNC}'.`,
          size: null,
          sha256: null,
          wim: null,
        });
      }),
      'WIM_SUPPLIED_NOT_FOUND',
      {},
    ],
  ];

  it.each(rejections)('refuses %s with its reason and exit 31, no step', (_what, read, code, params) => {
    const p = plan(missing(read), OPTIONS);
    expect(() => assertValid('plan', p, 'test')).not.toThrow();
    expect(p.verdict).toBe('refused');
    expect(p.steps).toEqual([]);
    expect(p.reasons.find((r) => r.code === code)?.params).toMatchObject(params);
    expect(p.suppliedImage?.status).toBe('rejected');
    expect(verdictExitCode(p)).toBe(ExitCode.ImageRejected);
  });

  it('refuses an OS build whose WinRE family is unknown: the image cannot be checked', () => {
    const p = plan(
      missing(readOf(), (s) => {
        s.os.build = 99999;
      }),
      OPTIONS,
    );
    expect(codes(p)).toContain('WIM_SUPPLIED_FAMILY_UNKNOWN');
    expect(verdictExitCode(p)).toBe(ExitCode.ImageRejected);
  });

  it('a PC still in Windows setup is deferred (30) with a good image, and 31 with a rejected one', () => {
    // A deferral is a retry only when nothing else blocks (src/domain/planning/blockers.ts isDeferral): the image
    // must be fixed either way.
    const inSetup = (s: Mutable<Snapshot>) => {
      s.os.imageState = 'IMAGE_STATE_UNDEPLOYABLE';
    };
    const good = plan(missing(readOf(), inSetup), OPTIONS);
    expect(codes(good)).toContain('SETUP_NOT_COMPLETE');
    expect(verdictExitCode(good)).toBe(ExitCode.Deferred);
    const bad = plan(missing(readOf('10.0.19041.5728'), inSetup), OPTIONS);
    expect(codes(bad)).toEqual(expect.arrayContaining(['SETUP_NOT_COMPLETE', 'WIM_SUPPLIED_WRONG_FAMILY']));
    expect(verdictExitCode(bad)).toBe(ExitCode.ImageRejected);
  });
});

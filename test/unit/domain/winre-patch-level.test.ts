import { DEFAULT_WINRE_BASELINE } from '../../../src/domain/winre-baseline';
import {
  compareWinReVersions,
  judgePatchLevel,
  patchLevelReason,
} from '../../../src/domain/winre-patch-level';
import { reasonMessage } from '../../../src/domain/reasons';
import { plan } from '../../../src/domain/planner';
import { assertValid } from '../../../src/schemas/validators';
import { englishLeftIn } from '../../support/zh-words';
import { defaultSnapshot, snapshotWith, wimInfo } from '../../builders/snapshot-builder';
import type { WinReBaseline } from '../../../src/contracts/generated/winre-baseline';

const needsFix = { verdict: 'needs-fix' } as const;
const judge = (edit: Parameters<typeof snapshotWith>[0], baseline = DEFAULT_WINRE_BASELINE, p = needsFix) =>
  judgePatchLevel(snapshotWith(edit), baseline, p);

describe('the shipped baseline', () => {
  it('is valid against its schema, one entry per family, each minimum of its own family', () => {
    assertValid<WinReBaseline>('winre-baseline', DEFAULT_WINRE_BASELINE, 'DEFAULT_WINRE_BASELINE');
    const builds = DEFAULT_WINRE_BASELINE.families.map((f) => f.build);
    expect(new Set(builds).size).toBe(builds.length);
    for (const f of DEFAULT_WINRE_BASELINE.families) expect(Number(f.minimum.split('.')[2])).toBe(f.build);
    expect(builds).toEqual(expect.arrayContaining([19041, 20348, 22000, 22621, 26100, 28000]));
  });
});

describe('compareWinReVersions', () => {
  it('compares all four parts as numbers, not as text', () => {
    expect(compareWinReVersions('10.0.22621.999', '10.0.22621.1000')).toBeLessThan(0);
    expect(compareWinReVersions('10.0.26100.8455', '10.0.26100.8455')).toBe(0);
    expect(compareWinReVersions('10.0.26100.9444', '10.0.26100.8455')).toBeGreaterThan(0);
    expect(() => compareWinReVersions('10.0.1', '10.0.0.1')).toThrow(/four-part/);
  });
});

describe('judgePatchLevel', () => {
  it('judges the active image of an enabled WinRE against its family minimum', () => {
    const outdated = judgePatchLevel(defaultSnapshot(), DEFAULT_WINRE_BASELINE, needsFix);
    expect(outdated).toEqual({
      status: 'outdated',
      version: '10.0.22621.2428',
      source: 'active-image',
      family: 22621,
      minimum: '10.0.22621.7077',
      kb: 'KB5087594',
      baseline: { name: DEFAULT_WINRE_BASELINE.name, published: DEFAULT_WINRE_BASELINE.published },
      room: 'after-fix',
      evidence: { imageVersion: '10.0.22621.2428', reagentcVersion: null, registryVersion: null },
    });
    const current = judge((s) => void (s.winre.activeImage!.wim = wimInfo('10.0.22621.7077')));
    expect(current.status).toBe('current');
    const newer = judge((s) => void (s.winre.activeImage!.wim = wimInfo('10.0.26100.9444')));
    expect(newer).toMatchObject({ status: 'current', family: 26100, minimum: '10.0.26100.8455' });
  });

  it('never uses the OS build: a Windows 11 23H2 PC (22631) with WinRE 22621 is judged as family 22621', () => {
    const level = judge((s) => {
      s.os.build = 22631;
      s.winre.activeImage!.wim = wimInfo('10.0.22621.7077');
    });
    expect(level).toMatchObject({ status: 'current', family: 22621 });
  });

  it('reads the staged image while WinRE is disabled', () => {
    const level = judge((s) => {
      s.winre.reagentc.status = 'Disabled';
      s.winre.reagentc.location = null;
      s.winre.activeImage = null;
      s.winre.stagedImage = { size: 1, sha256: 'A'.repeat(64), wim: wimInfo('10.0.19041.3920') };
    });
    expect(level).toMatchObject({ status: 'current', source: 'staged-image', family: 19041 });
  });

  it('prefers the image over reagentc over the registry, and ignores 0.0.0.0', () => {
    const both = judge((s) => {
      s.winre.reagentc.version = '10.0.22621.9999';
      s.winre.registry.winreVersion = '10.0.22621.9999';
    });
    expect(both).toMatchObject({ source: 'active-image', version: '10.0.22621.2428', status: 'outdated' });
    expect(both.evidence).toEqual({
      imageVersion: '10.0.22621.2428',
      reagentcVersion: '10.0.22621.9999',
      registryVersion: '10.0.22621.9999',
    });
    const unreadable = {
      ...wimInfo('10.0.0.0'),
      readable: false,
      version: null,
      error: 'not a WIM file (no MSWIM magic)',
    };
    const viaReagentc = judge((s) => {
      s.winre.activeImage!.wim = unreadable;
      s.winre.reagentc.version = '10.0.26100.8455';
      s.winre.registry.winreVersion = '10.0.26100.1';
    });
    expect(viaReagentc).toMatchObject({ source: 'reagentc', version: '10.0.26100.8455', status: 'current' });
    const viaRegistry = judge((s) => {
      s.winre.activeImage!.wim = unreadable;
      s.winre.reagentc.version = '0.0.0.0';
      s.winre.registry.winreVersion = '10.0.19041.3636';
    });
    expect(viaRegistry).toMatchObject({ source: 'registry', status: 'outdated', minimum: '10.0.19041.3920' });
    const none = judge((s) => void (s.winre.activeImage!.wim = unreadable));
    expect(none).toMatchObject({ status: 'unknown', version: null, source: null, family: null });
    expect(
      reasonMessage(
        patchLevelReason(none, 'not a WIM file').code,
        patchLevelReason(none, 'not a WIM file').params,
      ),
    ).toMatch(/could not be read \(WIM metadata: not a WIM file/);
  });

  it('calls a WIM whose header says a write is in progress damaged, whatever its version', () => {
    const level = judge(
      (s) => void (s.winre.activeImage!.wim = { ...wimInfo('10.0.22621.9999'), writeInProgress: true }),
    );
    expect(level.status).toBe('damaged');
    expect(patchLevelReason(level, null).code).toBe('WINRE_IMAGE_DAMAGED');
  });

  it('says unknown for a family the baseline lacks, and names the baseline it used', () => {
    const own: WinReBaseline = {
      schemaVersion: 1,
      name: 'Contoso 2026-06',
      published: '2026-06-10',
      families: [
        {
          build: 26100,
          minimum: '10.0.26100.9168',
          releases: '24H2',
          kb: 'KB5099999',
          source: 'https://example.org',
        },
      ],
    };
    const level = judgePatchLevel(defaultSnapshot(), own, { verdict: 'refused' });
    expect(level).toMatchObject({ status: 'unknown', family: 22621, minimum: null, room: 'no' });
    expect(level.baseline).toEqual({ name: 'Contoso 2026-06', published: '2026-06-10' });
    expect(patchLevelReason(level, null)).toMatchObject({
      code: 'WINRE_FAMILY_NOT_IN_BASELINE',
      severity: 'warning',
    });
  });

  it('says where an update would find room: now (compliant), after the fix, or not at all (refused)', () => {
    expect(judgePatchLevel(defaultSnapshot(), DEFAULT_WINRE_BASELINE, { verdict: 'compliant' }).room).toBe(
      'now',
    );
    expect(judgePatchLevel(defaultSnapshot(), DEFAULT_WINRE_BASELINE, { verdict: 'refused' }).room).toBe(
      'no',
    );
  });
});

describe('the planner', () => {
  it('adds the patch level to every plan as information: it never changes the verdict or the steps', () => {
    const s = defaultSnapshot();
    const judged = plan(s);
    expect(judged.winrePatchLevel?.status).toBe('outdated');
    expect(judged.reasons.at(-1)).toMatchObject({ code: 'WINRE_IMAGE_OUTDATED', severity: 'warning' });
    const current = plan(snapshotWith((x) => void (x.winre.activeImage!.wim = wimInfo('10.0.22621.7077'))));
    expect(current.verdict).toBe(judged.verdict);
    expect(current.steps).toEqual(judged.steps);
    expect(current.reasons.at(-1)?.code).toBe('WINRE_IMAGE_CURRENT');
  });

  it('says every patch-level reason in Chinese with no English left but names', () => {
    const levels = [
      plan(defaultSnapshot()),
      plan(snapshotWith((x) => void (x.winre.activeImage!.wim = wimInfo('10.0.22621.7077')))),
      plan(snapshotWith((x) => void (x.winre.activeImage = null))),
    ];
    for (const p of levels) {
      const r = p.reasons.at(-1)!;
      expect(englishLeftIn(reasonMessage(r.code, r.params, 'zh-CN'))).toEqual([]);
    }
  });
});

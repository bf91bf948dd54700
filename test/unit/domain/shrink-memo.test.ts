/**
 * The memo of a failed shrink ladder, pure (src/domain/shrink-memo.ts): when it applies (same C:, free space and
 * SizeMin within their tolerances, inside the cooldown, same tool version), when it does not (changed C:, expired,
 * forced, another version), when it is not trusted (a date in the future or unreadable, a rejected read), and that
 * it only ever removes the defrag rung, in the plan as in the executor's ladder.
 */
import { plan } from '../../../src/domain/planner';
import { DEFAULT_PLANNER_OPTIONS } from '../../../src/domain/policy';
import {
  judgeShrinkMemo,
  ladderForPlan,
  newShrinkMemo,
  observeOsVolume,
  rememberedOn,
  SHRINK_MEMO_POLICY,
  type ShrinkMemo,
  type ShrinkMemoRead,
  type VolumeObservation,
} from '../../../src/domain/shrink-memo';
import { DEFAULT_SHRINK_RETRY_POLICY, shrinkLadder } from '../../../src/domain/shrink-retry';
import { GiB, MiB } from '../../../src/domain/units';
import { layout, snapshotWith } from '../../builders/snapshot-builder';

const T0 = Date.parse('2026-12-01T08:00:00.000Z');
const DAY = 86_400_000;
const VOLUME: VolumeObservation = {
  diskUniqueId: 'NVME-DISK-0',
  partitionOffset: 290455552,
  partitionSize: 500 * GiB,
  freeBytes: 140 * GiB,
  sizeMin: 499 * GiB,
};

function read(volume: VolumeObservation = VOLUME, toolVersion = '1.2.3', at = T0): ShrinkMemoRead {
  const memo: ShrinkMemo = {
    ...newShrinkMemo(volume, { now: new Date(at).toISOString(), runId: 'r1', toolVersion }),
    checksum: '0'.repeat(64),
  };
  return { kind: 'read', memo, recordedMs: at };
}

const judge = (r: ShrinkMemoRead, current: VolumeObservation | undefined, now = T0 + DAY, force = false) =>
  judgeShrinkMemo(r, current, now, { force, toolVersion: '1.2.3' }).kind;

describe('judgeShrinkMemo', () => {
  it('applies to the same C: inside the cooldown, with small drifts of free space and SizeMin', () => {
    expect(judge(read(), VOLUME)).toBe('applies');
    const drift = { ...VOLUME, freeBytes: VOLUME.freeBytes - 900 * MiB, sizeMin: VOLUME.sizeMin + 200 * MiB };
    expect(judge(read(), drift)).toBe('applies');
    const d = judgeShrinkMemo(read(), VOLUME, T0 + DAY, { force: false, toolVersion: '1.2.3' });
    expect(d).toMatchObject({ kind: 'applies', untilMs: T0 + 7 * DAY });
  });

  it('does not apply (stale) to another or a changed C:', () => {
    expect(judge(read(), { ...VOLUME, diskUniqueId: 'OTHER' })).toBe('stale');
    expect(judge(read(), { ...VOLUME, partitionOffset: VOLUME.partitionOffset + MiB })).toBe('stale');
    expect(judge(read(), { ...VOLUME, partitionSize: VOLUME.partitionSize - MiB })).toBe('stale');
    expect(judge(read(), { ...VOLUME, freeBytes: VOLUME.freeBytes + 1 * GiB })).toBe('stale');
    expect(judge(read(), { ...VOLUME, freeBytes: VOLUME.freeBytes - 1 * GiB })).toBe('stale');
    expect(judge(read(), { ...VOLUME, sizeMin: VOLUME.sizeMin - 256 * MiB })).toBe('stale');
    expect(judge(read(), undefined)).toBe('stale');
  });

  it('expires at the end of the cooldown, and a memo of another version never applies', () => {
    expect(SHRINK_MEMO_POLICY.cooldownMs).toBe(7 * DAY);
    expect(judge(read(), VOLUME, T0 + 7 * DAY - 1)).toBe('applies');
    expect(judge(read(), VOLUME, T0 + 7 * DAY)).toBe('stale');
    expect(judge(read(VOLUME, '1.2.2'), VOLUME)).toBe('stale');
  });

  it('--retry-shrink forces the whole ladder', () => {
    expect(judge(read(), VOLUME, T0 + DAY, true)).toBe('forced');
  });

  it('is never trusted when tampered: rejected by the store, dated in the future, or its date unreadable', () => {
    expect(judge({ kind: 'rejected', why: 'fails its checksum' }, VOLUME)).toBe('untrusted');
    expect(judge(read(VOLUME, '1.2.3', T0 + DAY + 11 * 60_000), VOLUME)).toBe('untrusted');
    expect(judge({ ...(read() as { kind: 'read'; memo: ShrinkMemo }), recordedMs: NaN }, VOLUME)).toBe(
      'untrusted',
    );
    expect(judge({ kind: 'none' }, VOLUME)).toBe('none');
  });
});

describe('what a remembered ladder changes', () => {
  const blocked = snapshotWith(
    (x) => (x.disks[0]!.partitions[2]!.supportedSize = { min: layout.C_SIZE - 10 * MiB, max: layout.C_SIZE }),
  );

  it('the plan warns SHRINK_LADDER_REMEMBERED instead of SHRINK_LIMIT_WILL_RETRY, with the same steps', () => {
    const without = plan(blocked, DEFAULT_PLANNER_OPTIONS);
    const remembered = { since: '2026-12-01', until: '2026-12-08' };
    const withMemo = plan(blocked, { ...DEFAULT_PLANNER_OPTIONS, rememberedLadder: remembered });
    expect(without.reasons.map((r) => r.code)).toContain('SHRINK_LIMIT_WILL_RETRY');
    const codes = withMemo.reasons.map((r) => r.code);
    expect(codes).toContain('SHRINK_LADDER_REMEMBERED');
    expect(codes).not.toContain('SHRINK_LIMIT_WILL_RETRY');
    expect(withMemo.verdict).toBe(without.verdict);
    expect(withMemo.steps).toEqual(without.steps);
    expect(withMemo.reasons.find((r) => r.code === 'SHRINK_LADDER_REMEMBERED')?.params).toMatchObject({
      since: '2026-12-01',
      until: '2026-12-08',
      option: '--retry-shrink',
    });
    expect(rememberedOn(withMemo)).toBe('2026-12-01');
    expect(rememberedOn(without)).toBeUndefined();
  });

  it('the ladder of a plan that remembers loses only its defrag rung; never a rung more', () => {
    const full = shrinkLadder(DEFAULT_SHRINK_RETRY_POLICY).map((r) => r.kind);
    const remembered = { reasons: [{ code: 'SHRINK_LADDER_REMEMBERED' }] };
    expect(shrinkLadder(ladderForPlan(DEFAULT_SHRINK_RETRY_POLICY, remembered)).map((r) => r.kind)).toEqual(
      full.filter((k) => k !== 'defrag'),
    );
    expect(ladderForPlan(DEFAULT_SHRINK_RETRY_POLICY, { reasons: [] })).toEqual(DEFAULT_SHRINK_RETRY_POLICY);
    const noDefrag = { ...DEFAULT_SHRINK_RETRY_POLICY, defrag: false };
    expect(ladderForPlan(noDefrag, remembered)).toEqual(noDefrag);
  });

  it('observes C: from the snapshot, or nothing when SizeMin is unknown', () => {
    expect(observeOsVolume(blocked)).toMatchObject({
      diskUniqueId: 'NVME-DISK-0',
      partitionSize: layout.C_SIZE,
      sizeMin: layout.C_SIZE - 10 * MiB,
    });
    const unknown = snapshotWith((x) => (x.disks[0]!.partitions[2]!.supportedSize = null));
    expect(observeOsVolume(unknown)).toBeUndefined();
  });
});

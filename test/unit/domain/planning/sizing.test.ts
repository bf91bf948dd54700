import { DEFAULT_PLANNER_OPTIONS, DEFAULT_POLICY, ntfsOverheadEstimate } from '../../../../src/domain/policy';
import {
  carriedBytes,
  computeSizing,
  emptySizing,
  enableInPlaceSizing,
  newRecoveryOffset,
} from '../../../../src/domain/planning/sizing';
import { alignUp, GiB, MiB } from '../../../../src/domain/units';
import { part, volume } from '../../../builders/snapshot-builder';

const required = DEFAULT_POLICY.servicingFreeBytes + DEFAULT_POLICY.growthHeadroomBytes;
/** The partition size the policy asks for when the volume carries `carried` bytes. */
const sizeFor = (carried: number): number =>
  alignUp(carried + required + ntfsOverheadEstimate(carried + required));

describe('sizing', () => {
  const old = part({ number: 4, offset: 100 * GiB, size: 600 * MiB, volume: volume(600 * MiB, 90 * MiB) });

  describe('carriedBytes', () => {
    it('carries all the old volume holds when it replaces it, and the staged image too when WinRE is disabled', () => {
      expect(carriedBytes(old, true, true, 480 * MiB)).toBe(510 * MiB);
      expect(carriedBytes(old, true, false, 480 * MiB)).toBe(990 * MiB);
    });

    it('carries the image alone into a new partition beside the old one, or when the old one has no volume', () => {
      expect(carriedBytes(old, false, true, 480 * MiB)).toBe(480 * MiB);
      expect(carriedBytes(null, false, false, 480 * MiB)).toBe(480 * MiB);
      expect(carriedBytes({ ...old, volume: null }, true, false, 480 * MiB)).toBe(480 * MiB);
    });
  });

  describe('computeSizing', () => {
    it('needs the carried bytes + servicing + headroom + NTFS metadata, in whole MiB, and shrinks nothing when the region has room', () => {
      const region = { start: 50 * GiB, end: 60 * GiB };
      const s = computeSizing(
        DEFAULT_PLANNER_OPTIONS,
        { imageSize: 480 * MiB, carriedBytes: 480 * MiB, current: null },
        region,
      );
      expect(s.requiredFree).toBe(required);
      expect(s.targetRecoverySize).toBe(sizeFor(480 * MiB));
      expect(s.targetRecoverySize % MiB).toBe(0);
      expect(s.shrinkOsBy).toBe(0);
      expect(s.usableWithoutShrink).toBe(10 * GiB);
      expect(s.extraFilesSize).toBe(0);
      expect(s.currentRecoverySize).toBe(0);
      expect(s.explanation.at(-1)).toBe('C: does not shrink.');
    });

    it('shrinks C: by exactly what the region lacks, rounded up to whole MiB', () => {
      const start = 50 * GiB;
      const end = start + 100 * MiB + 512; // not MiB-aligned: the offset aligns down, the shrink up
      const s = computeSizing(
        DEFAULT_PLANNER_OPTIONS,
        { imageSize: 480 * MiB, carriedBytes: 600 * MiB, current: null },
        { start, end },
      );
      const offset = Math.floor((end - s.targetRecoverySize) / MiB) * MiB;
      expect(s.shrinkOsBy).toBe(alignUp(start - offset));
      expect(s.shrinkOsBy % MiB).toBe(0);
      expect(s.extraFilesSize).toBe(120 * MiB);
      expect(s.explanation.at(-1)).toMatch(/^C: shrinks by /);
    });

    it('never makes the partition it replaces smaller, and reports its size and free space', () => {
      const big = { ...old, size: 3 * GiB, volume: volume(3 * GiB, 2 * GiB) };
      const s = computeSizing(
        DEFAULT_PLANNER_OPTIONS,
        { imageSize: 480 * MiB, carriedBytes: 1 * GiB, current: big },
        { start: 0, end: 10 * GiB },
      );
      expect(sizeFor(1 * GiB)).toBeLessThan(3 * GiB);
      expect(s.targetRecoverySize).toBe(3 * GiB);
      expect(s.currentRecoverySize).toBe(3 * GiB);
      expect(s.currentRecoveryFree).toBe(2 * GiB);
      expect(s.explanation.join('\n')).toContain("never smaller than today's");
    });

    it('counts no usable space when the region is empty or inverted', () => {
      const s = computeSizing(
        DEFAULT_PLANNER_OPTIONS,
        { imageSize: 0, carriedBytes: 0, current: null },
        { start: 10 * GiB, end: 9 * GiB },
      );
      expect(s.usableWithoutShrink).toBe(0);
      expect(s.shrinkOsBy).toBeGreaterThan(1 * GiB);
    });

    it('follows the policy it is given', () => {
      const policy = { ...DEFAULT_POLICY, growthHeadroomBytes: 0, servicingFreeBytes: 100 * MiB };
      const s = computeSizing(
        { ...DEFAULT_PLANNER_OPTIONS, policy },
        { imageSize: 0, carriedBytes: 0, current: null },
        { start: 0, end: 10 * GiB },
      );
      expect(s.requiredFree).toBe(100 * MiB);
      expect(s.policy).toEqual(policy);
      expect(s.policy).not.toBe(policy);
    });
  });

  it('places the new partition at the region end, aligned down to 1 MiB', () => {
    const sizing = { ...emptySizing(DEFAULT_PLANNER_OPTIONS), targetRecoverySize: 900 * MiB };
    expect(newRecoveryOffset({ start: 0, end: 10 * GiB + 4096 }, sizing)).toBe(10 * GiB - 900 * MiB);
  });

  it('keeps the existing partition as it is when WinRE is only enabled on it', () => {
    const sizing = {
      ...emptySizing(DEFAULT_PLANNER_OPTIONS),
      shrinkOsBy: 5 * MiB,
      targetRecoverySize: 1 * GiB,
      usableWithoutShrink: 7 * MiB,
      imageSize: 480 * MiB,
    };
    expect(enableInPlaceSizing(sizing, old)).toMatchObject({
      shrinkOsBy: 0,
      targetRecoverySize: 600 * MiB,
      usableWithoutShrink: 0,
      imageSize: 480 * MiB,
    });
  });

  it('a plan that changes nothing still states the policy and the free space it requires', () => {
    const s = emptySizing(DEFAULT_PLANNER_OPTIONS);
    expect(s.requiredFree).toBe(DEFAULT_POLICY.servicingFreeBytes);
    expect(s.policy).toEqual(DEFAULT_POLICY);
    expect([s.targetRecoverySize, s.shrinkOsBy, s.explanation.length]).toEqual([0, 0, 0]);
  });
});

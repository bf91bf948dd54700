/** The shrink retry policy (src/domain/shrink-retry.ts): bounded, explicit, and said the same way everywhere. */
import {
  DEFAULT_SHRINK_RETRY_POLICY,
  describeShrinkLadder,
  isShrinkLimitError,
  maxShrinkAttempts,
  nextShrinkRemedy,
  shrinkLadder,
  shrinkRetryWarning,
} from '../../../src/domain/shrink-retry';
import { reasonMessage } from '../../../src/domain/reasons';

const P = DEFAULT_SHRINK_RETRY_POLICY;

describe('shrink retry policy', () => {
  it('defaults: at once, after a 30 s pause, after defrag /X of at most 30 min: four attempts', () => {
    expect(shrinkLadder(P)).toEqual([
      { kind: 'at-once' },
      { kind: 'pause', ms: 30_000 },
      { kind: 'defrag', timeLimitMs: 30 * 60_000 },
    ]);
    expect(maxShrinkAttempts(P)).toBe(4);
  });

  it('gives the rung after each refusal, then null: never a fifth attempt', () => {
    expect(nextShrinkRemedy(P, 0)).toBeNull();
    expect(nextShrinkRemedy(P, 1)).toEqual({ kind: 'at-once' });
    expect(nextShrinkRemedy(P, 2)).toEqual({ kind: 'pause', ms: 30_000 });
    expect(nextShrinkRemedy(P, 3)).toEqual({ kind: 'defrag', timeLimitMs: 1_800_000 });
    expect(nextShrinkRemedy(P, 4)).toBeNull();
    expect(nextShrinkRemedy(P, 40)).toBeNull();
  });

  it('follows the counts of another policy', () => {
    const p = { ...P, immediateRetries: 2, pausedRetries: 0, defrag: false };
    expect(shrinkLadder(p).map((r) => r.kind)).toEqual(['at-once', 'at-once']);
    expect(maxShrinkAttempts({ ...p, immediateRetries: 0 })).toBe(1);
    expect(describeShrinkLadder({ ...p, immediateRetries: 0 }, 'C:')).toBe('no retry');
  });

  it('climbs only for Size Not Supported (StorageWMI 4097), by error id', () => {
    expect(isShrinkLimitError('StorageWMI 4097')).toBe(true);
    expect(isShrinkLimitError('StorageWMI 42008')).toBe(false);
    expect(isShrinkLimitError('WinReFix.UnexpectedState')).toBe(false);
    expect(isShrinkLimitError(null)).toBe(false);
  });

  it('says the ladder in the plan in both languages, from numbers only', () => {
    expect(describeShrinkLadder(P, 'C:')).toBe(
      'at once, after a 30 s pause, after defrag C: /X (at most 30 min)',
    );
    const r = shrinkRetryWarning(P, 'C:', '500 MiB', '100 MiB');
    expect(r.severity).toBe('warning');
    const en = reasonMessage(r.code, r.params, 'en');
    expect(en).toContain('at most 4 times');
    expect(en).toContain('defrag C: /X, at most 30 min');
    expect(en).toContain('30 s pause');
    const zh = reasonMessage(r.code, r.params, 'zh-CN');
    expect(zh).toContain('最多 4 次');
    expect(zh).not.toMatch(/pause|attempt/);
  });
});

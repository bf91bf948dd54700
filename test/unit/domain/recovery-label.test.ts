/**
 * The recovery partition's label (issue 15 row 6): a replaced partition keeps its OEM label (Dell WINRETOOLS,
 * Lenovo WINRE_DRV: OEM tools look it up by label), an unlabelled one gets "Windows RE tools" as KB5028997 formats
 * it, and a roll-back gives the original its label back.
 */
import type { Journal } from '../../../src/contracts/generated/journal';
import { plan } from '../../../src/domain/planner';
import { rollbackSteps } from '../../../src/domain/rollback';
import { newJournal } from '../../../src/engine/run-journal';
import { snapshotWith } from '../../builders/snapshot-builder';
import type { Snapshot } from '../../../src/domain/snapshot';

type Edit = Parameters<typeof snapshotWith>[0];
const setLabel =
  (label: string): Edit =>
  (s) => {
    const re = s.disks[0]!.partitions.find((p) => p.number === 4)!;
    (re.volume as { label: string }).label = label;
  };

function labelsOf(snapshot: Snapshot): { format: unknown; verify: unknown } {
  const p = plan(snapshot);
  expect(p.verdict).toBe('needs-fix');
  return {
    format: p.steps.find((s) => s.kind === 'format-recovery-volume')?.params['label'],
    verify: p.steps.find((s) => s.kind === 'verify-winre')?.params['label'],
  };
}

describe('the label of the new recovery partition', () => {
  it.each(['WINRETOOLS', 'WINRE_DRV', 'Windows RE tools'])(
    'keeps %s when the old partition is replaced',
    (label) => {
      const s = snapshotWith(setLabel(label));
      expect(plan(s).case).toBe('grow-recovery-after-os');
      expect(labelsOf(s)).toEqual({ format: label, verify: label });
    },
  );

  it('gives an unlabelled partition (Windows setup leaves it empty) the label KB5028997 formats with', () => {
    expect(labelsOf(snapshotWith(setLabel('')))).toEqual({
      format: 'Windows RE tools',
      verify: 'Windows RE tools',
    });
  });

  it("a roll-back recreates the original partition with the original's label, and the default for none", () => {
    for (const [label, expected] of [
      ['WINRETOOLS', 'WINRETOOLS'],
      ['', 'Windows RE tools'],
    ] as const) {
      const s = snapshotWith(setLabel(label));
      const p = plan(s);
      const j = newJournal(p, s, s.disks[0]!, {
        runId: 'r1',
        now: '2026-12-05T00:00:00.000Z',
        toolVersion: '0.1.0',
      });
      expect(j.original.recoveryPartition?.label).toBe(label === '' ? undefined : label);
      // The run failed right after the old partition was deleted.
      const done = (kind: string) =>
        [
          'suspend-bitlocker',
          'backup-recovery-files',
          'resize-os-partition',
          'disable-winre',
          'verify-staged-image',
          'remove-recovery-partition',
        ].includes(kind);
      const failed: Journal = {
        ...j,
        steps: j.steps.map((st) => ({
          ...st,
          status: done(st.kind) ? 'completed' : st.kind === 'new-recovery-partition' ? 'failed' : 'pending',
        })),
      };
      const format = rollbackSteps(failed).find((st) => st.kind === 'format-recovery-volume');
      expect(format?.params).toMatchObject({ offset: j.original.recoveryPartition!.offset, label: expected });
    }
  });
});

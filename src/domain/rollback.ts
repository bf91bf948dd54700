/**
 * Roll-back planning, pure: from what a run completed, the steps that bring back a working WinRE the way it was
 * (recreate the recovery partition at its original offset and size, format it, put WinRE back, restore the other
 * files). Used when a step FAILS; an interrupted run (crash, power cut, reboot) rolls forward instead.
 * The shrink of C: is not undone: a C: smaller by a few hundred MiB harms nothing, and growing it back would be one
 * more partition operation at the worst moment (docs/cases.md).
 */
import type { Step } from '../contracts/generated/plan';
import type { Journal } from '../contracts/generated/journal';
import { RECOVERY_GPT_ATTRIBUTES, RECOVERY_GPT_TYPE, RECOVERY_LABEL, RECOVERY_MBR_TYPE } from './planner';

type Record_ = Journal['steps'][number];

function completed(journal: Journal, kind: Step['kind']): Record_ | undefined {
  return journal.steps.find((s) => s.kind === kind && s.status === 'completed');
}

function started(journal: Journal, kind: Step['kind']): boolean {
  return journal.steps.some((s) => s.kind === kind && s.status !== 'pending');
}

export function rollbackSteps(journal: Journal): Step[] {
  const out: Step[] = [];
  const add = (
    kind: Step['kind'],
    script: string,
    mutating: boolean,
    params: Step['params'],
    reason: string,
    postcondition: string,
  ): void => {
    out.push({ id: out.length + 1, kind, script, mutating, params, reason, postcondition });
  };
  const { plan, original } = journal;
  const diskUniqueId = journal.disk.uniqueId;
  const style = plan.target.disk?.partitionStyle ?? 'GPT';
  const gpt = style === 'GPT';
  const disabled = started(journal, 'disable-winre');
  const newPart = plan.target.newRecoveryPartition;
  const orig = original.recoveryPartition;

  if (!disabled) return out; // WinRE never left its partition: nothing to bring back.

  // A new partition this run created (or may have half-created) is in the way of the original: remove it first,
  // unless it sits exactly where the original was (then it is recreated below with the original size anyway).
  if (
    newPart &&
    started(journal, 'new-recovery-partition') &&
    !(orig && orig.offset === newPart.offset && orig.size === newPart.size)
  ) {
    add(
      'remove-recovery-partition',
      'Remove-RecoveryPartition',
      true,
      { diskUniqueId, partitionOffset: newPart.offset, partitionSize: newPart.size, partitionGuid: null },
      'Roll back: remove the partition this run created.',
      'No partition at that offset.',
    );
  }
  if (orig && completed(journal, 'remove-recovery-partition')) {
    add(
      'new-recovery-partition',
      'New-RecoveryPartition',
      true,
      {
        diskUniqueId,
        offset: orig.offset,
        size: orig.size,
        partitionStyle: style,
        gptType: gpt ? RECOVERY_GPT_TYPE : null,
        gptAttributes: gpt ? RECOVERY_GPT_ATTRIBUTES : null,
        mbrType: gpt ? null : RECOVERY_MBR_TYPE,
      },
      'Roll back: recreate the recovery partition at its original offset and size.',
      'A recovery partition at the original offset and size.',
    );
    add(
      'format-recovery-volume',
      'Format-RecoveryVolume',
      true,
      { diskUniqueId, offset: orig.offset, label: RECOVERY_LABEL },
      'Roll back: format it as before.',
      'NTFS labelled "Windows RE tools".',
    );
  }
  if (orig) {
    add(
      'enable-winre',
      'Enable-WinRe',
      true,
      { diskUniqueId, partitionOffset: orig.offset, imageSha256: original.imageSha256 },
      'Roll back: put WinRE back where it was.',
      'reagentc /info: Enabled on the original partition.',
    );
    if (completed(journal, 'remove-recovery-partition')) {
      add(
        'restore-recovery-files',
        'Restore-RecoveryFiles',
        true,
        { diskUniqueId, partitionOffset: orig.offset },
        'Roll back: put back the other files the partition held.',
        'Every backed-up file is present with its SHA256.',
      );
    }
    // Last: every step above has put WinRE back on its partition (checked on a fresh read) and the files back
    // (hash-checked), so the backup is no longer needed; exit 22 says "as it was", and a 1 GB copy is not that.
    const removal = backupRemovalStep(journal, out.length + 1);
    if (removal) out.push(removal);
  }
  return out;
}

/**
 * The step that deletes this run's backup folder at the end of a roll-back, when the run made one (its backup step
 * started). Run only after every other roll-back step completed: a failed roll-back stops before it, so a
 * degraded PC keeps its backup (the OEM files may be nowhere else).
 */
export function backupRemovalStep(journal: Journal, id: number): Step | null {
  if (!started(journal, 'backup-recovery-files')) return null;
  return {
    id,
    kind: 'remove-backup',
    script: 'Remove-WinReFixBackup',
    mutating: true,
    params: {},
    reason: 'Roll back: WinRE is back where it was; give back the C: space of the backup this run made.',
    postcondition: 'The backup folder of this run is gone.',
  };
}

/** The last resort when neither the plan nor the roll-back can finish: WinRE on the OS volume, reported degraded. */
export function lastResortSteps(journal: Journal): Step[] {
  return [
    {
      id: 1,
      kind: 'enable-winre-on-os-volume',
      script: 'Enable-WinReOnOsVolume',
      mutating: true,
      params: { imageSha256: journal.original.imageSha256 },
      reason:
        'Last resort: never leave the PC without a recovery environment; WinRE on C: works, and is reported as degraded.',
      postcondition: 'reagentc /info: Enabled (on the Windows volume).',
    },
  ];
}

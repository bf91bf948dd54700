/**
 * The executor's journal documents: a new run's first journal, a step's record in it, the refusal of a journal
 * written for another disk, and what a finished journal says about the WinRE-disabled window. Pure functions of
 * their arguments (the executor, src/engine/executor.ts, writes the journal through its port).
 */
import type { Journal } from '../contracts/generated/journal';
import type { Plan, Step } from '../contracts/generated/plan';
import type { JournalIdentityCheck } from '../domain/journal-identity';
import type { DiskFacts, Snapshot } from '../domain/snapshot';
import { stepDefinition } from '../domain/steps/catalogue';
import type { JournalEffect } from '../domain/steps/definition';
import { JournalRejectedError } from '../errors';
import type { RunEvent } from '../logging/events';
import { JOURNAL_VERSION } from './journal';
import { backupFolderOnPc } from './state-paths';
import { keptRunFolder } from '../domain/keep-backup';

export type StepRecord = Journal['steps'][number];

/**
 * A step as the journal records it; steps that use the run's backup folder get it as `StateFolder`, and the
 * kept copy (`--keep-backup`) its run's own folder as `KeepFolder`, named once here (computer, start time, run id)
 * so every resume copies into the same folder (src/domain/keep-backup.ts).
 */
export function stepRecord(
  step: Step,
  systemDrive: string,
  runId: string,
  run?: { readonly computerName: string; readonly at: string },
): StepRecord {
  const params = { ...step.params };
  if (stepDefinition(step.kind).usesBackupFolder)
    params['StateFolder'] = backupFolderOnPc(systemDrive, runId);
  if (step.kind === 'keep-backup') {
    if (!run) throw new Error('A keep-backup step is recorded only in a new journal.');
    params['KeepFolder'] = keptRunFolder(String(params['folder']), run.computerName, run.at, runId);
  }
  return { id: step.id, kind: step.kind, script: step.script, params, status: 'pending', attempts: 0 };
}

/** The volume label of the partition at `offset`, when it has one (a roll-back gives it back). */
function labelOf(disk: DiskFacts, offset: number): { label?: string } {
  const label = disk.partitions.find((p) => p.offset === offset)?.volume?.label;
  return label ? { label } : {};
}

/** The first journal of a run of `plan` on the PC `snapshot` describes (`disk`: the plan's disk in it). */
export function newJournal(
  plan: Plan,
  snapshot: Snapshot,
  disk: DiskFacts,
  run: { readonly runId: string; readonly now: string; readonly toolVersion: string },
): Journal {
  const target = plan.target;
  if (!target.disk || !target.osPartition) throw new Error('A plan without a target disk cannot be applied.');
  const image = snapshot.winre.activeImage ?? snapshot.winre.stagedImage;
  // A run that stages the image given with --wim ends with that image: the staged one, if any, is damaged.
  const supplied = plan.suppliedImage?.status === 'accepted' ? plan.suppliedImage : undefined;
  const { runId, now } = run;
  return {
    schemaVersion: JOURNAL_VERSION,
    toolVersion: run.toolVersion,
    runId,
    seq: 0,
    createdAt: now,
    updatedAt: now,
    computerName: snapshot.os.computerName,
    simulated: snapshot.simulated,
    disk: {
      uniqueId: disk.uniqueId,
      guid: target.disk.guid,
      signature: target.disk.signature,
      size: disk.size,
    },
    phase: 'applying',
    plan,
    original: {
      osPartition: { offset: target.osPartition.offset, size: target.osPartition.size },
      recoveryPartition: target.recoveryPartition
        ? {
            offset: target.recoveryPartition.offset,
            size: target.recoveryPartition.size,
            guid: target.recoveryPartition.guid ?? null,
            ...labelOf(disk, target.recoveryPartition.offset),
          }
        : null,
      imageSha256: supplied?.sha256 ?? image?.sha256 ?? '',
      imageSize: supplied?.size ?? image?.size ?? 0,
      bitLockerSuspended: false,
      osDataFingerprint: null,
    },
    steps: plan.steps.map((s) =>
      stepRecord(s, snapshot.os.systemDrive, runId, { computerName: snapshot.os.computerName, at: now }),
    ),
    rollback: [],
    winreDisabledAt: null,
    winreDisabledMs: null,
    rebootRequired: false,
    events: [{ at: now, message: `run ${runId} started: ${plan.case}` }],
    checksum: '0'.repeat(64),
  };
}

/** The refusal (exit 27) of a journal that is not this PC's, or disagrees with itself: nothing was acted on. */
export function foreignJournalError(file: string, identity: JournalIdentityCheck): JournalRejectedError {
  return new JournalRejectedError(
    `The journal ${file} was written for ${identity.journalDisk}, but this PC has ` +
      `${identity.liveDisk}: ${identity.problems.join('; ')}. It was not acted on and nothing was ` +
      'changed; it is left in place. Check the PC by hand (reagentc /info, Get-Disk, Get-Partition); if ' +
      "the journal is not this PC's, move it and its .bak out of the state folder (keep them for " +
      'investigation) and run `winre-fix audit`.',
    {
      hint: 'A journal is acted on only for the disk that holds the Windows volume today.',
      context: {
        journalDisk: identity.journalDisk,
        liveDisk: identity.liveDisk,
        problems: identity.problems,
      },
    },
  );
}

/** Mutating steps that completed while WinRE was disabled (the benchmark's goal: delete, create, format). */
export function mutationsWhileDisabled(journal: Journal): number {
  const steps = journal.steps;
  const start = steps.findIndex((s) => s.kind === 'disable-winre');
  const stop = steps.findIndex((s) => s.kind === 'enable-winre');
  if (start < 0 || stop < 0) return 0;
  const mutating = new Set(journal.plan.steps.filter((s) => s.mutating).map((s) => s.id));
  return steps.slice(start + 1, stop).filter((s) => mutating.has(s.id) && s.status === 'completed').length;
}

/**
 * What completing a step records in the journal besides its status (its catalogue entry's `effect`), and the
 * event that says so (emitted once the journal is written), if any.
 */
export function recordEffect(
  journal: Journal,
  effect: JournalEffect | null,
  at: string,
  result: Record<string, unknown>,
): RunEvent | null {
  switch (effect) {
    case 'bitlocker-suspended':
      journal.original.bitLockerSuspended = true;
      journal.rebootRequired = true;
      return null;
    case 'bitlocker-resumed':
      journal.original.bitLockerSuspended = false;
      return null;
    case 'winre-disabled':
      if (journal.winreDisabledAt != null) return null;
      journal.winreDisabledAt = at;
      return { kind: 'winre-disabled', at, fields: { result } };
    case 'winre-enabled': {
      const since = journal.winreDisabledAt ? Date.parse(journal.winreDisabledAt) : null;
      const disabledForMs = since === null ? null : Math.max(0, Date.parse(at) - since);
      journal.events.push({
        at,
        message: `WinRE enabled after ${disabledForMs === null ? '?' : disabledForMs} ms disabled`,
      });
      journal.winreDisabledAt = null;
      if (disabledForMs !== null) journal.winreDisabledMs = disabledForMs;
      return {
        kind: 'winre-enabled',
        at,
        ...(disabledForMs === null ? {} : { disabledForMs }),
        fields: { result },
      };
    }
    case null:
      return null;
  }
}

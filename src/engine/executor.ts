/**
 * The executor applies a Plan step by step with the write-ahead journal (docs/reference/design-models.md#executor-with-a-write-ahead-journal):
 *  - the intent (`started`) is written before a step acts and the outcome after, atomically;
 *  - every step script is idempotent (checks first whether its work is done), and after a mutating step the
 *    executor checks the step's postcondition against a FRESH read of the PC (gather), never against memory;
 *  - an interrupted run (crash, kill, power cut, reboot) is resumed by rolling FORWARD from the first step not
 *    completed (its script finds out whether the interrupted work happened); a FAILED step is retried once after
 *    a pause, then the run rolls BACK (src/domain/rollback.ts), and as a last resort puts WinRE on C: and says
 *    "degraded" - it never ends with WinRE disabled;
 *  - a call whose answer is lost (PowerShell did not answer within its limit, src/adapters/powershell/call-limits.ts,
 *    and was killed; or it died) may or may not have done its work: the PC is re-read at once (a new PowerShell
 *    process) and the step's postcondition decides: met -> the step is done; not met -> the normal retry, then
 *    roll-back. So a hung reagentc keeps WinRE disabled for about one call limit, never for ever;
 *  - a run that must halt (a simulated power cut, or the lock lost to another run) stops everything at once: no
 *    journal write, no roll-back. The simulation makes its ports fail that way after a cut (src/simulation/
 *    power-cut.ts, wired by --simulate only); the executor has no notion of power.
 * What each step kind is - its retry rule (by structured error id), postcondition, what it re-reads, its undo and
 * its journal effect - comes from the step catalogue (src/domain/steps/); the script runner and the journal are
 * ports (./ports.ts), so unit tests drive the executor with fakes.
 */
import type { Journal } from '../contracts/generated/journal';
import type { Plan, Step } from '../contracts/generated/plan';
import { checkJournalIdentity } from '../domain/journal-identity';
import { lastResortSteps, rollbackSteps } from '../domain/rollback';
import type { DiskFacts, Snapshot, SnapshotPart } from '../domain/snapshot';
import { ladderForPlan, rememberedOn } from '../domain/shrink-memo';
import { checkPostcondition, shouldRetry, stepDefinition } from '../domain/steps/catalogue';
import type { StepKind } from '../domain/steps/definition';
import {
  LockHeldError,
  PowerShellExitedError,
  PowerShellTimeoutError,
  ScriptFailedError,
  RestartLoopError,
  RestartPendingError,
  SimulatedPowerCutError,
  StepFailedError,
  WinReFixError,
} from '../errors';
import { outcome, type Outcome, type OutcomeKind } from './outcome';
import type { ExecutorDeps } from './ports';
import { PROGRESS_EVERY_MS, startStepProgress } from './step-progress';
import { foreignJournalError, newJournal, recordEffect, stepRecord, type StepRecord } from './run-journal';
import { noteEvent } from '../logging/notes';
import {
  DEFAULT_SHRINK_RETRY_POLICY,
  isShrinkLimitError,
  type ShrinkRetryPolicy,
} from '../domain/shrink-retry';
import {
  applyRemedy,
  recordRefusal,
  remedyAfterRefusal,
  retryingNote,
  shrinkRefused,
  unfinishedRemedy,
} from './shrink-retries';
import type { NoteText } from '../logging/events';

/** The call's answer was lost: it may or may not have done its work, so only a fresh read of the PC can tell. */
function answerLost(error: unknown): error is PowerShellTimeoutError | PowerShellExitedError {
  return error instanceof PowerShellTimeoutError || error instanceof PowerShellExitedError;
}

/**
 * The run must stop at once, writing nothing more: the simulated PC lost power (its ports say so after the cut),
 * or this run lost its lock (a PowerShell restarted after a timeout found another run holding it: the journal is
 * that run's now).
 */
function halts(error: unknown): boolean {
  return (
    error instanceof SimulatedPowerCutError ||
    error instanceof LockHeldError ||
    error instanceof RestartPendingError ||
    error instanceof RestartLoopError
  );
}

/**
 * How many runs a step may park waiting for a restart (RestartPending): the first run, a rerun or two before the
 * restart (Intune retries), and the run after it. More means /info never catches up: a person must look.
 */
export const MAX_RESTART_PARKS = 4;

function findDisk(snapshot: Snapshot, uniqueId: string): DiskFacts | undefined {
  return snapshot.disks.find((d) => d.uniqueId === uniqueId);
}

/** The structured id of a failure (a step script's FullyQualifiedErrorId), or null: never its message text. */
function errorIdOf(error: unknown): string | null {
  return error instanceof ScriptFailedError ? error.errorId : null;
}

export type { ExecutorDeps } from './ports';
export type { Outcome, OutcomeKind } from './outcome';
export { PROGRESS_EVERY_MS } from './step-progress';

export class Executor {
  private journal!: Journal;
  private last: Snapshot | undefined;
  private systemDrive = 'C:';

  constructor(private readonly deps: ExecutorDeps) {}

  /** Starts a new run of `plan` on the PC described by `snapshot`. */
  async apply(plan: Plan, snapshot: Snapshot): Promise<Outcome> {
    const disk = plan.target.disk;
    if (!disk || !plan.target.osPartition) throw new Error('A plan without a target disk cannot be applied.');
    const live = findDisk(snapshot, disk.uniqueId);
    if (!live) throw new Error(`The plan's disk ${disk.uniqueId} is not in the snapshot it was made from.`);
    const runId = this.deps.newRunId();
    const draft = newJournal(plan, snapshot, live, {
      runId,
      now: this.deps.now(),
      toolVersion: this.deps.toolVersion,
    });
    this.journal = this.save(draft);
    this.last = snapshot;
    return this.drive(snapshot.os.systemDrive);
  }

  /**
   * Continues an unfinished journal after an interruption. Before anything is written or run, the journal is
   * matched against a fresh read of the PC (src/domain/journal-identity.ts): a journal for another disk or PC,
   * or one that disagrees with itself, is refused (exit 27) and left where it is for an administrator.
   */
  async resume(journal: Journal): Promise<Outcome> {
    const snapshot = await this.deps.gather();
    const identity = checkJournalIdentity(journal, snapshot);
    if (!identity.ok) throw foreignJournalError(this.deps.store.file, identity);
    this.journal = journal;
    this.last = snapshot;
    this.note({ key: 'resuming-run', params: { runId: journal.runId, phase: journal.phase } });
    return this.drive(snapshot.os.systemDrive);
  }

  private record(step: Step, systemDrive: string, runId: string): StepRecord {
    return stepRecord(step, systemDrive, runId);
  }

  private async drive(systemDrive: string): Promise<Outcome> {
    this.systemDrive = systemDrive;
    if (this.journal.phase === 'applying') {
      try {
        await this.runList('steps');
        return this.finish('fixed');
      } catch (error) {
        if (halts(error)) throw error;
        return await this.rollBack(error, systemDrive);
      }
    }
    if (this.journal.phase === 'rolling-back') {
      return await this.continueRollBack(systemDrive);
    }
    return this.outcomeOf(this.journal.phase as Exclude<Journal['phase'], 'applying' | 'rolling-back'>);
  }

  private async rollBack(cause: unknown, systemDrive: string): Promise<Outcome> {
    const disabled = this.journal.steps.some((s) => s.kind === 'disable-winre' && s.status !== 'pending');
    const err =
      cause instanceof WinReFixError ? cause : new StepFailedError(String(cause), { machineChanged: true });
    this.journal.rollback = rollbackSteps(this.journal, systemDrive).map((s) =>
      this.record(s, systemDrive, this.journal.runId),
    );
    if (!disabled) {
      // WinRE never left its partition: the roll-back deletes the backup this run made (the PC is as it was; exit
      // 22 says so) and resumes the BitLocker suspension if we made one, and the run stops. The removal comes
      // first: it never throws (its failure is a note), so BitLocker is resumed either way.
      this.journal.phase = 'rolling-back';
      this.journal = this.save(this.journal);
      // Read before the roll-back runs: resuming BitLocker clears the flag (its journal effect).
      const suspended = this.journal.original.bitLockerSuspended;
      try {
        await this.runList('rollback');
      } catch (error) {
        if (halts(error)) throw error;
        this.note({ key: 'bitlocker-not-resumed', params: { error: String(error) } });
        this.journal.rebootRequired = true;
      }
      if (
        suspended &&
        this.journal.rollback
          .filter((r) => r.kind === 'resume-bitlocker')
          .every((r) => r.status === 'completed')
      ) {
        this.journal.rebootRequired = false;
      }
      return this.finish('failed-safe', err);
    }
    this.journal.phase = 'rolling-back';
    this.note({ key: 'rolling-back', params: { error: err.message } });
    this.journal = this.save(this.journal);
    return this.continueRollBack(systemDrive, err);
  }

  private async continueRollBack(systemDrive: string, cause?: WinReFixError): Promise<Outcome> {
    try {
      await this.runList('rollback');
      return this.finish('rolled-back', cause);
    } catch (error) {
      if (halts(error)) throw error;
      this.note({ key: 'roll-back-failed', params: { error: String(error) } });
      for (const r of this.journal.rollback) if (r.status !== 'completed') r.status = 'skipped';
      this.journal.rollback = [
        ...this.journal.rollback,
        ...lastResortSteps(this.journal).map((s) => ({
          ...this.record(s, systemDrive, this.journal.runId),
          id: this.journal.rollback.length + 1,
        })),
      ];
      this.journal = this.save(this.journal);
      try {
        await this.runList('rollback');
      } catch (last) {
        if (halts(last)) throw last;
        this.note({ key: 'last-resort-failed', params: { error: String(last) } });
      }
      return this.finish('degraded', cause ?? (error instanceof WinReFixError ? error : undefined));
    }
  }

  /** Runs the pending records of a list in order; throws on the first step that fails twice. */
  private async runList(list: 'steps' | 'rollback'): Promise<void> {
    const records = this.journal[list];
    for (let i = 0; i < records.length; i += 1) {
      const rec = this.journal[list][i]!;
      if (rec.status === 'completed' || rec.status === 'skipped') continue;
      await this.runOne(list, i);
    }
  }

  private async runOne(list: 'steps' | 'rollback', index: number): Promise<void> {
    const total = this.journal[list].length;
    await this.redoCutRemedy(this.journal[list][index]!);
    for (;;) {
      const rec = this.journal[list][index]!;
      const resumed = rec.status === 'started';
      rec.status = 'started';
      rec.attempts += 1;
      rec.startedAt = this.deps.now();
      this.journal = this.save(this.journal);
      const startedMs = Date.now();
      this.deps.emit({
        kind: 'step-started',
        stepId: String(rec.id),
        stepKind: rec.kind,
        description: rec.script,
        index: index + 1,
        total,
      });
      const def = stepDefinition(rec.kind);
      const progress = startStepProgress(this.deps, rec, startedMs);
      try {
        let result: Record<string, unknown>;
        try {
          result = await this.deps.runner.run<Record<string, unknown>>(rec.script, rec.params);
        } finally {
          clearInterval(progress);
        }
        const fresh = await this.reread(rec.kind);
        const failure = fresh ? checkPostcondition(rec, fresh, this.journal.disk.uniqueId) : null;
        if (failure)
          throw new StepFailedError(`${rec.kind}: postcondition not met: ${failure}`, {
            machineChanged: true,
          });
        // The hash the end state must show: the step's own (a Safe OS patch plans '' there, the image changes by
        // design), else the one recorded before the run.
        const expectedSha256 =
          typeof rec.params['imageSha256'] === 'string'
            ? rec.params['imageSha256']
            : this.journal.original.imageSha256;
        const unhealthy = def.checkResult?.(result, expectedSha256) ?? null;
        if (unhealthy) throw new StepFailedError(unhealthy, { machineChanged: true });
        const changed = result['changed'] === true;
        this.complete(this.journal[list][index]!, result, changed, resumed && !changed, startedMs);
        return;
      } catch (error) {
        if (halts(error)) throw error;
        const cur = this.journal[list][index]!;
        const message = error instanceof Error ? error.message : String(error);
        if (errorIdOf(error) === 'WinReFix.RestartPending') {
          // Its work is done but shows only after a restart: neither a failure to roll back (that would undo
          // a WinRE that is in place) nor a success to build on. The step stays 'started' so the next run, after
          // the restart, runs it again (it is idempotent) and goes on to verify. Not for ever: see MAX_RESTART_PARKS.
          cur.error = message;
          this.journal = this.save(this.journal);
          if (cur.attempts >= MAX_RESTART_PARKS) {
            throw new RestartLoopError(
              `${cur.kind} has waited for a restart in ${cur.attempts} runs and reagentc /info still does not show it: ` +
                'check reagentc /info and C:\\Windows\\System32\\Recovery\\ReAgent.xml by hand. Nothing was rolled back. ' +
                message,
              { cause: error },
            );
          }
          throw new RestartPendingError(message, { cause: error });
        }
        if (answerLost(error) && (await this.doneAfterLostAnswer(cur, error))) {
          // What the script changed is unknown (its answer is lost); its postcondition holds on a fresh read.
          this.complete(cur, { answerLost: error.code, postconditionMet: true }, true, true, startedMs);
          return;
        }
        const ladder = def.retry.ladder === 'shrink' && isShrinkLimitError(errorIdOf(error));
        const retry = !ladder && shouldRetry(cur.kind, cur.attempts, errorIdOf(error));
        // Windows will not shrink C: that far now (files it cannot move): the shrink retry ladder's next rung, if any.
        const remedy = ladder ? remedyAfterRefusal(this.shrinkPolicy, cur) : null;
        if (!remedy) {
          // A refusal the ladder tries again is a warning (below), not a failed step.
          this.deps.emit({
            kind: 'step-failed',
            stepId: String(cur.id),
            stepKind: cur.kind,
            durationMs: Date.now() - startedMs,
            error: { code: error instanceof WinReFixError ? error.code : 'ERROR', message },
            machineChanged: true,
          });
        }
        cur.error = message;
        if (ladder) {
          const refusal = `${errorIdOf(error) ?? ''}: ${message}`;
          if (remedy) {
            recordRefusal(cur, remedy, refusal, this.deps.now());
            this.journal = this.save(this.journal);
            this.note(retryingNote(this.shrinkPolicy, cur, remedy, message, this.systemDrive), 'warn');
            await this.remedy(cur, remedy);
            continue;
          }
          cur.status = 'failed';
          cur.finishedAt = this.deps.now();
          this.journal = this.save(this.journal);
          throw shrinkRefused(this.shrinkPolicy, cur, refusal, error, rememberedOn(this.journal.plan));
        }
        if (retry) {
          this.journal = this.save(this.journal);
          await this.deps.sleep(this.deps.retryPauseMs);
          continue;
        }
        cur.status = 'failed';
        cur.finishedAt = this.deps.now();
        if (def.onFailure === 'skip') {
          // remove-backup: the fix is done and verified; a leftover backup only costs C: space. Say so.
          cur.status = 'skipped';
          this.note({
            key: 'backup-folder-not-removed',
            params: { error: message, folder: String(cur.params['StateFolder']) },
          });
          this.journal = this.save(this.journal);
          return;
        }
        this.journal = this.save(this.journal);
        throw error;
      }
    }
  }

  /** The run's ladder: without its defrag rung when the plan remembers a failed one (src/domain/shrink-memo.ts). */
  private get shrinkPolicy(): ShrinkRetryPolicy {
    const policy = this.deps.shrinkRetry ?? DEFAULT_SHRINK_RETRY_POLICY;
    return (this.journal as Journal | undefined) ? ladderForPlan(policy, this.journal.plan) : policy;
  }

  /** Does a remedy of the shrink retry ladder and writes how it went to the journal. */
  private async remedy(rec: StepRecord, remedy: Parameters<typeof applyRemedy>[2]): Promise<void> {
    await applyRemedy(this.deps, rec, remedy, {
      systemDrive: this.systemDrive,
      progressEveryMs: this.deps.progressEveryMs ?? PROGRESS_EVERY_MS,
      halts,
    });
    this.journal = this.save(this.journal);
  }

  /** A remedy the journal shows started but not ended (a power cut in `defrag /X`) is done again before the attempt. */
  private async redoCutRemedy(rec: StepRecord): Promise<void> {
    if (rec.status !== 'started' || stepDefinition(rec.kind).retry.ladder !== 'shrink') return;
    const remedy = unfinishedRemedy(this.shrinkPolicy, rec);
    if (remedy) await this.remedy(rec, remedy);
  }

  /**
   * After a lost answer: re-read the PC (a new PowerShell process) and check the step's postcondition. True when
   * it holds (the work was done); false when it does not, when the step has no postcondition to read (its script
   * checks its own work on the retry) or when the re-read fails too.
   */
  private async doneAfterLostAnswer(
    rec: StepRecord,
    error: PowerShellTimeoutError | PowerShellExitedError,
  ): Promise<boolean> {
    if (stepDefinition(rec.kind).postcondition.rereads.length === 0) return false;
    this.note({ key: 'lost-answer-reread', params: { script: rec.script, error: error.message } });
    try {
      const fresh = await this.reread(rec.kind);
      if (!fresh) return false;
      const failure = checkPostcondition(rec, fresh, this.journal.disk.uniqueId);
      this.note(
        failure === null
          ? { key: 'lost-answer-done', params: { script: rec.script } }
          : { key: 'lost-answer-not-done', params: { script: rec.script, failure } },
      );
      return failure === null;
    } catch (reread) {
      if (halts(reread)) throw reread;
      this.note({ key: 'lost-answer-unreadable', params: { script: rec.script, error: String(reread) } });
      return false;
    }
  }

  /** Re-reads what `kind` can change; null for steps whose scripts verify themselves (files, health). */
  private async reread(kind: StepKind): Promise<Snapshot | null> {
    const parts: readonly SnapshotPart[] = stepDefinition(kind).postcondition.rereads;
    if (parts.length === 0) return null;
    this.last =
      this.last && this.deps.refresh ? await this.deps.refresh(this.last, parts) : await this.deps.gather();
    return this.last;
  }

  /** Marks a step completed with its journal effect (its catalogue entry's), writes the journal and says so. */
  private complete(
    rec: StepRecord,
    result: Record<string, unknown>,
    changed: boolean,
    recovered: boolean,
    startedMs: number,
  ): void {
    const at = this.deps.now();
    rec.status = 'completed';
    rec.finishedAt = at;
    rec.changed = changed;
    rec.result = result;
    const event = recordEffect(this.journal, stepDefinition(rec.kind).effect, at, result);
    this.journal = this.save(this.journal);
    if (event) this.deps.emit(event);
    this.deps.emit({
      kind: 'step-completed',
      stepId: String(rec.id),
      stepKind: rec.kind,
      durationMs: Date.now() - startedMs,
      recovered,
      result,
    });
  }

  private finish(kind: OutcomeKind, error?: WinReFixError): Outcome {
    const phase: Journal['phase'] = kind === 'fixed' ? 'done' : kind;
    this.journal.phase = phase;
    this.journal.events.push({
      at: this.deps.now(),
      message: `run finished: ${kind}${error ? ` (${error.message})` : ''}`,
    });
    this.journal = this.save(this.journal);
    // A journal written before winreDisabledMs was recorded (schemaVersion 1, 2) does not know it.
    return outcome(this.journal, kind, this.journal.winreDisabledMs ?? null, this.last, error);
  }

  /** A journal that had already finished: its outcome as it was, nothing run. */
  private outcomeOf(phase: Exclude<Journal['phase'], 'applying' | 'rolling-back'>): Outcome {
    return outcome(this.journal, phase === 'done' ? 'fixed' : phase, null, this.last);
  }

  private save(journal: Journal): Journal {
    return this.deps.store.save(journal, this.deps.now());
  }

  /** A note for the journal (English) and the console (the reader's language), from the note catalogue. */
  private note(text: NoteText, level: 'info' | 'warn' = 'info'): void {
    const event = noteEvent(level, text);
    this.journal.events.push({ at: this.deps.now(), message: event.message });
    this.deps.emit(event);
  }
}

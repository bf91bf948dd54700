/**
 * Builds the run report from the run's events, so the engine never assembles a report by hand: it is one more
 * subscriber beside the logger and the console. It counts planned and completed steps, remembers the failed
 * step, and measures how long WinRE was disabled from the winre-disabled / winre-enabled events. What events
 * cannot know (the verdict, exit code, partition sizes) comes with `toReport`.
 */
import type { Reason, RunOutcome, RunReport, RunVerdict } from '../contracts/generated/run-report';
import type { LogPaths } from '../logging/run-logger';
import type { RunEvent } from '../logging/events';

export interface RunIdentity {
  readonly runId: string;
  readonly command: string;
  readonly computerName: string;
  readonly toolVersion: string;
  readonly simulated: boolean;
  readonly startedAt: Date;
}

export interface RunResult {
  readonly verdict: RunVerdict;
  readonly exitCode: number;
  readonly reasons: readonly Reason[];
  /** Anything the events did not tell (bytes taken from C:, partition sizes) or that the caller knows better. */
  readonly outcome?: Partial<RunOutcome>;
}

export class RunRecorder {
  private stepsPlanned = 0;
  private readonly completed: string[] = [];
  private failedStep: string | null = null;
  private disabledSince: number | undefined;
  private disabledMs: number | null = null;
  private bytesFromOs = 0;
  private rebootRequired = false;

  constructor(readonly identity: RunIdentity) {}

  readonly onEvent = (event: RunEvent): void => {
    switch (event.kind) {
      case 'plan-ready':
        this.stepsPlanned = event.steps.length;
        break;
      case 'step-completed':
        if (!this.completed.includes(event.stepId)) this.completed.push(event.stepId);
        break;
      case 'step-failed':
        this.failedStep = event.stepId;
        break;
      case 'winre-disabled':
        this.disabledSince = Date.parse(event.at);
        this.disabledMs ??= 0;
        break;
      case 'winre-enabled': {
        // The executor may know the window better (measured across a reboot, from its journal): prefer it.
        const since = this.disabledSince;
        const window =
          event.disabledForMs ?? (since === undefined ? 0 : Math.max(0, Date.parse(event.at) - since));
        this.disabledMs = (this.disabledMs ?? 0) + window;
        this.disabledSince = undefined;
        break;
      }
      case 'reboot-required':
        this.rebootRequired = true;
        break;
      case 'step-started':
      case 'run-started':
      case 'fact-gathered':
      case 'run-finished':
      case 'note':
        break;
    }
    const taken = event.fields?.['bytesTakenFromOs'];
    if (typeof taken === 'number' && Number.isInteger(taken) && taken >= 0) this.bytesFromOs += taken;
  };

  toReport(result: RunResult, finishedAt: Date, logPaths: LogPaths): RunReport {
    // WinRE still disabled at the end (a failure, or a reboot in the middle): count up to now.
    const openWindow =
      this.disabledSince === undefined ? 0 : Math.max(0, finishedAt.getTime() - this.disabledSince);
    const winreDisabledMs = this.disabledMs === null ? null : Math.round(this.disabledMs + openWindow);
    const outcome: RunOutcome = {
      stepsPlanned: this.stepsPlanned,
      stepsCompleted: [...this.completed],
      failedStep: this.failedStep,
      winreDisabledMs,
      bytesTakenFromOs: this.bytesFromOs,
      recoveryPartitionBytesBefore: null,
      recoveryPartitionBytesAfter: null,
      rebootRequired: this.rebootRequired || result.verdict === 'reboot-pending',
      ...result.outcome,
    };
    return {
      schemaVersion: 1,
      toolVersion: this.identity.toolVersion,
      runId: this.identity.runId,
      command: this.identity.command,
      computerName: this.identity.computerName,
      startedAt: this.identity.startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      durationMs: Math.max(0, finishedAt.getTime() - this.identity.startedAt.getTime()),
      exitCode: result.exitCode,
      verdict: result.verdict,
      reasons: result.reasons.map((r) => ({ code: r.code, message: r.message })),
      outcome,
      simulated: this.identity.simulated,
      logPaths: { cmtrace: logPaths.cmtrace, jsonl: logPaths.jsonl, extraCmtrace: logPaths.extraCmtrace },
    };
  }
}

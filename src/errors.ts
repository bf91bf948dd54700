/**
 * Typed errors of winre-fix. Every failure that leaves the tool is one of these classes; each carries a
 * stable `code`, whether the machine may have been changed, and a hint an administrator can act on.
 * The mapping to process exit codes lives only in src/contracts/exit-codes.ts.
 */
import type { BridgeEnvelope } from './contracts/generated/envelope';

export interface ErrorContext {
  readonly [key: string]: unknown;
}

export abstract class WinReFixError extends Error {
  abstract readonly code: string;
  /** True when this failure may have left the machine changed (a resume is needed). */
  readonly machineChanged: boolean = false;
  readonly hint: string | undefined;
  readonly context: ErrorContext;

  constructor(message: string, options: { cause?: unknown; hint?: string; context?: ErrorContext } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
    this.context = options.context ?? {};
  }
}

/** Bad command-line usage (yargs). */
export class UsageError extends WinReFixError {
  readonly code = 'USAGE';
}

/** PowerShell is not installed, not startable, or died while starting. */
export class PowerShellUnavailableError extends WinReFixError {
  readonly code = 'POWERSHELL_UNAVAILABLE';
}

/**
 * PowerShell runs in ConstrainedLanguage (or a stricter mode), as App Control for Business (WDAC) or AppLocker
 * script enforcement makes it: the bridge cannot work there. Detected by the first line a session sends.
 */
export class PowerShellConstrainedError extends WinReFixError {
  readonly code = 'POWERSHELL_CONSTRAINED';
}

/** The PowerShell host process ended during a call (a script called `exit`, or the host was killed). */
export class PowerShellExitedError extends WinReFixError {
  readonly code = 'POWERSHELL_EXITED';
}

/** A call did not finish in time; the session was disposed (the command may still have run to the end). */
export class PowerShellTimeoutError extends WinReFixError {
  readonly code = 'POWERSHELL_TIMEOUT';
}

/** The session answered without the framed result line, or with a frame that does not decode. */
export class BridgeProtocolError extends WinReFixError {
  readonly code = 'BRIDGE_PROTOCOL';
}

/** PowerShell's error record as the bridge carries it (schemas/envelope.schema.json). */
export type PowerShellErrorRecord = Extract<BridgeEnvelope, { ok: false }>['error'];

/** A ps-script threw: carries PowerShell's own error record (message, category, FullyQualifiedErrorId). */
export class ScriptFailedError extends WinReFixError {
  readonly code = 'SCRIPT_FAILED';
  readonly script: string;
  readonly record: PowerShellErrorRecord;
  constructor(script: string, record: PowerShellErrorRecord, options: { hint?: string } = {}) {
    super(`${script} failed: ${record.message} [${record.fullyQualifiedErrorId}]`, {
      ...options,
      context: { script, ...record },
    });
    this.script = script;
    this.record = record;
  }

  /**
   * The structured id of the failure: the FullyQualifiedErrorId up to its first comma (PowerShell appends
   * ",<command>" to some). A step script's refusals are 'WinReFix.<Kind>' (ps-scripts/lib/StepCommon.ps1
   * New-StepError). Decisions read this, never the message text.
   */
  get errorId(): string {
    return (this.record.fullyQualifiedErrorId.split(',')[0] ?? '').trim();
  }
}

/** A document did not match its schema: output of a script, a machine file, a journal, a report. */
export class ContractViolationError extends WinReFixError {
  readonly code = 'CONTRACT_VIOLATION';
  readonly source: string;
  readonly schema: string;
  readonly failures: readonly { path: string; message: string }[];
  constructor(source: string, schema: string, failures: readonly { path: string; message: string }[]) {
    const first = failures[0];
    const where = first ? `${first.path || '/'} ${first.message}` : 'unknown failure';
    super(`${source} broke its contract ${schema}: ${where}`, {
      context: { source, schema, failures },
      hint: 'The tool refused to act on data it cannot trust; nothing was changed because of it.',
    });
    this.source = source;
    this.schema = schema;
    this.failures = failures;
  }
}

/** A mutating script was requested in a read-only (audit/detect) run: refused before PowerShell sees it. */
export class ScriptForbiddenError extends WinReFixError {
  readonly code = 'SCRIPT_FORBIDDEN';
}

/** The checkpoint journal is truncated, tampered with, of another version or written for another disk. */
export class JournalRejectedError extends WinReFixError {
  readonly code = 'JOURNAL_REJECTED';
}

/**
 * The state folder (journal, lock, logs, reports) could be chosen by someone other than SYSTEM and Administrators:
 * a link in it, a foreign owner or a writable DACL. Nothing in it was opened (docs/security.md).
 */
export class StateFolderUntrustedError extends WinReFixError {
  readonly code = 'STATE_FOLDER_UNTRUSTED';
}

/** Another winre-fix run holds the lock. */
export class LockHeldError extends WinReFixError {
  readonly code = 'LOCK_HELD';
}

/** The PC is in a state winre-fix will not touch; nothing was changed. Carries the plan's reasons. */
export class RefusedError extends WinReFixError {
  readonly code = 'REFUSED';
}

/** A step failed; `machineChanged` tells whether the PC was left changed (degraded) or as it was. */
export class StepFailedError extends WinReFixError {
  readonly code = 'STEP_FAILED';
  override readonly machineChanged: boolean;
  constructor(
    message: string,
    options: { cause?: unknown; hint?: string; context?: ErrorContext; machineChanged: boolean },
  ) {
    super(message, options);
    this.machineChanged = options.machineChanged;
  }
}

/**
 * Windows refused to shrink C: on every attempt of the shrink retry ladder (src/domain/shrink-retry.ts): nothing of
 * the partitions was changed (the shrink comes before anything destructive), so the run ends failed-safe (22). The
 * message lists every attempt and what came before it.
 */
export class ShrinkRefusedError extends WinReFixError {
  readonly code = 'SHRINK_REFUSED';
}

/**
 * A step found its work done but not yet in effect until Windows restarts (reagentc /enable registered WinRE, /info
 * says Disabled until the restart): the run stops at once, its journal left unfinished so the next run (the startup
 * task after the restart) resumes and verifies. Exit 3010.
 */
export class RestartPendingError extends WinReFixError {
  readonly code = 'RESTART_PENDING';
}

/**
 * A step has waited for a restart more often than any real restart needs (RestartPendingError, again and again):
 * parking once more would ask Intune or ConfigMgr for yet another restart, for ever. The run stops, its journal left
 * unfinished, nothing rolled back (WinRE may be in place); a person must look. Exit 23.
 */
export class RestartLoopError extends WinReFixError {
  readonly code = 'RESTART_PENDING_LOOP';
}

/** The simulated PC lost power (simulation only): the run ends at once. */
export class SimulatedPowerCutError extends WinReFixError {
  readonly code = 'SIMULATED_POWER_CUT';
}

/** Anything that is a defect of winre-fix itself. */
export class InternalError extends WinReFixError {
  readonly code = 'INTERNAL';
}

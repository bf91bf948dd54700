/**
 * The executor's ports: what it needs from the outside world, as interfaces, so unit tests drive it with a fake
 * script runner and an in-memory journal (test/unit/engine/executor-*.test.ts) and production wires the PowerShell
 * bridge (src/adapters/powershell/script-runner.ts) and the file journal (src/engine/journal.ts).
 */
import type { Journal } from '../contracts/generated/journal';
import type { ShrinkRetryPolicy } from '../domain/shrink-retry';
import type { Snapshot, SnapshotPart } from '../domain/snapshot';
import type { RunEvent } from '../logging/events';

/** Runs one ps-script by name with its parameters and returns its validated result (or throws its error). */
export interface StepScriptRunner {
  run<T>(script: string, params?: Record<string, unknown>): Promise<T>;
}

/** Where the journal is checkpointed: `save` writes it durably (seq + 1, fresh checksum) and returns what it wrote. */
export interface JournalPort {
  /** Where it lives, for messages. */
  readonly file: string;
  save(journal: Journal, now: string): Journal;
}

/** Everything the executor is given: its ports, its clock and its settings. */
export interface ExecutorDeps {
  readonly runner: StepScriptRunner;
  /** A fresh, validated read of the PC. */
  readonly gather: () => Promise<Snapshot>;
  /** A fresh read of only what a step can change, the rest taken from `previous` (cheaper than gather). */
  readonly refresh?: (previous: Snapshot, parts: readonly SnapshotPart[]) => Promise<Snapshot>;
  readonly store: JournalPort;
  readonly now: () => string;
  readonly emit: (event: RunEvent) => void;
  readonly sleep: (ms: number) => Promise<void>;
  /** Pause before the one retry of a failed step (a shrink can fail while the volume is busy). */
  readonly retryPauseMs: number;
  readonly toolVersion: string;
  readonly newRunId: () => string;
  /** How often a step still running says so in the log (default 30 s; the shrink can take many minutes). */
  readonly progressEveryMs?: number;
  /** The shrink retry ladder (src/domain/shrink-retry.ts); default DEFAULT_SHRINK_RETRY_POLICY. */
  readonly shrinkRetry?: ShrinkRetryPolicy;
}

/**
 * The executor's ports: what it needs from the outside world, as interfaces, so unit tests drive it with a fake
 * script runner and an in-memory journal (test/unit/engine/executor-*.test.ts) and production wires the PowerShell
 * bridge (src/adapters/powershell/script-runner.ts) and the file journal (src/engine/journal.ts).
 */
import type { Journal } from '../contracts/generated/journal';

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

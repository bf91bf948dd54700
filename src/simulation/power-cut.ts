/**
 * Simulation only (`--simulate`): a simulated power cut as the executor's ports see it. The simulator ends its
 * PowerShell with SIMULATED_POWER_CUT_EXIT (src/adapters/powershell/session.ts), the run context records it
 * (`poweredOff`), and from that instant these decorators make every port fail with SimulatedPowerCutError: the
 * script call in flight (its answer, or its error, is lost with the power), every later call, and every journal
 * write - so nothing is written after the cut, as on a PC that lost power. The executor itself has no notion of
 * power: it stops at once, writing nothing more, on SimulatedPowerCutError (src/engine/executor.ts).
 * The fix command wires these only under --simulate; production passes the real ports unchanged.
 */
import type { Journal } from '../contracts/generated/journal';
import type { ExecutorDeps } from '../engine/executor';
import type { JournalPort, StepScriptRunner } from '../engine/ports';
import type { ScriptRunner } from '../contracts/script-runner';
import { SimulatedPowerCutError } from '../errors';

export type PoweredOff = () => boolean;

function cut(cause?: unknown): SimulatedPowerCutError {
  return new SimulatedPowerCutError('The simulated PC lost power.', cause === undefined ? {} : { cause });
}

/** A runner that refuses to start a call after the cut, and loses the answer of the call the cut interrupted. */
export function powerCutRunner(inner: StepScriptRunner, poweredOff: PoweredOff): StepScriptRunner {
  return {
    run: async <T>(script: string, params?: Record<string, unknown>): Promise<T> => {
      if (poweredOff()) throw cut();
      let result: T;
      try {
        result = await inner.run<T>(script, params);
      } catch (error) {
        throw poweredOff() ? cut(error) : error;
      }
      if (poweredOff()) throw cut();
      return result;
    },
  };
}

/** powerCutRunner for a run's whole ScriptRunner (facts, backups, the startup task, the status record). */
export function powerCutScriptRunner(inner: ScriptRunner, poweredOff: PoweredOff): ScriptRunner {
  const run = powerCutRunner(inner, poweredOff).run;
  return {
    run,
    get invoked() {
      return inner.invoked;
    },
  };
}

/** A journal that writes nothing once the power is gone. */
export function powerCutJournal(inner: JournalPort, poweredOff: PoweredOff): JournalPort {
  return {
    get file() {
      return inner.file;
    },
    save: (journal: Journal, now: string): Journal => {
      if (poweredOff()) throw cut();
      return inner.save(journal, now);
    },
  };
}

/** Any async read of the PC (gather, refresh) whose result is lost when the power went while it ran. */
export function powerCutRead<A extends unknown[], R>(
  inner: (...args: A) => Promise<R>,
  poweredOff: PoweredOff,
): (...args: A) => Promise<R> {
  return async (...args: A): Promise<R> => {
    if (poweredOff()) throw cut();
    try {
      const result = await inner(...args);
      if (poweredOff()) throw cut();
      return result;
    } catch (error) {
      throw poweredOff() && !(error instanceof SimulatedPowerCutError) ? cut(error) : error;
    }
  };
}

/** Sleep that ends in the dark: the retry after the pause must not start once the power is gone. */
export function powerCutSleep(inner: (ms: number) => Promise<void>, poweredOff: PoweredOff) {
  return async (ms: number): Promise<void> => {
    await inner(ms);
    if (poweredOff()) throw cut();
  };
}

/** The executor's ports that touch the PC or the journal. */
export type PoweredPorts = Pick<ExecutorDeps, 'runner' | 'gather' | 'refresh' | 'store' | 'sleep'>;

/** Every port of `ports` made to fail with SimulatedPowerCutError once `poweredOff()` (the fix command's --simulate). */
export function withPowerCuts(ports: PoweredPorts, poweredOff: PoweredOff): PoweredPorts {
  return {
    runner: powerCutRunner(ports.runner, poweredOff),
    gather: powerCutRead(ports.gather, poweredOff),
    ...(ports.refresh ? { refresh: powerCutRead(ports.refresh, poweredOff) } : {}),
    store: powerCutJournal(ports.store, poweredOff),
    sleep: powerCutSleep(ports.sleep, poweredOff),
  };
}

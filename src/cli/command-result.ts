/** Handlers return their exit code through this holder, so main.ts stays the one place that sets it. */
import type { ExitCodeValue } from '../contracts/exit-codes';

let result: ExitCodeValue | undefined;

export function setExitCode(code: ExitCodeValue): void {
  result = code;
}

export function takeExitCode(): ExitCodeValue | undefined {
  const code = result;
  result = undefined;
  return code;
}

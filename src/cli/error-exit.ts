/** Typed errors to exit codes: the only such mapping in the tool. */
import {
  ContractViolationError,
  InternalError,
  PowerShellUnavailableError,
  UsageError,
  WinReFixError,
} from '../errors';
import { ExitCode, type ExitCodeValue } from './exit-codes';

export function exitCodeForError(error: unknown): ExitCodeValue {
  if (!(error instanceof WinReFixError) || error instanceof InternalError) return ExitCode.Internal;
  if (error instanceof UsageError) return ExitCode.Usage;
  if (error instanceof PowerShellUnavailableError) return ExitCode.Environment;
  if (error instanceof ContractViolationError)
    return error.machineChanged ? ExitCode.FailedDegraded : ExitCode.ContractViolation;
  return error.machineChanged ? ExitCode.FailedDegraded : ExitCode.FailedSafe;
}

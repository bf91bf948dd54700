/** Typed errors to exit codes: the only such mapping in the tool. */
import {
  ContractViolationError,
  InternalError,
  JournalRejectedError,
  LockHeldError,
  PowerShellConstrainedError,
  PowerShellUnavailableError,
  RefusedError,
  RestartLoopError,
  RestartPendingError,
  SimulatedPowerCutError,
  StateFolderUntrustedError,
  UsageError,
  WinReFixError,
} from '../errors';
import { ExitCode, type ExitCodeValue } from '../contracts/exit-codes';

export function exitCodeForError(error: unknown): ExitCodeValue {
  if (!(error instanceof WinReFixError) || error instanceof InternalError) return ExitCode.Internal;
  if (error instanceof UsageError) return ExitCode.Usage;
  if (error instanceof PowerShellUnavailableError) return ExitCode.Environment;
  if (error instanceof PowerShellConstrainedError) return ExitCode.Environment;
  if (error instanceof LockHeldError) return ExitCode.Retry;
  if (error instanceof JournalRejectedError || error instanceof StateFolderUntrustedError)
    return ExitCode.JournalRejected;
  if (error instanceof RefusedError) return ExitCode.Refused;
  if (error instanceof SimulatedPowerCutError) return ExitCode.SimulatedPowerCut;
  if (error instanceof RestartPendingError) return ExitCode.SoftReboot;
  if (error instanceof RestartLoopError) return ExitCode.FailedDegraded;
  if (error instanceof ContractViolationError)
    return error.machineChanged ? ExitCode.FailedDegraded : ExitCode.ContractViolation;
  return error.machineChanged ? ExitCode.FailedDegraded : ExitCode.FailedSafe;
}

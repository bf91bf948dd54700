/** What a PowerShell session is opened with (src/app/open-session.ts fills it for a run). */
import type { CallLimitOverrides } from './call-limits';
import type { PowerShellLocation } from './locate';
import type { SharedPowerShellProcess } from './shared-process';

export interface SessionOptions {
  readonly location: PowerShellLocation;
  /**
   * Upper bound on every call and on the session start (tests and benchmarks). The limits themselves come from
   * the table in call-limits.ts, per script; on expiry the process is killed and the next call starts a new one.
   */
  readonly callTimeoutMs?: number;
  /** Limits replacing the table's, by script name or kind (simulation only: src/app/open-session.ts). */
  readonly callLimits?: CallLimitOverrides;
  /** Libraries dot-sourced into every new session before any script, in order (e.g. the simulator). */
  readonly libraries: readonly { name: string; source: string }[];
  readonly env?: NodeJS.ProcessEnv;
  /** Told about every process start, so a run can count them (the audit benchmark's "exactly 1"). */
  readonly onProcessStart?: (pid: number | undefined) => void;
  /**
   * Simulation only: the simulator ends its PowerShell with ExitCode.SimulatedPowerCut (src/contracts/exit-codes.ts) to model a power cut
   * (simulator/00-Machine.ps1). Called synchronously from the process's exit event, before any pending call
   * settles, so the caller can stop everything at once as a real power cut would.
   */
  readonly onPowerCut?: () => void;
  /**
   * Tests only (the power-cut matrix replays hundreds of crash states): run in this warm process when it is
   * free, after Reset-WinReFixSession has put it back to the state of a new one (ps-scripts/lib/Bridge.ps1;
   * proven by test/powershell/bridge/shared-process.test.ts). A run never sets it.
   */
  readonly shared?: SharedPowerShellProcess;
}

/** The environment of a session's PowerShell: the run's, with colour, telemetry and update checks off. */
export function sessionEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...base,
    NO_COLOR: '1',
    TERM: 'dumb',
    POWERSHELL_TELEMETRY_OPTOUT: '1',
    POWERSHELL_UPDATECHECK: 'Off',
    DOTNET_CLI_TELEMETRY_OPTOUT: '1',
    __SuppressAnsiEscapeSequences: '1',
  };
}

/**
 * One persistent PowerShell process per run. This is the ONLY module that imports node-powershell.
 *
 * node-powershell 5.0.1 traps this module closes (docs/reference/fleet-tools.md#driving-powershell-from-node, docs/reference/fleet-tools.md#errors-and-timeouts-of-a-persistent-shell, docs/reference/fleet-tools.md#passing-values-safely):
 *  - no escaping: every line we send is built from fixed text plus base64 ([A-Za-z0-9+/=]), nothing else;
 *  - one-line commands only: every call is a single line;
 *  - any stderr byte sets hadErrors: we set throwOnInvocationError=false and decide from the framed stdout line;
 *  - its timeout only stops waiting and leaves the shell busy: we time out ourselves and kill the process;
 *  - an early spawn failure rejects a promise nobody awaits and kills Node: we handle it at construction;
 *  - forgotten dispose leaves processes behind: dispose on every path, and kill on process exit.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { EOL } from 'node:os';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PowerShell } from 'node-powershell';
import {
  BridgeProtocolError,
  JournalRejectedError,
  LockHeldError,
  PowerShellConstrainedError,
  PowerShellExitedError,
  PowerShellTimeoutError,
  PowerShellUnavailableError,
} from '../../errors';
import type { BridgeEnvelope } from '../../contracts/generated/envelope';
import type { RunLockAttempt } from '../../contracts/generated/lock-win-re-fix-run';
import { assertValid } from '../../schemas/validators';
import { readAsset } from '../../assets';
import type { PowerShellLocation } from './locate';
import { callLimitFor, sessionStartLimit, type CallLimitOverrides } from './call-limits';

export type Envelope = BridgeEnvelope;

export interface SessionOptions {
  readonly location: PowerShellLocation;
  /**
   * Upper bound on every call and on the session start (tests and benchmarks). The limits themselves come from
   * the table in call-limits.ts, per script; on expiry the process is killed and the next call starts a new one.
   */
  readonly callTimeoutMs?: number;
  /** Limits replacing the table's, by script name or kind (simulation only: open-session.ts). */
  readonly callLimits?: CallLimitOverrides;
  /** Libraries dot-sourced into every new session before any script, in order (e.g. the simulator). */
  readonly libraries: readonly { name: string; source: string }[];
  readonly env?: NodeJS.ProcessEnv;
  /** Told about every process start, so a run can count them (the audit benchmark's "exactly 1"). */
  readonly onProcessStart?: (pid: number | undefined) => void;
  /**
   * Simulation only: the simulator ends its PowerShell with SIMULATED_POWER_CUT_EXIT to model a power cut
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

/**
 * How long taking the run lock tolerates a busy answer: a read-only probe (audit, detect, status) holds the file
 * open for a moment, and that must not turn a run away. 7 attempts 50 ms apart: about 300 ms.
 */
export const RUN_LOCK_ATTEMPTS = 7;
export const RUN_LOCK_PAUSE_MS = 50;

/** Exit code of the simulator's PowerShell when the simulated machine loses power (src/cli/exit-codes.ts 29). */
export const SIMULATED_POWER_CUT_EXIT = 29;

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function nonce(): string {
  return randomBytes(16).toString('hex');
}

/** Fixed session settings, sent as one line after start (5.1- and 7-compatible). */
const PRELUDE =
  "$ErrorActionPreference='Stop'; $ProgressPreference='SilentlyContinue'; $ConfirmPreference='None'; " +
  "$InformationPreference='SilentlyContinue'; if ($PSVersionTable.PSVersion.Major -ge 7) { $PSStyle.OutputRendering='PlainText' }";

/**
 * The first line a new process gets: prints its language mode between markers. It uses only what every
 * language mode but NoLanguage allows (a variable's property, string concatenation): no .NET method, no
 * [ScriptBlock]::Create, so a ConstrainedLanguage session answers it at once instead of hanging on the next
 * line. about_Language_Modes: https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_language_modes
 */
export const LANGUAGE_PROBE = "'<<<WINREFIX-LANGUAGE:' + $ExecutionContext.SessionState.LanguageMode + '>>>'";
const LANGUAGE_ANSWER = /<<<WINREFIX-LANGUAGE:([A-Za-z]+)>>>/;

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * The refusal of a session that is not FullLanguage (src/cli/error-exit.ts: exit 25 Environment). The message
 * carries the remedy and the sources itself: it is the one line an admin sees in Intune's or ConfigMgr's output.
 * Under an App Control policy PowerShell runs only allowed script FILES in FullLanguage; commands sent to a session
 * (the bridge's) always run constrained (https://learn.microsoft.com/powershell/scripting/security/app-control/application-control).
 * AppLocker is detected by PowerShell running two test files from $env:TEMP (C:\Windows\Temp for SYSTEM), per that page.
 */
function constrainedError(mode: string, executable: string): PowerShellConstrainedError {
  return new PowerShellConstrainedError(
    `PowerShell runs in ${mode} mode on this PC (${executable}): an App Control for Business (WDAC) or ` +
      `AppLocker policy enforces scripts. winre-fix needs FullLanguage (it loads its scripts as script blocks ` +
      `and calls .NET methods), so it stopped before reading or changing anything. To fix these PCs, let ` +
      `PowerShell run winre-fix in FullLanguage there: App Control in audit mode or with option 11 ` +
      `"Disabled:Script Enforcement" for them; with AppLocker, script rules that allow SYSTEM's TEMP folder ` +
      `(C:\\Windows\\Temp), where PowerShell tests the policy. See ` +
      `https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_language_modes and ` +
      `https://learn.microsoft.com/windows/security/application-security/application-control/app-control-for-business/design/script-enforcement`,
    {
      hint:
        'Commands sent to an enforced PowerShell session always run constrained, so signing the .ps1 files alone ' +
        'does not lift it: https://learn.microsoft.com/powershell/scripting/security/app-control/application-control',
      context: { languageMode: mode, executable },
    },
  );
}

interface LiveShell {
  readonly shell: PowerShell;
  readonly registered: Set<string>;
  exited: boolean;
  exitInfo: string;
}

/**
 * One warm PowerShell process lent to consecutive sessions, one at a time. What a session leaves behind in it
 * (variables, functions, modules, registered scripts, environment, location, errors) is reset before the next
 * session gets it, so only compiled code outlives a session: a replay after a simulated power cut starts with
 * nothing of the previous run in memory, without paying PowerShell's cold start each time.
 */
export class SharedPowerShellProcess {
  /** @internal */ live: LiveShell | undefined;
  /** @internal */ lentTo: PowerShellSession | undefined;
  /** @internal The environment the process was started with (a borrower sends only its differences). */
  spawnEnv: NodeJS.ProcessEnv = {};
  private spawned = 0;

  /** How many processes were started (1 while none died). */
  get processStarts(): number {
    return this.spawned;
  }

  /** @internal */ noteSpawn(): void {
    this.spawned += 1;
  }

  async dispose(): Promise<void> {
    const live = this.live;
    this.live = undefined;
    this.lentTo = undefined;
    if (live) await killLive(live);
  }
}

/**
 * Windows: ending powershell.exe does not end what it started (a hung reagentc.exe would keep running, and keep
 * WinRE half-changed, while the next process re-reads the PC), so the whole tree goes, by taskkill's /T
 * (https://learn.microsoft.com/windows-server/administration/windows-commands/taskkill), by absolute path as
 * everything a SYSTEM run starts. Only on a timeout (an idle process at dispose has started nothing).
 * Elsewhere pwsh and its descendants are killed (linuxDescendants).
 */
export function treeKillCommand(
  pid: number,
  env: NodeJS.ProcessEnv = process.env,
): { file: string; args: string[] } {
  const systemRoot = env['SystemRoot'] ?? env['SYSTEMROOT'] ?? 'C:\\Windows';
  return {
    file: path.win32.join(systemRoot, 'System32', 'taskkill.exe'),
    args: ['/PID', String(pid), '/T', '/F'],
  };
}

/** Runs taskkill /T on `pid`; never throws, gives up after 10 s (child.kill still ends PowerShell itself). */
async function killTree(pid: number): Promise<void> {
  const { file, args } = treeKillCommand(pid);
  await new Promise<void>((resolve) => {
    const tk = spawn(file, args, { windowsHide: true, stdio: 'ignore', timeout: 10_000 });
    tk.once('error', () => resolve());
    tk.once('exit', () => resolve());
  });
}

/**
 * Linux: the pids of a process's descendants (from /proc/<pid>/stat). A pwsh installed as a .NET tool (the
 * tests' .tools/pwsh) is a launcher that runs PowerShell as its CHILD (`dotnet pwsh.dll`): killing only the
 * launcher would leave the real PowerShell running - still holding the run lock and still able to change the PC.
 */
function linuxDescendants(root: number): number[] {
  if (process.platform !== 'linux') return [];
  const parentOf = new Map<number, number>();
  let entries: string[] = [];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      // "pid (comm) state ppid ...": comm may contain spaces and parentheses; the ppid follows the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift()!;
    for (const [child, parent] of parentOf) {
      if (parent === pid && !found.includes(child)) {
        found.push(child);
        queue.push(child);
      }
    }
  }
  return found;
}

async function killLive(live: LiveShell, tree = false): Promise<void> {
  const child = shellProcess(live.shell);
  if (!live.exited && child && child.exitCode === null) {
    if (tree && process.platform === 'win32' && child.pid !== undefined) await killTree(child.pid);
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const descendants = child.pid === undefined ? [] : linuxDescendants(child.pid);
    for (const pid of descendants) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    child.kill('SIGKILL');
    // Referenced timer: the child is unref'd, so without it Node could exit before dispose() resolves.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([gone, new Promise<void>((r) => (timer = setTimeout(r, 5000)))]);
    clearTimeout(timer);
  }
  live.exited = true;
  liveProcesses.delete(live.shell);
}

const liveProcesses = new Set<PowerShell>();
let exitHookInstalled = false;

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A synchronous kill on the way out: no orphaned PowerShell even if a caller forgot dispose().
  process.on('exit', () => {
    for (const shell of liveProcesses) shellProcess(shell)?.kill('SIGKILL');
  });
}

interface ShellInternals {
  process?: import('node:child_process').ChildProcess;
  exitPromise?: Promise<unknown>;
}

function shellProcess(shell: PowerShell): import('node:child_process').ChildProcess | undefined {
  return (shell as unknown as ShellInternals).process;
}

export class PowerShellSession {
  private live: LiveShell | undefined;
  private disposed = false;
  private queue: Promise<unknown> = Promise.resolve();
  private starts = 0;
  /** The run lock this session must hold in every process it runs a script in (fix, resume); see holdRunLock. */
  private lockFile: string | undefined;
  /** Set once a restarted process found the lock taken by another run: nothing more runs in this session. */
  private lockLost: LockHeldError | undefined;

  constructor(private readonly options: SessionOptions) {
    installExitHook();
  }

  /** How many PowerShell processes this session has started (1 unless a call died or timed out). */
  get processStarts(): number {
    return this.starts;
  }

  /** The limit overrides this session was opened with (the runner looks limits up with them). */
  get callLimits(): CallLimitOverrides {
    return this.options.callLimits ?? {};
  }

  /**
   * Runs a registered ps-script by name with JSON parameters; resolves with its envelope. `limitMs` bounds the
   * script's call (default: its entry in call-limits.ts); the session start has its own limit.
   */
  runScript(
    name: string,
    source: string,
    params: Record<string, unknown>,
    limitMs: number = callLimitFor(name, this.callLimits),
  ): Promise<Envelope> {
    return this.serialise(async () => {
      const live = await this.ensureLive();
      const limit = this.capped(limitMs);
      if (!live.registered.has(name)) {
        const reg = await this.call(live, 'Register-WinReFixScript', name, b64(source), limit);
        if (!reg.ok) return reg;
        live.registered.add(name);
      }
      return this.call(live, 'Invoke-WinReFixScript', name, b64(JSON.stringify(params)), limit);
    });
  }

  /** Taking or releasing the run lock is part of a session's start: it has the start's limit. */
  private lockCallLimit(): number {
    return this.capped(sessionStartLimit(this.callLimits));
  }

  private capped(limitMs: number): number {
    const cap = this.options.callTimeoutMs;
    return cap === undefined ? limitMs : Math.min(limitMs, cap);
  }

  /**
   * Takes the run lock in this session's PowerShell process (starting it if needed) and keeps it for the
   * session's life: every process the session starts from now on (after a timeout or a crash of the previous
   * one) takes it again right after loading its libraries, before any script runs. The lock is the process
   * holding `file` open with FileShare.None (ps-scripts/lib/Bridge.ps1 Lock-WinReFixRun); the OS releases it
   * when the process ends, so nothing about a holder is ever judged. Throws LockHeldError when another process
   * holds it, JournalRejectedError when `file` is a folder.
   */
  holdRunLock(file: string): Promise<void> {
    return this.serialise(async () => {
      const live = await this.ensureLive();
      this.lockFile = file;
      try {
        await this.lockIn(live, file);
      } catch (error) {
        this.lockFile = undefined;
        throw error;
      }
    });
  }

  /** Releases the run lock (end of a run). Idempotent; a dead process has released it already. */
  releaseRunLock(): Promise<void> {
    return this.serialise(async () => {
      const file = this.lockFile;
      this.lockFile = undefined;
      const live = this.live;
      if (!file || !live || live.exited) return;
      const res = await this.call(live, 'Unlock-WinReFixRun', 'RunLock', b64('{}'), this.lockCallLimit());
      if (!res.ok)
        throw new PowerShellUnavailableError(`The run lock was not released: ${res.error.message}`);
    });
  }

  private async lockIn(live: LiveShell, file: string): Promise<void> {
    const res = await this.call(
      live,
      'Lock-WinReFixRun',
      'RunLock',
      b64(JSON.stringify({ path: file, attempts: RUN_LOCK_ATTEMPTS, pauseMs: RUN_LOCK_PAUSE_MS })),
      this.lockCallLimit(),
    );
    if (!res.ok) {
      throw new PowerShellUnavailableError(`The run lock ${file} could not be taken: ${res.error.message}`, {
        context: { ...res.error },
      });
    }
    const attempt = assertValid<RunLockAttempt>('lock-win-re-fix-run', res.data, 'Lock-WinReFixRun');
    if (attempt.state === 'not-a-file') {
      throw new JournalRejectedError(`The run lock ${file} is a folder, not a file; nothing was done.`, {
        hint: 'Something other than winre-fix made it: inspect and remove it.',
      });
    }
    if (attempt.state === 'held-elsewhere') {
      throw new LockHeldError('Another winre-fix run is in progress (it holds the run lock).', {
        hint: 'Intune/ConfigMgr retry on exit code 1618; nothing was changed by this run.',
        context: { lock: file, attempts: attempt.attempts },
      });
    }
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await this.queue.catch(() => undefined);
    const shared = this.options.shared;
    if (shared && this.live && this.live === shared.live && !this.live.exited) {
      // Lent, not owned: give it back alive, without this run's lock; the next borrower resets it before use.
      if (this.lockFile) {
        this.lockFile = undefined;
        await this.call(this.live, 'Unlock-WinReFixRun', 'RunLock', b64('{}'), this.lockCallLimit()).catch(
          () => undefined,
        );
      }
      this.live = undefined;
      shared.lentTo = undefined;
      return;
    }
    await this.kill();
  }

  private serialise<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async ensureLive(): Promise<LiveShell> {
    if (this.disposed) throw new PowerShellExitedError('The PowerShell session was disposed.');
    if (this.lockLost) throw this.lockLost;
    if (this.live && !this.live.exited) return this.live;
    this.live = undefined;
    const shared = this.options.shared;
    if (shared?.live && !shared.live.exited && shared.lentTo === undefined) {
      shared.lentTo = this;
      this.live = shared.live;
      try {
        await this.resetBorrowed(shared.live);
        await this.relock(shared.live);
      } catch (error) {
        // Half reset is not reset: the process goes, and this session (or the next) starts a new one.
        await this.kill();
        throw error;
      }
      return shared.live;
    }
    const live = this.spawn();
    this.live = live;
    const startLimit = this.capped(sessionStartLimit(this.callLimits));
    if (shared && shared.lentTo === undefined) {
      if (shared.live) liveProcesses.delete(shared.live.shell);
      shared.live = live;
      shared.lentTo = this;
      shared.spawnEnv = this.processEnv();
      shared.noteSpawn();
    }
    // Prelude and the bridge library are sent before anything else; failure here means PowerShell is unusable.
    try {
      // First the language mode, by a line that works in every mode: node-powershell's own delimiter lines and
      // the bridge need FullLanguage and would hang, not fail, in ConstrainedLanguage.
      const mode = await this.probeLanguage(live, startLimit);
      if (mode !== 'FullLanguage') throw constrainedError(mode, this.options.location.executable);
      await this.rawInvoke(live, PRELUDE, startLimit, 'the session start');
      // The bridge defines the framed-call functions, so it alone is loaded by a bare (still base64-only) line.
      const bridgeB64 = b64(readAsset('ps-scripts/lib/Bridge.ps1'));
      await this.rawInvoke(
        live,
        `. ([ScriptBlock]::Create([System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String('${bridgeB64}'))))`,
        startLimit,
        'the session start',
      );
      const ready = await this.call(live, 'Import-WinReFixLibrary', 'BridgeReady', b64(''), startLimit);
      if (!ready.ok)
        throw new PowerShellUnavailableError(`The bridge library failed to load: ${ready.error.message}`);
      for (const lib of this.options.libraries) {
        const res = await this.call(live, 'Import-WinReFixLibrary', lib.name, b64(lib.source), startLimit);
        if (!res.ok) {
          throw new PowerShellUnavailableError(`Library ${lib.name} failed to load: ${res.error.message}`, {
            context: { ...res.error },
          });
        }
      }
      await this.relock(live);
    } catch (error) {
      await this.kill();
      if (error instanceof PowerShellTimeoutError) {
        throw new PowerShellUnavailableError(
          `PowerShell (${this.options.location.executable}) did not finish starting within ${seconds(startLimit)}: ${error.message}`,
          {
            cause: error,
            hint: 'Nothing was changed. Security software that scans or blocks PowerShell can hold it at start.',
          },
        );
      }
      if (error instanceof PowerShellExitedError) {
        throw new PowerShellUnavailableError(
          `PowerShell (${this.options.location.executable}) did not start: ${error.message}`,
          {
            cause: error,
          },
        );
      }
      throw error;
    }
    return live;
  }

  /**
   * Sends LANGUAGE_PROBE straight to the new process's stdin (node-powershell's invoke cannot be used: its
   * delimiter lines call [Console]::Out.WriteLine, a .NET method that ConstrainedLanguage refuses, so the
   * invocation would never end) and waits for the answer, the process's end, or the start limit.
   */
  private probeLanguage(live: LiveShell, limitMs: number): Promise<string> {
    const child = shellProcess(live.shell);
    if (live.exited || !child?.stdout || !child.stdin)
      return Promise.reject(new PowerShellExitedError(`PowerShell has exited (${live.exitInfo}).`));
    const stdout = child.stdout;
    const stderr = child.stderr;
    const stdin = child.stdin;
    return new Promise<string>((resolve, reject) => {
      let out = '';
      let err = '';
      const onOut = (chunk: Buffer | string): void => {
        out += String(chunk);
        const m = LANGUAGE_ANSWER.exec(out);
        if (m) settle(() => resolve(m[1] ?? ''));
      };
      const onErr = (chunk: Buffer | string): void => {
        err += String(chunk);
      };
      const onGone = (): void =>
        settle(() =>
          reject(
            new PowerShellExitedError(
              `PowerShell exited before it reported its language mode (${live.exitInfo || 'no exit code'}).`,
              { context: { stdout: tail(out), stderr: tail(err) } },
            ),
          ),
        );
      // Referenced on purpose, as a call's timer: it keeps Node alive while the unref'd process starts.
      const timer = setTimeout(
        () =>
          settle(() =>
            reject(
              new PowerShellTimeoutError(
                `PowerShell did not report its language mode within ${seconds(limitMs)}.`,
                { context: { stdout: tail(out), stderr: tail(err), limitMs } },
              ),
            ),
          ),
        limitMs,
      );
      const settle = (done: () => void): void => {
        clearTimeout(timer);
        stdout.off('data', onOut);
        stderr?.off('data', onErr);
        child.off('exit', onGone);
        child.off('error', onGone);
        done();
      };
      stdout.on('data', onOut);
      stderr?.on('data', onErr);
      child.once('exit', onGone);
      child.once('error', onGone);
      stdin.write(`${LANGUAGE_PROBE}${EOL}`);
    });
  }

  /**
   * A process started (or borrowed) while this session holds the run lock: take it again before any script.
   * Another run may have taken it while this session had no process (after a timeout kill): then this run stops
   * for good (LockHeldError, exit 1618) and leaves the PC and the journal to that run.
   */
  private async relock(live: LiveShell): Promise<void> {
    if (!this.lockFile) return;
    try {
      await this.lockIn(live, this.lockFile);
    } catch (error) {
      if (error instanceof LockHeldError) {
        this.lockFile = undefined;
        this.lockLost = new LockHeldError(
          'Another winre-fix run took the run lock while this run restarted PowerShell; this run stops here and leaves the PC to it.',
          { hint: 'Nothing more was done by this run.', cause: error },
        );
        throw this.lockLost;
      }
      throw error;
    }
  }

  /** A borrowed process: back to a new session's state, then this session's prelude and libraries. */
  private async resetBorrowed(live: LiveShell): Promise<void> {
    const env = this.processEnv();
    const spawned = this.options.shared?.spawnEnv ?? {};
    const set: Record<string, string> = {};
    for (const [k, v] of Object.entries(env)) if (v !== undefined && spawned[k] !== v) set[k] = v;
    const unset = Object.keys(spawned).filter((k) => env[k] === undefined);
    const startLimit = this.capped(sessionStartLimit(this.callLimits));
    const reset = await this.call(
      live,
      'Reset-WinReFixSession',
      'Session',
      b64(JSON.stringify({ set, unset })),
      startLimit,
    );
    if (!reset.ok)
      throw new PowerShellUnavailableError(`The shared session did not reset: ${reset.error.message}`);
    live.registered.clear();
    await this.rawInvoke(live, PRELUDE, startLimit, 'the session start');
    for (const lib of this.options.libraries) {
      const res = await this.call(live, 'Import-WinReFixLibrary', lib.name, b64(lib.source), startLimit);
      if (!res.ok)
        throw new PowerShellUnavailableError(`Library ${lib.name} failed to load: ${res.error.message}`, {
          context: { ...res.error },
        });
    }
  }

  private processEnv(): NodeJS.ProcessEnv {
    return {
      ...(this.options.env ?? process.env),
      NO_COLOR: '1',
      TERM: 'dumb',
      POWERSHELL_TELEMETRY_OPTOUT: '1',
      POWERSHELL_UPDATECHECK: 'Off',
      DOTNET_CLI_TELEMETRY_OPTOUT: '1',
      __SuppressAnsiEscapeSequences: '1',
    };
  }

  private spawn(): LiveShell {
    const { location } = this.options;
    const executableOptions: Record<string, boolean | string> = {
      '-NoProfile': true,
      '-NonInteractive': true,
    };
    if (location.flavour === 'windows-powershell') executableOptions['-ExecutionPolicy'] = 'Bypass';
    const env = this.processEnv();
    // node-powershell lets NODE_POWERSHELL override the executable we chose; it must not.
    const saved = process.env['NODE_POWERSHELL'];
    delete process.env['NODE_POWERSHELL'];
    let shell: PowerShell;
    try {
      shell = new PowerShell({
        executable: location.executable,
        executableOptions,
        spawnOptions: { env, windowsHide: true },
        throwOnInvocationError: false,
      } as ConstructorParameters<typeof PowerShell>[0]);
    } finally {
      if (saved !== undefined) process.env['NODE_POWERSHELL'] = saved;
    }
    const live: LiveShell = { shell, registered: new Set(), exited: false, exitInfo: '' };
    const internals = shell as unknown as ShellInternals;
    // Mark node-powershell's internal exit promise as handled: an early spawn failure must not crash Node.
    internals.exitPromise?.catch(() => undefined);
    const child = internals.process;
    // Writing to a process that already died (the language probe, a call) must not be an unhandled error.
    child?.stdin?.on('error', () => undefined);
    child?.on('error', (err) => {
      live.exited = true;
      live.exitInfo = err.message;
    });
    child?.on('exit', (code, signal) => {
      live.exited = true;
      live.exitInfo = signal ? `signal ${signal}` : `exit code ${String(code)}`;
      // A lent process reports to the session that has it now, not to the one that started it.
      const holder = this.options.shared?.live === live ? (this.options.shared.lentTo ?? this) : this;
      if (code === SIMULATED_POWER_CUT_EXIT) holder.options.onPowerCut?.();
      liveProcesses.delete(shell);
    });
    // An idle session must not keep Node alive: a caller that forgets dispose() would otherwise hang forever
    // instead of reaching the exit hook. During a call the (referenced) call timer keeps the loop alive.
    child?.unref();
    for (const stream of [child?.stdin, child?.stdout, child?.stderr]) {
      (stream as unknown as { unref?: () => void } | null | undefined)?.unref?.();
    }
    liveProcesses.add(shell);
    this.starts += 1;
    this.options.onProcessStart?.(child?.pid);
    return live;
  }

  /** One framed call: `<Function> -Name '<name>' -<Arg> '<base64>' -Nonce '<hex>'`, all ASCII we built. */
  private async call(
    live: LiveShell,
    fn: string,
    name: string,
    payloadB64: string,
    limitMs: number,
  ): Promise<Envelope> {
    if (!/^[A-Za-z0-9-]+$/.test(name))
      throw new BridgeProtocolError(`Invalid script name ${JSON.stringify(name)}.`);
    const id = nonce();
    const argName =
      fn === 'Invoke-WinReFixScript' || fn === 'Lock-WinReFixRun' || fn === 'Unlock-WinReFixRun'
        ? 'ParamsB64'
        : fn === 'Reset-WinReFixSession'
          ? 'EnvironmentB64'
          : 'SourceB64';
    const line = `${fn} -Name '${name}' -${argName} '${payloadB64}' -Nonce '${id}'`;
    const out = await this.rawInvoke(live, line, limitMs, `${fn} ${name}`);
    // Only the frame carrying this call's nonce counts, and there must be exactly one: decoys with other nonces
    // are ignored, and a second frame with ours (a script that dug the nonce out of the bridge) is refused.
    const frames = [...out.stdout.matchAll(new RegExp(`<<<WINREFIX:${id}:([A-Za-z0-9+/=]*)>>>`, 'g'))];
    const match = frames[0];
    if (!match || frames.length !== 1) {
      throw new BridgeProtocolError(
        `PowerShell answered ${fn} ${name} with ${frames.length} result frames; exactly one is required.`,
        { context: { stdout: tail(out.stdout), stderr: tail(out.stderr) } },
      );
    }
    let envelope: unknown;
    try {
      envelope = JSON.parse(Buffer.from(match[1] ?? '', 'base64').toString('utf8'));
    } catch (error) {
      throw new BridgeProtocolError(`The result frame of ${name} is not valid JSON.`, { cause: error });
    }
    return envelope as Envelope;
  }

  private async rawInvoke(
    live: LiveShell,
    line: string,
    limitMs: number,
    what: string,
  ): Promise<{ stdout: string; stderr: string }> {
    if (live.exited) throw new PowerShellExitedError(`PowerShell has exited (${live.exitInfo}).`);
    let timer: NodeJS.Timeout | undefined;
    const invocation = live.shell.invoke(line);
    // The invocation may settle after we gave up on it (timeout) or after the process died: never unhandled.
    invocation.catch(() => undefined);
    const timeout = new Promise<'timeout'>((resolve) => {
      // Deliberately referenced: it is what keeps Node alive while the (unref'd) process works on the call.
      timer = setTimeout(() => resolve('timeout'), limitMs);
    });
    try {
      const result = await Promise.race([invocation, timeout]);
      if (result === 'timeout') {
        // The call may have started a program (reagentc.exe) that would outlive PowerShell: end the tree.
        await this.kill(true);
        throw new PowerShellTimeoutError(
          `PowerShell did not answer ${what} within ${seconds(limitMs)}; the process was ended and the next call starts a new one.`,
          {
            hint: 'The command may still have completed: re-read the machine before deciding anything.',
            context: { call: what, limitMs },
          },
        );
      }
      if (live.exited) {
        throw new PowerShellExitedError(`PowerShell exited during the call (${live.exitInfo}).`, {
          context: { stderr: tail(result.stderr?.toString('utf8') ?? '') },
        });
      }
      return {
        stdout: result.stdout?.toString('utf8') ?? result.raw,
        stderr: result.stderr?.toString('utf8') ?? '',
      };
    } catch (error) {
      if (error instanceof PowerShellTimeoutError) throw error;
      if (live.exited || !(error instanceof BridgeProtocolError)) {
        await this.kill();
        if (error instanceof PowerShellExitedError) throw error;
        throw new PowerShellExitedError(
          `PowerShell exited during the call (${live.exitInfo || String(error)}).`,
          {
            cause: error,
          },
        );
      }
      throw error;
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  private async kill(tree = false): Promise<void> {
    const live = this.live;
    this.live = undefined;
    if (!live) return;
    const shared = this.options.shared;
    if (shared && shared.live === live) {
      shared.live = undefined;
      shared.lentTo = undefined;
    }
    await killLive(live, tree);
  }
}

function tail(text: string, max = 2000): string {
  return text.length > max ? `...${text.slice(-max)}` : text;
}

/**
 * One persistent PowerShell process per run, driven through node-powershell (only spawn-shell.ts imports it).
 *
 * node-powershell 5.0.1 traps this module closes (docs/reference/fleet-tools.md#driving-powershell-from-node, docs/reference/fleet-tools.md#errors-and-timeouts-of-a-persistent-shell, docs/reference/fleet-tools.md#passing-values-safely):
 *  - no escaping: every line we send is built from fixed text plus base64 ([A-Za-z0-9+/=]), nothing else;
 *  - one-line commands only: every call is a single line;
 *  - any stderr byte sets hadErrors: we set throwOnInvocationError=false and decide from the framed stdout line;
 *  - its timeout only stops waiting and leaves the shell busy: we time out ourselves and kill the process;
 *  - an early spawn failure rejects a promise nobody awaits and kills Node: we handle it at construction;
 *  - forgotten dispose leaves processes behind: dispose on every path, and kill on process exit.
 * Its parts, by concern: framing.ts (the lines sent and the frame read back), language-mode.ts (the language probe
 * and how a start fails), process-tree.ts (ending a process with what it started; the exit hook),
 * run-lock-call.ts (the run lock's request and answer), shared-process.ts (a warm process lent to sessions),
 * session-options.ts, spawn-shell.ts (starting the process).
 */
import {
  BridgeProtocolError,
  LockHeldError,
  PowerShellExitedError,
  PowerShellTimeoutError,
  PowerShellUnavailableError,
} from '../../errors';
import { ExitCode } from '../../contracts/exit-codes';
import { readAsset } from '../../assets';
import { callLimitFor, sessionStartLimit, type CallLimitOverrides } from './call-limits';
import {
  b64,
  callLine,
  nonce,
  PRELUDE,
  readFrame,
  seconds,
  tail,
  type BridgeFunction,
  type Envelope,
} from './framing';
import { constrainedError, probeLanguage, startFailure } from './language-mode';
import { installExitHook, killLive, untrackProcess } from './process-tree';
import { spawnShell, type LiveShell } from './spawn-shell';
import { judgeLockAnswer, lockRequest } from './run-lock-call';
import { sessionEnv, type SessionOptions } from './session-options';

export type { LiveShell } from './spawn-shell';

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
    judgeLockAnswer(
      await this.call(live, 'Lock-WinReFixRun', 'RunLock', lockRequest(file), this.lockCallLimit()),
      file,
    );
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
      if (shared.live) untrackProcess(shared.live.child);
      shared.live = live;
      shared.lentTo = this;
      shared.spawnEnv = this.processEnv();
      shared.noteSpawn();
    }
    // Prelude and the bridge library are sent before anything else; failure here means PowerShell is unusable.
    try {
      // First the language mode, by a line that works in every mode: node-powershell's own delimiter lines and
      // the bridge need FullLanguage and would hang, not fail, in ConstrainedLanguage.
      const mode = await probeLanguage(live, startLimit);
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
      throw startFailure(error, this.options.location.executable, startLimit);
    }
    return live;
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
    return sessionEnv(this.options.env ?? process.env);
  }

  private spawn(): LiveShell {
    const live = spawnShell(this.options.location, this.processEnv(), (exited, code) => {
      // A lent process reports to the session that has it now, not to the one that started it.
      const holder = this.options.shared?.live === exited ? (this.options.shared.lentTo ?? this) : this;
      if (code === ExitCode.SimulatedPowerCut) holder.options.onPowerCut?.();
    });
    this.starts += 1;
    this.options.onProcessStart?.(live.child?.pid);
    return live;
  }

  /** One framed call (framing.ts): the line we built, the one frame with this call's nonce. */
  private async call(
    live: LiveShell,
    fn: BridgeFunction,
    name: string,
    payloadB64: string,
    limitMs: number,
  ): Promise<Envelope> {
    const id = nonce();
    const line = callLine(fn, name, payloadB64, id);
    return readFrame(await this.rawInvoke(live, line, limitMs, `${fn} ${name}`), id, `${fn} ${name}`);
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

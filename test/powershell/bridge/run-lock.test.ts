/**
 * The run lock is the PowerShell process that makes the changes holding the lock file open with FileShare.None
 * (ps-scripts/lib/Bridge.ps1 Lock-WinReFixRun, src/engine/lock.ts). These tests attack what the old lock got
 * wrong: read-judge-delete-create let two processes that judged the same stale lock both win,
 * and a dead run's PID reused by another process made its lock look alive. Nothing here reads a PID or a boot.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openSession } from '../../../src/adapters/powershell/open-session';
import { PowerShellScriptRunner } from '../../../src/adapters/powershell/script-runner';
import { PowerShellSession, SharedPowerShellProcess } from '../../../src/adapters/powershell/session';
import { locatePowerShell } from '../../../src/adapters/powershell/locate';
import type { RunLockProbe } from '../../../src/contracts/generated/test-run-lock';
import { RunLock } from '../../../src/engine/lock';
import { JournalRejectedError, LockHeldError, PowerShellTimeoutError } from '../../../src/errors';

jest.setTimeout(600_000);

function tmpDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-lock-'));
}

/** This boot's identity as the old lock read it (Linux), so the old lock would have judged the file "alive". */
function bootId(): string {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return 'unknown';
  }
}

/** What the old lock file held: a live PID (this test's own), this host and this boot. */
function staleOldStyleLock(file: string): void {
  fs.writeFileSync(
    file,
    JSON.stringify({
      pid: process.pid,
      host: os.hostname(),
      boot: bootId(),
      startedAt: new Date().toISOString(),
    }),
    { mode: 0o600 },
  );
}

function probe(session: PowerShellSession, file: string): Promise<RunLockProbe> {
  return new PowerShellScriptRunner(session, { readOnly: true }).run<RunLockProbe>('Test-RunLock', {
    Path: file,
  });
}

const sessions: PowerShellSession[] = [];
function session(callTimeoutMs = 120_000): PowerShellSession {
  const s = openSession({ callTimeoutMs });
  sessions.push(s);
  return s;
}

afterAll(async () => {
  await Promise.all(sessions.map((s) => s.dispose()));
});

describe('the run lock (held by a PowerShell process)', () => {
  it('one holder; a second run is told to retry; release lets the next one in', async () => {
    const file = path.join(tmpDir(), 'winre-fix.lock');
    const a = new RunLock(file, session());
    const b = new RunLock(file, session());
    await a.acquire();
    await expect(b.acquire()).rejects.toBeInstanceOf(LockHeldError);
    await a.release();
    await b.acquire();
    await b.release();
  });

  it('PID reuse: a lock file naming a live PID that no process holds is taken at once', async () => {
    const file = path.join(tmpDir(), 'winre-fix.lock');
    staleOldStyleLock(file); // the old code read this, saw process.pid alive, and answered 1618 until a reboot
    const started = Date.now();
    const lock = new RunLock(file, session());
    await lock.acquire();
    const tookMs = Date.now() - started;
    await lock.release();
    // "At once": no waiting out a holder that does not exist (the pwsh start is part of it).
    expect(tookMs).toBeLessThan(60_000);
  });

  it('dies with its process (SIGKILL): the lock is free the moment the holder is gone', async () => {
    const file = path.join(tmpDir(), 'winre-fix.lock');
    const pwsh = locatePowerShell().executable;
    const child = spawn(
      pwsh,
      [
        '-NoProfile',
        '-NonInteractive',
        '-Command',
        `$s = [System.IO.FileStream]::new('${file}', 'OpenOrCreate', 'ReadWrite', 'None'); 'held'; Start-Sleep 600`,
      ],
      // Its own process group: the tests' pwsh is a .NET tool launcher whose child is the real PowerShell.
      { stdio: ['ignore', 'pipe', 'ignore'], detached: true },
    );
    await new Promise<void>((resolve) => child.stdout.on('data', () => resolve()));
    const other = session();
    expect((await probe(other, file)).state).toBe('held');
    await expect(new RunLock(file, other).acquire()).rejects.toBeInstanceOf(LockHeldError);
    process.kill(-(child.pid ?? 0), 'SIGKILL');
    await new Promise((r) => child.once('exit', r));
    // The launcher's exit comes first; give the kernel a moment to reap the real PowerShell too.
    for (let i = 0; i < 50 && (await probe(other, file)).state === 'held'; i += 1)
      await new Promise((r) => setTimeout(r, 100));
    expect((await probe(other, file)).state).toBe('free');
    const mine = new RunLock(file, other);
    await mine.acquire();
    await mine.release();
  });

  it('a path that is a folder is refused (JournalRejectedError: exit 27), by the lock and by the probe', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'winre-fix.lock');
    fs.mkdirSync(file);
    const s = session();
    await expect(new RunLock(file, s).acquire()).rejects.toBeInstanceOf(JournalRejectedError);
    expect((await probe(s, file)).state).toBe('not-a-file');
  });

  it('the read-only probe never creates the file, sees a holder, and a probe does not turn a run away', async () => {
    const file = path.join(tmpDir(), 'winre-fix.lock');
    const prober = session();
    expect((await probe(prober, file)).state).toBe('absent');
    expect(fs.existsSync(file)).toBe(false);
    const holder = new RunLock(file, session());
    await holder.acquire();
    expect((await probe(prober, file)).state).toBe('held');
    await holder.release();
    expect((await probe(prober, file)).state).toBe('free');
    // Probes back to back while a run starts: acquiring tolerates them (a few tries within ~300 ms).
    const runner = session();
    await runner.holdRunLock(path.join(tmpDir(), 'warm.lock')); // start the process first
    await runner.releaseRunLock();
    let probing = true;
    const probes = (async () => {
      let n = 0;
      while (probing) {
        await probe(prober, file);
        n += 1;
      }
      return n;
    })();
    for (let i = 0; i < 10; i += 1) {
      const lock = new RunLock(file, runner);
      await lock.acquire();
      await lock.release();
    }
    probing = false;
    expect(await probes).toBeGreaterThan(0);
  });

  it('Reset-WinReFixSession releases it (the shared warm process of the tests)', async () => {
    const file = path.join(tmpDir(), 'winre-fix.lock');
    const shared = new SharedPowerShellProcess();
    try {
      const first = openSession({ shared });
      await first.holdRunLock(file);
      // Lent back without releasing (a run that ended by an exception): the next borrower resets it first.
      await first.dispose();
      const second = openSession({ shared });
      await second.holdRunLock(file);
      await second.dispose();
      const outsider = session();
      await outsider.holdRunLock(file);
      await outsider.releaseRunLock();
      expect(shared.processStarts).toBe(1);
    } finally {
      await shared.dispose();
    }
  });

  it('a PowerShell restarted after a timeout takes the lock again before any script, or stops with 1618', async () => {
    const file = path.join(tmpDir(), 'winre-fix.lock');
    const run = new PowerShellSession({
      location: locatePowerShell(),
      // Long enough for a cold start on a loaded 2-core machine, short against the slow script below.
      callTimeoutMs: 15_000,
      libraries: [],
    });
    sessions.push(run);
    const slow = '[CmdletBinding()] param() Start-Sleep -Seconds 300; [ordered]@{ ok = 1 }';
    const whoHolds = '[CmdletBinding()] param() [ordered]@{ pid = $PID }';
    await run.holdRunLock(file);
    await expect(run.runScript('Invoke-Slow', slow, {})).rejects.toBeInstanceOf(PowerShellTimeoutError);
    // The killed process released it; the next call starts a new process that takes it before it runs anything.
    const next = await run.runScript('Get-Who', whoHolds, {});
    expect(next.ok).toBe(true);
    const other = session();
    await expect(new RunLock(file, other).acquire()).rejects.toBeInstanceOf(LockHeldError);
    // Now another run takes it while this run's process is gone: this run must stop, not work beside it.
    await expect(run.runScript('Invoke-Slow', slow, {})).rejects.toBeInstanceOf(PowerShellTimeoutError);
    const thief = new RunLock(file, other);
    await thief.acquire();
    await expect(run.runScript('Get-Who', whoHolds, {})).rejects.toBeInstanceOf(LockHeldError);
    // ... and for good: no later call starts a process either.
    const starts = run.processStarts;
    await expect(run.runScript('Get-Who', whoHolds, {})).rejects.toBeInstanceOf(LockHeldError);
    expect(run.processStarts).toBe(starts);
    await thief.release();
  });
});

describe('20 contenders on one stale lock, 50 rounds', () => {
  it('never has two holders at once', async () => {
    const file = path.join(tmpDir(), 'winre-fix.lock');
    // A lock left by a killed holder: a real process took it and was SIGKILLed; then the file names a live PID.
    const killed = session();
    await killed.holdRunLock(file);
    await killed.dispose();
    staleOldStyleLock(file);

    const contenders = Array.from({ length: 20 }, () => session());
    // Start the 20 processes (in two waves, to spare the machine's 2 cores).
    for (let i = 0; i < contenders.length; i += 10) {
      await Promise.all(
        contenders.slice(i, i + 10).map(async (s) => {
          await s.holdRunLock(path.join(tmpDir(), 'warm.lock'));
          await s.releaseRunLock();
        }),
      );
    }
    let holders = 0;
    let maxHolders = 0;
    const winsPerRound: number[] = [];
    for (let round = 0; round < 50; round += 1) {
      staleOldStyleLock(file); // every round starts from the stale file, as the old race needed
      let wins = 0;
      await Promise.all(
        contenders.map(async (s) => {
          try {
            await s.holdRunLock(file);
          } catch (error) {
            if (error instanceof LockHeldError) return;
            throw error;
          }
          holders += 1;
          wins += 1;
          maxHolders = Math.max(maxHolders, holders);
          await new Promise((r) => setTimeout(r, 5));
          // Counted as given up BEFORE the release is sent: a holder still counted is still holding, so any
          // other success seen meanwhile is a real overlap, never an artefact of answer order.
          holders -= 1;
          await s.releaseRunLock();
        }),
      );
      winsPerRound.push(wins);
    }
    process.stdout.write(
      `run-lock contention: 50 rounds x 20 contenders, max simultaneous holders ${maxHolders}, holders per round min ${Math.min(...winsPerRound)} max ${Math.max(...winsPerRound)}\n`,
    );
    expect(maxHolders).toBe(1);
    expect(Math.min(...winsPerRound)).toBeGreaterThanOrEqual(1);
  });
});

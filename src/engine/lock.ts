/**
 * One run at a time (ecosystem.md 4.3). The lock is a file created with O_EXCL holding the owner's pid, host and
 * boot identity. It "dies with its process": a lock whose pid is not alive, or that was taken before the last boot,
 * is stale and is taken over. A live holder means exit 1618 (retry later) and no change.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import { LockHeldError } from '../errors';

interface LockInfo {
  pid: number;
  host: string;
  boot: string;
  startedAt: string;
}

function bootId(): string {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    // Windows/macOS: boot time to the minute identifies the boot well enough for staleness.
    return new Date(Math.floor((Date.now() - os.uptime() * 1000) / 60_000) * 60_000).toISOString();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class RunLock {
  private held = false;
  /**
   * `boot` identifies the current boot of the PC. On a simulated PC it is the simulator's boot count, so a lock
   * left by a run that "lost power" is stale after the simulated reboot, as a real one is after a real reboot.
   */
  constructor(
    readonly file: string,
    private readonly boot: () => string = bootId,
  ) {}

  acquire(): void {
    const me: LockInfo = {
      pid: process.pid,
      host: os.hostname(),
      boot: this.boot(),
      startedAt: new Date().toISOString(),
    };
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        const fd = fs.openSync(this.file, 'wx', 0o600);
        fs.writeSync(fd, JSON.stringify(me));
        fs.closeSync(fd);
        this.held = true;
        return;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      const holder = this.read();
      if (holder && holder.boot === me.boot && holder.host === me.host && alive(holder.pid)) {
        throw new LockHeldError(
          `Another winre-fix run (pid ${holder.pid}, since ${holder.startedAt}) is in progress.`,
          {
            hint: 'Intune/ConfigMgr retry on exit code 1618; nothing was changed.',
            context: { lock: this.file, holder },
          },
        );
      }
      // Stale (dead process, earlier boot, or unreadable): remove and try again.
      fs.rmSync(this.file, { force: true });
    }
    throw new LockHeldError(`Could not take the lock ${this.file}.`);
  }

  release(): void {
    if (!this.held) return;
    this.held = false;
    const holder = this.read();
    if (holder?.pid === process.pid) fs.rmSync(this.file, { force: true });
  }

  private read(): LockInfo | undefined {
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as LockInfo;
    } catch {
      return undefined;
    }
  }
}

/** A warm PowerShell process lent to consecutive sessions (the power-cut matrix replays hundreds of runs). */
import { killLive } from './process-tree';
import type { LiveShell, PowerShellSession } from './session';

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

/**
 * The life of a PowerShell process beyond node-powershell: ending it with everything it started (on a timeout a
 * hung reagentc.exe must not outlive it), and never leaving one behind when Node exits.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A started PowerShell process, as the session tracks it. */
export interface LiveProcess {
  readonly child: ChildProcess | undefined;
  exited: boolean;
  exitInfo: string;
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

export async function killLive(live: LiveProcess, tree = false): Promise<void> {
  const child = live.child;
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
  if (child) liveProcesses.delete(child);
}

const liveProcesses = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Kills `child` synchronously when Node exits, unless it was untracked (killed or exited) before. */
export function trackProcess(child: ChildProcess | undefined): void {
  if (child) liveProcesses.add(child);
}

export function untrackProcess(child: ChildProcess | undefined): void {
  if (child) liveProcesses.delete(child);
}

export function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A synchronous kill on the way out: no orphaned PowerShell even if a caller forgot dispose().
  process.on('exit', () => {
    for (const child of liveProcesses) child.kill('SIGKILL');
  });
}

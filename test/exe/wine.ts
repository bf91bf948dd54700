/**
 * Runs a Windows executable under Wine (Debian's wine/wine64 packages) for the exe smoke test. Facts from
 * docs/reference/fleet-tools.md#single-executable-packaging (tested): Node refuses to start unless Wine reports Windows 10 (set in the prefix's registry,
 * the same as `winecfg /v win10`); Node under Wine dies with EBADF when stdout is a pipe, so output goes to
 * FILES; Wine passes the exit code through the Linux 8-bit status, so only codes < 256 can be compared.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface WineRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly millis: number;
}

export function wineAvailable(): boolean {
  return spawnSync('sh', ['-c', 'command -v wine'], { encoding: 'utf8' }).status === 0;
}

export class WinePrefix {
  readonly env: NodeJS.ProcessEnv;

  constructor(readonly dir: string) {
    this.env = { ...process.env, WINEPREFIX: dir, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=' };
  }

  /** Creates the prefix once (wineboot, ~10 s) and makes it report Windows 10. */
  init(): void {
    const marker = path.join(this.dir, '.winre-fix-win10');
    if (fs.existsSync(marker)) return;
    fs.mkdirSync(this.dir, { recursive: true });
    const boot = spawnSync('wineboot', ['--init'], { env: this.env, stdio: 'ignore', timeout: 180_000 });
    if (boot.status !== 0) throw new Error(`wineboot --init failed (${boot.status ?? boot.signal})`);
    const reg = spawnSync(
      'wine',
      ['reg', 'add', 'HKCU\\Software\\Wine', '/v', 'Version', '/d', 'win10', '/f'],
      {
        env: this.env,
        stdio: 'ignore',
        timeout: 120_000,
      },
    );
    if (reg.status !== 0) throw new Error(`wine reg add Version=win10 failed (${reg.status ?? reg.signal})`);
    fs.writeFileSync(marker, 'win10\n');
  }

  run(
    exe: string,
    args: readonly string[],
    cwd: string = os.tmpdir(),
    extraEnv: NodeJS.ProcessEnv = {},
  ): WineRun {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-wine-out-'));
    const outFile = path.join(dir, 'stdout.txt');
    const errFile = path.join(dir, 'stderr.txt');
    const out = fs.openSync(outFile, 'w');
    const err = fs.openSync(errFile, 'w');
    const started = Date.now();
    try {
      const r = spawnSync('wine', [exe, ...args], {
        cwd,
        env: { ...this.env, ...extraEnv },
        stdio: ['ignore', out, err],
        timeout: 180_000,
      });
      return {
        status: r.status,
        stdout: fs.readFileSync(outFile, 'utf8'),
        stderr: fs.readFileSync(errFile, 'utf8'),
        millis: Date.now() - started,
      };
    } finally {
      fs.closeSync(out);
      fs.closeSync(err);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Stops this prefix's wineserver (it lingers a few seconds after the last program otherwise). */
  shutdown(): void {
    spawnSync('wineserver', ['-k'], { env: this.env, stdio: 'ignore', timeout: 30_000 });
  }
}

/** Wine maps the Linux root to drive Z:. */
export function winePath(linuxPath: string): string {
  return `Z:${path.resolve(linuxPath).split('/').join('\\')}`;
}

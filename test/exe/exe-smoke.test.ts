/**
 * The one-file Windows executable, built fresh (npm run build:exe's code path) and run under Wine: it starts,
 * reads its embedded assets (package.json for --version; packaging/ps/*.ps1 and the exit-code table for
 * `package`), and lists the CLI's commands. Wine cannot stand in for PowerShell or the storage stack, so
 * anything past the CLI surface is tested on Linux against the simulator instead.
 * The production exe carries no simulator (its PowerShell is not in the file and --simulate is a usage error);
 * a test build (`--with-simulator`) carries it and accepts --simulate.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildExe, type BuildExeResult } from '../../build/build-exe';
import { readPeInfo } from '../../build/exe/pe';
import { commands } from '../../src/cli/commands';
import { projectRoot } from '../../src/project-root';
import { WinePrefix, wineAvailable, winePath } from './wine';

const root = projectRoot();
const version = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string })
  .version;

// Not a timed test: the limit only has to be generous (two builds ~10 s each plus a first node.exe download, a
// new Wine prefix ~10 s, each run ~1 s on the 2-core CI machine).
jest.setTimeout(15 * 60 * 1000);

/** Text found only in the simulator's PowerShell (simulator/00-Machine.ps1), never in the tool itself. */
const SIMULATOR_MARKER = 'function Invoke-SimMutation';

describe('winre-fix.exe (Node SEA, win-x64) under Wine', () => {
  let work: string;
  let built: BuildExeResult;
  let withSimulator: BuildExeResult;
  let wine: WinePrefix;

  beforeAll(async () => {
    if (!wineAvailable()) {
      throw new Error('wine is not installed: .ci/run installs it (apt-get install wine wine64)');
    }
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-exe-'));
    built = await buildExe({ projectDir: root, outFile: path.join(work, 'out', 'winre-fix.exe') });
    process.stdout.write(`exe-smoke: build ${JSON.stringify(built.millis)} ms\n`);
    withSimulator = await buildExe({
      projectDir: root,
      outFile: path.join(work, 'test-build', 'winre-fix.exe'),
      withSimulator: true,
    });
    wine = new WinePrefix(path.join(root, '.tools', 'wine-prefix'));
    const t = Date.now();
    wine.init();
    process.stdout.write(`exe-smoke: wine prefix ready in ${Date.now() - t} ms\n`);
  });

  afterAll(() => {
    wine?.shutdown();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('is a PE32+ x86-64 console executable that embeds every asset plus the manifest', () => {
    expect(readPeInfo(built.exe)).toEqual({ machine: 'x86-64', format: 'PE32+', subsystem: 'console' });
    expect(built.nodeVersion).toBe(process.version.slice(1));
    expect(built.assetKeys).toContain('package.json');
    expect(built.assetKeys).toContain('ps-scripts/lib/Bridge.ps1');
    expect(built.assetKeys).toContain('schemas/envelope.schema.json');
    expect(built.assetKeys).toContain('packaging/ps/Common.ps1');
    const manifest = JSON.parse(
      fs.readFileSync(path.join(work, 'out', 'sea', 'asset-manifest.json'), 'utf8'),
    );
    expect(manifest).toEqual(built.assetKeys);
  });

  it('the production exe does not contain the simulator; the --with-simulator test build does', () => {
    expect(built.assetKeys.filter((k) => k.startsWith('simulator/'))).toEqual([]);
    expect(fs.readFileSync(built.exe).includes(SIMULATOR_MARKER)).toBe(false);
    expect(fs.readFileSync(path.join(projectRoot(), 'simulator', '00-Machine.ps1'), 'utf8')).toContain(
      SIMULATOR_MARKER,
    );
    expect(withSimulator.assetKeys).toContain('simulator/00-Machine.ps1');
    expect(fs.readFileSync(withSimulator.exe).includes(SIMULATOR_MARKER)).toBe(true);
  });

  it('--simulate in the production exe is a usage error (24) that names the test build', () => {
    const r = wine.run(built.exe, ['audit', '--no-log', '--simulate', 'builtin']);
    expect(r.status).toBe(24);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/built without the simulator/);
    expect(r.stderr).toMatch(/npm run build:exe -- --with-simulator/);
  });

  it('the test build accepts --simulate (it gets as far as reading the machine file)', () => {
    const r = wine.run(withSimulator.exe, ['audit', '--no-log', '--simulate', 'C:\\no-such-machine.json']);
    expect(r.status).toBe(24);
    expect(r.stderr).toMatch(/no-such-machine\.json does not exist/);
    expect(r.stderr).not.toMatch(/built without the simulator/);
  });

  it('--version prints the package.json version', () => {
    const r = wine.run(built.exe, ['--version']);
    process.stdout.write(`exe-smoke: --version under Wine took ${r.millis} ms\n`);
    expect({ status: r.status, stdout: r.stdout.trim(), stderr: r.stderr }).toEqual({
      status: 0,
      stdout: version,
      stderr: '',
    });
  });

  it('--help lists every registered command', () => {
    const r = wine.run(built.exe, ['--help']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const names = commands.map((c) => String(c.command).split(' ')[0]);
    expect(names).toContain('package');
    for (const name of names) expect(r.stdout).toMatch(new RegExp(`winre-fix ${name}\\b`));
  });

  it('reports a usage error with exit 24 and the message on stderr', () => {
    const r = wine.run(built.exe, []);
    expect(r.status).toBe(24);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Name a command/);
  });

  it('starts Windows PowerShell by its absolute 64-bit System32 path, also when launched from a 32-bit host', () => {
    // Wine ships a powershell.exe stub there that exits at once, so the session fails with the path in the error:
    // exit 25 (Environment). PROCESSOR_ARCHITEW6432 is what a 32-bit parent (the IME) leaves in the environment;
    // the exe is 64-bit, so it must still use System32, not Sysnative (src/adapters/powershell/locate.ts).
    for (const extraEnv of [{}, { PROCESSOR_ARCHITEW6432: 'AMD64', PROCESSOR_ARCHITECTURE: 'x86' }]) {
      const r = wine.run(built.exe, ['audit', '--no-log'], os.tmpdir(), extraEnv);
      expect(r.status).toBe(25);
      expect(r.stderr).toMatch(/C:\\windows\\System32\\WindowsPowerShell\\v1\.0\\powershell\.exe/i);
    }
  });

  it('writes an Intune package from its embedded templates, carrying itself as the exe', () => {
    const out = path.join(work, 'pkg');
    const r = wine.run(built.exe, ['package', 'intune', '--out', winePath(out)]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const install = fs.readFileSync(path.join(out, 'win32app', 'Install-WinReFix.ps1'), 'utf8');
    expect(install).toContain('function Invoke-WinReFixExe');
    expect(install).toContain("$WinReFixExeSetting = '%ProgramFiles%\\winre-fix\\winre-fix.exe'");
    // The copy is the running exe itself (process.execPath inside the SEA).
    expect(fs.statSync(path.join(out, 'win32app', 'winre-fix.exe')).size).toBe(built.bytes);
  });
});

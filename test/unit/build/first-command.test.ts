/**
 * The development launchers of the first command (`npm start`, build/start.cjs) and of the test setup
 * (`npm test`, build/ensure-pwsh.mjs), both over build/pwsh-tool.cjs: which PowerShell 7 they take, that they
 * install the pinned one only when there is none (with a progress line on stderr), and that `npm start` compiles
 * only when a source changed. Fake `pwsh` and `dotnet` scripts stand in for the real ones: nothing is downloaded.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findPwsh, onPath, PWSH_VERSION } from '../../../build/pwsh-tool.cjs';
import { INPUTS, STAMP, needsBuild, needsPowerShell } from '../../../build/start.cjs';
import { projectRoot } from '../../../src/project-root';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-first-command-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** An executable shell script. */
function script(file: string, body: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
}
/** A fake pwsh that reports `version` for $PSVersionTable.PSVersion. */
const fakePwsh = (file: string, version: string): string => script(file, `echo ${version}`);
/**
 * A PATH of `bin` plus the few tools the fake scripts use, linked one by one: never the machine's real pwsh or
 * dotnet (CI has the .NET SDK in /usr/bin).
 */
function pathWith(bin: string): string {
  const tools = path.join(dir, 'tools');
  if (!fs.existsSync(tools)) {
    fs.mkdirSync(tools);
    for (const name of ['mkdir', 'chmod']) {
      const real = onPath(name);
      if (!real) throw new Error(`${name} is not on PATH`);
      fs.symlinkSync(real, path.join(tools, name));
    }
  }
  return [bin, tools].join(path.delimiter);
}

describe('which PowerShell 7 (build/pwsh-tool.cjs)', () => {
  it('the test PATH has no pwsh or dotnet of its own (else these tests prove nothing)', () => {
    const empty = pathWith(path.join(dir, 'empty'));
    expect(onPath('pwsh', { PATH: empty })).toBeUndefined();
    expect(onPath('dotnet', { PATH: empty })).toBeUndefined();
    expect(onPath('mkdir', { PATH: empty })).toBeDefined();
  });

  it('takes pwsh on PATH when it is 7.x and nothing is installed', () => {
    const pwsh = fakePwsh(path.join(dir, 'bin', 'pwsh'), '7.4.6');
    expect(findPwsh(path.join(dir, 'root'), { PATH: pathWith(path.dirname(pwsh)) })).toEqual({
      exe: pwsh,
      version: '7.4.6',
      source: 'path',
    });
  });

  it('does not take a pwsh 6 on PATH, nor one that does not start', () => {
    const bin = path.join(dir, 'bin');
    fakePwsh(path.join(bin, 'pwsh'), '6.2.7');
    expect(findPwsh(path.join(dir, 'root'), { PATH: pathWith(bin) })).toBeUndefined();
    script(path.join(bin, 'pwsh'), 'exit 1');
    expect(findPwsh(path.join(dir, 'root'), { PATH: pathWith(bin) })).toBeUndefined();
  });

  it('prefers the pinned copy in .tools/pwsh when it runs (as locate.ts does); trustBundled does not start it', () => {
    const root = path.join(dir, 'root');
    const bundled = fakePwsh(path.join(root, '.tools', 'pwsh', 'pwsh'), PWSH_VERSION);
    const bin = path.dirname(fakePwsh(path.join(dir, 'bin', 'pwsh'), '7.4.6'));
    expect(findPwsh(root, { PATH: pathWith(bin) })).toEqual({
      exe: bundled,
      version: PWSH_VERSION,
      source: 'tools',
    });
    script(bundled, 'exit 1');
    expect(findPwsh(root, { PATH: pathWith(bin) })?.source).toBe('path');
    expect(findPwsh(root, { PATH: pathWith(bin) }, { trustBundled: true })?.exe).toBe(bundled);
  });
});

/** A copy of the launchers in a project of its own, with a fake dist/cli/main.js that prints its arguments. */
function launcherProject(): string {
  const root = path.join(dir, 'project');
  fs.mkdirSync(path.join(root, 'build'), { recursive: true });
  for (const f of ['start.cjs', 'pwsh-tool.cjs', 'ensure-pwsh.mjs', 'ps51-refs.cjs']) {
    fs.copyFileSync(path.join(projectRoot(), 'build', f), path.join(root, 'build', f));
  }
  fs.mkdirSync(path.join(root, 'src'), { recursive: true });
  fs.writeFileSync(path.join(root, 'src', 'a.ts'), 'export {};\n');
  fs.mkdirSync(path.join(root, 'dist', 'cli'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'dist', 'cli', 'main.js'),
    'process.stdout.write(`cli ${process.argv.slice(2).join(" ")}\\n`); process.exitCode = 23;\n',
  );
  const old = new Date(Date.now() - 60_000);
  fs.utimesSync(path.join(root, 'src', 'a.ts'), old, old);
  fs.utimesSync(path.join(root, 'src'), old, old);
  fs.writeFileSync(path.join(root, STAMP), 'built\n');
  return root;
}

/** The two files build/ps51-refs.cjs looks for, under a --packages folder. */
const REF_MARKERS = [
  'microsoft.netframework.referenceassemblies.net48/1.0.3/build/.NETFramework/v4.8/mscorlib.dll',
  'powershellstandard.library/5.1.1/lib/net452/System.Management.Automation.dll',
];

/**
 * A fake `dotnet tool install --tool-path <dir> PowerShell --version <v>` that writes a pwsh reporting <v>, and a
 * fake `dotnet restore <csproj> --packages <dir> ...` that lays out the two reference assemblies' marker files.
 */
function fakeDotnet(bin: string, log: string): void {
  script(
    path.join(bin, 'dotnet'),
    [
      `echo "$@" >> '${log}'`,
      'if [ "$1" = restore ]; then',
      ...REF_MARKERS.map((m) => `  mkdir -p "$4/${path.posix.dirname(m)}"; : > "$4/${m}"`),
      '  exit 0',
      'fi',
      'dir="$4"; version="$7"',
      'mkdir -p "$dir"',
      'printf "#!/bin/sh\\necho %s\\n" "$version" > "$dir/pwsh"; chmod +x "$dir/pwsh"',
      'echo "Tool pwsh installed" ',
    ].join('\n'),
  );
}

describe('npm start (build/start.cjs)', () => {
  it('without any PowerShell: installs the pinned one once, with a progress line on stderr, then runs the CLI', () => {
    const root = launcherProject();
    const bin = path.join(dir, 'bin');
    const log = path.join(dir, 'dotnet.log');
    fakeDotnet(bin, log);
    const run = () =>
      spawnSync(process.execPath, [path.join(root, 'build', 'start.cjs'), 'audit', '--no-log'], {
        encoding: 'utf8',
        env: { PATH: pathWith(bin), HOME: dir },
      });
    const first = run();
    expect(first.stderr).toContain(
      `installing PowerShell ${PWSH_VERSION} for the simulated PC (one time, ~1 min)...`,
    );
    // dotnet's own lines go to stderr: stdout is the command's alone (--json).
    expect(first.stdout).toBe('cli audit --no-log\n');
    expect(first.status).toBe(23);
    expect(fs.readFileSync(log, 'utf8')).toBe(
      `tool install --tool-path ${path.join(root, '.tools', 'pwsh')} PowerShell --version ${PWSH_VERSION}\n`,
    );
    // The second time it is there: no install, no progress line, no compile (nothing changed).
    const second = run();
    expect(second.stderr).toBe('');
    expect(second.stdout).toBe('cli audit --no-log\n');
    expect(fs.readFileSync(log, 'utf8').split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('takes pwsh 7 on PATH and installs nothing; --help, report and package need no PowerShell', () => {
    const root = launcherProject();
    const bin = path.join(dir, 'bin');
    const log = path.join(dir, 'dotnet.log');
    fakeDotnet(bin, log);
    const start = (args: string[], extraBin?: string) =>
      spawnSync(process.execPath, [path.join(root, 'build', 'start.cjs'), ...args], {
        encoding: 'utf8',
        env: { PATH: extraBin ? `${extraBin}:${pathWith(bin)}` : pathWith(bin), HOME: dir },
      });
    for (const args of [['--help'], ['report', 'x'], ['package', 'intune'], []]) {
      expect(start(args).stderr).toBe('');
    }
    const pwshBin = path.dirname(fakePwsh(path.join(dir, 'pwsh-bin', 'pwsh'), '7.5.0'));
    expect(start(['audit'], pwshBin).stderr).toBe('');
    expect(fs.existsSync(log)).toBe(false);
  });

  it('a failed install says why and what to install, then still runs the CLI (which reports exit 25 and its hint)', () => {
    const root = launcherProject();
    const r = spawnSync(process.execPath, [path.join(root, 'build', 'start.cjs'), 'audit'], {
      encoding: 'utf8',
      env: { PATH: pathWith(path.join(dir, 'empty')), HOME: dir },
    });
    expect(r.stderr).toMatch(/installing PowerShell/);
    expect(r.stderr).toMatch(
      /could not install PowerShell .* Install the \.NET SDK .* or put PowerShell 7 on PATH/,
    );
    expect(r.stdout).toBe('cli audit\n');
  });

  it('compiles only when something under src/ or a tsconfig changed since the last good build', () => {
    const root = launcherProject();
    expect(INPUTS).toEqual(['src', 'tsconfig.json', 'tsconfig.build.json']);
    expect(needsBuild(root)).toBe(false);
    fs.writeFileSync(path.join(root, 'src', 'a.ts'), 'export const changed = 1;\n');
    expect(needsBuild(root)).toBe(true);
    fs.writeFileSync(path.join(root, STAMP), 'built\n');
    expect(needsBuild(root)).toBe(false);
    // Deleting a file dates its folder: the stale output would otherwise survive.
    const later = new Date(Date.now() + 5_000);
    fs.rmSync(path.join(root, 'src', 'a.ts'));
    fs.utimesSync(path.join(root, 'src'), later, later);
    expect(needsBuild(root)).toBe(true);
    fs.rmSync(path.join(root, STAMP));
    expect(needsBuild(root)).toBe(true);
  });

  it.each([
    [['audit'], true],
    [['--simulate', 'builtin:zh-CN', 'fix', '--yes'], true],
    [['status', '--json'], true],
    [['audit', '--help'], false],
    [['--version'], false],
    [['report', 'reports'], false],
    [['package', 'intune'], false],
    [[], false],
  ])('%j starts PowerShell: %s', (args, expected) => {
    expect(needsPowerShell(args)).toBe(expected);
  });
});

describe('npm test setup (build/ensure-pwsh.mjs)', () => {
  it('offline with pwsh 7 on PATH and the 5.1 reference assemblies restored: uses them and never calls dotnet', () => {
    const root = launcherProject();
    for (const m of REF_MARKERS) {
      fs.mkdirSync(path.dirname(path.join(root, '.tools', 'ps51-refs', m)), { recursive: true });
      fs.writeFileSync(path.join(root, '.tools', 'ps51-refs', m), '');
    }
    const bin = path.join(dir, 'bin');
    const log = path.join(dir, 'dotnet.log');
    fakeDotnet(bin, log);
    const pwsh = fakePwsh(path.join(bin, 'pwsh'), '7.4.6');
    const r = spawnSync(process.execPath, [path.join(root, 'build', 'ensure-pwsh.mjs')], {
      encoding: 'utf8',
      env: { PATH: pathWith(bin), HOME: dir },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(
      `ensure-pwsh: 5.1 reference assemblies in ${path.join('.tools', 'ps51-refs')} (already there)\n` +
        `ensure-pwsh: ${pwsh} (PowerShell 7.4.6, from PATH)\n`,
    );
    expect(fs.existsSync(log)).toBe(false);
  });

  it('with none: installs the pinned copy into .tools/pwsh (what .ci/run relies on, on a clean machine)', () => {
    const root = launcherProject();
    const bin = path.join(dir, 'bin');
    const log = path.join(dir, 'dotnet.log');
    fakeDotnet(bin, log);
    const r = spawnSync(process.execPath, [path.join(root, 'build', 'ensure-pwsh.mjs')], {
      encoding: 'utf8',
      env: { PATH: pathWith(bin), HOME: dir },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(
      `ensure-pwsh: ${path.join(root, '.tools', 'pwsh', 'pwsh')} (PowerShell ${PWSH_VERSION}, pinned copy)`,
    );
    expect(fs.readFileSync(log, 'utf8')).toContain(`PowerShell --version ${PWSH_VERSION}`);
  });

  it('restores the 5.1 reference assemblies once with dotnet restore into .tools/ps51-refs, then skips it', () => {
    const root = launcherProject();
    const bin = path.join(dir, 'bin');
    const log = path.join(dir, 'dotnet.log');
    fakeDotnet(bin, log);
    fakePwsh(path.join(bin, 'pwsh'), '7.4.6');
    const run = () =>
      spawnSync(process.execPath, [path.join(root, 'build', 'ensure-pwsh.mjs')], {
        encoding: 'utf8',
        env: { PATH: pathWith(bin), HOME: dir },
      });
    const first = run();
    expect({ status: first.status, stderr: first.stderr }).toEqual({ status: 0, stderr: '' });
    expect(first.stdout).toContain('5.1 reference assemblies in .tools/ps51-refs (restored now)');
    const calls = fs.readFileSync(log, 'utf8').trim().split('\n');
    expect(calls).toEqual([
      expect.stringMatching(
        /^restore \S+build\/ps51-refs\/ps51-refs\.csproj --packages \S+\.tools\/ps51-refs /,
      ),
    ]);
    const second = run();
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('5.1 reference assemblies in .tools/ps51-refs (already there)');
    expect(fs.readFileSync(log, 'utf8').trim().split('\n')).toHaveLength(1);
  });
});

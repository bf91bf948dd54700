/**
 * Simulation only: reagentc.exe, diskpart.exe, dism.exe and cmd.exe as real executables on the session's PATH, so every way a
 * script starts them (`& reagentc.exe`, bare `reagentc`, Start-Process, [System.Diagnostics.Process]::Start,
 * `cmd /c reagentc /info`) reaches the simulated PC as it reaches System32 on Windows (docs/simulation.md
 * "Executables"). Each is a shell script that runs simulator/host/native-host.ps1 in the session's pwsh with the
 * simulator library beside it; the machine is the session's ($WINREFIX_SIM_MACHINE, inherited).
 *
 * The folder depends only on the simulator's source, the host and the pwsh that runs them, so it is written once
 * per version under the temp folder (content-addressed) and shared by every session; a folder that this user
 * does not own, or that others may write to, is never used (another is made for this process).
 * Not on Windows: there shell scripts are not programs, and a real reagentc.exe is in System32; the simulator is
 * only run on Linux/macOS (tests), so a Windows test build gets no executables.
 *
 * By full path (docs/simulation.md "Executables"): .NET's Process.Start on Linux takes `C:\Windows\System32\reagentc.exe`
 * as a RELATIVE file name (backslashes are not separators there) and, like CreateProcess, looks for it beside the
 * running program, in the current directory, then in each PATH folder, by that literal name
 * (https://github.com/dotnet/runtime/blob/main/src/libraries/System.Diagnostics.Process/src/System/Diagnostics/Process.Unix.cs,
 * ResolvePath). So the folder also holds entries literally named `C:\Windows\System32\<name>` (symbolic links to
 * the program beside them) in the casings scripts write: the .NET route reaches the simulated program however the
 * script's current directory moves. PowerShell's own routes (`& C:\Windows\System32\reagentc.exe`, Start-Process,
 * Get-Command) go through the C: drive instead (simulator/60-FileSystem.ps1, Sync-SimFsHost).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readAsset } from '../assets';

/** File names on PATH, and which simulated program each one is. Windows finds any casing; Linux only these. */
export const SIMULATED_PROGRAMS: Readonly<
  Record<string, 'reagentc' | 'diskpart' | 'dism' | 'cmd' | 'defrag'>
> = {
  reagentc: 'reagentc',
  'reagentc.exe': 'reagentc',
  'ReAgentc.exe': 'reagentc',
  'REAGENTC.EXE': 'reagentc',
  diskpart: 'diskpart',
  'diskpart.exe': 'diskpart',
  'DiskPart.exe': 'diskpart',
  'DISKPART.EXE': 'diskpart',
  dism: 'dism',
  'dism.exe': 'dism',
  'Dism.exe': 'dism',
  'DISM.EXE': 'dism',
  cmd: 'cmd',
  'cmd.exe': 'cmd',
  'CMD.EXE': 'cmd',
  defrag: 'defrag',
  'defrag.exe': 'defrag',
  'Defrag.exe': 'defrag',
  'DEFRAG.EXE': 'defrag',
};

/**
 * `%SystemRoot%\System32` as scripts spell it: $env:SystemRoot and $env:windir give `C:\Windows`, many PCs (and
 * [Environment]::SystemDirectory) `C:\WINDOWS\system32`; a lower-case drive letter comes from hand-written paths.
 * DEVIATION: only drive C: (a system drive of another letter is reached by .NET full path only through its C: form).
 */
const SYSTEM32_PREFIXES: readonly string[] = ['C:', 'c:'].flatMap((drive) =>
  ['Windows', 'WINDOWS', 'windows'].flatMap((windows) =>
    ['System32', 'system32', 'SYSTEM32'].map((sys) => `${drive}\\${windows}\\${sys}\\`),
  ),
);

/** The entries named by a full Windows path, each a symbolic link to the program of that name in the folder. */
export function fullPathLinks(): Map<string, string> {
  const out = new Map<string, string>();
  for (const prefix of SYSTEM32_PREFIXES) {
    for (const name of Object.keys(SIMULATED_PROGRAMS)) out.set(`${prefix}${name}`, name);
  }
  return out;
}

const HOST = 'simulator/host/native-host.ps1';

function shQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function files(librarySource: string, pwsh: string, folder: string): Map<string, string> {
  const out = new Map<string, string>();
  out.set('simulator.ps1', librarySource);
  out.set('native-host.ps1', readAsset(HOST));
  const host = path.join(folder, 'native-host.ps1');
  for (const [name, tool] of Object.entries(SIMULATED_PROGRAMS)) {
    out.set(
      name,
      `#!/bin/sh\n# ${name}: the simulated ${tool} (src/simulation/executables.ts)\nexec ${shQuote(pwsh)} -NoProfile -NonInteractive -File ${shQuote(host)} ${tool} "$@"\n`,
    );
  }
  return out;
}

function usable(folder: string): boolean {
  try {
    const st = fs.lstatSync(folder);
    const uid = process.getuid?.();
    return st.isDirectory() && (uid === undefined || st.uid === uid) && (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

function complete(folder: string, wanted: Map<string, string>): boolean {
  for (const [name, text] of wanted) {
    try {
      if (fs.readFileSync(path.join(folder, name), 'utf8') !== text) return false;
    } catch {
      return false;
    }
  }
  for (const [name, target] of fullPathLinks()) {
    try {
      if (fs.readlinkSync(path.join(folder, name)) !== target) return false;
    } catch {
      return false;
    }
  }
  return true;
}

function fill(folder: string, wanted: Map<string, string>): void {
  for (const [name, text] of wanted) {
    fs.writeFileSync(path.join(folder, name), text, { mode: name.endsWith('.ps1') ? 0o644 : 0o755 });
  }
  for (const [name, target] of fullPathLinks()) fs.symlinkSync(target, path.join(folder, name));
}

/**
 * The folder holding the simulated programs for this simulator source and pwsh; undefined on Windows. Written
 * atomically (a filled temp folder renamed into place), so concurrent sessions never see half a folder.
 */
export function simulatedProgramsFolder(librarySource: string, pwsh: string): string | undefined {
  if (process.platform === 'win32') return undefined;
  const hash = createHash('sha256')
    .update(librarySource)
    .update('\0')
    .update(readAsset(HOST))
    .update('\0')
    .update(pwsh)
    .update('\0')
    // The folder's layout too: a folder written by an older layout is never taken for this one.
    .update(JSON.stringify([...fullPathLinks()]))
    .digest('hex')
    .slice(0, 16);
  const uid = process.getuid?.() ?? 0;
  const folder = path.join(os.tmpdir(), `winre-fix-sim-bin-${uid}-${hash}`);
  const wanted = files(librarySource, pwsh, folder);
  if (usable(folder) && complete(folder, wanted)) return folder;
  if (!fs.existsSync(folder)) {
    const staging = fs.mkdtempSync(path.join(os.tmpdir(), `winre-fix-sim-bin-${uid}-`));
    fill(staging, files(librarySource, pwsh, folder));
    try {
      fs.renameSync(staging, folder);
    } catch {
      fs.rmSync(staging, { recursive: true, force: true }); // another session won the race
    }
    if (usable(folder) && complete(folder, wanted)) return folder;
  }
  // Taken by someone else, or damaged: a private folder for this process (mkdtemp: 0700, ours).
  const own = fs.mkdtempSync(path.join(os.tmpdir(), `winre-fix-sim-bin-${uid}-`));
  const ownFiles = files(librarySource, pwsh, own);
  fill(own, ownFiles);
  return own;
}

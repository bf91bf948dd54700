/**
 * Conformance (.NET calls, issue 13 items 3 and 6): scripts the project wrote in the idioms of published admin
 * scripts (test/powershell/conformance/scripts/dotnet-*.ps1) call [System.IO.File], [System.IO.Directory],
 * XmlDocument.Save/Load and [Environment] with Windows paths, through real pwsh on the simulated PC, and must
 * see what Windows PowerShell 5.1 shows: files on the simulated disks (the same model the cmdlets use), .NET's
 * bytes and encodings, its exception types and texts. The stand-ins are simulator/55-DotNet.ps1; the rules and
 * sources are in docs/simulation-windows.md, ".NET calls".
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openSimHarness, type SimHarness } from '../../support/harness';
import type { SimulatedMachine } from '../../../src/contracts/generated/simulated-machine';
import { projectRoot } from '../../../src/project-root';

jest.setTimeout(180_000);

const BOM_UTF8 = Buffer.from([0xef, 0xbb, 0xbf]);

function script(name: string): string {
  return fs.readFileSync(
    path.join(projectRoot(), 'test', 'powershell', 'conformance', 'scripts', name),
    'utf8',
  );
}

type Volume = NonNullable<SimulatedMachine['disks'][number]['partitions'][number]['volume']>;
type FileRecord = Volume['files'][number];

function fileOnC(h: SimHarness, relative: string): FileRecord | undefined {
  const m = h.machine<SimulatedMachine>();
  for (const d of m.disks)
    for (const p of d.partitions)
      if (p.driveLetter === 'C' && p.volume)
        return p.volume.files.find((x) => x.path.toLowerCase() === relative.toLowerCase());
  throw new Error('no C:');
}

/** The record holds exactly these bytes: size and SHA-256 as Get-Item and Get-FileHash report them. */
function expectBytes(f: FileRecord | undefined, bytes: Buffer): void {
  expect(f).toBeDefined();
  const sha256 = crypto.createHash('sha256').update(bytes).digest('hex').toUpperCase();
  expect({ size: f!.size, sha256: f!.sha256 }).toEqual({ size: bytes.length, sha256 });
}

let h: SimHarness;
beforeEach(() => {
  h = openSimHarness('win10-22h2-gpt-small-winre');
});
afterEach(async () => {
  await h.dispose();
});

test('a log and a backup kept with [System.IO.File] and [System.IO.Directory] land on C:, as on Windows', async () => {
  const r = await h.snippet(script('dotnet-admin-log.ps1'));
  expect(r.errors).toEqual([]);
  const root = 'C:\\ProgramData\\Contoso\\WinRE';
  expect(r.output).toEqual([
    {
      existedBefore: false,
      folder: true,
      lines: ['Detect: WinRE partition too small', 'Remediate: started'],
      backupLines: ['Partition 3 OS', 'Partition 4 Recovery'],
      removed: false,
      files: [`${root}\\partitions.bak`],
      logs: [`${root}\\Logs\\remediation.log`],
      folders: [`${root}\\Logs`],
      attributes: 'Archive',
    },
  ]);
  // AppendAllText with a BOM-writing encoding: the BOM once, at the start (a StreamWriter writes its preamble
  // only at position 0: https://learn.microsoft.com/dotnet/api/system.io.file.appendalltext).
  expectBytes(
    fileOnC(h, '\\ProgramData\\Contoso\\WinRE\\Logs\\remediation.log'),
    Buffer.concat([BOM_UTF8, Buffer.from('Detect: WinRE partition too small\r\nRemediate: started\r\n')]),
  );
  // WriteAllLines: UTF-8 without BOM, each line ending with Windows's NewLine (CRLF).
  expectBytes(
    fileOnC(h, '\\ProgramData\\Contoso\\WinRE\\partitions.bak'),
    Buffer.from('Partition 3 OS\r\nPartition 4 Recovery\r\n'),
  );
  expect(fileOnC(h, '\\ProgramData\\Contoso\\WinRE\\partitions.txt')).toBeUndefined();
  // Each .NET write is one mutation of the machine, like a cmdlet's: a power cut falls between two of them.
  const log = (h.machine() as unknown as { trace: { log: { command: string; detail: string }[] } }).trace.log;
  expect(log.filter((e) => e.command.startsWith('[System.IO.File]')).map((e) => e.command)).toEqual([
    '[System.IO.File]::AppendAllText',
    '[System.IO.File]::AppendAllText',
    '[System.IO.File]::WriteAllLines',
  ]);
});

test('a .NET write to C:\\ lands on the simulated disk and the cmdlets see it at once', async () => {
  const r = await h.snippet(script('files-dotnet-write.ps1'));
  expect(r.errors).toEqual([]);
  expect(r.output).toEqual([{ exists: true, content: '{"resize":true}', resize: true }]);
  // File.WriteAllText without an encoding: UTF-8 without a BOM
  // (https://learn.microsoft.com/dotnet/api/system.io.file.writealltext).
  expectBytes(fileOnC(h, '\\Windows\\Temp\\winre-settings.json'), Buffer.from('{"resize":true}'));
});

test('XmlDocument.Load reads ReAgent.xml and XmlDocument.Save writes the bytes Windows writes', async () => {
  const r = await h.snippet(script('dotnet-xml-config.ps1'));
  expect(r.errors).toEqual([]);
  const text =
    '<?xml version="1.0" encoding="utf-8"?>\r\n<WinReFix>\r\n  <Partition size="1024" />\r\n</WinReFix>';
  expect(r.output).toEqual([{ winreGuid: true, location: expect.any(String), size: '1024', text }]);
  // A declaration naming utf-8 writes a BOM; indented, CRLF line ends (Environment.NewLine on Windows).
  expectBytes(fileOnC(h, '\\ProgramData\\winre-config.xml'), Buffer.concat([BOM_UTF8, Buffer.from(text)]));
});

test('a Write-Log over a StreamWriter appends CRLF lines to C:, read back with a StreamReader', async () => {
  const r = await h.snippet(script('dotnet-stream-log.ps1'));
  expect(r.errors).toEqual([]);
  expect(r.output).toEqual([
    { lines: ['[INFO] Checking the recovery partition', '[INFO] Done'], summary: 'ok' },
  ]);
  // StreamWriter(path, append): UTF-8 without BOM, WriteLine ends with Environment.NewLine (CRLF on Windows);
  // each Close flushes the buffer to the file (https://learn.microsoft.com/dotnet/api/system.io.streamwriter.-ctor).
  expectBytes(
    fileOnC(h, '\\Windows\\Temp\\WinRE-Remediation.log'),
    Buffer.from('[INFO] Checking the recovery partition\r\n[INFO] Done\r\n'),
  );
  expectBytes(fileOnC(h, '\\Windows\\Temp\\summary.txt'), Buffer.from('ok'));
});

test('[System.IO.Path] splits and joins Windows paths as Windows does', async () => {
  const r = await h.snippet(script('dotnet-path.ps1'));
  expect(r.errors).toEqual([]);
  // https://learn.microsoft.com/dotnet/standard/io/file-path-formats
  expect(r.output).toEqual([
    {
      fileName: 'Winre.wim',
      folder: 'C:\\Windows\\System32\\Recovery',
      rootParent: true,
      extension: '.wim',
      baseName: 'Winre',
      backup: 'C:\\Windows\\System32\\Recovery\\Winre.bak',
      combined: 'C:\\Windows\\System32\\reagentc.exe',
      rootedWins: 'D:\\Other',
      root: '\\\\server\\share',
      rooted: true,
      full: 'C:\\Windows\\Temp\\x.log',
      separator: '\\',
      written: true,
    },
  ]);
});

test('failing .NET file calls throw the exception types and texts of .NET Framework 4.8', async () => {
  const r = await h.snippet(script('dotnet-errors.ps1'));
  expect(r.errors).toEqual([]);
  expect(r.output).toEqual([
    {
      missingFile: "System.IO.FileNotFoundException: Could not find file 'C:\\Temp\\missing.txt'.",
      missingFolder:
        "System.IO.DirectoryNotFoundException: Could not find a part of the path 'C:\\NoSuchFolder\\a.txt'.",
      copyExisting: "System.IO.IOException: The file 'C:\\Temp\\Full\\a.txt' already exists.",
      notEmpty: 'System.IO.IOException: The directory is not empty.\r\n',
      folderAsFile: "System.UnauthorizedAccessException: Access to the path 'C:\\Temp\\Full' is denied.",
      noDrive: "System.IO.DirectoryNotFoundException: Could not find a part of the path 'Q:\\a.txt'.",
      notSimulated: expect.stringMatching(
        /^System\.NotSupportedException: Simulator: \[System\.IO\.File\]::GetLastWriteTime on 'C:\\Temp\\Full\\a\.txt' is not simulated/,
      ),
      recursive: 'no error',
      gone: false,
      recorded: ['MethodInvocationException'],
      errorCount: 7,
    },
  ]);
});

test('[Environment] answers as on the simulated SYSTEM process, names in any casing', async () => {
  const r = await h.snippet(script('dotnet-environment.ps1'));
  expect(r.errors).toEqual([]);
  const m = h.machine<SimulatedMachine>();
  expect(r.output).toEqual([
    {
      systemDirectory: 'C:\\Windows\\system32',
      fullName: 'C:\\Windows\\system32',
      programData: 'C:\\ProgramData',
      system: 'C:\\Windows\\system32',
      // Unknown names stay as written (https://learn.microsoft.com/dotnet/api/system.environment.expandenvironmentvariables).
      expanded: 'C:\\Windows\\System32\\reagentc.exe %NOT_SET%',
      temp: 'C:\\Windows\\TEMP',
      machineTemp: 'C:\\Windows\\TEMP',
      machineName: m.os.computerName,
      userName: `${m.os.computerName}$`,
      drives: ['C:\\'],
      is64: true,
      processorCount: true,
    },
  ]);
});

test('host paths still reach the real .NET members (the simulator and the bridge use them)', async () => {
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'winre-dotnet-'));
  try {
    const file = path.join(dir, 'real.txt');
    const r = await h.snippet(
      `[System.IO.File]::WriteAllText('${file}', 'host'); [ordered]@{ text = [System.IO.File]::ReadAllText('${file}'); onC = Test-Path -Path 'C:\\real.txt' }`,
    );
    expect(r.errors).toEqual([]);
    expect(r.output).toEqual([{ text: 'host', onC: false }]);
    expect(fs.readFileSync(file, 'utf8')).toBe('host');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a write by a command the simulator does not shadow is still reported, never left next to the tests', async () => {
  const before = new Set(fs.readdirSync(projectRoot()));
  const r = await h.snippet(
    "$ErrorActionPreference = 'Stop'; [pscustomobject]@{ a = 1 } | Export-Csv -Path 'C:\\winre.csv' -NoTypeInformation; Test-Path -Path 'C:\\winre.csv'",
  );
  expect(r.errors.length).toBeGreaterThan(0);
  for (const e of r.errors) expect(e.message).toContain('was written outside the simulated disks');
  expect(fs.readdirSync(projectRoot()).filter((f) => !before.has(f))).toEqual([]);
  expect(fileOnC(h, '\\winre.csv')).toBeUndefined();
});

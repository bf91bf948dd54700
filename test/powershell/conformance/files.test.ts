/**
 * Conformance (files, issue 13 item 3): scripts the project wrote in the idioms of published admin scripts
 * (test/powershell/conformance/scripts/files-*.ps1) run through real pwsh on the simulated PC, and must do what
 * they do on Windows PowerShell 5.1: logs with Out-File -Append / Add-Content / Start-Transcript / > / >>, a
 * diskpart script file written with Out-File -Encoding ascii and run with diskpart /s, a Copy-Item -Recurse backup
 * of a mounted recovery partition kept with Rename-Item, nested New-Item -ItemType Directory, Select-String over
 * a log, and the bytes Windows writes in each encoding. Sources beside each expectation; the rules and their
 * sources are in docs/simulation-windows.md, "Files".
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openSimHarness, type SimHarness } from '../../support/harness';
import type { SimulatedMachine } from '../../../src/contracts/generated/simulated-machine';
import { projectRoot } from '../../../src/project-root';

jest.setTimeout(180_000);

const BOM_UTF8 = Buffer.from([0xef, 0xbb, 0xbf]);
const BOM_UTF16LE = Buffer.from([0xff, 0xfe]);

function script(name: string): string {
  return fs.readFileSync(
    path.join(projectRoot(), 'test', 'powershell', 'conformance', 'scripts', name),
    'utf8',
  );
}

function sha256(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex').toUpperCase();
}

type Volume = NonNullable<SimulatedMachine['disks'][number]['partitions'][number]['volume']>;
type FileRecord = Volume['files'][number];

function volumeC(h: SimHarness): Volume {
  const m = h.machine<SimulatedMachine>();
  for (const d of m.disks)
    for (const p of d.partitions) if (p.driveLetter === 'C' && p.volume) return p.volume;
  throw new Error('no C:');
}

function fileOnC(h: SimHarness, relative: string): FileRecord {
  const f = volumeC(h).files.find((x) => x.path.toLowerCase() === relative.toLowerCase());
  if (!f) throw new Error(`${relative} is not on C:`);
  return f;
}

/** The record holds exactly these bytes: size and SHA-256 as Get-Item and Get-FileHash report them. */
function expectBytes(f: FileRecord, bytes: Buffer): void {
  expect({ size: f.size, sha256: f.sha256 }).toEqual({ size: bytes.length, sha256: sha256(bytes) });
}

let h: SimHarness;
beforeEach(() => {
  h = openSimHarness('win10-22h2-gpt-small-winre');
});
afterEach(async () => {
  await h.dispose();
});

test('a remediation log: New-Item -Force of nested folders, Out-File -Append -Encoding utf8, Add-Content, a transcript, Select-String', async () => {
  const r = await h.snippet(script('files-remediation-log.ps1'));
  expect(r.errors).toEqual([]);
  const lines = [
    '2024-06-01 10:00:00 [INFO] Starting WinRE remediation',
    expect.stringMatching(/^2024-06-01 10:00:00 \[INFO\] C: has \d+ bytes free$/),
    '2024-06-01 10:00:00 [ERROR] Resize-Partition failed: Size Not Supported',
    'Summary: 1 error',
  ];
  expect(r.output).toEqual([
    { errorLines: [3], errorFile: ['Remediate-WinRE.log'], lines: expect.arrayContaining(lines) },
  ]);
  const out = r.output[0] as { lines: string[] };
  expect(out.lines).toHaveLength(4);
  // Windows PowerShell 5.1: -Encoding UTF8 writes a BOM; Add-Content appends to a file with a BOM in its encoding
  // (about_Character_Encoding, 5.1; PowerShell issue 9423); every line ends in CRLF.
  const log = fileOnC(h, '\\ProgramData\\Contoso\\WinRE\\Logs\\Remediate-WinRE.log');
  expectBytes(log, Buffer.concat([BOM_UTF8, Buffer.from(out.lines.map((l) => `${l}\r\n`).join(''), 'utf8')]));
  // Start-Transcript: UTF-8 with a BOM (about_Character_Encoding, 5.1), holding what Write-Host showed.
  const transcript = fileOnC(h, '\\ProgramData\\Contoso\\WinRE\\Logs\\Remediate-WinRE-transcript.log');
  expect(transcript.encoding).toBe('utf8bom');
  expect(transcript.content).toContain('[ERROR] Resize-Partition failed: Size Not Supported\r\n');
});

test('a diskpart script written with Out-File -Encoding ascii runs with diskpart /s; > and >> write UTF-16LE with one BOM', async () => {
  const r = await h.snippet(script('files-diskpart-script.ps1'));
  expect(r.errors).toEqual([]);
  expect(r.output).toEqual([{ exitCode: 0, listed: 4, script: ['select disk 0', 'list partition'] }]);
  // -Encoding ascii: no BOM, one byte a character, CRLF after each line.
  expectBytes(
    fileOnC(h, '\\Windows\\Temp\\winre-list.txt'),
    Buffer.from('select disk 0\r\nlist partition\r\n', 'ascii'),
  );
  // > and >> are Out-File (5.1: -Encoding Unicode): UTF-16LE, the BOM once, appends never match another encoding
  // (about_Character_Encoding, 5.1; https://github.com/PowerShell/PowerShell/issues/9423).
  const log = fileOnC(h, '\\Windows\\Temp\\winre-diskpart.log');
  expect(log.encoding).toBe('unicode');
  const text = log.content ?? '';
  expect(text.startsWith('diskpart exit code: 0\r\n')).toBe(true);
  expect(text).toMatch(/Partition 4/);
  expectBytes(log, Buffer.concat([BOM_UTF16LE, Buffer.from(text, 'utf16le')]));
});

test('a Copy-Item -Recurse backup of the mounted recovery partition, the previous one kept with Rename-Item', async () => {
  const first = await h.snippet(script('files-recovery-backup.ps1'));
  expect(first.errors).toEqual([]);
  const wim = h
    .machine<SimulatedMachine>()
    .disks[0]!.partitions[3]!.volume!.files.find((f) => f.path.endsWith('Winre.wim'))!;
  expect(first.output).toEqual([
    {
      hash: wim.sha256,
      folders: ['current'],
      files: ['C:\\WinRE-Backup\\current\\Recovery\\WindowsRE\\Winre.wim'],
    },
  ]);
  const second = await h.snippet(script('files-recovery-backup.ps1'));
  expect(second.errors).toEqual([]);
  expect(second.output).toEqual([
    {
      hash: wim.sha256,
      folders: ['current', 'previous-20240601'],
      files: [
        'C:\\WinRE-Backup\\current\\Recovery\\WindowsRE\\Winre.wim',
        'C:\\WinRE-Backup\\previous-20240601\\Recovery\\WindowsRE\\Winre.wim',
      ],
    },
  ]);
  const m = h.machine<SimulatedMachine>();
  // The letter is gone again, and the copy keeps the hidden/system attributes of Winre.wim.
  expect(m.disks[0]!.partitions[3]!.driveLetter ?? 'None').toBe('None');
  const copy = fileOnC(h, '\\WinRE-Backup\\current\\Recovery\\WindowsRE\\Winre.wim');
  expect(copy).toEqual(expect.objectContaining({ size: wim.size, sha256: wim.sha256, hidden: wim.hidden }));
  // Windows copies folder by folder and file by file: each is its own write, so a power cut can fall between them.
  const log = (m as unknown as { trace: { log: { command: string; detail: string }[] } }).trace.log;
  expect(log.filter((e) => e.command === 'Copy-Item').map((e) => e.detail)).toEqual([
    'C:\\WinRE-Backup\\current\\Recovery',
    'C:\\WinRE-Backup\\current\\Recovery\\WindowsRE',
    'R:\\Recovery\\WindowsRE\\Winre.wim -> C:\\WinRE-Backup\\current\\Recovery\\WindowsRE\\Winre.wim',
    'C:\\WinRE-Backup\\current\\Recovery',
    'C:\\WinRE-Backup\\current\\Recovery\\WindowsRE',
    'R:\\Recovery\\WindowsRE\\Winre.wim -> C:\\WinRE-Backup\\current\\Recovery\\WindowsRE\\Winre.wim',
  ]);
});

test('New-Item -ItemType Directory creates missing parents; -Force returns an existing folder; a file needs its folder', async () => {
  // FileSystemProvider.NewItem uses Directory.CreateDirectory, which creates every missing parent; -Force returns an
  // existing folder without error; a file without -Force needs its folder (github.com/PowerShell/PowerShell,
  // src/System.Management.Automation/namespaces/FileSystemProvider.cs).
  const r = await h.snippet(
    "$a = New-Item -ItemType Directory -Path 'C:\\Tools\\WinRE\\Drivers'; " +
      "$b = New-Item -ItemType Directory -Path 'C:\\Tools\\WinRE\\Drivers' -Force; " +
      "New-Item -ItemType File -Path 'C:\\Nowhere\\x.txt' -ErrorAction SilentlyContinue; " +
      "$c = New-Item -ItemType File -Path 'C:\\Elsewhere\\sub\\x.txt' -Force; " +
      "Copy-Item -Path 'C:\\Tools\\WinRE' -Destination 'C:\\Tools\\Copy'; " +
      "[ordered]@{ a = $a.FullName; b = $b.FullName; c = $c.FullName; tools = (Test-Path 'C:\\Tools' -PathType Container); " +
      "copy = (Test-Path 'C:\\Tools\\Copy' -PathType Container); copyEmpty = @(Get-ChildItem 'C:\\Tools\\Copy').Count }",
  );
  expect(r.errors).toEqual([
    expect.objectContaining({
      message: "Could not find a part of the path 'C:\\Nowhere\\x.txt'.",
      exceptionType: 'System.IO.DirectoryNotFoundException',
    }),
  ]);
  // Copy-Item of a folder without -Recurse makes the empty folder (FileSystemProvider.CopyDirectoryInfoItem).
  expect(r.output).toEqual([
    {
      a: 'C:\\Tools\\WinRE\\Drivers',
      b: 'C:\\Tools\\WinRE\\Drivers',
      c: 'C:\\Elsewhere\\sub\\x.txt',
      tools: true,
      copy: true,
      copyEmpty: 0,
    },
  ]);
});

test('encodings as Windows PowerShell 5.1 writes and reads them: Set-Content ANSI, Out-File UTF-16LE, mixed appends', async () => {
  const r = await h.snippet(
    "$e = [char]0xE9; ('caf' + $e) | Set-Content -Path 'C:\\Windows\\Temp\\ansi.txt'; " +
      "('caf' + $e) | Out-File -FilePath 'C:\\Windows\\Temp\\unicode.txt'; " +
      "'x' >> 'C:\\Windows\\Temp\\ansi.txt'; " +
      "[ordered]@{ ansi = @(Get-Content 'C:\\Windows\\Temp\\ansi.txt' -Encoding Byte); unicode = (Get-Content 'C:\\Windows\\Temp\\unicode.txt'); " +
      "asUtf8 = (Get-Content 'C:\\Windows\\Temp\\ansi.txt' -Encoding UTF8 -TotalCount 1); raw = (Get-Content 'C:\\Windows\\Temp\\unicode.txt' -Raw) }",
  );
  expect(r.errors).toEqual([]);
  // Set-Content: ANSI (Windows-1252 on an en-US PC), no BOM; >> then appends UTF-16LE without a BOM
  // (https://github.com/MicrosoftDocs/PowerShell-Docs/issues/1483, https://github.com/PowerShell/PowerShell/issues/9423).
  expect(r.output).toEqual([
    {
      ansi: [0x63, 0x61, 0x66, 0xe9, 0x0d, 0x0a, 0x78, 0x00, 0x0d, 0x00, 0x0a, 0x00],
      unicode: 'café',
      asUtf8: 'caf\ufffd',
      raw: 'café\r\n',
    },
  ]);
  expectBytes(
    fileOnC(h, '\\Windows\\Temp\\unicode.txt'),
    Buffer.concat([BOM_UTF16LE, Buffer.from('café\r\n', 'utf16le')]),
  );
});

test('Join-Path and Split-Path join and split paths on C: with backslashes, as on Windows', async () => {
  const r = await h.snippet(script('files-join-path.ps1'));
  expect(r.errors).toEqual([]);
  // https://learn.microsoft.com/powershell/module/microsoft.powershell.management/join-path, .../split-path
  expect(r.output).toEqual([
    {
      logDir: 'C:\\ProgramData\\Contoso\\Logs',
      reagentc: 'C:\\Windows\\System32\\reagentc.exe',
      piped: ['C:\\Windows\\x.txt', 'C:\\Temp\\x.txt'],
      parent: 'C:\\Windows\\System32\\Recovery',
      leaf: 'winre.log',
      qualifier: 'C:',
      noQualifier: '\\ProgramData\\Contoso\\Logs\\winre.log',
      written: true,
      content: 'started',
    },
  ]);
});

test('items from Get-ChildItem pipe into Select-String, Get-FileHash, Rename-Item and Remove-Item, as provider items do', async () => {
  // FileSystem items carry PSPath, which binds -LiteralPath (alias PSPath) of the next cmdlet; Select-String
  // searches a FileInfo it is piped (about_Pipelines; Select-String, learn.microsoft.com).
  const r = await h.snippet(
    "$null = New-Item -ItemType Directory -Path 'C:\\Logs'; 'a ERROR', 'b' | Out-File 'C:\\Logs\\one.log'; 'ERROR c' | Out-File 'C:\\Logs\\two.log'; " +
      "$found = @(Get-ChildItem -Path 'C:\\Logs' -Filter '*.log' | Select-String -Pattern 'ERROR' | ForEach-Object { $_.ToString() }); " +
      "$hashes = @(Get-ChildItem -Path 'C:\\Logs' | Get-FileHash).Count; " +
      "Get-ChildItem -Path 'C:\\Logs' -Filter 'two.log' | Remove-Item; " +
      "Get-ChildItem -Path 'C:\\Logs' | Rename-Item -NewName { $_.Name + '.old' }; " +
      "[ordered]@{ found = $found; hashes = $hashes; left = @(Get-ChildItem -Path 'C:\\Logs' | ForEach-Object { $_.Name }) }",
  );
  expect(r.errors).toEqual([]);
  expect(r.output).toEqual([
    {
      found: ['C:\\Logs\\one.log:1:a ERROR', 'C:\\Logs\\two.log:1:ERROR c'],
      hashes: 2,
      left: ['one.log.old'],
    },
  ]);
});

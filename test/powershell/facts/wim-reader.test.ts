/**
 * Read-WinReFixWimInfo (ps-scripts/lib/Wim.ps1), the production branch: real files on this host, built here byte by
 * byte after wimlib's header layout (https://github.com/ebiggers/wimlib/blob/master/include/wimlib/header.h), read
 * through a real FileStream in a pwsh that loads ONLY that library (no simulator). Proves the version comes from
 * image 1's XML wherever the header points, that only the header and the XML are read, and that every damaged or
 * hostile file is reported (readable=false with the reason, or writeInProgress) rather than trusted or thrown.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { locatePowerShell } from '../../../src/adapters/powershell/locate';
import { projectRoot } from '../../../src/project-root';
import type { WimInfo } from '../../../src/contracts/generated/get-win-re-status';

jest.setTimeout(120_000);

interface WimOptions {
  version?: string;
  arch?: number;
  edition?: string;
  flags?: number;
  /** Bytes of (fake) resources between the header and the XML, as in a real WIM where the XML comes last. */
  padding?: number;
  xml?: string;
  magic?: string;
  xmlSizeOverride?: number;
  bom?: boolean;
}

function imageXml(version: string, arch: number, edition: string): string {
  const [major, minor, build, sp] = version.split('.');
  return (
    `<WIM><TOTALBYTES>563212450</TOTALBYTES><IMAGE INDEX="1"><NAME>Microsoft Windows Recovery Environment (x64)</NAME>` +
    `<WINDOWS><ARCH>${arch}</ARCH><EDITIONID>${edition}</EDITIONID><VERSION><MAJOR>${major}</MAJOR><MINOR>${minor}</MINOR>` +
    `<BUILD>${build}</BUILD><SPBUILD>${sp}</SPBUILD><SPLEVEL>0</SPLEVEL></VERSION></WINDOWS></IMAGE></WIM>`
  );
}

function wimBytes(o: WimOptions = {}): Buffer {
  const xmlText = o.xml ?? imageXml(o.version ?? '10.0.22621.3668', o.arch ?? 9, o.edition ?? 'WindowsPE');
  const xml = Buffer.concat([
    o.bom === false ? Buffer.alloc(0) : Buffer.from([0xff, 0xfe]),
    Buffer.from(xmlText, 'utf16le'),
  ]);
  const padding = o.padding ?? 4096;
  const header = Buffer.alloc(208);
  header.write(o.magic ?? 'MSWIM\0\0\0', 0, 'latin1');
  header.writeUInt32LE(208, 0x08);
  header.writeUInt32LE(0x10d00, 0x0c);
  header.writeUInt32LE(o.flags ?? 0x40002, 0x10);
  header.writeUInt32LE(32768, 0x14);
  header.writeUInt16LE(1, 0x28);
  header.writeUInt16LE(1, 0x2a);
  header.writeUInt32LE(1, 0x2c);
  // XML resource header: 7-byte size + flags byte, offset, original size.
  header.writeBigUInt64LE(BigInt(o.xmlSizeOverride ?? xml.length), 0x48);
  header.writeBigUInt64LE(BigInt(208 + padding), 0x50);
  header.writeBigUInt64LE(BigInt(xml.length), 0x58);
  return Buffer.concat([header, Buffer.alloc(padding, 0x5a), xml]);
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-wim-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes each file and reads them all in one pwsh that loads only ps-scripts/lib/Wim.ps1. */
function readAll(files: Record<string, Buffer | null>): Record<string, WimInfo> {
  const paths: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(files)) {
    paths[name] = path.join(dir, `${name}.wim`);
    if (bytes) fs.writeFileSync(paths[name]!, bytes);
  }
  const lib = path.join(projectRoot(), 'ps-scripts', 'lib', 'Wim.ps1');
  const list = Object.entries(paths)
    .map(([name, p]) => `'${name}' = (Read-WinReFixWimInfo -Path '${p}')`)
    .join('; ');
  const script =
    "$ErrorActionPreference = 'Stop'; " +
    `New-Module -Name Wim -ScriptBlock ([ScriptBlock]::Create((Get-Content -Raw -LiteralPath '${lib}'))) | Import-Module; ` +
    `[ordered]@{ ${list} } | ConvertTo-Json -Depth 4 -Compress`;
  const result = spawnSync(
    locatePowerShell().executable,
    ['-NoProfile', '-NonInteractive', '-Command', script],
    {
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1' },
      timeout: 100_000,
    },
  );
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as Record<string, WimInfo>;
}

test('reads the version, architecture and edition of image 1 from the XML the header points to', () => {
  const out = readAll({
    win11: wimBytes({ version: '10.0.22621.3668' }),
    arm: wimBytes({ version: '10.0.26100.8455', arch: 12, padding: 1_000_000 }),
    noBom: wimBytes({ version: '10.0.19041.3920', bom: false }),
  });
  expect(out['win11']).toEqual({
    readable: true,
    error: null,
    writeInProgress: false,
    imageCount: 1,
    version: '10.0.22621.3668',
    build: 22621,
    spBuild: 3668,
    architecture: 9,
    editionId: 'WindowsPE',
    // The test's XML has no INSTALLATIONTYPE element: null, not a guess.
    installationType: null,
    name: 'Microsoft Windows Recovery Environment (x64)',
  });
  expect(out['arm']).toMatchObject({
    version: '10.0.26100.8455',
    build: 26100,
    spBuild: 8455,
    architecture: 12,
  });
  expect(out['noBom']).toMatchObject({ readable: true, version: '10.0.19041.3920' });
});

test('a WIM whose header says a write is in progress is read but flagged (a damaged image)', () => {
  const out = readAll({ torn: wimBytes({ flags: 0x40002 | 0x40 }) });
  expect(out['torn']).toMatchObject({ readable: true, writeInProgress: true, version: '10.0.22621.3668' });
});

test('damaged, foreign and hostile files are reported unreadable with the reason, never thrown or trusted', () => {
  const good = wimBytes();
  const out = readAll({
    missing: null,
    short: good.subarray(0, 100),
    notWim: Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(400)]),
    badMagic: wimBytes({ magic: 'MSWIN\0\0\0' }),
    xmlPastEnd: good.subarray(0, good.length - 10),
    hugeXml: wimBytes({ xmlSizeOverride: 64 * 1024 * 1024 }),
    noImage1: wimBytes({
      xml: '<WIM><IMAGE INDEX="2"><WINDOWS><VERSION><MAJOR>10</MAJOR></VERSION></WINDOWS></IMAGE></WIM>',
    }),
    noSpBuild: wimBytes({
      xml: '<WIM><IMAGE INDEX="1"><WINDOWS><VERSION><MAJOR>10</MAJOR><MINOR>0</MINOR><BUILD>22621</BUILD></VERSION></WINDOWS></IMAGE></WIM>',
    }),
    // An external entity must never be resolved (XXE): the reader prohibits DTDs.
    dtd: wimBytes({
      xml: `<!DOCTYPE WIM [<!ENTITY x SYSTEM "file://${path.join(dir, 'win11.wim')}">]><WIM><IMAGE INDEX="1"><NAME>&x;</NAME></IMAGE></WIM>`,
    }),
  });
  for (const [name, info] of Object.entries(out)) {
    expect({ name, readable: info.readable, version: info.version }).toEqual({
      name,
      readable: false,
      version: null,
    });
    expect(info.error).toEqual(expect.any(String));
  }
  expect(out['short']?.error).toMatch(/shorter than a WIM header/);
  expect(out['notWim']?.error).toMatch(/not a WIM/);
  expect(out['badMagic']?.error).toMatch(/not a WIM/);
  expect(out['xmlPastEnd']?.error).toMatch(/outside the file/);
  expect(out['hugeXml']?.error).toMatch(/not plausible/);
  expect(out['noImage1']?.error).toMatch(/INDEX="1"/);
  expect(out['noSpBuild']?.error).toMatch(/SPBUILD/);
  expect(out['dtd']?.error).toMatch(/DTD/i);
});

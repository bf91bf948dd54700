/**
 * What reading the WinRE version costs an audit (issue 14's goal: under 5% more). Reading is two calls of
 * Read-WinReFixWimInfo (ps-scripts/lib/Wim.ps1) per audit, one per Winre.wim (active and staged). Measured here:
 *  - the audit's wall time (in-process, one persistent pwsh, the simulated PC), median of the runs;
 *  - one Read-WinReFixWimInfo call through the PRODUCTION branch (a real FileStream) on a real 600 MB sparse file
 *    laid out as a WIM (header at 0, XML at the end), median of 50 calls in one pwsh;
 *  - the share of the audit those reads are.
 * Prints figures; asserts nothing. Run: npx tsx bench/winre-version.ts [fixture] [runs]
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { auditWith } from '../src/app/audit';
import { openRun, type RunArgs } from '../src/app/run-context';
import { locatePowerShell } from '../src/adapters/powershell/locate';
import { projectRoot } from '../src/project-root';

const fixture = process.argv[2] ?? 'win11-gpt-small-winre-en';
const runs = Number(process.argv[3] ?? 5);
const root = projectRoot();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-bench-wim-'));
const machine = path.join(dir, 'machine.json');
fs.copyFileSync(path.join(root, 'test', 'fixtures', 'machines', `${fixture}.json`), machine);
const median = (xs: number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** A 600 MB sparse file: a WIM header whose XML resource sits in the last bytes, as in a real Winre.wim. */
function sparseWim(file: string): void {
  const xml = Buffer.concat([
    Buffer.from([0xff, 0xfe]),
    Buffer.from(
      '<WIM><IMAGE INDEX="1"><NAME>Microsoft Windows Recovery Environment (x64)</NAME><WINDOWS><ARCH>9</ARCH>' +
        '<EDITIONID>WindowsPE</EDITIONID><VERSION><MAJOR>10</MAJOR><MINOR>0</MINOR><BUILD>22621</BUILD>' +
        '<SPBUILD>3668</SPBUILD></VERSION></WINDOWS></IMAGE></WIM>',
      'utf16le',
    ),
  ]);
  const size = 600 * 1024 * 1024;
  const offset = size - xml.length;
  const header = Buffer.alloc(208);
  header.write('MSWIM\0\0\0', 0, 'latin1');
  header.writeUInt32LE(208, 0x08);
  header.writeUInt32LE(0x40002, 0x10);
  header.writeUInt32LE(1, 0x2c);
  header.writeBigUInt64LE(BigInt(xml.length), 0x48);
  header.writeBigUInt64LE(BigInt(offset), 0x50);
  header.writeBigUInt64LE(BigInt(xml.length), 0x58);
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, header, 0, header.length, 0);
  fs.writeSync(fd, xml, 0, xml.length, offset);
  fs.closeSync(fd);
}

async function main(): Promise<void> {
  const args: RunArgs = {
    json: true,
    quiet: true,
    verbose: false,
    log: false,
    report: false,
    simulate: machine,
    'allow-server-core': false,
  };
  const audits: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    const ctx = openRun({ command: 'audit', args, readOnly: true, silentConsole: true });
    await auditWith(ctx);
    await ctx.close();
    audits.push(performance.now() - t0);
  }
  const wim = path.join(dir, 'Winre.wim');
  sparseWim(wim);
  const lib = path.join(root, 'ps-scripts', 'lib', 'Wim.ps1');
  const script =
    `New-Module -Name Wim -ScriptBlock ([ScriptBlock]::Create((Get-Content -Raw -LiteralPath '${lib}'))) | Import-Module; ` +
    `$v = (Read-WinReFixWimInfo -Path '${wim}').version; $ms = @(); ` +
    `for ($i = 0; $i -lt 50; $i++) { $sw = [Diagnostics.Stopwatch]::StartNew(); $null = Read-WinReFixWimInfo -Path '${wim}'; $ms += $sw.Elapsed.TotalMilliseconds }; ` +
    `@{ version = $v; ms = $ms } | ConvertTo-Json -Compress`;
  const r = spawnSync(locatePowerShell().executable, ['-NoProfile', '-NonInteractive', '-Command', script], {
    encoding: 'utf8',
  });
  const read = JSON.parse(r.stdout) as { version: string; ms: number[] };
  const perCall = median(read.ms);
  const audit = median(audits);
  console.log(`fixture ${fixture}, ${runs} audits, load average ${os.loadavg()[0]?.toFixed(1)}`);
  console.log(`audit (median)                          ${audit.toFixed(0)} ms`);
  console.log(
    `Read-WinReFixWimInfo, 600 MB file       ${perCall.toFixed(2)} ms per call (median of 50; read ${read.version})`,
  );
  console.log(
    `two reads per audit, share of an audit  ${((200 * perCall) / audit).toFixed(2)} %  (goal: under 5 %)`,
  );
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();

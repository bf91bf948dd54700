import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import { ExitCode } from '../../../src/contracts/exit-codes';
import { writeRunReport } from '../../../src/report/write-report';
import { buildReport } from './report-builder';
import { parseCsv } from './csv-reader';

let dir: string;
let out: string;
let err: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-report-cmd-'));
  out = '';
  err = '';
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
});
afterEach(() => {
  jest.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

function fleet(): void {
  const reports = path.join(dir, 'reports');
  writeRunReport(reports, buildReport({ computerName: 'PC-1', runId: 'r1', verdict: 'fixed' }));
  writeRunReport(reports, buildReport({ computerName: 'PC-2', runId: 'r2', verdict: 'refused' }));
  writeRunReport(reports, buildReport({ computerName: 'PC-3', runId: 'r3', verdict: 'needs-fix' }));
  fs.writeFileSync(path.join(reports, 'junk.json'), 'nope');
}

describe('winre-fix report', () => {
  it('prints the table, writes the CSV and exits 0 even when PCs need action', async () => {
    fleet();
    const csv = path.join(dir, 'fleet.csv');
    const code = await main(['report', path.join(dir, 'reports'), '--csv', csv, '--lang', 'en']);
    expect(code).toBe(ExitCode.Success);
    expect(err).toBe('');
    expect(out).toContain('Computers that need action: 2');
    expect(out).toContain('Invalid report files: 1');
    expect(out).toContain(`CSV written to ${csv}`);
    const rows = parseCsv(fs.readFileSync(csv, 'utf8').slice(1));
    expect(rows.slice(1).map((r) => [r[0], r[1], r[2]])).toEqual([
      ['PC-2', 'refused', 'yes'],
      ['PC-3', 'needs-fix', 'yes'],
      ['PC-1', 'fixed', 'no'],
    ]);
  });

  it('--json prints one JSON document and nothing else on stdout', async () => {
    fleet();
    const code = await main(['report', path.join(dir, 'reports'), '--json']);
    expect(code).toBe(ExitCode.Success);
    const doc = JSON.parse(out) as Record<string, unknown>;
    expect(doc).toMatchObject({
      computers: 3,
      needsActionCount: 2,
      byVerdict: { fixed: 1, refused: 1, 'needs-fix': 1 },
      invalid: { count: 1 },
    });
  });

  it('--lang zh-CN prints the table in Simplified Chinese', async () => {
    fleet();
    const code = await main(['report', path.join(dir, 'reports'), '--lang', 'zh-CN']);
    expect(code).toBe(ExitCode.Success);
    expect(out).toContain('需要处理的计算机：2 台');
    expect(out).toContain('refused 已拒绝');
  });

  it('a CSV path that cannot be written is a usage error, reported before any output', async () => {
    fleet();
    const code = await main([
      'report',
      path.join(dir, 'reports'),
      '--csv',
      path.join(dir, 'no', 'such', 'x.csv'),
    ]);
    expect(code).toBe(ExitCode.Usage);
    expect(err).toContain('cannot write the CSV file');
    expect(out).toBe('');
  });

  it('a folder that does not exist is a usage error', async () => {
    const code = await main(['report', path.join(dir, 'missing')]);
    expect(code).toBe(ExitCode.Usage);
    expect(err).toContain('is not a folder');
    expect(out).toBe('');
  });
});

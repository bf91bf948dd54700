import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readReports, type ReportRead } from '../../../src/report/report-files';
import { buildReport } from './report-builder';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-report-files-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const write = (rel: string, text: string): void => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), text);
};
async function all(options = { recursive: true, maxFileBytes: 4096 }): Promise<ReportRead[]> {
  const out: ReportRead[] = [];
  for await (const read of readReports(dir, options)) out.push(read);
  return out;
}
const byFile = (reads: ReportRead[]): Record<string, string> =>
  Object.fromEntries(
    reads.map((r) => [
      path.relative(dir, r.file),
      r.kind === 'report' ? 'report' : `${r.kind}: ${r.problem}`,
    ]),
  );

describe('readReports', () => {
  it('reads every *.json report, with or without a byte-order mark, and skips temporary and other files', async () => {
    write('a.json', JSON.stringify(buildReport({ computerName: 'PC-A' })));
    write('site/b.JSON', `\uFEFF${JSON.stringify(buildReport({ computerName: 'PC-B' }))}`);
    write('.c.json', '{');
    write('notes.txt', 'x');
    const reads = await all();
    expect(byFile(reads)).toEqual({ 'a.json': 'report', 'site/b.JSON': 'report' });
    const names = reads.map((r) => (r.kind === 'report' ? r.report.computerName : '')).sort();
    expect(names).toEqual(['PC-A', 'PC-B']);
  });

  it('says why a file is not a report: too large (unparsed), not JSON, or not a run report', async () => {
    write('big.json', `"${'x'.repeat(4095)}"`);
    write('fits.json', `"${'x'.repeat(4094)}"`);
    write('cut.json', '{"schemaVersion": 1');
    const report = buildReport() as unknown as Record<string, unknown>;
    write('wrong.json', JSON.stringify({ ...report, verdict: 'bogus' }));
    const found = byFile(await all());
    expect(found['big.json']).toBe('invalid: larger than 4096 bytes');
    expect(found['fits.json']).toMatch(/^invalid: not a run report: \/ /);
    expect(found['cut.json']).toMatch(/^invalid: not JSON: /);
    expect(found['wrong.json']).toMatch(/^invalid: not a run report: \/verdict /);
  });

  it('stays in the folder unless asked to walk sub-folders', async () => {
    write('site/a.json', JSON.stringify(buildReport()));
    expect(await all({ recursive: false, maxFileBytes: 4096 })).toEqual([]);
  });

  it('reports a sub-folder it cannot open and goes on; refuses a folder it cannot open at all', async () => {
    write('first.json', JSON.stringify(buildReport({ computerName: 'PC-1' })));
    write('gone/x.json', JSON.stringify(buildReport()));
    write('kept/y.json', JSON.stringify(buildReport({ computerName: 'PC-2' })));
    const reads: ReportRead[] = [];
    for await (const read of readReports(dir, { recursive: true, maxFileBytes: 4096 })) {
      // The folder was listed already: replace a sub-folder by a file before the walk opens it.
      if (reads.length === 0) {
        fs.rmSync(path.join(dir, 'gone'), { recursive: true });
        fs.writeFileSync(path.join(dir, 'gone'), '');
      }
      reads.push(read);
    }
    const found = byFile(reads);
    expect(found['gone']).toMatch(/^unreadable-folder: folder unreadable: ENOTDIR/);
    expect(found['first.json']).toBe('report');
    expect(found['kept/y.json']).toBe('report');
    await expect(
      readReports(path.join(dir, 'none'), { recursive: true, maxFileBytes: 1 }).next(),
    ).rejects.toThrow(/ENOENT/);
  });
});

/**
 * `status` reads the newest run report when no journal says what happened last (src/engine/latest-report.ts):
 * newest first across Reports and Reports\checks, only files that pass the schema, never through a link, and a
 * bad file is a warning, never an exception.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readLatestReport } from '../../../src/engine/latest-report';
import { buildReport } from '../report/report-builder';

function folder(): { reports: string; checks: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-latest-'));
  const reports = path.join(root, 'Reports');
  const checks = path.join(reports, 'checks');
  fs.mkdirSync(checks, { recursive: true });
  return { reports, checks };
}

function put(dir: string, name: string, content: string, ageSeconds: number): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content, { mode: 0o644 });
  const t = new Date(Date.now() - ageSeconds * 1000);
  fs.utimesSync(file, t, t);
  return file;
}

describe('readLatestReport', () => {
  it('takes the newest valid report of Reports and Reports\\checks', () => {
    const { reports, checks } = folder();
    put(reports, 'PC-1.json', JSON.stringify(buildReport({ verdict: 'refused', command: 'fix' })), 60);
    const newest = put(
      checks,
      'PC-2.json',
      JSON.stringify(buildReport({ verdict: 'compliant', command: 'detect' })),
      5,
    );
    const { latest, warnings } = readLatestReport([reports, checks]);
    expect(warnings).toEqual([]);
    expect(latest?.file).toBe(newest);
    expect(latest?.report.verdict).toBe('compliant');
    expect(latest?.report.command).toBe('detect');
  });

  it('warns about a malformed, a schema-breaking and a BOM-prefixed report and never throws', () => {
    const { reports, checks } = folder();
    put(reports, 'older.json', `\uFEFF${JSON.stringify(buildReport({ verdict: 'refused' }))}`, 60);
    put(reports, 'truncated.json', '{"schemaVersion": 1, "verdict": "fix', 10);
    put(checks, 'wrong.json', JSON.stringify({ ...buildReport(), verdict: 'great' }), 5);
    const { latest, warnings } = readLatestReport([reports, checks]);
    expect(latest?.report.verdict).toBe('refused');
    expect(warnings).toHaveLength(2);
    expect(warnings.join('\n')).toMatch(/wrong\.json.*not a run report/);
    expect(warnings.join('\n')).toMatch(/truncated\.json.*not valid JSON/);
  });

  it('never reads through a link and says nothing when there is no report', () => {
    const { reports, checks } = folder();
    const outside = path.join(path.dirname(reports), 'outside.json');
    fs.writeFileSync(outside, JSON.stringify(buildReport({ verdict: 'fixed' })));
    fs.symlinkSync(outside, path.join(reports, 'link.json'));
    expect(readLatestReport([reports, checks])).toEqual({ latest: undefined, warnings: [] });
    expect(readLatestReport([path.join(reports, 'missing')])).toEqual({ latest: undefined, warnings: [] });
  });

  it('refuses a report other users can write (the state folder trust rule)', () => {
    if (process.platform === 'win32') return; // there the folder's DACL is the gate
    const { reports } = folder();
    const file = put(reports, 'PC-1.json', JSON.stringify(buildReport()), 5);
    fs.chmodSync(file, 0o666);
    const { latest, warnings } = readLatestReport([reports]);
    expect(latest).toBeUndefined();
    expect(warnings[0]).toMatch(/not trusted/);
  });
});

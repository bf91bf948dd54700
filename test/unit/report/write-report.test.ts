import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ContractViolationError } from '../../../src/errors';
import { reportFileName, writeRunReport } from '../../../src/report/write-report';
import { validatorFor } from '../../../src/schemas/validators';
import { buildReport } from './report-builder';

let dir: string;
beforeEach(() => {
  dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-report-')), 'Reports');
});
afterEach(() => {
  fs.rmSync(path.dirname(dir), { recursive: true, force: true });
});

describe('run report', () => {
  it('validates against schemas/run-report.schema.json for every verdict', () => {
    const validate = validatorFor('run-report');
    for (const verdict of [
      'compliant',
      'needs-fix',
      'refused',
      'error',
      'fixed',
      'rolled-back',
      'degraded',
      'reboot-pending',
    ] as const) {
      expect(validate(buildReport({ verdict }))).toBe(true);
    }
  });

  it('is written atomically as <computerName>-<runId>.json, creating the folder, leaving no temp file', () => {
    const report = buildReport({
      computerName: 'LAB-PC-42',
      runId: '20261125T201041Z-3fa9c1',
      verdict: 'fixed',
    });
    const written = writeRunReport(dir, report);
    expect(written).toBe(path.join(dir, 'LAB-PC-42-20261125T201041Z-3fa9c1.json'));
    expect(reportFileName(report)).toBe('LAB-PC-42-20261125T201041Z-3fa9c1.json');
    expect(JSON.parse(fs.readFileSync(written, 'utf8'))).toEqual(report);
    expect(fs.readdirSync(dir)).toEqual(['LAB-PC-42-20261125T201041Z-3fa9c1.json']);
    // A second write of the same run replaces it.
    writeRunReport(dir, { ...report, durationMs: 1 });
    expect(JSON.parse(fs.readFileSync(written, 'utf8'))).toMatchObject({ durationMs: 1 });
    expect(fs.readdirSync(dir)).toHaveLength(1);
  });

  it.each([
    ['an unknown verdict', { verdict: 'ok' }],
    ['an unknown property', { extra: true }],
    ['a computer name that is not a file name', { computerName: 'PC\\..\\evil' }],
    ['a run id with a path in it', { runId: '../x' }],
    ['a time that is not a date-time', { finishedAt: 'yesterday' }],
    ['another schema version', { schemaVersion: 2 }],
    ['a reason without a code', { reasons: [{ message: 'why' }] }],
  ])('rejects a report with %s and writes nothing', (_name, override) => {
    const bad = { ...buildReport(), ...override } as never;
    expect(() => writeRunReport(dir, bad)).toThrow(ContractViolationError);
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('rejects an outcome with negative bytes', () => {
    const bad = buildReport({ outcome: { bytesTakenFromOs: -1 } });
    expect(() => writeRunReport(dir, bad)).toThrow(/bytesTakenFromOs/);
  });
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunReport } from '../../../src/contracts/generated/run-report';
import { csvField, csvText } from '../../../src/report/csv';
import { displayWidth, languageFromEnvironment } from '../../../src/report/messages';
import { CSV_COLUMNS, renderRollupText, writeRollupCsv } from '../../../src/report/render';
import { rollUpReports, summarize, type FleetRollup } from '../../../src/report/rollup';
import { writeRunReport } from '../../../src/report/write-report';
import { buildReport } from './report-builder';
import { parseCsv } from './csv-reader';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-rollup-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const at = (day: number, hour = 10): string => new Date(Date.UTC(2026, 10, day, hour)).toISOString();
let serial = 0;
function put(overrides: Parameters<typeof buildReport>[0], folder = dir): RunReport {
  serial += 1;
  const report = buildReport({ runId: `20261101T000000Z-${String(serial).padStart(6, '0')}`, ...overrides });
  writeRunReport(folder, report);
  return report;
}

/** A small fleet with history: the latest report of each PC must win, whatever the file order. */
function fleet(): void {
  // PC-A: audit said needs-fix, then fixed.
  put({ computerName: 'PC-A', verdict: 'needs-fix', finishedAt: at(1) });
  put({ computerName: 'PC-A', verdict: 'fixed', finishedAt: at(3) });
  // PC-B: fixed earlier, but the LATEST run failed (error): needs action. Written newest first.
  put({ computerName: 'PC-B', verdict: 'error', finishedAt: at(5) });
  put({ computerName: 'pc-b', verdict: 'fixed', finishedAt: at(2) }); // same PC: names are case-insensitive
  // PC-C: refused, with a message that needs CSV quoting.
  put({
    computerName: 'PC-C',
    verdict: 'refused',
    finishedAt: at(4),
    reasons: [
      { code: 'WINRE_BEFORE_OS', message: 'WinRE is "before" C:, see\nthe log, 1,2,3' },
      { code: 'BITLOCKER_CONVERTING', message: '=HYPERLINK("x") encryption in progress' },
    ],
  });
  // PC-D: compliant, twice (same verdict, only one counts).
  put({ computerName: 'PC-D', verdict: 'compliant', finishedAt: at(1) });
  put({ computerName: 'PC-D', verdict: 'compliant', finishedAt: at(6) });
  // PC-E: degraded, in a sub-folder (collection shares often have one folder per PC).
  fs.mkdirSync(path.join(dir, 'site2', 'PC-E'), { recursive: true });
  put(
    {
      computerName: 'PC-E',
      verdict: 'degraded',
      finishedAt: at(2),
      outcome: { failedStep: 's5', winreDisabledMs: 1_200_000 },
    },
    path.join(dir, 'site2', 'PC-E'),
  );
  // PC-F: reboot pending, not "needs action" (Intune/ConfigMgr restart it).
  put({ computerName: 'PC-F', verdict: 'reboot-pending', finishedAt: at(2), simulated: true });
  // PC-G: needs-fix from an audit.
  put({ computerName: 'PC-G', verdict: 'needs-fix', finishedAt: at(2) });

  // Invalid files: counted and listed, never fatal.
  fs.writeFileSync(path.join(dir, 'broken.json'), '{"schemaVersion": 1, "toolVer');
  fs.writeFileSync(path.join(dir, 'other.json'), JSON.stringify({ hello: 'world' }));
  fs.writeFileSync(path.join(dir, 'huge.json'), `{"pad": "${'x'.repeat(2 * 1024 * 1024)}"}`);
  // Ignored: not .json, and writeRunReport's temporary files.
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'not a report');
  fs.writeFileSync(path.join(dir, '.PC-Z-x.json.123.tmp'), '{');
  fs.writeFileSync(path.join(dir, '.PC-Z-x.json'), '{');
  // A report re-saved with a byte-order mark still counts.
  const bom = buildReport({ computerName: 'PC-H', verdict: 'fixed', runId: 'bom-1', finishedAt: at(1) });
  fs.writeFileSync(path.join(dir, 'PC-H-bom-1.json'), `\uFEFF${JSON.stringify(bom)}`);
}

describe('fleet roll-up', () => {
  let rollup: FleetRollup;
  beforeEach(async () => {
    fleet();
    rollup = await rollUpReports(dir, { invalidSampleLimit: 2 });
  });

  it('counts files, valid, superseded and invalid reports', () => {
    expect(rollup.filesSeen).toBe(14);
    expect(rollup.validReports).toBe(11);
    expect(rollup.supersededReports).toBe(3);
    expect(rollup.invalidCount).toBe(3);
    expect(rollup.invalidSamples).toHaveLength(2);
    const problems = rollup.invalidSamples.map((s) => s.problem).join('\n');
    expect(problems).toMatch(/not JSON|not a run report|larger than/);
  });

  it('keeps the latest report per computer and counts by verdict, reason and exit code', () => {
    const s = summarize(rollup);
    expect(s.computers).toBe(8);
    expect(s.byVerdict).toEqual({
      compliant: 1,
      fixed: 2,
      'reboot-pending': 1,
      'needs-fix': 1,
      refused: 1,
      'rolled-back': 0,
      degraded: 1,
      error: 1,
    });
    expect(s.byReason).toEqual([
      { code: 'BITLOCKER_CONVERTING', computers: 1, remedy: null },
      { code: 'REBOOT_REQUIRED', computers: 1, remedy: null },
      { code: 'SCRIPT_FAILED', computers: 1, remedy: null },
      { code: 'WINRE_BEFORE_OS', computers: 1, remedy: null },
      { code: 'WINRE_ON_OS', computers: 1, remedy: null },
      { code: 'WINRE_PARTITION_TOO_SMALL', computers: 1, remedy: null },
    ]);
    expect(s.byExitCode).toEqual([
      { exitCode: 0, computers: 3 },
      { exitCode: 20, computers: 1 },
      { exitCode: 21, computers: 1 },
      { exitCode: 22, computers: 1 },
      { exitCode: 23, computers: 1 },
      { exitCode: 3010, computers: 1 },
    ]);
    expect(s.simulatedComputers).toBe(1);
  });

  it('sums up what the latest runs did: restarts, bytes from C:, WinRE-disabled time, failed steps', () => {
    expect(summarize(rollup).outcome).toEqual({
      rebootRequired: 1,
      bytesTakenFromOs: { computers: 2, total: 524_288_000, max: 262_144_000 },
      winreDisabled: {
        computers: 3,
        maxMs: 1_200_000,
        meanMs: 427_500,
        buckets: [
          { label: '< 1 min', computers: 2 },
          { label: '1-5 min', computers: 0 },
          { label: '5-15 min', computers: 0 },
          { label: '15-60 min', computers: 1 },
          { label: '>= 60 min', computers: 0 },
        ],
      },
      failedSteps: [{ step: 's5', computers: 1 }],
    });
    const text = renderRollupText(summarize(rollup));
    expect(text).toContain('C: shrunk on 2 computer(s): 500.0 MiB in all, at most 250.0 MiB');
    expect(text).toContain('WinRE disabled on 3 computer(s): mean 7m 08s, longest 20m 00s');
    expect(text).toContain('failed step: s5 1');
  });

  it('lists the PCs that need action, most urgent first, with why', () => {
    const s = summarize(rollup);
    expect(s.needsActionCount).toBe(4);
    expect(s.needsAction.map((r) => [r.computerName, r.verdict])).toEqual([
      ['PC-B', 'error'],
      ['PC-E', 'degraded'],
      ['PC-C', 'refused'],
      ['PC-G', 'needs-fix'],
    ]);
    expect(s.needsAction[0]?.why).toContain('Access denied');
    expect(s.needsAction[1]?.file.startsWith(path.join('site2', 'PC-E'))).toBe(true);
    expect(summarize(rollup, 2).needsAction).toHaveLength(2);
    expect(summarize(rollup, 2).needsActionCount).toBe(4);
  });

  it('prints a readable table', () => {
    const text = renderRollupText(summarize(rollup, 3));
    expect(text).toMatch(/^error +1 +12\.5%$/m);
    expect(text).toMatch(/^fixed +2 +25\.0%$/m);
    expect(text).toContain('Computers that need action: 4');
    expect(text).toMatch(/^PC-B +error +22 +2026-11-05 10:00:00 +SCRIPT_FAILED: Get-Partition failed/m);
    expect(text).toContain('... and 1 more (all of them are in the --csv file).');
    expect(text).toContain('Invalid report files: 3 (first 2)');
  });

  it('writes RFC 4180 CSV, one row per computer, with hostile text quoted and defused', () => {
    let csv = '';
    const rows = writeRollupCsv(rollup, (chunk) => (csv += chunk));
    expect(rows).toBe(8);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const parsed = parseCsv(csv.slice(1));
    expect(parsed[0]).toEqual([...CSV_COLUMNS]);
    expect(parsed).toHaveLength(9);
    const byName = new Map(parsed.slice(1).map((r) => [r[0], r]));
    const c = byName.get('PC-C') as string[];
    expect(c.slice(0, 5)).toEqual(['PC-C', 'refused', 'yes', '21', 'WINRE_BEFORE_OS;BITLOCKER_CONVERTING']);
    expect(c[5]).toBe('WinRE is "before" C:, see\nthe log, 1,2,3 | =HYPERLINK("x") encryption in progress');
    expect(byName.get('PC-A')?.slice(1, 4)).toEqual(['fixed', 'no', '0']);
    expect(byName.get('PC-E')?.slice(11, 15)).toEqual(['1200000', '0', 's5', 'no']);
    expect(byName.get('PC-E')?.[15]).toMatch(/^site2[\\/]PC-E[\\/]PC-E-.*\.json$/);
    expect(byName.get('PC-F')?.[14]).toBe('yes');
    expect(byName.get('pc-b')).toBeUndefined();
    expect(byName.get('PC-B')?.[1]).toBe('error');
    expect(parsed.slice(1).map((r) => r[1])).toEqual([
      'error',
      'degraded',
      'refused',
      'needs-fix',
      'reboot-pending',
      'fixed',
      'fixed',
      'compliant',
    ]);
  });
});

describe('language of the table', () => {
  it('prints Chinese with columns aligned by display width', async () => {
    fleet();
    const text = renderRollupText(summarize(await rollUpReports(dir)), 'zh-CN');
    expect(text).toContain('需要处理的计算机：4 台');
    expect(text).toContain('WinRE 曾被禁用：3 台');
    const verdictRows = text.split('\n').filter((l) => /^(compliant|fixed|error) /.test(l));
    expect(verdictRows).toHaveLength(3);
    // The count column ends at the same terminal column on every row, although the labels mix ASCII and CJK.
    const ends = verdictRows.map((l) => displayWidth(l.replace(/ +\S+$/, '')));
    expect(new Set(ends).size).toBe(1);
  });

  it('follows the locale when --lang is not given', () => {
    expect(languageFromEnvironment({ LANG: 'zh_CN.UTF-8' }, 'en-US')).toBe('zh-CN');
    expect(languageFromEnvironment({ LANG: 'de_DE.UTF-8' }, 'zh-CN')).toBe('en');
    expect(languageFromEnvironment({ LANG: 'C' }, 'zh-CN')).toBe('zh-CN');
    expect(languageFromEnvironment({}, 'en-GB')).toBe('en');
  });

  it('counts CJK characters as two columns', () => {
    expect(displayWidth('PC-1')).toBe(4);
    expect(displayWidth('已修复')).toBe(6);
    expect(displayWidth('（）')).toBe(4);
  });
});

describe('CSV fields', () => {
  it('quotes only what RFC 4180 requires and defuses formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvField(3010)).toBe('3010');
    expect(csvText('=1+1')).toBe("'=1+1");
    expect(csvText('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvText('-2,3')).toBe('"\'-2,3"');
  });
});

describe('empty and odd folders', () => {
  it('rolls up an empty folder to zeros', async () => {
    const s = summarize(await rollUpReports(dir));
    expect(s).toMatchObject({ filesSeen: 0, computers: 0, needsActionCount: 0 });
    expect(renderRollupText(s)).toContain('No computer needs action.');
  });

  it('breaks a tie on finishedAt by run id, whatever the order the files are read in', async () => {
    put({ computerName: 'PC-T', verdict: 'error', finishedAt: at(9), runId: 'b-run' });
    put({ computerName: 'PC-T', verdict: 'fixed', finishedAt: at(9), runId: 'a-run' });
    const s = summarize(await rollUpReports(dir));
    expect(s.byVerdict.error).toBe(1);
    expect(s.byVerdict.fixed).toBe(0);
  });

  it('counts a sub-folder it cannot open as invalid, not as a file seen', async () => {
    put({ computerName: 'PC-S' });
    fs.mkdirSync(path.join(dir, 'gone'));
    let swapped = false;
    const rollup = await rollUpReports(dir, {
      // Called after the first file: the folder was listed already; replace the sub-folder before it is opened.
      onProgress: () => {
        if (swapped) return;
        swapped = true;
        fs.rmdirSync(path.join(dir, 'gone'));
        fs.writeFileSync(path.join(dir, 'gone'), '');
      },
    });
    expect(rollup).toMatchObject({ filesSeen: 1, validReports: 1, invalidCount: 1 });
    expect(rollup.invalidSamples[0]).toMatchObject({
      file: 'gone',
      problem: expect.stringMatching(/^folder unreadable: ENOTDIR/),
    });
  });

  it('can skip sub-folders', async () => {
    fs.mkdirSync(path.join(dir, 'sub'));
    put({ computerName: 'PC-S' }, path.join(dir, 'sub'));
    expect((await rollUpReports(dir, { recursive: false })).filesSeen).toBe(0);
    expect((await rollUpReports(dir)).filesSeen).toBe(1);
  });
});

describe('a roll-up that says what to do', () => {
  it('lists stale PCs (oldest first), PCs waiting for a restart, tool versions and the remedy per reason', async () => {
    put({ computerName: 'OLD-1', verdict: 'compliant', finishedAt: at(1), toolVersion: '0.9.1' });
    put({ computerName: 'OLD-2', verdict: 'refused', finishedAt: at(2), toolVersion: '0.10.0' });
    put({
      computerName: 'NEW-1',
      verdict: 'refused',
      finishedAt: at(20),
      reasons: [{ code: 'VOLUME_DIRTY', message: 'C: is dirty.' }],
    });
    put({
      computerName: 'NEW-2',
      verdict: 'reboot-pending',
      finishedAt: at(21),
      outcome: { rebootRequired: true },
    });
    const rollup = await rollUpReports(dir);
    const s = summarize(rollup, Number.POSITIVE_INFINITY, { staleDays: 14, asOfMs: Date.parse(at(22)) });
    expect(s.stale).toEqual({
      days: 14,
      asOf: at(22),
      count: 2,
      rows: [
        { computerName: 'OLD-1', verdict: 'compliant', finishedAt: at(1), toolVersion: '0.9.1' },
        { computerName: 'OLD-2', verdict: 'refused', finishedAt: at(2), toolVersion: '0.10.0' },
      ],
    });
    expect(s.restartNeeded.rows.map((r) => r.computerName)).toEqual(['NEW-2']);
    // Numeric order: 0.10.0 is newer than 0.9.1.
    expect(s.byToolVersion).toEqual([
      { version: '0.10.0', computers: 1 },
      { version: '0.9.1', computers: 1 },
      { version: '0.1.0', computers: 2 },
    ]);
    const dirty = s.byReason.find((r) => r.code === 'VOLUME_DIRTY');
    // The catalogue's remedy, with the per-PC value named generically for the fleet.
    expect(dirty?.remedy).toBe('Run chkdsk <volume> /f and restart, then run winre-fix again.');
    const zh = summarize(rollup, 10, { staleDays: 14, asOfMs: Date.parse(at(22)), language: 'zh-CN' });
    expect(zh.byReason.find((r) => r.code === 'VOLUME_DIRTY')?.remedy).toMatch(/chkdsk <volume>/);
    const text = renderRollupText(s, 'en');
    expect(text).toContain('Computers with no report for 14 days or more (as of 2026-11-22 10:00:00): 2');
    expect(text).toContain('Computers waiting for a restart to finish: 1');
    expect(text).toMatch(/VOLUME_DIRTY\s+1\s+Run chkdsk <volume> \/f/);
  });

  it('--since leaves older reports out and says how many', async () => {
    put({ computerName: 'PC-A', verdict: 'refused', finishedAt: at(1) });
    put({ computerName: 'PC-A', verdict: 'fixed', finishedAt: at(10) });
    put({ computerName: 'PC-B', verdict: 'error', finishedAt: at(2) });
    const sinceMs = Date.parse(at(5));
    const rollup = await rollUpReports(dir, { sinceMs });
    expect([...rollup.computers.keys()]).toEqual(['PC-A']);
    const s = summarize(rollup, 10, { sinceMs, asOfMs: Date.parse(at(11)) });
    expect(s.beforeSince).toEqual({ count: 2, since: at(5) });
    expect(s.byVerdict.fixed).toBe(1);
    expect(renderRollupText(s)).toContain(
      '2 report(s) finished before 2026-11-05 10:00:00 were left out (--since).',
    );
  });
});

describe('the roll-up links each PC to its latest fix log', () => {
  it('keeps the run log of the latest fix even when a detection report is newer', async () => {
    const log = (id: string) => ({
      cmtrace: null,
      jsonl: null,
      extraCmtrace: null,
      runLog: `C:\\ProgramData\\winre-fix\\Logs\\runs\\${id}-fix.log`,
    });
    put({ computerName: 'PC-A', verdict: 'refused', finishedAt: at(1), logPaths: log('old') });
    put({ computerName: 'PC-A', verdict: 'fixed', finishedAt: at(3), logPaths: log('fix') });
    put({ computerName: 'PC-A', verdict: 'compliant', command: 'detect', finishedAt: at(9) });
    put({ computerName: 'PC-B', verdict: 'compliant', command: 'detect', finishedAt: at(9) });
    const rollup = await rollUpReports(dir);
    expect(rollup.computers.get('PC-A')).toMatchObject({
      verdict: 'compliant',
      runLog: expect.stringMatching(/fix-fix\.log$/),
    });
    expect(rollup.computers.get('PC-B')?.runLog).toBeNull();
  });
});

describe('a PC is its device id when the report has one', () => {
  const ids = (smbiosUuid: string | null, machineGuid: string | null = null) => ({
    smbiosUuid,
    machineGuid,
    intuneDeviceId: null,
    configMgrClientId: null,
  });
  const UUID_1 = '4C4C4544-0042-3510-8052-B2C04F4B4E31';
  const UUID_2 = '4C4C4544-0042-3510-8052-B2C04F4B4E32';

  it('two PCs with the same name but different ids are two rows, with the id in the CSV', async () => {
    put({ computerName: 'DESKTOP-1', verdict: 'fixed', finishedAt: at(2), deviceIds: ids(UUID_1) });
    put({ computerName: 'DESKTOP-1', verdict: 'refused', finishedAt: at(3), deviceIds: ids(UUID_2) });
    const rollup = await rollUpReports(dir);
    expect(rollup.computers.size).toBe(2);
    let csv = '';
    writeRollupCsv(rollup, (chunk) => (csv += chunk));
    const parsed = parseCsv(csv.slice(1));
    const col = parsed[0]!.indexOf('deviceId');
    expect(col).toBe(CSV_COLUMNS.indexOf('deviceId'));
    expect(
      parsed
        .slice(1)
        .map((r) => [r[0], r[1], r[col]])
        .sort(),
    ).toEqual([
      ['DESKTOP-1', 'fixed', UUID_1],
      ['DESKTOP-1', 'refused', UUID_2],
    ]);
  });

  it('the MachineGuid names a PC whose firmware gives no UUID; a renamed PC stays one row', async () => {
    const guid = '8f0e4f4a-2c1b-4c53-9d6e-0a1b2c3d4e5f';
    put({ computerName: 'OLD-NAME', verdict: 'needs-fix', finishedAt: at(1), deviceIds: ids(null, guid) });
    put({ computerName: 'NEW-NAME', verdict: 'fixed', finishedAt: at(2), deviceIds: ids(null, guid) });
    const rollup = await rollUpReports(dir);
    expect([...rollup.computers.values()].map((c) => [c.computerName, c.verdict, c.deviceId])).toEqual([
      ['NEW-NAME', 'fixed', guid],
    ]);
  });

  it('a report without ids joins the one PC of that name that has one, never one of two', async () => {
    put({ computerName: 'PC-X', verdict: 'fixed', finishedAt: at(2), deviceIds: ids(UUID_1) });
    put({ computerName: 'pc-x', verdict: 'error', finishedAt: at(3) }); // older winre-fix, or PowerShell failed
    put({
      computerName: 'PC-Y',
      verdict: 'fixed',
      finishedAt: at(2),
      deviceIds: ids(UUID_1.replace('31', '41')),
    });
    put({ computerName: 'PC-Y', verdict: 'fixed', finishedAt: at(2), deviceIds: ids(UUID_2) });
    put({ computerName: 'PC-Y', verdict: 'error', finishedAt: at(4) });
    const rollup = await rollUpReports(dir);
    const rows = [...rollup.computers.values()]
      .map((c) => [c.computerName.toUpperCase(), c.verdict, c.deviceId])
      .sort();
    expect(rows).toEqual([
      ['PC-X', 'error', UUID_1],
      ['PC-Y', 'error', null],
      ['PC-Y', 'fixed', UUID_2],
      ['PC-Y', 'fixed', UUID_1.replace('31', '41')],
    ]);
    expect(rollup.supersededReports).toBe(1);
  });
});

describe('the fleet WinRE patch level', () => {
  const level = (
    version: string | null,
    status: 'current' | 'outdated' | 'unknown' | 'damaged',
    room: 'now' | 'after-fix' | 'no',
  ): NonNullable<RunReport['winre']> => ({
    status,
    version,
    source: version ? 'active-image' : null,
    family: version ? Number(version.split('.')[2]) : null,
    minimum: version ? '10.0.22621.7077' : null,
    kb: version ? 'KB5087594' : null,
    baseline: { name: 'winre-fix default 2026-05', published: '2026-05-12' },
    room,
    evidence: { imageVersion: version, reagentcVersion: null, registryVersion: null },
  });

  it('counts versions per family, the outdated ones, and lists the outdated PCs an update cannot reach', async () => {
    put({
      computerName: 'PC-1',
      verdict: 'compliant',
      finishedAt: at(1),
      winre: level('10.0.22621.7077', 'current', 'now'),
    });
    put({
      computerName: 'PC-2',
      verdict: 'needs-fix',
      finishedAt: at(1),
      winre: level('10.0.22621.2428', 'outdated', 'after-fix'),
    });
    put({
      computerName: 'PC-3',
      verdict: 'refused',
      finishedAt: at(1),
      winre: level('10.0.22621.2428', 'outdated', 'no'),
    });
    put({
      computerName: 'PC-4',
      verdict: 'compliant',
      finishedAt: at(1),
      winre: level('10.0.26100.9444', 'current', 'now'),
    });
    put({
      computerName: 'PC-5',
      verdict: 'compliant',
      finishedAt: at(1),
      winre: level(null, 'unknown', 'now'),
    });
    // PC-6's latest run stopped before it planned: its earlier patch level stands.
    put({
      computerName: 'PC-6',
      verdict: 'compliant',
      finishedAt: at(1),
      winre: level('10.0.19041.3636', 'outdated', 'now'),
    });
    put({ computerName: 'PC-6', verdict: 'error', finishedAt: at(2) });
    const rollup = await rollUpReports(dir);
    const s = summarize(rollup);
    expect(s.winre.computers).toBe(6);
    expect(s.winre.byStatus).toEqual({ current: 2, outdated: 3, unknown: 1, damaged: 0 });
    expect(s.winre.byFamily).toEqual([
      { family: 26100, computers: 1, outdated: 0, versions: [{ version: '10.0.26100.9444', computers: 1 }] },
      {
        family: 22621,
        computers: 3,
        outdated: 2,
        versions: [
          { version: '10.0.22621.7077', computers: 1 },
          { version: '10.0.22621.2428', computers: 2 },
        ],
      },
      { family: 19041, computers: 1, outdated: 1, versions: [{ version: '10.0.19041.3636', computers: 1 }] },
      { family: null, computers: 1, outdated: 0, versions: [] },
    ]);
    expect(s.winre.outdatedWithoutRoom.count).toBe(1);
    expect(s.winre.outdatedWithoutRoom.rows.map((r) => r.computerName)).toEqual(['PC-3']);
    expect(s.winre.baselines).toEqual([{ name: 'winre-fix default 2026-05', computers: 6 }]);
    const text = renderRollupText(s);
    expect(text).toContain(
      'WinRE patch level of 6 computer(s) (baseline "winre-fix default 2026-05"): 2 current, 3 outdated, 1 unknown, 0 damaged',
    );
    expect(text).toMatch(/22621\s+3\s+2\s+10\.0\.22621\.7077 \(1\), 10\.0\.22621\.2428 \(2\)/);
    expect(text).toContain('Outdated WinRE with no room for the update, which winre-fix cannot make: 1');
    let csv = '';
    writeRollupCsv(rollup, (chunk) => (csv += chunk));
    const rows = parseCsv(csv.slice(1));
    const v = rows[0]!.indexOf('winreVersion');
    const st = rows[0]!.indexOf('winrePatchStatus');
    const pc3 = rows.find((r) => r[0] === 'PC-3')!;
    expect([pc3[v], pc3[st]]).toEqual(['10.0.22621.2428', 'outdated']);
  });
});

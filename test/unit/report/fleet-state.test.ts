import * as path from 'node:path';
import { FleetState, sortComputers } from '../../../src/report/fleet-state';
import { buildReport } from './report-builder';

const folder = path.join('/', 'share', 'reports');
const at = (day: number): string => new Date(Date.UTC(2026, 10, day, 10)).toISOString();
const fileOf = (name: string): string => path.join(folder, 'site-1', `${name}.json`);

describe('FleetState', () => {
  it('keeps the latest report of each PC whatever the order, names compared without case', () => {
    const reports = [
      buildReport({ computerName: 'PC-A', verdict: 'error', finishedAt: at(5), runId: 'r2' }),
      buildReport({ computerName: 'pc-a', verdict: 'fixed', finishedAt: at(2), runId: 'r1' }),
      buildReport({ computerName: 'PC-A', verdict: 'refused', finishedAt: at(5), runId: 'r1' }),
    ];
    for (const order of [reports, [...reports].reverse()]) {
      const state = new FleetState(folder);
      for (const r of order) state.add(r, fileOf(r.runId));
      expect([...state.computers.keys()]).toEqual(['PC-A']);
      expect(state.computers.get('PC-A')).toMatchObject({ verdict: 'error', runId: 'r2' });
      expect([state.validReports, state.supersededReports]).toEqual([3, 2]);
    }
  });

  it('keeps the why and the file (relative to the folder) only for PCs that need action, the why capped', () => {
    const state = new FleetState(folder);
    const long = 'x'.repeat(600);
    state.add(
      buildReport({ computerName: 'PC-R', verdict: 'refused', reasons: [{ code: 'C1', message: long }] }),
      fileOf('r'),
    );
    state.add(
      buildReport({ computerName: 'PC-F', verdict: 'fixed', reasons: [{ code: 'C2', message: 'm' }] }),
      fileOf('f'),
    );
    const refused = state.computers.get('PC-R');
    expect(refused?.file).toBe(path.join('site-1', 'r.json'));
    expect(refused?.reasonMessages).toHaveLength(500);
    expect(refused?.reasonMessages?.endsWith('...')).toBe(true);
    expect(state.computers.get('PC-F')).toMatchObject({
      file: undefined,
      reasonMessages: undefined,
      reasonCodes: 'C2',
    });
  });

  it('counts reports before --since without using them', () => {
    const state = new FleetState(folder, Date.parse(at(3)));
    state.add(buildReport({ computerName: 'PC-A', finishedAt: at(2) }), fileOf('a'));
    state.add(buildReport({ computerName: 'PC-B', finishedAt: at(3) }), fileOf('b'));
    expect([...state.computers.keys()]).toEqual(['PC-B']);
    expect([state.beforeSince, state.validReports]).toEqual([1, 1]);
  });

  it("keeps the latest fix's run log when a newer report has none", () => {
    const fix = buildReport({ computerName: 'PC-A', verdict: 'fixed', finishedAt: at(2), runId: 'fix' });
    const log = { ...fix, logPaths: { ...fix.logPaths, runLog: 'C:\\logs\\fix.log' } };
    const detect = buildReport({ computerName: 'PC-A', finishedAt: at(4), runId: 'detect' });
    const noLog = { ...detect, logPaths: { ...detect.logPaths, runLog: null } };
    for (const order of [
      [log, noLog],
      [noLog, log],
    ]) {
      const s = new FleetState(folder);
      for (const r of order) s.add(r, fileOf(r.runId));
      expect(s.computers.get('PC-A')).toMatchObject({ runId: 'detect', runLog: 'C:\\logs\\fix.log' });
    }
  });

  it('sorts PCs most urgent first, then by name', () => {
    const state = new FleetState(folder);
    for (const [name, verdict] of [
      ['B', 'fixed'],
      ['A', 'fixed'],
      ['C', 'error'],
      ['D', 'needs-fix'],
    ] as const)
      state.add(buildReport({ computerName: name, verdict }), fileOf(name));
    expect(sortComputers(state.computers.values()).map((c) => c.computerName)).toEqual(['C', 'D', 'A', 'B']);
  });
});

/**
 * A stable device id in every record: the run report (Reports and Reports\checks), the log and the
 * status record carry the PC's identifiers as Get-OsFacts read them from the simulated PC; a PC without any gets
 * nulls (and no DeviceId value), never a crash.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runDetect } from '../../../src/cli/commands/detect';
import { runFix } from '../../support/fix-runner';
import type { RunReport } from '../../../src/contracts/generated/run-report';
import { statePaths } from '../../../src/engine/state-paths';
import { quietArgs, readMachine, silently, statusRecordOf } from '../../support/fix-runner';
import { tempMachine } from '../../support/harness';

jest.setTimeout(180_000);

interface Identity {
  smbiosUuid: string | null;
  machineGuid: string | null;
  intuneDeviceId: string | null;
  configMgrClientId: string | null;
}

function onlyReport(dir: string): RunReport {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));
  expect(files).toHaveLength(1);
  return JSON.parse(fs.readFileSync(path.join(dir, files[0]!), 'utf8')) as RunReport;
}

describe('the device id in every record', () => {
  it('a refused fix: its report, log and status record name the PC by its SMBIOS UUID', async () => {
    const machine = tempMachine('win10-c-too-full');
    const identity = readMachine<{ os: { identity: Identity } }>(machine).os.identity;
    expect(identity.smbiosUuid).toMatch(/^[0-9A-F-]{36}$/);
    const run = await silently(() => runFix(quietArgs(machine, { report: true, log: true }), 'fix'));
    expect(run.value).toBe(21);
    const paths = statePaths({ simulate: machine });
    const report = onlyReport(paths.reports);
    expect(report.deviceIds).toEqual(identity);
    expect(statusRecordOf(machine)?.['DeviceId']).toBe(identity.smbiosUuid);
    const log = fs.readFileSync(path.join(paths.logs, 'winre-fix.log'), 'utf8');
    expect(log).toContain(`device id ${identity.smbiosUuid} (SMBIOS UUID ${identity.smbiosUuid}`);
    expect(log).toContain(`Intune device id ${identity.intuneDeviceId}`);
    fs.rmSync(path.dirname(machine), { recursive: true, force: true });
  });

  it('a detect on a PC with no identifiers: the check report says null, the record has no DeviceId', async () => {
    const file = tempMachine('win11-24h2-winre-already-resized');
    const m = readMachine<{ os: Record<string, unknown> }>(file);
    delete m.os['identity'];
    fs.writeFileSync(file, JSON.stringify(m, null, 2));
    const run = await silently(() => runDetect(quietArgs(file, { report: true, log: true })));
    expect(run.value).toBe(0);
    const report = onlyReport(path.join(statePaths({ simulate: file }).reports, 'checks'));
    expect(report.deviceIds).toEqual({
      smbiosUuid: null,
      machineGuid: null,
      intuneDeviceId: null,
      configMgrClientId: null,
    });
    expect(statusRecordOf(file)).toMatchObject({ Verdict: 'compliant' });
    expect(statusRecordOf(file)).not.toHaveProperty('DeviceId');
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});

/**
 * Simulated BitLocker cmdlets: elevation, declared faults, the default reboot count and the reboot that counts it
 * down (70-Reboot.ps1), refusal on a volume that is not encrypted; and a power cut inside reagentc /disable,
 * which must leave the machine file exactly as Windows would have it.
 */
import * as fs from 'node:fs';
import { openSimHarness, type SimHarness } from '../../support/harness';
import type { SimulatedMachine } from '../../../src/contracts/generated/simulated-machine';
import { encrypted, gptMachine, WIM_SHA, type MachineOptions } from './system-machines';

jest.setTimeout(120_000);

// One pwsh for the file: each test writes its machine over the session's machine file (read fresh on every
// command). A power cut ends that pwsh; the session starts a new one on the next call, as after a reboot.
let shared: SimHarness | undefined;
function open(options: MachineOptions, edit?: (m: SimulatedMachine) => void): SimHarness {
  const m = gptMachine(options);
  edit?.(m);
  shared ??= openSimHarness(m);
  fs.writeFileSync(shared.machinePath, JSON.stringify(m, null, 2));
  return shared;
}
afterAll(async () => {
  await shared?.dispose();
});
const osVolume = (m: SimulatedMachine) => m.disks[0]!.partitions[2]!.volume!;

test('not elevated: Get-BitLockerVolume reports Access denied and lists nothing; Suspend changes nothing', async () => {
  const h = open({ elevated: false, osBitLocker: encrypted });
  const r = await h.snippet(
    "@(Get-BitLockerVolume -ErrorAction SilentlyContinue).Count; $null = Suspend-BitLocker -MountPoint 'C:' -ErrorAction SilentlyContinue",
  );
  expect(r.output).toEqual([0]);
  expect(r.errors.map((e) => e.message.split('\n')[0])).toEqual(['Access denied', 'Access denied']);
  expect(r.errors[0]!.category).toBe('PermissionDenied');
  expect(osVolume(h.machine<SimulatedMachine>()).bitLocker!.protectionStatus).toBe(1);
});

test('a declared fault on Suspend-BitLocker fails that call only', async () => {
  const h = open({ osBitLocker: encrypted }, (m) => {
    m.faults.push({ command: 'Suspend-BitLocker', onCall: 1, error: 'AccessDenied' });
  });
  const first = await h.snippet("Suspend-BitLocker -MountPoint 'C:' -ErrorAction SilentlyContinue");
  expect(first.output).toEqual([]);
  expect(first.errors[0]!.fullyQualifiedErrorId).toBe('StorageWMI 40001,Suspend-BitLocker');
  expect(osVolume(h.machine<SimulatedMachine>()).bitLocker!.protectionStatus).toBe(1);
  const second = await h.snippet("(Suspend-BitLocker -MountPoint 'C:').ProtectionStatus");
  expect(second.output).toEqual([0]);
  // Default -RebootCount is 1 (Suspend-BitLocker.md): protection comes back after the next restart.
  expect(osVolume(h.machine<SimulatedMachine>()).bitLocker).toMatchObject({
    suspendedRebootCount: 1,
    protectionStatus: 0,
  });
  const reboot = await h.snippet(
    '$null = Invoke-SimReboot; (Get-BitLockerVolume -MountPoint C:).ProtectionStatus',
  );
  expect(reboot.output).toEqual([1]);
});

test('Suspend-BitLocker on a volume that is not encrypted is refused', async () => {
  const h = open({});
  const r = await h.snippet("Suspend-BitLocker -MountPoint 'C:' -ErrorAction SilentlyContinue");
  expect(r.output).toEqual([]);
  expect(r.errors[0]!.message).toContain('0x80310001');
  expect(h.machine<SimulatedMachine>().trace.mutations).toBe(0);
});

test('power cut right after reagentc /disable: the file holds the disabled state with the WIM in System32', async () => {
  const h = open({}, (m) => {
    m.powerCut = { atMutation: 1, phase: 'after' };
  });
  await expect(h.snippet("Invoke-ReAgentC -Arguments '/disable'")).rejects.toThrow();
  const m = h.machine<SimulatedMachine>();
  expect(m.powerCut?.fired).toBe(true);
  expect(m.winre.status).toBe('Disabled');
  expect(osVolume(m).files.find((f) => f.path === '\\Windows\\System32\\Recovery\\Winre.wim')?.sha256).toBe(
    WIM_SHA,
  );
  expect(m.disks[0]!.partitions[3]!.volume!.files).toEqual([]);
});

test('power cut right before reagentc /enable: nothing of the enable happened', async () => {
  const h = open({ winre: 'disabled' }, (m) => {
    m.powerCut = { atMutation: 1, phase: 'before' };
  });
  await expect(h.snippet("Invoke-ReAgentC -Arguments '/enable'")).rejects.toThrow();
  const m = h.machine<SimulatedMachine>();
  expect(m.winre.status).toBe('Disabled');
  expect(m.trace.mutations).toBe(0);
  expect(osVolume(m).files.some((f) => f.path === '\\Windows\\System32\\Recovery\\Winre.wim')).toBe(true);
});

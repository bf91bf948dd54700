/**
 * The device identifiers in Get-OsFacts, read from the simulated
 * PC as Windows gives them: the SMBIOS UUID (Win32_ComputerSystemProduct; all F is no id), MachineGuid, the
 * Intune EntDMID of the 'MS DM Server' enrollment only, the ConfigMgr CCM_Client.ClientId (root\ccm missing
 * without a client). Missing ids are null, never an error.
 */
import * as fs from 'node:fs';
import type { GetOsFactsOutput } from '../../../src/contracts/generated/get-os-facts';
import { fixturePath, openSimHarness, type SimHarness } from '../../support/harness';

jest.setTimeout(120_000);

const IDS = {
  smbiosUuid: '4C4C4544-0042-3510-8052-B2C04F4B4E32',
  machineGuid: '8f0e4f4a-2c1b-4c53-9d6e-0a1b2c3d4e5f',
  intuneDeviceId: '6d1c3a8e-5f2b-4e7a-9c0d-1e2f3a4b5c6d',
  configMgrClientId: 'GUID:0F7D1E2A-3B4C-4D5E-8F90-A1B2C3D4E5F6',
};

function machineWith(identity: object | undefined): object {
  const m = JSON.parse(fs.readFileSync(fixturePath('win11-gpt-small-winre-en'), 'utf8')) as {
    os: Record<string, unknown>;
  };
  if (identity === undefined) delete m.os['identity'];
  else m.os['identity'] = identity;
  return m;
}

describe('Get-OsFacts device ids', () => {
  let h: SimHarness | undefined;
  afterEach(async () => {
    await h?.dispose();
    h = undefined;
  });

  it('reads all four where the PC has them', async () => {
    h = openSimHarness(machineWith(IDS), { readOnly: true });
    const os = await h.scripts.run<GetOsFactsOutput>('Get-OsFacts');
    expect(os.deviceIds).toEqual(IDS);
  });

  it('gives null for each one the PC lacks (all-F UUID, no enrollment, no ConfigMgr namespace)', async () => {
    h = openSimHarness(machineWith(undefined), { readOnly: true });
    const os = await h.scripts.run<GetOsFactsOutput>('Get-OsFacts');
    expect(os.deviceIds).toEqual({
      smbiosUuid: null,
      machineGuid: null,
      intuneDeviceId: null,
      configMgrClientId: null,
    });
  });

  it('takes an all-zero UUID as none and ignores enrollments of other providers', async () => {
    h = openSimHarness(
      machineWith({ smbiosUuid: '00000000-0000-0000-0000-000000000000', machineGuid: IDS.machineGuid }),
      {
        readOnly: true,
      },
    );
    const os = await h.scripts.run<GetOsFactsOutput>('Get-OsFacts');
    expect(os.deviceIds.smbiosUuid).toBeNull();
    expect(os.deviceIds.machineGuid).toBe(IDS.machineGuid);
    // The simulated PC has the FFFFFFFF-... placeholder enrollment (no ProviderID) like every Windows: not Intune.
    const keys = await h.snippet(
      "@(Get-ChildItem -LiteralPath 'HKLM:\\SOFTWARE\\Microsoft\\Enrollments' | ForEach-Object { $_.PSChildName })",
    );
    expect(keys.output).toEqual(['FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF']);
    expect(os.deviceIds.intuneDeviceId).toBeNull();
  });

  it('the missing ConfigMgr namespace fails as on Windows (0x8004100E), which the script turns into null', async () => {
    h = openSimHarness(machineWith(undefined), { readOnly: true });
    const r = await h.snippet("Get-CimInstance -Namespace 'root\\ccm' -ClassName CCM_Client");
    expect(r.output).toEqual([]);
    expect(r.errors[0]?.fullyQualifiedErrorId).toBe(
      'HRESULT 0x8004100e,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand',
    );
  });
});

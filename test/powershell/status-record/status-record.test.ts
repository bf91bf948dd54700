/**
 * The status record (src/engine/status-record.ts) on the simulated PC, through real pwsh:
 *  - the simulator's registry writes behave as Windows' registry provider does (errors, value kinds);
 *  - Set-WinReFixStatusRecord.ps1 writes exactly STATUS_RECORD_VALUES with their kinds, idempotently, replaces a
 *    value of the wrong kind, removes what is unknown now, and fails as Windows does when it may not write;
 *  - fix (fixed), detect (needs-fix), a refused fix and an error run each leave their record; a record that
 *    cannot be written changes nothing of the run's result; audit writes nothing without --status-record.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runAudit } from '../../../src/cli/commands/audit';
import { runDetect } from '../../../src/cli/commands/detect';
import { STATUS_RECORD_VALUES } from '../../../src/engine/status-record';
import type { SetWinReFixStatusRecordResult } from '../../../src/contracts/generated/set-win-re-fix-status-record';
import { openSimHarness, tempMachine, type SimHarness } from '../../support/harness';
import {
  fixInProcess,
  quietArgs,
  readMachine,
  silently,
  statusRecordKinds,
  statusRecordOf,
  withoutStatusRecord,
} from '../../support/fix-runner';

jest.setTimeout(300_000);

const NEEDS_FIX = 'win11-gpt-small-winre-en';
const REFUSED = 'win10-winre-on-second-disk';
const KEY = 'HKLM:\\SOFTWARE\\winre-fix';

const params = (extra: Record<string, unknown> = {}) => ({
  Verdict: 'needs-fix',
  ReasonCodes: ['WINRE_PARTITION_TOO_SMALL', 'UPDATE_FAILURE_EVIDENCE'],
  ExitCode: 3010,
  LastRunUnixMs: Date.UTC(2026, 11, 5, 1, 2, 3, 456),
  Command: 'detect',
  RunId: '20261205T010203Z-abcdef',
  ToolVersion: '1.2.3',
  ComputerName: 'PC-1',
  DeviceId: '4C4C4544-0042-3510-8052-B2C04F4B4E32',
  WinReFreeMiB: 124,
  WinReEnabled: 1,
  WinReVersion: '10.0.22621.2428',
  WinRePatchStatus: 'outdated',
  ...extra,
});

function cleanup(machine: string): void {
  fs.rmSync(path.dirname(machine), { recursive: true, force: true });
}

describe('the simulated registry provider (writes)', () => {
  let h: SimHarness;
  beforeAll(() => {
    h = openSimHarness(NEEDS_FIX);
  });
  afterAll(async () => {
    await h.dispose();
  });

  const errorOf = async (code: string) => {
    const r = await h.snippet(code);
    // The snippet runner sees a written error twice (the error stream and $Error): each distinct one once.
    const seen = new Set<string>();
    return r.errors
      .map((e) => ({ message: e.message, id: e.fullyQualifiedErrorId, category: e.category }))
      .filter((e) => !seen.has(JSON.stringify(e)) && seen.add(JSON.stringify(e)) !== undefined);
  };

  it('refuses values under a missing key as Windows does, and New-Item creates the key once', async () => {
    expect(await errorOf(`New-ItemProperty -Path '${KEY}' -Name A -Value 1 -PropertyType DWord`)).toEqual([
      {
        message: `Cannot find path '${KEY}' because it does not exist.`,
        id: 'PathNotFound,Microsoft.PowerShell.Commands.NewItemPropertyCommand',
        category: 'ObjectNotFound',
      },
    ]);
    expect(await errorOf(`Set-ItemProperty -Path '${KEY}' -Name A -Value 1`)).toMatchObject([
      { id: 'PathNotFound,Microsoft.PowerShell.Commands.SetItemPropertyCommand' },
    ]);
    const created = await h.snippet(`(New-Item -Path 'HKLM:\\SOFTWARE' -Name 'winre-fix').Name`);
    expect(created).toEqual({ output: ['HKEY_LOCAL_MACHINE\\SOFTWARE\\winre-fix'], errors: [] });
    expect(await errorOf(`New-Item -Path '${KEY}'`)).toEqual([
      {
        message: 'A key at this path already exists.',
        id: 'System.IO.IOException,Microsoft.PowerShell.Commands.NewItemCommand',
        category: 'ResourceExists',
      },
    ]);
    expect((await h.snippet(`Test-Path -LiteralPath '${KEY}'`)).output).toEqual([true]);
  });

  it('keeps value kinds: DWORD reads back Int32 (also when set from a string), -Force replaces, MULTI_SZ a string[]', async () => {
    const r = await h.snippet(
      [
        `$null = New-ItemProperty -Path '${KEY}' -Name D -Value 3010 -PropertyType DWord`,
        `$null = New-ItemProperty -Path '${KEY}' -Name S -Value 'x' -PropertyType String`,
        `$null = New-ItemProperty -Path '${KEY}' -Name M -Value @('a','b') -PropertyType MultiString`,
        `Set-ItemProperty -Path '${KEY}' -Name D -Value '7'`,
        `$null = New-ItemProperty -Path '${KEY}' -Name U -Value 4294967295 -PropertyType DWord`,
        `$v = Get-ItemProperty -Path '${KEY}'`,
        `[ordered]@{ d = $v.D; dType = $v.D.GetType().Name; s = $v.S; m = @($v.M); mType = $v.M.GetType().Name; u = $v.U }`,
      ].join('\n'),
    );
    expect(r).toEqual({
      output: [{ d: 7, dType: 'Int32', s: 'x', m: ['a', 'b'], mType: 'String[]', u: -1 }],
      errors: [],
    });
    expect(await errorOf(`New-ItemProperty -Path '${KEY}' -Name D -Value 1 -PropertyType DWord`)).toEqual([
      {
        message: 'The property already exists.',
        id: 'System.IO.IOException,Microsoft.PowerShell.Commands.NewItemPropertyCommand',
        category: 'ResourceExists',
      },
    ]);
    const forced = await h.snippet(
      `$null = New-ItemProperty -Path '${KEY}' -Name D -Value 'now text' -PropertyType String -Force; (Get-ItemProperty -Path '${KEY}').D`,
    );
    expect(forced).toEqual({ output: ['now text'], errors: [] });
    expect(statusRecordKinds(h.machinePath)).toEqual({
      D: 'String',
      S: 'String',
      M: 'MultiString',
      U: 'DWord',
    });
    expect(
      await errorOf(`New-ItemProperty -Path '${KEY}' -Name Bad -Value 'abc' -PropertyType DWord`),
    ).toMatchObject([
      { id: 'System.ArgumentException,Microsoft.PowerShell.Commands.NewItemPropertyCommand' },
    ]);
  });

  it('removes a value once, then says it does not exist', async () => {
    const r = await h.snippet(
      `Remove-ItemProperty -Path '${KEY}' -Name M; @((Get-Item -Path '${KEY}').Property)`,
    );
    expect(r.errors).toEqual([]);
    expect(r.output).not.toContain('M');
    expect(await errorOf(`Remove-ItemProperty -Path '${KEY}' -Name M`)).toEqual([
      {
        message: 'Property M does not exist at path HKEY_LOCAL_MACHINE\\SOFTWARE\\winre-fix.',
        id: 'System.Management.Automation.PSArgumentException,Microsoft.PowerShell.Commands.RemoveItemPropertyCommand',
        category: 'InvalidArgument',
      },
    ]);
  });

  it('every write is one simulated mutation (a power cut can fall between two)', () => {
    const log = h.machine<{ trace: { log: { command: string; detail: string }[] } }>().trace.log;
    expect(log.map((e) => e.command)).toEqual([
      'New-Item',
      'New-ItemProperty',
      'New-ItemProperty',
      'New-ItemProperty',
      'Set-ItemProperty',
      'New-ItemProperty',
      'New-ItemProperty',
      'Remove-ItemProperty',
    ]);
  });
});

describe('Set-WinReFixStatusRecord.ps1', () => {
  let h: SimHarness;
  beforeAll(() => {
    h = openSimHarness(NEEDS_FIX);
  });
  afterAll(async () => {
    await h.dispose();
  });

  it('writes every value of STATUS_RECORD_VALUES with its kind and returns it as read back', async () => {
    const r = await h.scripts.run<SetWinReFixStatusRecordResult>('Set-WinReFixStatusRecord', params());
    expect(r).toMatchObject({ created: true, changed: true, removed: [] });
    expect(r.values).toEqual({
      SchemaVersion: 1,
      Verdict: 'needs-fix',
      ReasonCodes: 'WINRE_PARTITION_TOO_SMALL;UPDATE_FAILURE_EVIDENCE',
      ExitCode: 3010,
      LastRunUtc: '2026-12-05T01:02:03.456Z',
      Command: 'detect',
      RunId: '20261205T010203Z-abcdef',
      ToolVersion: '1.2.3',
      ComputerName: 'PC-1',
      DeviceId: '4C4C4544-0042-3510-8052-B2C04F4B4E32',
      WinReFreeMiB: 124,
      WinReEnabled: 1,
      WinReVersion: '10.0.22621.2428',
      WinRePatchStatus: 'outdated',
    });
    // The one list: names and kinds exactly as the MOF and the discovery scripts read them.
    expect(statusRecordKinds(h.machinePath)).toEqual(
      Object.fromEntries(STATUS_RECORD_VALUES.map((v) => [v.name, v.kind])),
    );
  });

  it('is idempotent: the same call again changes nothing, not a byte', async () => {
    const before = fs.readFileSync(h.machinePath, 'utf8');
    const r = await h.scripts.run<SetWinReFixStatusRecordResult>('Set-WinReFixStatusRecord', params());
    expect(r).toMatchObject({ created: false, changed: false, written: [], removed: [] });
    expect(fs.readFileSync(h.machinePath, 'utf8')).toBe(before);
  });

  it('rewrites only what changed, replaces a value of the wrong kind, and removes what is unknown now', async () => {
    const m = h.machine<{ registry: Record<string, Record<string, unknown>> }>();
    m.registry[KEY]!['ExitCode'] = { kind: 'String', value: '3010' };
    fs.writeFileSync(h.machinePath, JSON.stringify(m, null, 2));
    const r = await h.scripts.run<SetWinReFixStatusRecordResult>(
      'Set-WinReFixStatusRecord',
      params({
        Verdict: 'fixed',
        DeviceId: '',
        WinReFreeMiB: -1,
        WinReEnabled: -1,
        WinRePatchStatus: 'current',
      }),
    );
    expect(r).toMatchObject({
      changed: true,
      written: ['Verdict', 'ExitCode', 'WinRePatchStatus'],
      removed: ['DeviceId', 'WinReFreeMiB', 'WinReEnabled'],
    });
    expect(statusRecordKinds(h.machinePath)?.['ExitCode']).toBe('DWord');
    expect(statusRecordOf(h.machinePath)).not.toHaveProperty('WinReFreeMiB');
  });

  it('fails as Windows does where it may not write (not elevated), and writes nothing', async () => {
    const m = h.machine<{ os: { isElevated: boolean } }>();
    m.os.isElevated = false;
    fs.writeFileSync(h.machinePath, JSON.stringify(m, null, 2));
    const before = fs.readFileSync(h.machinePath, 'utf8');
    await expect(
      h.scripts.run('Set-WinReFixStatusRecord', params({ Verdict: 'error', ExitCode: 25 })),
    ).rejects.toThrow(/Requested registry access is not allowed/);
    expect(fs.readFileSync(h.machinePath, 'utf8')).toBe(before);
  });
});

describe('every run leaves its record', () => {
  it('fix: fixed, exit 0, the new partition free space; detect afterwards: compliant', async () => {
    const machine = tempMachine(NEEDS_FIX);
    try {
      const run = await fixInProcess(machine);
      expect(run.code).toBe(0);
      const record = statusRecordOf(machine);
      expect(record).toMatchObject({
        SchemaVersion: 1,
        Verdict: 'fixed',
        ExitCode: 0,
        Command: 'fix',
        ComputerName: 'DESKTOP-16IUS0T',
        WinReEnabled: 1,
        // The result of the fix (the last line's reason), not the problem the PC had.
        ReasonCodes: 'WINRE_FIXED',
      });
      // Read after the fix (the old partition had 124 MiB free): the servicing minimum is 250 MiB.
      expect(record?.['WinReFreeMiB']).toBeGreaterThanOrEqual(250);
      expect(Date.now() - Date.parse(String(record?.['LastRunUtc']))).toBeLessThan(10 * 60_000);
      const detect = await silently(() => runDetect(quietArgs(machine)));
      expect(detect.value).toBe(0);
      expect(statusRecordOf(machine)).toMatchObject({ Verdict: 'compliant', ExitCode: 0, Command: 'detect' });
    } finally {
      cleanup(machine);
    }
  });

  it('detect: needs-fix, exit 1, WinRE free space from its snapshot; nothing else on the PC changes', async () => {
    const machine = tempMachine(NEEDS_FIX);
    try {
      const before = fs.readFileSync(machine, 'utf8');
      const detect = await silently(() => runDetect(quietArgs(machine)));
      expect(detect.value).toBe(1);
      expect(detect.stdout).toMatch(/^winre-fix NEEDS-FIX WINRE_PARTITION_TOO_SMALL/);
      expect(statusRecordOf(machine)).toMatchObject({
        Verdict: 'needs-fix',
        ExitCode: 1,
        Command: 'detect',
        WinReFreeMiB: 124,
        WinReEnabled: 1,
        ReasonCodes: 'WINRE_PARTITION_TOO_SMALL;UPDATE_FAILURE_EVIDENCE;WINRE_IMAGE_OUTDATED',
        // The image's own version (the fixture's WinRE 22621.2428), below the shipped baseline's 22621.7077.
        WinReVersion: '10.0.22621.2428',
        WinRePatchStatus: 'outdated',
      });
      expect(withoutStatusRecord(fs.readFileSync(machine, 'utf8'))).toBe(withoutStatusRecord(before));
    } finally {
      cleanup(machine);
    }
  });

  it('a refused fix: refused, exit 21, its reason code', async () => {
    const machine = tempMachine(REFUSED);
    try {
      expect((await fixInProcess(machine)).code).toBe(21);
      expect(statusRecordOf(machine)).toMatchObject({
        Verdict: 'refused',
        ExitCode: 21,
        Command: 'fix',
        ReasonCodes: expect.stringContaining('RECOVERY_ON_OTHER_DISK'),
        // The PC's SMBIOS UUID (test/fixtures: os.identity), the id Intune and ConfigMgr key on.
        DeviceId: readMachine<{ os: { identity: { smbiosUuid: string } } }>(machine).os.identity.smbiosUuid,
      });
    } finally {
      cleanup(machine);
    }
  });

  it('an error run (the shrink fails twice, nothing changed): error, exit 22, the reason SCRIPT_FAILED', async () => {
    const machine = tempMachine(NEEDS_FIX);
    try {
      const m = JSON.parse(fs.readFileSync(machine, 'utf8')) as { faults: unknown[] };
      // DeviceBusy: retried once, not the shrink retry ladder of Size Not Supported.
      m.faults = [1, 2].map((onCall) => ({ command: 'Resize-Partition', onCall, error: 'DeviceBusy' }));
      fs.writeFileSync(machine, JSON.stringify(m, null, 2));
      const run = await fixInProcess(machine);
      expect(run.code).toBe(22);
      expect(statusRecordOf(machine)).toMatchObject({
        Verdict: 'error',
        ExitCode: 22,
        Command: 'fix',
        WinReEnabled: 1,
        WinReFreeMiB: 124,
        ReasonCodes: expect.stringMatching(/;SCRIPT_FAILED$/),
      });
    } finally {
      cleanup(machine);
    }
  });

  it('not elevated: the fix stops (25, the environment) and the record cannot be written either; the exit code stays 25', async () => {
    const machine = tempMachine(NEEDS_FIX);
    try {
      const m = JSON.parse(fs.readFileSync(machine, 'utf8')) as { os: { isElevated: boolean } };
      m.os.isElevated = false;
      fs.writeFileSync(machine, JSON.stringify(m, null, 2));
      const run = await fixInProcess(machine);
      expect(run.code).toBe(25);
      expect(statusRecordOf(machine)).toBeUndefined();
    } finally {
      cleanup(machine);
    }
  });

  it('a record that cannot be written (registry write denied) does not change the fix or its exit code', async () => {
    const machine = tempMachine(NEEDS_FIX);
    try {
      const m = JSON.parse(fs.readFileSync(machine, 'utf8')) as { faults: unknown[] };
      m.faults = [{ command: 'New-ItemProperty', onCall: 1, error: 'AccessDenied' }];
      fs.writeFileSync(machine, JSON.stringify(m, null, 2));
      const run = await fixInProcess(machine);
      expect(run.code).toBe(0);
      // The key was created, its first value denied: nothing more was written, and the run still says fixed.
      expect(statusRecordOf(machine)).toEqual({});
    } finally {
      cleanup(machine);
    }
  });

  it('audit writes nothing without --status-record (byte-identical) and its record with it', async () => {
    const machine = tempMachine(NEEDS_FIX);
    try {
      const before = fs.readFileSync(machine, 'utf8');
      const plain = await silently(() => runAudit(quietArgs(machine)));
      expect(plain.value).toBe(20);
      expect(fs.readFileSync(machine, 'utf8')).toBe(before);
      const asked = await silently(() => runAudit({ ...quietArgs(machine), 'status-record': true }));
      expect(asked.value).toBe(20);
      expect(statusRecordOf(machine)).toMatchObject({
        Verdict: 'needs-fix',
        ExitCode: 20,
        Command: 'audit',
        WinReFreeMiB: 124,
      });
      expect(withoutStatusRecord(fs.readFileSync(machine, 'utf8'))).toBe(withoutStatusRecord(before));
    } finally {
      cleanup(machine);
    }
  });
});

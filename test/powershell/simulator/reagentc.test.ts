/**
 * The simulated reagentc.exe through real pwsh and the production seam Invoke-ReAgentC (stdout/stderr split,
 * exit codes), its rules (disable/enable round trip, fallback to C:, BitLocker refusal, image not found) and its
 * localized /info output (docs/reference/transcripts.md).
 */
import * as fs from 'node:fs';
import { openSimHarness, type SimHarness } from '../../support/harness';
import type { SimulatedMachine } from '../../../src/contracts/generated/simulated-machine';
import { encrypted, gptMachine, MiB, WIM_SHA, WIM_SIZE, type MachineOptions } from './system-machines';

jest.setTimeout(120_000);

interface NativeResult {
  exitCode: number;
  stdout: string[];
  stderr: string[];
}

// One pwsh for the file: each test writes its machine over the session's machine file (the simulator reads the
// file fresh on every command, so this is a new machine without a new PowerShell).
let shared: SimHarness | undefined;
function open(options: MachineOptions = {}, edit?: (m: SimulatedMachine) => void): SimHarness {
  const machine = gptMachine(options);
  edit?.(machine);
  shared ??= openSimHarness(machine);
  fs.writeFileSync(shared.machinePath, JSON.stringify(machine, null, 2));
  return shared;
}
afterAll(async () => {
  await shared?.dispose();
});

async function reagentc(h: SimHarness, ...args: string[]): Promise<NativeResult> {
  const list = args.map((a) => `'${a.replace(/'/g, "''")}'`).join(',');
  const res = await h.snippet(`Invoke-ReAgentC -Arguments @(${list})`);
  expect(res.errors).toEqual([]);
  return res.output[0] as NativeResult;
}

function files(
  m: SimulatedMachine,
  partitionNumber: number,
): { path: string; size: number; sha256: string }[] {
  const p = m.disks[0]!.partitions.find((x) => x.number === partitionNumber)!;
  return p.volume?.files ?? [];
}

describe('simulated reagentc.exe', () => {
  test('/info: body on stdout at column 31, status line on stderr, exit 0 (E2/E3 shape)', async () => {
    const h = open();
    const r = await reagentc(h, '/info');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toEqual(['REAGENTC.EXE: Operation Successful.']);
    expect(r.stdout).toEqual([
      'Windows Recovery Environment (Windows RE) and system reset configuration',
      'Information:',
      '',
      '    Windows RE status:         Enabled',
      '    Windows RE location:       \\\\?\\GLOBALROOT\\device\\harddisk0\\partition4\\Recovery\\WindowsRE',
      '    Boot Configuration Data (BCD) identifier: 57bbe585-98c6-11ee-931f-e7071dc38554',
      '    Recovery image location:   ',
      '    Recovery image index:      0',
      '    Custom image location:     ',
      '    Custom image index:        0',
      '',
    ]);
  });

  test('/disable then /enable round-trips the WIM (same sha256 and size) and gives a new BCD id', async () => {
    const h = open();
    expect((await reagentc(h, '/disable')).exitCode).toBe(0);
    let m = h.machine<SimulatedMachine>();
    expect(m.winre.status).toBe('Disabled');
    expect(m.winre.location).toBeUndefined();
    expect(m.winre.bcdId).toBe('57bbe585-98c6-11ee-931f-e7071dc38554');
    expect(files(m, 4).some((f) => /winre\.wim$/i.test(f.path))).toBe(false);
    const staged = files(m, 3).find((f) => f.path === '\\Windows\\System32\\Recovery\\Winre.wim');
    expect(staged).toMatchObject({ sha256: WIM_SHA, size: WIM_SIZE });
    const again = await reagentc(h, '/disable');
    expect(again.exitCode).not.toBe(0);
    expect(again.stderr).toEqual(['REAGENTC.EXE: Windows RE is already disabled.']);

    expect((await reagentc(h, '/enable')).exitCode).toBe(0);
    m = h.machine<SimulatedMachine>();
    expect(m.winre.status).toBe('Enabled');
    expect(m.winre.bcdId).not.toBe('57bbe585-98c6-11ee-931f-e7071dc38554');
    expect(files(m, 4).find((f) => f.path === '\\Recovery\\WindowsRE\\Winre.wim')).toMatchObject({
      sha256: WIM_SHA,
      size: WIM_SIZE,
    });
    expect(files(m, 3).some((f) => /winre\.wim$/i.test(f.path))).toBe(false);
    expect(m.trace.log.map((l) => l.command)).toEqual(['reagentc /disable', 'reagentc /enable']);
    const info = await reagentc(h, '/info');
    expect(info.stdout[4]).toContain('\\partition4\\Recovery\\WindowsRE');
    const xml = await h.snippet("Get-Content -Raw 'C:\\Windows\\System32\\Recovery\\ReAgent.xml'");
    expect(String(xml.output[0])).toContain(`<WinreBCD id="{${m.winre.bcdId}}"/>`);
    expect(String(xml.output[0])).toContain('<InstallState state="1"/>');
  });

  test('/enable silently falls back to C:\\Recovery\\WindowsRE when free space < WIM + 52 MiB', async () => {
    // 700 MiB partition, 20 MiB used: free = 659 MiB < 663 MiB + 52 MiB.
    const h = open({ recoverySize: 700 * MiB, winre: 'disabled' });
    const r = await reagentc(h, '/enable');
    expect(r).toEqual({ exitCode: 0, stdout: [], stderr: ['REAGENTC.EXE: Operation Successful.'] });
    const m = h.machine<SimulatedMachine>();
    expect(m.winre.location?.partitionOffset).toBe(m.disks[0]!.partitions[2]!.offset);
    expect(files(m, 3).find((f) => f.path === '\\Recovery\\WindowsRE\\Winre.wim')?.sha256).toBe(WIM_SHA);
    const info = await reagentc(h, '/info');
    expect(info.stdout[4]).toBe(
      '    Windows RE location:       \\\\?\\GLOBALROOT\\device\\harddisk0\\partition3\\Recovery\\WindowsRE',
    );
  });

  test('/enable uses the recovery partition when it has room (750 MiB)', async () => {
    const h = open({ winre: 'disabled' });
    expect((await reagentc(h, '/enable')).exitCode).toBe(0);
    const m = h.machine<SimulatedMachine>();
    expect(m.winre.location?.partitionOffset).toBe(m.disks[0]!.partitions[3]!.offset);
  });

  test('/enable prefers the lowest recovery partition, but a $WINRE_BACKUP_PARTITION.MARKER partition first', async () => {
    const second = (m: SimulatedMachine, marker: boolean): void => {
      const disk = m.disks[0]!;
      const p4 = disk.partitions[3]!;
      const offset = p4.offset + p4.size;
      disk.partitions.push({
        ...p4,
        number: 5,
        offset,
        guid: '{0a1b2c3d-0000-4000-8000-000000000005}',
        volume: {
          ...p4.volume!,
          guid: '{7c2b1b8e-3c3a-4a64-9d59-4b1f6a1c0a05}',
          files: marker
            ? [{ path: '\\$WINRE_BACKUP_PARTITION.MARKER', size: 0, sha256: '0'.repeat(64), hidden: true }]
            : [],
        },
      });
      disk.size = offset + p4.size + 2 * MiB;
    };
    let h = open({ winre: 'disabled' }, (m) => second(m, false));
    expect((await reagentc(h, '/enable')).exitCode).toBe(0);
    expect((await reagentc(h, '/info')).stdout[4]).toContain('\\partition4\\Recovery\\WindowsRE');
    h = open({ winre: 'disabled' }, (m) => second(m, true));
    expect((await reagentc(h, '/enable')).exitCode).toBe(0);
    expect((await reagentc(h, '/info')).stdout[4]).toContain('\\partition5\\Recovery\\WindowsRE');
    // reagent deletes the marker once it reuses the partition (FindTargetPartition option #1).
    expect(files(h.machine<SimulatedMachine>(), 5).map((f) => f.path)).toEqual([
      '\\Recovery\\WindowsRE\\Winre.wim',
    ]);
  });

  test('/enable refuses a BitLocker-encrypted recovery partition (and an encrypted C:) with the real text', async () => {
    const h = open({ winre: 'disabled', recoveryBitLocker: encrypted, osBitLocker: encrypted });
    const r = await reagentc(h, '/enable');
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toEqual([
      'REAGENTC.EXE: Windows RE cannot be enabled on a volume with BitLocker Drive Encryption enabled.',
    ]);
    const m = h.machine<SimulatedMachine>();
    expect(m.winre.status).toBe('Disabled');
    expect(m.trace.mutations).toBe(0);
  });

  test('/enable without a staged Winre.wim fails with "The Windows RE image was not found."', async () => {
    const h = open({ winre: 'disabled-missing' });
    const r = await reagentc(h, '/enable');
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toEqual(['REAGENTC.EXE: The Windows RE image was not found.']);
  });

  test('/setreimage prints the GLOBALROOT folder; /enable then installs in place', async () => {
    const h = open({ winre: 'disabled-missing' }, (m) => {
      const rec = m.disks[0]!.partitions[3]!;
      rec.driveLetter = 'R';
      rec.volume!.files.push({ path: '\\Recovery\\WindowsRE\\Winre.wim', size: WIM_SIZE, sha256: WIM_SHA });
    });
    const set = await reagentc(
      h,
      '/setreimage',
      '/path',
      'R:\\Recovery\\WindowsRE',
      '/target',
      'C:\\Windows',
    );
    expect(set.stdout).toEqual([
      'Directory set to: \\\\?\\GLOBALROOT\\device\\harddisk0\\partition4\\Recovery\\WindowsRE',
      '',
    ]);
    expect(set.stderr).toEqual(['REAGENTC.EXE: Operation Successful.']);
    expect(h.machine<SimulatedMachine>().winre.status).toBe('Disabled');
    expect((await reagentc(h, '/enable')).exitCode).toBe(0);
    expect((await reagentc(h, '/info')).stdout[4]).toContain('\\partition4\\Recovery\\WindowsRE');
  });

  test('not elevated: E6 split (sentence on stdout, failure lines on stderr), exit 5, nothing changes', async () => {
    const h = open({ elevated: false });
    const r = await reagentc(h, '/disable');
    expect(r).toEqual({
      exitCode: 5,
      stdout: ['This command can only be executed from an elevated command prompt.', '', ''],
      stderr: ['REAGENTC.EXE: Operation failed: 5', '', 'REAGENTC.EXE: An error has occurred.'],
    });
    expect(h.machine<SimulatedMachine>().winre.status).toBe('Enabled');
  });

  test('a declared fault fires on exactly the declared call, with the real failure lines', async () => {
    const h = open({ winre: 'disabled' }, (m) => {
      m.faults.push({ command: 'reagentc /enable', onCall: 1, error: 'OperationFailed70' });
    });
    const first = await reagentc(h, '/enable');
    expect(first).toEqual({
      exitCode: 112,
      stdout: [],
      stderr: ['REAGENTC.EXE: Operation failed: 70', '', 'REAGENTC.EXE: An error has occurred.'],
    });
    expect(h.machine<SimulatedMachine>().winre.status).toBe('Disabled');
    expect((await reagentc(h, '/enable')).exitCode).toBe(0);
  });

  test.each([
    ['de-DE', '    WinRE-Status:              Enabled', 'REAGENTC.EXE: Vorgang erfolgreich.'],
    ['zh-CN', '    Windows RE 状态:           Enabled', 'REAGENTC.EXE: 操作成功。'],
    [
      'ru-RU',
      '    Состояние среды восстановления Windows: Enabled',
      'REAGENTC.EXE: Операция успешно завершена.',
    ],
  ] as const)(
    '%s /info keeps the GLOBALROOT path and the English status word',
    async (language, statusLine, success) => {
      const h = open({ language, showsVersionLine: true });
      const r = await reagentc(h, '/info');
      expect(r.exitCode).toBe(0);
      expect(r.stdout).toContain(statusLine);
      const location = r.stdout.find((l) => l.includes('GLOBALROOT'));
      expect(
        location?.endsWith(' \\\\?\\GLOBALROOT\\device\\harddisk0\\partition4\\Recovery\\WindowsRE'),
      ).toBe(true);
      expect(r.stdout.some((l) => l.endsWith(' 57bbe585-98c6-11ee-931f-e7071dc38554'))).toBe(true);
      expect(r.stdout.some((l) => l.endsWith(' 10.0.19041.3920'))).toBe(true);
      expect(r.stderr).toEqual([success]);
    },
  );

  test('zh-CN pads by display width (CJK = 2 columns) exactly as ZH1', async () => {
    const h = open({ language: 'zh-CN', winre: 'disabled' });
    const r = await reagentc(h, '/info');
    expect(r.stdout.slice(0, 4)).toEqual([
      'Windows 恢复环境(Windows RE)和系统初始化配置',
      '信息:',
      '',
      '    Windows RE 状态:           Disabled',
    ]);
    expect(r.stdout).toContain('    引导配置数据(BCD)标识符:   57bbe585-98c6-11ee-931f-e7071dc38554');
    expect(r.stdout).toContain('    恢复映像索引:              0');
  });

  test('statusLinesOnStderr false puts the status line on stdout; versionLineWhenDisabled prints 0.0.0.0', async () => {
    const h = open({ winre: 'disabled', showsVersionLine: true, versionLineWhenDisabled: true }, (m) => {
      m.reagentc.statusLinesOnStderr = false;
    });
    const r = await reagentc(h, '/info');
    expect(r.stderr).toEqual([]);
    expect(r.stdout.slice(-3)).toEqual([
      '    Windows RE Version:        0.0.0.0',
      '',
      'REAGENTC.EXE: Operation Successful.',
    ]);
    const bodyLines = r.stdout.filter((l) => l.startsWith('    '));
    expect(bodyLines).toHaveLength(8);
  });

  test('without versionLineWhenDisabled a disabled 24H2 prints 7 body lines', async () => {
    const h = open({ winre: 'disabled', showsVersionLine: true });
    const r = await reagentc(h, '/info');
    expect(r.stdout.filter((l) => l.startsWith('    '))).toHaveLength(7);
  });

  test('Invoke-ReAgentC leaves no stderr lines in $Error of the caller', async () => {
    const h = open();
    const res = await h.snippet("$null = Invoke-ReAgentC -Arguments '/info'; $Error.Count");
    expect(res.output).toEqual([0]);
    expect(res.errors).toEqual([]);
  });
});

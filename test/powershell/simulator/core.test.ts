/**
 * The simulator core (simulator/00-Machine.ps1) through real pwsh: the machine file is the disk, declared faults
 * fire at exactly the declared call, power cuts leave exactly the right state and end the process with 29,
 * errors honour -ErrorAction, and nothing mutates without elevation.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openSimHarness } from '../../support/harness';
import { PowerShellExitedError } from '../../../src/errors';
import { ExitCode } from '../../../src/contracts/exit-codes';
import { GiB, MiB, gptMachine, simKit } from './machines';

jest.setTimeout(120_000);

const kit = simKit();
afterAll(() => kit.dispose());

const C_SIZE = 128 * GiB - MiB - 674 * MiB - 117 * MiB;
const shrink = (mib: number) => `Resize-Partition -DriveLetter C -Size (${C_SIZE} - ${mib}MB)`;

describe('machine file', () => {
  it('is rewritten atomically as indented JSON, with nothing left behind and dates kept as strings', async () => {
    const m = gptMachine();
    m.updateHistory = [
      { title: 'KB5034441', date: '2024-01-09T18:00:00Z', resultCode: 4, hresult: -2147023293 },
    ];
    kit.load(m);
    const r = await kit.run(shrink(1024));
    expect(r.errors).toEqual([]);
    const file = kit.harness().machinePath;
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toMatch(/^\{\n {2}"schemaVersion": 1,/);
    expect(JSON.parse(text).updateHistory[0].date).toBe('2024-01-09T18:00:00Z');
    expect(fs.readdirSync(path.dirname(file))).toEqual(['machine.json']);
  });

  it('leaves the file byte-identical after read-only commands; counts calls a fault watches', async () => {
    const m = gptMachine();
    m.faults = [{ command: 'Get-Disk', onCall: 5, error: 'Failed' }];
    kit.load(m);
    const before = fs.readFileSync(kit.harness().machinePath, 'utf8');
    await kit.run('Get-Partition | Out-Null; Get-Partition -DriveLetter C | Out-Null; Get-Volume | Out-Null');
    expect(fs.readFileSync(kit.harness().machinePath, 'utf8')).toBe(before);
    await kit.run('Get-Disk | Out-Null; Get-Disk | Out-Null');
    expect(kit.machine().trace.calls).toEqual({ 'Get-Disk': 2 });
  });

  it('resolves C:\\, volume GUID and GLOBALROOT paths to the same volume', async () => {
    kit.load(gptMachine());
    const r = await kit.run(`
      $m = Read-SimMachine
      $g = (Get-Partition -DiskNumber 0 -PartitionNumber 4).Guid
      foreach ($p in @('\\\\?\\GLOBALROOT\\device\\harddisk0\\partition4\\Recovery\\WindowsRE', "\\\\?\\Volume$g\\Recovery\\WindowsRE\\", 'c:\\Windows')) {
        $x = Resolve-SimPath -Machine $m -Path $p
        '' + $x.Partition.number + '|' + $x.RelativePath
      }`);
    expect(r.errors).toEqual([]);
    expect(r.output).toEqual(['4|\\Recovery\\WindowsRE', '4|\\Recovery\\WindowsRE', '3|\\Windows']);
  });

  it('moves a file between volumes keeping its size and hash, and free space follows', async () => {
    kit.load(gptMachine());
    const r = await kit.run(`
      $m = Read-SimMachine
      $re = (Resolve-SimPath -Machine $m -Path '\\\\?\\GLOBALROOT\\device\\harddisk0\\partition4\\').Volume
      $c = (Resolve-SimPath -Machine $m -Path 'C:\\').Volume
      $before = Get-SimVolumeFree -Volume $re
      Invoke-SimMutation -Machine $m -Command 'test' -Detail 'move' -Action {
        param($mm) $null = Move-SimVolumeFile -FromVolume $re -FromPath '\\recovery\\windowsre\\winre.wim' -ToVolume $c -ToPath '\\Windows\\System32\\Recovery\\Winre.wim'
      }
      (Get-SimVolumeFree -Volume $re) - $before`);
    expect(r.errors).toEqual([]);
    expect(r.output).toEqual([500 * MiB]);
    const files = kit.machine().disks[0]!.partitions[2]!.volume!.files;
    expect(files).toContainEqual({
      path: '\\Windows\\System32\\Recovery\\Winre.wim',
      size: 500 * MiB,
      sha256: 'B'.repeat(64),
    });
    expect(kit.machine().disks[0]!.partitions[3]!.volume!.files).toEqual([]);
  });
});

describe('declared faults', () => {
  it('documents every error name a fault can use (docs/simulation.md)', async () => {
    kit.load(gptMachine());
    const r = await kit.run('Get-SimErrorNames');
    const doc = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'simulation.md'), 'utf8');
    expect(r.output.length).toBeGreaterThan(20);
    expect((r.output as string[]).filter((n) => !doc.includes(`\`${n}\``))).toEqual([]);
  });

  it('fire at exactly the declared call, once, with the named documented error', async () => {
    const m = gptMachine();
    m.faults = [{ command: 'Resize-Partition', onCall: 2, error: 'NotEnoughCapacity' }];
    kit.load(m);
    const r = await kit.run(`
      ${shrink(1024)}
      ${shrink(2048)} -ErrorAction SilentlyContinue
      ${shrink(3072)}
      (Get-Partition -DriveLetter C).Size`);
    expect(r.errors.map((e) => e.fullyQualifiedErrorId)).toEqual(['StorageWMI 40000,Resize-Partition']);
    expect(r.errors[0]!.message).toMatch(/^Not enough available capacity/);
    // Calls 1 and 3 happened; call 2 changed nothing.
    expect(r.output).toEqual([C_SIZE - 3072 * MiB]);
    const after = kit.machine();
    expect(after.faults).toEqual([
      { command: 'Resize-Partition', onCall: 2, error: 'NotEnoughCapacity', fired: true },
    ]);
    expect(after.trace.calls['Resize-Partition']).toBe(3);
    expect(after.trace.mutations).toBe(2);
  });

  it('a delayMs fault without error: that call is written fired, sleeps, then runs normally', async () => {
    const m = gptMachine();
    m.faults = [{ command: 'Resize-Partition', onCall: 2, delayMs: 1500 }];
    kit.load(m);
    const r = await kit.run(`
      ${shrink(1024)}
      $watch = [System.Diagnostics.Stopwatch]::StartNew()
      ${shrink(2048)}
      $slow = $watch.ElapsedMilliseconds
      $watch.Restart()
      ${shrink(3072)}
      @($slow, $watch.ElapsedMilliseconds, (Get-Partition -DriveLetter C).Size)`);
    expect(r.errors).toEqual([]);
    const [slow, , size] = r.output as number[];
    expect(slow).toBeGreaterThanOrEqual(1500); // a lower bound: the declared sleep happened
    expect(size).toBe(C_SIZE - 3072 * MiB); // every call, the slow one included, did its work
    const after = kit.machine();
    expect(after.faults).toEqual([{ command: 'Resize-Partition', onCall: 2, delayMs: 1500, fired: true }]);
    expect(after.trace.mutations).toBe(3);
  });

  it('count over the machine life: a fault for call 2 fires in a later session', async () => {
    const m = gptMachine();
    m.faults = [{ command: 'Get-Disk', onCall: 2, error: 'Failed' }];
    kit.load(m);
    const first = await kit.run('Get-Disk | Out-Null');
    expect(first.errors).toEqual([]);
    // A new PowerShell process on (a copy of) the same file: what a new run, or a reboot, would be.
    const h2 = openSimHarness(kit.harness().machinePath);
    try {
      const second = await h2.snippet('Get-Disk -ErrorAction SilentlyContinue');
      expect(second.errors.map((e) => e.fullyQualifiedErrorId)).toEqual(['StorageWMI 4,Get-Disk']);
    } finally {
      await h2.dispose();
    }
  });
});

describe('declared delays (a hung or slow command)', () => {
  it('delayMs without error: that call sleeps, then runs normally; the fired mark is on disk before the sleep', async () => {
    const m = gptMachine();
    m.faults = [{ command: 'Resize-Partition', onCall: 1, delayMs: 1500 }];
    kit.load(m);
    const r = await kit.run(`
      $sw = [System.Diagnostics.Stopwatch]::StartNew()
      ${shrink(1024)}
      $sw.ElapsedMilliseconds
      (Get-Partition -DriveLetter C).Size`);
    expect(r.errors).toEqual([]);
    expect(r.output[0]).toBeGreaterThanOrEqual(1500);
    expect(r.output[1]).toBe(C_SIZE - 1024 * MiB);
    const after = kit.machine();
    expect(after.faults).toEqual([{ command: 'Resize-Partition', onCall: 1, delayMs: 1500, fired: true }]);
    expect(after.trace.mutations).toBe(1);
  });

  it('a process killed in the sleep leaves the fault spent: the next process runs that command at once', async () => {
    const m = gptMachine();
    m.faults = [{ command: 'reagentc /info', onCall: 1, delayMs: 600_000 }];
    kit.load(m);
    const h = openSimHarness(kit.harness().machinePath, { callTimeoutMs: 4_000 });
    try {
      await expect(h.snippet('reagentc /info | Out-Null')).rejects.toThrow(/did not answer/);
      const spent = h.machine<{ faults: { fired?: boolean }[]; trace: { calls: Record<string, number> } }>();
      expect(spent.faults[0]?.fired).toBe(true);
      // Through our seam (in the session: no second process to start within the 4 s limit on a loaded machine).
      const again = await h.snippet("(Invoke-ReAgentC -Arguments @('/info')).exitCode");
      expect(again.output).toEqual([0]);
    } finally {
      await h.dispose();
    }
  });

  it('delayMs with error: that call sleeps, then fails with the named error', async () => {
    const m = gptMachine();
    m.faults = [{ command: 'Resize-Partition', onCall: 1, delayMs: 500, error: 'NotEnoughCapacity' }];
    kit.load(m);
    const r = await kit.run(`${shrink(1024)} -ErrorAction SilentlyContinue`);
    expect(r.errors.map((e) => e.fullyQualifiedErrorId)).toEqual(['StorageWMI 40000,Resize-Partition']);
    expect(kit.machine().trace.mutations).toBe(0);
  });
});

describe('power cuts', () => {
  const fresh = simKit();
  afterAll(() => fresh.dispose());

  it('before the Nth mutation: state of N-1 mutations, process ends with 29', async () => {
    const m = gptMachine();
    m.powerCut = { atMutation: 2, phase: 'before' };
    fresh.load(m);
    const run = fresh.run(`${shrink(1024)}; ${shrink(2048)}; 'not reached'`);
    await expect(run).rejects.toBeInstanceOf(PowerShellExitedError);
    await expect(run).rejects.toThrow(`exit code ${ExitCode.SimulatedPowerCut}`);
    const after = fresh.machine();
    expect(after.powerCut).toEqual({ atMutation: 2, phase: 'before', fired: true });
    expect(after.trace.mutations).toBe(1);
    expect(after.trace.log.map((l) => l.seq)).toEqual([1]);
    expect(after.disks[0]!.partitions[2]!.size).toBe(C_SIZE - 1024 * MiB);
  });

  it('after the Nth mutation: that mutation is on disk, nothing after it; a fired cut does not fire again', async () => {
    const m = gptMachine();
    m.powerCut = { atMutation: 1, phase: 'after' };
    fresh.load(m);
    const run = fresh.run(`${shrink(1024)}; ${shrink(2048)}`);
    await expect(run).rejects.toThrow(`exit code ${ExitCode.SimulatedPowerCut}`);
    let after = fresh.machine();
    expect(after.trace.mutations).toBe(1);
    expect(after.disks[0]!.partitions[2]!.size).toBe(C_SIZE - 1024 * MiB);
    expect(after.powerCut!.fired).toBe(true);
    // The next call starts a new PowerShell ("the PC is back on") on the same file.
    const again = await fresh.run(shrink(2048));
    expect(again.errors).toEqual([]);
    after = fresh.machine();
    expect(after.trace.mutations).toBe(2);
    expect(after.disks[0]!.partitions[2]!.size).toBe(C_SIZE - 2048 * MiB);
  });
});

describe('errors and elevation', () => {
  it('honour -ErrorAction: Stop terminates, SilentlyContinue records in $Error and goes on', async () => {
    kit.load(gptMachine());
    const r = await kit.run(`
      $out = @()
      try { Resize-Partition -DriveLetter C -Size ${C_SIZE} -ErrorAction Stop; $out += 'no' } catch { $out += 'caught ' + $_.FullyQualifiedErrorId }
      Resize-Partition -DriveLetter C -Size ${C_SIZE} -ErrorAction SilentlyContinue
      $out += 'continued'
      $out += $Error.Count
      $out`);
    expect(r.output).toEqual(['caught StorageWMI 4097,Resize-Partition', 'continued', 2]);
  });

  it("follow the caller's own $ErrorActionPreference, as a real cmdlet does (the session default is Stop)", async () => {
    kit.load(gptMachine());
    const r = await kit.run(
      `& { $ErrorActionPreference = 'SilentlyContinue'; Get-Partition -DriveLetter Q; 'continued' }`,
    );
    expect(r.output).toEqual(['continued']);
    expect(r.errors.map((e) => e.fullyQualifiedErrorId)).toEqual([
      'CmdletizationQuery_NotFound_DriveLetter,Get-Partition',
    ]);
  });

  it('non-elevated: every mutation fails with Access denied 40001, and nothing changes', async () => {
    kit.load(gptMachine({ elevated: false }));
    const r = await kit.run(`
      ${shrink(1024)} -ErrorAction SilentlyContinue
      New-Partition -DiskNumber 0 -Size 1MB -ErrorAction SilentlyContinue
      Remove-Partition -DiskNumber 0 -PartitionNumber 4 -Confirm:$false -ErrorAction SilentlyContinue
      Set-Partition -DiskNumber 0 -PartitionNumber 4 -NewDriveLetter R -ErrorAction SilentlyContinue
      Get-Partition -DiskNumber 0 -PartitionNumber 4 | Format-Volume -FileSystem NTFS -Confirm:$false -ErrorAction SilentlyContinue
      (Get-Partition).Count`);
    expect(r.output).toEqual([4]);
    const ids = r.errors.map((e) => e.fullyQualifiedErrorId).sort();
    expect(ids).toEqual([
      'StorageWMI 40001,Format-Volume',
      'StorageWMI 40001,New-Partition',
      'StorageWMI 40001,Remove-Partition',
      'StorageWMI 40001,Resize-Partition',
      'StorageWMI 40001,Set-Partition',
    ]);
    expect(
      r.errors.every((e) => e.message.startsWith('Access denied') && e.category === 'PermissionDenied'),
    ).toBe(true);
    expect(kit.machine().trace.mutations).toBe(0);
  });
});

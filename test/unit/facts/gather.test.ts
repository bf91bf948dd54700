/** The assembler against an in-memory runner that validates every canned output against its script's schema. */
import { FACT_SCRIPTS, gatherSnapshot } from '../../../src/engine/facts/gather';
import { ContractViolationError } from '../../../src/errors';
import { validatorFor } from '../../../src/schemas/validators';
import { enabledMachine, FakeFactRunner, HASH_A, transcript, wimInfo, type FactOutputs } from './fake-facts';

const OPTIONS = { takenAt: '2026-11-25T20:00:00.000Z', simulated: true } as const;

async function gather(outputs: FactOutputs) {
  const runner = new FakeFactRunner(outputs);
  const snapshot = await gatherSnapshot(runner, OPTIONS);
  return { runner, snapshot };
}

describe('gatherSnapshot', () => {
  it('runs exactly the five read-only fact scripts, once each, and passes the system drive to BitLocker', async () => {
    const { runner } = await gather(enabledMachine());
    expect(runner.invoked).toEqual([...FACT_SCRIPTS]);
    expect(runner.invoked.every((s) => s.startsWith('Get-'))).toBe(true);
    expect(runner.params[runner.invoked.indexOf('Get-BitLockerStatus')]).toEqual({ SystemDrive: 'C:' });
  });

  it('builds a snapshot that validates against schemas/snapshot.schema.json', async () => {
    const { snapshot } = await gather(enabledMachine());
    expect(validatorFor('snapshot')(snapshot)).toBe(true);
    expect(snapshot).toMatchObject({ schemaVersion: 1, takenAt: OPTIONS.takenAt, simulated: true });
    expect(snapshot.disks[0]!.partitions.map((p) => p.number)).toEqual([1, 2, 3, 4]);
  });

  it('parses reagentc and ReAgent.xml into language-independent facts', async () => {
    const { snapshot } = await gather(enabledMachine());
    expect(snapshot.winre.reagentc).toEqual({
      exitCode: 0,
      status: 'Enabled',
      location: {
        diskNumber: 0,
        partitionNumber: 4,
        path: '\\\\?\\GLOBALROOT\\device\\harddisk0\\partition4\\Recovery\\WindowsRE',
      },
      bcdId: '8e73986c-289e-11f0-bf53-a4d06eada308',
      version: null,
    });
    expect(snapshot.winre.reagentXml).toEqual({
      present: true,
      installState: 1,
      winreBcdId: '8e73986c-289e-11f0-bf53-a4d06eada308',
      winreLocation: {
        path: '\\Recovery\\WindowsRE',
        id: 0,
        offset: 127 * 1024 ** 3,
        guid: '{eb87a94f-3d4a-403a-8713-f1c5f7a1fab2}',
      },
      imageLocation: null,
    });
    expect(snapshot.winre.activeImage).toEqual({
      size: 580 * 1024 ** 2,
      sha256: HASH_A,
      wim: wimInfo('10.0.26100.1150'),
    });
    expect(snapshot.winre.stagedImage).toBeNull();
  });

  it('German, Russian and Chinese reagentc output give the same snapshot as English', async () => {
    const english = (await gather(enabledMachine())).snapshot;
    for (const file of [
      'de-DE-26200-enabled-partition4-constructed.txt',
      'ru-RU-unknown-enabled-partition4-constructed.txt',
    ]) {
      const m = enabledMachine();
      m['Get-WinReStatus'].reagentc.stdout = transcript(file);
      m['Get-WinReStatus'].reagentc.stderr = [];
      expect((await gather(m)).snapshot).toEqual(english);
    }
    // A real zh-CN capture of the same state on another machine: only its BCD id differs.
    const zh = enabledMachine();
    zh['Get-WinReStatus'].reagentc.stdout = transcript('zh-CN-unknown-enabled-partition4-before.txt');
    const zhSnapshot = (await gather(zh)).snapshot;
    expect({ ...zhSnapshot.winre.reagentc, bcdId: null }).toEqual({ ...english.winre.reagentc, bcdId: null });
  });

  it('keeps disagreements between reagentc, ReAgent.xml and the registry as data for the planner', async () => {
    const m = enabledMachine();
    m['Get-WinReStatus'].reagentXml.text = m['Get-WinReStatus'].reagentXml.text!.replace(
      'state="1"',
      'state="0"',
    );
    m['Get-WinReStatus'].registry.winreLocation = null;
    const { snapshot } = await gather(m);
    expect(snapshot.winre.reagentc.status).toBe('Enabled');
    expect(snapshot.winre.reagentXml.installState).toBe(0);
    expect(snapshot.winre.registry.winreLocation).toBeNull();
  });

  it('merges event 20 failures the update history lacks, without duplicating the ones it has', async () => {
    const { snapshot } = await gather(enabledMachine());
    expect(snapshot.evidence.failedUpdates.map((u) => u.title.slice(-11))).toEqual([
      '(KB5034439)',
      '(KB5034441)',
    ]);
    expect(snapshot.evidence.failedUpdates.every((u) => u.hresult === -2147023293)).toBe(true);
    expect(snapshot.evidence.winreAgentEvents).toEqual([
      {
        id: 4502,
        timeCreated: '2024-01-10T03:11:58.000Z',
        message: 'Windows Recovery Environment servicing failed.',
      },
    ]);
  });

  it('hands every raw output to onScriptOutput and reports partial facts through onNote', async () => {
    const m = enabledMachine();
    m['Get-UpdateFailureEvidence'].errors = [{ source: 'UpdateHistory', message: 'Class not registered' }];
    const seen: string[] = [];
    const notes: string[] = [];
    await gatherSnapshot(new FakeFactRunner(m), {
      ...OPTIONS,
      onScriptOutput: (script) => seen.push(script),
      onNote: (n) => notes.push(n.message),
    });
    expect(seen).toEqual([...FACT_SCRIPTS]);
    expect(notes).toEqual(['Get-UpdateFailureEvidence: UpdateHistory: Class not registered']);
  });

  it('a disabled WinRE with a staged image: no location, no active image, the staged one hashed', async () => {
    const m = enabledMachine();
    m['Get-WinReStatus'].reagentc.stdout = transcript('en-US-26100-server2025-disabled-zero-bcd.txt');
    m['Get-WinReStatus'].activeImage = null;
    m['Get-WinReStatus'].stagedImage = {
      path: 'C:\\Windows\\System32\\Recovery\\Winre.wim',
      present: true,
      size: 580 * 1024 ** 2,
      sha256: HASH_A,
      wim: wimInfo('10.0.26100.1150'),
    };
    const { snapshot } = await gather(m);
    expect(snapshot.winre.reagentc).toMatchObject({ status: 'Disabled', location: null });
    expect(snapshot.winre.activeImage).toBeNull();
    expect(snapshot.winre.stagedImage).toEqual({
      size: 580 * 1024 ** 2,
      sha256: HASH_A,
      wim: wimInfo('10.0.26100.1150'),
    });
  });
});

describe('gatherSnapshot refuses broken script promises (never guessed)', () => {
  it('partitions out of offset order', async () => {
    const m = enabledMachine();
    m['Get-DiskLayout'].disks[0]!.partitions.reverse();
    await expect(gather(m)).rejects.toThrow(ContractViolationError);
  });

  it('an active image somewhere other than where reagentc said', async () => {
    const m = enabledMachine();
    m['Get-WinReStatus'].activeImage!.path =
      '\\\\?\\GLOBALROOT\\device\\harddisk0\\partition3\\Recovery\\WindowsRE\\Winre.wim';
    await expect(gather(m)).rejects.toThrow(/Get-WinReStatus broke its contract/);
  });

  it('an active image while reagentc reported no location', async () => {
    const m = enabledMachine();
    m['Get-WinReStatus'].reagentc.stdout = transcript('en-US-19045-disabled.txt');
    await expect(gather(m)).rejects.toThrow(ContractViolationError);
  });

  it('a script output that breaks its schema stops at the runner (the fake validates like the real one)', async () => {
    const m = enabledMachine();
    (m['Get-OsFacts'] as unknown as Record<string, unknown>)['systemDrive'] = 'c:';
    await expect(gather(m)).rejects.toThrow(
      /Get-OsFacts broke its contract schemas\/get-os-facts\.schema\.json/,
    );
  });

  it('the assembled snapshot is validated too (a takenAt that is not an ISO date-time)', async () => {
    await expect(
      gatherSnapshot(new FakeFactRunner(enabledMachine()), { ...OPTIONS, takenAt: 'yesterday' }),
    ).rejects.toThrow(/gatherSnapshot broke its contract schemas\/snapshot\.schema\.json/);
  });
});

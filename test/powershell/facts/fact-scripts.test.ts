/**
 * The fact scripts through real pwsh against the simulator, in a READ-ONLY runner: every script's output passes
 * its schema (PowerShellScriptRunner validates it), the assembled Snapshot passes its schema and matches the
 * machine it came from, reagentc's display language changes nothing, and the machine file is not changed.
 */
import * as fs from 'node:fs';
import { gatherSnapshot } from '../../../src/engine/facts/gather';
import { GPT_TYPE } from '../../../src/domain/gpt-types';
import type { SimulatedMachine } from '../../../src/contracts/generated/simulated-machine';
import type { Snapshot } from '../../../src/domain/snapshot';
import type { GetDiskLayoutOutput } from '../../../src/contracts/generated/get-disk-layout';
import type { GetWinReStatusOutput } from '../../../src/contracts/generated/get-win-re-status';
import { fixturePath, openSimHarness, type SimHarness } from '../../support/harness';

jest.setTimeout(180_000);

const RECOVERY = GPT_TYPE.recovery;
const OPTIONS = { takenAt: '2026-11-25T20:00:00.000Z', simulated: true } as const;

/** A spread of layouts and states (catalog.json says what each models). */
const FIXTURES = [
  'win11-gpt-small-winre-zh',
  'server2022-bios-mbr',
  'server2022-dynamic-mirror',
  'win10-winre-disabled-wim-staged',
  'win10-winre-on-second-disk',
  'win11-bitlocker-tpm',
  'win11-device-encryption-in-progress',
  'win10-c-dirty',
  'win11-not-elevated',
  'win11-pending-reboot',
  'win10-reagentc-de',
  'win11-reagentc-ru',
  'win10-zh-ui-reagentc-en',
  'win10-winre-on-c',
  'win10-winre-disabled-wim-missing',
] as const;

type MachineFile = import('../../../src/contracts/generated/simulated-machine').File;

/** The file at `relative` on the volume of the partition at `offset` of the disk `diskUniqueId` (or of C:). */
function fileOn(
  m: SimulatedMachine,
  where: { diskUniqueId?: string; offset?: number; letter?: string },
  relative: string,
) {
  for (const d of m.disks) {
    if (where.diskUniqueId !== undefined && d.uniqueId !== where.diskUniqueId) continue;
    for (const p of d.partitions) {
      if (where.offset !== undefined && p.offset !== where.offset) continue;
      if (where.letter !== undefined && p.driveLetter !== where.letter) continue;
      const f = (p.volume?.files as MachineFile[] | undefined)?.find(
        (x) => x.path.toLowerCase() === relative.toLowerCase(),
      );
      if (!f) continue;
      // The WinRE version in the image's own metadata: the machine's WinRE version unless the file declares one.
      const version = f.wim?.version ?? m.winre.version;
      return {
        size: f.size,
        sha256: f.sha256,
        wim: expect.objectContaining({
          readable: !f.wim?.truncated,
          version: f.wim?.truncated ? null : version,
          build: f.wim?.truncated ? null : Number(version.split('.')[2]),
          spBuild: f.wim?.truncated ? null : Number(version.split('.')[3]),
          writeInProgress: f.wim?.truncated ? null : (f.wim?.writeInProgress ?? false),
        }) as unknown,
      };
    }
  }
  return null;
}

function load(name: string): SimulatedMachine {
  return JSON.parse(fs.readFileSync(fixturePath(name), 'utf8')) as SimulatedMachine;
}

// One pwsh session for every fixture (session start-up is most of the cost): the simulator reads the machine file
// on every command, so writing the next fixture into it is the same as booting that PC. All fixtures here use C:,
// the only boot-time fact the simulator keeps (SystemRoot), which each block checks first.
let shared: SimHarness | undefined;
afterAll(async () => {
  await shared?.dispose();
});

describe.each(FIXTURES)('%s', (name) => {
  let h: SimHarness;
  let before: string;
  let snapshot: Snapshot;
  let invoked: string[];
  const machine = load(name);

  beforeAll(async () => {
    expect(machine.os.systemDrive).toBe('C:');
    shared ??= openSimHarness(name, { readOnly: true });
    h = shared;
    fs.copyFileSync(fixturePath(name), h.machinePath);
    before = fs.readFileSync(h.machinePath, 'utf8');
    const already = h.scripts.invoked.length;
    snapshot = await gatherSnapshot(h.scripts, OPTIONS);
    invoked = h.scripts.invoked.slice(already);
  });

  it('ran only the five Get- scripts (the runner is read-only and would refuse any other)', () => {
    expect(invoked).toEqual([
      'Get-OsFacts',
      'Get-DiskLayout',
      'Get-WinReStatus',
      'Get-BitLockerStatus',
      'Get-UpdateFailureEvidence',
    ]);
  });

  it('left the machine file byte-identical (the read-only promise)', () => {
    expect(fs.readFileSync(h.machinePath, 'utf8')).toBe(before);
  });

  it('describes the machine it came from', () => {
    expect(snapshot.os).toMatchObject({
      computerName: machine.os.computerName,
      build: machine.os.build,
      systemDrive: machine.os.systemDrive,
      isElevated: machine.os.isElevated,
      isServerCore: machine.os.isServerCore,
      uiLanguage: machine.os.uiLanguage,
    });
    expect([...snapshot.os.pendingRebootReasons].sort()).toEqual(
      [...(machine.os.pendingRebootReasons ?? [])].sort(),
    );
    expect(snapshot.disks.map((d) => d.number)).toEqual(
      machine.disks.map((d) => d.number).sort((a, b) => a - b),
    );
    for (const disk of machine.disks) {
      const facts = snapshot.disks.find((d) => d.number === disk.number)!;
      expect(facts.uniqueId).toBe(disk.uniqueId);
      expect(facts.partitionStyle).toBe(disk.partitionStyle);
      expect(facts.isDynamic).toBe(disk.isDynamic ?? false);
      // In offset order, whatever the partition numbers say.
      expect(facts.partitions.map((p) => p.offset)).toEqual(
        disk.partitions.map((p) => p.offset).sort((a, b) => a - b),
      );
      for (const p of disk.partitions) {
        const f = facts.partitions.find((x) => x.offset === p.offset)!;
        expect(f).toMatchObject({ number: p.number, size: p.size, driveLetter: p.driveLetter ?? null });
        expect(f.volume === null).toBe(p.volume === undefined);
        // The dirty bit (Win32_Volume DirtyBitSet): a dirty C: cannot be shrunk (42008).
        if (p.volume)
          expect({ offset: p.offset, dirty: f.volume!.dirty }).toEqual({
            offset: p.offset,
            dirty: p.volume.dirty,
          });
        // GPT attribute bits come from diskpart, elevated, for recovery-typed partitions only.
        const wantAttributes =
          machine.os.isElevated && p.gptType === RECOVERY ? (p.gptAttributes ?? null) : null;
        expect({ offset: p.offset, gptAttributes: f.gptAttributes }).toEqual({
          offset: p.offset,
          gptAttributes: wantAttributes,
        });
      }
    }
    // Images: the staged one in C:\Windows\System32\Recovery, the active one where WinRE is registered.
    if (machine.os.isElevated) {
      expect(snapshot.winre.stagedImage).toEqual(
        fileOn(machine, { letter: 'C' }, '\\Windows\\System32\\Recovery\\Winre.wim'),
      );
      const loc = machine.winre.status === 'Enabled' ? machine.winre.location : undefined;
      expect(snapshot.winre.activeImage).toEqual(
        loc
          ? fileOn(
              machine,
              { diskUniqueId: loc.diskUniqueId, offset: loc.partitionOffset },
              `${loc.path ?? '\\Recovery\\WindowsRE'}\\Winre.wim`,
            )
          : null,
      );
      expect(snapshot.winre.reagentXml.present).toBe(!(machine.winre.reagentXmlMissing ?? false));
    }
    // BitLocker: every encrypted volume of the OS disk is reported with the machine's numbers.
    if (machine.os.isElevated) {
      const osDisk = machine.disks.find((d) => d.partitions.some((p) => p.driveLetter === 'C'))!;
      for (const p of osDisk.partitions) {
        const b = p.volume?.bitLocker;
        if (!b) continue;
        const mount = p.driveLetter ? `${p.driveLetter}:` : `\\\\?\\Volume${p.volume!.guid}\\`;
        expect(snapshot.bitLocker.find((x) => x.mountPoint === mount)).toMatchObject({
          volumeStatus: b.volumeStatus,
          protectionStatus: b.protectionStatus,
          lockStatus: b.lockStatus,
        });
      }
    }
    // Evidence: history entries for the three KBs with 0x80070643, plus event-20 titles the history lacks;
    // WinREAgent 4502 events from the System log.
    const kb = /KB50344(41|40|39)/;
    const history = machine.updateHistory.filter((u) => kb.test(u.title) && u.hresult === -2147023293);
    const titles = new Set(history.map((u) => u.title));
    const extra = new Set(
      machine.events
        .filter(
          (e) => e.id === 20 && e.properties?.[0] === '0x80070643' && kb.test(String(e.properties?.[1])),
        )
        .map((e) => String(e.properties?.[1]))
        .filter((t) => !titles.has(t)),
    );
    expect(snapshot.evidence.failedUpdates).toHaveLength(history.length + extra.size);
    const agent = machine.events.filter(
      (e) => e.providerName === 'Microsoft-Windows-WinREAgent' && e.id === 4502,
    );
    expect(snapshot.evidence.winreAgentEvents.map((e) => e.timeCreated).sort()).toEqual(
      agent.map((e) => new Date(e.timeCreated).toISOString()).sort(),
    );
    if (machine.os.isElevated) {
      expect(snapshot.winre.reagentc.status).toBe(machine.winre.status);
    } else {
      // reagentc refuses to run unelevated (docs/reference/transcripts.md#e6-not-elevated-with-separate-streams): nothing to parse, never a guess.
      expect(snapshot.winre.reagentc).toMatchObject({ status: 'Unknown', location: null });
      expect(snapshot.winre.reagentc.exitCode).not.toBe(0);
    }
  });
});

describe('the display language of reagentc changes nothing in the snapshot', () => {
  const base = load('win11-gpt-small-winre-en');

  it('en-US, de-DE, zh-CN and ru-RU output give the same snapshot', async () => {
    shared ??= openSimHarness(base, { readOnly: true });
    const h = shared;
    const snapshots: Record<string, Snapshot> = {};
    const raw: Record<string, string> = {};
    for (const language of ['en-US', 'de-DE', 'zh-CN', 'ru-RU'] as const) {
      fs.writeFileSync(
        h.machinePath,
        JSON.stringify({ ...base, reagentc: { ...base.reagentc, outputLanguage: language } }),
      );
      snapshots[language] = await gatherSnapshot(h.scripts, {
        ...OPTIONS,
        onScriptOutput: (script, output) => {
          if (script === 'Get-WinReStatus')
            raw[language] = (output as GetWinReStatusOutput).reagentc.stdout.join('\n');
        },
      });
    }
    // The text really differed (the simulator printed each language), and the parse did not.
    expect(new Set(Object.values(raw)).size).toBe(4);
    expect(snapshots['en-US']!.winre.reagentc.status).toBe('Enabled');
    expect(snapshots['en-US']!.winre.reagentc.location).not.toBeNull();
    for (const language of ['de-DE', 'zh-CN', 'ru-RU'])
      expect(snapshots[language]).toEqual(snapshots['en-US']);
  });
});

describe('single scripts', () => {
  const use = (name: string): SimHarness => {
    shared ??= openSimHarness(name, { readOnly: true });
    fs.copyFileSync(fixturePath(name), shared.machinePath);
    return shared;
  };

  it('Get-UpdateFailureEvidence: no history and no events is an empty answer, not an error', async () => {
    const h = use('dell-winretools-image-dellsupport');
    expect(await h.scripts.run('Get-UpdateFailureEvidence')).toEqual({
      historyCount: 0,
      failedUpdates: [],
      winreAgentEvents: [],
      updateClientEvents: [],
      errors: [],
    });
  });

  it('Get-DiskLayout -DiskNumber reads one disk; an unknown disk fails the script (never an empty guess)', async () => {
    const h = use('win10-winre-on-second-disk');
    const one = await h.scripts.run<GetDiskLayoutOutput>('Get-DiskLayout', { DiskNumber: 1 });
    expect(one.disks.map((d) => d.number)).toEqual([1]);
    await expect(h.scripts.run('Get-DiskLayout', { DiskNumber: 7 })).rejects.toThrow(/No disk with number 7/);
  });
});

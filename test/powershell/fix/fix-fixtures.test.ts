/**
 * fix end to end through the real pwsh and the simulator, for every fixture the catalogue calls fixable:
 * the fix ends with exit 0 (3010 when BitLocker was suspended), every invariant holds (WinRE enabled on a new
 * recovery partition right for the policy, image hash unchanged, C: data untouched, one WinRE partition, OEM
 * files kept), and a second fix changes nothing (machine file byte-identical, exit 0).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fixturePath } from '../../support/harness';
import { fixInProcess, readMachine } from '../../support/fix-runner';
import { baselineOf, invariantProblems } from '../../support/fix-invariants';

interface CatalogEntry {
  name: string;
  fixable: boolean;
}
const fixable = (
  JSON.parse(fs.readFileSync(fixturePath('catalog'), 'utf8')) as { machines: CatalogEntry[] }
).machines
  .filter((m) => m.fixable)
  .map((m) => m.name);

jest.setTimeout(300_000);

function copy(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-fix-'));
  const file = path.join(dir, 'machine.json');
  fs.copyFileSync(fixturePath(name), file);
  return file;
}

describe('fix on every fixable fixture', () => {
  it('has at least ten fixable fixtures to prove', () => {
    expect(fixable.length).toBeGreaterThanOrEqual(10);
  });

  it.each(fixable)('%s', async (name) => {
    const file = copy(name);
    const base = baselineOf(readMachine(file));
    const first = await fixInProcess(file);
    expect({
      code: first.code,
      stderr: first.stderr.split('\n').filter((l) => /ERROR|FAILED/.test(l)),
    }).toEqual({
      code: expect.any(Number) as number,
      stderr: [],
    });
    expect([0, 3010]).toContain(first.code);
    const after = readMachine(file);
    expect(invariantProblems(after, base)).toEqual([]);
    // The new partition: recovery-typed with the attributes (GPT) or id 0x27 (MBR), labelled, room per policy.
    const loc = after.winre.location!;
    const part = after.disks
      .find((d) => d.uniqueId === loc.diskUniqueId)!
      .partitions.find((p) => p.offset === loc.partitionOffset)!;
    if (part.gptType) {
      expect(part.gptType).toBe('{de94bba4-06d1-4d40-a16a-bfd50179d6ac}');
      expect(part.gptAttributes).toBe('0x8000000000000001');
    } else {
      expect(part.mbrType).toBe(0x27);
    }
    expect(part.volume?.label).toBe('Windows RE tools');
    const free =
      part.volume!.size - part.volume!.usedBytes - part.volume!.files.reduce((n, f) => n + f.size, 0);
    expect(free).toBeGreaterThanOrEqual(250 * 1024 * 1024);
    // No backup left on C:, no startup task left behind.
    const leftovers = after.disks.flatMap((d) =>
      d.partitions.flatMap((p) =>
        (p.volume?.files ?? []).filter((f) => /\\ProgramData\\winre-fix\\backup\\/i.test(f.path)),
      ),
    );
    expect(leftovers).toEqual([]);
    expect((after as unknown as { scheduledTasks?: unknown[] }).scheduledTasks ?? []).toEqual([]);

    const before = fs.readFileSync(file, 'utf8');
    const second = await fixInProcess(file);
    expect(second.code).toBe(0);
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});

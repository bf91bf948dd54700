/**
 * Every machine of the fixture library answers every read command of the storage simulation and diskpart
 * without an error, and what it answers agrees with the file (offsets, sizes, the WinRE partition), so the
 * fixtures and the simulator cannot drift apart silently.
 */
import * as fs from 'node:fs';
import { fixturePath } from '../../support/harness';
import type { SimulatedMachine } from '../../../src/contracts/generated/simulated-machine';
import { projectRoot } from '../../../src/project-root';
import * as path from 'node:path';
import { rows, simKit } from './machines';

jest.setTimeout(600_000);

const kit = simKit();
afterAll(() => kit.dispose());

const folder = path.join(projectRoot(), 'test', 'fixtures', 'machines');
const names = fs.existsSync(folder)
  ? fs
      .readdirSync(folder)
      .filter((f) => f.endsWith('.json') && f !== 'catalog.json')
      .map((f) => f.slice(0, -'.json'.length))
      .sort()
  : [];

describe('fixture machines through the storage simulation', () => {
  it('has fixtures to check', () => {
    expect(names.length).toBeGreaterThanOrEqual(25);
  });

  it.each(names)(
    '%s: Get-Disk/Get-Partition/Get-Volume/Get-PartitionSupportedSize/diskpart agree with the file',
    async (name) => {
      const machine = JSON.parse(fs.readFileSync(fixturePath(name), 'utf8')) as SimulatedMachine;
      kit.load(machine);
      const r = await kit.run(`
      $disks = @(Get-Disk | ForEach-Object { [ordered]@{ n = $_.Number; size = $_.Size; style = $_.PartitionStyle; free = $_.LargestFreeExtent } })
      $parts = @(Get-Partition | ForEach-Object { [ordered]@{ d = $_.DiskNumber; n = $_.PartitionNumber; offset = $_.Offset; size = $_.Size; type = $_.Type } })
      $vols = @(Get-Volume).Count
      $sizes = @(Get-Partition | ForEach-Object { $s = $_ | Get-PartitionSupportedSize -ErrorAction SilentlyContinue; if ($null -ne $s) { [bool]($s.SizeMin -le $_.Size -and $_.Size -le $s.SizeMax) } })
      $dp = @()
      if ((Get-Command Test-WinReFixElevated).Name -and (Test-WinReFixElevated)) {
        foreach ($d in $disks) { $dp += @(('select disk ' + $d.n), 'list partition', 'list volume') }
        $dp = @($dp | diskpart)
      }
      [ordered]@{ disks = $disks; parts = $parts; vols = $vols; sizes = $sizes; diskpart = $dp; }`);
      if (machine.os.isElevated) {
        expect(r.errors).toEqual([]);
      } else {
        // Only Get-PartitionSupportedSize needs elevation among the read commands (docs/reference/storage-cmdlets.md#error-records).
        expect(new Set(r.errors.map((e) => e.fullyQualifiedErrorId))).toEqual(
          new Set(['MI RESULT 2,Get-PartitionSupportedSize']),
        );
      }
      const out = rows(r)[0] as {
        disks: { n: number; size: number; style: string; free: number }[];
        parts: { d: number; n: number; offset: number; size: number; type: string }[];
        vols: number;
        sizes: boolean[];
        diskpart: string[];
      };
      expect(out.disks.map((d) => [d.n, d.size, d.style]).sort()).toEqual(
        machine.disks.map((d) => [d.number, d.size, d.partitionStyle]).sort(),
      );
      const fromFile = machine.disks.flatMap((d) =>
        d.partitions.map((p) => [d.number, p.number, p.offset, p.size]),
      );
      expect(out.parts.map((p) => [p.d, p.n, p.offset, p.size]).sort()).toEqual(fromFile.sort());
      expect(out.vols).toBe(machine.disks.flatMap((d) => d.partitions.filter((p) => p.volume)).length);
      // SizeMin <= Size <= SizeMax for every partition.
      expect(out.sizes.every(Boolean)).toBe(true);
      if (machine.os.isElevated) {
        expect(out.diskpart.some((l) => /is not valid|error/i.test(l))).toBe(false);
        const partitionRows = out.diskpart.filter((l) => /^[* ] Partition \d+ /.test(l));
        expect(partitionRows).toHaveLength(fromFile.length);
      }
      // Reading changed nothing.
      expect(kit.machine().trace.mutations).toBe(machine.trace.mutations);
    },
  );
});

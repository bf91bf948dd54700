/**
 * The committed fixture library (test/fixtures/machines/*.json, catalog.json, simulator/machines/builtin-*.json):
 * it equals what build/machines regenerates (drift), validates against the machine schema, and every file is
 * internally consistent as Windows would have it. The consistency checks read the files themselves, not the
 * builder, so they hold for any machine file, however it was made.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../src/project-root';
import { assertValid } from '../../src/schemas/validators';
import type { Disk, SimulatedMachine, Volume } from '../../src/contracts/generated/simulated-machine';
import { REASONS } from '../../build/machines/builder';
import { GPT_TYPE } from '../../src/domain/gpt-types';
import {
  BUILT_IN_LANGUAGES,
  DEFAULT_BUILT_IN_LANGUAGE,
  builtInMachineAsset,
} from '../../src/simulation/built-in-machines';
import {
  CATALOG_FILE,
  DOC_FILE,
  FIXTURE_DIR,
  TABLE_BEGIN,
  TABLE_END,
  buildLibrary,
  libraryFiles,
  machineTable,
  type Catalog,
} from '../../build/machines/library';

const root = projectRoot();
const read = (rel: string): unknown =>
  JSON.parse(fs.readFileSync(path.join(root, ...rel.split('/')), 'utf8'));
const fixtureFiles = fs
  .readdirSync(path.join(root, ...FIXTURE_DIR.split('/')))
  .filter((f) => f.endsWith('.json') && f !== 'catalog.json')
  .sort();
const machines: SimulatedMachine[] = fixtureFiles.map((f) => read(`${FIXTURE_DIR}/${f}`) as SimulatedMachine);
const catalog = read(CATALOG_FILE) as Catalog;
const MiB = 1024 * 1024;

const usableEnd = (d: Disk): number =>
  d.partitionStyle === 'GPT' ? d.size - (1 + 16384 / d.logicalSectorSize) * d.logicalSectorSize : d.size;
const free = (v: Volume): number => v.size - v.usedBytes - v.files.reduce((a, f) => a + f.size, 0);
const osPartition = (m: SimulatedMachine) => {
  for (const d of m.disks) for (const p of d.partitions) if (p.driveLetter === 'C') return { d, p };
  throw new Error(`${m.name}: no C:`);
};

describe('drift: committed files equal what build/machines generates', () => {
  const expected = libraryFiles();

  test('the same set of files', () => {
    const committed = [
      ...fixtureFiles.map((f) => `${FIXTURE_DIR}/${f}`),
      CATALOG_FILE,
      ...fs.readdirSync(path.join(root, 'simulator', 'machines')).map((f) => `simulator/machines/${f}`),
    ].sort();
    expect(committed).toEqual([...expected.keys()].sort());
  });

  test.each([...expected.keys()])('%s is up to date (run npx tsx build/machines/generate.ts)', (rel) => {
    // Compare canonical JSON text: catches any value change and any key reordering.
    expect(JSON.stringify(read(rel))).toBe(JSON.stringify(expected.get(rel)));
  });
});

test('docs/fixtures.md lists every machine as the catalog has it (prettier may realign the table)', () => {
  const doc = fs.readFileSync(path.join(root, ...DOC_FILE.split('/')), 'utf8');
  const section = doc.slice(doc.indexOf(TABLE_BEGIN), doc.indexOf(TABLE_END) + TABLE_END.length);
  const normalize = (s: string): string =>
    s
      .replace(/-{3,}/g, '---')
      .replace(/[ \t]*\|[ \t]*/g, '|')
      .replace(/[ \t]+/g, ' ')
      .trim();
  expect(normalize(section)).toBe(normalize(machineTable(buildLibrary().catalog)));
});

describe('schema and catalog', () => {
  test.each(fixtureFiles)('%s validates against schemas/simulated-machine.schema.json', (f) => {
    const m = read(`${FIXTURE_DIR}/${f}`);
    expect(() => assertValid('simulated-machine', m, f)).not.toThrow();
    expect((m as SimulatedMachine).name).toBe(f.slice(0, -'.json'.length));
  });

  test.each([
    ['en-US', 'win11-gpt-small-winre-en'],
    ['zh-CN', 'win11-gpt-small-winre-zh'],
  ] as const)(
    'the built-in %s machine validates and is the seed case %s in that language',
    (language, name) => {
      const key = builtInMachineAsset(language);
      const d = assertValid<SimulatedMachine>('simulated-machine', read(key), key);
      expect(d.name).toBe(name);
      expect(d).toEqual(read(`${FIXTURE_DIR}/${name}.json`));
      expect(d.os.uiLanguage).toBe(language);
      expect(d.reagentc.outputLanguage).toBe(language);
    },
  );

  test('the default built-in machine (what `npm start -- audit` runs against on Linux) speaks English', () => {
    expect(DEFAULT_BUILT_IN_LANGUAGE).toBe('en-US');
    expect(BUILT_IN_LANGUAGES).toEqual(['en-US', 'zh-CN']);
  });

  test('at least 28 machines, one catalog entry each, with source, notes and a known reason', () => {
    expect(machines.length).toBeGreaterThanOrEqual(28);
    expect(catalog.machines.map((e) => e.name).sort()).toEqual(machines.map((m) => m.name).sort());
    for (const e of catalog.machines) {
      expect(['compliant', 'needs-fix', 'refused']).toContain(e.verdict);
      expect(REASONS).toContain(e.reason);
      expect(e.summary.length).toBeGreaterThan(10);
      expect(e.source.length).toBeGreaterThan(10);
      if (e.fixable) expect(e.verdict).toBe('needs-fix');
    }
    for (const m of machines) {
      expect(m.source.length).toBeGreaterThan(10);
      expect((m.notes ?? '').length).toBeGreaterThan(5);
    }
  });

  test('every reason code is exercised and at least 10 machines are fixable', () => {
    expect([...new Set(catalog.machines.map((e) => e.reason))].sort()).toEqual([...REASONS].sort());
    expect(catalog.machines.filter((e) => e.fixable).length).toBeGreaterThanOrEqual(10);
  });

  test('the cases the issue lists are present', () => {
    const has = (pred: (m: SimulatedMachine) => boolean) => machines.some(pred);
    expect(has((m) => m.reagentc.outputLanguage === 'de-DE')).toBe(true);
    expect(has((m) => m.reagentc.outputLanguage === 'ru-RU')).toBe(true);
    expect(has((m) => m.os.uiLanguage === 'zh-CN' && m.reagentc.outputLanguage === 'en-US')).toBe(true);
    expect(has((m) => !m.os.isElevated)).toBe(true);
    expect(has((m) => m.os.isServerCore)).toBe(true);
    expect(has((m) => m.disks.some((d) => d.isDynamic))).toBe(true);
    expect(has((m) => m.disks.some((d) => d.logicalSectorSize === 4096))).toBe(true);
    expect(
      has((m) => m.disks.some((d) => d.numberAfterReboot !== undefined && d.numberAfterReboot !== d.number)),
    ).toBe(true);
    expect(has((m) => (m.os.pendingRebootReasons ?? []).length > 0)).toBe(true);
    expect(has((m) => m.deviceEncryption.enabled)).toBe(true);
    expect(has((m) => m.disks.some((d) => d.partitionStyle === 'MBR' && d.partitions.length === 4))).toBe(
      true,
    );
    expect(has((m) => osPartition(m).p.volume?.bitLocker?.volumeStatus === 2)).toBe(true);
    expect(has((m) => osPartition(m).p.volume?.dirty === true)).toBe(true);
  });
});

describe.each(machines.map((m) => [m.name, m] as const))('%s is consistent', (_name, m) => {
  test('partitions are aligned, inside the usable area, never overlap; numbers and letters unique', () => {
    const letters = new Set<string>();
    for (const d of m.disks) {
      expect(d.size % d.logicalSectorSize).toBe(0);
      const sorted = [...d.partitions].sort((a, b) => a.offset - b.offset);
      let cursor = MiB; // first partition at 1,048,576 (docs/reference/storage-cmdlets.md#alignment-and-disk-end)
      for (const p of sorted) {
        expect(p.offset % d.logicalSectorSize).toBe(0);
        expect(p.offset).toBeGreaterThanOrEqual(cursor);
        cursor = p.offset + p.size;
        if (p.volume) expect(p.volume.size).toBeLessThanOrEqual(p.size);
        if (p.driveLetter) {
          expect(letters.has(p.driveLetter)).toBe(false);
          letters.add(p.driveLetter);
        }
      }
      expect(cursor).toBeLessThanOrEqual(usableEnd(d));
      expect(new Set(d.partitions.map((p) => p.number)).size).toBe(d.partitions.length);
      if (d.partitionStyle === 'MBR') expect(d.partitions.length).toBeLessThanOrEqual(4);
    }
    expect(new Set(m.disks.map((d) => d.number)).size).toBe(m.disks.length);
  });

  test('identifiers: lower-case GUIDs, UniqueId from the offset, GPT volume GUID = partition GUID', () => {
    for (const d of m.disks) {
      expect(d.partitionStyle === 'GPT' ? d.guid : d.signature).toBeDefined();
      for (const p of d.partitions) {
        const le = Buffer.alloc(8);
        le.writeBigUInt64LE(BigInt(p.offset));
        const h = le.toString('hex');
        expect(p.uniqueId).toBe(`{00000000-0000-0000-${h.slice(0, 4)}-${h.slice(4)}}${d.uniqueId}`);
        if (d.partitionStyle === 'GPT') {
          expect(p.gptType).toMatch(/^\{[0-9a-f-]{36}\}$/);
          if (p.volume) expect(p.volume.guid).toBe(p.guid);
          // Windows-made recovery partitions carry 0x8000000000000001 (docs/reference/storage-cmdlets.md#type-guids-mbr-ids-and-gpt-attributes); only Microsoft's sample script
          // leaves them at 0 (docs/reference/reagentc.md#microsofts-sample-script), and one fixture models exactly that.
          if (p.gptType === GPT_TYPE.recovery && p.volume)
            expect(['0x8000000000000001', '0x0000000000000000']).toContain(p.gptAttributes);
        } else {
          expect(p.mbrType).toBeDefined();
          expect(p.gptType).toBeUndefined();
        }
      }
    }
  });

  test('volumes: files fit, C: carries a fingerprint and an unmovable boundary inside it', () => {
    for (const d of m.disks)
      for (const p of d.partitions) {
        if (!p.volume) continue;
        expect(free(p.volume)).toBeGreaterThanOrEqual(0);
        for (const f of p.volume.files) expect(f.sha256).toMatch(/^[0-9A-F]{64}$/);
      }
    const c = osPartition(m).p.volume!;
    expect(c.dataFingerprint).toMatch(/^[0-9A-F]{64}$/);
    expect(c.unmovableBoundary).toBeLessThanOrEqual(c.size);
    expect(c.unmovableBoundary).toBeGreaterThanOrEqual(c.usedBytes);
  });

  test('WinRE state, Winre.wim location and ReAgent.xml agree', () => {
    const { p: c } = osPartition(m);
    const cFiles = c.volume!.files.map((f) => f.path);
    const wims: string[] = [];
    for (const d of m.disks)
      for (const p of d.partitions)
        for (const f of p.volume?.files ?? [])
          if (/\\winre\.wim$/i.test(f.path)) wims.push(`${d.uniqueId}@${p.offset}:${f.path}`);
    const xml = c.volume!.files.find((f) => f.path === '\\Windows\\System32\\Recovery\\ReAgent.xml');
    if (m.winre.reagentXmlMissing) expect(xml).toBeUndefined();
    else expect(xml?.content).toContain(`<WinreBCD id="{${m.winre.bcdId}}"/>`);
    if (m.winre.status === 'Enabled') {
      const loc = m.winre.location!;
      expect(wims).toEqual([`${loc.diskUniqueId}@${loc.partitionOffset}:\\Recovery\\WindowsRE\\Winre.wim`]);
      expect(xml?.content).toContain('<InstallState state="1"/>');
      expect(xml?.content).toContain(`offset="${loc.partitionOffset}"`);
    } else {
      expect(m.winre.location).toBeUndefined();
      expect(xml?.content).toContain('<InstallState state="0"/>');
      expect(wims.length).toBeLessThanOrEqual(1);
      if (wims.length === 1) expect(cFiles).toContain('\\Windows\\System32\\Recovery\\Winre.wim');
    }
  });

  test('a fresh machine: no trace, failure records carry 0x80070643', () => {
    expect(m.trace).toEqual({ mutations: 0, calls: {}, boots: 0, log: [] });
    expect(m.faults).toEqual([]);
    for (const u of m.updateHistory) {
      expect(u.hresult).toBe(-2147023293);
      expect(u.resultCode).toBe(4);
      expect(u.title).toMatch(/\((KB5034441|KB5034439)\)$/);
    }
    for (const e of m.events.filter((x) => x.id === 20))
      expect(e.message).toBe(
        `Installation Failure: Windows failed to install the following update with error 0x80070643: ${String(e.properties?.[1])}.`,
      );
    for (const e of m.events.filter((x) => x.id === 4502)) {
      expect(e.providerName).toBe('Microsoft-Windows-WinREAgent');
      expect(e.message).toBe('Windows Recovery Environment servicing failed.');
      expect(e.properties?.[0]).toBe(2); // ErrorPhase 2 (KB5028997)
    }
  });
});

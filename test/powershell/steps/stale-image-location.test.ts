/**
 * A stale ImageLocation in ReAgent.xml (issue 15 row 4): kept while WinRE is enabled (Microsoft's example is an
 * image captured on another PC), it is what Microsoft's KB5028997 sample blanks before reagentc /disable. The plan
 * says so (STALE_IMAGE_LOCATION), Disable-WinRe blanks it (and only it) before /disable, and a second run finds the
 * work done. The simulated reagentc /disable fails while it is there (ASSUMPTION, simulator/30-ReAgentC.ps1).
 */
import * as fs from 'node:fs';
import { fixturePath } from '../../support/harness';
import { openStepHarness, planFor } from './helpers';
import { parseReAgentXml } from '../../../src/domain/reagent-xml';

jest.setTimeout(240_000);
const FIXTURE = 'win11-stale-image-location';

test('the plan warns, Disable-WinRe blanks the stale ImageLocation before /disable, and a rerun changes nothing', async () => {
  const h = await openStepHarness(FIXTURE);
  try {
    const p = await planFor(h);
    expect(p.verdict).toBe('needs-fix');
    expect(p.reasons.find((r) => r.code === 'STALE_IMAGE_LOCATION')?.params).toEqual({
      path: '\\Recovery\\WindowsRE',
      offset: 1048576,
    });
    const first = await h.scripts.run<{
      changed: boolean;
      clearedImageLocation: string | null;
      status: string;
    }>('Disable-WinRe', {});
    expect(first.changed).toBe(true);
    expect(first.status).toBe('Disabled');
    expect(first.clearedImageLocation).toMatch(
      /^<ImageLocation path="\\Recovery\\WindowsRE" id="4238117423"/,
    );
    const xml = await h.snippet(
      "Get-Content -LiteralPath 'C:\\Windows\\System32\\Recovery\\ReAgent.xml' -Raw",
    );
    expect(parseReAgentXml(String(xml.output[0])).imageLocation).toBeNull();
    const again = await h.scripts.run<{ changed: boolean; clearedImageLocation: string | null }>(
      'Disable-WinRe',
      {},
    );
    expect(again).toMatchObject({ changed: false, clearedImageLocation: null });
  } finally {
    await h.dispose();
  }
});

test('the ReAgent.xml parser reads ImageLocation: null when empty, the location when kept', () => {
  const text = fs.readFileSync(fixturePath(FIXTURE), 'utf8');
  const machine = JSON.parse(text) as {
    disks: { partitions: { volume?: { files: { path: string; content?: string }[] } }[] }[];
  };
  const stored = machine.disks
    .flatMap((d) => d.partitions)
    .flatMap((p) => p.volume?.files ?? [])
    .find((f) => /ReAgent\.xml$/i.test(f.path))!;
  expect(parseReAgentXml(stored.content!).imageLocation).toEqual({
    path: '\\Recovery\\WindowsRE',
    id: 4238117423,
    offset: 1048576,
  });
  expect(
    parseReAgentXml(
      stored.content!.replace(
        /<ImageLocation [^>]*\/>/,
        '<ImageLocation path="" id="0" offset="0" guid="{00000000-0000-0000-0000-000000000000}"/>',
      ),
    ).imageLocation,
  ).toBeNull();
});

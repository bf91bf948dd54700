/**
 * Conformance, sim-machine lane (issue 13 item 8): a script in the idiom of Microsoft's KB5028997 sample reads
 * WinRE's status and place from `reagentc /info` on Korean and Japanese PCs declared by a pasted transcript
 * (machine.reagentc.transcript) exactly as on Windows, where the values are never translated
 * (docs/reference/reagentc.md#what-stays-the-same-in-every-language); and after reagentc /disable it finds
 * WinRE disabled with no location, as Windows prints it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openSimHarness } from '../../support/harness';

jest.setTimeout(120_000);

const script = fs.readFileSync(path.join(__dirname, 'scripts', 'sim-machine-winre-location.ps1'), 'utf8');

describe.each(['win11-reagentc-ko', 'win11-24h2-reagentc-ja', 'win11-gpt-small-winre-en'])('%s', (name) => {
  test('the KB5028997-sample idiom finds WinRE enabled on disk 0 partition 4, then disabled', async () => {
    const h = openSimHarness(name);
    try {
      const on = await h.snippet(script);
      expect(on.output[0]).toMatchObject({ Enabled: true, Disk: 0, Partition: 4 });
      await h.snippet(`$null = reagentc /disable 2>&1`);
      const off = await h.snippet(script);
      expect(off.output[0]).toMatchObject({ Enabled: false, Disk: null, Partition: null });
    } finally {
      await h.dispose();
    }
  });
});

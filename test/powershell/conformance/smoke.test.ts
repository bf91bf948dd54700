import { openSimHarness } from '../../support/harness';
jest.setTimeout(120000);
test('smoke', async () => {
  const h = openSimHarness('win10-22h2-gpt-small-winre');
  try {
    const t0 = Date.now();
    const r = await h.snippet(`$Error.Clear(); $o = reagentc /info; $c = $LASTEXITCODE; [ordered]@{ o = @($o); c = $c; e = $Error.Count; cmd = (Get-Command reagentc).Source }`);
    console.log(JSON.stringify(r, null, 1), Date.now() - t0);
    const r2 = await h.snippet(`Invoke-ReAgentC -Arguments @('/info')`);
    console.log(JSON.stringify(r2, null, 1));
    const r3 = await h.snippet(`$x = cmd /c "reagentc /info 2>&1"; [ordered]@{ x = @($x); c = $LASTEXITCODE }`);
    console.log(JSON.stringify(r3, null, 1));
    const r4 = await h.snippet(`$x = 'select volume c','detail partition' | diskpart; [ordered]@{ x = @($x); c = $LASTEXITCODE }`);
    console.log(JSON.stringify(r4, null, 1));
  } finally { await h.dispose(); }
});

/**
 * Conformance (issue 13, items 1, 4, 5): scripts written in the idioms of published admin scripts start reagentc,
 * diskpart and cmd every way Windows allows, and the simulated PC answers as Windows does. The scripts are in
 * scripts/exe-*.ps1 (written here, not copied); they run through real pwsh on the simulated PC, where reagentc.exe,
 * diskpart.exe and cmd.exe are real programs on PATH (docs/simulation.md "Executables").
 * Each of these failed on the simulator before that change (reagentc/diskpart were PowerShell functions).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expectCutInProgramEndsSession, openSimHarness, type SimHarness } from '../../support/harness';
import { gptMachine } from '../simulator/machines';
import type { SimulatedMachine } from '../../../src/contracts/generated/simulated-machine';

jest.setTimeout(300_000);

const posix = process.platform !== 'win32';
const describePosix = posix ? describe : describe.skip;

function script(name: string): string {
  return fs.readFileSync(path.join(__dirname, 'scripts', `${name}.ps1`), 'utf8');
}

/** The KB5028997 layout (C:, then a 750 MiB WinRE partition) with a staged WinRE, elevated. */
function machine(edit?: (m: SimulatedMachine) => void): SimulatedMachine {
  const m = gptMachine();
  edit?.(m);
  return m;
}

let h: SimHarness | undefined;
function open(m: SimulatedMachine): SimHarness {
  h ??= openSimHarness(m);
  fs.writeFileSync(h.machinePath, JSON.stringify(m, null, 2));
  return h;
}
afterAll(async () => {
  await h?.dispose();
});

async function run(name: string, m: SimulatedMachine = machine()): Promise<Record<string, unknown>> {
  const res = await open(m).snippet(script(name));
  expect(res.errors).toEqual([]);
  expect(res.output).toHaveLength(1);
  return res.output[0] as Record<string, unknown>;
}

describePosix('reagentc.exe, diskpart.exe and cmd.exe as programs', () => {
  test('KB5028997 sample style: reagentc success lines never reach $Error, so the $Error.Count check after Resize-Partition passes', async () => {
    const r = await run('exe-kb5028997-error-count');
    expect(r['location']).toMatch(
      /^\\\\\?\\GLOBALROOT\\device\\harddisk0\\partition\d+\\Recovery\\WindowsRE$/i,
    );
    expect(r['disableCode']).toBe(0);
    // stdout only: the 'REAGENTC.EXE: Operation Successful.' line went to stderr (transcripts E6/E7), not here.
    expect(r['disableOut']).not.toContain('REAGENTC.EXE: Operation Successful.');
    expect(r['errorCount']).toBe(0);
    expect(r['shrinkFailed']).toBe(false);
    expect(Number(r['oldSize']) - Number(r['newSize'])).toBe(250 * 1024 * 1024);
  });

  test('Start-Process reagentc.exe -Wait -PassThru -NoNewWindow and [Diagnostics.Process]::Start reach the simulated PC', async () => {
    const r = await run('exe-start-process');
    expect(r['startProcessCode']).toBe(0);
    expect(r['startProcessStatus']).toBe('Enabled');
    expect(r['processCode']).toBe(0);
    expect(r['processStderr']).toBe('REAGENTC.EXE: Operation Successful.');
    expect(r['statusAfter']).toBe('Disabled');
  });

  test('cmd /c reagentc: the text, 2>&1 inside the quoted line, and the exit code cmd passes on', async () => {
    const r = await run('exe-cmd-c');
    expect(r['plainCode']).toBe(0);
    expect(r['plainStatus']).toMatch(/Windows RE status:\s+Enabled/);
    expect(r['mergedLast']).toBe('REAGENTC.EXE: Operation Successful.');
    expect(r['disableCode']).toBe(0);
    // A second /disable: 'Windows RE is already disabled.' on stderr, merged by 2>&1; non-zero (ASSUMPTION 2).
    expect(r['againCode']).not.toBe(0);
    expect(r['againOut']).toContain('REAGENTC.EXE: Windows RE is already disabled.');
    expect(r['errorCount']).toBe(0);
  });

  test('diskpart /s: a Set-Content script with `select volume c`, by an absolute quoted path and relative to the current folder', async () => {
    const r = await run('exe-diskpart-script');
    expect(r['code']).toBe(0);
    expect(r['shrunkBy']).toBe(250 * 1024 * 1024);
    expect(r['lastLine']).toBe('Leaving DiskPart...');
    expect(r['relativeCode']).toBe(0);
    expect(r['selected']).toMatch(/^\* Volume 0\s+C\s/);
  });

  test('select volume by letter (c, C:, C:\\), by number and with volume=, as Windows accepts; an unknown letter is not valid', async () => {
    const r = await run('exe-select-volume');
    for (const form of [
      'select volume c',
      'select volume C:',
      'select volume C:\\',
      'sel vol=c',
      'select volume 0',
      'select volume=0',
    ]) {
      expect([form, r[form]]).toEqual([form, 'Volume 0 is the selected volume.']);
    }
    expect(r['select volume q']).toBe('The volume you specified is not valid.');
    expect(r['code']).toBe(0); // piped input goes on after an error (docs/simulation.md diskpart)
  });
});

describePosix('a power cut inside a simulated program ends the whole simulated PC', () => {
  it.each([
    ['& reagentc.exe', 'reagentc.exe /disable | Out-Null'],
    ['Start-Process', "Start-Process reagentc.exe -ArgumentList '/disable' -Wait -NoNewWindow"],
    ['cmd /c', 'cmd /c reagentc /disable'],
  ])('%s: the session PowerShell ends with the power-cut code, the machine keeps the cut', (_how, code) =>
    expectCutInProgramEndsSession(machine(), code),
  );
});

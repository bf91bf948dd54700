/**
 * Nothing English left in a Chinese line: `fix --lang zh-CN` on every compliant and refused fixture
 * and on a fix that needs a restart, then `status --lang zh-CN`; every stderr and stdout line, every refusal
 * reason and the status output may keep only product names, units, paths, codes and quoted Windows text
 * (test/support/zh-words.ts). It found "BitLocker 正在encrypting" and "但 Windows can shrink it by at most ...".
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SharedPowerShellProcess } from '../../../src/adapters/powershell/shared-process';
import { runFix } from '../../support/fix-runner';
import { runStatus } from '../../../src/cli/commands/status';
import { fixturePath } from '../../support/harness';
import { quietArgs, silently } from '../../support/fix-runner';
import { linesWithEnglish } from '../../support/zh-words';

jest.setTimeout(600_000);

interface CatalogEntry {
  name: string;
  verdict: 'compliant' | 'needs-fix' | 'refused';
  fixable: boolean;
}
const catalog = (JSON.parse(fs.readFileSync(fixturePath('catalog'), 'utf8')) as { machines: CatalogEntry[] })
  .machines;
/** Needs a fix that cannot end in one plain run (test/powershell/fix/machine-cases.test.ts covers each). */
const scenario = (e: CatalogEntry): boolean => e.verdict === 'needs-fix' && !e.fixable;
const cases = [
  ...catalog.filter((e) => !e.fixable && !scenario(e)),
  ...catalog.filter((e) => e.name === 'win11-bitlocker-tpm'),
];

const CJK = /[\u4e00-\u9fff]/;

function copyOf(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-zh-'));
  const machine = path.join(dir, 'machine.json');
  fs.copyFileSync(fixturePath(name), machine);
  return machine;
}

describe('--lang zh-CN leaves no English in a Chinese line', () => {
  const shared = new SharedPowerShellProcess();
  afterAll(() => shared.dispose());

  it.each(cases.map((c) => [c.name, c] as const))('fix and status on %s', async (_name, entry) => {
    const machine = copyOf(entry.name);
    const args = { ...quietArgs(machine, { lang: 'zh-CN', report: true }), quiet: false };
    const fix = await silently(() => runFix(args, 'fix', { sharedProcess: shared }));
    // The live part (WinRE now, the partition table) once per verdict kind is enough; the rest reads files only.
    const live =
      entry.fixable || entry.name === 'win10-c-too-full' || entry.name === 'win11-24h2-winre-already-resized';
    const status = await silently(() => runStatus({ ...args, live }));
    expect(status.value).toBe(0);
    // The run spoke Chinese at all (stderr's first line, the last stdout line, the status).
    expect(fix.stderr.split('\n')[0]).toMatch(CJK);
    expect(fix.stdout.trim().split('\n').pop()).toMatch(CJK);
    expect(status.stdout).toMatch(CJK);
    expect({
      stderr: linesWithEnglish(fix.stderr),
      stdout: linesWithEnglish(fix.stdout),
      statusOut: linesWithEnglish(status.stdout),
      statusErr: linesWithEnglish(status.stderr),
    }).toEqual({ stderr: [], stdout: [], statusOut: [], statusErr: [] });
    fs.rmSync(path.dirname(machine), { recursive: true, force: true });
  });
});

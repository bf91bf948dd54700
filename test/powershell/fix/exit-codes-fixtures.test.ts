/**
 * One truth for exit codes: on every fixture the power-cut matrix does not fix (compliant and refused
 * PCs) and on two it does, `fix --yes` returns the code its catalogue verdict means, and that code has the
 * meaning and the Intune / ConfigMgr type the packages ship (src/packaging/return-codes.ts). A not-elevated run
 * is the environment (25), as the tables say, not a refusal.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SharedPowerShellProcess } from '../../../src/adapters/powershell/shared-process';
import { ExitCode } from '../../../src/contracts/exit-codes';
import {
  configMgrReturnCodes,
  EXIT_CODE_MEANINGS,
  intuneReturnCodes,
} from '../../../src/packaging/return-codes';
import { fixturePath } from '../../support/harness';
import { fixInProcess, withoutStatusRecord } from '../../support/fix-runner';

jest.setTimeout(600_000);

interface CatalogEntry {
  name: string;
  verdict: 'compliant' | 'needs-fix' | 'refused';
  reason: string;
  fixable: boolean;
  /** The options the verdict holds with (`--wim`). */
  args?: { wim?: string };
}
const catalog = (JSON.parse(fs.readFileSync(fixturePath('catalog'), 'utf8')) as { machines: CatalogEntry[] })
  .machines;

/** What the catalogue verdict means as an exit code of `fix`. */
function expectedCodes(entry: CatalogEntry): number[] {
  if (entry.name === 'win11-not-elevated') return [ExitCode.Environment];
  if (entry.verdict === 'compliant') return [ExitCode.Success];
  // A PC still in Windows setup is deferred, not refused: the deployment tool retries later.
  if (entry.reason === 'SETUP_NOT_COMPLETE') return [ExitCode.Deferred];
  // The image given with --wim cannot be used: the admin fixes the share or the path.
  if (entry.reason.startsWith('WIM_SUPPLIED_')) return [ExitCode.ImageRejected];
  if (entry.verdict === 'refused') return [ExitCode.Refused];
  return [ExitCode.Success, ExitCode.SoftReboot];
}

const intune = new Map(intuneReturnCodes().map((r) => [r.returnCode as number, r]));
const configMgr = new Map(configMgrReturnCodes().map((r) => [r.returnCode as number, r]));

/**
 * Needs a fix that cannot end in one plain run (a power cut declared in the machine file, an enable that shows only
 * after a restart, audit mode/OOBE): each has its own end-to-end test (test/powershell/fix/machine-cases.test.ts).
 */
const scenario = (e: CatalogEntry): boolean => e.verdict === 'needs-fix' && !e.fixable;

const cases = [
  ...catalog.filter((e) => !e.fixable && !scenario(e)),
  // Two fixable ones (the matrix fixes all of them): a plain fix and one that needs a restart (BitLocker).
  ...catalog.filter((e) => e.name === 'win11-gpt-small-winre-en' || e.name === 'win11-bitlocker-tpm'),
];

describe('fix exit codes on every fixture mean what the packaged tables say', () => {
  const shared = new SharedPowerShellProcess();
  afterAll(() => shared.dispose());

  it('covers every compliant and refused fixture', () => {
    expect(cases.filter((c) => !c.fixable)).toHaveLength(
      catalog.filter((e) => !e.fixable && !scenario(e)).length,
    );
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, entry) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-codes-'));
    const machine = path.join(dir, 'machine.json');
    fs.copyFileSync(fixturePath(entry.name), machine);
    const before = fs.readFileSync(machine, 'utf8');
    const run = await fixInProcess(machine, 'fix', { sharedProcess: shared, args: entry.args ?? {} });
    expect(expectedCodes(entry)).toContain(run.code);
    // The tables the packages ship: the code is listed, with the meaning of its name, and a type that makes the
    // console show success only for a PC that ended compliant or fixed.
    const i = intune.get(run.code);
    const c = configMgr.get(run.code);
    expect(i?.meaning).toBe(EXIT_CODE_MEANINGS[i?.name ?? 'Internal']);
    expect(c?.name).toBe(i?.name);
    const success = entry.verdict !== 'refused';
    expect(['success', 'softReboot'].includes(i?.type ?? '')).toBe(success);
    expect(['Success', 'SoftReboot'].includes(c?.type ?? '')).toBe(success);
    // Deferred (30) is a retry to both tools: the same PC is fixable once setup has finished.
    if (run.code === ExitCode.Deferred) expect([i?.type, c?.type]).toEqual(['retry', 'FastRetry']);
    // Refused, compliant and not-elevated runs change nothing but the status record (HKLM\SOFTWARE\winre-fix).
    if (!entry.fixable)
      expect(withoutStatusRecord(fs.readFileSync(machine, 'utf8'))).toBe(withoutStatusRecord(before));
  });
});

import { ExitCode } from '../../../src/contracts/exit-codes';
import {
  configMgrReturnCodes,
  EXIT_CODE_MEANINGS,
  intuneReturnCodes,
  returnCodeTable,
} from '../../../src/packaging/return-codes';

const table = Object.entries(ExitCode)
  .map(([name, code]) => ({ name, code }))
  .sort((a, b) => a.code - b.code);

describe('return-code tables', () => {
  it('Intune: every code of exit-codes.ts, once, with its name', () => {
    expect(intuneReturnCodes().map((r) => ({ name: r.name, code: r.returnCode }))).toEqual(table);
  });

  it('ConfigMgr: every code of exit-codes.ts, once, with its name', () => {
    expect(configMgrReturnCodes().map((r) => ({ name: r.name, code: r.returnCode }))).toEqual(table);
  });

  it('Intune types: the default reboot/retry codes keep their meaning, everything else fails', () => {
    const types = Object.fromEntries(intuneReturnCodes().map((r) => [r.returnCode, r.type]));
    expect(types[0]).toBe('success');
    expect(types[3010]).toBe('softReboot');
    expect(types[1641]).toBe('hardReboot');
    expect(types[1618]).toBe('retry');
    for (const code of [1, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29]) expect(types[code]).toBe('failed');
  });

  it('ConfigMgr types: Success, SoftReboot, HardReboot, FastRetry, else Failure', () => {
    const types = Object.fromEntries(configMgrReturnCodes().map((r) => [r.returnCode, r.type]));
    expect(types[0]).toBe('Success');
    expect(types[3010]).toBe('SoftReboot');
    expect(types[1641]).toBe('HardReboot');
    expect(types[1618]).toBe('FastRetry');
    for (const code of [1, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29]) expect(types[code]).toBe('Failure');
  });

  it('has a meaning for every code and prints one row per code', () => {
    for (const name of Object.keys(ExitCode)) {
      expect(EXIT_CODE_MEANINGS[name as keyof typeof ExitCode].length).toBeGreaterThan(10);
    }
    const text = returnCodeTable(intuneReturnCodes(), 'Intune type');
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(2 + table.length);
    expect(lines[2]).toMatch(/^0 +success +Success +Done/);
    expect(text).toMatch(/^3010 +softReboot +SoftReboot /m);
  });
});

/**
 * The one table of per-call limits (src/adapters/powershell/call-limits.ts): every script gets the limit of its
 * kind, only the shrink keeps 30 minutes, every name in the table is a real script, and the test-only overrides
 * are strict.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_SHRINK_RETRY_POLICY } from '../../../src/domain/shrink-retry';
import {
  CALL_LIMITS_ENV,
  CALL_LIMIT_MS,
  SCRIPT_CALL_KIND,
  callKindOf,
  callLimitFor,
  callLimitsFromEnv,
  sessionStartLimit,
} from '../../../src/adapters/powershell/call-limits';
import { openSession } from '../../../src/app/open-session';
import { treeKillCommand } from '../../../src/adapters/powershell/process-tree';
import { UsageError } from '../../../src/errors';
import { projectRoot } from '../../../src/project-root';

const MIN = 60_000;
const scripts = fs
  .readdirSync(path.join(projectRoot(), 'ps-scripts'))
  .filter((f) => f.endsWith('.ps1'))
  .map((f) => f.slice(0, -'.ps1'.length));

it.each([
  ['Get-DiskLayout', 'read', 5 * MIN],
  ['Get-WinReStatus', 'read', 5 * MIN],
  ['Test-WinReHealth', 'read', 5 * MIN],
  ['Test-StagedWinReImage', 'read', 5 * MIN],
  ['Disable-WinRe', 'reagentc', 10 * MIN],
  ['Enable-WinRe', 'reagentc', 10 * MIN],
  ['Enable-WinReOnOsVolume', 'reagentc', 10 * MIN],
  ['Backup-RecoveryFiles', 'copy', 10 * MIN],
  ['Restore-RecoveryFiles', 'copy', 10 * MIN],
  ['Format-RecoveryVolume', 'mutation', 5 * MIN],
  ['New-RecoveryPartition', 'mutation', 5 * MIN],
  ['Remove-RecoveryPartition', 'mutation', 5 * MIN],
  ['Suspend-BitLockerProtection', 'mutation', 5 * MIN],
  ['Resize-OsPartition', 'shrink', 30 * MIN],
  // Not in the table: the default of its verb.
  ['Get-SomethingNew', 'read', 5 * MIN],
  ['Set-SomethingNew', 'mutation', 5 * MIN],
])('%s is a %s call with a limit of %i ms', (script, kind, ms) => {
  expect(callKindOf(script)).toBe(kind);
  expect(callLimitFor(script)).toBe(ms);
});

it('only the shrink, its defrag /X and the Safe OS build (all while WinRE is still enabled) may take 30 minutes; every other call kind is bounded by 10', () => {
  const long = scripts.filter((s) => callLimitFor(s) > 10 * MIN).sort();
  expect(long).toEqual(['Build-PatchedWinReImage', 'Optimize-OsVolume', 'Resize-OsPartition']);
  expect(sessionStartLimit()).toBe(CALL_LIMIT_MS.sessionStart);
  expect(CALL_LIMIT_MS.sessionStart).toBeLessThanOrEqual(2 * MIN);
});

it("ends defrag's call only after the script's own time limit for defrag.exe has passed", () => {
  // The script kills defrag.exe at the policy's limit and answers; the call's limit only ends a hung script.
  expect(callLimitFor('Optimize-OsVolume')).toBeGreaterThan(DEFAULT_SHRINK_RETRY_POLICY.defragTimeLimitMs);
});

it('every script named in the table exists in ps-scripts/', () => {
  expect(Object.keys(SCRIPT_CALL_KIND).filter((s) => !scripts.includes(s))).toEqual([]);
});

it('overrides replace by script name first, then by kind; sessionStart has its own key', () => {
  const o = { 'Enable-WinRe': 4000, reagentc: 7000, read: 3000, sessionStart: 9000 };
  expect(callLimitFor('Enable-WinRe', o)).toBe(4000);
  expect(callLimitFor('Disable-WinRe', o)).toBe(7000);
  expect(callLimitFor('Get-OsFacts', o)).toBe(3000);
  expect(callLimitFor('Resize-OsPartition', o)).toBe(30 * MIN);
  expect(sessionStartLimit(o)).toBe(9000);
});

it(`${CALL_LIMITS_ENV} is read strictly`, () => {
  expect(callLimitsFromEnv({})).toEqual({});
  expect(callLimitsFromEnv({ [CALL_LIMITS_ENV]: '{"Enable-WinRe":4000}' })).toEqual({ 'Enable-WinRe': 4000 });
  for (const bad of ['4000', '[1]', '{"x":-1}', '{"x":"5"}', '{"x":1.5}', '{']) {
    expect(() => callLimitsFromEnv({ [CALL_LIMITS_ENV]: bad })).toThrow(UsageError);
  }
});

it('a timed-out call on Windows ends the whole process tree by absolute path (a hung reagentc.exe too)', () => {
  expect(treeKillCommand(4242, { SystemRoot: 'D:\\Windows' })).toEqual({
    file: 'D:\\Windows\\System32\\taskkill.exe',
    args: ['/PID', '4242', '/T', '/F'],
  });
  expect(treeKillCommand(7, {}).file).toBe('C:\\Windows\\System32\\taskkill.exe');
});

it(`${CALL_LIMITS_ENV} reaches only a session on a simulated PC: a real run keeps the table`, async () => {
  process.env[CALL_LIMITS_ENV] = '{"Enable-WinRe":1}';
  try {
    const real = openSession();
    const simulated = openSession({ simulate: path.join(projectRoot(), 'no-such-machine.json') });
    expect(real.callLimits).toEqual({});
    expect(simulated.callLimits).toEqual({ 'Enable-WinRe': 1 });
    await Promise.all([real.dispose(), simulated.dispose()]);
  } finally {
    delete process.env[CALL_LIMITS_ENV];
  }
});

/**
 * Cases only a machine file can declare (issue 13 item 8), each through `fix` end to end in real pwsh:
 *  - reagentc /enable succeeds but /info says Disabled until a reboot (win11-enable-deferred-until-reboot): the
 *    fix parks with 3010 instead of rolling back over a WinRE that is in place, a rerun before the restart parks
 *    again, and the run after the restart verifies and finishes;
 *  - /enable silently falls back to C:\Recovery\WindowsRE (win10-enable-falls-back-to-c): audit then says WinRE is
 *    on the Windows volume;
 *  - a power cut in the middle of a journal write (win11-journal-cut-mid-write, machine.journalPowerCut): the
 *    atomic write's leftovers are resumed from, a torn journal itself is refused with 27 and nothing changes;
 *  - a pause before mutation N (machine.pause): a second fix started in the pause gets 1618;
 *  - audit mode / OOBE (oobe-*): reagentc /enable fails with 0x4c7.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runAudit } from '../../../src/cli/commands/audit';
import type { AuditReport } from '../../../src/contracts/generated/audit-report';
import type { SimulatedMachine } from '../../../src/contracts/generated/simulated-machine';
import { ExitCode } from '../../../src/contracts/exit-codes';
import { rebootSimulatedMachine } from '../../../src/simulation/reboot';
import { statePaths } from '../../../src/engine/state-paths';
import { openSimHarness, tempMachine } from '../../support/harness';
import {
  fixInProcess,
  quietArgs,
  readMachine,
  runFix,
  silently,
  statusRecordOf,
  withoutStatusRecord,
  wimCopies,
} from '../../support/fix-runner';

jest.setTimeout(300_000);

const machineOf = (file: string): SimulatedMachine => readMachine<SimulatedMachine>(file);
const edit = (file: string, change: (m: SimulatedMachine) => void): void => {
  const m = machineOf(file);
  change(m);
  fs.writeFileSync(file, JSON.stringify(m, null, 2));
};

async function audit(file: string): Promise<{ code: number; report: AuditReport }> {
  const { value, stdout } = await silently(() => runAudit({ ...quietArgs(file), json: true }));
  return { code: value, report: JSON.parse(stdout) as AuditReport };
}

/** The partition WinRE is registered on, and the Winre.wim copies on the machine. */
function winreWhere(file: string): { offset: number | undefined; wims: number } {
  const m = machineOf(file);
  return { offset: m.winre.location?.partitionOffset, wims: wimCopies(m as never).length };
}

describe('reagentc /enable succeeds but /info says Disabled until a reboot', () => {
  test('fix parks with 3010, parks again before the restart, and finishes after it', async () => {
    const file = tempMachine('win11-enable-deferred-until-reboot');
    const first = await fixInProcess(file);
    expect(first.code).toBe(ExitCode.SoftReboot);
    // What Intune and ConfigMgr read back: parked for a restart, not failed.
    expect(statusRecordOf(file)).toMatchObject({ Verdict: 'reboot-pending', ExitCode: 3010 });
    expect(String(statusRecordOf(file)?.['ReasonCodes'])).toMatch(/RESTART_PENDING/);
    const parked = machineOf(file);
    // WinRE is in place on the new partition (only /info lags): never rolled back, never on C:.
    expect(parked.pendingReboot?.winreEnable).toBe(true);
    expect(parked.winre.status).toBe('Enabled');
    const newOffset = parked.winre.location!.partitionOffset;
    const log = parked.trace.log.map((e) => e.command);
    expect(log.filter((c) => c === 'reagentc /enable')).toHaveLength(1);
    expect(log.filter((c) => c === 'Remove-Partition')).toHaveLength(1);
    const journal = JSON.parse(fs.readFileSync(statePaths({ simulate: file }).journal, 'utf8')) as {
      phase: string;
    };
    expect(journal.phase).toBe('applying');

    // Intune runs it again before anyone restarts: parked again, nothing changed.
    const before = withoutStatusRecord(fs.readFileSync(file, 'utf8'));
    expect((await fixInProcess(file)).code).toBe(ExitCode.SoftReboot);
    expect(withoutStatusRecord(fs.readFileSync(file, 'utf8'))).toBe(before);

    // After the restart (the startup task runs resume) the fix is verified and finished.
    await rebootSimulatedMachine(file);
    const after = await fixInProcess(file, 'resume');
    expect(after.code).toBe(ExitCode.Success);
    expect(winreWhere(file)).toEqual({ offset: newOffset, wims: 1 });
    expect((await audit(file)).report.verdict).toBe('compliant');
  });
});

describe('/enable silently falls back to C:\\Recovery\\WindowsRE', () => {
  test('plain reagentc /enable puts WinRE on C: (no recovery partition qualifies) and audit says so', async () => {
    const h = openSimHarness('win10-enable-falls-back-to-c');
    try {
      const res = await h.snippet(`Invoke-ReAgentC -Arguments @('/enable')`);
      expect((res.output[0] as { exitCode: number }).exitCode).toBe(0);
      const m = h.machine<SimulatedMachine>();
      const c = m.disks[0]!.partitions.find((p) => p.driveLetter === 'C')!;
      expect(m.winre.location?.partitionOffset).toBe(c.offset);
      expect(c.volume!.files.map((f) => f.path)).toContain('\\Recovery\\WindowsRE\\Winre.wim');
      const { code, report } = await audit(h.machinePath);
      expect(report.reasons.map((r) => r.code)).toContain('WINRE_ON_OS_VOLUME');
      // As win10-winre-on-c: WinRE on C: has room for its updates, so there is nothing to fix.
      expect(report.verdict).toBe('compliant');
      expect(code).toBe(0);
    } finally {
      await h.dispose();
    }
  });

  test('fix on the same PC (WinRE still disabled) creates a partition and /enable lands there, not on C:', async () => {
    const file = tempMachine('win10-enable-falls-back-to-c');
    expect((await fixInProcess(file)).code).toBe(ExitCode.Success);
    const m = machineOf(file);
    const c = m.disks[0]!.partitions.find((p) => p.driveLetter === 'C')!;
    expect(m.winre.status).toBe('Enabled');
    expect(m.winre.location!.partitionOffset).not.toBe(c.offset);
    expect(winreWhere(file).wims).toBe(1);
  });
});

describe('a power cut in the middle of a journal write (machine.journalPowerCut)', () => {
  test.each(['temp-partial', 'temp-written', 'backup-kept'] as const)(
    '%s: the run ends 29, the next run resumes from journal.json and fixes',
    async (stage) => {
      const file = tempMachine('win11-journal-cut-mid-write');
      edit(file, (m) => (m.journalPowerCut = { atWrite: 3, stage }));
      expect((await fixInProcess(file)).code).toBe(ExitCode.SimulatedPowerCut);
      const journal = statePaths({ simulate: file }).journal;
      expect(machineOf(file).journalPowerCut?.fired).toBe(true);
      // Two writes are on disk; the third is in .tmp only, whole or torn.
      expect((JSON.parse(fs.readFileSync(journal, 'utf8')) as { seq: number }).seq).toBe(2);
      const tmp = fs.readFileSync(`${journal}.tmp`, 'utf8');
      if (stage === 'temp-partial') expect(() => JSON.parse(tmp) as unknown).toThrow();
      else expect((JSON.parse(tmp) as { seq: number }).seq).toBe(3);
      await rebootSimulatedMachine(file);
      expect((await fixInProcess(file)).code).toBe(ExitCode.Success);
      expect(machineOf(file).winre.status).toBe('Enabled');
      expect(winreWhere(file).wims).toBe(1);
      expect(fs.existsSync(`${journal}.tmp`)).toBe(false);
    },
  );

  test('journal-torn (what a non-atomic write leaves): the next run refuses it with 27 and changes nothing', async () => {
    const file = tempMachine('win11-journal-cut-mid-write');
    edit(file, (m) => (m.journalPowerCut = { atWrite: 3, stage: 'journal-torn' }));
    expect((await fixInProcess(file)).code).toBe(ExitCode.SimulatedPowerCut);
    await rebootSimulatedMachine(file);
    const before = withoutStatusRecord(fs.readFileSync(file, 'utf8'));
    const next = await fixInProcess(file);
    expect(next.code).toBe(ExitCode.JournalRejected);
    expect(next.stderr).toMatch(/not valid JSON/);
    expect(withoutStatusRecord(fs.readFileSync(file, 'utf8'))).toBe(before);
  });
});

describe('a pause before mutation N (machine.pause)', () => {
  test('a second fix started while the first is paused gets 1618; the first then finishes', async () => {
    const file = tempMachine('win11-gpt-small-winre-en');
    const release = path.join(path.dirname(file), 'release');
    edit(file, (m) => (m.pause = { atMutation: m.trace.mutations + 1, untilFile: release, forMs: 120_000 }));
    const first = runFix(quietArgs(file), 'fix');
    const deadline = Date.now() + 120_000;
    while (!machineOf(file).pause?.reached) {
      if (Date.now() > deadline) throw new Error('the first fix never reached its pause');
      await new Promise((r) => setTimeout(r, 50));
    }
    const second = await runFix(quietArgs(file), 'fix');
    expect(second).toBe(ExitCode.Retry);
    fs.writeFileSync(release, '');
    expect(await first).toBe(ExitCode.Success);
    expect(machineOf(file).winre.status).toBe('Enabled');
  });
});

describe.each(['oobe-undeployable', 'oobe-specialize-reseal-to-oobe', 'oobe-audit-mode'])(
  '%s (ImageState other than IMAGE_STATE_COMPLETE)',
  (name) => {
    test('reagentc /enable fails with 0x4c7 (1223) and changes nothing', async () => {
      const h = openSimHarness(name);
      try {
        const off = await h.snippet(`Invoke-ReAgentC -Arguments @('/disable')`);
        expect((off.output[0] as { exitCode: number }).exitCode).toBe(0);
        const before = fs.readFileSync(h.machinePath, 'utf8');
        const on = await h.snippet(`Invoke-ReAgentC -Arguments @('/enable')`);
        expect(on.output[0]).toMatchObject({
          exitCode: 1223,
          stderr: ['REAGENTC.EXE: Operation failed: 4c7', '', 'REAGENTC.EXE: An error has occurred.'],
        });
        expect(fs.readFileSync(h.machinePath, 'utf8')).toBe(before);
      } finally {
        await h.dispose();
      }
    });
  },
);

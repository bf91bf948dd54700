/**
 * Process lifecycle: PowerShell missing never crashes Node, and no PowerShell process outlives the run,
 * whether the caller disposes the session, forgets to, or crashes (docs/reference/fleet-tools.md#errors-and-timeouts-of-a-persistent-shell: node-powershell's
 * unobserved exit promise kills Node; forgotten dispose() leaves powershell.exe behind).
 */
import { isAlive, jsonLines, openBridge, runChild } from '../../bridge/helpers';

jest.setTimeout(180_000);

describe('PowerShell missing', () => {
  it('gives PowerShellUnavailableError for a bad override and a missing executable, and Node exits normally', () => {
    const child = runChild('missing-pwsh.ts', { WINREFIX_POWERSHELL: '/nonexistent/winre-fix/pwsh' });
    const lines = jsonLines(child.stdout);
    expect({ status: child.status, stderr: child.stderr }).toEqual({ status: 0, stderr: '' });
    expect(lines).toEqual([
      expect.objectContaining({
        step: 'override',
        name: 'PowerShellUnavailableError',
        code: 'POWERSHELL_UNAVAILABLE',
        message: expect.stringContaining('/nonexistent/winre-fix/pwsh'),
      }),
      expect.objectContaining({ step: 'first-call', name: 'PowerShellUnavailableError' }),
      expect.objectContaining({ step: 'second-call', name: 'PowerShellUnavailableError' }),
      { step: 'end' },
    ]);
  });

  it('treats a file that is not executable the same way', () => {
    const child = runChild('missing-pwsh.ts', {
      WINREFIX_POWERSHELL: '/nonexistent/winre-fix/pwsh',
      MISSING_EXE: __filename,
    });
    expect(child.status).toBe(0);
    expect(jsonLines(child.stdout).filter((l) => l['step'] === 'first-call')).toEqual([
      expect.objectContaining({
        name: 'PowerShellUnavailableError',
        message: expect.stringContaining('EACCES'),
      }),
    ]);
  });
});

describe('no PowerShell process is left behind', () => {
  it('after dispose, every process the session started is gone', async () => {
    const bridge = openBridge();
    await bridge.runner.run('Get-Echo', { Text: 'one' });
    await expect(bridge.runner.run('Invoke-Misbehave', { Mode: 'exit' })).rejects.toThrow();
    await bridge.runner.run('Get-Echo', { Text: 'two' });
    expect(bridge.pids).toHaveLength(2);
    expect(isAlive(bridge.pids[1] as number)).toBe(true);
    await bridge.session.dispose();
    expect(bridge.pids.filter(isAlive)).toEqual([]);
    await expect(bridge.runner.run('Get-Echo', { Text: 'late' })).rejects.toThrow(/disposed/);
    expect(bridge.session.processStarts).toBe(2);
  });

  it.each(['return', 'exit', 'throw'])(
    'a child Node process that forgets dispose() and ends by "%s" exits and leaves no pwsh',
    async (mode) => {
      const child = runChild('forget-dispose.ts', { FORGET_MODE: mode });
      // spawnSync's timeout would kill a Node process that hung on its live session (signal SIGTERM).
      expect(child.signal).toBeNull();
      expect(child.status).toBe({ return: 0, exit: 3, throw: 1 }[mode]);
      const lines = jsonLines(child.stdout);
      expect(lines).toContainEqual({ envelope: { ok: true, script: 'Get-Echo', data: 'alive' } });
      const pid = lines.find((l) => typeof l['pid'] === 'number')?.['pid'] as number;
      expect(pid).toBeGreaterThan(0);
      // The exit hook sends SIGKILL synchronously; init reaps the orphan shortly after (zombies count as gone).
      for (let i = 0; i < 50 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
      expect(isAlive(pid)).toBe(false);
    },
  );
});

/** Where PowerShell comes from: Windows PowerShell 5.1 by absolute path (Sysnative for a 32-bit process), pwsh elsewhere. */
import * as path from 'node:path';
import { locatePowerShell, windowsPowerShellPath } from '../../../src/adapters/powershell/locate';
import { PowerShellUnavailableError } from '../../../src/errors';

describe('windowsPowerShellPath', () => {
  it('uses System32 under SystemRoot for a 64-bit process', () => {
    expect(windowsPowerShellPath({ SystemRoot: 'D:\\Win' }, 'x64')).toBe(
      'D:\\Win\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    );
  });
  it('uses Sysnative for a 32-bit process on 64-bit Windows (WOW64 would redirect System32)', () => {
    expect(
      windowsPowerShellPath({ SystemRoot: 'C:\\Windows', PROCESSOR_ARCHITEW6432: 'AMD64' }, 'ia32'),
    ).toBe('C:\\Windows\\Sysnative\\WindowsPowerShell\\v1.0\\powershell.exe');
  });
  it('uses System32 for a 32-bit process on 32-bit Windows', () => {
    expect(windowsPowerShellPath({ SystemRoot: 'C:\\Windows' }, 'ia32')).toBe(
      'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    );
  });
  it('falls back to C:\\Windows without SystemRoot', () => {
    expect(windowsPowerShellPath({}, 'x64')).toBe(
      'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
    );
  });
});

describe('locatePowerShell', () => {
  it('honours WINREFIX_POWERSHELL and refuses one that does not exist', () => {
    expect(() => locatePowerShell({ WINREFIX_POWERSHELL: '/nonexistent/pwsh' }, 'linux', 'x64')).toThrow(
      PowerShellUnavailableError,
    );
    expect(locatePowerShell({ WINREFIX_POWERSHELL: process.execPath }, 'linux', 'x64')).toEqual({
      executable: process.execPath,
      flavour: 'pwsh',
    });
  });
  it('never looks on PATH on Windows: a missing System32 copy is PowerShellUnavailableError', () => {
    expect(() =>
      locatePowerShell({ SystemRoot: '/nonexistent/Windows', PATH: process.env['PATH'] }, 'win32', 'x64'),
    ).toThrow(/Windows PowerShell was not found/);
  });
  it('finds a pwsh on Linux (the one npm test installs, or PATH)', () => {
    const found = locatePowerShell(process.env, 'linux', 'x64');
    expect(found.flavour).toBe('pwsh');
    expect(path.basename(found.executable)).toBe('pwsh');
  });
});

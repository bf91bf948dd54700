/**
 * `--wim` takes an absolute path on a drive or a share: a relative one would resolve against SYSTEM's working
 * folder (C:\Windows\System32), never what the admin meant, so it is a usage error (24) before anything runs.
 */
import { wimOption } from '../../../src/cli/options';
import { UsageError } from '../../../src/errors';

describe('--wim', () => {
  it.each([
    'C:\\WinRE\\Winre.wim',
    'D:\\Deploy\\winre-19041-x64.wim',
    '\\\\fs01\\WinRE\\Winre.wim',
    '\\\\fs01.contoso.com\\WinRE$\\19041\\x64\\Winre.wim',
  ])('accepts %s', (path) => {
    expect(wimOption(path)).toBe(path);
  });

  it.each([
    'Winre.wim',
    '.\\Winre.wim',
    'C:Winre.wim',
    '\\\\fs01\\WinRE',
    '\\\\?\\C:\\Winre.wim',
    '',
    '/tmp/Winre.wim',
  ])('refuses %j as a usage error', (path) => {
    expect(() => wimOption(path)).toThrow(UsageError);
  });

  it('is absent when not given', () => {
    expect(wimOption(undefined)).toBeUndefined();
  });
});

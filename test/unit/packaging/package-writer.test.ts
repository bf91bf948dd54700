import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { defaultCommands, DEFAULT_EXE_PATH } from '../../../src/packaging/package-options';
import { crlf, writeContent, Writer } from '../../../src/packaging/package-writer';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-package-writer-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const settings = { exePath: DEFAULT_EXE_PATH, toolVersion: '9.9.9', generatedBy: 'test' };
const options = (exeSource: string | undefined) => ({
  target: 'intune' as const,
  outDir: dir,
  exePath: DEFAULT_EXE_PATH,
  exeSource,
  maxRunMinutes: 60,
  toolVersion: '9.9.9',
});

describe('package writer', () => {
  it('writes files under the folder, creating sub-folders, and lists them in the order written', () => {
    const w = new Writer(dir);
    w.json('b/settings.json', { a: 1 }, 'settings');
    w.text('a.txt', 'text', 'a text');
    expect(w.files).toEqual([
      { path: 'b/settings.json', purpose: 'settings' },
      { path: 'a.txt', purpose: 'a text' },
    ]);
    expect(fs.readFileSync(path.join(dir, 'b', 'settings.json'), 'utf8')).toBe('{\n  "a": 1\n}\n');
  });

  it('ends every line with CRLF, never doubling a CR already there', () => {
    expect(crlf('a\nb\r\nc\n')).toBe('a\r\nb\r\nc\r\n');
  });

  it('puts the install and uninstall scripts and the exe in the content folder, or warns that the exe is missing', () => {
    const exe = path.join(dir, 'source.exe');
    fs.writeFileSync(exe, 'MZ');
    const commands = defaultCommands('intune');
    const warnings: string[] = [];
    const w = new Writer(dir);
    expect(writeContent(w, 'with', options(exe), settings, commands, warnings)).toBe(true);
    expect(writeContent(w, 'without', options(undefined), settings, commands, warnings)).toBe(false);
    expect(w.files.map((f) => f.path)).toEqual([
      'with/Install-WinReFix.ps1',
      'with/Uninstall-WinReFix.ps1',
      'with/winre-fix.exe',
      'without/Install-WinReFix.ps1',
      'without/Uninstall-WinReFix.ps1',
    ]);
    expect(fs.readFileSync(path.join(dir, 'with', 'winre-fix.exe'), 'utf8')).toBe('MZ');
    expect(warnings).toEqual([expect.stringMatching(/^without\/ has no winre-fix\.exe/)]);
  });

  it('runs every console command with the agent log folder and, when asked, a fixed language', () => {
    expect(defaultCommands('configmgr', 'zh-CN').fix).toEqual([
      'fix',
      '--yes',
      '--log-copy-dir',
      '%windir%\\CCM\\Logs',
      '--lang',
      'zh-CN',
    ]);
    expect(defaultCommands('intune').appDetect).toEqual(['audit', '--compact-log']);
  });
});

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadWinReBaseline } from '../../../src/app/winre-baseline-file';
import { exitCodeForError } from '../../../src/app/error-exit';
import { ExitCode } from '../../../src/contracts/exit-codes';
import { DEFAULT_WINRE_BASELINE } from '../../../src/domain/winre-baseline';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-baseline-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

function codeOf(fn: () => unknown): number {
  try {
    fn();
  } catch (error) {
    return exitCodeForError(error);
  }
  throw new Error('did not throw');
}

describe('loadWinReBaseline', () => {
  it('reads a valid file, a UTF-8 BOM included (Notepad and Set-Content -Encoding UTF8 write one)', () => {
    const file = write('ok.json', `\uFEFF${JSON.stringify(DEFAULT_WINRE_BASELINE)}`);
    expect(loadWinReBaseline(file)).toEqual(DEFAULT_WINRE_BASELINE);
  });

  it('a file that cannot be read is a usage error (24)', () => {
    expect(codeOf(() => loadWinReBaseline(path.join(dir, 'missing.json')))).toBe(ExitCode.Usage);
  });

  it.each([
    ['not JSON', '{ families: ', /not JSON/],
    ['a schema violation', { ...DEFAULT_WINRE_BASELINE, families: [{ build: 19041 }] }, /winre-baseline/],
    [
      'a family twice',
      {
        ...DEFAULT_WINRE_BASELINE,
        families: [DEFAULT_WINRE_BASELINE.families[0], DEFAULT_WINRE_BASELINE.families[0]],
      },
      /listed twice/,
    ],
    [
      'a minimum of another family',
      {
        ...DEFAULT_WINRE_BASELINE,
        families: [{ ...DEFAULT_WINRE_BASELINE.families[0], minimum: '10.0.22621.1' }],
      },
      /not of WinRE family 19041/,
    ],
  ])('%s is a contract violation (26) that names the problem', (_what, content, message) => {
    const file = write('bad.json', content);
    expect(() => loadWinReBaseline(file)).toThrow(message);
    expect(codeOf(() => loadWinReBaseline(file))).toBe(ExitCode.ContractViolation);
  });
});

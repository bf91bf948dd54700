import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../../src/project-root';
import { errorLines, main } from '../../../src/cli/main';
import { UsageError } from '../../../src/errors';
import { linesWithEnglish } from '../../support/zh-words';

describe('command-line usage errors', () => {
  let stderr: string[];
  const write = process.stderr.write.bind(process.stderr);
  beforeEach(() => {
    stderr = [];
    process.stderr.write = ((c: string | Uint8Array) => (
      stderr.push(String(c)),
      true
    )) as typeof process.stderr.write;
  });
  afterEach(() => {
    process.stderr.write = write;
  });

  it.each([
    [['fix', '--lang', 'fr', '--simulate', '/nonexistent/machine.json']],
    [['bogus']],
    [[]],
    [['audit', '--no-such-option']],
    // --keep-backup is fix's (and audit's): a resume takes the kept folder from its journal.
    [['resume', '--keep-backup', 'D:\\Keep', '--simulate', '/nonexistent/machine.json']],
  ])('%j exits 24 without running anything', async (argv) => {
    expect(await main(argv)).toBe(24);
    expect(stderr.join('')).toMatch(/winre-fix: /);
    // The command never ran: it would have complained about the machine file, not the arguments.
    expect(stderr.join('')).not.toMatch(/does not exist/);
  });
});

describe('bad option values and machine files are usage errors (24) before anything runs', () => {
  let stderr: string[];
  const write = process.stderr.write.bind(process.stderr);
  let dir: string;
  let machine: string;
  beforeEach(() => {
    stderr = [];
    process.stderr.write = ((c: string | Uint8Array) => (
      stderr.push(String(c)),
      true
    )) as typeof process.stderr.write;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-usage-'));
    machine = path.join(dir, 'machine.json');
    fs.copyFileSync(path.join(projectRoot(), 'simulator', 'machines', 'builtin-en-US.json'), machine);
  });
  afterEach(() => {
    process.stderr.write = write;
  });

  it.each([
    [['--headroom-mib', 'abc'], /--headroom-mib must be a number of MiB from 0 to 1048576, not a number/],
    [['--headroom-mib', '-400'], /not -400/],
    [['--min-os-free-mib', 'Infinity'], /--min-os-free-mib must be/],
    [['--retry-pause-seconds', 'soon'], /--retry-pause-seconds must be 0 to 3600/],
    [['--keep-backup', ' '], /--keep-backup needs a folder/],
  ])('fix --yes %j exits 24, registers no task and creates nothing', async (extra, message) => {
    const before = fs.readFileSync(machine, 'utf8');
    expect(await main(['fix', '--yes', '--simulate', machine, ...extra])).toBe(24);
    expect(stderr.join('')).toMatch(message);
    // Nothing ran: the simulated PC (its scheduled tasks included) is byte-identical and no state folder exists.
    expect(fs.readFileSync(machine, 'utf8')).toBe(before);
    expect(fs.readdirSync(dir)).toEqual(['machine.json']);
  });

  it.each([
    ['missing', null, /does not exist/],
    ['not JSON', '{"disks": [', /is not JSON/],
    ['not a machine', '{"disks": []}', /is not a simulated machine/],
  ])('a %s machine file exits 24 with a clear message', async (_name, text, message) => {
    const file = path.join(dir, 'other.json');
    if (text !== null) fs.writeFileSync(file, text);
    expect(await main(['audit', '--no-log', '--simulate', file])).toBe(24);
    expect(stderr.join('')).toMatch(message);
  });
});

describe('an error in Chinese: the meaning of the exit code, then the detail quoted, no English in a Chinese sentence', () => {
  let stderr: string[];
  const write = process.stderr.write.bind(process.stderr);
  beforeEach(() => {
    stderr = [];
    process.stderr.write = ((c: string | Uint8Array) => (
      stderr.push(String(c)),
      true
    )) as typeof process.stderr.write;
  });
  afterEach(() => {
    process.stderr.write = write;
  });

  it.each([
    [['audit', '--lang', 'zh-CN', '--simulate', '/nonexistent/machine.json']],
    [['audit', '--lang=zh-CN', '--headroom-mib', 'abc']],
  ])('%j', async (argv) => {
    expect(await main(argv)).toBe(24);
    const text = stderr.join('');
    expect(text).toContain('命令行有误');
    expect(text).toContain('（退出码 24）');
    expect(linesWithEnglish(text)).toEqual([]);
  });

  it('keeps the hint, quoted, and English runs keep their two lines', () => {
    const error = new UsageError('The machine file x.json does not exist.', { hint: 'Check the path.' });
    expect(errorLines(error, 24, 'zh-CN')).toEqual([
      'winre-fix：命令行有误（请检查安装命令）。（退出码 24）',
      '  详细信息："The machine file x.json does not exist."',
      '  提示："Check the path."',
    ]);
    expect(errorLines(error, 24, 'en')).toEqual([
      'winre-fix: The machine file x.json does not exist.',
      'Hint: Check the path.',
    ]);
  });
});

import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { projectRoot } from '../../../src/project-root';
import { cmTraceType, formatCmTraceEntry } from '../../../src/logging/cmtrace';
import { parseCmTrace, unescapeCmTrace } from './cmtrace-parser';

const at = new Date(2026, 10, 25, 9, 5, 7, 42); // local time 09:05:07.042 on 25 Nov 2026

function entry(message: string, type: 1 | 2 | 3 = 1): string {
  return formatCmTraceEntry({ message, time: at, component: 'fix', type, thread: 4242 });
}

describe('CMTrace entry', () => {
  it('parses back: message, time, date, component, type, thread', () => {
    const [parsed, ...rest] = parseCmTrace(entry('WinRE is enabled', 2));
    expect(rest).toEqual([]);
    expect(parsed).toMatchObject({
      message: 'WinRE is enabled',
      date: '11-25-2026',
      component: 'fix',
      context: '',
      type: 2,
      thread: '4242',
      file: '',
    });
    expect(parsed?.time.startsWith('09:05:07.042')).toBe(true);
  });

  it.each([
    ['the closing marker', 'before ]LOG]!><time="00:00:00.000+000" date="01-01-2000" component="x"> after'],
    ['the opening marker', '<![LOG[fake]LOG]!>'],
    ['an opening marker at a line start', 'line one\n<![LOG[injected entry]LOG]!><time="x">\nline three'],
    ['quotes and angle brackets', 'He said "resize" <C:> & \'done\''],
    ['CJK and emoji', '恢复分区太小：需要 250 MB 可用空间 ✅'],
    [
      'multi-line reagentc output',
      'Windows RE status:         Enabled\r\nWindows RE location:       \\\\?\\GLOBALROOT\\device\\harddisk0\\partition4\\Recovery\\WindowsRE\r\n\r\nREAGENTC.EXE: Operation Successful.\r\n',
    ],
    ['lone CR and LF', 'a\rb\nc\r\nd'],
    ['an empty message', ''],
  ])('keeps a message with %s in one entry', (_name, message) => {
    const entries = parseCmTrace(entry(message) + entry('next entry'));
    expect(entries).toHaveLength(2);
    expect(unescapeCmTrace(entries[0]?.message ?? '')).toBe(message.replace(/\r\n|\r/g, '\n'));
    expect(entries[1]?.message).toBe('next entry');
  });

  it('makes control characters visible instead of writing them', () => {
    const [parsed] = parseCmTrace(entry('nul\u0000bell\u0007esc\u001b[31m tab\tok'));
    expect(parsed?.message).toBe('nul\\x00bell\\x07esc\\x1b[31m tab\tok');
  });

  it('cannot be broken through the component attribute', () => {
    const text = formatCmTraceEntry({
      message: 'm',
      time: at,
      component: 'a" type="3\r\n<x>',
      type: 1,
      thread: 1,
    });
    const [parsed] = parseCmTrace(text);
    expect(parsed).toMatchObject({ component: 'a_ type=_3___x_', type: 1 });
  });

  it('maps levels to CMTrace types', () => {
    expect([cmTraceType('debug'), cmTraceType('info'), cmTraceType('warn'), cmTraceType('error')]).toEqual([
      1, 1, 2, 3,
    ]);
  });

  it('writes local clock time and UTC-minus-local minutes, as the ConfigMgr client does', () => {
    // Jest gives each test file its own copy of process.env, so changing TZ needs a real Node process.
    const code = `
      const { cmTraceTime, cmTraceDate } = require(${JSON.stringify(path.join(projectRoot(), 'src/logging/cmtrace.ts'))});
      const instant = new Date(Date.UTC(2026, 0, 15, 14, 30, 0, 5));
      const out = {};
      for (const tz of ['America/New_York', 'Europe/Berlin', 'Asia/Shanghai', 'UTC']) {
        process.env.TZ = tz;
        out[tz] = cmTraceTime(instant) + ' ' + cmTraceDate(new Date(Date.UTC(2026, 0, 15, 20, 0, 0)));
      }
      process.stdout.write(JSON.stringify(out));`;
    const child = spawnSync(process.execPath, ['--require', require.resolve('tsx/cjs'), '-e', code], {
      encoding: 'utf8',
    });
    expect(child.stderr).toBe('');
    expect(JSON.parse(child.stdout)).toEqual({
      'America/New_York': '09:30:00.005+300 01-15-2026',
      'Europe/Berlin': '15:30:00.005-060 01-15-2026',
      'Asia/Shanghai': '22:30:00.005-480 01-16-2026',
      UTC: '14:30:00.005+000 01-15-2026',
    });
  });
});

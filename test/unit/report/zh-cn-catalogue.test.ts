/**
 * Every Chinese text of the catalogues says it in Chinese: each reason's message and remedy with each
 * detail code and each word a param can carry, each console note, and the status words. English may stay only as
 * test/support/zh-words.ts allows (product names, units, paths, codes).
 */
import { REASON_DETAILS, REASONS, reasonMessage, reasonRemedy } from '../../../src/domain/reasons';
import { consoleWords } from '../../../src/logging/console-renderer';
import type { NoteKey } from '../../../src/logging/events';
import { statusMessages } from '../../../src/report/messages';
import { englishLeftIn } from '../../support/zh-words';

const CJK = /[\u4e00-\u9fff]/;

/** Params a planner gives, in the shapes it gives them. */
function paramsFor(template: string, detail: string, state: string): Record<string, string | number> {
  const out: Record<string, string | number> = { detail, state };
  const details = Object.values(REASON_DETAILS).map((d) => d['zh-CN']);
  for (const [, name] of [template, ...details].join(' ').matchAll(/\{(\w+)\}/g)) {
    if (name === 'detail' || name === 'state' || name === undefined) continue;
    out[name] = /disk|partition|count|events|percent|exitCode|offset/i.test(name) ? 3 : '250 MiB';
  }
  out['location'] = '\\\\?\\GLOBALROOT\\device\\harddisk0\\partition3\\Recovery\\WindowsRE';
  out['path'] = 'C:\\Windows\\System32\\Recovery\\Winre.wim';
  out['mountPoint'] = 'C:';
  out['volume'] = 'C:';
  out['updates'] = 'KB5034441/KB5034439';
  out['reasons'] = 'CBS RebootPending';
  out['type'] = 'Recovery';
  return out;
}

const lines: [string, string][] = [];
for (const code of Object.keys(REASONS)) {
  const template = (REASONS as Record<string, { 'zh-CN': string }>)[code]!['zh-CN'];
  for (const detail of Object.keys(REASON_DETAILS)) {
    for (const state of ['encrypting', 'decrypting']) {
      const params = paramsFor(template, detail, state);
      lines.push([`${code} (${detail}, ${state})`, reasonMessage(code, params, 'zh-CN')]);
      const remedy = reasonRemedy(code, params, 'zh-CN');
      if (remedy) lines.push([`${code} remedy`, remedy]);
    }
  }
}

const NOTE_KEYS: readonly NoteKey[] = [
  'simulated-pc',
  'status-record-written',
  'status-record-unchanged',
  'status-record-failed',
  'startup-task-registered',
  'backups-kept',
  'gpt-attributes-unread',
  'fact-unreadable',
  'report-not-written',
  'state-folder-untrusted',
];
const noteParams = {
  file: '/tmp/pc.json',
  key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\winre-fix',
  names: 'Verdict, ExitCode',
  error: 'Access denied\nActivity ID: {7557bad9}',
  task: 'winre-fix resume',
  target: 'C:\\ProgramData\\winre-fix\\bin\\winre-fix.exe',
  script: 'Get-BitLockerStatus',
  what: 'C:',
  dir: 'C:\\ProgramData\\winre-fix\\Reports',
  copy: 'copy',
  path: 'C:\\ProgramData\\winre-fix',
  problems: 'owner is BUILTIN\\Users',
};
const zh = consoleWords['zh-CN'];
for (const key of NOTE_KEYS) lines.push([`note ${key}`, zh.note({ key, params: noteParams }) ?? '']);
lines.push(['restart', zh.restart(zh.restartReason('bitlocker-suspended') ?? '')]);
lines.push(['plan', `${zh.plan}: ${zh.verdict('refused')}`]);

const s = statusMessages('zh-CN');
for (const status of ['pending', 'started', 'completed', 'failed', 'skipped'])
  lines.push([`step ${status}`, `[${s.stepStatus(status)}]`]);
for (const phase of ['applying', 'rolling-back', 'done', 'rolled-back', 'degraded', 'failed-safe'])
  lines.push([
    `phase ${phase}`,
    s.run('20261205T041533Z-4018f0', 'grow-recovery-after-os', '2026-12-05T04:15:33Z', phase),
  ]);
lines.push(
  ['noRun', s.noRun],
  ['rollback', s.rollback],
  ['disabledSince', s.disabledSince('2026-12-05T04:15:33Z')],
  ['restartNeeded', s.restartNeeded],
  [
    'winreNow',
    s.winreNow('Enabled', '\\\\?\\GLOBALROOT\\device\\harddisk0\\partition4\\Recovery\\WindowsRE'),
  ],
  ['winreNow off', s.winreNow('Disabled', undefined)],
  ['inProgress', s.inProgress],
  ['unfinished', s.unfinished],
  [
    'lastRun',
    s.lastRun({
      finishedAt: '2026-12-05T04:15:33.000Z',
      command: 'detect',
      verdict: 'compliant',
      exitCode: 0,
    }),
  ],
  ['reasons', s.reasons(['INSUFFICIENT_SHRINK_SPACE'])],
  ['log', s.log('20261205T041533Z-4018f0-fix.log')],
  ['report', s.report('DESKTOP-2B61I2T-20261205T041533Z-4018f0.json')],
  ['noReport', s.noReport],
);

describe('the zh-CN catalogues', () => {
  it.each(lines)('%s is Chinese with no English word left', (_what, line) => {
    expect(line).toMatch(CJK);
    expect(englishLeftIn(line)).toEqual([]);
  });

  it('the checker itself catches the mixes it was written for', () => {
    expect(englishLeftIn('C: 上的 BitLocker 正在encrypting (5%)')).toEqual(['encrypting']);
    expect(englishLeftIn('C: 需要缩小 172 MiB，但 Windows can shrink it by at most 4 KiB')).toEqual([
      'can',
      'shrink',
      'it',
      'by',
      'at',
      'most',
    ]);
    expect(englishLeftIn('警告：SIMULATED PC: /tmp/m.json (no real disk is read or changed)')).toContain(
      'real',
    );
  });
});

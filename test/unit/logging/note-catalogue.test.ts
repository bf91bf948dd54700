/**
 * Notes are written once per language (src/logging/notes.ts): the emitter names a note by key, the log gets the
 * catalogue's English and the console the reader's language. No emitter writes English of its own beside a key,
 * which is how the Chinese used to drift from it.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { NoteKey } from '../../../src/logging/events';
import { consoleWords } from '../../../src/logging/console-renderer';
import {
  NOTE_TEXT,
  noteEvent,
  noteMessage,
  rebootRequiredEvent,
  RESTART_REASON_TEXT,
} from '../../../src/logging/notes';
import { projectRoot } from '../../../src/project-root';
import { englishLeftIn } from '../../support/zh-words';

const params = {
  file: 'C:\\pcs\\pc.json',
  key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\winre-fix',
  names: 'Verdict, -WinReFreeMiB',
  error: 'Access denied',
  task: 'winre-fix resume',
  target: 'C:\\ProgramData\\winre-fix\\bin\\winre-fix.exe',
  blocker: 'WinRE is not enabled on its recovery partition yet',
  script: 'Get-BitLockerStatus',
  what: 'C:',
  dir: 'C:\\Reports',
  copy: 'copy',
  path: 'C:\\ProgramData\\winre-fix',
  problems: 'owner is BUILTIN\\Users',
  problem: 'could not delete Logs\\runs\\old.log: in use',
  code: 'PROGRAM_NOT_COPIED',
  reason: 'the program could not be copied',
  runId: '20261205T041500Z-1a2b',
  files: 3,
  bytes: 1048576,
  complete: '',
  seconds: 90,
  phase: 'applying',
  folder: 'C:\\ProgramData\\winre-fix\\backup\\20261205T041500Z-1a2b',
  failure: 'no partition at the planned offset',
  attempt: 2,
  max: 4,
  remedy: 'after a 60 s pause',
  remedyZh: '暂停 60 秒后',
  drive: 'C:',
  exitCode: 0,
  timedOut: 0,
  last: 'The operation completed successfully.',
  sha256: 'AB'.repeat(32),
  why: 'checksum mismatch',
  option: '--retry-shrink',
  since: '2026-12-05 04:15',
  until: '2026-12-12 04:15',
};

describe('the note catalogue', () => {
  it.each(Object.keys(NOTE_TEXT) as NoteKey[])(
    '%s reads whole in English and in Chinese (no English left)',
    (key) => {
      const en = noteMessage({ key, params }, 'en');
      const zh = noteMessage({ key, params }, 'zh-CN');
      for (const line of [en, zh]) expect(line).not.toMatch(/undefined|NaN|\{\w+\}/);
      expect(zh).toMatch(/[\u4e00-\u9fff]/);
      expect(englishLeftIn(zh)).toEqual([]);
    },
  );

  it('gives the log the English it always had', () => {
    const e = noteEvent('warn', {
      key: 'report-not-written',
      params: { dir: 'D:\\r', copy: '', error: 'EISDIR' },
    });
    expect(e).toEqual({
      kind: 'note',
      level: 'warn',
      message: "The run report could not be written in D:\\r: EISDIR. The run's outcome is unchanged.",
      text: { key: 'report-not-written', params: { dir: 'D:\\r', copy: '', error: 'EISDIR' } },
    });
    expect(
      noteMessage({ key: 'report-not-written', params: { dir: 'D:\\r', copy: 'copy', error: 'x' } }, 'en'),
    ).toBe("The copy of the run report could not be written in D:\\r: x. The run's outcome is unchanged.");
    expect(noteMessage({ key: 'fact-unreadable', params }, 'en')).toBe(
      'Get-BitLockerStatus: C:: Access denied',
    );
    expect(noteMessage({ key: 'gpt-attributes-unread' }, 'en')).toBe(
      'Get-DiskLayout: not elevated: GPT attributes were not read (diskpart needs elevation)',
    );
  });

  it('is the only place a keyed note gets its words: no emitter in src/ writes a message beside a key', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (file.endsWith('.ts') && !file.endsWith(path.join('logging', 'notes.ts'))) {
          const text = fs.readFileSync(file, 'utf8');
          // Each use of a note key: the call it sits in (from its emit( or note() must not write a message.
          for (const key of Object.keys(NOTE_TEXT)) {
            for (const m of text.matchAll(new RegExp(`key: '${key}'`, 'g'))) {
              const before = text.slice(Math.max(0, m.index - 600), m.index);
              const call = before.slice(Math.max(before.lastIndexOf('emit('), before.lastIndexOf('note(')));
              if (/\bmessage:/.test(call)) offenders.push(`${path.relative(projectRoot(), file)}: ${key}`);
            }
          }
          // A relay that passes a note's key on with English of its own.
          for (const m of text.matchAll(/\bmessage:[^;]*?,\s*\.\.\.\(\w+\.text/g))
            offenders.push(`${path.relative(projectRoot(), file)}: ${m[0].slice(0, 60)}`);
        }
      }
    };
    walk(path.join(projectRoot(), 'src'));
    expect(offenders).toEqual([]);
  });
});

describe('the restart reasons', () => {
  it.each(Object.keys(RESTART_REASON_TEXT) as (keyof typeof RESTART_REASON_TEXT)[])(
    '%s: the event carries the English, the console says the Chinese, from one entry',
    (key) => {
      const e = rebootRequiredEvent(key, false);
      expect(e).toEqual({
        kind: 'reboot-required',
        reason: RESTART_REASON_TEXT[key].en,
        reasonKey: key,
        hard: false,
      });
      const zh = consoleWords['zh-CN'].restartReason(key);
      expect(zh).toBe(RESTART_REASON_TEXT[key]['zh-CN']);
      expect(englishLeftIn(zh ?? '')).toEqual([]);
      expect(zh).toMatch(/[\u4e00-\u9fff]/);
    },
  );
});

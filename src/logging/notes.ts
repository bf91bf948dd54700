/**
 * The note catalogue: every note a run can give, written once per language. The emitter names the note by key with
 * its params (`noteEvent`); the log gets the English (one language for admins and support to search) and the
 * console says it in the reader's language (console-renderer.ts), both from here. Text inside 「」 is quoted as
 * Windows or PowerShell gave it (an error message, a path): it is data, not winre-fix's words.
 */
import type { NoteEvent, NoteKey, NoteLevel, NoteText, RebootRequiredEvent } from './events';

type Params = Readonly<Record<string, string | number>>;
type Say = (p: Params) => string;

/** Quoted Windows text on one line (a CIM error adds an "Activity ID" line). */
const quote = (value: string | number | undefined): string =>
  `「${String(value ?? '')
    .replace(/\s+/g, ' ')
    .trim()}」`;

export const NOTE_TEXT: { readonly [K in NoteKey]: { readonly en: Say; readonly 'zh-CN': Say } } = {
  'simulated-pc': {
    en: (p) => `SIMULATED PC: ${p['file']} (no real disk is read or changed)`,
    'zh-CN': (p) => `模拟的计算机：${p['file']}（不会读取或更改任何真实磁盘）`,
  },
  'status-record-written': {
    en: (p) => `status record ${p['key']}: wrote ${p['names']}`,
    'zh-CN': (p) => `状态记录 ${p['key']}：已写入注册表值 ${quote(p['names'])}`,
  },
  'status-record-unchanged': {
    en: (p) => `status record ${p['key']}: unchanged`,
    'zh-CN': (p) => `状态记录 ${p['key']}：未更改`,
  },
  'status-record-failed': {
    en: (p) => `could not write the status record ${p['key']} (the run's result stands): ${p['error']}`,
    'zh-CN': (p) => `无法写入状态记录 ${p['key']}（运行结果不变）：${quote(p['error'])}`,
  },
  'startup-task-registered': {
    en: (p) => `startup task "${p['task']}" registered to resume after an interruption (runs ${p['target']})`,
    'zh-CN': (p) => `已注册启动任务 "${p['task']}"，用于中断后继续（运行 ${p['target']}）`,
  },
  // Every blocker of the sweep (src/domain/backup-sweep.ts) means the same: WinRE is not proven in place yet.
  'backups-kept': {
    en: (p) => `backups of earlier runs are kept for now: ${p['blocker']}`,
    'zh-CN': () => '暂时保留以前运行的备份：WinRE 尚未确认已在其恢复分区上正常启用。',
  },
  'gpt-attributes-unread': {
    en: () => 'Get-DiskLayout: not elevated: GPT attributes were not read (diskpart needs elevation)',
    'zh-CN': () => 'Get-DiskLayout：未以管理员权限运行，未读取 GPT 属性 (diskpart 需要提升权限)',
  },
  'fact-unreadable': {
    en: (p) => `${p['script']}: ${p['what']}: ${p['error']}`,
    'zh-CN': (p) => `${p['script']}：无法读取 ${p['what']}：${quote(p['error'])}`,
  },
  'report-not-written': {
    en: (p) =>
      `The ${p['copy'] ? 'copy of the run report' : 'run report'} could not be written in ${p['dir']}: ${p['error']}. The run's outcome is unchanged.`,
    'zh-CN': (p) =>
      `无法在 ${p['dir']} 中写入${p['copy'] ? '运行报告的副本' : '运行报告'}：${quote(p['error'])}。运行结果不变。`,
  },
  'state-folder-untrusted': {
    en: (p) => `The state folder ${p['path']} is not trusted (${p['problems']}): nothing is written in it.`,
    'zh-CN': (p) => `状态文件夹 ${p['path']} 不受信任（${quote(p['problems'])}）：不会在其中写入任何内容。`,
  },
};

export function noteMessage(text: NoteText, language: 'en' | 'zh-CN'): string {
  return NOTE_TEXT[text.key][language](text.params ?? {});
}

type RestartKey = NonNullable<RebootRequiredEvent['reasonKey']>;

/** Why a restart is needed, per language: the log and the report get the English, the console its language. */
export const RESTART_REASON_TEXT: {
  readonly [K in RestartKey]: { readonly en: string; readonly 'zh-CN': string };
} = {
  'bitlocker-suspended': {
    en: 'BitLocker protection was suspended for exactly one restart.',
    'zh-CN': 'BitLocker 保护已暂停，仅限一次重启。',
  },
};

/** A reboot-required event whose reason comes from the catalogue. */
export function rebootRequiredEvent(key: RestartKey, hard: boolean): RebootRequiredEvent {
  return { kind: 'reboot-required', reason: RESTART_REASON_TEXT[key].en, reasonKey: key, hard };
}

/** A note event: its English message for the log and its key for the console, from the one catalogue. */
export function noteEvent(level: NoteLevel, text: NoteText): NoteEvent {
  return { kind: 'note', level, message: noteMessage(text, 'en'), text };
}

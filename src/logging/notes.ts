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
  'retention-problem': {
    en: (p) => `${p['problem']}`,
    'zh-CN': (p) => `清理旧的日志或报告时出现问题：${quote(p['problem'])}`,
  },
  'startup-task-not-removed': {
    en: (p) => `could not remove the startup task: ${p['error']}`,
    'zh-CN': (p) => `无法删除启动任务：${quote(p['error'])}`,
  },
  'lock-not-released': {
    en: (p) => `the run lock was not released: ${p['error']}`,
    'zh-CN': (p) => `未释放运行锁（进程结束时会自动释放）：${quote(p['error'])}`,
  },
  'backups-unlisted': {
    en: (p) => `could not list the backups of earlier runs: ${p['error']}`,
    'zh-CN': (p) => `无法列出以前运行的备份：${quote(p['error'])}`,
  },
  'no-startup-task': {
    en: (p) => `no startup task (${p['code']}): ${p['reason']}`,
    'zh-CN': (p) => `未注册启动任务（${p['code']}）：${quote(p['reason'])}`,
  },
  'startup-program-left': {
    en: (p) => `${p['path']} is in use or not a plain file; the next run removes it`,
    'zh-CN': (p) => `${p['path']} 正在使用或不是普通文件；下次运行会删除它`,
  },
  'backup-removed': {
    en: (p) =>
      `removed the backup of earlier run ${p['runId']} (${p['files']} files, ${p['bytes']} bytes)${p['complete'] ? '' : '; a link inside was left, not followed'}`,
    'zh-CN': (p) =>
      `已删除以前运行 ${p['runId']} 的备份（${p['files']} 个文件，${p['bytes']} 字节）${p['complete'] ? '' : '；其中的链接被保留，未跟随'}`,
  },
  'backup-kept': {
    en: (p) =>
      `kept the verified backup in ${p['folder']} (${p['files']} files, ${p['bytes']} bytes; manifest SHA256 ${p['sha256']})`,
    'zh-CN': (p) =>
      `已将已验证的备份保存在 ${p['folder']}（${p['files']} 个文件，${p['bytes']} 字节；清单 SHA256 ${p['sha256']}）`,
  },
  'backup-left': {
    en: (p) => `left ${p['path']}: ${p['reason']}`,
    'zh-CN': (p) => `保留了 ${p['path']}：${quote(p['reason'])}`,
  },
  'backups-not-removed': {
    en: (p) => `could not remove the backups of earlier runs: ${p['error']}`,
    'zh-CN': (p) => `无法删除以前运行的备份：${quote(p['error'])}`,
  },
  'step-still-running': {
    en: (p) => `${p['what']}, ${p['seconds']} s`,
    'zh-CN': (p) => `${p['script']} 仍在运行，${p['seconds']} 秒`,
  },
  // The shrink retry ladder (src/domain/shrink-retry.ts, src/engine/shrink-retries.ts).
  'shrink-refused-retrying': {
    en: (p) =>
      `Windows refused to shrink C: (attempt ${p['attempt']} of at most ${p['max']}: ${p['error']}); trying again ${p['remedy']}`,
    'zh-CN': (p) =>
      `Windows 拒绝缩小 C: (第 ${p['attempt']} 次尝试，最多 ${p['max']} 次：${quote(p['error'])})；将${p['remedyZh']}再试`,
  },
  'shrink-defrag-done': {
    en: (p) =>
      `defrag ${p['drive']} /X ended with exit code ${p['exitCode']} after ${p['seconds']} s${p['timedOut'] ? ' (time limit reached: stopped)' : ''}: ${p['last']}`,
    'zh-CN': (p) =>
      `defrag ${p['drive']} /X 在 ${p['seconds']} 秒后结束，退出代码 ${p['exitCode']}${p['timedOut'] ? '（已达时间上限：已停止）' : ''}：${quote(p['last'])}`,
  },
  'shrink-defrag-failed': {
    en: (p) => `defrag ${p['drive']} /X could not run (${p['error']}); the last attempt goes ahead`,
    'zh-CN': (p) => `defrag ${p['drive']} /X 无法运行（${quote(p['error'])}）；仍进行最后一次尝试`,
  },
  'shrink-memo-ignored': {
    en: (p) =>
      `the memo of a failed shrink ladder was ignored (${p['why']}): the whole ladder runs, defrag included`,
    'zh-CN': (p) => `已忽略失败缩小流程的记录（${quote(p['why'])}）：将运行完整流程，包括整理碎片`,
  },
  'shrink-memo-cleared': {
    en: (p) => `the memo of a failed shrink ladder was cleared: ${p['why']}`,
    'zh-CN': (p) => `已清除失败缩小流程的记录：${quote(p['why'])}`,
  },
  'shrink-memo-forced': {
    en: (p) =>
      `${p['option']}: the failed shrink ladder of ${p['since']} is not remembered this time; the whole ladder runs, defrag included`,
    'zh-CN': (p) =>
      `${p['option']}：本次不采用 ${p['since']} 的失败缩小流程记录；将运行完整流程，包括整理碎片`,
  },
  'shrink-memo-written': {
    en: (p) =>
      `the failed shrink ladder is remembered until ${p['until']}: fixes until then skip defrag ${p['drive']} /X while C: stays as it is (${p['option']} runs it)`,
    'zh-CN': (p) =>
      `已记录失败的缩小流程，有效期至 ${p['until']}：在此之前若 C: 不变，修复将跳过 defrag ${p['drive']} /X（${p['option']} 可强制运行）`,
  },
  'shrink-memo-not-saved': {
    en: (p) =>
      `the memo of the failed shrink ladder could not be saved or cleared (${p['error']}); the run's result stands`,
    'zh-CN': (p) => `无法保存或清除失败缩小流程的记录（${quote(p['error'])}）；运行结果不变`,
  },
  'resuming-run': {
    en: (p) => `resuming run ${p['runId']} (${p['phase']}) after an interruption`,
    'zh-CN': (p) => `中断后继续运行 ${p['runId']}（阶段 ${quote(p['phase'])}）`,
  },
  'bitlocker-not-resumed': {
    en: (p) =>
      `could not resume BitLocker protection: ${p['error']}; it resumes by itself at the next restart`,
    'zh-CN': (p) => `无法恢复 BitLocker 保护：${quote(p['error'])}；下次重启时会自动恢复`,
  },
  'rolling-back': {
    en: (p) => `rolling back after: ${p['error']}`,
    'zh-CN': (p) => `因以下错误而回滚：${quote(p['error'])}`,
  },
  'roll-back-failed': {
    en: (p) => `roll-back failed (${p['error']}); last resort: WinRE on the Windows volume`,
    'zh-CN': (p) => `回滚失败（${quote(p['error'])}）；最后手段：将 WinRE 放在 Windows 卷上`,
  },
  'last-resort-failed': {
    en: (p) => `last resort failed: ${p['error']}`,
    'zh-CN': (p) => `最后手段失败：${quote(p['error'])}`,
  },
  'backup-folder-not-removed': {
    en: (p) => `the backup folder could not be removed (${p['error']}); delete ${p['folder']} by hand`,
    'zh-CN': (p) => `无法删除备份文件夹（${quote(p['error'])}）；请手动删除 ${p['folder']}`,
  },
  'lost-answer-reread': {
    en: (p) => `${p['script']}: ${p['error']} Re-reading the PC to see whether its work was done.`,
    'zh-CN': (p) => `${p['script']}：${quote(p['error'])} 正在重新读取电脑，确认其操作是否已完成。`,
  },
  'lost-answer-done': {
    en: (p) => `${p['script']}: its work is done (postcondition met); going on`,
    'zh-CN': (p) => `${p['script']}：其操作已完成（后置条件满足）；继续`,
  },
  'lost-answer-not-done': {
    en: (p) => `${p['script']}: its work is not done (${p['failure']})`,
    'zh-CN': (p) => `${p['script']}：其操作未完成（${quote(p['failure'])}）`,
  },
  'lost-answer-unreadable': {
    en: (p) => `${p['script']}: the PC could not be re-read (${p['error']})`,
    'zh-CN': (p) => `${p['script']}：无法重新读取电脑（${quote(p['error'])}）`,
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

/** An error as a note's parameter: its message (a typed error's, or Windows's), never an object dump. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The roll-up's words in English and Simplified Chinese (the language of winre-fix's first users). Verdicts and
 * reason codes stay as they are in the data (they are what an admin filters on); the Chinese table adds a label.
 */
import type { RunVerdict } from '../contracts/generated/run-report';
import type { Language } from '../domain/reasons';
import { VERDICT_ZH } from '../domain/verdict-words';

export type { Language };

export interface RollupMessages {
  title(folder: string): string;
  files(p: {
    files: number;
    valid: number;
    invalid: number;
    computers: number;
    superseded: number;
    simulated: number;
  }): string;
  verdict: string;
  computers: string;
  share: string;
  reasonCode: string;
  exitCode: string;
  outcomeTitle: string;
  restartRequired(n: number): string;
  shrunk(n: number, total: string, max: string): string;
  winreDisabled(n: number, mean: string, max: string, buckets: string): string;
  failedSteps(list: string): string;
  noneNeedsAction: string;
  needsAction(n: number): string;
  computer: string;
  exit: string;
  finished: string;
  why: string;
  noReason: string;
  more(n: number): string;
  invalidFiles(n: number, shown: number): string;
  csvWritten(file: string): string;
  verdictLabel(v: RunVerdict): string;
  remedy: string;
  toolVersion: string;
  restartList(n: number): string;
  staleList(n: number, days: number, asOf: string): string;
  lastReport: string;
  beforeSince(n: number, since: string): string;
  winreTitle(p: {
    judged: number;
    current: number;
    outdated: number;
    unknown: number;
    damaged: number;
    baselines: string;
  }): string;
  winreFamily: string;
  winreOutdated: string;
  winreVersions: string;
  winreUnknownFamily: string;
  winreNoRoom(n: number): string;
}

const en: RollupMessages = {
  title: (folder) => `winre-fix fleet report of ${folder}`,
  files: (p) =>
    `${p.files} file(s): ${p.valid} valid report(s), ${p.invalid} invalid; ` +
    `${p.computers} computer(s), latest report each (${p.superseded} older report(s) superseded)` +
    (p.simulated ? `; ${p.simulated} SIMULATED` : ''),
  verdict: 'Verdict',
  computers: 'Computers',
  share: 'Share',
  reasonCode: 'Reason code',
  exitCode: 'Exit code',
  outcomeTitle: 'Outcome of the latest runs',
  restartRequired: (n) => `  restart required: ${n} computer(s)`,
  shrunk: (n, total, max) => `  C: shrunk on ${n} computer(s): ${total} in all, at most ${max}`,
  winreDisabled: (n, mean, max, buckets) =>
    `  WinRE disabled on ${n} computer(s): mean ${mean}, longest ${max} (${buckets})`,
  failedSteps: (list) => `  failed step: ${list}`,
  noneNeedsAction: 'No computer needs action.',
  needsAction: (n) => `Computers that need action: ${n}`,
  computer: 'Computer',
  exit: 'Exit',
  finished: 'Finished (UTC)',
  why: 'Why',
  noReason: '(no reason given)',
  more: (n) => `... and ${n} more (all of them are in the --csv file).`,
  invalidFiles: (n, shown) => `Invalid report files: ${n}` + (n > shown ? ` (first ${shown})` : ''),
  csvWritten: (file) => `CSV written to ${file}`,
  verdictLabel: (v) => v,
  remedy: 'What to do',
  toolVersion: 'winre-fix version',
  restartList: (n) => `Computers waiting for a restart to finish: ${n}`,
  winreTitle: (p) =>
    `WinRE patch level of ${p.judged} computer(s) (baseline ${p.baselines}): ${p.current} current, ` +
    `${p.outdated} outdated, ${p.unknown} unknown, ${p.damaged} damaged`,
  winreFamily: 'WinRE family',
  winreOutdated: 'Outdated',
  winreVersions: 'Versions (computers)',
  winreUnknownFamily: 'no version',
  winreNoRoom: (n) => `Outdated WinRE with no room for the update, which winre-fix cannot make: ${n}`,
  staleList: (n, days, asOf) => `Computers with no report for ${days} days or more (as of ${asOf}): ${n}`,
  lastReport: 'Last report (UTC)',
  beforeSince: (n, since) => `${n} report(s) finished before ${since} were left out (--since).`,
};

const zhCN: RollupMessages = {
  title: (folder) => `winre-fix 设备汇总报告：${folder}`,
  files: (p) =>
    `共 ${p.files} 个文件：有效报告 ${p.valid} 个，无效 ${p.invalid} 个；` +
    `${p.computers} 台计算机，每台取最新报告（${p.superseded} 份旧报告被取代）` +
    (p.simulated ? `；其中 ${p.simulated} 台为模拟` : ''),
  verdict: '结论',
  computers: '计算机数',
  share: '占比',
  reasonCode: '原因代码',
  exitCode: '退出代码',
  outcomeTitle: '最近一次运行的结果',
  restartRequired: (n) => `  需要重启：${n} 台`,
  shrunk: (n, total, max) => `  缩小了 C: 的计算机：${n} 台，共 ${total}，最多 ${max}`,
  winreDisabled: (n, mean, max, buckets) =>
    `  WinRE 曾被禁用：${n} 台，平均 ${mean}，最长 ${max}（${buckets}）`,
  failedSteps: (list) => `  失败的步骤：${list}`,
  noneNeedsAction: '没有需要处理的计算机。',
  needsAction: (n) => `需要处理的计算机：${n} 台`,
  computer: '计算机',
  exit: '退出',
  finished: '完成时间 (UTC)',
  why: '原因',
  noReason: '（未给出原因）',
  more: (n) => `……另有 ${n} 台（完整列表见 --csv 文件）。`,
  invalidFiles: (n, shown) => `无效的报告文件：${n} 个` + (n > shown ? `（仅列出前 ${shown} 个）` : ''),
  csvWritten: (file) => `CSV 已写入 ${file}`,
  verdictLabel: (v) => `${v} ${VERDICT_ZH[v]}`,
  remedy: '处理办法',
  toolVersion: 'winre-fix 版本',
  restartList: (n) => `等待重启以完成的计算机：${n} 台`,
  winreTitle: (p) =>
    `${p.judged} 台计算机的 WinRE 补丁级别 (基线 ${p.baselines})：${p.current} 台为最新，` +
    `${p.outdated} 台过旧，${p.unknown} 台未知，${p.damaged} 台已损坏`,
  winreFamily: 'WinRE 系列',
  winreOutdated: '过旧',
  winreVersions: '版本 (计算机数)',
  winreUnknownFamily: '无版本',
  winreNoRoom: (n) => `WinRE 过旧、没有空间安装更新且 winre-fix 无法腾出空间的计算机：${n} 台`,
  staleList: (n, days, asOf) => `${days} 天或更久没有报告的计算机（截至 ${asOf}）：${n} 台`,
  lastReport: '最后报告时间 (UTC)',
  beforeSince: (n, since) => `${n} 份在 ${since} 之前完成的报告未计入（--since）。`,
};

export function rollupMessages(language: Language): RollupMessages {
  return language === 'zh-CN' ? zhCN : en;
}

/**
 * The language when --lang is not given: Chinese when the locale says so (LC_ALL, LC_MESSAGES, LANG on Linux;
 * the ICU default locale, which Node takes from the Windows user locale), English otherwise.
 * ASSUMPTION: the Windows user locale stands in for the UI language here; the report command reads no PC facts.
 */
export function languageFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  icuLocale: string = Intl.DateTimeFormat().resolvedOptions().locale,
): Language {
  const posix = env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'];
  const locale = posix && posix !== 'C' && posix !== 'POSIX' ? posix : icuLocale;
  return /^zh/i.test(locale) ? 'zh-CN' : 'en';
}

/** Columns a string takes in a terminal: East Asian wide and full-width characters take two. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    const wide =
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd);
    width += wide ? 2 : 1;
  }
  return width;
}

/** The words of `winre-fix status` (its stdout and its warnings), in English and Simplified Chinese. */
export interface StatusMessages {
  noRun: string;
  run(runId: string, planCase: string, createdAt: string, phase: string): string;
  stepStatus(status: string): string;
  rollback: string;
  disabledSince(at: string): string;
  restartNeeded: string;
  winreNow(status: string, location: string | undefined): string;
  inProgress: string;
  unfinished: string;
  lastRun(p: { finishedAt: string; command: string; verdict: RunVerdict; exitCode: number }): string;
  reasons(codes: readonly string[]): string;
  log(name: string): string;
  report(file: string): string;
  noReport: string;
  warning: string;
  error: string;
}

const STEP_STATUS_ZH: Readonly<Record<string, string>> = {
  pending: '待执行',
  started: '已开始',
  completed: '已完成',
  failed: '失败',
  skipped: '已跳过',
};

const WINRE_STATUS_ZH: Readonly<Record<string, string>> = {
  enabled: '已启用',
  disabled: '已禁用',
  unknown: '未知',
};

const PHASE_ZH: Readonly<Record<string, string>> = {
  applying: '正在应用',
  'rolling-back': '正在回滚',
  done: '已完成',
  'rolled-back': '已回滚',
  degraded: '降级',
  'failed-safe': '安全失败',
};

const statusEn: StatusMessages = {
  noRun: 'No winre-fix run has been recorded on this PC.',
  run: (runId, planCase, createdAt, phase) =>
    `Run ${runId} (${planCase}) started ${createdAt}, phase: ${phase}`,
  stepStatus: (s) => s,
  rollback: 'roll-back:',
  disabledSince: (at) => `WinRE has been disabled since ${at}.`,
  restartNeeded: 'A restart is needed (BitLocker protection resumes after it).',
  winreNow: (status, location) => `WinRE now: ${status}${location ? ` at ${location}` : ''}`,
  inProgress: 'A winre-fix run is in progress now (it holds the run lock): ask again when it has ended.',
  unfinished: 'An unfinished fix: run `winre-fix resume` (or `winre-fix fix`).',
  lastRun: (p) => `Last run: ${p.command} finished ${p.finishedAt}: ${p.verdict}, exit ${p.exitCode}`,
  reasons: (codes) => `  reasons: ${codes.length ? codes.join(', ') : '(none)'}`,
  log: (name) => `  log: ${name}`,
  report: (file) => `  report: ${file}`,
  noReport: 'No run report was found on this PC.',
  warning: 'WARNING: ',
  error: 'ERROR: ',
};

const statusZh: StatusMessages = {
  noRun: '此电脑上没有 winre-fix 运行记录。',
  run: (runId, planCase, createdAt, phase) =>
    `运行 ${runId}（${planCase}）开始于 ${createdAt}，阶段：${PHASE_ZH[phase] ?? phase}`,
  stepStatus: (s) => STEP_STATUS_ZH[s] ?? s,
  rollback: '回滚：',
  disabledSince: (at) => `WinRE 自 ${at} 起处于禁用状态。`,
  restartNeeded: '需要重启（重启后 BitLocker 保护将恢复）。',
  winreNow: (status, location) =>
    `WinRE 当前状态：${WINRE_STATUS_ZH[status.toLowerCase()] ?? status}${location ? `，位于 ${location}` : ''}`,
  inProgress: '此电脑上正有一个 winre-fix 运行（持有运行锁）：请在其结束后再查询。',
  unfinished: '有未完成的修复：请运行 `winre-fix resume`（或 `winre-fix fix`）。',
  lastRun: (p) =>
    `最近一次运行：${p.command}，完成于 ${p.finishedAt}：${p.verdict} ${VERDICT_ZH[p.verdict]}，退出代码 ${p.exitCode}`,
  reasons: (codes) => `  原因代码：${codes.length ? codes.join(', ') : '（无）'}`,
  log: (name) => `  日志：${name}`,
  report: (file) => `  报告：${file}`,
  noReport: '此电脑上没有找到运行报告。',
  warning: '警告：',
  error: '错误：',
};

export function statusMessages(language: Language): StatusMessages {
  return language === 'zh-CN' ? statusZh : statusEn;
}

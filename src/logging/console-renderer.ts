/**
 * The console view of a run: a subscriber of run events, like the run logger, but short and for a person.
 *
 * Streams: progress and messages go to stderr; the one summary line (run-finished) goes to stdout, because
 * Intune reports the LAST stdout line (docs/reference/fleet-tools.md#intune-remediations, docs/reference/fleet-tools.md#log-locations). With --json the command prints its document on
 * stdout and this renderer writes nothing there; stderr then carries only warnings and errors, as with --quiet.
 * --verbose adds debug notes and the facts' raw output. Colour only on a TTY and never with NO_COLOR
 * (no-color.org: set and not empty) or TERM=dumb. A long step (a shrink can take minutes) shows a spinner with the
 * elapsed time when stderr is a TTY, and a plain start line plus a done line otherwise.
 */
import {
  formatDuration,
  type NoteEvent,
  type NoteLevel,
  type RunEvent,
  type RunEventKind,
  type RunEventOf,
} from './events';
import { noteMessage, RESTART_REASON_TEXT } from './notes';
import { renderFields } from './render-fields';
import { VERDICT_ZH } from '../domain/verdict-words';
import { ExitCode } from '../contracts/exit-codes';

/** The run verdicts in Chinese, and "deferred", the word the console shows for exit 30. */
const SHOWN_VERDICT_ZH: Readonly<Record<string, string>> = { ...VERDICT_ZH, deferred: '已推迟' };

export interface ConsoleStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export interface Ticker {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface ConsoleRendererOptions {
  readonly stdout: ConsoleStream;
  readonly stderr: ConsoleStream;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly json?: boolean;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
  /** Console language (default English); `setLanguage` changes it once the PC's UI language is known. */
  readonly language?: ConsoleLanguage;
  /** Print the run-finished line on stdout (default true; a command that prints its own result line says false). */
  readonly summary?: boolean;
  /** Injected in tests; defaults to the real timers (the handle is unref'd so it never holds the process). */
  readonly ticker?: Ticker;
  readonly now?: () => number;
}

interface ConsoleLine {
  readonly level: NoteLevel;
  readonly text: string;
  /** Only the run summary goes to stdout. */
  readonly stdout?: boolean;
}

export type ConsoleLanguage = 'en' | 'zh-CN';

/** The renderer's own words; reason messages arrive already translated from the reason catalogue. */
export interface ConsoleWords {
  readonly simulated: string;
  readonly on: string;
  readonly plan: string;
  steps(n: number): string;
  done(recovered: boolean, duration: string): string;
  failed(duration: string): string;
  readonly winreDisabled: string;
  winreEnabled(disabledFor: string | undefined): string;
  restart(reason: string): string;
  summary(verdict: string, exitCode: number): string;
  /** A verdict word in a sentence (the plan line). */
  verdict(verdict: string): string;
  /** A note in this language, from the note catalogue (notes.ts); undefined: the note's English message is shown. */
  note(text: NonNullable<NoteEvent['text']>): string | undefined;
  /** Why a restart is needed, from its key; undefined: the event's English reason. */
  restartReason(key: string | undefined): string | undefined;
  readonly warning: string;
  readonly error: string;
  working(duration: string): string;
}

export const consoleWords: { readonly [L in ConsoleLanguage]: ConsoleWords } = {
  en: {
    simulated: ' (SIMULATED PC)',
    on: 'on',
    plan: 'Plan',
    steps: (n) => `${n} step${n === 1 ? '' : 's'}`,
    done: (recovered, d) => `  ${recovered ? 'already done' : 'done'} in ${d}`,
    failed: (d) => `  FAILED after ${d}`,
    winreDisabled: 'WinRE disabled (it is enabled again before winre-fix ends)',
    winreEnabled: (d) => `WinRE enabled${d ? ` (disabled for ${d})` : ''}`,
    restart: (r) => `Restart needed: ${r}`,
    summary: (v, code) => `${v.toUpperCase()}: exit ${code}`,
    verdict: (v) => v,
    note: (t) => noteMessage(t, 'en'),
    restartReason: () => undefined,
    warning: 'WARNING: ',
    error: 'ERROR: ',
    working: (d) => `working... ${d}`,
  },
  'zh-CN': {
    simulated: '（模拟的计算机）',
    on: '于',
    plan: '计划',
    steps: (n) => `${n} 个步骤`,
    done: (recovered, d) => `  ${recovered ? '此前已完成' : '完成'}，用时 ${d}`,
    failed: (d) => `  失败（${d} 后）`,
    winreDisabled: 'WinRE 已禁用（winre-fix 结束前会重新启用）',
    winreEnabled: (d) => `WinRE 已启用${d ? `（禁用了 ${d}）` : ''}`,
    restart: (r) => `需要重启：${r}`,
    // The English verdict stays first, so scripts and searches find it in either language.
    summary: (v, code) => `${v.toUpperCase()} ${SHOWN_VERDICT_ZH[v] ?? ''}：退出代码 ${code}`,
    verdict: (v) => `${v} ${SHOWN_VERDICT_ZH[v] ?? ''}`.trimEnd(),
    note: (t) => noteMessage(t, 'zh-CN'),
    restartReason: (key) => (key === 'bitlocker-suspended' ? RESTART_REASON_TEXT[key]['zh-CN'] : undefined),
    warning: '警告：',
    error: '错误：',
    working: (d) => `进行中…… ${d}`,
  },
};

interface FormatContext {
  readonly verbose: boolean;
  readonly words: ConsoleWords;
}

type ConsoleFormatter<K extends RunEventKind> = (event: RunEventOf<K>, ctx: FormatContext) => ConsoleLine[];

function reasonLines(reasons: readonly { code: string; message: string }[]): string {
  return reasons.map((r) => `\n  - ${r.message} [${r.code}]`).join('');
}

/** One formatter per event kind (a missing one is a compile error). */
export const consoleFormatters: { readonly [K in RunEventKind]: ConsoleFormatter<K> } = {
  'run-started': (e, { words }) => [
    {
      level: 'info',
      text: `winre-fix ${e.toolVersion} ${e.command} ${words.on} ${e.computerName}${e.simulated ? words.simulated : ''}`,
    },
  ],
  'fact-gathered': (e, { verbose }) => {
    const lines: ConsoleLine[] = [{ level: 'debug', text: `${e.fact}: ${e.summary}` }];
    if (verbose && e.invocation) {
      lines.push({
        level: 'debug',
        text: `${e.invocation.command} (exit ${String(e.invocation.exitCode)}):\n${renderFields({ output: e.invocation.output })}`,
      });
    }
    return lines;
  },
  // The command prints the whole plan on stdout (or in its JSON) and the log keeps it all: the console says the
  // verdict in one line, and the reasons and steps again only with --verbose.
  'plan-ready': (e, { words, verbose }) => [
    {
      level: e.verdict === 'refused' || e.verdict === 'error' ? 'warn' : 'info',
      text:
        `${words.plan}: ${words.verdict(e.verdict)}${e.steps.length ? `, ${words.steps(e.steps.length)}` : ''}` +
        (verbose
          ? reasonLines(e.reasons) + e.steps.map((s, i) => `\n  ${i + 1}. ${s.description}`).join('')
          : ''),
    },
  ],
  'step-started': (e) => [
    {
      level: 'info',
      text: `${e.index !== undefined && e.total !== undefined ? `[${e.index}/${e.total}] ` : ''}${e.description}`,
    },
  ],
  'step-completed': (e, { words }) => [
    { level: 'info', text: words.done(Boolean(e.recovered), formatDuration(e.durationMs)) },
  ],
  'step-failed': (e, { words }) => [
    {
      level: 'error',
      text:
        `${words.failed(formatDuration(e.durationMs))}: ${e.error.message} [${e.error.code}]` +
        (e.error.hint ? `\n  ${e.error.hint}` : ''),
    },
  ],
  'winre-disabled': (_e, { words }) => [{ level: 'warn', text: words.winreDisabled }],
  'winre-enabled': (e, { words }) => [
    {
      level: 'info',
      text: words.winreEnabled(e.disabledForMs !== undefined ? formatDuration(e.disabledForMs) : undefined),
    },
  ],
  'reboot-required': (e, { words }) => [
    { level: 'warn', text: words.restart(words.restartReason(e.reasonKey) ?? e.reason) },
  ],
  'run-finished': (e, { words }) => [
    {
      level: 'info',
      stdout: true,
      text:
        // A refusal that only waits for Windows setup (exit 30) is shown as what it is: deferred.
        words.summary(e.exitCode === ExitCode.Deferred ? 'deferred' : e.verdict, e.exitCode) +
        (e.reasons.length ? ` - ${e.reasons.map((r) => `${r.message} [${r.code}]`).join('; ')}` : ''),
    },
  ],
  note: (e, { words }) => [{ level: e.level, text: (e.text && words.note(e.text)) ?? e.message }],
};

const SPINNER = ['-', '\\', '|', '/'];
const RANK: Record<NoteLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export function colourEnabled(
  stream: ConsoleStream,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (!stream.isTTY) return false;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  return env['TERM'] !== 'dumb';
}

export class ConsoleRenderer {
  private readonly options: ConsoleRendererOptions;
  private readonly colour: boolean;
  private readonly interactive: boolean;
  private readonly minLevel: number;
  private readonly ticker: Ticker;
  private readonly now: () => number;
  private words: ConsoleWords;
  private spinner: { label: string; started: number; frame: number; handle: unknown } | undefined;

  constructor(options: ConsoleRendererOptions) {
    this.options = options;
    const env = options.env ?? process.env;
    this.colour = colourEnabled(options.stderr, env);
    this.interactive =
      Boolean(options.stderr.isTTY) && env['TERM'] !== 'dumb' && !options.quiet && !options.json;
    this.minLevel = options.quiet || options.json ? RANK.warn : options.verbose ? RANK.debug : RANK.info;
    this.now = options.now ?? (() => Date.now());
    this.words = consoleWords[options.language ?? 'en'];
    this.ticker = options.ticker ?? {
      setInterval: (fn, ms) => {
        const handle = setInterval(fn, ms);
        handle.unref();
        return handle;
      },
      clearInterval: (handle) => clearInterval(handle as NodeJS.Timeout),
    };
  }

  /** Subscribe this to the run's events. */
  readonly onEvent = (event: RunEvent): void => {
    const format = consoleFormatters[event.kind] as ConsoleFormatter<RunEventKind>;
    const lines = format(event as never, { verbose: Boolean(this.options.verbose), words: this.words });
    if (event.kind === 'step-completed' || event.kind === 'step-failed') this.stopSpinner();
    for (const line of lines) this.emit(line);
    if (event.kind === 'step-started' && this.interactive)
      this.startSpinner(lines[0]?.text ?? event.description);
  };

  /** Switches the console language (e.g. after the OS facts said the UI language is Chinese). */
  setLanguage(language: ConsoleLanguage): void {
    this.words = consoleWords[language];
  }

  /** Stops the spinner (call when the run ends abnormally). */
  dispose(): void {
    this.stopSpinner();
  }

  private paint(level: NoteLevel, text: string): string {
    if (!this.colour) {
      return level === 'warn'
        ? this.words.warning + text
        : level === 'error'
          ? this.words.error + text
          : text;
    }
    const code = level === 'error' ? 31 : level === 'warn' ? 33 : level === 'debug' ? 90 : 0;
    return code ? `\u001b[${code}m${text}\u001b[0m` : text;
  }

  private emit(line: ConsoleLine): void {
    if (line.stdout) {
      if (this.options.json || this.options.summary === false) return;
      this.clearSpinnerLine();
      // One line, whatever the reasons contain: Intune shows only the last stdout line (docs/reference/fleet-tools.md#intune-remediations).
      this.options.stdout.write(`${line.text.replace(/\s*[\r\n]+\s*/g, ' ')}\n`);
      this.redrawSpinner();
      return;
    }
    if (RANK[line.level] < this.minLevel) return;
    this.clearSpinnerLine();
    this.options.stderr.write(`${this.paint(line.level, line.text)}\n`);
    this.redrawSpinner();
  }

  private startSpinner(label: string): void {
    this.stopSpinner();
    // The step line was already printed; the spinner line below it shows that it is still running.
    this.spinner = { label, started: this.now(), frame: 0, handle: undefined };
    this.spinner.handle = this.ticker.setInterval(() => {
      if (!this.spinner) return;
      this.spinner.frame += 1;
      this.redrawSpinner();
    }, 100);
    this.redrawSpinner();
  }

  private spinnerText(): string {
    if (!this.spinner) return '';
    const frame = SPINNER[this.spinner.frame % SPINNER.length] ?? '-';
    return `${frame} ${this.words.working(formatDuration(this.now() - this.spinner.started))}`;
  }

  private redrawSpinner(): void {
    if (!this.spinner) return;
    this.options.stderr.write(`\r\u001b[2K${this.spinnerText()}`);
  }

  private clearSpinnerLine(): void {
    if (this.spinner) this.options.stderr.write('\r\u001b[2K');
  }

  private stopSpinner(): void {
    if (!this.spinner) return;
    this.ticker.clearInterval(this.spinner.handle);
    this.clearSpinnerLine();
    this.spinner = undefined;
  }
}

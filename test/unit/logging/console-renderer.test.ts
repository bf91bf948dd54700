import {
  ConsoleRenderer,
  type ConsoleRendererOptions,
  type Ticker,
} from '../../../src/logging/console-renderer';
import type { RunEvent } from '../../../src/logging/events';

class FakeStream {
  text = '';
  constructor(readonly isTTY: boolean) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

class FakeTicker implements Ticker {
  active = new Map<number, () => void>();
  private next = 1;
  setInterval(fn: () => void): unknown {
    const id = this.next++;
    this.active.set(id, fn);
    return id;
  }
  clearInterval(handle: unknown): void {
    this.active.delete(handle as number);
  }
  tick(): void {
    for (const fn of this.active.values()) fn();
  }
}

const run: RunEvent[] = [
  {
    kind: 'run-started',
    runId: 'r',
    command: 'fix',
    toolVersion: '0.1.0',
    computerName: 'PC-7',
    simulated: false,
  },
  {
    kind: 'fact-gathered',
    fact: 'reagentc-info',
    summary: 'WinRE enabled',
    invocation: { command: 'reagentc /info', exitCode: 0, output: 'Windows RE status: Enabled\r\nOK' },
  },
  {
    kind: 'step-started',
    stepId: 's1',
    stepKind: 'shrink-os',
    description: 'Shrink C: by 250 MiB',
    index: 1,
    total: 2,
  },
  { kind: 'step-completed', stepId: 's1', stepKind: 'shrink-os', durationMs: 125_000 },
  { kind: 'winre-disabled', at: '2026-11-25T20:00:00Z' },
  { kind: 'note', level: 'debug', message: 'debug detail' },
  { kind: 'reboot-required', reason: 'BitLocker resumes after a restart', hard: false },
  {
    kind: 'run-finished',
    verdict: 'reboot-pending',
    exitCode: 3010,
    durationMs: 200_000,
    reasons: [{ code: 'REBOOT_PENDING', message: 'Restart\nto finish' }],
  },
];

function render(options: Partial<ConsoleRendererOptions> & { tty?: boolean }, events = run) {
  const stdout = new FakeStream(options.tty ?? false);
  const stderr = new FakeStream(options.tty ?? false);
  const ticker = new FakeTicker();
  let now = 0;
  const renderer = new ConsoleRenderer({ stdout, stderr, env: {}, ticker, now: () => now, ...options });
  for (const e of events) renderer.onEvent(e);
  return { stdout, stderr, ticker, renderer, advance: (ms: number) => (now += ms) };
}

describe('console renderer', () => {
  it('prints plain lines to stderr and the one-line summary as the last stdout line when not a terminal', () => {
    const { stdout, stderr } = render({});
    expect(stdout.text).toBe('REBOOT-PENDING: exit 3010 - Restart to finish [REBOOT_PENDING]\n');
    expect(stderr.text).toBe(
      [
        'winre-fix 0.1.0 fix on PC-7',
        '[1/2] Shrink C: by 250 MiB',
        '  done in 2m 05s',
        'WARNING: WinRE disabled (it is enabled again before winre-fix ends)',
        'WARNING: Restart needed: BitLocker resumes after a restart',
        '',
      ].join('\n'),
    );
    expect(stderr.text).not.toContain('\r');
    expect(stderr.text).not.toContain('\u001b');
  });

  it('--json: nothing at all on stdout, only warnings and errors on stderr', () => {
    const failed: RunEvent = {
      kind: 'step-failed',
      stepId: 's2',
      stepKind: 'create',
      durationMs: 10,
      error: { code: 'X', message: 'boom', hint: 'Run resume' },
      machineChanged: true,
    };
    const { stdout, stderr } = render({ json: true, tty: true }, [...run, failed]);
    expect(stdout.text).toBe('');
    expect(stderr.text).not.toContain('Shrink C:');
    expect(stderr.text).toContain('Restart needed');
    expect(stderr.text).toContain('FAILED after 10 ms: boom [X]');
  });

  it('--quiet keeps only warnings, errors and the stdout summary', () => {
    const { stdout, stderr } = render({ quiet: true });
    expect(stdout.text).toContain('REBOOT-PENDING');
    expect(stderr.text).not.toContain('winre-fix 0.1.0');
    expect(stderr.text).toContain('WinRE disabled');
  });

  it('--verbose adds facts, debug notes and the raw tool output', () => {
    const { stderr } = render({ verbose: true });
    expect(stderr.text).toContain('reagentc-info: WinRE enabled');
    expect(stderr.text).toContain('Windows RE status: Enabled');
    expect(stderr.text).toContain('debug detail');
    const normal = render({});
    expect(normal.stderr.text).not.toContain('debug detail');
    expect(normal.stderr.text).not.toContain('reagentc-info');
  });

  it('says the plan in one line (the command prints it whole), and its reasons and steps again only with --verbose', () => {
    const plan: RunEvent[] = [
      {
        kind: 'plan-ready',
        verdict: 'needs-fix',
        reasons: [{ code: 'WINRE_PARTITION_TOO_SMALL', message: 'Too small' }],
        steps: [
          { id: 's1', kind: 'resize-os-partition', description: 'Shrink C:' },
          { id: 's2', kind: 'enable-winre', description: 'Enable WinRE' },
        ],
      },
    ];
    expect(render({}, plan).stderr.text).toBe('Plan: needs-fix, 2 steps\n');
    expect(render({ verbose: true }, plan).stderr.text).toBe(
      'Plan: needs-fix, 2 steps\n  - Too small [WINRE_PARTITION_TOO_SMALL]\n  1. Shrink C:\n  2. Enable WinRE\n',
    );
  });

  it('shows a spinner with elapsed time during a step on a terminal, and clears it when the step ends', () => {
    const { stderr, ticker, advance, renderer } = render({ tty: true }, run.slice(0, 3));
    expect(ticker.active.size).toBe(1);
    advance(65_000);
    ticker.tick();
    expect(stderr.text).toContain('\r\u001b[2K\\ working... 1m 05s');
    renderer.onEvent(run[3] as RunEvent);
    expect(ticker.active.size).toBe(0);
    expect(stderr.text.endsWith('\r\u001b[2K  done in 2m 05s\n')).toBe(true);
  });

  it('colours warnings on a terminal, and not with NO_COLOR set', () => {
    expect(render({ tty: true }).stderr.text).toContain('\u001b[33mWinRE disabled');
    const plain = render({ tty: true, env: { NO_COLOR: '1' } }).stderr.text;
    expect(plain).not.toContain('\u001b[3');
    expect(plain).toContain('WARNING: WinRE disabled');
    // NO_COLOR="" means unset (no-color.org).
    expect(render({ tty: true, env: { NO_COLOR: '' } }).stderr.text).toContain('\u001b[33m');
  });

  it('speaks Simplified Chinese when asked, keeping the English verdict first on the summary line', () => {
    const { stdout, stderr } = render({ language: 'zh-CN' });
    expect(stdout.text).toBe('REBOOT-PENDING 待重启：退出代码 3010 - Restart to finish [REBOOT_PENDING]\n');
    expect(stderr.text).toContain('警告：WinRE 已禁用（winre-fix 结束前会重新启用）');
    expect(stderr.text).toContain('  完成，用时 2m 05s');
  });

  it('switches language mid-run, once the PC says which it uses', () => {
    const { stderr, renderer } = render({}, run.slice(0, 1));
    renderer.setLanguage('zh-CN');
    renderer.onEvent(run[6] as RunEvent);
    expect(stderr.text).toBe(
      'winre-fix 0.1.0 fix on PC-7\n警告：需要重启：BitLocker resumes after a restart\n',
    );
  });

  it('no spinner when stderr is not a terminal or TERM=dumb', () => {
    expect(render({}, run.slice(0, 3)).ticker.active.size).toBe(0);
    expect(render({ tty: true, env: { TERM: 'dumb' } }, run.slice(0, 3)).ticker.active.size).toBe(0);
  });
});

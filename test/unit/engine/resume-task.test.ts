/**
 * The startup task under node on a real PC: node + a script + node_modules cannot be copied as one verified file
 * where only administrators write, so no task is registered and nothing on the PC is touched.
 */
import {
  type ResumeTaskRun,
  quoteWindowsArgument,
  registerResumeTask,
  resumeProgramPath,
  resumeTaskArgument,
} from '../../../src/engine/resume-task';
import { UsageError } from '../../../src/errors';

describe('registerResumeTask', () => {
  it('registers nothing under node on a real PC (RESUME_TASK_NOT_SINGLE_EXE) and runs no script', async () => {
    const notes: string[] = [];
    const ctx: ResumeTaskRun = {
      simulate: undefined,
      args: {},
      emit: (e) => notes.push('message' in e ? String(e.message) : ''),
      runner: {
        invoked: [],
        run: () => {
          throw new Error('no script may run');
        },
      },
    };
    const status = await registerResumeTask(ctx, 'C:', {
      path: 'C:\\Users\\bob\\Downloads\\node.exe',
      isSea: false,
    });
    expect(status).toMatchObject({ registered: false, code: 'RESUME_TASK_NOT_SINGLE_EXE' });
    expect(notes.join('\n')).toMatch(/RESUME_TASK_NOT_SINGLE_EXE/);
  });

  it('puts the copy inside the state folder on the system drive', () => {
    expect(resumeProgramPath('D:')).toBe('D:\\ProgramData\\winre-fix\\bin\\winre-fix.exe');
  });
});

describe('the startup task keeps the run options', () => {
  it('passes on where logs and reports go, the language and the sizing policy', () => {
    expect(
      resumeTaskArgument({
        'log-copy-dir': 'C:\\ProgramData\\Microsoft\\IntuneManagementExtension\\Logs',
        'report-copy-dir': '\\\\server\\winre reports$\\',
        lang: 'zh-CN',
        'headroom-mib': 300,
        report: true,
        log: true,
      }),
    ).toBe(
      'resume --yes --quiet --log-copy-dir C:\\ProgramData\\Microsoft\\IntuneManagementExtension\\Logs ' +
        // A space means quotes; the trailing backslash is doubled so it does not escape the closing quote.
        '--report-copy-dir "\\\\server\\winre reports$\\\\" --lang zh-CN --headroom-mib 300',
    );
    expect(resumeTaskArgument({ log: false, report: false, 'allow-server-core': true })).toBe(
      'resume --yes --quiet --no-log --no-report --allow-server-core',
    );
    expect(resumeTaskArgument({})).toBe('resume --yes --quiet');
  });

  it('refuses a value that could break out of its argument', () => {
    expect(() => resumeTaskArgument({ 'log-dir': 'C:\\x" --simulate "evil' })).toThrow(UsageError);
    expect(() => quoteWindowsArgument('a\nb')).toThrow(/control character/);
  });
});

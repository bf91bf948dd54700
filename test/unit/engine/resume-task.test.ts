/**
 * The startup task under node on a real PC: node + a script + node_modules cannot be copied as one verified file
 * where only administrators write, so no task is registered and nothing on the PC is touched.
 */
import type { RunContext } from '../../../src/cli/run-context';
import { registerResumeTask, resumeProgramPath } from '../../../src/engine/resume-task';

describe('registerResumeTask', () => {
  it('registers nothing under node on a real PC (RESUME_TASK_NOT_SINGLE_EXE) and runs no script', async () => {
    const notes: string[] = [];
    const ctx = {
      simulate: undefined,
      emit: (e: { kind: string; message?: string }) => notes.push(e.message ?? ''),
      runner: {
        run: () => {
          throw new Error('no script may run');
        },
      },
    } as unknown as RunContext;
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

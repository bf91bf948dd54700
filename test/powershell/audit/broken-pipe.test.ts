import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from '../../../src/project-root';

// `winre-fix audit | head -1`, or an agent that stops reading: the CLI used to die of an unhandled EPIPE (exit 1)
// in the middle of its run. Now the run goes on to its own exit code (20: the built-in PC needs a fix).
it('audit keeps running to its own exit code when the reader closes stdout after the first bytes', async () => {
  const state = fs.mkdtempSync(path.join(os.tmpdir(), 'winrefix-epipe-'));
  try {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', path.join(projectRoot(), 'src/cli/main.ts'), 'audit'],
      {
        cwd: projectRoot(),
        env: { ...process.env, XDG_STATE_HOME: state },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.once('data', () => child.stdout.destroy());
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE/);
    expect(code).toBe(20);
  } finally {
    fs.rmSync(state, { recursive: true, force: true });
  }
}, 180_000);

/**
 * The one exception to read-only runs (src/engine/status-record.ts): detect, and audit --status-record, may run
 * exactly Set-WinReFixStatusRecord, through a runner of their own. Every other mutating ps-script stays refused
 * before PowerShell sees it, and the runner the commands work with (openRun's, readOnly: true with no allow-list)
 * refuses the status record script too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMutating, PowerShellScriptRunner } from '../../../src/adapters/powershell/script-runner';
import type { PowerShellSession } from '../../../src/adapters/powershell/session';
import { statusRecordRunner } from '../../../src/app/run-context';
import { STATUS_RECORD_SCRIPT } from '../../../src/engine/status-record';
import { ScriptForbiddenError } from '../../../src/errors';
import { projectRoot } from '../../../src/project-root';

/** A session that records what reached it and answers nothing useful (the test needs only the refusals). */
function recordingSession(): { session: PowerShellSession; reached: string[] } {
  const reached: string[] = [];
  const session = {
    runScript: (name: string) => {
      reached.push(name);
      return Promise.resolve({ ok: false, error: { message: 'not run in this test' } });
    },
  } as unknown as PowerShellSession;
  return { session, reached };
}

const mutatingScripts = fs
  .readdirSync(path.join(projectRoot(), 'ps-scripts'))
  .filter((f) => f.endsWith('.ps1'))
  .map((f) => f.replace(/\.ps1$/, ''))
  .filter(isMutating);

it('there are mutating scripts besides the status record (the test below has something to refuse)', () => {
  expect(mutatingScripts).toContain(STATUS_RECORD_SCRIPT);
  expect(mutatingScripts.filter((s) => s !== STATUS_RECORD_SCRIPT).length).toBeGreaterThanOrEqual(10);
});

describe("the status record's runner (detect, audit --status-record)", () => {
  it.each(mutatingScripts.filter((s) => s !== STATUS_RECORD_SCRIPT))(
    'refuses %s before PowerShell sees it',
    async (script) => {
      const { session, reached } = recordingSession();
      await expect(statusRecordRunner(session).run(script, {})).rejects.toBeInstanceOf(ScriptForbiddenError);
      expect(reached).toEqual([]);
    },
  );

  it('lets exactly Set-WinReFixStatusRecord through to PowerShell', async () => {
    const { session, reached } = recordingSession();
    await expect(statusRecordRunner(session).run(STATUS_RECORD_SCRIPT, {})).rejects.not.toBeInstanceOf(
      ScriptForbiddenError,
    );
    expect(reached).toEqual([STATUS_RECORD_SCRIPT]);
  });
});

it("a read-only run's own runner (no allow-list) refuses the status record script as well", async () => {
  const { session, reached } = recordingSession();
  const runner = new PowerShellScriptRunner(session, { readOnly: true });
  await expect(runner.run(STATUS_RECORD_SCRIPT, {})).rejects.toBeInstanceOf(ScriptForbiddenError);
  expect(reached).toEqual([]);
});

/**
 * The state folder gate's runner (src/app/run-context.ts stateFolderRunner): audit and detect are read-only runs,
 * yet they create the state folder when they write their log or report there, through New-StateFolder.ps1. Their
 * gate's runner lets exactly that script through; every other mutating ps-script (the status record included)
 * stays refused before PowerShell sees it, and the runner the commands work with refuses New-StateFolder too.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMutating, PowerShellScriptRunner } from '../../../src/adapters/powershell/script-runner';
import type { PowerShellSession } from '../../../src/adapters/powershell/session';
import { stateFolderRunner } from '../../../src/app/run-context';
import { NEW_STATE_FOLDER_SCRIPT } from '../../../src/engine/state-folder';
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

it('New-StateFolder is a mutating script, among many others', () => {
  expect(mutatingScripts).toContain(NEW_STATE_FOLDER_SCRIPT);
  expect(mutatingScripts.filter((s) => s !== NEW_STATE_FOLDER_SCRIPT).length).toBeGreaterThanOrEqual(10);
});

describe("the state folder gate's runner", () => {
  it.each(mutatingScripts.filter((s) => s !== NEW_STATE_FOLDER_SCRIPT))(
    'refuses %s before PowerShell sees it',
    async (script) => {
      const { session, reached } = recordingSession();
      await expect(stateFolderRunner(session).run(script, {})).rejects.toBeInstanceOf(ScriptForbiddenError);
      expect(reached).toEqual([]);
    },
  );

  it.each([NEW_STATE_FOLDER_SCRIPT, 'Get-StateFolderSecurity'])(
    'lets %s through to PowerShell',
    async (script) => {
      const { session, reached } = recordingSession();
      await expect(stateFolderRunner(session).run(script, {})).rejects.not.toBeInstanceOf(
        ScriptForbiddenError,
      );
      expect(reached).toEqual([script]);
    },
  );
});

it("a read-only run's own runner (no allow-list) refuses New-StateFolder", async () => {
  const { session, reached } = recordingSession();
  const runner = new PowerShellScriptRunner(session, { readOnly: true });
  await expect(runner.run(NEW_STATE_FOLDER_SCRIPT, {})).rejects.toBeInstanceOf(ScriptForbiddenError);
  expect(reached).toEqual([]);
});

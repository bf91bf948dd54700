/**
 * The state folder is created by New-StateFolder.ps1 (src/engine/state-folder.ts), already restricted: on
 * Windows with its protected DACL in the same call, on the simulated PC as an owner-only POSIX folder
 * (simulator/60-FileSystem.ps1). These run the real script in real pwsh against a simulated PC: the folder it
 * makes is one the gate trusts; whatever is already at the path is never adopted (created: false, untouched);
 * a missing parent fails with a structured id and creates nothing; audit and detect, whose runner is read-only,
 * still create it when they write their report or logs there.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openSession } from '../../../src/app/open-session';
import { stateFolderRunner } from '../../../src/app/run-context';
import type { PowerShellSession } from '../../../src/adapters/powershell/session';
import { runAudit } from '../../../src/cli/commands/audit';
import { runDetect } from '../../../src/cli/commands/detect';
import {
  createStateFolder,
  gateStateFolder,
  inspectStateFolder,
  STATE_FOLDER_PARENT_MISSING,
} from '../../../src/engine/state-folder';
import { statePaths } from '../../../src/engine/state-paths';
import { ScriptFailedError } from '../../../src/errors';
import { fixturePath } from '../../support/harness';
import { quietArgs, silently } from '../../support/fix-runner';

jest.setTimeout(300_000);

const FIXTURE = 'win11-gpt-small-winre-en';

function machine(): { file: string; root: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-newstate-'));
  const file = path.join(dir, 'machine.json');
  fs.copyFileSync(fixturePath(FIXTURE), file);
  return { file, root: statePaths({ simulate: file }).root, dir };
}

let session: PowerShellSession;
let file: string;
beforeAll(() => {
  file = machine().file;
  session = openSession({ simulate: file });
});
afterAll(async () => {
  await session.dispose();
});

const modeOf = (p: string) => fs.statSync(p).mode & 0o777;

describe('New-StateFolder on the simulated PC', () => {
  it('creates the folder owner-only, owned by the account it runs as, and the gate trusts it', async () => {
    const { root } = machine();
    // A loose umask must not leak into the folder's mode: the pwsh process inherits the umask of its parent.
    const previous = process.umask(0);
    const loose = openSession({ simulate: file });
    process.umask(previous);
    try {
      const created = await createStateFolder(stateFolderRunner(loose), root);
      expect(created).toEqual({ path: root, created: true });
    } finally {
      await loose.dispose();
    }
    expect(modeOf(root)).toBe(0o700);
    expect(fs.statSync(root).uid).toBe(process.getuid?.());
    const trust = await inspectStateFolder(stateFolderRunner(session), root);
    expect(trust).toMatchObject({ exists: true, trusted: true, problems: [] });
  });

  it('the gate creates a missing folder through the script and trusts what it made', async () => {
    const { root } = machine();
    const trust = await gateStateFolder(stateFolderRunner(session), root, { create: true });
    expect(trust).toMatchObject({ exists: true, trusted: true });
    expect(modeOf(root)).toBe(0o700);
  });

  it('does not adopt a folder that already exists: created false, its mode untouched, the gate refuses it', async () => {
    const { root } = machine();
    fs.mkdirSync(root);
    fs.chmodSync(root, 0o775); // a folder someone made the ordinary way: ProgramData's inherited ACL
    fs.writeFileSync(path.join(root, 'planted.txt'), 'x');
    expect(await createStateFolder(stateFolderRunner(session), root)).toEqual({ path: root, created: false });
    expect(modeOf(root)).toBe(0o775);
    const trust = await gateStateFolder(stateFolderRunner(session), root, { create: true });
    expect(trust.trusted).toBe(false);
    expect(modeOf(root)).toBe(0o775);
    expect(fs.readdirSync(root)).toEqual(['planted.txt']);
  });

  it('does not adopt a file, nor a link whose target is gone, at the path', async () => {
    const a = machine();
    fs.writeFileSync(a.root, 'a file, not a folder');
    expect(await createStateFolder(stateFolderRunner(session), a.root)).toEqual({
      path: a.root,
      created: false,
    });
    expect(fs.readFileSync(a.root, 'utf8')).toBe('a file, not a folder');

    const b = machine();
    const gone = path.join(b.dir, 'user-chosen-gone');
    fs.symlinkSync(gone, b.root);
    expect(await createStateFolder(stateFolderRunner(session), b.root)).toEqual({
      path: b.root,
      created: false,
    });
    expect(fs.existsSync(gone)).toBe(false);
    expect(fs.lstatSync(b.root).isSymbolicLink()).toBe(true);
  });

  it('fails with a structured id and a hint, and creates nothing, when the parent is missing', async () => {
    const { dir } = machine();
    const parent = path.join(dir, 'no-such-ProgramData');
    const root = path.join(parent, 'winre-fix');
    const failure = await createStateFolder(stateFolderRunner(session), root).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ScriptFailedError);
    const error = failure as ScriptFailedError;
    expect(error.errorId).toBe(STATE_FOLDER_PARENT_MISSING);
    expect(error.message).toContain('does not exist; nothing was created');
    expect(error.hint).toMatch(/must exist/);
    expect(fs.existsSync(parent)).toBe(false);
    expect(fs.existsSync(root)).toBe(false);
  });
});

describe('read-only commands create the state folder restricted when they write in it', () => {
  it.each(['audit', 'detect'] as const)(
    '%s with its report and log creates it owner-only and trusts it',
    async (command) => {
      const m = machine();
      const args = quietArgs(m.file, { report: true, log: true });
      const run = await silently(() =>
        command === 'audit' ? runAudit({ ...args, json: true }) : runDetect(args),
      );
      expect(run.stderr).not.toMatch(/not trusted|ScriptForbidden|read-only/);
      expect(modeOf(m.root)).toBe(0o700);
      expect(fs.readdirSync(path.join(m.root, 'Reports'), { recursive: true }).length).toBeGreaterThan(0);
    },
  );
});

/**
 * What a newcomer's first `npm start -- audit` prints on Linux: the audit of the built-in simulated PC, in English
 * (the default built-in PC is an en-US Windows); `--simulate builtin:zh-CN` audits the same PC as a Chinese
 * Windows, in Chinese. Real pwsh, real ps-scripts, the simulator.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../src/cli/main';
import { silently } from '../../support/fix-runner';

jest.setTimeout(180_000);

let state: string;
const saved = process.env['XDG_STATE_HOME'];
beforeAll(() => {
  state = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-built-in-'));
  process.env['XDG_STATE_HOME'] = state;
});
afterAll(() => {
  if (saved === undefined) delete process.env['XDG_STATE_HOME'];
  else process.env['XDG_STATE_HOME'] = saved;
  fs.rmSync(state, { recursive: true, force: true });
});

it('with no machine named, audits the English built-in PC and prints English (exit 20: fix needed)', async () => {
  const run = await silently(() => main(['audit', '--no-log']));
  expect(run.stderr).toContain(path.join(state, 'winre-fix', 'simulated-pc-en-US.json'));
  expect(run.stdout).toMatch(/^NEEDS FIX: WinRE blocks KB5034441\/KB5034439 \(0x80070643\)/);
  expect(run.stdout).toMatch(/\[WINRE_PARTITION_TOO_SMALL\] The WinRE partition has 124\.9 MiB free/);
  expect(run.stdout).not.toMatch(/[\u4e00-\u9fff]/);
  expect(run.value).toBe(20);
});

it('--simulate builtin:zh-CN audits the Chinese built-in PC and prints Chinese', async () => {
  const run = await silently(() => main(['audit', '--no-log', '--simulate', 'builtin:zh-CN']));
  expect(run.stderr).toContain(path.join(state, 'winre-fix', 'simulated-pc-zh-CN.json'));
  expect(run.stdout).toMatch(/^需要修复/);
  expect(run.value).toBe(20);
});

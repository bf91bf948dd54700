/**
 * The first command a newcomer runs (the README's first command must work): a typed error's hint is printed,
 * not only its message; the built-in simulated PC speaks English unless `--simulate builtin:zh-CN` asks for the
 * Chinese one; an exe built without the simulator refuses --simulate as a usage error (24).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as locate from '../../../src/adapters/powershell/locate';
import * as simulatorLibrary from '../../../src/simulation/simulator-library';
import { main } from '../../../src/cli/main';
import { resolveSimulation } from '../../../src/cli/run-context';
import { builtInLanguageOf } from '../../../src/simulation/built-in-machines';
import { PowerShellUnavailableError, UsageError } from '../../../src/errors';
import type { SimulatedMachine } from '../../../src/contracts/generated/simulated-machine';
import { silently } from '../../support/fix-runner';

let state: string;
const savedState = process.env['XDG_STATE_HOME'];
beforeEach(() => {
  state = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-first-run-'));
  process.env['XDG_STATE_HOME'] = state;
});
afterEach(() => {
  jest.restoreAllMocks();
  if (savedState === undefined) delete process.env['XDG_STATE_HOME'];
  else process.env['XDG_STATE_HOME'] = savedState;
  fs.rmSync(state, { recursive: true, force: true });
});

const machineAt = (file: string): SimulatedMachine =>
  JSON.parse(fs.readFileSync(file, 'utf8')) as SimulatedMachine;

describe('errors print their hint', () => {
  it('no PowerShell 7: exit 25 with the message AND what to do about it', async () => {
    // What locatePowerShell throws on a machine without pwsh (its own words, not a copy: the real function runs
    // against an empty PATH and a project root without .tools).
    const missing = (() => {
      try {
        locate.locatePowerShell({ PATH: '' }, 'linux', 'x64', path.join(state, 'no-checkout'));
      } catch (error) {
        return error;
      }
      throw new Error('locatePowerShell found a pwsh with an empty PATH and no .tools');
    })();
    expect(missing).toBeInstanceOf(PowerShellUnavailableError);
    jest.spyOn(locate, 'locatePowerShell').mockImplementation(() => {
      throw missing;
    });
    const run = await silently(() => main(['audit', '--no-log']));
    expect(run.value).toBe(25);
    expect(run.stderr).toMatch(/winre-fix: PowerShell 7 \(pwsh\) was not found/);
    expect(run.stderr).toMatch(/^Hint: .*npm start.*npm run setup:pwsh.*PowerShell 7 on PATH/m);
  });
});

describe('the built-in simulated PC', () => {
  it('is English by default: a copy of the English seed PC in the state folder', () => {
    const file = resolveSimulation({});
    expect(file).toBe(path.join(state, 'winre-fix', 'simulated-pc-en-US.json'));
    const machine = machineAt(file!);
    expect(machine.name).toBe('win11-gpt-small-winre-en');
    expect(machine.os.uiLanguage).toBe('en-US');
    expect(machine.reagentc.outputLanguage).toBe('en-US');
    expect(resolveSimulation({ simulate: 'builtin' })).toBe(file);
  });

  it('is Chinese one flag away (--simulate builtin:zh-CN), in a file of its own', () => {
    const file = resolveSimulation({ simulate: 'builtin:zh-CN' });
    expect(file).toBe(path.join(state, 'winre-fix', 'simulated-pc-zh-CN.json'));
    expect(machineAt(file!).os.uiLanguage).toBe('zh-CN');
    expect(machineAt(file!).reagentc.outputLanguage).toBe('zh-CN');
  });

  it('keeps the copy once made (it is the simulated disk: fix changes it)', () => {
    const file = resolveSimulation({})!;
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('DESKTOP-16IUS0T', 'DESKTOP-KEPT'));
    expect(machineAt(resolveSimulation({})!).os.computerName).toBe('DESKTOP-KEPT');
  });

  it.each([
    ['builtin', 'en-US'],
    ['BuiltIn:zh-cn', 'zh-CN'],
    ['builtin:en-US', 'en-US'],
    ['builtin.json', undefined],
    ['./builtin:zh-CN', undefined],
  ])('%s names the built-in language %s', (spec, language) => {
    expect(builtInLanguageOf(spec)).toBe(language);
  });

  it('an unknown built-in language is a usage error (24) naming the ones there are', async () => {
    expect(() => builtInLanguageOf('builtin:fr-FR')).toThrow(UsageError);
    const run = await silently(() => main(['audit', '--no-log', '--simulate', 'builtin:fr-FR']));
    expect(run.value).toBe(24);
    expect(run.stderr).toMatch(/no built-in simulated PC in fr-FR: use builtin:en-US or builtin:zh-CN/);
  });
});

describe('a build without the simulator (the production winre-fix.exe)', () => {
  it('--simulate is a usage error (24) that says how to get a build with it', async () => {
    jest.spyOn(simulatorLibrary, 'simulatorIncluded').mockReturnValue(false);
    const run = await silently(() => main(['audit', '--no-log', '--simulate', 'builtin']));
    expect(run.value).toBe(24);
    expect(run.stderr).toMatch(/built without the simulator/);
    expect(run.stderr).toMatch(/npm run build:exe -- --with-simulator/);
    expect(fs.readdirSync(state)).toEqual([]);
  });

  it('a checkout has it', () => {
    expect(simulatorLibrary.simulatorIncluded()).toBe(true);
  });
});

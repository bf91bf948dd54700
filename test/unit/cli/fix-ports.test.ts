/**
 * The command line's side of `fix`/`resume` (src/cli/commands/fix.ts fixPorts): the use case asks for a
 * confirmation only through the prompt port, and the CLI supplies one only at a terminal without --yes, so a run
 * as SYSTEM (Intune, ConfigMgr, the startup task: no terminal) never waits for input.
 */
import { fixPorts, type FixCommandArgs } from '../../../src/cli/commands/fix';
import { ExitCode } from '../../../src/contracts/exit-codes';

function args(yes: boolean): FixCommandArgs {
  return {
    json: false,
    quiet: true,
    verbose: false,
    log: false,
    report: false,
    'allow-server-core': false,
    'retry-pause-seconds': 0,
    yes,
  };
}

describe('fixPorts', () => {
  const tty = process.stdin.isTTY;
  afterEach(() => {
    process.stdin.isTTY = tty;
  });

  it('has no prompt without a terminal, with or without --yes', () => {
    process.stdin.isTTY = false;
    expect(fixPorts(args(false)).confirm).toBeUndefined();
    expect(fixPorts(args(true)).confirm).toBeUndefined();
  });

  it('prompts at a terminal unless --yes', () => {
    process.stdin.isTTY = true;
    expect(fixPorts(args(false)).confirm).toEqual(expect.any(Function));
    expect(fixPorts(args(true)).confirm).toBeUndefined();
  });

  it('ends the process with the simulated power cut exit code when the simulated PC loses power', () => {
    const exit = jest.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    try {
      fixPorts(args(true)).onPowerCut?.();
      expect(exit).toHaveBeenCalledWith(ExitCode.SimulatedPowerCut);
    } finally {
      exit.mockRestore();
    }
  });
});

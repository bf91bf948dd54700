#!/usr/bin/env node
/**
 * The command line. It parses, dispatches to a command handler, prints, and is the ONE place that sets the
 * process exit code (from the handler's return value or from the error, via exit-codes.ts).
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ExitCode, type ExitCodeValue } from './exit-codes';
import { exitCodeForError } from './error-exit';
import { toolVersion } from '../version';
import { UsageError, WinReFixError } from '../errors';
import { commands } from './commands';
import { takeExitCode } from './command-result';

export async function main(argv: readonly string[]): Promise<ExitCodeValue> {
  const code: ExitCodeValue = ExitCode.Success;
  takeExitCode();
  try {
    await yargs(argv as string[])
      .scriptName('winre-fix')
      .command(commands)
      .version(toolVersion())
      .strict()
      .demandCommand(1, 'Name a command: see --help.')
      .fail((msg, err) => {
        // Throwing stops yargs here: a command line that failed validation must never run its command.
        // yargs reports its own validation failures (and a coerce callback's, re-thrown as YError) as YError:
        // those are usage errors (24), not defects.
        if (err) throw err.name === 'YError' ? new UsageError(err.message) : err;
        throw new UsageError(msg);
      })
      .help()
      .parseAsync();
  } catch (error) {
    const mapped = exitCodeForError(error);
    process.stderr.write(`winre-fix: ${error instanceof Error ? error.message : String(error)}\n`);
    // A typed error's hint is what the reader can do about it: never drop it.
    if (error instanceof WinReFixError && error.hint) process.stderr.write(`Hint: ${error.hint}\n`);
    return mapped;
  }
  return takeExitCode() ?? code;
}

if (require.main === module) {
  void main(hideBin(process.argv)).then((code) => {
    // Never process.exit(): pending log writes must drain first (winston #228).
    process.exitCode = code;
  });
}

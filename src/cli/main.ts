#!/usr/bin/env node
/**
 * The command line. It parses, dispatches to a command handler, prints, and is the ONE place that sets the
 * process exit code (from the handler's return value or from the error, via exit-codes.ts).
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ExitCode, type ExitCodeValue } from '../contracts/exit-codes';
import { exitCodeForError } from '../app/error-exit';
import { takeOptionError } from './options';
import { toolVersion } from '../version';
import { EXIT_CODE_MEANINGS_ZH, type ExitCodeName } from '../domain/exit-code-meanings';
import type { Language } from '../domain/reasons';
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
        const typed = takeOptionError();
        if (typed) throw typed;
        if (err) throw err.name === 'YError' ? new UsageError(err.message) : err;
        throw new UsageError(msg);
      })
      .help()
      .parseAsync();
  } catch (error) {
    const mapped = exitCodeForError(error);
    for (const line of errorLines(error, mapped, languageOf(argv))) process.stderr.write(`${line}\n`);
    return mapped;
  }
  return takeExitCode() ?? code;
}

/**
 * A reader that goes away (`| head`, an agent that stops reading) must not kill a run half-way through a fix:
 * EPIPE on stdout or stderr is dropped, the run goes on and its log and report still record it.
 */
export function ignoreBrokenPipes(
  streams: readonly NodeJS.EventEmitter[] = [process.stdout, process.stderr],
): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
  }
}

/** `--lang zh-CN` (or `--lang=zh-CN`) on the command line; read here too, for errors yargs never got to parse. */
function languageOf(argv: readonly string[]): Language {
  const i = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  const arg = i < 0 ? undefined : argv[i];
  const value = arg?.startsWith('--lang=') ? arg.slice('--lang='.length) : argv[i + 1];
  return arg !== undefined && value?.toLowerCase() === 'zh-cn' ? 'zh-CN' : 'en';
}

/**
 * The lines an error ends a run with on stderr. A typed error's hint is what the reader can do about it: never
 * dropped. In Chinese the meaning of the exit code leads, and the technical detail (English, as the log keeps it)
 * follows quoted on lines of its own, so no English is left in a Chinese sentence.
 */
export function errorLines(error: unknown, code: ExitCodeValue, language: Language): string[] {
  const message = error instanceof Error ? error.message : String(error);
  const hint = error instanceof WinReFixError ? error.hint : undefined;
  if (language === 'en') return [`winre-fix: ${message}`, ...(hint ? [`Hint: ${hint}`] : [])];
  const name = (Object.keys(ExitCode) as ExitCodeName[]).find((k) => ExitCode[k] === code) ?? 'Internal';
  return [
    `winre-fix：${EXIT_CODE_MEANINGS_ZH[name]}（退出码 ${code}）`,
    `  详细信息："${message}"`,
    ...(hint ? [`  提示："${hint}"`] : []),
  ];
}

if (require.main === module) {
  ignoreBrokenPipes();
  void main(hideBin(process.argv)).then((code) => {
    // Never process.exit(): pending log writes must drain first (winston #228).
    process.exitCode = code;
  });
}

/**
 * `winre-fix fix` and `winre-fix resume`: the fix use case (src/app/fix.ts) with what only the command line
 * knows: the options, the prompt at a terminal (never without one, never with --yes), what is printed, and the
 * process ending at once when the simulated PC loses power (no journal write, no log flush, no clean-up: it is a
 * power cut).
 */
import * as readline from 'node:readline';
import type { Argv, CommandModule } from 'yargs';
import { fix, type FixArgs, type FixPorts, type FixResult } from '../../app/fix';
import { ExitCode } from '../../contracts/exit-codes';
import { UsageError } from '../../errors';
import { setExitCode } from '../command-result';
import { withGlobalOptions, withKeepBackupOption, withSafeOsPackage } from '../options';
import { renderPlan } from '../render-plan';

export interface FixCommandArgs extends FixArgs {
  yes: boolean;
}

function fixBuilder<T>(y: Argv<T>) {
  return withSafeOsPackage(withGlobalOptions(y))
    .option('yes', {
      type: 'boolean',
      default: false,
      alias: 'y',
      describe: 'Do not ask for confirmation at a terminal.',
    })
    .option('retry-pause-seconds', {
      type: 'number',
      default: 30,
      coerce: (value: unknown) => {
        const n = Number(value);
        if (!Number.isFinite(n) || n < 0 || n > 3600)
          throw new UsageError(
            `--retry-pause-seconds must be 0 to 3600, not ${Number.isNaN(n) ? 'a number' : String(value)}.`,
          );
        return n;
      },
      describe:
        'Pause before the one retry of a failed step, and before the paused retry of a refused shrink of C:.',
    })
    .option('retry-shrink', {
      type: 'boolean',
      default: false,
      describe:
        'Climb the whole shrink retry ladder, defrag C: /X included, even when an earlier fix remembered that it failed on this C: (SHRINK_LADDER_REMEMBERED).',
    });
}

export const fixCommand: CommandModule<object, FixCommandArgs> = {
  command: 'fix',
  describe: 'Fix this PC (or continue an unfinished fix): grow the WinRE partition safely, resumably.',
  // --keep-backup is fix's alone: a resume takes the kept folder from its journal.
  builder: (y) => withKeepBackupOption(fixBuilder(y)) as never,
  handler: async (args) => {
    setExitCode(await fix(args, 'fix', fixPorts(args)));
  },
};

export const resumeCommand: CommandModule<object, FixCommandArgs> = {
  command: 'resume',
  describe: 'Continue an unfinished fix from its journal (after a reboot, a kill or a power cut).',
  builder: (y) => fixBuilder(y) as never,
  handler: async (args) => {
    setExitCode(await fix(args, 'resume', fixPorts(args)));
  },
};

async function confirm(question: string): Promise<boolean> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await new Promise<string>((resolve) => rl.question(question, resolve));
    return /^(y|yes|j|ja|是|好)$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/**
 * The command line's side of a fix: the plan and the result on the console, the prompt only at a terminal and
 * without --yes, and the process ended with 29 the moment the simulated PC loses power.
 */
export function fixPorts(args: FixCommandArgs): FixPorts {
  return {
    ...fixConsole(args),
    ...(process.stdin.isTTY && !args.yes ? { confirm } : {}),
    onPowerCut: () => process.exit(ExitCode.SimulatedPowerCut),
  };
}

/** What a fix prints: the plan (not with --json or --quiet), then its result. */
export function fixConsole(args: FixArgs): Pick<FixPorts, 'showPlan' | 'present'> {
  return {
    showPlan: (plan, snapshot, language) => {
      if (!args.json && !args.quiet)
        process.stdout.write(`${renderPlan(plan, snapshot, language).join('\n')}\n`);
    },
    present: (result) => printFixResult(args, result),
  };
}

function printFixResult(args: FixArgs, result: FixResult): void {
  if (args.json) {
    const { outcome } = result;
    process.stdout.write(
      `${JSON.stringify({
        exitCode: result.exitCode,
        verdict: result.verdict,
        reasons: result.reasons,
        outcome: outcome
          ? {
              kind: outcome.kind,
              rebootRequired: outcome.rebootRequired,
              winreDisabledMs: outcome.winreDisabledMs,
              mutationsWhileDisabled: outcome.mutationsWhileDisabled,
              runId: outcome.journal.runId,
            }
          : null,
      })}\n`,
    );
    return;
  }
  if (result.nothingToResume)
    process.stdout.write(
      result.verdict === 'needs-fix'
        ? 'winre-fix: no unfinished fix to resume, but this PC needs the fix: `winre-fix fix` applies it.\n'
        : `winre-fix: no unfinished fix to resume; this PC is ${result.verdict}.\n`,
    );
  if (result.notConfirmed) process.stdout.write('winre-fix: not confirmed; nothing was changed.\n');
  if (result.error !== undefined) {
    const { error } = result;
    process.stderr.write(`winre-fix: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

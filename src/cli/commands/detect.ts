/**
 * `winre-fix detect`: the detection use case (src/app/detect.ts) and its one summary line, the last stdout line
 * Intune shows (< 2,048 characters); nothing on stderr, ever.
 */
import type { CommandModule } from 'yargs';
import { describeActiveRun } from '../../app/active-run';
import { detect, type Detection } from '../../app/detect';
import type { ExitCodeValue } from '../../contracts/exit-codes';
import { setExitCode } from '../command-result';
import { withGlobalOptions, withKeepBackupOption, withSafeOsPackage } from '../options';
import { summaryLine, winreLine } from '../render-plan';
import type { DetectArgs } from '../../app/detect';

export const detectCommand: CommandModule<object, DetectArgs> = {
  command: 'detect',
  describe:
    'Intune/ConfigMgr detection: exit 1 when the fix is needed and possible, 0 otherwise; one summary line.',
  // --safeos-package and --keep-backup as fix and audit take them: detection plans with the options of the
  // remediation it asks for (src/app/planner-options.ts), so its exit 1 means that fix would act.
  builder: (y) =>
    withKeepBackupOption(withSafeOsPackage(withGlobalOptions(y))).option('require-current-winre', {
      type: 'boolean',
      default: false,
      describe:
        'Also exit 1 when the WinRE image is outdated or damaged against the WinRE baseline (--winre-baseline).',
    }),
  handler: async (args) => {
    setExitCode(await runDetect(args));
  },
};

/** Runs detection and prints its line; returns the exit code. */
export async function runDetect(args: DetectArgs): Promise<ExitCodeValue> {
  const detection = await detect(args);
  process.stdout.write(
    `${detectionLine(detection)
      .replace(/[\r\n]+/g, ' ')
      .slice(0, 2000)}\n`,
  );
  return detection.exitCode;
}

function detectionLine(d: Detection): string {
  if (d.failure) return `winre-fix ERROR ${d.failure.code}: ${d.failure.message}`;
  if (d.winreNotCurrent && d.result) return winreLine(d.result.plan, d.language ?? 'en');
  const line = d.active
    ? `winre-fix ${d.active.state.toUpperCase().replace('-', ' ')}: ${describeActiveRun(d.active)}`
    : d.result
      ? summaryLine(d.result.plan, d.language ?? 'en')
      : 'winre-fix ERROR INTERNAL: detection ended without a result';
  // Said on the one line Intune shows: a state folder fix would refuse (27) is worth an admin's look.
  return d.untrusted ? `${line} | STATE FOLDER NOT TRUSTED: ${d.untrusted.join('; ')}` : line;
}

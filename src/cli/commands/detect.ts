/**
 * `winre-fix detect`: for Intune Remediations and ConfigMgr compliance (ecosystem.md 2.4, 3.4). Exit 1 when
 * remediation is needed (the PC needs the fix and winre-fix can apply it), 0 otherwise; exactly one summary line
 * as the last stdout line (< 2,048 characters); nothing on stderr, ever. Refused PCs exit 0 with a REFUSED line:
 * remediation would only fail again, and the line tells the admin why.
 * A fix running now (it holds the run lock) gives "IN PROGRESS" and exit 0: nothing to remediate while it works,
 * and the PC is not judged mid-change. A run that stopped mid-way with nobody holding the lock gives "UNFINISHED"
 * and exit 1: the remediation (`winre-fix fix`) is what resumes it.
 */
import type { CommandModule } from 'yargs';
import { WinReFixError } from '../../errors';
import { setExitCode } from '../command-result';
import { ExitCode, type ExitCodeValue } from '../exit-codes';
import { summaryLine } from '../render-plan';
import { openRun, withGlobalOptions, type GlobalArgs } from '../run-context';
import { auditWith, describeActiveRun, findActiveRun } from './audit';

export const detectCommand: CommandModule<object, GlobalArgs> = {
  command: 'detect',
  describe:
    'Intune/ConfigMgr detection: exit 1 when the fix is needed and possible, 0 otherwise; one summary line.',
  builder: (y) => withGlobalOptions(y),
  handler: async (args) => {
    setExitCode(await runDetect(args));
  },
};

export async function runDetect(args: GlobalArgs): Promise<ExitCodeValue> {
  let line: string;
  let code: ExitCodeValue;
  try {
    const ctx = openRun({
      command: 'detect',
      args: { ...args, report: false },
      readOnly: true,
      silentConsole: true,
    });
    try {
      const active = await findActiveRun(ctx);
      if (active) {
        line = `winre-fix ${active.state.toUpperCase().replace('-', ' ')}: ${describeActiveRun(active)}`;
        code = active.state === 'unfinished' ? ExitCode.RemediationNeeded : ExitCode.Success;
      } else {
        const { plan, snapshot } = await auditWith(ctx);
        line = summaryLine(plan, ctx.language(snapshot));
        code = plan.verdict === 'needs-fix' ? ExitCode.RemediationNeeded : ExitCode.Success;
      }
    } finally {
      await ctx.close();
    }
  } catch (error) {
    // Detection must not fail noisily: report the error on stdout and do not ask for remediation.
    line = `winre-fix ERROR ${error instanceof WinReFixError ? error.code : 'INTERNAL'}: ${error instanceof Error ? error.message : String(error)}`;
    code = ExitCode.Success;
  }
  process.stdout.write(`${line.replace(/[\r\n]+/g, ' ').slice(0, 2000)}\n`);
  return code;
}

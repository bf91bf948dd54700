/**
 * `winre-fix detect`: for Intune Remediations and ConfigMgr compliance (ecosystem.md 2.4, 3.4). Exit 1 when
 * remediation is needed (the PC needs the fix and winre-fix can apply it), 0 otherwise; exactly one summary line
 * as the last stdout line (< 2,048 characters); nothing on stderr, ever. Refused PCs exit 0 with a REFUSED line:
 * remediation would only fail again, and the line tells the admin why.
 */
import type { CommandModule } from 'yargs';
import { WinReFixError } from '../../errors';
import { setExitCode } from '../command-result';
import { ExitCode, type ExitCodeValue } from '../exit-codes';
import { summaryLine } from '../render-plan';
import { openRun, withGlobalOptions, type GlobalArgs } from '../run-context';
import { auditWith, type AuditResult } from './audit';
import { readOnlyRunRecord, writeStatusRecord } from '../../engine/status-record';
import { exitCodeForError } from '../error-exit';

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
    let result: AuditResult | undefined;
    let failure: unknown;
    try {
      const trust = await ctx.stateFolder;
      const { plan, snapshot } = (result = await auditWith(ctx));
      line = summaryLine(plan, ctx.language(snapshot));
      // Said on the one line Intune shows: a state folder fix would refuse (27) is worth an admin's look.
      if (!trust.trusted) line = `${line} | STATE FOLDER NOT TRUSTED: ${trust.problems.join('; ')}`;
      code = plan.verdict === 'needs-fix' ? ExitCode.RemediationNeeded : ExitCode.Success;
    } catch (error) {
      throw (failure = error);
    } finally {
      // The status record (src/engine/status-record.ts): the one mutating script detect may run.
      await writeStatusRecord(
        ctx,
        readOnlyRunRecord(result, failure === undefined ? code! : exitCodeForError(failure), failure),
      );
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

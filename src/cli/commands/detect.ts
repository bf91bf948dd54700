/**
 * `winre-fix detect`: for Intune Remediations and ConfigMgr compliance (docs/reference/fleet-tools.md#intune-remediations, docs/reference/fleet-tools.md#configmgr-compliance-settings). Exit 1 when
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
import { reasonMessage } from '../../domain/reasons';
import { openRun, withGlobalOptions, type GlobalArgs, type RunContext } from '../run-context';
import {
  auditWith,
  checkOutcome,
  describeActiveRun,
  findActiveRun,
  type ActiveRun,
  type AuditResult,
} from './audit';
import { readOnlyRunRecord, writeStatusRecord } from '../../engine/status-record';

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
  let code: ExitCodeValue = ExitCode.Success;
  let ctx: RunContext | undefined;
  let result: AuditResult | undefined;
  let active: ActiveRun | undefined;
  let failure: { code: string; message: string } | undefined;
  try {
    ctx = openRun({
      command: 'detect',
      args,
      readOnly: true,
      silentConsole: true,
      compactLog: true,
    });
    const trust = await ctx.stateFolder;
    // A run in progress is reported, not judged (the PC is mid-change); an unfinished one asks for remediation,
    // which runs fix, which resumes it. The journal is read only from a trusted folder.
    active = trust.trusted ? await findActiveRun(ctx) : undefined;
    if (active) {
      line = `winre-fix ${active.state.toUpperCase().replace('-', ' ')}: ${describeActiveRun(active)}`;
      code = active.state === 'unfinished' ? ExitCode.RemediationNeeded : ExitCode.Success;
    } else {
      result = await auditWith(ctx);
      const { plan, snapshot } = result;
      line = summaryLine(plan, ctx.language(snapshot));
      code = plan.verdict === 'needs-fix' ? ExitCode.RemediationNeeded : ExitCode.Success;
    }
    // Said on the one line Intune shows: a state folder fix would refuse (27) is worth an admin's look.
    if (!trust.trusted) line = `${line} | STATE FOLDER NOT TRUSTED: ${trust.problems.join('; ')}`;
  } catch (error) {
    // Detection must not fail noisily: report the error on stdout and do not ask for remediation.
    failure = {
      code: error instanceof WinReFixError ? error.code : 'INTERNAL',
      message: error instanceof Error ? error.message : String(error),
    };
    line = `winre-fix ERROR ${failure.code}: ${failure.message}`;
    code = ExitCode.Success;
  } finally {
    if (ctx) {
      // The audit phase leaves a trail: a compact report of every detection (Reports\checks, newest few kept).
      ctx.writeReport({
        computerName: result?.snapshot.os.computerName ?? ctx.computerName,
        exitCode: code,
        verdict: failure ? 'error' : (result?.plan.verdict ?? 'error'),
        reasons: [
          ...(result?.plan.reasons ?? []).map((r) => ({
            code: r.code,
            message: reasonMessage(r.code, r.params),
          })),
          ...(failure ? [failure] : []),
        ],
        outcome: checkOutcome(result),
      });
      // The status record (src/engine/status-record.ts): the one mutating script detect may run.
      // A run in progress or unfinished writes its own record when it ends; detection does not judge it.
      if (!active) await writeStatusRecord(ctx, readOnlyRunRecord(result, code, failure));
      await ctx.close();
    }
  }
  process.stdout.write(`${line.replace(/[\r\n]+/g, ' ').slice(0, 2000)}\n`);
  return code;
}

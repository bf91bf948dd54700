/**
 * The detection use case (`winre-fix detect`), for Intune Remediations and ConfigMgr compliance
 * (docs/reference/fleet-tools.md#intune-remediations, docs/reference/fleet-tools.md#configmgr-compliance-settings). Exit 1 when remediation is needed (the PC needs the fix and winre-fix can apply it), 0 otherwise; the CLI
 * prints exactly one summary line from what this returns, and nothing on stderr, ever. Refused PCs exit 0 (with a
 * REFUSED line): remediation would only fail again, and the line tells the admin why.
 * A fix running now (it holds the run lock) gives "IN PROGRESS" and exit 0: nothing to remediate while it works,
 * and the PC is not judged mid-change. A run that stopped mid-way with nobody holding the lock gives "UNFINISHED"
 * and exit 1: the remediation (`winre-fix fix`) is what resumes it.
 */
import { ExitCode, type ExitCodeValue } from '../contracts/exit-codes';
import type { Language } from '../domain/reasons';
import { readOnlyRunRecord, writeStatusRecord } from '../engine/status-record';
import { WinReFixError } from '../errors';
import { findActiveRun, type ActiveRun } from './active-run';
import { auditWith, type AuditResult } from './audit';
import { openRun, type RunArgs, type RunContext } from './run-context';
import { planReasonsInEnglish, runReportBody } from './run-report';

/** What detection found: one of a run in progress or unfinished, the PC's plan, or the error it stopped on. */
export interface Detection {
  readonly exitCode: ExitCodeValue;
  readonly active?: ActiveRun;
  readonly result?: AuditResult;
  readonly language?: Language;
  readonly failure?: { readonly code: string; readonly message: string };
  /** Why the state folder is not trusted, when it is not (fix would refuse: 27). */
  readonly untrusted?: readonly string[];
  /** --require-current-winre asked for remediation because the WinRE image is outdated or damaged. */
  readonly winreNotCurrent?: boolean;
}

export interface DetectArgs extends RunArgs {
  /** Treat an outdated or damaged WinRE image as needing remediation (docs/winre-patch-level.md). */
  'require-current-winre'?: boolean;
}

export async function detect(args: DetectArgs): Promise<Detection> {
  let code: ExitCodeValue = ExitCode.Success;
  let ctx: RunContext | undefined;
  let result: AuditResult | undefined;
  let active: ActiveRun | undefined;
  let failure: { code: string; message: string } | undefined;
  let untrusted: readonly string[] | undefined;
  let winreNotCurrent = false;
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
      code = active.state === 'unfinished' ? ExitCode.RemediationNeeded : ExitCode.Success;
    } else {
      result = await auditWith(ctx);
      code = result.plan.verdict === 'needs-fix' ? ExitCode.RemediationNeeded : ExitCode.Success;
      const status = result.plan.winrePatchLevel?.status;
      // Asked for: an outdated or damaged WinRE image needs remediation too (the layout's need, when there is
      // one, stays the line Intune shows).
      if (args['require-current-winre'] && (status === 'outdated' || status === 'damaged')) {
        winreNotCurrent = code !== ExitCode.RemediationNeeded;
        code = ExitCode.RemediationNeeded;
      }
    }
    if (!trust.trusted) untrusted = trust.problems;
  } catch (error) {
    // Detection must not fail noisily: report the error on stdout and do not ask for remediation.
    failure = {
      code: error instanceof WinReFixError ? error.code : 'INTERNAL',
      message: error instanceof Error ? error.message : String(error),
    };
    code = ExitCode.Success;
  } finally {
    if (ctx) {
      // The audit phase leaves a trail: a compact report of every detection (Reports\checks, newest few kept).
      ctx.writeReport(
        runReportBody(ctx, {
          kind: 'check',
          result,
          exitCode: code,
          verdict: failure ? 'error' : (result?.plan.verdict ?? 'error'),
          reasons: [...planReasonsInEnglish(result?.plan), ...(failure ? [failure] : [])],
        }),
      );
      // The status record (src/engine/status-record.ts): the one mutating script detect may run.
      // A run in progress or unfinished writes its own record when it ends; detection does not judge it.
      if (!active) await writeStatusRecord(ctx, readOnlyRunRecord(result, code, failure));
      await ctx.close();
    }
  }
  return {
    exitCode: code,
    ...(active ? { active } : {}),
    ...(result && ctx ? { result, language: ctx.language(result.snapshot) } : {}),
    ...(failure ? { failure } : {}),
    ...(untrusted ? { untrusted } : {}),
    ...(winreNotCurrent ? { winreNotCurrent } : {}),
  };
}

/**
 * `winre-fix audit`: the audit use case (src/app/audit.ts) and how its findings are printed: the audit report
 * with --json, otherwise the plan, the backups earlier runs left, or the run found in progress; errors and an
 * untrusted state folder on stderr.
 */
import type { CommandModule } from 'yargs';
import { audit, type AuditArgs, type AuditFindings } from '../../app/audit';
import { describeActiveRun } from '../../app/active-run';
import type { ExitCodeValue } from '../../contracts/exit-codes';
import { setExitCode } from '../command-result';
import { withGlobalOptions, withKeepBackupOption, withSafeOsPackage } from '../options';
import { renderPlan } from '../render-plan';

export const auditCommand: CommandModule<object, AuditArgs> = {
  command: 'audit',
  describe:
    'Diagnose this PC: is WinRE why KB5034441/KB5034439 fail, and what would the fix do? Changes nothing.',
  builder: (y) =>
    withKeepBackupOption(withSafeOsPackage(withGlobalOptions(y))).option('status-record', {
      type: 'boolean',
      default: false,
      describe: 'Also write the status record HKLM\\SOFTWARE\\winre-fix (the only change audit then makes).',
    }),
  handler: async (args) => {
    setExitCode(await runAudit(args));
  },
};

/** Runs the audit and prints it; returns the exit code. */
export function runAudit(args: AuditArgs): Promise<ExitCodeValue> {
  return audit(args, { present: (findings) => printAudit(args, findings) });
}

function printAudit(args: AuditArgs, findings: AuditFindings): void {
  const { result, active, failure, stateFolder, backups, language } = findings;
  if (args.json) {
    process.stdout.write(`${JSON.stringify(findings.report(), null, 2)}\n`);
  } else if (result) {
    process.stdout.write(`${renderPlan(result.plan, result.snapshot, language).join('\n')}\n`);
    if (backups && backups.runs.length > 0)
      process.stdout.write(
        `Backups left by earlier runs on C: ${backups.runs.length} folder(s), ${backups.totalBytes} bytes in ${backups.backupRoot} (the next fix or resume deletes them once WinRE is healthy).\n`,
      );
  } else if (active && !failure) {
    process.stdout.write(`winre-fix ${active.state.toUpperCase()}: ${describeActiveRun(active)}\n`);
  }
  if (failure && !args.json) process.stderr.write(`winre-fix: ${failure.message}\n`);
  if (stateFolder && !stateFolder.trusted && !args.json) {
    process.stderr.write(
      `winre-fix: the state folder ${stateFolder.path} is not trusted (${stateFolder.problems.join('; ')}); this audit wrote nothing there.\n`,
    );
  }
}

/**
 * `winre-fix status`: where this PC stands. The journal (unfinished or the last finished run, step by step, and
 * since when WinRE has been disabled if it is) and, unless --no-live, a fresh read-only look at WinRE and the
 * partitions. Exit 0 when no run is unfinished, 23 when one is (run `winre-fix resume`), 1618 when a fix or resume
 * is running now (it holds the run lock: Test-RunLock), 27 when the journal cannot be trusted.
 * With no journal (a refused, compliant, declined or only audited/detected PC writes none) it shows the last
 * verdict from the newest run report (Reports, Reports\checks; src/engine/latest-report.ts); a report that cannot
 * be believed is a warning and never changes the exit code. Words from the status catalogue (src/report/messages.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CommandModule } from 'yargs';
import type { Journal } from '../../contracts/generated/journal';
import { JournalStore } from '../../engine/journal';
import { readLatestReport, type LatestReport } from '../../engine/latest-report';
import type { Language } from '../../domain/reasons';
import { defaultReportDir } from '../../logging/paths';
import { displayWidth, statusMessages, type StatusMessages } from '../../report/messages';
import { untrustedStateFolderError } from '../../engine/state-folder';
import { setExitCode } from '../command-result';
import { exitCodeForError } from '../../app/error-exit';
import { ExitCode, type ExitCodeValue } from '../../contracts/exit-codes';
import { renderPartitionTable } from '../render-plan';
import { openRun, type RunArgs } from '../../app/run-context';
import { withGlobalOptions } from '../options';
import { findActiveRun } from '../../app/active-run';

interface StatusArgs extends RunArgs {
  live: boolean;
}

function lastFinished(dir: string): Journal | undefined {
  if (!fs.existsSync(dir)) return undefined;
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^journal-[0-9a-f]{16}\.json$/.test(f))
    .map((f) => path.join(dir, f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  for (const f of files) {
    try {
      const j = new JournalStore(f).load();
      if (j) return j;
    } catch {
      // an unreadable archive is skipped; the live journal is what matters
    }
  }
  return undefined;
}

/** Pads to `columns` terminal columns (a Chinese character takes two). */
function padColumns(text: string, columns: number): string {
  return text + ' '.repeat(Math.max(0, columns - displayWidth(text)));
}

export function describeJournal(journal: Journal, words: StatusMessages = statusMessages('en')): string[] {
  const step = (s: Journal['steps'][number]) =>
    `  [${padColumns(words.stepStatus(s.status), 9)}] ${String(s.id).padStart(2)}. ${s.kind}${s.error ? ` - ${s.error}` : ''}`;
  const out = [
    words.run(journal.runId, journal.plan.case, journal.createdAt, journal.phase),
    ...journal.steps.map(step),
  ];
  if (journal.rollback.length > 0) out.push(`  ${words.rollback}`, ...journal.rollback.map(step));
  if (journal.winreDisabledAt) out.push(`  ${words.disabledSince(journal.winreDisabledAt)}`);
  if (journal.rebootRequired) out.push(`  ${words.restartNeeded}`);
  return out;
}

/** The last verdict from the newest report: when, which command, verdict, reason codes, exit code, run log. */
export function describeLastReport(latest: LatestReport, words: StatusMessages): string[] {
  const { report } = latest;
  const log = report.logPaths.runLog ?? report.logPaths.cmtrace;
  return [
    words.lastRun({
      finishedAt: report.finishedAt,
      command: report.command,
      verdict: report.verdict,
      exitCode: report.exitCode,
    }),
    words.reasons(report.reasons.map((r) => r.code)),
    ...(log ? [words.log(path.win32.basename(path.posix.basename(log)))] : []),
    words.report(path.basename(latest.file)),
  ];
}

/** Where this PC's reports are: the same folders `openRun` writes them to (Reports, and Reports\checks). */
export function reportFolders(simulate: string | undefined, reports: string): string[] {
  const base = simulate ? reports : defaultReportDir(process.env, process.platform);
  return [base, path.join(base, 'checks')];
}

export const statusCommand: CommandModule<object, StatusArgs> = {
  command: 'status',
  describe: 'Show where this PC stands: the fix journal and a live look at WinRE. Changes nothing.',
  builder: (y) =>
    withGlobalOptions(y).option('live', {
      type: 'boolean',
      default: true,
      describe: 'Also read the PC now (--no-live: journal only).',
    }) as never,
  handler: async (args) => {
    setExitCode(await runStatus(args));
  },
};

export async function runStatus(args: StatusArgs): Promise<ExitCodeValue> {
  const ctx = openRun({
    command: 'status',
    args: { ...args, report: false },
    readOnly: true,
    silentConsole: args.json,
  });
  try {
    const trust = await ctx.stateFolder;
    if (!trust.trusted) throw untrustedStateFolderError(trust);
    const active = await findActiveRun(ctx);
    const inProgress = active?.state === 'in-progress';
    const store = new JournalStore(ctx.paths.journal);
    const current = store.load();
    const finished = current ? undefined : lastFinished(ctx.paths.root);
    const unfinished =
      !inProgress &&
      current !== undefined &&
      (current.phase === 'applying' || current.phase === 'rolling-back');
    const snapshot = args.live ? await ctx.gather() : undefined;
    const language: Language = ctx.language(snapshot);
    const words = statusMessages(language);
    const j = current ?? finished;
    // Unless a run is unfinished or in progress (then the journal is the truth), what happened last is in the
    // newest report: a refusal or a check writes no journal, and a detect after a finished fix is newer than it.
    const last =
      unfinished || inProgress
        ? { latest: undefined, warnings: [] }
        : readLatestReport(reportFolders(ctx.simulate, ctx.paths.reports));
    if (!args.json) for (const w of last.warnings) process.stderr.write(`${words.warning}${w}\n`);
    if (args.json) {
      process.stdout.write(
        `${JSON.stringify({
          inProgress,
          unfinished,
          journal: j ?? null,
          lastReport: last.latest ? { file: last.latest.file, report: last.latest.report } : null,
          warnings: last.warnings,
          live: snapshot ? { winre: snapshot.winre.reagentc, disks: snapshot.disks } : null,
        })}\n`,
      );
    } else {
      const lines = j ? describeJournal(j, words) : [];
      if (last.latest) lines.push(...(lines.length ? [''] : []), ...describeLastReport(last.latest, words));
      if (lines.length === 0) lines.push(words.noRun);
      if (snapshot) {
        const info = snapshot.winre.reagentc;
        lines.push(
          '',
          words.winreNow(info.status, info.location?.path),
          ...renderPartitionTable(snapshot, j?.disk.uniqueId, language),
        );
      }
      if (inProgress) lines.push('', words.inProgress);
      if (unfinished) lines.push('', words.unfinished);
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    return inProgress ? ExitCode.Retry : unfinished ? ExitCode.FailedDegraded : ExitCode.Success;
  } catch (error) {
    if (!args.json)
      process.stderr.write(`winre-fix: ${error instanceof Error ? error.message : String(error)}\n`);
    return exitCodeForError(error);
  } finally {
    await ctx.close();
  }
}

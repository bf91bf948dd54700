/**
 * `winre-fix status`: where this PC stands. The journal (unfinished or the last finished run, step by step, and
 * since when WinRE has been disabled if it is) and, unless --no-live, a fresh read-only look at WinRE and the
 * partitions. Exit 0 when no run is unfinished, 23 when one is (run `winre-fix resume`), 1618 when a fix or resume
 * is running now (it holds the run lock: Test-RunLock), 27 when the journal cannot be trusted.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CommandModule } from 'yargs';
import type { Journal } from '../../contracts/generated/journal';
import { JournalStore } from '../../engine/journal';
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

export function describeJournal(journal: Journal): string[] {
  const out = [
    `Run ${journal.runId} (${journal.plan.case}) started ${journal.createdAt}, phase: ${journal.phase}`,
    ...journal.steps.map(
      (s) =>
        `  [${s.status.padEnd(9)}] ${String(s.id).padStart(2)}. ${s.kind}${s.error ? ` - ${s.error}` : ''}`,
    ),
  ];
  if (journal.rollback.length > 0) {
    out.push(
      '  roll-back:',
      ...journal.rollback.map(
        (s) =>
          `  [${s.status.padEnd(9)}] ${String(s.id).padStart(2)}. ${s.kind}${s.error ? ` - ${s.error}` : ''}`,
      ),
    );
  }
  if (journal.winreDisabledAt) out.push(`  WinRE has been disabled since ${journal.winreDisabledAt}.`);
  if (journal.rebootRequired) out.push('  A restart is needed (BitLocker protection resumes after it).');
  return out;
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
    if (args.json) {
      process.stdout.write(
        `${JSON.stringify({ inProgress, unfinished, journal: current ?? finished ?? null, live: snapshot ? { winre: snapshot.winre.reagentc, disks: snapshot.disks } : null })}\n`,
      );
    } else {
      const j = current ?? finished;
      const lines = j ? describeJournal(j) : ['No winre-fix run has been recorded on this PC.'];
      if (snapshot) {
        const info = snapshot.winre.reagentc;
        lines.push(
          '',
          `WinRE now: ${info.status}${info.location ? ` at ${info.location.path}` : ''}`,
          ...renderPartitionTable(snapshot, j?.disk.uniqueId),
        );
      }
      if (inProgress)
        lines.push(
          '',
          'A winre-fix run is in progress now (it holds the run lock): ask again when it has ended.',
        );
      if (unfinished) lines.push('', 'An unfinished fix: run `winre-fix resume` (or `winre-fix fix`).');
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

/**
 * `winre-fix report <folder> [--csv <file>] [--json] [--limit <n>]`: the fleet roll-up of collected run
 * reports. Read-only on the PC it runs on; exits 0 when the roll-up ran, whatever the fleet's state.
 */
import * as fs from 'node:fs';
import type { CommandModule } from 'yargs';
import { UsageError } from '../../errors';
import { languageFromEnvironment, rollupMessages, type Language } from '../../report/messages';
import { renderRollupText, writeRollupCsv } from '../../report/render';
import { rollUpReports, summarize, type FleetRollup } from '../../report/rollup';
import { setExitCode } from '../command-result';
import { ExitCode } from '../../contracts/exit-codes';

interface ReportArgs {
  folder: string;
  csv?: string;
  json?: boolean;
  limit: number;
  lang?: string;
  since?: string;
  'stale-days': number;
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <folder>',
  describe:
    'Roll up the run reports collected from many PCs: counts by verdict, reason and exit code, and the PCs that need action',
  builder: (yargs) =>
    yargs
      .positional('folder', {
        type: 'string',
        demandOption: true,
        describe: 'Folder of <computer>-<runId>.json reports (sub-folders included)',
      })
      .option('csv', {
        type: 'string',
        describe: 'Also write one CSV row per computer (its latest report) to this file',
      })
      .option('json', { type: 'boolean', default: false, describe: 'Print the roll-up as JSON on stdout' })
      .option('lang', {
        type: 'string',
        choices: ['en', 'zh-CN'],
        describe: 'Language of the table (default: from the locale)',
      })
      .option('since', {
        type: 'string',
        describe: 'Only reports that finished at or after this date/time (ISO 8601, e.g. 2026-11-01)',
      })
      .option('stale-days', {
        type: 'number',
        default: 30,
        describe: 'List PCs whose latest report is older than this many days',
      })
      .option('limit', {
        type: 'number',
        default: 50,
        describe: 'How many PCs that need action to list in the table (the CSV and --json list all)',
      }),
  handler: async (args) => {
    let isFolder = false;
    try {
      isFolder = fs.statSync(args.folder).isDirectory();
    } catch {
      isFolder = false;
    }
    if (!isFolder) throw new UsageError(`report: ${args.folder} is not a folder`);
    if (!Number.isInteger(args.limit) || args.limit < 0)
      throw new UsageError('report: --limit must be a whole number, 0 or more');
    if (!Number.isFinite(args['stale-days']) || args['stale-days'] <= 0)
      throw new UsageError('report: --stale-days must be a number of days above 0');
    const sinceMs = args.since === undefined ? undefined : Date.parse(args.since);
    if (sinceMs !== undefined && Number.isNaN(sinceMs))
      throw new UsageError(`report: --since must be a date such as 2026-11-01, not ${args.since}`);
    const language: Language =
      args.lang === 'zh-CN' || args.lang === 'en' ? args.lang : languageFromEnvironment(process.env);
    const summaryOptions = {
      staleDays: args['stale-days'],
      language,
      ...(sinceMs !== undefined ? { sinceMs } : {}),
    };

    // Open the CSV first: a bad path is a usage error before minutes of reading, not after.
    let csvFd: number | undefined;
    if (args.csv) {
      try {
        csvFd = fs.openSync(args.csv, 'w');
      } catch (error) {
        throw new UsageError(`report: cannot write the CSV file ${args.csv}: ${(error as Error).message}`);
      }
    }
    let rollup: FleetRollup;
    try {
      rollup = await rollUpReports(args.folder, sinceMs !== undefined ? { sinceMs } : {});
      if (csvFd !== undefined) {
        const fd = csvFd;
        writeRollupCsv(rollup, (chunk) => fs.writeSync(fd, chunk));
      }
    } finally {
      if (csvFd !== undefined) fs.closeSync(csvFd);
    }
    if (args.json) {
      process.stdout.write(
        `${JSON.stringify(summarize(rollup, Number.POSITIVE_INFINITY, summaryOptions), null, 2)}\n`,
      );
    } else {
      process.stdout.write(
        renderRollupText(
          summarize(rollup, args.limit, { ...summaryOptions, listLimit: args.limit }),
          language,
        ),
      );
      if (args.csv) process.stdout.write(`${rollupMessages(language).csvWritten(args.csv)}\n`);
    }
    setExitCode(ExitCode.Success);
  },
};

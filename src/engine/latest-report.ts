/**
 * The newest run report a PC kept (Reports for fix/resume, Reports\checks for audit/detect), for `status` when no
 * journal says what happened last (a refused, compliant, declined or only audited PC leaves no journal). Files are
 * read without following links, must pass the state-file trust check (src/engine/state-folder.ts) and the report
 * schema before anything in them is believed; a file that fails is a warning and the next newest is tried.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunReport } from '../contracts/generated/run-report';
import { readFileNoFollow } from '../adapters/fs/no-follow';
import { assertStateFileTrusted } from './state-folder';
import { describeErrors, validatorFor } from '../schemas/validators';

export interface LatestReport {
  readonly file: string;
  readonly report: RunReport;
}

export interface LatestReportResult {
  readonly latest: LatestReport | undefined;
  /** One sentence per file or folder that could not be believed (never thrown). */
  readonly warnings: string[];
}

/** How many of the newest files are tried before giving up (each failed one is a warning). */
export const LATEST_REPORT_TRIES = 5;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** `*.json` regular files of `dir` (no links, no temp files), with their modification time. */
function candidates(dir: string, warnings: string[]): { file: string; mtimeMs: number }[] {
  const stat = fs.lstatSync(dir, { throwIfNoEntry: false });
  if (!stat) return [];
  if (!stat.isDirectory()) {
    warnings.push(`${dir} is not a folder (a link or a file); its reports were not read.`);
    return [];
  }
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch (error) {
    warnings.push(`The reports in ${dir} could not be listed: ${message(error)}`);
    return [];
  }
  const out: { file: string; mtimeMs: number }[] = [];
  for (const name of names) {
    if (!/\.json$/i.test(name) || name.startsWith('.')) continue;
    const file = path.join(dir, name);
    const s = fs.lstatSync(file, { throwIfNoEntry: false });
    if (s?.isFile()) out.push({ file, mtimeMs: s.mtimeMs });
  }
  return out;
}

/** Parses and validates one report file; throws a sentence saying why it is not believed. */
export function readReportFile(file: string): RunReport {
  assertStateFileTrusted(file);
  const text = readFileNoFollow(file).replace(/^\uFEFF/, '');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not valid JSON (${message(error)}).`);
  }
  const validate = validatorFor('run-report');
  if (!validate(data)) {
    const first = describeErrors(validate.errors)[0];
    throw new Error(
      `${file} is not a run report (${first ? `${first.path || '/'} ${first.message}` : 'schema mismatch'}).`,
    );
  }
  return data as RunReport;
}

/** The newest believable report in `dirs` (newest by modification time first, then by finishedAt). */
export function readLatestReport(dirs: readonly string[], tries = LATEST_REPORT_TRIES): LatestReportResult {
  const warnings: string[] = [];
  const all = dirs
    .flatMap((d) => candidates(d, warnings))
    .sort((a, b) => b.mtimeMs - a.mtimeMs || b.file.localeCompare(a.file));
  for (const { file } of all.slice(0, tries)) {
    try {
      return { latest: { file, report: readReportFile(file) }, warnings };
    } catch (error) {
      warnings.push(`The report ${file} was not read: ${message(error)}`);
    }
  }
  return { latest: undefined, warnings };
}

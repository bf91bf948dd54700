/**
 * Writes the one JSON report of a run: validated against schemas/run-report.schema.json first (a report the
 * roll-up would reject is a defect here, not there), then written atomically so a collector never picks up half
 * a file: a temporary file in the same folder, flushed, then renamed over the target (docs/reference/fleet-tools.md#atomic-file-writes).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunReport } from '../contracts/generated/run-report';
import { removeFileNoFollow, renameNoFollow, writeFreshFile } from '../adapters/fs/no-follow';
import { assertValid } from '../schemas/validators';

export const RUN_REPORT_SCHEMA = 'run-report';

/** `<computerName>-<runId>.json`; both parts are file-name safe by the schema's patterns. */
export function reportFileName(report: Pick<RunReport, 'computerName' | 'runId'>): string {
  return `${report.computerName}-${report.runId}.json`;
}

/**
 * Validates and writes `report` into `dir` (created if missing, unless `create` is false: a collection share is
 * the admin's to make, and a typo must not grow a new folder tree); returns the file's path.
 */
export function writeRunReport(dir: string, report: RunReport, options: { create?: boolean } = {}): string {
  const valid = assertValid<RunReport>(RUN_REPORT_SCHEMA, report, 'run report');
  if (options.create === false) {
    if (!fs.statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder`);
  } else {
    fs.mkdirSync(dir, { recursive: true });
  }
  const target = path.join(dir, reportFileName(valid));
  const temp = path.join(dir, `.${reportFileName(valid)}.${process.pid}.tmp`);
  // A fresh temp file (never an existing file or link), renamed over a target that is not a link.
  writeFreshFile(temp, `${JSON.stringify(valid, null, 2)}\n`, 0o644);
  try {
    renameNoFollow(temp, target);
  } catch (error) {
    removeFileNoFollow(temp);
    throw error;
  }
  return target;
}

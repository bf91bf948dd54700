/**
 * Reading a folder of run reports one at a time: the folder is walked with fs.opendir one entry at a time and each
 * file is read into one reused buffer, then parsed and validated. Nothing of a file outlives its turn.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunReport } from '../contracts/generated/run-report';
import { describeErrors, validatorFor } from '../schemas/validators';
import { RUN_REPORT_SCHEMA } from './write-report';

/** One thing the walk met: a valid report, a file that is not one, or a sub-folder it could not open. */
export type ReportRead =
  | { readonly kind: 'report'; readonly file: string; readonly report: RunReport }
  | { readonly kind: 'invalid'; readonly file: string; readonly problem: string }
  | { readonly kind: 'unreadable-folder'; readonly file: string; readonly problem: string };

export interface ReadReportsOptions {
  /** Walk sub-folders too. */
  readonly recursive: boolean;
  /** Larger files are invalid without being parsed. */
  readonly maxFileBytes: number;
}

async function* walk(
  root: string,
  recursive: boolean,
  onUnreadable: (dir: string, error: Error) => void,
): AsyncGenerator<string> {
  const pending = [root];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    let handle: fs.Dir;
    try {
      handle = await fs.promises.opendir(dir, { bufferSize: 256 });
    } catch (error) {
      // The folder itself must be readable; a sub-folder that is not (an ACL on one site's share) is reported.
      if (dir === root) throw error;
      onUnreadable(dir, error as Error);
      continue;
    }
    for await (const entry of handle) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (recursive) pending.push(full);
      } else if (entry.isFile() && /\.json$/i.test(entry.name) && !entry.name.startsWith('.')) {
        // Names starting with '.' are writeRunReport's temporary files.
        yield full;
      }
    }
  }
}

/** The file's text, or why it has none: read into `buffer` (one byte longer than the limit, to see a larger file). */
function readText(file: string, buffer: Buffer, maxBytes: number): { text: string } | { problem: string } {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      let length = 0;
      for (;;) {
        const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
        if (n === 0) break;
        length += n;
        if (length > maxBytes) break;
      }
      if (length > maxBytes) return { problem: `larger than ${maxBytes} bytes` };
      return { text: buffer.toString('utf8', 0, length) };
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    return { problem: `unreadable: ${(error as Error).message}` };
  }
}

/** Every `*.json` file under `folder` (temporary files left out), read and judged, in the order the walk meets them. */
export async function* readReports(folder: string, options: ReadReportsOptions): AsyncGenerator<ReportRead> {
  const validate = validatorFor(RUN_REPORT_SCHEMA);
  const buffer = Buffer.allocUnsafe(options.maxFileBytes + 1);
  const unreadable: ReportRead[] = [];
  const onUnreadable = (dir: string, error: Error): void => {
    unreadable.push({ kind: 'unreadable-folder', file: dir, problem: `folder unreadable: ${error.message}` });
  };
  for await (const file of walk(folder, options.recursive, onUnreadable)) {
    yield* unreadable.splice(0);
    const read = readText(file, buffer, options.maxFileBytes);
    if ('problem' in read) {
      yield { kind: 'invalid', file, problem: read.problem };
      continue;
    }
    let value: unknown;
    try {
      // A report re-saved by PowerShell may have gained a byte-order mark.
      value = JSON.parse(read.text.charCodeAt(0) === 0xfeff ? read.text.slice(1) : read.text);
    } catch (error) {
      yield { kind: 'invalid', file, problem: `not JSON: ${(error as Error).message}` };
      continue;
    }
    if (!validate(value)) {
      const first = describeErrors(validate.errors)[0];
      const problem = `not a run report: ${first ? `${first.path || '/'} ${first.message}` : 'schema mismatch'}`;
      yield { kind: 'invalid', file, problem };
      continue;
    }
    yield { kind: 'report', file, report: value as RunReport };
  }
  yield* unreadable.splice(0);
}

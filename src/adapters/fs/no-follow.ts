/**
 * File operations that never act through a link (docs/security.md). SYSTEM appends logs, writes reports and
 * replaces the journal in folders the trust gate judged (src/engine/state-folder.ts); these are the second line:
 * the final name is not followed if it is a symbolic link (or, on Windows, a junction: libuv's lstat reports both
 * as links, github.com/libuv/libuv/blob/v1.x/src/win/fs.c fs__stat_handle).
 *  - POSIX: O_NOFOLLOW makes open fail with ELOOP on a link (man 2 open); O_CREAT|O_EXCL never follows one.
 *  - Windows: Node has no O_NOFOLLOW there, so the name is checked with lstat right before it is opened; the
 *    folder is writable only by SYSTEM and Administrators, so nobody else can swap it in between.
 */
import * as fs from 'node:fs';

const { O_WRONLY, O_CREAT, O_APPEND, O_EXCL } = fs.constants;
// Undefined on Windows; 0 there turns the flag into a no-op and the lstat check does the work.
const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;

/** Throws (code ELOOP) when `file` exists and is a link; a missing file is fine. */
export function assertNotLink(file: string): void {
  const stat = fs.lstatSync(file, { throwIfNoEntry: false });
  if (stat?.isSymbolicLink()) {
    const error = new Error(
      `${file} is a link; winre-fix never writes or deletes through one.`,
    ) as NodeJS.ErrnoException;
    error.code = 'ELOOP';
    throw error;
  }
}

/** Opens `file` to append (created if missing), refusing a link. */
export function openAppendNoFollow(file: string, mode = 0o600): number {
  assertNotLink(file);
  return fs.openSync(file, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW, mode);
}

/** Creates `file`, failing if anything (a file or a link) is already there. */
export function createExclusive(file: string, mode = 0o600): number {
  return fs.openSync(file, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode);
}

/** Renames `from` to `to` when neither is a link (a rename replaces a link rather than following it, but a
 * link where winre-fix's own file should be is a sign of tampering and is left for the admin to see). */
export function renameNoFollow(from: string, to: string): void {
  assertNotLink(from);
  assertNotLink(to);
  fs.renameSync(from, to);
}

/** Deletes the file `file` when it is not a link (a missing one is fine). */
export function removeFileNoFollow(file: string): void {
  assertNotLink(file);
  fs.rmSync(file, { force: true });
}

/**
 * Writes `text` to a fresh `file` (one left by a crash is removed first; a link there is refused, never
 * followed), flushed to disk before it returns: the temp half of an atomic replace.
 */
export function writeFreshFile(file: string, text: string, mode = 0o600): void {
  removeFileNoFollow(file);
  const fd = createExclusive(file, mode);
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Reads the regular file `file` as UTF-8 without following a link (ELOOP on a link, as `assertNotLink`); a
 * folder or device in its place is refused too. For state files SYSTEM reads back (status reads the reports).
 */
export function readFileNoFollow(file: string, maxBytes = 4 * 1024 * 1024): string {
  assertNotLink(file);
  const fd = fs.openSync(file, fs.constants.O_RDONLY | O_NOFOLLOW);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new Error(`${file} is not a regular file.`);
    if (stat.size > maxBytes) throw new Error(`${file} is ${stat.size} bytes, more than a report can be.`);
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}

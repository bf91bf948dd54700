/**
 * The memo of a failed shrink retry ladder in the state folder (shrink-ladder-memo.json; what it means and when it
 * applies: src/domain/shrink-memo.ts). Written like the journal: a fresh temp file in the same folder, flushed,
 * renamed over (never through a link), with a SHA-256 checksum over its canonical JSON. Read back without following
 * links, only after the state-file trust check, the schema (schemas/shrink-memo.schema.json) and the checksum: a
 * memo that fails any of them is "rejected" with the reason, never thrown (a memo only ever saves a defrag, so a
 * bad one costs a defrag, never a run). Writing or clearing it never changes a run's outcome either: the caller
 * turns a failure into a warning.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { ShrinkMemo } from '../contracts/generated/shrink-memo';
import type { ShrinkMemoRead } from '../domain/shrink-memo';
import {
  assertNotLink,
  readFileNoFollow,
  removeFileNoFollow,
  renameNoFollow,
  writeFreshFile,
} from '../adapters/fs/no-follow';
import { describeErrors, validatorFor } from '../schemas/validators';
import { canonicalJson } from './canonical-json';
import { assertStateFileTrusted } from './state-folder';

export function shrinkMemoChecksum(memo: Omit<ShrinkMemo, 'checksum'> | ShrinkMemo): string {
  const { checksum: _ignored, ...rest } = memo as ShrinkMemo;
  void _ignored;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Reads the memo at `file`: none, a memo that passed every check, or why it was not believed. Never throws. */
export function readShrinkMemo(file: string): ShrinkMemoRead {
  try {
    const stat = fs.lstatSync(file, { throwIfNoEntry: false });
    if (!stat) return { kind: 'none' };
    if (!stat.isFile()) return { kind: 'rejected', why: `${file} is not a plain file` };
    assertStateFileTrusted(file);
    const text = readFileNoFollow(file, 64 * 1024).replace(/^\uFEFF/, '');
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return { kind: 'rejected', why: `${file} is not valid JSON (${message(error)})` };
    }
    const validate = validatorFor('shrink-memo');
    if (!validate(data)) {
      const first = describeErrors(validate.errors)[0];
      return {
        kind: 'rejected',
        why: `${file} does not match its schema (${first ? `${first.path || '/'} ${first.message}` : 'mismatch'})`,
      };
    }
    const memo = data as ShrinkMemo;
    if (shrinkMemoChecksum(memo) !== memo.checksum)
      return { kind: 'rejected', why: `${file} fails its checksum (changed outside winre-fix)` };
    return { kind: 'read', memo, recordedMs: Date.parse(memo.recordedAt) };
  } catch (error) {
    return { kind: 'rejected', why: `${file} cannot be read (${message(error)})` };
  }
}

/** Writes the memo atomically (temp file, flushed, renamed over); returns what was written. Throws on failure. */
export function writeShrinkMemo(file: string, memo: Omit<ShrinkMemo, 'checksum'>): ShrinkMemo {
  const full: ShrinkMemo = { ...memo, checksum: shrinkMemoChecksum(memo) };
  if (!validatorFor('shrink-memo')(full)) throw new Error('the memo does not match its own schema');
  const tmp = `${file}.tmp`;
  writeFreshFile(tmp, `${JSON.stringify(full, null, 2)}\n`, 0o600);
  assertNotLink(file);
  renameNoFollow(tmp, file);
  return full;
}

/** Removes the memo (no error when there is none; a link in its place is refused, never followed). */
export function clearShrinkMemo(file: string): boolean {
  if (!fs.lstatSync(file, { throwIfNoEntry: false })) return false;
  removeFileNoFollow(file);
  return true;
}

/**
 * The write-ahead journal (design-models.md 10.3; ecosystem.md 4.2): one JSON document replaced atomically on
 * every change (temp file in the same folder, flushed, renamed over; the previous version kept as .bak), with a
 * sequence number and a SHA-256 checksum. On read it must pass the schema, the version and the checksum, or it is
 * refused (JournalRejectedError): a truncated, hand-edited or foreign journal is never acted on.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Journal } from '../contracts/generated/journal';
import { ContractViolationError, JournalRejectedError } from '../errors';
import { assertValid } from '../schemas/validators';
import { canonicalJson } from './canonical-json';
import { assertStateFileTrusted, ensureStateFolder } from './state-folder';

export type { Journal };

export function journalChecksum(journal: Omit<Journal, 'checksum'> | Journal): string {
  const { checksum: _ignored, ...rest } = journal as Journal;
  void _ignored;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

/** Test seam: called at each stage of a write, so a test can cut the power in the middle of one. */
export type WriteHook = (stage: 'temp-written' | 'backup-kept' | 'renamed') => void;

export class JournalStore {
  constructor(
    readonly file: string,
    private readonly hook?: WriteHook,
  ) {}

  exists(): boolean {
    return fs.existsSync(this.file);
  }

  /** Reads and verifies; undefined when there is none. */
  load(): Journal | undefined {
    if (!fs.existsSync(this.file)) return undefined;
    if (!fs.statSync(this.file).isFile()) {
      throw new JournalRejectedError(`The journal ${this.file} is not a file; it was not acted on.`, {
        hint: 'Something other than winre-fix made it: inspect and remove it.',
      });
    }
    assertStateFileTrusted(this.file);
    const text = fs.readFileSync(this.file, 'utf8');
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      throw new JournalRejectedError(
        `The journal ${this.file} is not valid JSON (truncated or damaged); it was not acted on.`,
        {
          cause: error,
          hint: `Inspect it and its previous copy ${this.file}.bak; run \`winre-fix status\` for the PC's live state.`,
        },
      );
    }
    const version = (data as { schemaVersion?: unknown } | null)?.schemaVersion;
    if (version !== 1) {
      throw new JournalRejectedError(
        `The journal ${this.file} has schema version ${String(version)}; this winre-fix reads version 1.`,
        {
          hint: 'Finish or inspect it with the winre-fix version that wrote it.',
        },
      );
    }
    let journal: Journal;
    try {
      journal = assertValid<Journal>('journal', data, this.file);
    } catch (error) {
      if (error instanceof ContractViolationError) {
        throw new JournalRejectedError(
          `The journal ${this.file} does not match its schema: ${error.message}`,
          { cause: error },
        );
      }
      throw error;
    }
    if (journalChecksum(journal) !== journal.checksum) {
      throw new JournalRejectedError(
        `The journal ${this.file} fails its checksum: it was changed outside winre-fix.`,
        {
          hint: 'It was not acted on. Remove it only after checking the PC by hand (reagentc /info, Get-Partition).',
        },
      );
    }
    return journal;
  }

  /** Writes `journal` with seq+1 and a fresh checksum; returns what was written. */
  save(journal: Journal, now: string): Journal {
    ensureStateFolder(path.dirname(this.file));
    const next: Journal = { ...journal, seq: journal.seq + 1, updatedAt: now, checksum: '0'.repeat(64) };
    next.checksum = journalChecksum(next);
    assertValid<Journal>('journal', next, 'journal (before write)');
    const tmp = `${this.file}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600, flush: true });
    this.hook?.('temp-written');
    if (fs.existsSync(this.file)) fs.copyFileSync(this.file, `${this.file}.bak`);
    this.hook?.('backup-kept');
    renameWithRetry(tmp, this.file);
    this.hook?.('renamed');
    return next;
  }

  /** Moves a finished journal aside so the next run starts clean, keeping it for `status` and audits. */
  archive(journal: Journal): string {
    const target = path.join(path.dirname(this.file), `journal-${journal.runId}.json`);
    renameWithRetry(this.file, target);
    return target;
  }
}

/** Windows may refuse a rename for a moment (AV scanners): retry briefly (graceful-fs does up to 60 s). */
function renameWithRetry(from: string, to: string): void {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      fs.renameSync(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'EPERM' && code !== 'EACCES' && code !== 'EBUSY') || Date.now() > deadline) throw error;
      const until = Date.now() + 50;
      while (Date.now() < until) {
        /* short synchronous back-off: a journal write must not interleave with other work */
      }
    }
  }
}

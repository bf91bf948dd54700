/**
 * The write-ahead journal (docs/reference/design-models.md#executor-with-a-write-ahead-journal; docs/reference/fleet-tools.md#atomic-file-writes): one JSON document replaced atomically on
 * every change (temp file in the same folder, flushed, renamed over; the previous version kept as .bak), with a
 * sequence number and a SHA-256 checksum. On read it must pass the schema, the version and the checksum, or it is
 * refused (JournalRejectedError): a truncated, hand-edited or foreign journal is never acted on. The journal, its
 * .bak and its .tmp must be regular files (a folder or link in their place is refused, never followed). A UTF-8
 * BOM is tolerated: Notepad ("UTF-8 with BOM") and Windows PowerShell 5.1 (`Set-Content -Encoding UTF8`) write
 * one when an administrator opens and saves the file to inspect it ("In Windows PowerShell, any Unicode
 * encoding, except UTF7, always creates a BOM":
 * https://learn.microsoft.com/powershell/module/microsoft.powershell.core/about/about_character_encoding).
 * A journal that loads is still matched against the live PC before it is acted on (src/domain/journal-identity.ts,
 * Executor.resume).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Journal } from '../contracts/generated/journal';
import { ContractViolationError, JournalRejectedError } from '../errors';
import { assertValid } from '../schemas/validators';
import { assertNotLink, writeFreshFile } from '../adapters/fs/no-follow';
import { canonicalJson } from './canonical-json';
import { assertStateFileTrusted } from './state-folder';

export type { Journal };

/** The journal versions this winre-fix reads (it writes the newest; see schemas/journal.schema.json). */
export const JOURNAL_VERSIONS: readonly number[] = [1, 2, 3];
export const JOURNAL_VERSION = 3;

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
    this.assertRegularFiles();
    if (!fs.existsSync(this.file)) return undefined;
    if (!fs.statSync(this.file).isFile()) {
      throw new JournalRejectedError(`The journal ${this.file} is not a file; it was not acted on.`, {
        hint: 'Something other than winre-fix made it: inspect and remove it.',
      });
    }
    assertStateFileTrusted(this.file);
    // One UTF-8 BOM is what Windows editors add; it is not part of the JSON (RFC 8259 section 8.1 lets a parser
    // ignore it). The checksum covers the parsed document, so it still proves the content unchanged.
    const text = fs.readFileSync(this.file, 'utf8').replace(/^\uFEFF/, '');
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
    if (typeof version !== 'number' || !JOURNAL_VERSIONS.includes(version)) {
      throw new JournalRejectedError(
        `The journal ${this.file} has schema version ${String(version)}; this winre-fix reads versions ${JOURNAL_VERSIONS.join(' and ')}.`,
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

  /**
   * The journal and the files its writes go through must be regular files: a folder, link or device there
   * (made by hand, by another program or by someone who could write the folder) would make a write fail halfway
   * through a run or send it elsewhere. Refused before anything is read (exit 27), and left in place.
   */
  private assertRegularFiles(): void {
    for (const file of [this.file, `${this.file}.bak`, `${this.file}.tmp`]) {
      let stat: fs.Stats;
      try {
        stat = fs.lstatSync(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        throw new JournalRejectedError(`The journal file ${file} cannot be examined: ${String(error)}.`, {
          cause: error,
        });
      }
      if (!stat.isFile()) {
        const what = stat.isDirectory()
          ? 'a folder'
          : stat.isSymbolicLink()
            ? 'a link'
            : 'not a regular file';
        throw new JournalRejectedError(
          `The journal file ${file} is ${what}, not a plain file: nothing was read from it or acted on, and it ` +
            'was left in place. Check what it is and who made it, remove it as an administrator, and run ' +
            '`winre-fix status`.',
          { hint: 'The journal, its .bak and its .tmp are plain files that only winre-fix writes.' },
        );
      }
    }
  }

  /** Writes `journal` with seq+1 and a fresh checksum; returns what was written. */
  save(journal: Journal, now: string): Journal {
    const next: Journal = { ...journal, seq: journal.seq + 1, updatedAt: now, checksum: '0'.repeat(64) };
    next.checksum = journalChecksum(next);
    assertValid<Journal>('journal', next, 'journal (before write)');
    const tmp = `${this.file}.tmp`;
    // Never through a link (docs/security.md): a fresh temp file, and no copy into or out of a link.
    writeFreshFile(tmp, `${JSON.stringify(next, null, 2)}\n`, 0o600);
    this.hook?.('temp-written');
    assertNotLink(this.file);
    assertNotLink(`${this.file}.bak`);
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

/**
 * A winston transport that appends one formatted entry per log call to a file, with ConfigMgr-style rollover:
 * when the next entry would push the file past `maxBytes`, `X.log` is renamed to `X.lo_` (replacing the previous
 * `.lo_`) and a fresh `X.log` is started (docs/reference/fleet-tools.md#log-size-and-rollover: client default 250,000 bytes, one history file).
 * winston's own File transport rotates to `name1.log` instead, hence this transport.
 *
 * Writes are synchronous and each entry is flushed to disk (fdatasync) before the log call returns: the tool
 * changes partitions, and the line before a power cut is the one an admin needs. A run writes a few hundred
 * entries, so the cost is small next to the PowerShell work. Because nothing is buffered in this transport,
 * an entry is in the file as soon as winston hands it over; `close()` on the run logger waits for that.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
// winston-transport is winston's own base class (a dependency of winston 3, the same instance winston uses).
import TransportStream from 'winston-transport';
import { openAppendNoFollow, removeFileNoFollow, renameNoFollow } from '../adapters/fs/no-follow';

/** What the run logger hands every transport (winston's `info` object). */
export interface LogInfo {
  readonly level: string;
  readonly message: string;
  readonly time: Date;
  readonly component: string;
  readonly runId: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

export interface LineFileTransportOptions {
  readonly filePath: string;
  /** Where the full file goes on rollover (`X.lo_` for CMTrace logs). */
  readonly rolloverPath: string;
  readonly maxBytes: number;
  /** Write a UTF-8 byte-order mark at the start of a new file (CMTrace reads UTF-8 reliably with it, docs/reference/fleet-tools.md#cmtrace-line-format). */
  readonly bom: boolean;
  readonly formatEntry: (info: LogInfo) => string;
  readonly level?: string;
  /** fdatasync after every entry (default true). */
  readonly durable?: boolean;
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export class LineFileTransport extends TransportStream {
  readonly filePath: string;
  private readonly options: LineFileTransportOptions;
  private fd: number | undefined;
  /** Problems met while writing (disk full, rename refused); never thrown into the run. */
  readonly problems: string[] = [];

  constructor(options: LineFileTransportOptions) {
    super({ level: options.level ?? 'debug' });
    this.options = options;
    this.filePath = options.filePath;
    // Open at construction so an unusable folder is known before the run starts (the caller falls back).
    fs.mkdirSync(path.dirname(options.filePath), { recursive: true });
    this.fd = this.open();
  }

  private open(): number {
    // Never through a link: SYSTEM appending to a file a user pointed at is an escalation (docs/security.md).
    const fd = openAppendNoFollow(this.filePath, 0o644);
    if (this.options.bom && fs.fstatSync(fd).size === 0) fs.writeSync(fd, BOM);
    return fd;
  }

  private rollover(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    try {
      // Neither the old history nor the log is deleted or moved through a link.
      removeFileNoFollow(this.options.rolloverPath);
      renameNoFollow(this.filePath, this.options.rolloverPath);
    } catch (error) {
      // Another process may hold the file (Windows): keep appending rather than lose entries.
      this.problems.push(`rollover of ${this.filePath} failed: ${(error as Error).message}`);
    }
    this.fd = this.open();
  }

  /**
   * Another winre-fix process (an audit beside a fix) may append to the same file and may roll it over: then our
   * descriptor points at the `.lo_`, and writing on would put entries in history and later roll the other
   * process's fresh log away. So check that the path still names our file, and reopen if it does not.
   */
  private current(): number {
    if (this.fd !== undefined) {
      // bigint: an NTFS file index can exceed 2^53, where plain numbers would round.
      const mine = fs.fstatSync(this.fd, { bigint: true });
      const named = fs.statSync(this.filePath, { bigint: true, throwIfNoEntry: false });
      if (named && named.ino === mine.ino && named.dev === mine.dev) return this.fd;
      fs.closeSync(this.fd);
      this.fd = undefined;
    }
    this.fd = this.open();
    return this.fd;
  }

  private writeEntry(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    // fstat, not a counter: the other process's entries count too.
    const size = fs.fstatSync(this.current()).size;
    const empty = size <= (this.options.bom ? BOM.length : 0);
    if (!empty && size + bytes.length > this.options.maxBytes) this.rollover();
    fs.writeSync(this.fd as number, bytes);
    if (this.options.durable !== false) fs.fdatasyncSync(this.fd as number);
  }

  override log(info: LogInfo, callback: () => void): void {
    try {
      this.writeEntry(this.options.formatEntry(info));
    } catch (error) {
      this.problems.push(`write to ${this.filePath} failed: ${(error as Error).message}`);
    }
    callback();
  }

  /** Closes the file at once (used when a sibling transport could not be created and this one is dropped). */
  dispose(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  override _final(callback: (error?: Error | null) => void): void {
    try {
      if (this.fd !== undefined) fs.closeSync(this.fd);
      this.fd = undefined;
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }
}

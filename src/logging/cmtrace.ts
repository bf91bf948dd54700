/**
 * One CMTrace (ConfigMgr trace) log entry, the format CMTrace.exe and the Intune/ConfigMgr log viewers parse
 * (docs/reference/fleet-tools.md#cmtrace-line-format):
 *   <![LOG[message]LOG]!><time="HH:mm:ss.fff+BIAS" date="MM-dd-yyyy" component="x" context="" type="1" thread="pid" file="">
 * A multi-line message stays inside ONE <![LOG[...]LOG]!> block, which CMTrace shows as one entry.
 */

export type CmTraceType = 1 | 2 | 3;

export interface CmTraceEntry {
  readonly message: string;
  readonly time: Date;
  readonly component: string;
  /** 1 info, 2 warning (yellow in CMTrace), 3 error (red). */
  readonly type: CmTraceType;
  readonly thread: number;
}

export function cmTraceType(level: string): CmTraceType {
  if (level === 'error') return 3;
  if (level === 'warn' || level === 'warning') return 2;
  return 1;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * The time attribute: local clock time with milliseconds, then the bias in minutes with a sign.
 * ASSUMPTION: the bias is UTC minus local time (JavaScript's getTimezoneOffset, Windows' TIME_ZONE_INFORMATION.Bias,
 * e.g. +300 in New York, -060 in Berlin), as the ConfigMgr client writes it. Writers in the wild disagree on the
 * sign (docs/reference/fleet-tools.md#cmtrace-line-format: PSADT writes the opposite) and CMTrace displays the local clock time either way.
 */
export function cmTraceTime(time: Date): string {
  const bias = time.getTimezoneOffset();
  const sign = bias < 0 ? '-' : '+';
  return (
    `${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}.${pad(time.getMilliseconds(), 3)}` +
    `${sign}${pad(Math.abs(bias), 3)}`
  );
}

export function cmTraceDate(time: Date): string {
  return `${pad(time.getMonth() + 1)}-${pad(time.getDate())}-${time.getFullYear()}`;
}

// Every C0 control character but TAB and LF (CR is gone by then), and DEL.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;

/**
 * Makes a message safe inside <![LOG[...]LOG]!>: the closing marker `]LOG]!>` would end the entry early and an
 * opening marker `<![LOG[` at a line start would look like a new entry, so both are HTML-escaped (still readable in
 * CMTrace). Line breaks become CRLF; other control
 * characters (NUL stops some viewers) become visible `\xNN` text.
 */
export function escapeCmTraceMessage(message: string): string {
  return message
    .replace(/\]LOG\]!>/g, ']LOG]!&gt;')
    .replace(/<!\[LOG\[/g, '&lt;![LOG[')
    .replace(/\r\n|\r|\n/g, '\n')
    .replace(CONTROL_CHARACTERS, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/\n/g, '\r\n');
}

/** Attribute values cannot hold quotes, angle brackets or line breaks. */
function attribute(value: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return value.replace(/["<>\r\n\u0000-\u001f]/g, '_');
}

/** The entry as one CRLF-terminated line (more than one physical line only when the message is multi-line). */
export function formatCmTraceEntry(entry: CmTraceEntry): string {
  return (
    `<![LOG[${escapeCmTraceMessage(entry.message)}]LOG]!>` +
    `<time="${cmTraceTime(entry.time)}" date="${cmTraceDate(entry.time)}" component="${attribute(entry.component)}" ` +
    `context="" type="${entry.type}" thread="${entry.thread}" file="">\r\n`
  );
}

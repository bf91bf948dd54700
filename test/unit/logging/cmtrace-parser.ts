/**
 * A strict CMTrace log parser for tests, reading the way CMTrace does: an entry starts with `<![LOG[`, its message
 * ends at the FIRST `]LOG]!>`, then come the attributes and the line end. Anything else between entries, a second
 * `<![LOG[` at the start of a message line, or a malformed attribute block is a parse error: that is what a hostile
 * message would cause if escaping failed.
 */

export interface ParsedCmTraceEntry {
  readonly message: string;
  readonly time: string;
  readonly date: string;
  readonly component: string;
  readonly context: string;
  readonly type: number;
  readonly thread: string;
  readonly file: string;
}

const ATTRIBUTES =
  /<time="(\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{3})" date="(\d{2}-\d{2}-\d{4})" component="([^"]*)" context="([^"]*)" type="([123])" thread="([^"]*)" file="([^"]*)">\r\n/y;

export function parseCmTrace(content: string): ParsedCmTraceEntry[] {
  let text = content;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const entries: ParsedCmTraceEntry[] = [];
  let at = 0;
  while (at < text.length) {
    if (!text.startsWith('<![LOG[', at)) {
      throw new Error(`expected <![LOG[ at offset ${at}: ${JSON.stringify(text.slice(at, at + 60))}`);
    }
    const start = at + '<![LOG['.length;
    const end = text.indexOf(']LOG]!>', start);
    if (end < 0) throw new Error(`unterminated entry at offset ${at}`);
    const message = text.slice(start, end);
    if (/(^|\n)<!\[LOG\[/.test(message)) throw new Error(`a message line looks like a new entry: ${message}`);
    ATTRIBUTES.lastIndex = end + ']LOG]!>'.length;
    const m = ATTRIBUTES.exec(text);
    if (!m) {
      throw new Error(
        `bad attributes after message ${JSON.stringify(message)}: ${text.slice(end, end + 200)}`,
      );
    }
    entries.push({
      message,
      time: m[1] as string,
      date: m[2] as string,
      component: m[3] as string,
      context: m[4] as string,
      type: Number(m[5]),
      thread: m[6] as string,
      file: m[7] as string,
    });
    at = ATTRIBUTES.lastIndex;
  }
  return entries;
}

/** Undoes the writer's escaping, for comparing a parsed message with what was logged. */
export function unescapeCmTrace(message: string): string {
  return message
    .replace(/\r\n/g, '\n')
    .replace(/\]LOG\]!&gt;/g, ']LOG]!>')
    .replace(/&lt;!\[LOG\[/g, '<![LOG[');
}

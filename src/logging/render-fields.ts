/**
 * Renders an event's structured fields as indented text for the CMTrace log, IN FULL: multi-line strings (raw
 * reagentc output) keep every line, arrays of rows (partition tables) become aligned tables, nested objects are
 * indented. CMTrace shows a multi-line entry as one entry (docs/reference/fleet-tools.md#cmtrace-line-format), so an admin sees the evidence
 * right under the line that announced it.
 */

type Row = Readonly<Record<string, unknown>>;

function isPlainObject(value: unknown): value is Row {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Error);
}

function isScalar(value: unknown): boolean {
  return value === null || ['string', 'number', 'boolean', 'bigint', 'undefined'].includes(typeof value);
}

function scalarText(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return 'null';
  if (typeof value === 'string') return value;
  return String(value);
}

/** JSON.stringify that never throws: bigint as string, Errors as {name, message}, cycles as "[Circular]". */
export function safeJson(value: unknown, indent?: number): string {
  const seen = new WeakSet<object>();
  return (
    JSON.stringify(
      value,
      (_key, v: unknown) => {
        if (typeof v === 'bigint') return v.toString();
        if (v instanceof Error) return { name: v.name, message: v.message };
        if (typeof v === 'object' && v !== null) {
          if (seen.has(v)) return '[Circular]';
          seen.add(v);
        }
        return v;
      },
      indent,
    ) ?? 'undefined'
  );
}

/** True for an array of flat objects (every value scalar), e.g. a partition table. */
function isTable(value: unknown): value is readonly Row[] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((row) => isPlainObject(row) && Object.values(row).every((cell) => isScalar(cell)))
  );
}

function renderTable(rows: readonly Row[], indent: string): string[] {
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const cells = rows.map((row) => columns.map((c) => scalarText(row[c]).replace(/\r?\n/g, ' ')));
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (values: readonly string[]): string =>
    `${indent}${values.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')}`.trimEnd();
  return [line(columns), `${indent}${widths.map((w) => '-'.repeat(w)).join('-+-')}`, ...cells.map(line)];
}

/** A short list of words or numbers reads well as `[a, b]`; output lines (spaces, commas, length) do not. */
function fitsOnOneLine(items: readonly string[]): boolean {
  return (
    items.reduce((n, i) => n + i.length + 2, 0) <= 100 &&
    items.every((i) => i !== '' && i.trim() === i && !i.includes(','))
  );
}

function renderValue(key: string, value: unknown, indent: string, out: string[]): void {
  if (typeof value === 'string' && /[\r\n]/.test(value)) {
    out.push(`${indent}${key}:`);
    for (const line of value.split(/\r\n|\r|\n/)) out.push(`${indent}    ${line}`);
  } else if (isScalar(value)) {
    out.push(`${indent}${key}: ${scalarText(value)}`);
  } else if (value instanceof Error) {
    out.push(`${indent}${key}: ${value.name}: ${value.message}`);
  } else if (isTable(value)) {
    out.push(`${indent}${key}: (${value.length} row${value.length === 1 ? '' : 's'})`);
    out.push(...renderTable(value, `${indent}    `));
  } else if (Array.isArray(value) && value.every((v) => isScalar(v) && !/[\r\n]/.test(scalarText(v)))) {
    const items = value.map((v) => scalarText(v));
    if (fitsOnOneLine(items)) {
      out.push(`${indent}${key}: [${items.join(', ')}]`);
    } else {
      // Lines of tool output (a script's stdout as an array): one per line, verbatim, like a multi-line string.
      out.push(`${indent}${key}: (${items.length} lines)`);
      for (const item of items) out.push(`${indent}    ${item}`);
    }
  } else if (Array.isArray(value)) {
    out.push(`${indent}${key}:`);
    value.forEach((item, i) => renderValue(`[${i}]`, item, `${indent}  `, out));
  } else if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) {
      out.push(`${indent}${key}: {}`);
      return;
    }
    out.push(`${indent}${key}:`);
    for (const [k, v] of entries) renderValue(k, v, `${indent}  `, out);
  } else {
    out.push(`${indent}${key}: ${safeJson(value)}`);
  }
}

/** The fields as indented lines (no trailing newline); empty string when there are none. */
export function renderFields(fields: Readonly<Record<string, unknown>>): string {
  const out: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    renderValue(key, value, '  ', out);
  }
  return out.join('\n');
}

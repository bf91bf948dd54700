/** CSV as RFC 4180 says: CRLF line ends; a field with a comma, quote, CR or LF is quoted and its quotes doubled. */

export function csvField(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Text that came from report files (which any PC could have written) must not become a formula when an admin
 * opens the CSV in Excel (OWASP "CSV injection"): a leading = + - @ TAB or CR gets a leading apostrophe.
 */
export function csvText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  return csvField(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
}

export function csvRow(fields: readonly string[]): string {
  return `${fields.join(',')}\r\n`;
}

/** Accumulates rows and hands them to `sink` in ~64 KiB chunks, so a 100,000-row file never sits in memory. */
export class CsvChunker {
  private parts: string[] = [];
  private size = 0;
  constructor(private readonly sink: (chunk: string) => void) {}

  add(row: string): void {
    this.parts.push(row);
    this.size += row.length;
    if (this.size >= 65_536) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    this.sink(this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
}

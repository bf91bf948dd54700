/** The roll-up for people (a text table) and for spreadsheets (CSV, one row per computer). */
import { formatDuration } from '../logging/events';
import { csvField, csvRow, csvText, CsvChunker } from './csv';
import { NEEDS_ACTION, sortComputers, VERDICTS, type FleetRollup, type FleetSummary } from './rollup';

function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  rightAlign: ReadonlySet<number>,
): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (rightAlign.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`;
}

function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 3)}...`;
}

/** The human roll-up. `summary.needsAction` is already limited by the caller; `needsActionCount` is the total. */
export function renderRollupText(summary: FleetSummary): string {
  const out: string[] = [];
  out.push(`winre-fix fleet report of ${summary.folder}`);
  out.push(
    `${summary.filesSeen} file(s): ${summary.validReports} valid report(s), ${summary.invalid.count} invalid; ` +
      `${summary.computers} computer(s), latest report each (${summary.supersededReports} older report(s) superseded)` +
      (summary.simulatedComputers ? `; ${summary.simulatedComputers} SIMULATED` : ''),
  );
  out.push('');
  out.push(
    ...table(
      ['Verdict', 'Computers', 'Share'],
      VERDICTS.map((v) => [
        v,
        String(summary.byVerdict[v]),
        percent(summary.byVerdict[v], summary.computers),
      ]),
      new Set([1, 2]),
    ),
  );
  if (summary.byReason.length) {
    out.push('');
    out.push(
      ...table(
        ['Reason code', 'Computers'],
        summary.byReason.map((r) => [r.code, String(r.computers)]),
        new Set([1]),
      ),
    );
  }
  if (summary.byExitCode.length) {
    out.push('');
    out.push(
      ...table(
        ['Exit code', 'Computers'],
        summary.byExitCode.map((r) => [String(r.exitCode), String(r.computers)]),
        new Set([0, 1]),
      ),
    );
  }
  const o = summary.outcome;
  if (o.bytesTakenFromOs.computers || o.winreDisabled.computers || o.rebootRequired || o.failedSteps.length) {
    out.push('');
    out.push('Outcome of the latest runs');
    out.push(`  restart required: ${o.rebootRequired} computer(s)`);
    if (o.bytesTakenFromOs.computers) {
      out.push(
        `  C: shrunk on ${o.bytesTakenFromOs.computers} computer(s): ${mib(o.bytesTakenFromOs.total)} in all, ` +
          `at most ${mib(o.bytesTakenFromOs.max)}`,
      );
    }
    if (o.winreDisabled.computers) {
      out.push(
        `  WinRE disabled on ${o.winreDisabled.computers} computer(s): mean ${formatDuration(o.winreDisabled.meanMs)}, ` +
          `longest ${formatDuration(o.winreDisabled.maxMs)} ` +
          `(${o.winreDisabled.buckets.map((b) => `${b.label}: ${b.computers}`).join(', ')})`,
      );
    }
    if (o.failedSteps.length) {
      out.push(`  failed step: ${o.failedSteps.map((f) => `${f.step} ${f.computers}`).join(', ')}`);
    }
  }
  out.push('');
  if (summary.needsActionCount === 0) {
    out.push('No computer needs action.');
  } else {
    out.push(`Computers that need action: ${summary.needsActionCount}`);
    out.push(
      ...table(
        ['Computer', 'Verdict', 'Exit', 'Finished (UTC)', 'Why'],
        summary.needsAction.map((r) => [
          r.computerName,
          r.verdict,
          String(r.exitCode),
          r.finishedAt.replace('T', ' ').replace(/\.\d+/, '').replace('Z', ''),
          shorten(
            r.reasonCodes.length ? `${r.reasonCodes.join(', ')}: ${r.why}` : r.why || '(no reason given)',
            100,
          ),
        ]),
        new Set([2]),
      ),
    );
    const hidden = summary.needsActionCount - summary.needsAction.length;
    if (hidden > 0) out.push(`... and ${hidden} more (all of them are in the --csv file).`);
  }
  if (summary.invalid.count) {
    out.push('');
    out.push(
      `Invalid report files: ${summary.invalid.count}` +
        (summary.invalid.count > summary.invalid.samples.length
          ? ` (first ${summary.invalid.samples.length})`
          : ''),
    );
    for (const s of summary.invalid.samples) out.push(`  ${s.file}: ${shorten(s.problem, 160)}`);
  }
  return `${out.join('\n')}\n`;
}

export const CSV_COLUMNS = [
  'computerName',
  'verdict',
  'needsAction',
  'exitCode',
  'reasonCodes',
  'why',
  'finishedAt',
  'command',
  'toolVersion',
  'runId',
  'simulated',
  'winreDisabledMs',
  'bytesTakenFromOs',
  'failedStep',
  'rebootRequired',
  'file',
] as const;

/**
 * One row per computer (its latest report), most urgent first: the file an admin filters in a spreadsheet.
 * Written through `sink` in chunks; starts with a UTF-8 byte-order mark so Excel reads non-ASCII names and
 * Chinese messages correctly.
 */
export function writeRollupCsv(rollup: FleetRollup, sink: (chunk: string) => void): number {
  const chunker = new CsvChunker(sink);
  chunker.add(`\uFEFF${csvRow([...CSV_COLUMNS])}`);
  let rows = 0;
  for (const c of sortComputers(rollup.computers.values())) {
    chunker.add(
      csvRow([
        csvText(c.computerName),
        csvField(c.verdict),
        csvField(NEEDS_ACTION.has(c.verdict) ? 'yes' : 'no'),
        csvField(c.exitCode),
        csvText(c.reasonCodes),
        csvText(c.reasonMessages),
        csvField(c.finishedAt),
        csvText(c.command),
        csvText(c.toolVersion),
        csvText(c.runId),
        csvField(c.simulated ? 'yes' : 'no'),
        csvField(c.winreDisabledMs),
        csvField(c.bytesTakenFromOs),
        csvText(c.failedStep),
        csvField(c.rebootRequired ? 'yes' : 'no'),
        csvText(c.file),
      ]),
    );
    rows += 1;
  }
  chunker.flush();
  return rows;
}

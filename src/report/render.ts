/** The roll-up for people (a text table) and for spreadsheets (CSV, one row per computer). */
import { formatDuration } from '../logging/events';
import { csvField, csvRow, csvText, CsvChunker } from './csv';
import { displayWidth, rollupMessages, type Language } from './messages';
import { NEEDS_ACTION, sortComputers, VERDICTS, type FleetRollup } from './fleet-state';
import type { FleetSummary } from './fleet-summary';

function pad(text: string, width: number, right: boolean): string {
  const fill = ' '.repeat(Math.max(0, width - displayWidth(text)));
  return right ? fill + text : text + fill;
}

/** An aligned text table; widths are terminal columns, so Chinese text lines up too. */
function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  rightAlign: ReadonlySet<number>,
): string[] {
  const widths = headers.map((h, i) =>
    Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))),
  );
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => pad(c, widths[i] ?? 0, rightAlign.has(i)))
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
export function renderRollupText(summary: FleetSummary, language: Language = 'en'): string {
  const t = rollupMessages(language);
  const out: string[] = [];
  out.push(t.title(summary.folder));
  out.push(
    t.files({
      files: summary.filesSeen,
      valid: summary.validReports,
      invalid: summary.invalid.count,
      computers: summary.computers,
      superseded: summary.supersededReports,
      simulated: summary.simulatedComputers,
    }),
  );
  out.push('');
  out.push(
    ...table(
      [t.verdict, t.computers, t.share],
      VERDICTS.map((v) => [
        t.verdictLabel(v),
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
        [t.reasonCode, t.computers, t.remedy],
        summary.byReason.map((r) => [r.code, String(r.computers), shorten(r.remedy ?? '', 120)]),
        new Set([1]),
      ),
    );
  }
  if (summary.byToolVersion.length) {
    out.push('');
    out.push(
      ...table(
        [t.toolVersion, t.computers, t.share],
        summary.byToolVersion.map((v) => [
          v.version,
          String(v.computers),
          percent(v.computers, summary.computers),
        ]),
        new Set([1, 2]),
      ),
    );
  }
  if (summary.byExitCode.length) {
    out.push('');
    out.push(
      ...table(
        [t.exitCode, t.computers],
        summary.byExitCode.map((r) => [String(r.exitCode), String(r.computers)]),
        new Set([0, 1]),
      ),
    );
  }
  const o = summary.outcome;
  if (o.bytesTakenFromOs.computers || o.winreDisabled.computers || o.rebootRequired || o.failedSteps.length) {
    out.push('');
    out.push(t.outcomeTitle);
    out.push(t.restartRequired(o.rebootRequired));
    if (o.bytesTakenFromOs.computers) {
      out.push(
        t.shrunk(o.bytesTakenFromOs.computers, mib(o.bytesTakenFromOs.total), mib(o.bytesTakenFromOs.max)),
      );
    }
    if (o.winreDisabled.computers) {
      out.push(
        t.winreDisabled(
          o.winreDisabled.computers,
          formatDuration(o.winreDisabled.meanMs),
          formatDuration(o.winreDisabled.maxMs),
          o.winreDisabled.buckets.map((b) => `${b.label}: ${b.computers}`).join(', '),
        ),
      );
    }
    if (o.failedSteps.length) {
      out.push(t.failedSteps(o.failedSteps.map((f) => `${f.step} ${f.computers}`).join(', ')));
    }
  }
  out.push('');
  if (summary.needsActionCount === 0) {
    out.push(t.noneNeedsAction);
  } else {
    out.push(t.needsAction(summary.needsActionCount));
    out.push(
      ...table(
        [t.computer, t.verdict, t.exit, t.finished, t.why],
        summary.needsAction.map((r) => [
          r.computerName,
          t.verdictLabel(r.verdict),
          String(r.exitCode),
          r.finishedAt.replace('T', ' ').replace(/\.\d+/, '').replace('Z', ''),
          shorten(r.reasonCodes.length ? `${r.reasonCodes.join(', ')}: ${r.why}` : r.why || t.noReason, 100),
        ]),
        new Set([2]),
      ),
    );
    const hidden = summary.needsActionCount - summary.needsAction.length;
    if (hidden > 0) out.push(t.more(hidden));
  }
  const when = (iso: string) => iso.replace('T', ' ').replace(/\.\d+/, '').replace('Z', '');
  const pcList = (title: string, count: number, rows: FleetSummary['stale']['rows']) => {
    if (count === 0) return;
    out.push('', title);
    out.push(
      ...table(
        [t.computer, t.verdict, t.lastReport, t.toolVersion],
        rows.map((r) => [r.computerName, t.verdictLabel(r.verdict), when(r.finishedAt), r.toolVersion]),
        new Set<number>(),
      ),
    );
    if (count > rows.length) out.push(t.more(count - rows.length));
  };
  pcList(t.restartList(summary.restartNeeded.count), summary.restartNeeded.count, summary.restartNeeded.rows);
  const w = summary.winre;
  if (w.computers > 0) {
    out.push(
      '',
      t.winreTitle({
        judged: w.computers,
        ...w.byStatus,
        baselines: w.baselines.map((b) => `"${b.name}"`).join(', '),
      }),
    );
    out.push(
      ...table(
        [t.winreFamily, t.computers, t.winreOutdated, t.winreVersions],
        w.byFamily.map((f) => [
          f.family === null ? t.winreUnknownFamily : String(f.family),
          String(f.computers),
          String(f.outdated),
          shorten(f.versions.map((v) => `${v.version} (${v.computers})`).join(', '), 100),
        ]),
        new Set([1, 2]),
      ),
    );
    pcList(
      t.winreNoRoom(w.outdatedWithoutRoom.count),
      w.outdatedWithoutRoom.count,
      w.outdatedWithoutRoom.rows,
    );
  }
  pcList(
    t.staleList(summary.stale.count, summary.stale.days, when(summary.stale.asOf)),
    summary.stale.count,
    summary.stale.rows,
  );
  if (summary.beforeSince.count > 0)
    out.push('', t.beforeSince(summary.beforeSince.count, when(summary.beforeSince.since ?? '')));
  if (summary.invalid.count) {
    out.push('');
    out.push(t.invalidFiles(summary.invalid.count, summary.invalid.samples.length));
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
  'runLog',
  // Last, so spreadsheets built on the earlier columns keep working: the PC's SMBIOS UUID (else MachineGuid).
  'deviceId',
  // The WinRE image version and how it compares with the baseline (docs/winre-patch-level.md).
  'winreVersion',
  'winrePatchStatus',
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
        csvText(c.runLog),
        csvText(c.deviceId),
        csvText(c.winre?.version ?? null),
        csvText(c.winre?.status ?? null),
      ]),
    );
    rows += 1;
  }
  chunker.flush();
  return rows;
}

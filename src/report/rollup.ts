/**
 * The fleet roll-up behind `winre-fix report <folder>`: many run reports (one per run per PC, collected from the
 * fleet) reduced to the state of each PC and counts over the fleet.
 *
 * Streaming: report-files.ts reads the folder one file at a time into one reused buffer; fleet-state.ts keeps per
 * computer only what the output needs (the latest report wins); only a bounded list of invalid files is kept. So
 * memory grows with the number of PCs, not with the number or size of reports. fleet-summary.ts counts over the
 * PCs; render.ts prints the table and writes the CSV.
 */
import * as path from 'node:path';
import { FleetState, type FleetRollup, type InvalidReport } from './fleet-state';
import { readReports } from './report-files';

export type { ComputerState, FleetRollup, InvalidReport } from './fleet-state';
export { summarize, type FleetSummary, type SummaryOptions } from './fleet-summary';

export interface RollupOptions {
  /** How many invalid files to name (all are counted). Default 20. */
  readonly invalidSampleLimit?: number;
  /** Larger files are invalid without being parsed (a run report is a few KiB). Default 1 MiB. */
  readonly maxFileBytes?: number;
  /** Walk sub-folders too (a collection share often has one folder per PC). Default true. */
  readonly recursive?: boolean;
  /** Called after each file (the benchmark samples memory here). */
  readonly onProgress?: (filesSeen: number) => void;
  /** Only reports that finished at or after this time count (`--since`); older ones are counted, not used. */
  readonly sinceMs?: number;
}

export async function rollUpReports(folder: string, options: RollupOptions = {}): Promise<FleetRollup> {
  const sampleLimit = options.invalidSampleLimit ?? 20;
  const state = new FleetState(folder, options.sinceMs);
  const invalidSamples: InvalidReport[] = [];
  let filesSeen = 0;
  let invalidCount = 0;
  const reads = readReports(folder, {
    recursive: options.recursive ?? true,
    maxFileBytes: options.maxFileBytes ?? 1024 * 1024,
  });
  for await (const read of reads) {
    if (read.kind !== 'unreadable-folder') filesSeen += 1;
    if (read.kind === 'report') {
      state.add(read.report, read.file);
    } else {
      invalidCount += 1;
      if (invalidSamples.length < sampleLimit)
        invalidSamples.push({ file: path.relative(folder, read.file), problem: read.problem });
    }
    if (read.kind !== 'unreadable-folder') options.onProgress?.(filesSeen);
  }
  return {
    folder,
    filesSeen,
    validReports: state.validReports,
    supersededReports: state.supersededReports,
    invalidCount,
    invalidSamples,
    beforeSince: state.beforeSince,
    computers: state.computers,
  };
}

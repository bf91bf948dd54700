/**
 * Keeps a folder of per-run files (run logs, routine check reports) to its newest `keep` entries, so a PC that
 * runs detection every day for years holds a bounded amount, while the evidence of the last runs stays. Only
 * regular files whose name matches are considered; nothing is deleted through a link (no-follow.ts), and a file
 * that cannot be deleted is left (reported), never a reason to fail the run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { removeFileNoFollow } from '../adapters/fs/no-follow';

export function keepNewest(dir: string, keep: number, pattern: RegExp): string[] {
  const problems: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return problems; // no folder yet: nothing to prune
  }
  const files = names
    .filter((n) => pattern.test(n))
    .map((n) => {
      const full = path.join(dir, n);
      const stat = fs.lstatSync(full, { throwIfNoEntry: false });
      return stat?.isFile() ? { full, mtimeMs: stat.mtimeMs, name: n } : undefined;
    })
    .filter((f): f is { full: string; mtimeMs: number; name: string } => f !== undefined)
    // Newest first; names (which start with a UTC run id) break ties.
    .sort((a, b) => b.mtimeMs - a.mtimeMs || b.name.localeCompare(a.name));
  for (const old of files.slice(keep)) {
    try {
      removeFileNoFollow(old.full);
    } catch (error) {
      problems.push(`could not remove ${old.full}: ${(error as Error).message}`);
    }
  }
  return problems;
}

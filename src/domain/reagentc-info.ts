/**
 * Parses `reagentc /info` output in any display language without reading a single localized label.
 *
 * What does NOT change across languages (docs/reference/reagentc.md#what-stays-the-same-in-every-language, from en-US and zh-CN captures and the
 * ja/fr/de/ru reports):
 *  - the status VALUE `Enabled` / `Disabled` (only made-up fixtures and translated KB prose say `Aktiviert`, ...);
 *  - the location `\\?\GLOBALROOT\device\harddisk<N>\partition<M>\Recovery\WindowsRE` (empty when disabled);
 *  - the BCD identifier: a bare lower-case GUID without braces (old GUID or all zeros while disabled);
 *  - version numbers (`10.0.26100.8235`, `0.0.0.0`);
 *  - the body order: status is the first `label: value` line of the body.
 * What does change: labels, padding (CJK characters count two columns), 7 or 8 body lines, trailing spaces, which
 * stream the `REAGENTC.EXE:` lines arrive on (docs/reference/reagentc.md#output-streams-and-exit-codes), `REAGENTC.EXE :` with a space on French
 * systems (inferred from winrecfg), and even the language itself (English output on a zh-CN system, section 10).
 */
import type { ReAgentCInfo } from './snapshot';

export interface ReAgentCRun {
  readonly exitCode: number;
  readonly stdout: readonly string[];
  readonly stderr: readonly string[];
}

/** `REAGENTC.EXE: Operation Successful.` and failure lines; never part of the body. */
const PROGRAM_LINE = /^\s*REAGENTC\.EXE\s*[:：]/i;
/** A `label: value` line. ASSUMPTION: a full-width colon is accepted too; every real capture uses ASCII ':'. */
const LABEL_VALUE = /^(\s*)([^:：]+?)\s*[:：]\s*(.*?)\s*$/;
/** Multi-digit disk and partition numbers; the path is never localized (docs/reference/reagentc.md#language-independent-parsing). */
const GLOBALROOT_PATH = /\\\\\?\\GLOBALROOT\\device\\harddisk(\d+)\\partition(\d+)(?:\\[^\s]*)?/i;
/** A bare GUID (reagentc prints the BCD id without braces); not one inside `Volume{...}`. */
const BARE_GUID = /(?<![{\w-])([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![}\w-])/i;
const VERSION_VALUE = /^\d+\.\d+\.\d+\.\d+$/;

interface BodyLine {
  readonly indented: boolean;
  readonly value: string;
  readonly raw: string;
}

function bodyLines(lines: readonly string[]): BodyLine[] {
  const out: BodyLine[] = [];
  for (const raw of lines) {
    if (PROGRAM_LINE.test(raw)) continue;
    const m = LABEL_VALUE.exec(raw);
    if (!m) continue;
    out.push({ indented: (m[1] ?? '').length > 0, value: m[3] ?? '', raw });
  }
  return out;
}

function statusOf(lines: readonly BodyLine[]): ReAgentCInfo['status'] {
  // Real output indents the body 4 spaces; pasted copies may have lost the indent (E5, ZH6). The title and
  // `Information:` lines are not indented and carry no value, so "first line with a value" skips them.
  const indented = lines.filter((l) => l.indented);
  const candidates = indented.length > 0 ? indented : lines;
  const first = candidates.find((l) => l.value.length > 0);
  if (!first) return 'Unknown';
  if (/^enabled$/i.test(first.value)) return 'Enabled';
  if (/^disabled$/i.test(first.value)) return 'Disabled';
  return 'Unknown';
}

export function parseReAgentCInfo(run: ReAgentCRun): ReAgentCInfo {
  const all = [...run.stdout, ...run.stderr];
  const body = bodyLines(all);

  let location: ReAgentCInfo['location'] = null;
  for (const line of all) {
    const m = GLOBALROOT_PATH.exec(line);
    if (m) {
      location = { diskNumber: Number(m[1]), partitionNumber: Number(m[2]), path: m[0] };
      break;
    }
  }

  let bcdId: string | null = null;
  for (const line of body) {
    if (/GLOBALROOT|Volume\{/i.test(line.raw)) continue;
    const m = BARE_GUID.exec(line.value);
    if (m?.[1]) {
      bcdId = m[1].toLowerCase();
      break;
    }
  }

  const versionLine = body.find((l) => VERSION_VALUE.test(l.value));

  return {
    exitCode: run.exitCode,
    status: statusOf(body),
    location,
    bcdId,
    version: versionLine ? versionLine.value : null,
  };
}

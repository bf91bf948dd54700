/**
 * Reads the few ReAgent.xml fields the planner cross-checks against `reagentc /info`: the language-independent
 * record of the WinRE configuration (docs/reference/reagentc.md#language-independent-parsing; docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml).
 *
 * The file is small, flat and machine-written (self-closing elements, one per line or collapsed), so attributes are
 * read with a tolerant scanner instead of an XML library (src/domain is dependency-free): single or double quotes,
 * any attribute order, any whitespace, a UTF-8 BOM, and a blog-escaped `\\Recovery\\WindowsRE` all parse.
 * Microsoft does not document the file; the meanings below are community readings (docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml).
 */
import type { ReAgentXmlFacts } from './snapshot';

const ZERO_GUID = '{00000000-0000-0000-0000-000000000000}';

function element(text: string, name: string): Record<string, string> | null {
  const m = new RegExp(`<${name}\\b([^>]*)/?>`, 'i').exec(text);
  if (!m) return null;
  const attrs: Record<string, string> = {};
  const re = /([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let a = re.exec(m[1] ?? ''); a; a = re.exec(m[1] ?? '')) {
    attrs[(a[1] ?? '').toLowerCase()] = a[2] ?? a[3] ?? '';
  }
  return attrs;
}

function integer(value: string | undefined): number | null {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return null;
  const n = Number(value.trim());
  return Number.isSafeInteger(n) ? n : null;
}

function guid(value: string | undefined): string | null {
  if (value === undefined) return null;
  const m = /^\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?$/i.exec(value.trim());
  return m?.[1] ? m[1].toLowerCase() : null;
}

/**
 * `text` is the file's content, or null when the file does not exist.
 * - `installState`: InstallState/@state (1 = installed/enabled, 0 = not).
 * - `winreBcdId`: WinreBCD/@id, lower-case WITHOUT braces so it compares with reagentc's BCD id as is;
 *   the all-zero GUID is kept (it means "no entry", the planner decides).
 * - `winreLocation`: null when the element is missing or empty (path "" and offset 0: nothing registered, as in
 *   the staged example, docs/reference/reagentc.md#where-winrewim-lives-and-reagentxml). `id` is the disk number on GPT or the MBR disk signature in
 *   decimal; `guid` is braced lower-case (all zeros on MBR).
 */
export function parseReAgentXml(text: string | null): ReAgentXmlFacts {
  if (text === null)
    return { present: false, installState: null, winreBcdId: null, winreLocation: null, imageLocation: null };

  const install = element(text, 'InstallState');
  const bcd = element(text, 'WinreBCD');
  const loc = element(text, 'WinreLocation');

  let winreLocation: ReAgentXmlFacts['winreLocation'] = null;
  if (loc) {
    const path = (loc['path'] ?? '').replace(/\\\\/g, '\\');
    const offset = integer(loc['offset']);
    const id = integer(loc['id']);
    const locGuid = guid(loc['guid']);
    const empty = path === '' && (offset === null || offset === 0);
    if (!empty && offset !== null && id !== null) {
      winreLocation = { path, id, offset, guid: locGuid ? `{${locGuid}}` : ZERO_GUID };
    }
  }

  // ImageLocation: a staged image (reagentc /setreimage, or an image captured on another PC: Microsoft's MBR
  // example). Empty is `path=""` with offset 0.
  const img = element(text, 'ImageLocation');
  let imageLocation: ReAgentXmlFacts['imageLocation'] = null;
  if (img) {
    const path = (img['path'] ?? '').replace(/\\\\/g, '\\');
    const offset = integer(img['offset']) ?? 0;
    if (path !== '' || offset !== 0) imageLocation = { path, id: integer(img['id']) ?? 0, offset };
  }

  return {
    present: true,
    installState: integer(install?.['state']),
    winreBcdId: guid(bcd?.['id']),
    winreLocation,
    imageLocation,
  };
}

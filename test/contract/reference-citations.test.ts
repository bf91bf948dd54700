/**
 * Citations a maintainer can open. The facts the code relies on live in docs/reference/ (own words, public sources);
 * comments, schemas, fixtures and docs cite them as `docs/reference/<page>.md#<anchor>`. This test fails when a
 * tracked file points outside the repository (notes that were never part of it), when a cited page does not exist,
 * or when a cited anchor is not a heading of that page.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../src/project-root';

const root = projectRoot();
const REFERENCE_DIR = path.join(root, 'docs', 'reference');

/** Tracked files plus new ones not yet committed (so the test also guards a working tree), regular files only. */
function repositoryFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return [...new Set(out.split('\0').filter(Boolean))].filter((rel) => {
    const st = fs.lstatSync(path.join(root, rel), { throwIfNoEntry: false });
    return st?.isFile() === true;
  });
}

/** GitHub's heading anchor: lower case, punctuation dropped (letters, digits, '-', '_' and spaces kept), spaces to '-'. */
export function headingSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a Markdown page offers: one per heading outside code fences, duplicates numbered as GitHub does. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fence = false;
  for (const line of markdown.split(/\r?\n/)) {
    if (/^\s*(```|~~~)/.test(line)) fence = !fence;
    if (fence) continue;
    const m = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = headingSlug(m[1] ?? '');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

interface Citation {
  file: string;
  line: number;
  page: string;
  anchor: string | undefined;
}

/** `reference/<page>.md#<anchor>` anywhere (docs/ prefix or relative), and relative links inside docs/reference. */
export function citationsIn(file: string, text: string): Citation[] {
  const found: Citation[] = [];
  const lines = text.split(/\r?\n/);
  const inReference = file.startsWith('docs/reference/');
  lines.forEach((lineText, i) => {
    for (const m of lineText.matchAll(/(?:^|[^\w/.-])(?:docs\/)?reference\/([\w-]+\.md)(?:#([\w-]+))?/g)) {
      found.push({ file, line: i + 1, page: m[1] ?? '', anchor: m[2] });
    }
    if (inReference) {
      for (const m of lineText.matchAll(/\]\((?:\.\/)?([\w-]+\.md)?(?:#([\w-]+))?\)/g)) {
        if (!m[1] && !m[2]) continue;
        found.push({ file, line: i + 1, page: m[1] ?? path.basename(file), anchor: m[2] });
      }
    }
  });
  return found;
}

describe('citations resolve inside the repository', () => {
  const files = repositoryFiles();
  // Built from parts so this file does not trip its own check.
  const forbidden = ['..' + '/shared', '/work' + '/shared', 'shared' + '/reference'];

  it('sees the repository (sanity: the file list includes this test and the reference pages)', () => {
    expect(files).toContain('test/contract/reference-citations.test.ts');
    expect(files).toContain('docs/reference/README.md');
  });

  it('no file points at notes outside the repository', () => {
    const hits: string[] = [];
    for (const rel of files) {
      const text = fs.readFileSync(path.join(root, rel), 'latin1');
      text.split('\n').forEach((lineText, i) => {
        for (const needle of forbidden)
          if (lineText.includes(needle)) hits.push(`${rel}:${i + 1}: ${needle}`);
      });
    }
    expect(hits).toEqual([]);
  });

  it('every cited docs/reference page exists and every cited anchor is one of its headings', () => {
    const pages = new Map<string, Set<string>>();
    for (const name of fs.readdirSync(REFERENCE_DIR)) {
      if (name.endsWith('.md'))
        pages.set(name, anchorsOf(fs.readFileSync(path.join(REFERENCE_DIR, name), 'utf8')));
    }
    const broken: string[] = [];
    let count = 0;
    for (const rel of files) {
      if (!/\.(ts|mts|mjs|js|json|md|ps1|psd1|psm1|txt|yml|yaml)$/.test(rel) && !rel.startsWith('.ci/'))
        continue;
      for (const c of citationsIn(rel, fs.readFileSync(path.join(root, rel), 'utf8'))) {
        count++;
        const anchors = pages.get(c.page);
        if (!anchors) broken.push(`${c.file}:${c.line}: no page docs/reference/${c.page}`);
        else if (c.anchor !== undefined && !anchors.has(c.anchor))
          broken.push(`${c.file}:${c.line}: no heading #${c.anchor} in docs/reference/${c.page}`);
      }
    }
    expect(broken).toEqual([]);
    // The repository does cite the reference pages (hundreds of places); zero would mean the scan found nothing.
    expect(count).toBeGreaterThan(100);
  });
});

describe('the checks themselves', () => {
  it('slugs headings as GitHub does', () => {
    expect(headingSlug("Microsoft's sample script")).toBe('microsofts-sample-script');
    expect(headingSlug('Where Winre.wim lives and ReAgent.xml')).toBe('where-winrewim-lives-and-reagentxml');
    expect(headingSlug('F12 Shrink refused near SizeMin')).toBe('f12-shrink-refused-near-sizemin');
  });

  it('finds citations and tells a missing anchor from a present one', () => {
    const page = anchorsOf('# Title\n\n## Real layouts\n\n```\n## not a heading\n```\n## Real layouts\n');
    expect([...page]).toEqual(['title', 'real-layouts', 'real-layouts-1']);
    const cited = citationsIn(
      'src/x.ts',
      // The missing page is assembled so the repository-wide scan above does not see it.
      '// see docs/reference/partition-layouts.md#real-layouts and docs/reference/' + 'nope.md#x',
    );
    expect(cited.map((c) => `${c.page}#${c.anchor ?? ''}`)).toEqual([
      'partition-layouts.md#real-layouts',
      'nope.md#x',
    ]);
    expect(citationsIn('docs/a.md', '[t](reference/bitlocker.md#suspending-protection)')[0]?.anchor).toBe(
      'suspending-protection',
    );
  });
});

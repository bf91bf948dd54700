/**
 * One copy of each fact per language. A fact written twice drifts: a test copy of the basic-data GPT type once
 * read `...-68b99b87c7e7` instead of `...-68b6b72699c7`, and two registry readers disagreed on what a null value
 * is. So: the GPT type GUIDs live once in TypeScript (src/domain/gpt-types.ts), once in the ps-scripts
 * (ps-scripts/lib/GptTypes.ps1) and once in the simulator (simulator/10-Storage.ps1), and the three are equal;
 * the ps-scripts read the registry through one reader and parse `reagentc /info` with one parser.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GPT_TYPE } from '../../src/domain/gpt-types';
import { projectRoot } from '../../src/project-root';

const root = projectRoot();
const read = (rel: string): string => fs.readFileSync(path.join(root, ...rel.split('/')), 'utf8');

function filesUnder(folder: string, ext: RegExp): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (ext.test(entry.name)) out.push(child);
    }
  };
  walk(folder);
  return out.sort();
}

/** Code lines only: PowerShell `#` comments, `<# #>` help and TypeScript comments do not count as copies. */
function codeLines(rel: string): { line: number; text: string }[] {
  let text = read(rel);
  text = rel.endsWith('.ps1')
    ? text.replace(/<#[\s\S]*?#>/g, (m) => m.replace(/[^\n]/g, ''))
    : text.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ''));
  return text
    .split('\n')
    .map((t, i) => ({ line: i + 1, text: t.replace(rel.endsWith('.ps1') ? /(^|\s)#.*$/ : /\/\/.*$/, '') }))
    .filter((l) => l.text.trim().length > 0);
}

const GUIDS = Object.values(GPT_TYPE).map((g) => g.slice(1, -1));

describe('GPT partition type GUIDs: one constant per language', () => {
  it('the ps-scripts table equals the TypeScript one, kind for kind', () => {
    const ps = read('ps-scripts/lib/GptTypes.ps1');
    const table: Record<string, string> = {};
    for (const m of ps.matchAll(/^\s+(\w+)\s*=\s*'(\{[0-9a-f-]+\})'\s*$/gm)) table[m[1]!] = m[2]!;
    expect(table).toEqual({ ...GPT_TYPE });
    expect(ps).toMatch(/ValidateSet\('esp', 'msr', 'basic', 'recovery', 'ldmMetadata', 'ldmData'\)/);
  });

  it("the simulator's one copy equals it too", () => {
    const sim = read('simulator/10-Storage.ps1');
    const get = (name: string) =>
      new RegExp(`^\\$script:${name} = '(\\{[0-9a-f-]+\\})'$`, 'm').exec(sim)?.[1];
    expect({
      basic: get('SimGptBasic'),
      recovery: get('SimGptRecovery'),
      esp: get('SimGptEsp'),
      msr: get('SimGptMsr'),
    }).toEqual({ basic: GPT_TYPE.basic, recovery: GPT_TYPE.recovery, esp: GPT_TYPE.esp, msr: GPT_TYPE.msr });
  });

  it('no other code line in src, build, ps-scripts or the simulator writes a GPT type GUID', () => {
    const allowed = new Set(['src/domain/gpt-types.ts', 'ps-scripts/lib/GptTypes.ps1']);
    const files = [
      ...filesUnder('src', /\.ts$/).filter((f) => !f.startsWith('src/contracts/generated/')),
      ...filesUnder('build', /\.(ts|mjs)$/),
      ...filesUnder('ps-scripts', /\.ps1$/),
      ...filesUnder('simulator', /\.ps1$/),
    ].filter((f) => !allowed.has(f));
    const copies: string[] = [];
    for (const f of files) {
      for (const l of codeLines(f)) {
        if (f === 'simulator/10-Storage.ps1' && /^\$script:SimGpt(Basic|Recovery|Esp|Msr) = /.test(l.text))
          continue;
        if (GUIDS.some((g) => l.text.toLowerCase().includes(g)))
          copies.push(`${f}:${l.line}: ${l.text.trim()}`);
      }
    }
    expect(copies).toEqual([]);
  });
});

describe('the ps-scripts read the registry and reagentc /info one way', () => {
  const scripts = filesUnder('ps-scripts', /\.ps1$/);

  it('one registry reader (ps-scripts/lib/Registry.ps1); no script keeps its own', () => {
    const readers = scripts.filter((f) =>
      codeLines(f).some(
        (l) => /\bGet-ItemProperty(Value)?\b/.test(l.text) || /function\s+Get-\w*Registry/i.test(l.text),
      ),
    );
    // Set-WinReFixStatusRecord writes its own key and reads it back to prove the write; it reads no fact.
    expect(readers).toEqual(['ps-scripts/Set-WinReFixStatusRecord.ps1', 'ps-scripts/lib/Registry.ps1']);
  });

  it('one reagentc /info parser (ConvertFrom-StepReAgentInfo); no script matches the GLOBALROOT path itself', () => {
    const parsers = scripts.filter((f) => codeLines(f).some((l) => /GLOBALROOT\\\\device/.test(l.text)));
    expect(parsers).toEqual(['ps-scripts/lib/StepCommon.ps1']);
  });
});

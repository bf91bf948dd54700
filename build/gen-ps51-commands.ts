/**
 * Generates test/data/ps51-commands.json: the commands, parameters, parameter aliases and command aliases of
 * Windows PowerShell 5.1 and of the Windows 10 1809 / Server 2019 modules our scripts use, read from Microsoft's
 * public cmdlet reference (the SYNTAX and PARAMETERS sections and the `aliases:` front matter of each page).
 * build/Test-Ps51Api.ps1 checks every command and named parameter of ps-scripts/ and the generated packaging
 * scripts against it (docs/ps51-check.md).
 *
 * Sources (git snapshots of the public docs repositories; each module's URL and commit go into the JSON):
 *   https://github.com/MicrosoftDocs/PowerShell-Docs          reference/5.1/<Module>/<Cmdlet>.md
 *   https://github.com/MicrosoftDocs/windows-powershell-docs   docset/winserver2019-ps/<Module>/<Cmdlet>.md
 *
 * Usage (reproducible from a snapshot: any clone or bare mirror of both repositories, at any commit):
 *   npx tsx build/gen-ps51-commands.ts --powershell-docs <git dir> --windows-docs <git dir>
 *     [--powershell-docs-commit <sha>] [--windows-docs-commit <sha>]
 * Without a commit, the snapshot's HEAD is read. Only `git` is run; nothing is downloaded.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..');
export const outputFile = path.join(root, 'test', 'data', 'ps51-commands.json');

/** The modules read, with where each lives. Keep it to the modules the scripts use plus the common ones. */
const MODULES: { repo: 'powershell-docs' | 'windows-docs'; folder: string; module: string }[] = [
  ...[
    'Microsoft.PowerShell.Core',
    'Microsoft.PowerShell.Management',
    'Microsoft.PowerShell.Utility',
    'Microsoft.PowerShell.Security',
    'Microsoft.PowerShell.Diagnostics',
    'Microsoft.PowerShell.Host',
    'Microsoft.PowerShell.Archive',
    'CimCmdlets',
  ].map((module) => ({
    repo: 'powershell-docs' as const,
    folder: `reference/5.1/${module}`,
    module,
  })),
  ...[
    'Storage',
    'BitLocker',
    'DISM',
    'ScheduledTasks',
    'International',
    'TrustedPlatformModule',
    'SecureBoot',
  ].map((module) => ({
    repo: 'windows-docs' as const,
    folder: `docset/winserver2019-ps/${module}`,
    module,
  })),
];

const REPOS = {
  'powershell-docs': 'https://github.com/MicrosoftDocs/PowerShell-Docs',
  'windows-docs': 'https://github.com/MicrosoftDocs/windows-powershell-docs',
};

/**
 * The common parameters of Windows PowerShell 5.1 (about_CommonParameters, 5.1 page). The page also lists
 * ProgressAction, which PowerShell 7.4 added (about_CommonParameters, 7.4 page: "ProgressAction ... added in
 * PowerShell 7.4"), so it is dropped here.
 */
const NOT_IN_51_COMMON = new Set(['ProgressAction']);

interface Parameter {
  aliases: string[];
  switch: boolean;
}
interface Command {
  module: string;
  source: string;
  aliases: string[];
  /** A list, not an object keyed by name: PowerShell's ConvertFrom-Json rejects keys that differ in case only. */
  parameters: (Parameter & { name: string })[];
}

function git(gitDir: string, args: string[]): string {
  return execFileSync('git', ['--git-dir', gitDir, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
}

function resolveGitDir(dir: string): string {
  const dotGit = path.join(dir, '.git');
  return fs.existsSync(dotGit) ? dotGit : dir;
}

/** The sections of a cmdlet page this generator reads. */
export function parseCmdletPage(text: string): {
  title: string | undefined;
  aliases: string[];
  parameters: Record<string, Parameter>;
} {
  const normalized = text.replace(/\r\n/g, '\n');
  const front = /^---\n([\s\S]*?)\n---/.exec(normalized)?.[1] ?? '';
  const title = /^title:\s*(\S+)\s*$/m.exec(front)?.[1];
  const aliases: string[] = [];
  const aliasBlock = /^aliases:\s*\n((?:\s+-\s*.+\n?)+)/m.exec(front);
  if (aliasBlock) {
    for (const m of (aliasBlock[1] ?? '').matchAll(/-\s*(\S+)/g)) aliases.push(m[1] ?? '');
  }

  const parameters: Record<string, Parameter> = {};
  // Parameter names are case-insensitive; a page may spell one two ways (Start-Process: -Verb and -verb).
  const canonical = (name: string): string =>
    Object.keys(parameters).find((k) => k.toLowerCase() === name.toLowerCase()) ?? name;
  const add = (written: string, isSwitch: boolean): string => {
    const name = canonical(written);
    const existing = parameters[name];
    if (existing) existing.switch = existing.switch && isSwitch;
    else parameters[name] = { aliases: [], switch: isSwitch };
    return name;
  };
  const syntax = /\n## SYNTAX\n([\s\S]*?)\n## /.exec(normalized)?.[1] ?? '';
  for (const block of syntax.matchAll(/```[^\n]*\n([\s\S]*?)```/g)) {
    // `[-Name] <Type>`, `-Name <Type>`, `[-Switch]`; <CommonParameters> is not a parameter.
    const text = block[1] ?? '';
    for (const m of text.matchAll(/-([A-Za-z][A-Za-z0-9_]*)\]?(\s*<[^>]+>)?/g)) {
      const before = text[m.index - 1];
      if (before !== undefined && !/[\s[]/.test(before)) continue;
      add(m[1] ?? '', m[2] === undefined);
    }
  }
  const params = /\n## PARAMETERS\n([\s\S]*?)(\n## (?!#)|$)/.exec(normalized)?.[1] ?? '';
  for (const section of `\n${params}`.split(/\n### /).slice(1)) {
    const written = /^-([A-Za-z][A-Za-z0-9_]*)/.exec(section)?.[1];
    if (!written) continue; // "### CommonParameters"
    const type = /^Type:[ \t]*(.+)$/m.exec(section)?.[1]?.trim() ?? '';
    const name = add(written, /SwitchParameter$/.test(type));
    const aliasLine = /^Aliases:[ \t]*(.*)$/m.exec(section)?.[1] ?? '';
    for (const alias of aliasLine.split(',').map((a) => a.trim())) {
      const p = parameters[name];
      if (alias && p && !p.aliases.includes(alias)) p.aliases.push(alias);
    }
  }
  return { title, aliases, parameters };
}

function commonParameters(gitDir: string, commit: string): Record<string, string[]> {
  const page = git(gitDir, [
    'show',
    `${commit}:reference/5.1/Microsoft.PowerShell.Core/About/about_CommonParameters.md`,
  ]);
  const out: Record<string, string[]> = {};
  for (const m of page.matchAll(/^- `(\w+)` \(`(\w+)`\)\s*$/gm)) {
    const [, name = '', alias = ''] = m;
    if (!NOT_IN_51_COMMON.has(name)) out[name] = [alias];
  }
  // The risk-mitigation parameters (only on cmdlets that support ShouldProcess; their pages list them).
  for (const [, name = '', alias = ''] of page.matchAll(/^- `(WhatIf|Confirm)` \((\w+)\)\s*$/gm)) {
    out[name] = [alias];
  }
  if (!out.ErrorAction || !out.WhatIf) throw new Error('about_CommonParameters: list not found');
  return out;
}

/** about_Type_Accelerators (5.1): accelerator name -> full type name, from its "Default type accelerators" table. */
function typeAccelerators(gitDir: string, commit: string): Record<string, string> {
  const page = git(gitDir, [
    'show',
    `${commit}:reference/5.1/Microsoft.PowerShell.Core/About/about_Type_Accelerators.md`,
  ]);
  const out: Record<string, string> = {};
  for (const m of page.matchAll(/^\|\s*(\w+)\s*\|\s*\[([\w.+`]+)\]\(xref:[^)]*\)\s*\|\s*$/gm)) {
    const [, name = '', type = ''] = m;
    out[name] = type;
  }
  if (!out.int || !out.pscustomobject) throw new Error('about_Type_Accelerators: table not found');
  return out;
}

function main(): void {
  const args = process.argv.slice(2);
  const opt = (name: string): string | undefined => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const dirs = {
    'powershell-docs': opt('powershell-docs'),
    'windows-docs': opt('windows-docs'),
  };
  if (!dirs['powershell-docs'] || !dirs['windows-docs']) {
    console.error(
      'usage: tsx build/gen-ps51-commands.ts --powershell-docs <git dir> --windows-docs <git dir> ' +
        '[--powershell-docs-commit <sha>] [--windows-docs-commit <sha>]',
    );
    process.exit(2);
  }
  const gitDirs = {
    'powershell-docs': resolveGitDir(dirs['powershell-docs']),
    'windows-docs': resolveGitDir(dirs['windows-docs']),
  };
  const commits = {
    'powershell-docs': git(gitDirs['powershell-docs'], [
      'rev-parse',
      opt('powershell-docs-commit') ?? 'HEAD',
    ]).trim(),
    'windows-docs': git(gitDirs['windows-docs'], ['rev-parse', opt('windows-docs-commit') ?? 'HEAD']).trim(),
  };

  const commands: Record<string, Command> = {};
  const sources: { module: string; url: string; repository: string; commit: string; path: string }[] = [];
  for (const m of MODULES) {
    const gitDir = gitDirs[m.repo];
    const commit = commits[m.repo];
    const files = git(gitDir, ['ls-tree', '--name-only', `${commit}`, `${m.folder}/`])
      .split('\n')
      .filter((f) => f.endsWith('.md'));
    let count = 0;
    for (const file of files) {
      const page = parseCmdletPage(git(gitDir, ['show', `${commit}:${file}`]));
      const name = page.title ?? path.basename(file, '.md');
      // Module landing pages (<Module>.md) are not commands.
      if (!/^[A-Za-z]+-[A-Za-z0-9]+$/.test(name)) continue;
      commands[name] = {
        module: m.module,
        source: `${REPOS[m.repo]}/blob/${commit}/${file}`,
        aliases: page.aliases.sort(),
        parameters: Object.entries(page.parameters)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([parameter, p]) => ({ name: parameter, ...p })),
      };
      count++;
    }
    if (count === 0) throw new Error(`${m.folder}: no cmdlet page found at ${commit}`);
    sources.push({
      module: m.module,
      url: `${REPOS[m.repo]}/tree/${commit}/${m.folder}`,
      repository: REPOS[m.repo],
      commit,
      path: m.folder,
    });
  }

  const data = {
    description:
      'Commands and parameters of Windows PowerShell 5.1 and the Windows 10 1809 / Server 2019 modules, from ' +
      "Microsoft's public cmdlet reference. Generated by build/gen-ps51-commands.ts; do not edit (docs/ps51-check.md).",
    generator: 'build/gen-ps51-commands.ts',
    sources,
    commonParameters: {
      source: `${REPOS['powershell-docs']}/blob/${commits['powershell-docs']}/reference/5.1/Microsoft.PowerShell.Core/About/about_CommonParameters.md`,
      note: 'ProgressAction is left out: the 5.1 page lists it, but PowerShell 7.4 added it (about_CommonParameters, 7.4).',
      parameters: commonParameters(gitDirs['powershell-docs'], commits['powershell-docs']),
    },
    typeAccelerators: {
      source: `${REPOS['powershell-docs']}/blob/${commits['powershell-docs']}/reference/5.1/Microsoft.PowerShell.Core/About/about_Type_Accelerators.md`,
      // A list, not an object: 'psobject' is a name PowerShell's ConvertFrom-Json cannot take as a property.
      accelerators: Object.entries(
        typeAccelerators(gitDirs['powershell-docs'], commits['powershell-docs']),
      ).map(([name, type]) => ({ name, type })),
    },
    commands: Object.fromEntries(Object.entries(commands).sort(([a], [b]) => a.localeCompare(b))),
  };
  fs.mkdirSync(path.dirname(outputFile), { recursive: true });
  // One line per command keeps the file small and its diffs readable.
  const { commands: all, ...head } = data;
  const body = Object.entries(all)
    .map(([name, c]) => `  ${JSON.stringify(name)}: ${JSON.stringify(c)}`)
    .join(',\n');
  const headText = JSON.stringify(head, null, 2).replace(/\n}$/, '');
  fs.writeFileSync(outputFile, `${headText},\n "commands": {\n${body}\n }\n}\n`);
  console.log(
    `gen-ps51-commands: ${Object.keys(commands).length} commands from ${sources.length} modules -> ${path.relative(root, outputFile)}`,
  );
}

if (require.main === module) main();

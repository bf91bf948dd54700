/**
 * The layers of src/ hold (eslint.config.mjs LAYERS, docs/architecture.md "Layers"): cli -> app -> engine ->
 * domain, adapters and simulation at the edge, report -> logging, and no import cycle. The real tree passes; an
 * import planted against the rules fails, so the check cannot pass by checking nothing (an import the resolver
 * could not resolve would be skipped silently, for instance).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../src/project-root';

interface Linted {
  filePath: string;
  messages: { ruleId: string | null; message: string }[];
}

const LAYER_RULES = ['import-x/no-restricted-paths', 'import-x/no-cycle'];

function lint(input: { files?: string[]; texts?: { filePath: string; text: string }[] }): Linted[] {
  const out = execFileSync(process.execPath, [path.join('test', 'support', 'lint-imports.mjs')], {
    cwd: projectRoot(),
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out) as Linted[];
}

jest.setTimeout(120_000);

/** Imports against the layers, each planted in a file that does not exist (nothing is written to disk). */
const UPWARD: readonly (readonly [name: string, file: string, text: string])[] = [
  [
    'engine -> app (a use case)',
    'src/engine/planted.ts',
    "import { fix } from '../app/fix';\nexport const f = fix;\n",
  ],
  [
    'engine -> app (type only: RunContext, as resume-task.ts once did)',
    'src/engine/planted.ts',
    "import type { RunContext } from '../app/run-context';\nexport type R = RunContext;\n",
  ],
  ['engine -> cli', 'src/engine/planted.ts', "import { main } from '../cli/main';\nexport const m = main;\n"],
  [
    'engine -> the PowerShell adapter',
    'src/engine/facts/planted.ts',
    "import { PowerShellScriptRunner } from '../../adapters/powershell/script-runner';\nexport const r = PowerShellScriptRunner;\n",
  ],
  [
    'packaging -> cli (as return-codes.ts once did)',
    'src/packaging/planted.ts',
    "import { commands } from '../cli/commands';\nexport const c = commands;\n",
  ],
  [
    'domain -> engine',
    'src/domain/planted.ts',
    "import { RunLock } from '../engine/lock';\nexport const l = RunLock;\n",
  ],
  [
    'domain -> errors (the kernel)',
    'src/domain/planted.ts',
    "import { UsageError } from '../errors';\nexport const e = UsageError;\n",
  ],
  [
    'adapters -> simulation (as open-session.ts once did)',
    'src/adapters/powershell/planted.ts',
    "import { simulatorLibrary } from '../../simulation/simulator-library';\nexport const s = simulatorLibrary;\n",
  ],
  [
    'logging -> report (as run-session.ts once did)',
    'src/logging/planted.ts',
    "import { writeRunReport } from '../report/write-report';\nexport const w = writeRunReport;\n",
  ],
  [
    'app -> cli',
    'src/app/planted.ts',
    "import { fixPorts } from '../cli/commands/fix';\nexport const p = fixPorts;\n",
  ],
  [
    'contracts -> engine',
    'src/contracts/planted.ts',
    "import { JournalStore } from '../engine/journal';\nexport const j = JournalStore;\n",
  ],
];

/** Imports down the layers: allowed. */
const DOWNWARD: readonly (readonly [file: string, text: string])[] = [
  ['src/app/planted.ts', "import { RunLock } from '../engine/lock';\nexport const l = RunLock;\n"],
  ['src/cli/planted.ts', "import { fix } from '../app/fix';\nexport const f = fix;\n"],
  [
    'src/simulation/planted.ts',
    "import { JournalStore } from '../engine/journal';\nexport const j = JournalStore;\n",
  ],
];

/** units.ts importing the planner, which imports units.ts. */
const UNITS = path.join('src', 'domain', 'units.ts');
const CYCLE = `${fs.readFileSync(path.join(projectRoot(), UNITS), 'utf8')}\nimport { plan } from './planner';\nexport const cycle = plan;\n`;

function findings(result: Linted | undefined): string[] {
  return (result?.messages ?? [])
    .filter((m) => m.ruleId !== null && LAYER_RULES.includes(m.ruleId))
    .map((m) => `${path.relative(projectRoot(), result?.filePath ?? '')}: ${m.ruleId}: ${m.message}`);
}

let tree: Linted[];
let upward: Linted[];
let downward: Linted[];
let cycle: Linted[];

beforeAll(() => {
  // One ESLint process for everything (each start costs seconds).
  const texts = [
    ...UPWARD.map(([, file, text]) => ({ file, text })),
    ...DOWNWARD.map(([file, text]) => ({ file, text })),
    { file: UNITS, text: CYCLE },
  ].map((t) => ({ filePath: path.join(projectRoot(), t.file), text: t.text }));
  const results = lint({ files: ['src'], texts });
  const real = results.length - texts.length;
  tree = results.slice(0, real);
  upward = results.slice(real, real + UPWARD.length);
  downward = results.slice(real + UPWARD.length, real + UPWARD.length + DOWNWARD.length);
  cycle = results.slice(real + UPWARD.length + DOWNWARD.length);
});

describe('the layers of src/', () => {
  it('the real tree has no import up a layer and no cycle', () => {
    expect(tree.length).toBeGreaterThan(50);
    expect(tree.flatMap(findings)).toEqual([]);
  });

  it.each(UPWARD.map(([name], i) => [name, i] as const))('fails on a planted import: %s', (_name, i) => {
    expect(findings(upward[i]).join('\n')).toMatch(/import-x\/no-restricted-paths/);
  });

  it('allows planted imports down the layers (app -> engine, cli -> app, simulation -> engine)', () => {
    expect(downward).toHaveLength(DOWNWARD.length);
    expect(downward.flatMap(findings)).toEqual([]);
  });

  it('fails on a planted cycle (units.ts importing the planner, which imports units.ts)', () => {
    expect(findings(cycle[0]).join('\n')).toMatch(/import-x\/no-cycle/);
  });
});

/**
 * Schemas are the one source of truth for what crosses the bridge; the TypeScript types follow from them.
 * This fails when src/contracts/generated/ is not exactly what build/gen-types.ts makes of schemas/ now.
 *
 * generateTypes() runs in memory, but in a child Node process: json-schema-to-typescript loads prettier 3,
 * which uses dynamic import(), and jest's module sandbox refuses that without --experimental-vm-modules.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../src/project-root';

jest.setTimeout(120_000);

const root = projectRoot();
const generatedDir = path.join(root, 'src', 'contracts', 'generated');

function generateInChild(): Map<string, string> {
  const code =
    "require('./build/gen-types.ts').generateTypes()" +
    '.then((m) => process.stdout.write(JSON.stringify([...m])))' +
    '.catch((e) => { console.error(e && e.stack ? e.stack : String(e)); process.exit(1); });';
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], {
    cwd: root,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 100_000,
  });
  if (child.status !== 0) throw new Error(`build/gen-types.ts generateTypes() failed:\n${child.stderr}`);
  return new Map(JSON.parse(child.stdout) as [string, string][]);
}

describe('generated contract types', () => {
  let expected: Map<string, string>;
  beforeAll(() => {
    expected = generateInChild();
  });

  it('has one generated file per schema, plus the index', () => {
    const schemas = fs.readdirSync(path.join(root, 'schemas')).filter((f) => f.endsWith('.schema.json'));
    expect([...expected.keys()].sort()).toEqual(
      [...schemas.map((f) => `${f.slice(0, -'.schema.json'.length)}.ts`), 'index.ts'].sort(),
    );
  });

  it('match the schemas exactly (run `npm run gen:types` and commit src/contracts/generated/ if this fails)', () => {
    const problems: string[] = [];
    for (const [file, content] of expected) {
      const target = path.join(generatedDir, file);
      if (!fs.existsSync(target)) problems.push(`src/contracts/generated/${file} is missing`);
      else if (fs.readFileSync(target, 'utf8') !== content)
        problems.push(`src/contracts/generated/${file} differs from what its schema generates`);
    }
    for (const file of fs.existsSync(generatedDir) ? fs.readdirSync(generatedDir) : []) {
      if (!expected.has(file)) problems.push(`src/contracts/generated/${file} has no schema (stale)`);
    }
    if (problems.length > 0) problems.push('Run `npm run gen:types` and commit src/contracts/generated/.');
    expect(problems).toEqual([]);
  });
});

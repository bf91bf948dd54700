/**
 * Writes the fixture library: test/fixtures/machines/<name>.json for every machine in machines.ts, the catalog
 * (test/fixtures/machines/catalog.json) and the built-in simulated PCs (simulator/machines/builtin-<language>.json,
 * copies of the seed case in each language). Run: `npx tsx build/machines/generate.ts`.
 * test/contract/fixtures.test.ts builds the same library in memory and fails when a committed file differs, so
 * edit machines.ts, never the JSON.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as prettier from 'prettier';
import { DOC_FILE, FIXTURE_DIR, buildLibrary, libraryFiles, withMachineTable } from './library';

const root = path.resolve(__dirname, '..', '..');

async function formatJson(value: unknown, file: string): Promise<string> {
  const options = (await prettier.resolveConfig(path.join(root, file))) ?? {};
  return prettier.format(JSON.stringify(value), { ...options, parser: 'json', filepath: file });
}

async function main(): Promise<void> {
  const lib = buildLibrary();
  const files = libraryFiles(lib);
  const dir = path.join(root, ...FIXTURE_DIR.split('/'));
  fs.mkdirSync(dir, { recursive: true });
  fs.mkdirSync(path.join(root, 'simulator', 'machines'), { recursive: true });
  // Remove fixtures of machines that no longer exist (only generated .json files live in this folder).
  for (const f of fs.readdirSync(dir)) {
    if (f.endsWith('.json') && !files.has(`${FIXTURE_DIR}/${f}`)) fs.rmSync(path.join(dir, f));
  }
  for (const [rel, value] of files) {
    fs.writeFileSync(path.join(root, ...rel.split('/')), await formatJson(value, rel));
  }
  // docs/fixtures.md: only the generated table between its markers changes.
  const docPath = path.join(root, ...DOC_FILE.split('/'));
  const doc = withMachineTable(fs.readFileSync(docPath, 'utf8'), lib.catalog);
  fs.writeFileSync(
    docPath,
    await prettier.format(doc, { ...(await prettier.resolveConfig(docPath)), filepath: docPath }),
  );
  console.log(
    `fixtures: wrote ${files.size} files (${lib.machines.length} machines, catalog, ${lib.builtIns.size} built-in machines)`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

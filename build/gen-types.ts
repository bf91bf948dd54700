/**
 * Types follow from schemas (one source of truth): every schemas/*.schema.json becomes
 * src/contracts/generated/<name>.ts. `npm run gen:types` writes them; test/contract/types-drift.test.ts fails
 * when a committed file differs from what the schemas generate now.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compile } from 'json-schema-to-typescript';
import { STEP_KINDS } from '../src/domain/steps/catalogue';

const root = path.resolve(__dirname, '..');
export const generatedDir = path.join(root, 'src', 'contracts', 'generated');

type Json = Record<string, unknown>;
const DEF_REF = /^urn:winre-fix:schema:([a-z0-9-]+)#\/\$defs\/([A-Za-z0-9_]+)$/;

function readSchema(name: string): Json {
  return JSON.parse(fs.readFileSync(path.join(root, 'schemas', `${name}.schema.json`), 'utf8')) as Json;
}

/**
 * A schema may take a definition from another one (`urn:winre-fix:schema:<name>#/$defs/<Def>`: the snapshot's
 * disks are exactly Get-DiskLayout's, defined once there). ajv resolves that itself; for the type generator the
 * definition (and the local definitions it uses) is copied into this schema's $defs under the same name, so the
 * generated types keep their names. Two different definitions under one name are an error, never a guess.
 */
export function bundleDefinitions(schema: Json, file: string): Json {
  const out = structuredClone(schema);
  const defs = ((out['$defs'] as Json | undefined) ?? {}) as Json;
  out['$defs'] = defs;
  const adopt = (from: Json, def: string, origin: string): void => {
    const source = ((from['$defs'] as Json | undefined) ?? {})[def];
    if (source === undefined) throw new Error(`${file}: ${origin} has no $defs/${def}`);
    const existing = defs[def] as Json | undefined;
    if (existing !== undefined && existing['$ref'] === undefined) {
      if (JSON.stringify(existing) !== JSON.stringify(source))
        throw new Error(`${file}: $defs/${def} differs from the one in ${origin}`);
      return;
    }
    defs[def] = structuredClone(source);
    // The adopted definition's own local references must come along.
    for (const local of JSON.stringify(source).matchAll(/"#\/\$defs\/([A-Za-z0-9_]+)"/g))
      adopt(from, local[1]!, origin);
  };
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const obj = node as Json;
    const ref = obj['$ref'];
    const m = typeof ref === 'string' ? DEF_REF.exec(ref) : null;
    if (m) {
      const [, other, def] = m as unknown as [string, string, string];
      if (defs[def] === obj) delete defs[def]; // the pointer itself is replaced by the definition
      adopt(readSchema(other), def, `schemas/${other}.schema.json`);
      obj['$ref'] = `#/$defs/${def}`;
      return;
    }
    Object.values(obj).forEach(walk);
  };
  walk(out);
  // A $defs entry that only pointed elsewhere was replaced above; drop the now self-referencing pointer.
  for (const [k, v] of Object.entries(defs)) {
    const entry = v as Json;
    if (entry['$ref'] === `#/$defs/${k}`) delete defs[k];
  }
  return out;
}

export async function generateTypes(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const files = fs
    .readdirSync(path.join(root, 'schemas'))
    .filter((f) => f.endsWith('.schema.json'))
    .sort();
  const index: string[] = [];
  for (const file of files) {
    const name = file.slice(0, -'.schema.json'.length);
    const schema = JSON.parse(fs.readFileSync(path.join(root, 'schemas', file), 'utf8')) as Record<
      string,
      unknown
    >;
    const ts = await compile(bundleDefinitions(schema, file) as never, String(schema['title'] ?? name), {
      bannerComment: `/* Generated from schemas/${file} by build/gen-types.ts. Do not edit; run \`npm run gen:types\`. */`,
      additionalProperties: false,
      unreachableDefinitions: true,
      strictIndexSignatures: true,
      style: { singleQuote: true, printWidth: 110, trailingComma: 'all' },
      cwd: path.join(root, 'schemas'),
      // Cross-schema references use our $id URNs (urn:winre-fix:schema:<name>), resolved to schemas/<name>.schema.json.
      $refOptions: {
        resolve: {
          file: true,
          http: false,
          winreFix: {
            order: 1,
            canRead: /^urn:winre-fix:schema:/,
            // Bundled too: a schema that takes the whole snapshot also gets the disk definitions it borrows.
            read: (file: { url: string }) => {
              const other = file.url.replace(/^urn:winre-fix:schema:/, '').replace(/#.*$/, '');
              return JSON.stringify(bundleDefinitions(readSchema(other), `${other}.schema.json`));
            },
          },
        },
      } as never,
    });
    out.set(`${name}.ts`, ts);
    index.push(
      `export * as ${name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())} from './${name}';`,
    );
  }
  out.set('index.ts', `/* Generated by build/gen-types.ts. Do not edit. */\n${index.join('\n')}\n`);
  return out;
}

/**
 * The step kinds are the step catalogue's (src/domain/steps/catalogue.ts): written into the plan schema's
 * `$defs/stepKind` enum before the types are generated from it (test/contract/step-kinds.test.ts fails when the
 * committed schema differs from the catalogue).
 */
export async function stepKindsIntoPlanSchema(): Promise<string> {
  const file = path.join(root, 'schemas', 'plan.schema.json');
  const schema = readSchema('plan');
  const defs = schema['$defs'] as Json;
  defs['stepKind'] = { ...(defs['stepKind'] as Json), enum: [...STEP_KINDS] };
  const prettier = await import('prettier');
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(JSON.stringify(schema, null, 2), { ...options, filepath: file });
}

async function main(): Promise<void> {
  fs.writeFileSync(path.join(root, 'schemas', 'plan.schema.json'), await stepKindsIntoPlanSchema());
  const files = await generateTypes();
  fs.rmSync(generatedDir, { recursive: true, force: true });
  fs.mkdirSync(generatedDir, { recursive: true });
  for (const [name, content] of files) fs.writeFileSync(path.join(generatedDir, name), content);
  console.log(`gen-types: wrote ${files.size} files to ${path.relative(root, generatedDir)}`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}

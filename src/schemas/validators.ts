/**
 * One ajv instance over every schema in schemas/. Nothing the tool reads from outside its own code
 * (a script's output, a machine file, a journal, a report) is used before it passes here.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readAsset, listAssets } from '../assets';
import { ContractViolationError } from '../errors';

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

/** Schema names are file names without `.schema.json`, e.g. `os-facts`. */
export function schemaNames(): string[] {
  return listAssets('schemas')
    .filter((f) => f.endsWith('.schema.json'))
    .map((f) => f.slice('schemas/'.length, -'.schema.json'.length))
    .sort();
}

export function schemaId(name: string): string {
  return `urn:winre-fix:schema:${name}`;
}

function instance(): Ajv2020 {
  if (ajv) return ajv;
  // strict: an unknown keyword or a type mistake in a schema is a bug we want at startup, not a silent pass.
  const created = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(created);
  for (const name of schemaNames()) {
    const schema = JSON.parse(readAsset(`schemas/${name}.schema.json`)) as { $id?: string };
    if (schema.$id !== schemaId(name)) {
      throw new Error(`schemas/${name}.schema.json must have "$id": "${schemaId(name)}"`);
    }
    created.addSchema(schema);
  }
  ajv = created;
  return created;
}

/** Adds the schemas of another asset folder (tests keep their own bridge-test schemas in test/). */
export function addSchemaFolder(folder: string): void {
  const a = instance();
  for (const file of listAssets(folder).filter((f) => f.endsWith('.schema.json'))) {
    const schema = JSON.parse(readAsset(file)) as { $id?: string };
    if (schema.$id && !a.getSchema(schema.$id)) a.addSchema(schema);
  }
}

export function validatorFor(name: string): ValidateFunction {
  const hit = compiled.get(name);
  if (hit) return hit;
  const fn = instance().getSchema(schemaId(name));
  if (!fn) throw new Error(`No schema named ${name} in schemas/`);
  compiled.set(name, fn);
  return fn;
}

export function describeErrors(
  errors: readonly ErrorObject[] | null | undefined,
): { path: string; message: string }[] {
  return (errors ?? []).map((e) => {
    const extra =
      e.keyword === 'additionalProperties'
        ? ` (${String((e.params as { additionalProperty?: string }).additionalProperty)})`
        : e.keyword === 'enum'
          ? ` (${JSON.stringify((e.params as { allowedValues?: unknown }).allowedValues)})`
          : '';
    return { path: e.instancePath, message: `${e.message ?? e.keyword}${extra}` };
  });
}

/** Validates `value` against schema `name`; returns it typed, or throws ContractViolationError naming `source`. */
export function assertValid<T>(name: string, value: unknown, source: string): T {
  const validate = validatorFor(name);
  if (!validate(value))
    throw new ContractViolationError(source, `schemas/${name}.schema.json`, describeErrors(validate.errors));
  return value as T;
}

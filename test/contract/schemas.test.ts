/**
 * Every schema in schemas/ compiles under ajv's strict mode (an unknown keyword or a type mistake is a bug,
 * not a silent pass) and carries the $id the naming rule gives it: urn:winre-fix:schema:<file name>.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { projectRoot } from '../../src/project-root';
import { schemaId, schemaNames, validatorFor } from '../../src/schemas/validators';

const dir = path.join(projectRoot(), 'schemas');
const files = fs.readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('schemas/', () => {
  it('holds only *.schema.json files, and the envelope is among them', () => {
    expect(files.filter((f) => !f.endsWith('.schema.json'))).toEqual([]);
    expect(schemaNames()).toContain('envelope');
  });

  it.each(files)('%s compiles in strict mode and has the right $id', (file) => {
    const schema = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Record<string, unknown>;
    const name = file.slice(0, -'.schema.json'.length);
    expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(schema['$id']).toBe(schemaId(name));
    expect(schema['$id']).toBe(`urn:winre-fix:schema:${name}`);
    expect(schema['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    // A fresh strict instance per file, with every other schema available for $ref, so each failure names its file.
    const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
    addFormats(ajv);
    for (const other of files.filter((f) => f !== file)) {
      ajv.addSchema(JSON.parse(fs.readFileSync(path.join(dir, other), 'utf8')) as object);
    }
    expect(() => ajv.compile(schema)).not.toThrow();
    // And the tool's own validator registry serves it under its name.
    expect(typeof validatorFor(name)).toBe('function');
  });

  it('strict mode is really on: a schema with an unknown keyword is refused', () => {
    const ajv = new Ajv2020({ strict: true });
    expect(() => ajv.compile({ type: 'object', propertees: {} })).toThrow(/unknown keyword/);
  });
});

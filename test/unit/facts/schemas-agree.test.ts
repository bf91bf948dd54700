/**
 * The fact scripts that emit snapshot pieces as they are (Get-OsFacts -> os, Get-DiskLayout -> disks) must agree
 * with schemas/snapshot.schema.json. The disks are defined ONCE, in get-disk-layout.schema.json, and the snapshot
 * takes them by reference (build/gen-types.ts bundles the definition for the type generator; ajv resolves it);
 * OsFacts is checked field by field.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../../src/project-root';

type Schema = { properties: Record<string, unknown>; required: string[]; $defs: Record<string, unknown> };
const load = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(projectRoot(), 'schemas', `${name}.schema.json`), 'utf8')) as Schema;

describe('fact script schemas agree with the snapshot schema', () => {
  const snapshot = load('snapshot');

  it('get-disk-layout: the snapshot takes its disk definition by reference, with no copy of its parts', () => {
    const layout = load('get-disk-layout');
    expect(snapshot.$defs['DiskFacts']).toMatchObject({
      $ref: 'urn:winre-fix:schema:get-disk-layout#/$defs/DiskFacts',
    });
    for (const part of ['PartitionStyle', 'VolumeFacts', 'PartitionFacts'])
      expect({ part, inSnapshot: snapshot.$defs[part] }).toEqual({ part, inSnapshot: undefined });
    // The small shared formats the snapshot also uses elsewhere stay identical (the bundler refuses otherwise).
    for (const name of ['bracedGuid', 'bytes'])
      expect({ name, def: layout.$defs[name] }).toEqual({ name, def: snapshot.$defs[name] });
  });

  it('get-os-facts: the same fields, all required, as OsFacts', () => {
    const os = load('get-os-facts');
    const osFacts = snapshot.$defs['OsFacts'] as Schema;
    expect(Object.keys(os.properties).sort()).toEqual(Object.keys(osFacts.properties).sort());
    expect([...os.required].sort()).toEqual([...osFacts.required].sort());
  });
});

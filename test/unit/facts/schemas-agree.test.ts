/**
 * The fact scripts that emit snapshot pieces as they are (Get-OsFacts -> os, Get-DiskLayout -> disks) carry copies
 * of the snapshot's definitions in their own schemas (json-schema-to-typescript resolves no cross-file $ref). The
 * copies must not drift from schemas/snapshot.schema.json, the one source of truth.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from '../../../src/project-root';

type Schema = { properties: Record<string, unknown>; required: string[]; $defs: Record<string, unknown> };
const load = (name: string) =>
  JSON.parse(fs.readFileSync(path.join(projectRoot(), 'schemas', `${name}.schema.json`), 'utf8')) as Schema;

describe('fact script schemas agree with the snapshot schema', () => {
  const snapshot = load('snapshot');

  it('get-disk-layout: every definition it shares with the snapshot is identical', () => {
    const layout = load('get-disk-layout');
    for (const name of [
      'bracedGuid',
      'bytes',
      'PartitionStyle',
      'VolumeFacts',
      'PartitionFacts',
      'DiskFacts',
    ]) {
      expect({ name, def: layout.$defs[name] }).toEqual({ name, def: snapshot.$defs[name] });
    }
  });

  it('get-os-facts: the same fields, all required, as OsFacts', () => {
    const os = load('get-os-facts');
    const osFacts = snapshot.$defs['OsFacts'] as Schema;
    expect(Object.keys(os.properties).sort()).toEqual(Object.keys(osFacts.properties).sort());
    expect([...os.required].sort()).toEqual([...osFacts.required].sort());
  });
});

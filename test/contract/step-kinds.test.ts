/**
 * The step kinds have one source: the step catalogue (src/domain/steps/catalogue.ts). `npm run gen:types` writes
 * them into schemas/plan.schema.json ($defs/stepKind), which the journal's step records refer to. This fails when
 * the committed schema is not what the catalogue generates (run `npm run gen:types` and commit the schema and
 * src/contracts/generated/).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { STEP_KINDS } from '../../src/domain/steps/catalogue';
import { projectRoot } from '../../src/project-root';

jest.setTimeout(120_000);

const root = projectRoot();
const read = (name: string): Record<string, unknown> =>
  JSON.parse(fs.readFileSync(path.join(root, 'schemas', `${name}.schema.json`), 'utf8')) as Record<
    string,
    unknown
  >;

describe('step kinds', () => {
  it('the plan schema names exactly the catalogue kinds, in its order', () => {
    const defs = read('plan')['$defs'] as {
      stepKind: { enum: string[] };
      step: { properties: { kind: unknown } };
    };
    expect(defs.stepKind.enum).toEqual(STEP_KINDS);
    expect(defs.step.properties.kind).toEqual({ $ref: '#/$defs/stepKind' });
  });

  it("the journal's step records (steps and roll-back) take their kind from the plan schema", () => {
    const defs = read('journal')['$defs'] as { stepRecord: { properties: { kind: unknown } } };
    expect(defs.stepRecord.properties.kind).toEqual({ $ref: 'urn:winre-fix:schema:plan#/$defs/stepKind' });
  });

  it('schemas/plan.schema.json is byte for byte what `npm run gen:types` writes from the catalogue', () => {
    // In a child Node process: prettier 3 uses dynamic import(), which jest's module sandbox refuses.
    const code =
      "require('./build/gen-types.ts').stepKindsIntoPlanSchema()" +
      '.then((t) => process.stdout.write(t))' +
      '.catch((e) => { console.error(e && e.stack ? e.stack : String(e)); process.exit(1); });';
    const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], {
      cwd: root,
      encoding: 'utf8',
      timeout: 100_000,
    });
    expect(child.stderr).toBe('');
    expect(child.stdout).toBe(fs.readFileSync(path.join(root, 'schemas', 'plan.schema.json'), 'utf8'));
  });
});

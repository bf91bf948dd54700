/**
 * The step catalogue is checked by the compiler: a kind without an entry, an entry without one of its fields, an
 * entry for no kind, or a misspelt step parameter fails `npm run typecheck`. Proved by type-checking the real
 * catalogue files with one piece taken out (in memory, through the TypeScript compiler API with the project's
 * tsconfig): if the `satisfies StepCatalogue` or an entry's type went away, these tests fail.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { STEP_CATALOGUE } from '../../../src/domain/steps/catalogue';
import { projectRoot } from '../../../src/project-root';

jest.setTimeout(120_000);

const root = projectRoot();
const stepsDir = path.join(root, 'src', 'domain', 'steps');
const CATALOGUE = path.join(stepsDir, 'catalogue.ts');
const WINRE = path.join(stepsDir, 'winre.ts');
const PLANTED = path.join(stepsDir, 'planted-by-test.ts');

const parsed = ts.getParsedCommandLineOfConfigFile(
  path.join(root, 'tsconfig.json'),
  {},
  { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => fail(String(d.messageText)) },
);
if (!parsed) throw new Error('tsconfig.json does not parse');
const options: ts.CompilerOptions = { ...parsed.options, noEmit: true, incremental: false };
const cache = new Map<string, ts.SourceFile>();

/** Type-checks `rootFile` with some files' text replaced (or added) in memory; returns the error messages. */
function errors(rootFile: string, replaced: ReadonlyMap<string, string>): string[] {
  const host = ts.createCompilerHost(options, true);
  const read = host.readFile.bind(host);
  const exists = host.fileExists.bind(host);
  host.fileExists = (f) => replaced.has(path.resolve(f)) || exists(f);
  host.readFile = (f) => replaced.get(path.resolve(f)) ?? read(f);
  host.getSourceFile = (f, language) => {
    const text = replaced.get(path.resolve(f));
    if (text !== undefined) return ts.createSourceFile(f, text, language, true);
    let file = cache.get(f);
    if (!file) {
      const content = read(f);
      if (content === undefined) return undefined;
      file = ts.createSourceFile(f, content, language, true);
      cache.set(f, file);
    }
    return file;
  };
  const program = ts.createProgram({ rootNames: [rootFile], options, host });
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

/** The text of `file` without the property `name` of the object literal that initialises `variable`. */
function withoutProperty(file: string, variable: string, name: string): string {
  const text = fs.readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  let cut: { from: number; to: number } | undefined;
  const visit = (node: ts.Node): void => {
    if (
      ts.isVariableDeclaration(node) &&
      node.name.getText(source) === variable &&
      node.initializer &&
      ts.isObjectLiteralExpression(
        ts.isSatisfiesExpression(node.initializer) ? node.initializer.expression : node.initializer,
      )
    ) {
      const init = node.initializer;
      const literal = (ts.isSatisfiesExpression(init) ? init.expression : init) as ts.ObjectLiteralExpression;
      const prop = literal.properties.find((p) => p.name?.getText(source).replace(/'/g, '') === name);
      if (prop) cut = { from: prop.pos, to: text[prop.end] === ',' ? prop.end + 1 : prop.end };
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (!cut) throw new Error(`${file}: no property ${name} in ${variable}`);
  return text.slice(0, cut.from) + text.slice(cut.to);
}

describe('step catalogue, checked by the compiler', () => {
  it('the catalogue as committed type-checks', () => {
    expect(errors(CATALOGUE, new Map())).toEqual([]);
  });

  it.each(Object.keys(STEP_CATALOGUE['enable-winre']))(
    'an entry without its field "%s" does not compile',
    (field) => {
      const found = errors(CATALOGUE, new Map([[WINRE, withoutProperty(WINRE, 'enableWinRe', field)]]));
      expect(found.join('\n')).toMatch(new RegExp(`Property '${field}' is missing`));
    },
  );

  it('a kind without an entry does not compile', () => {
    const found = errors(
      CATALOGUE,
      new Map([[CATALOGUE, withoutProperty(CATALOGUE, 'STEP_CATALOGUE', 'enable-winre')]]),
    );
    expect(found.join('\n')).toMatch(
      /Property '"enable-winre"' is missing in type .* but required in type 'StepCatalogue'/,
    );
  });

  it('an entry for a kind that does not exist does not compile', () => {
    const text = fs
      .readFileSync(CATALOGUE, 'utf8')
      .replace(
        "  'resume-bitlocker': resumeBitLocker,\n",
        "  'resume-bitlocker': resumeBitLocker,\n  'grow-winre': enableWinRe,\n",
      );
    expect(text).toContain("'grow-winre'");
    expect(errors(CATALOGUE, new Map([[CATALOGUE, text]])).join('\n')).toMatch(
      /''grow-winre'' does not exist in type 'StepCatalogue'/,
    );
  });

  it('a misspelt step parameter does not compile (it used to read as NaN at run time)', () => {
    const planted = [
      "import { makeStep } from './catalogue';",
      "const context = { purpose: 'fix', shrinkOsBy: 0, createsPartition: true } as const;",
      "export const ok = makeStep('enable-winre', 1, { diskUniqueId: 'D', partitionOffset: 1, imageSha256: '' }, context);",
      "export const typo = makeStep('enable-winre', 2, { diskUniqueId: 'D', partitionOfset: 1, imageSha256: '' }, context);",
      '',
    ].join('\n');
    const found = errors(PLANTED, new Map([[PLANTED, planted]]));
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/'partitionOfset' does not exist/);
  });
});

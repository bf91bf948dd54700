import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  assetRoots,
  BASE_ROOTS,
  collectAssetKeys,
  exeAssetKeys,
  literalRoots,
} from '../../../build/exe/asset-keys';
import { projectRoot } from '../../../src/project-root';

const root = projectRoot();

describe('exe asset keys', () => {
  it('finds the roots the source names literally (packaging is only reached that way)', () => {
    expect(literalRoots(path.join(root, 'src'))).toContain('packaging');
    expect(assetRoots(root)).toEqual(expect.arrayContaining([...BASE_ROOTS, 'packaging']));
  });

  it('lists every file under the roots with forward-slash keys, sorted, and nothing from tests', () => {
    const keys = collectAssetKeys(root, assetRoots(root));
    expect(keys).toEqual([...keys].sort());
    expect(keys).toContain('package.json');
    expect(keys).toContain('packaging/ps/Common.ps1');
    for (const key of keys) {
      expect(key).not.toMatch(/\\|^test\//);
      expect(fs.statSync(path.join(root, ...key.split('/'))).isFile()).toBe(true);
    }
  });

  it('covers every literal readAsset() path in src', () => {
    const keys = new Set(collectAssetKeys(root, assetRoots(root)));
    const literal = /\breadAsset\(\s*'([^'$]+)'\s*\)/g;
    const walk = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const full = path.join(dir, e.name);
        return e.isDirectory() ? walk(full) : e.name.endsWith('.ts') ? [full] : [];
      });
    const used = walk(path.join(root, 'src')).flatMap((f) =>
      [...fs.readFileSync(f, 'utf8').matchAll(literal)].map((m) => m[1] as string),
    );
    expect(used.length).toBeGreaterThan(0);
    for (const key of used) expect(keys.has(key)).toBe(true);
  });

  it('leaves the simulator out of a production exe and puts it in a test build (--with-simulator)', () => {
    const all = collectAssetKeys(root, assetRoots(root));
    const production = exeAssetKeys(root, { withSimulator: false });
    const test = exeAssetKeys(root, { withSimulator: true });
    expect(test).toEqual(all);
    expect(all).toContain('simulator/00-Machine.ps1');
    expect(all).toContain('simulator/machines/builtin-en-US.json');
    expect(production.filter((k) => k.startsWith('simulator/'))).toEqual([]);
    // Nothing else is lost: the production keys are exactly the others.
    expect(production).toEqual(all.filter((k) => !k.startsWith('simulator/')));
    expect(production).toContain('ps-scripts/lib/Bridge.ps1');
  });
});

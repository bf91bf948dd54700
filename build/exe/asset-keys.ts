/**
 * Which files the single executable embeds. src/assets.ts reads files by a key relative to the project root
 * (`schemas/envelope.schema.json`); in the exe the same key is a Node SEA asset, and `asset-manifest.json` lists
 * every key so that `listAssets` works there too. The roots are the folders the source names in its
 * `readAsset(...)` / `listAssets(...)` calls plus the ones it reaches through variables (BASE_ROOTS), so a new
 * asset folder is picked up without editing this file as long as it is named literally somewhere.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The manifest's own key (src/assets.ts reads it by this name). */
export const MANIFEST_KEY = 'asset-manifest.json';

/**
 * Roots the code reaches through a variable, not a literal: script-runner.ts defaults its folder to `ps-scripts`,
 * validators.ts lists `schemas`, simulator-library.ts lists `simulator`, version.ts reads `package.json`.
 */
export const BASE_ROOTS: readonly string[] = ['package.json', 'ps-scripts', 'schemas', 'simulator'];

/** Roots named literally as the first argument of readAsset/listAssets anywhere under `srcDir`. */
export function literalRoots(srcDir: string): string[] {
  const found = new Set<string>();
  const call = /\b(?:readAsset|listAssets)\(\s*['"`]([A-Za-z0-9._-]+)(?=[/'"`])/g;
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        for (const m of fs.readFileSync(full, 'utf8').matchAll(call)) {
          if (m[1] && !m[1].startsWith('$')) found.add(m[1]);
        }
      }
    }
  };
  walk(srcDir);
  return [...found].sort();
}

/** Every asset key (forward slashes, sorted) under the roots that exist in `projectDir`. */
export function collectAssetKeys(projectDir: string, roots: readonly string[]): string[] {
  const keys: string[] = [];
  const walk = (rel: string): void => {
    const full = path.join(projectDir, ...rel.split('/'));
    const stat = fs.statSync(full);
    if (stat.isFile()) {
      keys.push(rel);
      return;
    }
    for (const entry of fs.readdirSync(full, { withFileTypes: true })) walk(`${rel}/${entry.name}`);
  };
  for (const root of new Set(roots)) {
    if (fs.existsSync(path.join(projectDir, root))) walk(root);
  }
  return keys.sort();
}

/** The roots for this project: the fixed ones plus those the source names. */
export function assetRoots(projectDir: string): string[] {
  return [...new Set([...BASE_ROOTS, ...literalRoots(path.join(projectDir, 'src'))])].sort();
}

/** The folder of the simulated Windows PC (simulator/*.ps1 and the built-in machines): test builds only. */
export const SIMULATOR_ROOT = 'simulator';

/**
 * The keys an exe embeds. A production exe leaves the simulator out (it never runs against a simulated PC, and
 * thousands of lines of fake Windows commands have no business on a real one); `withSimulator` is for a test build.
 */
export function exeAssetKeys(projectDir: string, options: { withSimulator: boolean }): string[] {
  const keys = collectAssetKeys(projectDir, assetRoots(projectDir));
  return options.withSimulator ? keys : keys.filter((k) => !k.startsWith(`${SIMULATOR_ROOT}/`));
}

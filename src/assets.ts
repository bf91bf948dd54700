/**
 * Read-only files the tool ships: ps-scripts/*.ps1, schemas/*.json, the simulator and the built-in machine.
 * From the package folder in development, from the single-executable's embedded assets in the Windows build
 * (build/build-exe.ts registers every file under the same relative path as its key).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from './project-root';

interface SeaModule {
  getAssetKeys?(): string[];
  isSea(): boolean;
  getAsset(key: string, encoding: string): string;
}

function seaModule(): SeaModule | undefined {
  try {
    // node:sea exists from Node 20.12; require it lazily so tests and older runtimes are unaffected.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sea = require('node:sea') as SeaModule;
    return sea.isSea() ? sea : undefined;
  } catch {
    return undefined;
  }
}

const cache = new Map<string, string>();

/** `relativePath` uses forward slashes from the project root, e.g. `ps-scripts/Get-OsFacts.ps1`. */
export function readAsset(relativePath: string): string {
  const hit = cache.get(relativePath);
  if (hit !== undefined) return hit;
  const sea = seaModule();
  const text = sea
    ? sea.getAsset(relativePath, 'utf8')
    : fs.readFileSync(path.join(projectRoot(), ...relativePath.split('/')), 'utf8');
  cache.set(relativePath, text);
  return text;
}

/**
 * Files under a folder of the package (relative keys, forward slashes, sorted). In the single executable the
 * list comes from the `asset-manifest.json` asset that the build writes.
 */
export function listAssets(folder: string): string[] {
  const sea = seaModule();
  if (sea) {
    const manifest = JSON.parse(sea.getAsset('asset-manifest.json', 'utf8')) as string[];
    return manifest.filter((k) => k.startsWith(`${folder}/`)).sort();
  }
  const root = projectRoot();
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk(folder);
  return out.sort();
}

